package cache

import (
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Weekly and daily windows, in UTC, chosen not to overlap: the snapshot
// first, then (on Sundays) maintenance such as minor version upgrades.
const (
	snapshotWindow    = "03:00-04:00"
	maintenanceWindow = "sun:05:00-sun:06:00"
)

// evictionPolicy is the cache's maxmemory-policy: when memory runs out,
// evict the least recently used keys among those with a TTL. Sessions and
// cached reads carry a TTL and may go; keys written without one stay.
const evictionPolicy = "volatile-lru"

// parameterGroup creates the parameter group `<name>` for the engine's
// family ("redis7", "valkey8"). Pulumi names it, so that a major upgrade,
// which needs a group of the new family, creates the new group before the
// replication group switches to it and the old one is deleted.
func (c *children) parameterGroup() (*elasticache.ParameterGroup, error) {
	if c.args.ExistingParameterGroupName != nil {
		return nil, nil
	}
	return elasticache.NewParameterGroup(c.ctx, c.name, &elasticache.ParameterGroupArgs{
		Family:      pulumi.String(c.args.family()),
		Description: pulumi.String("millionstack cache " + c.name),
		Parameters: elasticache.ParameterGroupParameterArray{
			elasticache.ParameterGroupParameterArgs{Name: pulumi.String("maxmemory-policy"), Value: pulumi.String(evictionPolicy)},
		},
		Tags: tagging.Named(c.name, c.args.Tags),
	}, c.parent)
}

// slowLog creates the CloudWatch log group `<name>-slow-log` that receives
// the engine's slow log, kept LogRetentionDays.
func (c *children) slowLog() (*cloudwatch.LogGroup, error) {
	name := c.name + "-slow-log"
	args := &cloudwatch.LogGroupArgs{
		RetentionInDays: pulumi.Int(c.args.LogRetentionDays),
		Tags:            tagging.Named(name, c.args.Tags),
	}
	if c.args.ExistingLogKMSKeyARN != nil {
		args.KmsKeyId = c.args.ExistingLogKMSKeyARN.ToStringOutput()
	}
	return cloudwatch.NewLogGroup(c.ctx, name, args, c.parent)
}

// replicationGroup creates the replication group `<name>` with its
// parameter group and slow log.
//
// The inputs that would replace the group when changed (its ID, engine,
// subnet group, at-rest encryption, KMS key, port, network type, data
// tiering) are either constant or set once by the user and validated;
// what grows with the stages (NodeType, Nodes, and with Nodes failover and
// Multi-AZ) is modified online and applied immediately, not at the next
// maintenance window, so a stage's `pulumi up` finishes with the new size.
func (c *children) replicationGroup(cache *Cache, subnetGroupName, securityGroupID pulumi.StringOutput, group *elasticache.UserGroup) (*elasticache.ReplicationGroup, error) {
	parameters, err := c.parameterGroup()
	if err != nil {
		return nil, err
	}
	parameterGroupName := pulumi.StringOutput{}
	if parameters != nil {
		parameterGroupName = parameters.Name
	} else {
		parameterGroupName = c.args.ExistingParameterGroupName.ToStringOutput()
	}
	slowLog, err := c.slowLog()
	if err != nil {
		return nil, err
	}
	cache.ParameterGroup, cache.SlowLog = parameters, slowLog
	failover := c.args.Nodes >= 2
	args := &elasticache.ReplicationGroupArgs{
		Description:        pulumi.String("millionstack cache " + c.name + ": sessions and hot reads"),
		Engine:             pulumi.String(string(c.args.Engine)),
		EngineVersion:      pulumi.String(c.args.EngineVersion),
		ParameterGroupName: parameterGroupName,
		NodeType:           pulumi.String(c.args.NodeType),
		NumCacheClusters:   pulumi.Int(c.args.Nodes),
		Port:               pulumi.Int(c.args.Port),
		SubnetGroupName:    subnetGroupName,
		SecurityGroupIds:   pulumi.StringArray{securityGroupID},

		AtRestEncryptionEnabled:  pulumi.Bool(true),
		TransitEncryptionEnabled: pulumi.Bool(true),
		TransitEncryptionMode:    pulumi.String("required"),
		UserGroupIds:             pulumi.StringArray{group.UserGroupId},

		AutomaticFailoverEnabled: pulumi.Bool(failover),
		MultiAzEnabled:           pulumi.Bool(failover),
		SnapshotRetentionLimit:   pulumi.Int(c.args.SnapshotRetentionDays),
		SnapshotWindow:           pulumi.String(snapshotWindow),
		MaintenanceWindow:        pulumi.String(maintenanceWindow),
		AutoMinorVersionUpgrade:  pulumi.Bool(true),
		ApplyImmediately:         pulumi.Bool(true),

		LogDeliveryConfigurations: elasticache.ReplicationGroupLogDeliveryConfigurationArray{
			elasticache.ReplicationGroupLogDeliveryConfigurationArgs{
				LogType:         pulumi.String("slow-log"),
				Destination:     slowLog.Name,
				DestinationType: pulumi.String("cloudwatch-logs"),
				LogFormat:       pulumi.String("json"),
			},
		},
		Tags: tagging.Named(c.name, c.args.Tags),
	}
	// A key of the user's own, fixed for the group's life: the provider
	// replaces a replication group whose kmsKeyId changes.
	if c.args.ExistingKMSKeyARN != nil {
		args.KmsKeyId = c.args.ExistingKMSKeyARN.ToStringOutput()
	}
	return elasticache.NewReplicationGroup(c.ctx, c.name, args, c.parent)
}
