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
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Monitoring is the alarm topic and everything that reports to it.
type Monitoring struct {
	pulumi.ResourceState

	// TopicARN is the alarm topic; pass it to budget.BudgetArgs.AlertTopicARN
	// so that cost alerts reach the same people.
	TopicARN pulumi.StringOutput
	// DashboardName is the CloudWatch dashboard's name, "" when Dashboard is off.
	DashboardName pulumi.StringOutput
	// TrailARN is the CloudTrail trail's ARN, "" when AuditTrail is off.
	TrailARN pulumi.StringOutput
}

// NewMonitoring creates the alarm topic, an alarm per rule and target, and
// the optional dashboard, sampling rule and audit trail. It registers
// nothing when args are invalid.
func NewMonitoring(ctx *pulumi.Context, name string, args MonitoringArgs, opts ...pulumi.ResourceOption) (*Monitoring, error) {
	args = args.withDefaults()
	if err := errors.Join(validate.ComponentName("monitoring", name), args.validate()); err != nil {
		return nil, err
	}
	m := &Monitoring{}
	if err := ctx.RegisterComponentResource("millionstack:monitoring:Monitoring", name, m, opts...); err != nil {
		return nil, err
	}
	acct, err := lookupAccount(ctx, m)
	if err != nil {
		return nil, err
	}

	topic, err := m.newAlarmTopic(ctx, name, args, acct)
	if err != nil {
		return nil, err
	}
	m.TopicARN = topic.Arn

	tiers := tiersOf(args)
	if err := m.newAlarms(ctx, name, tiers, topic.Arn, args.Tags); err != nil {
		return nil, err
	}

	m.DashboardName = pulumi.String("").ToStringOutput()
	if args.Dashboard {
		dashboard, err := m.newDashboard(ctx, name, tiers, acct)
		if err != nil {
			return nil, err
		}
		m.DashboardName = dashboard.DashboardName
	}

	if args.Tracing {
		if err := m.newSamplingRule(ctx, name, args.Tags); err != nil {
			return nil, err
		}
	}

	m.TrailARN = pulumi.String("").ToStringOutput()
	if args.AuditTrail {
		trail, err := m.newAuditTrail(ctx, name, args, acct)
		if err != nil {
			return nil, err
		}
		m.TrailARN = trail.Arn
	}

	return m, ctx.RegisterResourceOutputs(m, pulumi.Map{
		"topicArn":      m.TopicARN,
		"dashboardName": m.DashboardName,
		"trailArn":      m.TrailARN,
	})
}

// lookupAccount asks the component's provider where it deploys.
func lookupAccount(ctx *pulumi.Context, m *Monitoring) (account, error) {
	parent := pulumi.Parent(m)
	identity, err := aws.GetCallerIdentity(ctx, nil, parent)
	if err != nil {
		return account{}, err
	}
	partition, err := aws.GetPartition(ctx, nil, parent)
	if err != nil {
		return account{}, err
	}
	region, err := aws.GetRegion(ctx, nil, parent)
	if err != nil {
		return account{}, err
	}
	return account{ID: identity.AccountId, Partition: partition.Partition, Region: region.Name}, nil
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
// name keeps its start and ends in a hash of the whole, so it stays unique.
func physicalName(ctx *pulumi.Context, name string, max int) string {
	full := separatorRuns.ReplaceAllString(unsafeNameChars.ReplaceAllString(name+"-"+ctx.Stack(), "-"), "-")
	if len(full) <= max {
		return full
	}
	sum := sha256.Sum256([]byte(full))
	hash := hex.EncodeToString(sum[:4])
	return full[:max-len(hash)-1] + "-" + hash
}
