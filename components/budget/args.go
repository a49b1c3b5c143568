package budget

import (
	"errors"
	"fmt"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// BudgetArgs sets the monthly cost limit and who hears about it.
type BudgetArgs struct {
	// MonthlyLimitUSD is the monthly cost, in US dollars, the alerts are
	// measured against. Required, more than 0; sent with 2 decimals.
	MonthlyLimitUSD float64
	// AlertTopicARN is an SNS topic that receives the alerts, such as
	// monitoring.Monitoring.TopicARN (whose key and policy admit AWS
	// Budgets), or a topic of your own whose access policy lets
	// budgets.amazonaws.com publish (and, encrypted with a customer-managed
	// key, whose key lets it use the key: AWS Budgets user guide, "Creating
	// an Amazon SNS topic for budget notifications"). Default: nil. Set it,
	// AlertEmails, or both. Allowed: the ARN of an SNS topic.
	AlertTopicARN pulumi.StringInput
	// AlertEmails receive the alerts directly; at most 10 (the AWS Budgets
	// limit). Default: none.
	AlertEmails []string
	// ActualThresholdPercent alerts when the month's actual cost passes this
	// share of the limit. Default: 80 (when 0); 1 to 1000.
	ActualThresholdPercent float64
	// ForecastThresholdPercent alerts when the month's forecast cost passes
	// this share of the limit, before the money is spent. Default: 100
	// (when 0); 1 to 1000.
	ForecastThresholdPercent float64
	// Tags are applied to the budget, together with Name. Default: none.
	Tags map[string]string
}

const (
	defaultActualThresholdPercent   = 80
	defaultForecastThresholdPercent = 100
	// maxEmailSubscribers is how many e-mail subscribers AWS Budgets allows
	// per notification.
	maxEmailSubscribers = 10
)

// WithDefaults returns a copy of a with every documented default applied.
func (a BudgetArgs) WithDefaults() BudgetArgs {
	if a.ActualThresholdPercent == 0 {
		a.ActualThresholdPercent = defaultActualThresholdPercent
	}
	if a.ForecastThresholdPercent == 0 {
		a.ForecastThresholdPercent = defaultForecastThresholdPercent
	}
	return a
}

// validate reports every problem in a (after WithDefaults) at once.
func (a BudgetArgs) validate(name string) error {
	p := validate.For("budget", name)
	p.Allows("MonthlyLimitUSD", "more than 0").
		RefuseIf(!(a.MonthlyLimitUSD > 0), "%v must be more than 0", a.MonthlyLimitUSD)
	p.Allows("AlertTopicARN", "required unless AlertEmails are given").
		RefuseIf(a.AlertTopicARN == nil && len(a.AlertEmails) == 0, "no alert target; set AlertTopicARN, AlertEmails or both")
	// Its shape only: AWS Budgets states no rule on the topic's region.
	p.TopicARN("AlertTopicARN", a.AlertTopicARN, validate.AnyRegion)
	p.Allows("AlertEmails", fmt.Sprintf("at most %d addresses", maxEmailSubscribers)).
		RefuseIf(len(a.AlertEmails) > maxEmailSubscribers, "%d addresses", len(a.AlertEmails))
	for i, email := range a.AlertEmails {
		p.Email(fmt.Sprintf("AlertEmails[%d]", i), email)
	}
	percentRange(p, "ActualThresholdPercent", a.ActualThresholdPercent)
	percentRange(p, "ForecastThresholdPercent", a.ForecastThresholdPercent)
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// percentRange checks a threshold percentage: 1 to 1000.
func percentRange(p *validate.Problems, field string, v float64) {
	p.Allows(field, "1 to 1000").RefuseIf(!(v >= 1 && v <= 1000), "%v is out of range", v)
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewBudget would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a BudgetArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("budget", name), a.WithDefaults().validate(name))
}
