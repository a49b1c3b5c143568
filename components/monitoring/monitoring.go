// Package monitoring watches a millionstack deployment: CloudWatch alarms for
// every tier a stage has, an encrypted SNS topic they notify, and optionally
// a dashboard, an X-Ray sampling rule and a CloudTrail audit trail.
//
// Stage 100 watches a host and a database; by stage 1m the same component
// watches load balancers, auto scaling groups, caches, queues, functions and
// tables. Alarms are named by target key and metric only, so growing a stage
// adds alarms and never replaces one.
package monitoring

import (
	"errors"
	"github.com/millionstack/millionstack/internal/naming"
	"regexp"

	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudtrail"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// MonitoringType is the Monitoring component's type token.
const MonitoringType = "millionstack:monitoring:Monitoring"

// Monitoring is the alarm topic and everything that reports to it.
//
// The exported children are the escape hatch: read their outputs or
// depend on them. To change an input the component sets, give NewMonitoring
// a transform, which the engine applies to the children as they register:
//
//	pulumi.Transforms([]pulumi.ResourceTransform{func(_ context.Context, r *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult { ... }})
type Monitoring struct {
	pulumi.ResourceState

	// TopicARN is the alarm topic (ExistingTopicARN when given); pass it to
	// budget.BudgetArgs.AlertTopicARN so that cost alerts reach the same
	// people.
	TopicARN pulumi.StringOutput `pulumi:"topicArn"`
	// DashboardName is the CloudWatch dashboard's name, "" when Dashboard is off.
	DashboardName pulumi.StringOutput `pulumi:"dashboardName"`
	// TrailARN is the CloudTrail trail's ARN, "" when AuditTrail is off.
	TrailARN pulumi.StringOutput `pulumi:"trailArn"`

	// Topic is the alarm topic `<name>-alarms`; nil with ExistingTopicARN.
	Topic *sns.Topic
	// TopicKey is the topic's KMS key `<name>-alarms`; nil with
	// ExistingTopicARN or ExistingKMSKeyARN.
	TopicKey *kms.Key
	// Dashboard is the CloudWatch dashboard; nil when Dashboard is off.
	Dashboard *cloudwatch.Dashboard
	// Trail is the CloudTrail trail; nil when AuditTrail is off.
	Trail *cloudtrail.Trail
}

// NewMonitoring creates the alarm topic, an alarm per rule and target, and
// the optional dashboard, sampling rule and audit trail. It registers
// nothing when args are invalid.
func NewMonitoring(ctx *pulumi.Context, name string, args MonitoringArgs, opts ...pulumi.ResourceOption) (*Monitoring, error) {
	args = args.WithDefaults()
	region, err := awsprovider.RegionIf(args.needsRegion(), ctx, opts...)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(validate.ComponentName("monitoring", name), args.validate(name, region)); err != nil {
		return nil, err
	}
	m := &Monitoring{}
	if err := ctx.RegisterComponentResource(MonitoringType, name, m, opts...); err != nil {
		return nil, err
	}
	acct, err := awsprovider.Where(ctx, pulumi.Parent(m))
	if err != nil {
		return nil, err
	}

	var topicARN pulumi.StringOutput
	if args.ExistingTopicARN != nil {
		topicARN = args.ExistingTopicARN.ToStringOutput()
	} else {
		if m.Topic, err = m.newAlarmTopic(ctx, name, args, acct); err != nil {
			return nil, err
		}
		topicARN = m.Topic.Arn
	}
	m.TopicARN = topicARN

	tiers := tiersOf(args)
	if err := m.newAlarms(ctx, name, tiers, topicARN, args.Tags); err != nil {
		return nil, err
	}

	m.DashboardName = pulumi.String("").ToStringOutput()
	if args.Dashboard {
		if m.Dashboard, err = m.newDashboard(ctx, name, tiers, acct); err != nil {
			return nil, err
		}
		m.DashboardName = m.Dashboard.DashboardName
	}

	if args.Tracing {
		if err := m.newSamplingRule(ctx, name, args.Tags); err != nil {
			return nil, err
		}
	}

	if args.RotationFailures {
		if err := m.newRotationFailureRule(ctx, name, topicARN, args.Tags); err != nil {
			return nil, err
		}
	}

	m.TrailARN = pulumi.String("").ToStringOutput()
	if args.AuditTrail {
		if m.Trail, err = m.newAuditTrail(ctx, name, args, acct); err != nil {
			return nil, err
		}
		m.TrailARN = m.Trail.Arn
	}

	return m, ctx.RegisterResourceOutputs(m, pulumi.Map{
		"topicArn":      m.TopicARN,
		"dashboardName": m.DashboardName,
		"trailArn":      m.TrailARN,
	})
}

// unsafeNameChars are the characters some AWS names refuse (dashboards take
// letters, digits, "-" and "_" only); separatorRuns are what CloudTrail
// refuses among those ("a-_b", "a--b").
var (
	unsafeNameChars = regexp.MustCompile(`[^A-Za-z0-9_-]`)
	separatorRuns   = regexp.MustCompile(`[-_]{2,}`)
)

// physicalName is the AWS name of a child that must be named explicitly
// (dashboard, sampling rule, trail): "<name>-<stack>", unique per stack in a
// shared account, made of safe characters and at most max long. A longer
// name keeps its start and ends in a hash of the whole (naming.Fit), so it
// stays unique.
func physicalName(ctx *pulumi.Context, name string, max int) string {
	return naming.Fit(separatorRuns.ReplaceAllString(unsafeNameChars.ReplaceAllString(name+"-"+ctx.Stack(), "-"), "-"), max)
}
