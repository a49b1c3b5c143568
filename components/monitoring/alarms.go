package monitoring

import (
	"fmt"
	"strings"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newAlarms creates one alarm per rule of every subject of every tier. An
// alarm's logical name is "<name>-<tier>-<key>-<metric>" (or the rule's own
// name in place of the metric): it depends on
// nothing else, so adding tiers or targets never renames an existing alarm.
// Every alarm notifies the topic when it fires and when it recovers.
func (m *Monitoring) newAlarms(ctx *pulumi.Context, name string, tiers []tier, topic pulumi.StringOutput, tags map[string]string) error {
	for _, t := range tiers {
		for _, s := range t.subjects {
			for _, r := range s.rules {
				alarm := fmt.Sprintf("%s-%s-%s-%s", name, t.name, s.key, r.alarmName())
				statistic, percentile := r.statistics()
				_, err := cloudwatch.NewMetricAlarm(ctx, alarm, &cloudwatch.MetricAlarmArgs{
					AlarmDescription:   pulumi.String(fmt.Sprintf("[%s %s] %s", t.name, s.key, r.action)),
					Namespace:          pulumi.String(r.namespaceIn(t)),
					MetricName:         pulumi.String(r.metric),
					Dimensions:         s.dimensions,
					Statistic:          statistic,
					ExtendedStatistic:  percentile,
					ComparisonOperator: pulumi.String(r.comparison),
					Threshold:          pulumi.Float64(r.threshold),
					Period:             pulumi.Int(r.period),
					EvaluationPeriods:  pulumi.Int(r.evaluate),
					DatapointsToAlarm:  pulumi.Int(r.breaching),
					TreatMissingData:   pulumi.String(r.missing),
					ActionsEnabled:     pulumi.Bool(true),
					AlarmActions:       pulumi.Array{topic},
					OkActions:          pulumi.Array{topic},
					Tags:               tagging.Named(alarm, tags),
				}, pulumi.Parent(m))
				if err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// statistics splits the rule's statistic into CloudWatch's two fields: a
// plain statistic, or an extended (percentile) one such as "p95".
func (r rule) statistics() (statistic, percentile pulumi.StringPtrInput) {
	if strings.HasPrefix(r.statistic, "p") { // p95, p99.9
		return nil, pulumi.String(r.statistic)
	}
	return pulumi.String(r.statistic), nil
}
