package monitoring

import (
	"fmt"
	"strings"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// rule is one row of an alarm table: a metric, how it is aggregated, when
// it alarms and what the person paged should do about it.
type rule struct {
	metric     string  // CloudWatch metric name; lower-cased it ends the alarm's logical name
	statistic  string  // Average, Sum, Minimum, Maximum, or a percentile such as "p95"
	comparison string  // one of the comparison constants below
	threshold  float64 // in the metric's unit
	period     int     // seconds per datapoint
	evaluate   int     // datapoints looked at (EvaluationPeriods)
	breaching  int     // of which this many must breach (DatapointsToAlarm): M of N rides out blips
	missing    string  // one of the missing-data constants below
	action     string  // the alarm's description: what is wrong and what to do
	namespace  string  // the metric's namespace when it is not its tier's
	name       string  // ends the alarm's logical name instead of the metric
}

// alarmName is what ends the rule's alarm's logical name: its own name, or
// its metric in lower case.
func (r rule) alarmName() string {
	if r.name != "" {
		return r.name
	}
	return strings.ToLower(r.metric)
}

// namespaceIn is the namespace of the rule's metric in tier t.
func (r rule) namespaceIn(t tier) string {
	if r.namespace != "" {
		return r.namespace
	}
	return t.namespace
}

// Comparison operators, as CloudWatch spells them.
const (
	above   = "GreaterThanThreshold"
	atLeast = "GreaterThanOrEqualToThreshold"
	below   = "LessThanThreshold"
)

// How an alarm treats a period without data, chosen per metric:
//   - health signals a healthy resource always emits (status checks, replica
//     lag) treat silence as failure;
//   - utilization gauges keep their state, so maintenance windows and
//     stopped dev instances do not page;
//   - event counts (errors, 5XX, throttles, evictions, DLQ messages) and
//     latency are only emitted when there is traffic: silence means healthy.
const (
	silenceIsFailure = "breaching"
	silenceKeeps     = "missing"
	silenceIsHealthy = "notBreaching"
)

// The alarm tables. Thresholds that depend on a target's size are filled in
// by the functions below them; everything else is data.
var (
	hostRules = []rule{
		{metric: "CPUUtilization", statistic: "Average", comparison: above, threshold: 80, period: 300, evaluate: 3, breaching: 3, missing: silenceKeeps,
			action: "CPU has been above 80% for 15 minutes. Find the busy process; if it is the application, move to a larger instance type or to the next stage's auto scaling group."},
		{metric: "StatusCheckFailed", statistic: "Maximum", comparison: atLeast, threshold: 1, period: 60, evaluate: 2, breaching: 2, missing: silenceIsFailure,
			action: "The instance fails its EC2 status checks or stopped reporting. Stop and start it to move it to healthy hardware; if it still fails, replace it from its launch template."},
	}
	loadBalancerRules = []rule{
		{metric: "HTTPCode_ELB_5XX_Count", statistic: "Sum", comparison: atLeast, threshold: 10, period: 60, evaluate: 5, breaching: 3, missing: silenceIsHealthy,
			action: "The load balancer itself answers 5XX (10+ a minute in 3 of 5 minutes): usually no healthy target or targets refusing connections. Check target health and the security groups between ALB and targets."},
		{metric: "HTTPCode_Target_5XX_Count", statistic: "Sum", comparison: atLeast, threshold: 10, period: 60, evaluate: 5, breaching: 3, missing: silenceIsHealthy,
			action: "The application answers 5XX (10+ a minute in 3 of 5 minutes). Read the application logs around the alarm time; roll back the last deployment if it coincides."},
		{metric: "TargetResponseTime", statistic: "p95", comparison: above, threshold: 1, period: 60, evaluate: 5, breaching: 3, missing: silenceIsHealthy,
			action: "The slowest 5% of requests take over 1 s (3 of 5 minutes). Look for a slow database query, an exhausted connection pool or saturated CPU on the targets."},
	}
	targetGroupRules = []rule{
		{metric: "UnHealthyHostCount", statistic: "Maximum", comparison: atLeast, threshold: 1, period: 60, evaluate: 3, breaching: 3, missing: silenceIsHealthy,
			action: "A target has failed its health checks for 3 minutes. Check the health-check path on that instance and its application logs; the auto scaling group replaces it if it stays unhealthy."},
	}
	autoScalingRules = []rule{
		{metric: "CPUUtilization", statistic: "Average", comparison: above, threshold: 85, period: 300, evaluate: 3, breaching: 3, missing: silenceKeeps,
			action: "The group's average CPU has been above 85% for 15 minutes: scaling is not keeping up. Check whether the group is at its maximum size and raise it, or use a larger instance type."},
	}
	cacheRules = []rule{
		{metric: "EngineCPUUtilization", statistic: "Average", comparison: above, threshold: 80, period: 300, evaluate: 3, breaching: 3, missing: silenceKeeps,
			action: "The Redis engine thread has been above 80% CPU for 15 minutes. Look for slow commands (SLOWLOG) and hot keys; move to a larger node type or add replicas for reads."},
		{metric: "DatabaseMemoryUsagePercentage", statistic: "Average", comparison: above, threshold: 80, period: 300, evaluate: 3, breaching: 3, missing: silenceKeeps,
			action: "The cache has used over 80% of its memory for 15 minutes. Check that keys carry TTLs; move to a larger node type before evictions start."},
		{metric: "Evictions", statistic: "Sum", comparison: above, threshold: 0, period: 300, evaluate: 3, breaching: 2, missing: silenceIsHealthy,
			action: "The cache is evicting keys (2 of the last 3 five-minute periods): it is full. Move to a larger node type or shorten TTLs."},
	}
	deadLetterRules = []rule{
		{metric: "ApproximateNumberOfMessagesVisible", statistic: "Maximum", comparison: atLeast, threshold: 1, period: 300, evaluate: 1, breaching: 1, missing: silenceIsHealthy,
			action: "Messages failed processing and landed in the dead-letter queue. Inspect them, fix the consumer, then redrive them to the source queue."},
	}
	functionRules = []rule{
		{metric: "Errors", statistic: "Sum", comparison: atLeast, threshold: 1, period: 300, evaluate: 3, breaching: 2, missing: silenceIsHealthy,
			action: "The function failed in 2 of the last 3 five-minute periods. Read its CloudWatch Logs and X-Ray traces for the exception."},
		{metric: "Throttles", statistic: "Sum", comparison: atLeast, threshold: 1, period: 300, evaluate: 3, breaching: 2, missing: silenceIsHealthy,
			action: "Invocations are throttled (2 of the last 3 five-minute periods). Raise the function's reserved concurrency or the account's concurrency quota."},
	}
	tableRules = []rule{
		{metric: "ReadThrottleEvents", statistic: "Sum", comparison: atLeast, threshold: 1, period: 300, evaluate: 3, breaching: 2, missing: silenceIsHealthy,
			action: "Reads are throttled (2 of the last 3 five-minute periods). Look for a hot partition key; raise provisioned read capacity or switch the table to on-demand."},
		{metric: "WriteThrottleEvents", statistic: "Sum", comparison: atLeast, threshold: 1, period: 300, evaluate: 3, breaching: 2, missing: silenceIsHealthy,
			action: "Writes are throttled (2 of the last 3 five-minute periods). Look for a hot partition key; raise provisioned write capacity or switch the table to on-demand."},
	}
)

// databaseRules is the primary's table; its storage and connection
// thresholds are fractions of the instance's size.
func databaseRules(db DatabaseTarget) []rule {
	const gib = 1 << 30
	return []rule{
		{metric: "CPUUtilization", statistic: "Average", comparison: above, threshold: 80, period: 300, evaluate: 3, breaching: 3, missing: silenceKeeps,
			action: "Database CPU has been above 80% for 15 minutes. Find the expensive queries (Performance Insights); add indexes, cache reads, or move to a larger instance class."},
		{metric: "FreeStorageSpace", statistic: "Minimum", comparison: below, threshold: 0.1 * gib * float64(db.AllocatedStorageGiB), period: 300, evaluate: 2, breaching: 2, missing: silenceKeeps,
			action: fmt.Sprintf("Less than 10%% of the %d GiB allocated storage is free. Raise allocated storage (or the storage autoscaling maximum) before the instance stops accepting writes.", db.AllocatedStorageGiB)},
		connectionsRule(db.MaxConnections),
	}
}

// replicaRules is each read replica's table: lag, and connections, since a
// replica refuses connections past its own max_connections just as the
// primary does.
func replicaRules(db DatabaseTarget) []rule {
	return []rule{replicaLagRule, connectionsRule(db.ReplicaMaxConnections)}
}

// replicaLagRule is a read replica's lag behind its source, in seconds.
var replicaLagRule = rule{metric: "ReplicaLag", statistic: "Maximum", comparison: above, threshold: 60, period: 60, evaluate: 5, breaching: 5, missing: silenceIsFailure,
	action: "The read replica is more than 60 s behind the primary for 5 minutes, or stopped reporting. Check write load and the replica's CPU and IOPS; reads from it are stale meanwhile."}

// connectionsRule alarms when more than 80% of an instance's maxConnections
// are in use for 15 minutes.
func connectionsRule(maxConnections int) rule {
	return rule{metric: "DatabaseConnections", statistic: "Average", comparison: above, threshold: 0.8 * float64(maxConnections), period: 300, evaluate: 3, breaching: 3, missing: silenceKeeps,
		action: fmt.Sprintf("More than 80%% of max_connections (%d) are in use for 15 minutes. Check for connection leaks and pool sizes; add RDS Proxy or a larger instance class.", maxConnections)}
}

// queueRules is a queue's table; how old a message may get is the queue's own setting.
func queueRules(q QueueTarget) []rule {
	return []rule{
		{metric: "ApproximateAgeOfOldestMessage", statistic: "Maximum", comparison: above, threshold: float64(q.MaxAgeSeconds), period: 300, evaluate: 2, breaching: 2, missing: silenceIsHealthy,
			action: fmt.Sprintf("The oldest message has waited more than %d s for 10 minutes: consumers are down or too few. Check the consumers' errors and scale them out.", q.MaxAgeSeconds)},
	}
}

// subject is one thing alarmed on: a host, a cache member, a queue's DLQ.
type subject struct {
	key        string           // names its alarms: <name>-<tier>-<key>-<metric>
	dimensions pulumi.StringMap // select its metrics
	rules      []rule
}

// tier is one layer of the architecture: it names its alarms and titles its
// row on the dashboard.
type tier struct {
	name      string // lower-case, part of alarm names: "host"
	title     string // dashboard row title: "Hosts"
	namespace string // CloudWatch namespace of every rule's metric
	subjects  []subject
}

// tiersOf turns the Args' targets into tiers, in dashboard order, leaving out
// tiers without targets. Subjects are in key order, so that a re-run yields
// the same program.
func tiersOf(a MonitoringArgs) []tier {
	all := []tier{
		{name: "host", title: "Hosts", namespace: "AWS/EC2", subjects: each(a.Hosts, func(key string, id pulumi.StringInput) []subject {
			return []subject{{key: key, dimensions: pulumi.StringMap{"InstanceId": id}, rules: hostRules}}
		})},
		{name: "database", title: "Database", namespace: "AWS/RDS", subjects: databaseSubjects(a.Database)},
		{name: "cluster", title: "Aurora clusters", namespace: "AWS/RDS", subjects: each(a.Clusters, clusterSubjects)},
		{name: "loadbalancer", title: "Load balancers", namespace: "AWS/ApplicationELB", subjects: each(a.LoadBalancers, func(key string, lb LoadBalancerTarget) []subject {
			return []subject{
				{key: key, dimensions: pulumi.StringMap{"LoadBalancer": lb.ARNSuffix}, rules: loadBalancerRules},
				{key: key, dimensions: pulumi.StringMap{"LoadBalancer": lb.ARNSuffix, "TargetGroup": lb.TargetGroupARNSuffix}, rules: targetGroupRules},
			}
		})},
		{name: "autoscaling", title: "Auto scaling groups", namespace: "AWS/EC2", subjects: each(a.autoScalingGroups(), func(key string, group pulumi.StringInput) []subject {
			return []subject{{key: key, dimensions: pulumi.StringMap{"AutoScalingGroupName": group}, rules: autoScalingRules}}
		})},
		{name: "cache", title: "Caches", namespace: "AWS/ElastiCache", subjects: each(a.Caches, cacheSubjects)},
		{name: "queue", title: "Queues", namespace: "AWS/SQS", subjects: each(a.Queues, func(key string, q QueueTarget) []subject {
			out := []subject{{key: key, dimensions: pulumi.StringMap{"QueueName": q.QueueName}, rules: queueRules(q)}}
			if q.DeadLetterQueueName != nil {
				out = append(out, subject{key: key + "-dlq", dimensions: pulumi.StringMap{"QueueName": q.DeadLetterQueueName}, rules: deadLetterRules})
			}
			return out
		})},
		{name: "function", title: "Functions", namespace: "AWS/Lambda", subjects: each(a.Functions, func(key string, fn pulumi.StringInput) []subject {
			return []subject{{key: key, dimensions: pulumi.StringMap{"FunctionName": fn}, rules: functionRules}}
		})},
		{name: "table", title: "Tables", namespace: "AWS/DynamoDB", subjects: append(each(a.Tables, func(key string, table pulumi.StringInput) []subject {
			return []subject{{key: key, dimensions: pulumi.StringMap{"TableName": table}, rules: tableRules}}
		}), each(a.TableReplications, tableReplicationSubjects)...)},
		{name: "service", title: "Container services", namespace: "AWS/ECS", subjects: each(a.Services, serviceSubjects)},
		{name: "distribution", title: "CloudFront distributions", namespace: "AWS/CloudFront", subjects: each(a.Distributions, distributionSubjects)},
	}
	var present []tier
	for _, t := range all {
		if len(t.subjects) > 0 {
			present = append(present, t)
		}
	}
	return present
}

// databaseSubjects are the primary (key "primary") and each replica (key
// "replica-<key>"); the prefix keeps a replica from ever sharing the
// primary's alarm names. A Replica target is its own instance (key
// "replica"), watched as a primary and for its lag.
func databaseSubjects(db *DatabaseTarget) []subject {
	if db == nil {
		return nil
	}
	if db.Replica {
		rules := append(databaseRules(*db), replicaLagRule)
		return []subject{{key: "replica", dimensions: pulumi.StringMap{"DBInstanceIdentifier": db.InstanceID}, rules: rules}}
	}
	primary := subject{key: "primary", dimensions: pulumi.StringMap{"DBInstanceIdentifier": db.InstanceID}, rules: databaseRules(*db)}
	return append([]subject{primary}, each(db.ReplicaIDs, func(key string, id pulumi.StringInput) []subject {
		return []subject{{key: "replica-" + key, dimensions: pulumi.StringMap{"DBInstanceIdentifier": id}, rules: replicaRules(*db)}}
	})...)
}

// cacheSubjects are the member clusters of a replication group, which is
// where ElastiCache reports engine metrics: "<key>-001" watches "<id>-001".
// Adding a node adds a subject and leaves the others' names alone.
func cacheSubjects(key string, c CacheTarget) []subject {
	var out []subject
	for n := 1; n <= c.Nodes; n++ {
		member := fmt.Sprintf("%03d", n)
		clusterID := c.ReplicationGroupID.ToStringOutput().ApplyT(func(group string) string {
			return group + "-" + member
		}).(pulumi.StringOutput)
		out = append(out, subject{key: key + "-" + member, dimensions: pulumi.StringMap{"CacheClusterId": clusterID}, rules: cacheRules})
	}
	return out
}

// serviceSubjects are a container service's alarms, one subject each (each
// alarm carries its dimensions): the service says which alarms it should
// have, and the rule takes the alarm's metric, threshold and description
// as they are. The alarm is named after the alarm's Key, as the service
// asks ("<name>-service-<key>-cpu").
func serviceSubjects(key string, service ServiceTarget) []subject {
	var out []subject
	for _, a := range service.Alarms {
		out = append(out, subject{key: key, dimensions: a.Dimensions, rules: []rule{{
			metric: a.MetricName, statistic: a.Statistic, comparison: a.ComparisonOperator, threshold: a.Threshold,
			period: a.PeriodSeconds, evaluate: a.EvaluationPeriods, breaching: a.DatapointsToAlarm,
			missing: a.TreatMissingData, action: a.Description, namespace: a.Namespace, name: a.Key,
		}}})
	}
	return out
}

// autoScalingGroups are the groups to watch by key: AutoScalingGroups and
// the groups behind LoadBalancers, under their load balancer's key (the
// same alarm names either way; validate refuses a key given in both).
func (a MonitoringArgs) autoScalingGroups() map[string]pulumi.StringInput {
	groups := make(map[string]pulumi.StringInput, len(a.AutoScalingGroups))
	for key, group := range a.AutoScalingGroups {
		groups[key] = group
	}
	for key, lb := range a.LoadBalancers {
		if lb.AutoScalingGroupName != nil {
			groups[key] = lb.AutoScalingGroupName
		}
	}
	return groups
}

// each maps every target of a map, in key order, to its subjects.
func each[T any](targets map[string]T, subjects func(key string, target T) []subject) []subject {
	var out []subject
	for _, key := range validate.Keys(targets) {
		out = append(out, subjects(key, targets[key])...)
	}
	return out
}
