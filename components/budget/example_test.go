package budget_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/budget"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A monthly budget of $200 that alerts your on-call topic at 80% of the
// actual spend and when the forecast passes the limit.
func Example() {
	program := func(ctx *pulumi.Context) error {
		_, err := budget.NewBudget(ctx, "budget", budget.BudgetArgs{
			MonthlyLimitUSD: 200,
			AlertTopicARN:   pulumi.String("arn:aws:sns:us-east-1:123456789012:on-call"),
		})
		return err
	}
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := inv.Named("aws:budgets/budget:Budget", "budget")
	fmt.Println(b.String("limitAmount"), b.String("limitUnit"))
	for i := 0; i < 2; i++ {
		prefix := fmt.Sprintf("notifications[%d].", i)
		fmt.Println(b.String(prefix+"notificationType"), b.String(prefix+"threshold")+"%", b.String(prefix+"subscriberSnsTopicArns[0]"))
	}
	// Output:
	// 200.00 USD
	// ACTUAL 80% arn:aws:sns:us-east-1:123456789012:on-call
	// FORECASTED 100% arn:aws:sns:us-east-1:123456789012:on-call
}
