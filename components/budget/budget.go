// Package budget puts a monthly AWS cost budget on the account, with alerts
// when actual spend nears the limit and when the forecast passes it, so a
// stage that outgrows its budget is noticed within days, not at the invoice.
package budget

import (
	"errors"
	"fmt"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/budgets"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// BudgetType is the Budget component's type token.
const BudgetType = "millionstack:budget:Budget"

// Budget is a monthly cost budget and its two notifications.
//
// Budget (the child) is the escape hatch: read its outputs or depend on
// it. To change an input the component sets, give NewBudget a transform,
// which the engine applies to the children as they register:
//
//	pulumi.Transforms([]pulumi.ResourceTransform{func(_ context.Context, r *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult { ... }})
type Budget struct {
	pulumi.ResourceState

	// Name is the budget's name in AWS Budgets.
	Name pulumi.StringOutput `pulumi:"name"`

	// Budget is the AWS Budgets budget `<name>`.
	Budget *budgets.Budget
}

// NewBudget creates the budget. It registers nothing when args are invalid.
func NewBudget(ctx *pulumi.Context, name string, args BudgetArgs, opts ...pulumi.ResourceOption) (*Budget, error) {
	args = args.WithDefaults()
	if err := errors.Join(validate.ComponentName("budget", name), args.validate(name)); err != nil {
		return nil, err
	}
	b := &Budget{}
	if err := ctx.RegisterComponentResource(BudgetType, name, b, opts...); err != nil {
		return nil, err
	}

	budget, err := budgets.NewBudget(ctx, name, &budgets.BudgetArgs{
		BudgetType:  pulumi.String("COST"),
		TimeUnit:    pulumi.String("MONTHLY"),
		LimitAmount: pulumi.String(fmt.Sprintf("%.2f", args.MonthlyLimitUSD)),
		LimitUnit:   pulumi.String("USD"),
		Notifications: budgets.BudgetNotificationArray{
			notification("ACTUAL", args.ActualThresholdPercent, args),
			notification("FORECASTED", args.ForecastThresholdPercent, args),
		},
		Tags: tagging.Named(name, args.Tags),
	}, pulumi.Parent(b))
	if err != nil {
		return nil, err
	}
	b.Name, b.Budget = budget.Name, budget

	return b, ctx.RegisterResourceOutputs(b, pulumi.Map{"name": b.Name})
}

// notification alerts the topic and e-mails when the month's ACTUAL or
// FORECASTED cost passes percent of the limit.
func notification(kind string, percent float64, args BudgetArgs) budgets.BudgetNotificationArgs {
	n := budgets.BudgetNotificationArgs{
		NotificationType:         pulumi.String(kind),
		ComparisonOperator:       pulumi.String("GREATER_THAN"),
		Threshold:                pulumi.Float64(percent),
		ThresholdType:            pulumi.String("PERCENTAGE"),
		SubscriberEmailAddresses: pulumi.ToStringArray(args.AlertEmails),
	}
	if args.AlertTopicARN != nil {
		n.SubscriberSnsTopicArns = pulumi.StringArray{args.AlertTopicARN}
	}
	return n
}
