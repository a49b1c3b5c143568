package budget_test

import (
	"testing"

	"github.com/millionstack/millionstack/components/budget"
	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Type tokens of what a Budget registers.
const (
	componentType = "millionstack:budget:Budget"
	budgetType    = "aws:budgets/budget:Budget"
)

// name is the component name every test uses.
const name = "spend"

// record runs program under the recording mocks in the stack "dev".
func record(program pulumi.RunFunc) (*millionstacktest.Inventory, error) {
	return millionstacktest.Record(program, millionstacktest.Options{Stack: "dev"})
}

// run records a Budget built from args and returns the inventory, the
// budget resource and the component's resolved Name output.
func run(t *testing.T, args budget.BudgetArgs) (*millionstacktest.Inventory, millionstacktest.Resource, string) {
	t.Helper()
	got := make(chan string, 1)
	inv, err := record(func(ctx *pulumi.Context) error {
		b, err := budget.NewBudget(ctx, name, args)
		if err != nil {
			return err
		}
		b.Name.ApplyT(func(n string) error { got <- n; return nil })
		return nil
	})
	require.NoError(t, err)
	r := millionstacktest.Named(t, inv, budgetType, name)
	return inv, r, <-got
}

func TestMonthlyCostBudgetWithDefaultThresholds(t *testing.T) {
	inv, b, out := run(t, budget.BudgetArgs{MonthlyLimitUSD: 12.5, AlertEmails: []string{"ops@example.com"}, Tags: map[string]string{"team": "platform"}})

	component := millionstacktest.Named(t, inv, componentType, name)
	assert.Equal(t, component.URN, b.Parent)
	assert.Equal(t, "COST", b.String("budgetType"))
	assert.Equal(t, "MONTHLY", b.String("timeUnit"))
	assert.Equal(t, "12.50", b.String("limitAmount"), "two decimals")
	assert.Equal(t, "USD", b.String("limitUnit"))
	assert.Equal(t, "spend", b.String("tags.Name"))
	assert.Equal(t, "platform", b.String("tags.team"))
	assert.Equal(t, "spend", out)

	notifications, _ := b.Input("notifications")
	assert.Equal(t, []interface{}{
		map[string]interface{}{
			"notificationType": "ACTUAL", "comparisonOperator": "GREATER_THAN", "threshold": 80.0, "thresholdType": "PERCENTAGE",
			"subscriberEmailAddresses": []interface{}{"ops@example.com"},
		},
		map[string]interface{}{
			"notificationType": "FORECASTED", "comparisonOperator": "GREATER_THAN", "threshold": 100.0, "thresholdType": "PERCENTAGE",
			"subscriberEmailAddresses": []interface{}{"ops@example.com"},
		},
	}, notifications)
}

func TestThresholdOverridesAndTopic(t *testing.T) {
	_, b, _ := run(t, budget.BudgetArgs{
		MonthlyLimitUSD: 1000, AlertTopicARN: pulumi.String("arn:aws:sns:us-east-1:123456789012:alarms"),
		ActualThresholdPercent: 50, ForecastThresholdPercent: 120,
	})
	assert.Equal(t, "1000.00", b.String("limitAmount"))
	assert.Equal(t, "50", b.String("notifications[0].threshold"))
	assert.Equal(t, "120", b.String("notifications[1].threshold"))
	for _, i := range []string{"0", "1"} {
		topics, _ := b.Input("notifications[" + i + "].subscriberSnsTopicArns")
		assert.Equal(t, []interface{}{"arn:aws:sns:us-east-1:123456789012:alarms"}, topics)
	}
}

func TestAlertsGoToTheMonitoringTopic(t *testing.T) {
	inv, err := record(func(ctx *pulumi.Context) error {
		m, err := monitoring.NewMonitoring(ctx, "app", monitoring.MonitoringArgs{})
		if err != nil {
			return err
		}
		_, err = budget.NewBudget(ctx, name, budget.BudgetArgs{MonthlyLimitUSD: 100, AlertTopicARN: m.TopicARN})
		return err
	})
	require.NoError(t, err)
	b := millionstacktest.Named(t, inv, budgetType, name)
	assert.Equal(t, "arn:aws:sns:us-east-1:123456789012:topic/app-alarms", b.String("notifications[0].subscriberSnsTopicArns[0]"))
	assert.Contains(t, b.Dependencies, "urn:pulumi:dev::millionstack::millionstack:monitoring:Monitoring$aws:sns/topic:Topic::app-alarms")
}

func TestValidation(t *testing.T) {
	emails := []string{"ops@example.com"}
	cases := map[string]struct {
		args budget.BudgetArgs
		want []string
	}{
		"no limit":        {budget.BudgetArgs{AlertEmails: emails}, []string{"MonthlyLimitUSD: 0 must be more than 0"}},
		"negative limit":  {budget.BudgetArgs{MonthlyLimitUSD: -5, AlertEmails: emails}, []string{"MonthlyLimitUSD: -5 must be more than 0"}},
		"no alert target": {budget.BudgetArgs{MonthlyLimitUSD: 10}, []string{"AlertTopicARN: no alert target"}},
		"bad e-mail": {budget.BudgetArgs{MonthlyLimitUSD: 10, AlertEmails: []string{"ops@example.com", "not-an-address"}},
			[]string{`AlertEmails[1]: "not-an-address" is not an e-mail address`}},
		"too many e-mails": {budget.BudgetArgs{MonthlyLimitUSD: 10, AlertEmails: []string{
			"a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com", "f@example.com",
			"g@example.com", "h@example.com", "i@example.com", "j@example.com", "k@example.com",
		}}, []string{"AlertEmails: 11 addresses; allowed: at most 10"}},
		"thresholds too low": {budget.BudgetArgs{MonthlyLimitUSD: 10, AlertEmails: emails, ActualThresholdPercent: 0.5, ForecastThresholdPercent: -1},
			[]string{"ActualThresholdPercent: 0.5 is out of range; allowed: 1 to 1000", "ForecastThresholdPercent: -1 is out of range"}},
		"thresholds too high": {budget.BudgetArgs{MonthlyLimitUSD: 10, AlertEmails: emails, ActualThresholdPercent: 1001, ForecastThresholdPercent: 5000},
			[]string{"ActualThresholdPercent: 1001 is out of range", "ForecastThresholdPercent: 5000 is out of range"}},
	}
	for label, c := range cases {
		t.Run(label, func(t *testing.T) {
			inv, err := record(func(ctx *pulumi.Context) error {
				_, err := budget.NewBudget(ctx, name, c.args)
				return err
			})
			require.Error(t, err)
			for _, want := range c.want {
				assert.Contains(t, err.Error(), `budget "spend": `+want)
			}
			millionstacktest.NothingRegistered(t, inv)
		})
	}
}

// A topic of the user's is taken by ARN, of SNS; the budget is exposed.
func TestAlertTopicOfTheUsers(t *testing.T) {
	var b *budget.Budget
	millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		var err error
		b, err = budget.NewBudget(ctx, "budget", budget.BudgetArgs{MonthlyLimitUSD: 50, AlertTopicARN: pulumi.String("arn:aws:sns:eu-west-1:123456789012:billing")})
		return err
	}, millionstacktest.Options{})
	require.NotNil(t, b.Budget)

	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := budget.NewBudget(ctx, "budget", budget.BudgetArgs{MonthlyLimitUSD: 50, AlertTopicARN: pulumi.String("arn:aws:sqs:us-east-1:123456789012:billing")})
		return err
	}, millionstacktest.Options{})
	millionstacktest.Rejected(t, inv, err, `budget "budget": AlertTopicARN: "arn:aws:sqs:us-east-1:123456789012:billing" is not the ARN of an SNS topic`)
}
