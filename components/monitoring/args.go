package monitoring

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// MonitoringArgs says what to watch and which account-level observability
// to turn on. Every target map is keyed by a short name of your choosing
// ("web", "orders"): the key, not the map's order or the target's ID, names
// the alarms, so an alarm created at stage 100 keeps its identity at 1m.
type MonitoringArgs struct {
	// AlarmEmail, when set, subscribes this address to the alarm topic.
	// AWS sends a confirmation mail first. Default: no subscription. Not
	// with ExistingTopicARN (subscribe to your own topic yourself).
	AlarmEmail string

	// ExistingTopicARN is an SNS topic of your own that the alarms notify
	// instead of the topic `<name>-alarms` the component otherwise creates
	// (with its KMS key, policy and e-mail subscription): such as the
	// on-call topic of your organization. Default nil: the component
	// creates the topic. Allowed: the ARN of a topic in the monitoring's
	// own region (an alarm notifies topics of its region: the Route 53
	// developer guide, "Monitoring health checks using CloudWatch", has
	// health check alarms in us-east-1 notify topics there). The topic's
	// access policy must let cloudwatch.amazonaws.com (and, for a budget's
	// alerts, budgets.amazonaws.com) publish, and a topic encrypted with a
	// customer-managed KMS key must let both use the key (kms:Decrypt,
	// kms:GenerateDataKey*): the AWS managed key alias/aws/sns admits
	// neither, and alarms then fail to notify without an error on the
	// alarm (CloudWatch user guide, "Amazon SNS topic encryption"). Not
	// with AlarmEmail or ExistingKMSKeyARN. Changing it between nil and a
	// topic replaces every alarm's actions in place and creates or deletes
	// the component's topic.
	ExistingTopicARN pulumi.StringInput
	// ExistingKMSKeyARN is a customer-managed KMS key of your own that
	// encrypts the alarm topic, instead of the key `<name>-alarms` the
	// component otherwise creates. Default nil. Allowed: the ARN of a key
	// (or alias) in the monitoring's region whose key policy lets
	// cloudwatch.amazonaws.com and budgets.amazonaws.com use it
	// (kms:Decrypt, kms:GenerateDataKey*), as the component's own key's
	// policy does. Not with ExistingTopicARN. Changing it updates the
	// topic in place.
	ExistingKMSKeyARN pulumi.StringInput

	// Hosts are EC2 instance IDs by key: CPUUtilization > 80% for 15
	// minutes and StatusCheckFailed >= 1. Default: none.
	Hosts map[string]pulumi.StringInput
	// Database is the RDS primary and its replicas. Default: nil (no
	// database alarms).
	Database *DatabaseTarget
	// Clusters are Aurora DB clusters by key (database.Cluster.AlarmTarget).
	// Default: none.
	Clusters map[string]ClusterTarget
	// LoadBalancers are Application Load Balancers by key
	// (webtier.WebTier.AlarmTarget): ELB and target 5XX counts, p95
	// TargetResponseTime > 1 s, UnHealthyHostCount >= 1, and the average
	// CPU of the Auto Scaling group behind one, as AutoScalingGroups
	// watches it under the same key. Default: none.
	LoadBalancers map[string]LoadBalancerTarget
	// AutoScalingGroups are group names by key: average CPU > 85%.
	// Default: none.
	AutoScalingGroups map[string]pulumi.StringInput
	// Caches are ElastiCache replication groups by key: EngineCPUUtilization
	// and DatabaseMemoryUsagePercentage > 80%, Evictions > 0, per member
	// cluster. Default: none.
	Caches map[string]CacheTarget
	// Queues are SQS queues by key: ApproximateAgeOfOldestMessage above
	// MaxAgeSeconds, and any message in the dead-letter queue. Default: none.
	Queues map[string]QueueTarget
	// Functions are Lambda function names by key: Errors >= 1,
	// Throttles >= 1. Default: none.
	Functions map[string]pulumi.StringInput
	// Tables are DynamoDB table names by key: ReadThrottleEvents >= 1,
	// WriteThrottleEvents >= 1. Default: none.
	Tables map[string]pulumi.StringInput
	// TableReplications are DynamoDB global tables' replication out of
	// the monitoring's region, by key (nosql.Replica.AlarmTarget and
	// SourceAlarmTarget): ReplicationLatency above 5 s (see
	// TableReplicationTarget). Default: none.
	TableReplications map[string]TableReplicationTarget
	// Services are container services by key, each with the alarms it says
	// it should have (container.Service.AlarmTarget: CPU and memory above
	// 85%, fewer running tasks than its minimum). An alarm watches a metric
	// of the region it is created in: give a service the monitoring of its
	// own region. Default: none.
	Services map[string]ServiceTarget
	// Distributions are CloudFront distributions by key
	// (cdn.CDN.AlarmTarget): 5xxErrorRate above 5%. CloudFront's metrics
	// exist in us-east-1 only: a monitoring with Distributions must deploy
	// there (DistributionTarget). Default: none.
	Distributions map[string]DistributionTarget

	// Dashboard adds one CloudWatch dashboard with a row of graphs per tier
	// that has targets. Default: false.
	Dashboard bool
	// Tracing adds an X-Ray sampling rule owned by the stack. Instances and
	// Lambda functions turn tracing on themselves. Default: false.
	Tracing bool
	// AuditTrail adds a multi-region CloudTrail trail, KMS-encrypted and
	// validated, into a private S3 bucket and a CloudWatch log group. One
	// per account is enough: turn it on in one stack only. Default: false.
	AuditTrail bool
	// RotationFailures notifies the alarm topic when Secrets Manager
	// reports that the rotation of a secret of the region failed: an
	// EventBridge rule `<name>-rotation-failed` on the RotationFailed
	// event, which CloudTrail delivers to EventBridge with no trail needed
	// (Secrets Manager user guide, "AWS CloudTrail entries for Secrets
	// Manager", log entries for rotation, detail-type "AWS Service Event
	// via CloudTrail"; EventBridge user guide, "AWS service events
	// delivered via AWS CloudTrail"). A secret whose rotation fails keeps
	// its current value and waits for the next schedule, which nobody would
	// notice (Security Hub SecretsManager.2 asks that rotations succeed).
	// The topic and its key then admit events.amazonaws.com too; with
	// ExistingTopicARN, its policy and key must. Default false. Changing it
	// creates or deletes the rule and updates the topic's policies in
	// place.
	RotationFailures bool

	// AccessLogBucket is the bucket the audit trail bucket's S3 server
	// access logs go to (Security Hub S3.9): the stack's access-log bucket
	// (components/accesslogs). Default nil: no server access logs.
	AccessLogBucket pulumi.StringInput

	// LogRetentionDays is how long log groups created here keep events;
	// one of the periods CloudWatch Logs accepts. Default: 365.
	LogRetentionDays int

	// Tags are applied to every taggable child, together with Name.
	// Default: none.
	Tags map[string]string
}

// DatabaseTarget is an RDS instance and its read replicas.
// Alarms: CPUUtilization > 80%, FreeStorageSpace < 10% of the allocated
// storage, DatabaseConnections > 80% of MaxConnections, and on each replica
// ReplicaLag > 60 s and DatabaseConnections > 80% of ReplicaMaxConnections.
type DatabaseTarget struct {
	// InstanceID is the primary's DB instance identifier (with Replica,
	// the replica's). Required.
	InstanceID pulumi.StringInput
	// Replica marks an instance that is itself a read replica of a
	// database in another region (database.Replica.AlarmTarget), watched
	// in its own region: as a primary, and for its ReplicaLag as a
	// replica, under the key "replica" instead of "primary". Default
	// false.
	Replica bool
	// ReplicaIDs are read replica identifiers by key. Default: none.
	ReplicaIDs map[string]pulumi.StringInput
	// AllocatedStorageGiB is the primary's allocated storage, from which the
	// free-storage threshold is computed. Required, 1 to 65536.
	AllocatedStorageGiB int
	// MaxConnections is how many connections the primary accepts (its
	// max_connections: database.Database.MaxConnections), from which the
	// connection threshold is computed. Required, 1 or more: RDS derives it
	// from the instance class's memory (about 190 on db.t3.small, 850 on
	// db.m5.large for PostgreSQL), so no single default fits.
	MaxConnections int
	// ReplicaMaxConnections is how many connections each read replica
	// accepts (database.Database.ReplicaMaxConnections). Required, 1 or
	// more, when ReplicaIDs is set.
	ReplicaMaxConnections int
}

// LoadBalancerTarget is an Application Load Balancer and its target group,
// as the ARN suffixes CloudWatch uses for dimensions ("app/web/0123...").
type LoadBalancerTarget struct {
	// ARNSuffix is the load balancer's arn_suffix. Required.
	ARNSuffix pulumi.StringInput
	// TargetGroupARNSuffix is the target group's arn_suffix. Required.
	TargetGroupARNSuffix pulumi.StringInput
	// AutoScalingGroupName is the Auto Scaling group of the load
	// balancer's targets, watched as AutoScalingGroups would watch it
	// under the same key. Default nil: no group (container targets).
	AutoScalingGroupName pulumi.StringInput
}

// CacheTarget is an ElastiCache replication group (cluster mode off).
type CacheTarget struct {
	// ReplicationGroupID names the group; its member clusters are
	// "<id>-001" to "<id>-00N". Required.
	ReplicationGroupID pulumi.StringInput
	// Nodes is the number of member clusters (primary plus replicas).
	// Required, 1 to 6.
	Nodes int
}

// QueueTarget is an SQS queue and its dead-letter queue.
type QueueTarget struct {
	// QueueName is the queue's name. Required.
	QueueName pulumi.StringInput
	// DeadLetterQueueName is the DLQ's name; any message in it alarms.
	// Default: nil, no DLQ alarm (millionstack's own queues always have one).
	DeadLetterQueueName pulumi.StringInput
	// MaxAgeSeconds is the age of the oldest message above which the queue
	// is considered stuck. Default: 900 (when 0); 60 to 1209600.
	MaxAgeSeconds int
}

const (
	defaultLogRetentionDays = 365
	defaultMaxAgeSeconds    = 900
)

// WithDefaults returns a copy of a with every documented default applied.
// It copies the maps it changes so that the caller's Args stay untouched.
func (a MonitoringArgs) WithDefaults() MonitoringArgs {
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = defaultLogRetentionDays
	}
	queues := make(map[string]QueueTarget, len(a.Queues))
	for key, q := range a.Queues {
		if q.MaxAgeSeconds == 0 {
			q.MaxAgeSeconds = defaultMaxAgeSeconds
		}
		queues[key] = q
	}
	a.Queues = queues
	return a
}

// targetKey is what a map key may look like: it becomes part of logical
// resource names, so lower-case letters, digits and single inner hyphens.
var targetKey = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// validate reports every problem in a (after WithDefaults) at once.
// region is the region the monitoring deploys to, "" when not looked up
// (Validate): the existing topic and key, and the distributions, are then
// held against no region.
func (a MonitoringArgs) validate(name, region string) error {
	p := validate.For("monitoring", name)
	if a.AlarmEmail != "" {
		p.Email("AlarmEmail", a.AlarmEmail)
	}
	p.TopicARN("ExistingTopicARN", a.ExistingTopicARN, region)
	p.Conflict("ExistingTopicARN", "AlarmEmail", a.ExistingTopicARN != nil && a.AlarmEmail != "", "the e-mail would subscribe to a topic of your own; subscribe it yourself")
	p.Conflict("ExistingTopicARN", "ExistingKMSKeyARN", a.ExistingTopicARN != nil && a.ExistingKMSKeyARN != nil, "the key would encrypt the topic the component creates, and with a topic of your own it creates none")
	p.KMSKeyARN("ExistingKMSKeyARN", a.ExistingKMSKeyARN, region)
	p.Allows("Distributions", fmt.Sprintf("a monitoring in %s only, where CloudFront publishes its metrics (give it a provider for %[1]s)", cloudFrontMetricsRegion)).
		RefuseIf(len(a.Distributions) > 0 && region != "" && region != cloudFrontMetricsRegion, "%v are watched from %s", validate.Keys(a.Distributions), region)
	checkTargets(p, "Distributions", a.Distributions, func(p *validate.Problems, field string, d DistributionTarget) {
		p.Required(field+".DistributionID", d.DistributionID != nil, "")
	})
	p.LogRetention("LogRetentionDays", a.LogRetentionDays)

	checkTargets(p, "Hosts", a.Hosts, given)
	checkTargets(p, "AutoScalingGroups", a.AutoScalingGroups, given)
	checkTargets(p, "Functions", a.Functions, given)
	checkTargets(p, "Tables", a.Tables, given)
	checkTargets(p, "TableReplications", a.TableReplications, func(p *validate.Problems, field string, r TableReplicationTarget) {
		given(p, field+".TableName", r.TableName)
		p.Region(field+".ReceivingRegion", r.ReceivingRegion)
		p.Allows(field+".ReceivingRegion", "the region the table replicates to, not the monitoring's own (a region's alarms watch what leaves it)").
			RefuseIf(region != "" && r.ReceivingRegion == region, "%q is the monitoring's own region", r.ReceivingRegion)
	})
	checkTargets(p, "Services", a.Services, func(p *validate.Problems, field string, service ServiceTarget) {
		p.Allows(field, "the service's own alarms (container.Service.AlarmTarget)").
			RefuseIf(len(service.Alarms) == 0, "has no alarms")
		keys := p.Allows(field, `alarm keys of distinct lower-case words joined by hyphens, such as "cpu"`)
		metrics := p.Allows(field, "alarms with Namespace, MetricName and Dimensions")
		seen := map[string]bool{}
		for _, alarm := range service.Alarms {
			keys.RefuseIf(!targetKey.MatchString(alarm.Key) || seen[alarm.Key], "alarm key %q is not allowed", alarm.Key)
			seen[alarm.Key] = true
			metrics.RefuseIf(alarm.Namespace == "" || alarm.MetricName == "" || alarm.Dimensions == nil, "alarm %q needs Namespace, MetricName and Dimensions", alarm.Key)
		}
	})
	checkTargets(p, "LoadBalancers", a.LoadBalancers, func(p *validate.Problems, field string, lb LoadBalancerTarget) {
		required(p, field+".ARNSuffix", lb.ARNSuffix)
		required(p, field+".TargetGroupARNSuffix", lb.TargetGroupARNSuffix)
	})
	groups := p.Allows("AutoScalingGroups", "groups that are no LoadBalancers' AutoScalingGroupName of the same key (each group under one of them)")
	for _, key := range validate.Keys(a.LoadBalancers) {
		if _, both := a.AutoScalingGroups[key]; both && a.LoadBalancers[key].AutoScalingGroupName != nil {
			groups.RefuseAt(fmt.Sprintf("AutoScalingGroups[%q]", key), "is also LoadBalancers[%q].AutoScalingGroupName", key)
		}
	}
	checkTargets(p, "Caches", a.Caches, func(p *validate.Problems, field string, c CacheTarget) {
		required(p, field+".ReplicationGroupID", c.ReplicationGroupID)
		p.IntRange(field+".Nodes", c.Nodes, 1, 6)
	})
	checkTargets(p, "Queues", a.Queues, func(p *validate.Problems, field string, q QueueTarget) {
		required(p, field+".QueueName", q.QueueName)
		p.IntRange(field+".MaxAgeSeconds", q.MaxAgeSeconds, 60, 1209600)
	})
	checkTargets(p, "Clusters", a.Clusters, func(p *validate.Problems, field string, c ClusterTarget) {
		required(p, field+".ClusterID", c.ClusterID)
		p.Allows(field+".MaxConnections", "each instance's max_connections, 1 or more (database.Cluster.MaxConnections)").
			RefuseIf(c.MaxConnections < 1, "%d is less than 1", c.MaxConnections)
		if c.Secondary {
			p.Region(field+".SourceRegion", c.SourceRegion)
		}
	})
	if db := a.Database; db != nil {
		required(p, "Database.InstanceID", db.InstanceID)
		p.IntRange("Database.AllocatedStorageGiB", db.AllocatedStorageGiB, 1, 65536)
		p.Allows("Database.MaxConnections", "the primary's max_connections, 1 or more (database.Database.MaxConnections)").
			RefuseIf(db.MaxConnections < 1, "%d is less than 1", db.MaxConnections)
		checkTargets(p, "Database.ReplicaIDs", db.ReplicaIDs, given)
		p.Allows("Database.ReplicaMaxConnections", "with replicas, the replicas' max_connections, 1 or more (database.Database.ReplicaMaxConnections)").
			RefuseIf(len(db.ReplicaIDs) > 0 && db.ReplicaMaxConnections < 1, "%d with %d replica(s)", db.ReplicaMaxConnections, len(db.ReplicaIDs))
	}
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// checkTargets checks every key of a target map and hands each target to
// check with its field path ("Caches[\"sessions\"]"), in key order so that
// messages come out in a stable order.
func checkTargets[T any](p *validate.Problems, field string, targets map[string]T, check func(p *validate.Problems, field string, target T)) {
	keys := p.Allows(field, `keys of lower-case letters, digits and single inner hyphens, such as "web-1"`)
	for _, key := range validate.Keys(targets) {
		keys.RefuseIf(!targetKey.MatchString(key), "key %q cannot name resources", key)
		check(p, fmt.Sprintf("%s[%q]", field, key), targets[key])
	}
}

// required checks an input that must be set.
func required(p *validate.Problems, field string, v pulumi.StringInput) {
	p.Required(field, v != nil, "")
}

// given checks a target that is an input of its own (a host's instance
// ID): every key of its map needs one.
func given(p *validate.Problems, field string, v pulumi.StringInput) {
	p.Allows(field, "a value for every key").RefuseIf(v == nil, "is required")
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewMonitoring would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a MonitoringArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("monitoring", name), a.WithDefaults().validate(name, ""))
}

// needsRegion reports whether validation holds something against the
// monitoring's region: a topic or key of your own known at program time,
// or distributions.
func (a MonitoringArgs) needsRegion() bool {
	_, topic := validate.Known(a.ExistingTopicARN)
	_, key := validate.Known(a.ExistingKMSKeyARN)
	return topic || key || len(a.Distributions) > 0
}
