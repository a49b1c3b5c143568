package monitoring

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ServiceTarget is a container service (container.Service.AlarmTarget):
// the alarms it says it should have, each created as it asks.
type ServiceTarget struct {
	// Alarms are the service's alarms, by Key. Required, at least one.
	Alarms []Alarm
}

// Alarm is a CloudWatch alarm a component asks for, in the shape of
// cloudwatch.MetricAlarmArgs: Monitoring creates one metric alarm per
// Alarm, named after Key (container.Service asks for its CPU, memory and
// running tasks this way). An alarm watches a metric of the region it is
// created in: give a component's alarms to the monitoring of its region.
type Alarm struct {
	// Key names the alarm within its target: "cpu", "memory",
	// "running-tasks". Lower-case words joined by hyphens, once per target.
	Key string
	// Namespace, MetricName and Dimensions say which metric. Required.
	Namespace  string
	MetricName string
	Dimensions pulumi.StringMap
	// Statistic aggregates each period: "Average", "Minimum", ...
	Statistic string
	// ComparisonOperator and Threshold say when a period breaches.
	ComparisonOperator string
	Threshold          float64
	// PeriodSeconds per datapoint; the alarm fires when DatapointsToAlarm
	// of the last EvaluationPeriods datapoints breach.
	PeriodSeconds     int
	EvaluationPeriods int
	DatapointsToAlarm int
	// TreatMissingData is "breaching", "notBreaching" or "missing".
	TreatMissingData string
	// Description says what is wrong and what to do.
	Description string
}

// DistributionTarget is a CloudFront distribution (cdn.CDN.AlarmTarget).
// Alarm: 5xxErrorRate, the share of viewer requests answered with a 5xx
// status, above 5% in 3 of 5 minutes.
//
// CloudFront publishes its metrics in us-east-1 only (CloudFront developer
// guide, "Monitor CloudFront metrics with Amazon CloudWatch"), and an
// alarm watches metrics of its own region (aws/aws-cdk#30483): a
// monitoring with Distributions must deploy to us-east-1, and
// NewMonitoring refuses any other region.
type DistributionTarget struct {
	// DistributionID is the distribution's ID ("E2QWRUHAPOMQZL"). Required.
	DistributionID pulumi.StringInput
}

// cloudFrontMetricsRegion is where CloudFront publishes its metrics.
const cloudFrontMetricsRegion = "us-east-1"

// distributionRules is a distribution's table. The metric is an average
// percentage over the viewer requests of each minute, published with the
// dimensions DistributionId and Region "Global".
var distributionRules = []rule{
	{metric: "5xxErrorRate", statistic: "Average", comparison: above, threshold: 5, period: 60, evaluate: 5, breaching: 3, missing: silenceIsHealthy,
		action: "More than 5% of viewer requests got a 5xx answer (3 of 5 minutes). Check the origins: the bucket's policy and the origin access control, the load balancer's targets, the function's errors."},
}

// distributionSubjects is one distribution.
func distributionSubjects(key string, d DistributionTarget) []subject {
	return []subject{{key: key, dimensions: pulumi.StringMap{"DistributionId": d.DistributionID, "Region": pulumi.String("Global")}, rules: distributionRules}}
}

// TableReplicationTarget is a DynamoDB global table's replication from the
// monitoring's region to another: one direction of it, watched where the
// writes start. DynamoDB publishes ReplicationLatency, in milliseconds,
// for every source and destination Region pair, with the dimensions
// TableName and ReceivingRegion (DynamoDB developer guide, "Monitoring
// global tables" and "DynamoDB metrics and dimensions"), in the region the
// replicated write was made in; a table replicated both ways is watched
// from both regions, each for the direction that leaves it.
//
// Alarm: ReplicationLatency averaging above 5 s for 5 minutes. Typical is
// well under that (0.5 to 2.5 s between regions of one geography, the
// same guide); a lasting rise means writes of this region reach the other
// late, and would be lost with this region.
type TableReplicationTarget struct {
	// TableName is the table's name, the same in every region. Required.
	TableName pulumi.StringInput
	// ReceivingRegion is the region the writes replicate to. Required.
	ReceivingRegion string
}

// tableReplicationRules is one direction of a global table's replication.
// DynamoDB emits the metric only while items replicate: silence is a quiet
// table, not a broken one.
var tableReplicationRules = []rule{
	{metric: "ReplicationLatency", statistic: "Average", comparison: above, threshold: 5000, period: 60, evaluate: 5, breaching: 5, missing: silenceIsHealthy,
		action: "Writes made in this region have reached the table's replica in the other region more than 5 s late (average) for 5 minutes; they would be lost with this region. Look for write throttling in either region and for a degraded region in the AWS Health Dashboard; move writes to the other region if this one is degraded."},
}

// tableReplicationSubjects is one replication direction; its alarm's name
// ends in the metric ("<name>-table-<key>-replicationlatency"), so the key
// may be the table's own key in Tables.
func tableReplicationSubjects(key string, r TableReplicationTarget) []subject {
	return []subject{{key: key, dimensions: pulumi.StringMap{"TableName": r.TableName, "ReceivingRegion": pulumi.String(r.ReceivingRegion)}, rules: tableReplicationRules}}
}
