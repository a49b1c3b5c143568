package monitoring

import (
	"fmt"
	"regexp"

	"github.com/millionstack/millionstack/components/container"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// MonitoringArgs says what to watch and which account-level observability
// to turn on. Every target map is keyed by a short name of your choosing
// ("web", "orders"): the key, not the map's order or the target's ID, names
// the alarms, so an alarm created at stage 100 keeps its identity at 1m.
type MonitoringArgs struct {
	// AlarmEmail, when set, subscribes this address to the alarm topic.
	// AWS sends a confirmation mail first. Default: no subscription.
	AlarmEmail string

	// Hosts are EC2 instance IDs by key: CPUUtilization > 80% for 15
	// minutes and StatusCheckFailed >= 1. Default: none.
	Hosts map[string]pulumi.StringInput
	// Database is the RDS primary and its replicas. Default: nil (no
	// database alarms).
	Database *DatabaseTarget
	// Clusters are Aurora DB clusters by key (database.Cluster.AlarmTarget).
	// Default: none.
	Clusters map[string]ClusterTarget
	// LoadBalancers are Application Load Balancers by key: ELB and target
	// 5XX counts, p95 TargetResponseTime > 1 s, UnHealthyHostCount >= 1.
	// Default: none.
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
	// Services are container services by key, each with the alarms it says
	// it should have (container.Service.Alarms: CPU and memory above 85%,
	// fewer running tasks than its minimum). An alarm watches a metric of
	// the region it is created in: give a service the monitoring of its
	// own region. Default: none.
	Services map[string][]container.Alarm

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
	// InstanceID is the primary's DB instance identifier. Required.
	InstanceID pulumi.StringInput
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
	// ArnSuffix is the load balancer's arn_suffix. Required.
	ArnSuffix pulumi.StringInput
	// TargetGroupArnSuffix is the target group's arn_suffix. Required.
	TargetGroupArnSuffix pulumi.StringInput
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

// withDefaults returns a copy of a with every documented default applied.
// It copies the maps it changes so that the caller's Args stay untouched.
func (a MonitoringArgs) withDefaults() MonitoringArgs {
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

// validate reports every problem in a (after withDefaults) at once.
func (a MonitoringArgs) validate() error {
	p := validate.For("monitoring")
	if a.AlarmEmail != "" {
		p.Email("AlarmEmail", a.AlarmEmail)
	}
	p.LogRetention("LogRetentionDays", a.LogRetentionDays)

	checkTargets(p, "Hosts", a.Hosts, required)
	checkTargets(p, "AutoScalingGroups", a.AutoScalingGroups, required)
	checkTargets(p, "Functions", a.Functions, required)
	checkTargets(p, "Tables", a.Tables, required)
	checkTargets(p, "Services", a.Services, func(p *validate.Problems, field string, alarms []container.Alarm) {
		if len(alarms) == 0 {
			p.Addf(field, "has no alarms; allowed: the service's own (container.Service.Alarms)")
		}
		seen := map[string]bool{}
		for _, alarm := range alarms {
			if !targetKey.MatchString(alarm.Key) || seen[alarm.Key] {
				p.Addf(field, "alarm key %q is not allowed; allowed: distinct lower-case words joined by hyphens, such as \"cpu\"", alarm.Key)
			}
			seen[alarm.Key] = true
			if alarm.Namespace == "" || alarm.MetricName == "" || alarm.Dimensions == nil {
				p.Addf(field, "alarm %q needs Namespace, MetricName and Dimensions", alarm.Key)
			}
		}
	})
	checkTargets(p, "LoadBalancers", a.LoadBalancers, func(p *validate.Problems, field string, lb LoadBalancerTarget) {
		required(p, field+".ArnSuffix", lb.ArnSuffix)
		required(p, field+".TargetGroupArnSuffix", lb.TargetGroupArnSuffix)
	})
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
		if c.MaxConnections < 1 {
			p.Addf(field+".MaxConnections", "%d: allowed: each instance's max_connections, 1 or more (database.Cluster.MaxConnections)", c.MaxConnections)
		}
	})
	if db := a.Database; db != nil {
		required(p, "Database.InstanceID", db.InstanceID)
		p.IntRange("Database.AllocatedStorageGiB", db.AllocatedStorageGiB, 1, 65536)
		if db.MaxConnections < 1 {
			p.Addf("Database.MaxConnections", "%d: allowed: the primary's max_connections, 1 or more (database.Database.MaxConnections)", db.MaxConnections)
		}
		checkTargets(p, "Database.ReplicaIDs", db.ReplicaIDs, required)
		if len(db.ReplicaIDs) > 0 && db.ReplicaMaxConnections < 1 {
			p.Addf("Database.ReplicaMaxConnections", "%d with %d replica(s): allowed: the replicas' max_connections, 1 or more (database.Database.ReplicaMaxConnections)", db.ReplicaMaxConnections, len(db.ReplicaIDs))
		}
	}
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// checkTargets checks every key of a target map and hands each target to
// check with its field path ("Caches[\"sessions\"]"), in key order so that
// messages come out in a stable order.
func checkTargets[T any](p *validate.Problems, field string, targets map[string]T, check func(p *validate.Problems, field string, target T)) {
	for _, key := range validate.Keys(targets) {
		if !targetKey.MatchString(key) {
			p.Addf(field, "key %q cannot name resources; allowed: lower-case letters, digits and single inner hyphens, such as \"web-1\"", key)
		}
		check(p, fmt.Sprintf("%s[%q]", field, key), targets[key])
	}
}

// required reports an input that was left nil.
func required(p *validate.Problems, field string, v pulumi.StringInput) {
	if v == nil {
		p.Addf(field, "is required")
	}
}

// Validate applies the defaults and reports every problem with the args, as
// NewMonitoring would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a MonitoringArgs) Validate() error { return a.withDefaults().validate() }
