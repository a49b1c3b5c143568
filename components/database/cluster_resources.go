package database

import (
	"fmt"
	"github.com/millionstack/millionstack/internal/naming"
	"regexp"
	"strings"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// clusterLogExports are the logs a cluster publishes to CloudWatch Logs:
// PostgreSQL's own log, the one Security Hub RDS.9 asks of PostgreSQL.
var clusterLogExports = []string{"postgresql"}

// clusterBase is what a cluster and its instances stand on in their region.
type clusterBase struct {
	subnetGroupName, securityGroupID, parameterGroupName pulumi.StringOutput
	// The groups and key the component created, nil where the user gave
	// their own.
	subnetGroup    *rds.SubnetGroup
	securityGroup  *ec2.SecurityGroup
	parameterGroup *rds.ClusterParameterGroup
	key            *kms.Key
	monitoring     enhancedMonitoring
	keyARN         pulumi.StringOutput
}

// clusterBaseArgs are the settings the base needs besides the site.
type clusterBaseArgs struct {
	kmsKeyARN          pulumi.StringInput
	engineVersion      string
	parameters         map[string]string
	monitoringInterval int
}

// newClusterBase creates, in the component's region, the subnet group and
// security group (shared with Database), the cluster parameter group, the
// Enhanced Monitoring role and the key, each unless the site has one of the
// user's own.
func newClusterBase(ctx *pulumi.Context, name string, at site, args clusterBaseArgs, parent pulumi.ResourceOrInvokeOption) (clusterBase, error) {
	var base clusterBase
	var err error
	if base.subnetGroup, base.subnetGroupName, err = newSubnetGroup(ctx, name, at, parent); err != nil {
		return base, err
	}
	if base.securityGroup, base.securityGroupID, err = newSecurityGroup(ctx, name, at, parent); err != nil {
		return base, err
	}
	if at.existing.parameterGroupName != nil {
		base.parameterGroupName = at.existing.parameterGroupName.ToStringOutput()
	} else {
		if base.parameterGroup, err = newClusterParameterGroup(ctx, name, args.engineVersion, args.parameters, at.tags, parent); err != nil {
			return base, err
		}
		base.parameterGroupName = base.parameterGroup.Name
	}
	if base.monitoring, err = newMonitoring(ctx, name, args.monitoringInterval, at.existing.monitoringRoleARN, at.tags, parent); err != nil {
		return base, err
	}
	if args.kmsKeyARN != nil {
		base.keyARN = args.kmsKeyARN.ToStringOutput()
		return base, nil
	}
	key, err := newStorageKey(ctx, name, "Encrypts the storage, snapshots and backups of database "+name+" in its region.", at.tags, parent)
	if err != nil {
		return base, err
	}
	base.key, base.keyARN = key, key.Arn
	return base, nil
}

// newClusterParameterGroup creates the cluster parameters `<name>`: TLS
// forced, slow statements logged (engineParameters, as for a Database),
// then the caller's. The family follows the major version
// (aurora-postgresql16); a secondary gets the same parameters in its
// region, where parameter groups are.
func newClusterParameterGroup(ctx *pulumi.Context, name, version string, extra map[string]string, tags map[string]string, parent pulumi.ResourceOption) (*rds.ClusterParameterGroup, error) {
	values := engineParameters(engines[EnginePostgres], extra)
	var parameters rds.ClusterParameterGroupParameterArray
	for _, k := range validate.Keys(values) {
		parameters = append(parameters, rds.ClusterParameterGroupParameterArgs{Name: pulumi.String(k), Value: pulumi.String(values[k])})
	}
	return rds.NewClusterParameterGroup(ctx, name, &rds.ClusterParameterGroupArgs{
		Family:      pulumi.String(auroraEngine + strings.Split(version, ".")[0]),
		Description: pulumi.String("Cluster parameters of " + name),
		Parameters:  parameters,
		Tags:        tagging.Named(name, tags),
	}, parent)
}

// newGlobalCluster creates the global database `<name>` the primary heads:
// Aurora PostgreSQL at the primary's version, encrypted (its members must
// be), with the primary's database and deletion protection. Its
// identifier is physical and fixed for the stack's life
// (globalClusterIdentifier): the provider requires one and replaces the
// global database when it changes. It ignores later changes of
// engineVersion, as its members do (see ClusterArgs.EngineVersion).
func newGlobalCluster(ctx *pulumi.Context, name string, args ClusterArgs, parent pulumi.ResourceOption) (*rds.GlobalCluster, error) {
	return rds.NewGlobalCluster(ctx, name, &rds.GlobalClusterArgs{
		GlobalClusterIdentifier: pulumi.String(globalClusterIdentifier(ctx.Project(), ctx.Stack(), name)),
		Engine:                  pulumi.String(auroraEngine),
		EngineVersion:           pulumi.String(args.EngineVersion),
		DatabaseName:            pulumi.String(args.DatabaseName),
		StorageEncrypted:        pulumi.Bool(true),
		DeletionProtection:      pulumi.Bool(*args.DeletionProtection),
		Tags:                    tagging.Named(name, args.Tags),
	}, parent, pulumi.IgnoreChanges([]string{"engineVersion"}))
}

// maxIdentifier is the longest DB cluster (and global cluster) identifier
// RDS takes: 1 to 63 letters, digits and hyphens, a letter first, no two
// hyphens in a row, none last (RDS API reference, CreateGlobalCluster and
// CreateDBCluster, DBClusterIdentifier).
const maxIdentifier = 63

var notInIdentifier = regexp.MustCompile(`[^a-z0-9]+`)

// globalClusterIdentifier is the global database's identifier: project,
// stack and component name ("millionstack-prod-db-orders-1"), lower case,
// runs of other characters as one hyphen, so that stacks sharing an
// account never collide; a longer one keeps its start and ends with a hash
// of the whole (naming.Fit), so it stays unique. It depends on nothing that changes
// over a stack's life.
func globalClusterIdentifier(project, stack, name string) string {
	full := strings.Trim(notInIdentifier.ReplaceAllString(strings.ToLower(project+"-"+stack+"-"+name), "-"), "-")
	if full == "" || full[0] < 'a' || full[0] > 'z' {
		full = "db-" + full
	}
	return naming.Fit(full, maxIdentifier)
}

// clusterArgs are the inputs a primary and a secondary cluster share. Every
// one of them changes in place but availabilityZones, dbSubnetGroupName,
// kmsKeyId and storageEncrypted, which depend on nothing a stage changes.
// The first three AZs hold the cluster: the provider replaces a cluster
// whose AZs change, and RDS assigns three when given fewer, which would
// show as such a change on every run (SDK doc of ClusterArgs.AvailabilityZones).
func (b clusterBase) clusterArgs(name string, zones []string, backupDays int, deletionProtection, deferChanges bool, tags map[string]string) *rds.ClusterArgs {
	return &rds.ClusterArgs{
		Engine:                           pulumi.String(auroraEngine),
		Port:                             pulumi.Int(auroraPort),
		DbSubnetGroupName:                b.subnetGroupName,
		VpcSecurityGroupIds:              pulumi.StringArray{b.securityGroupID},
		DbClusterParameterGroupName:      b.parameterGroupName,
		AvailabilityZones:                pulumi.ToStringArray(zones[:clusterAZs]),
		StorageEncrypted:                 pulumi.Bool(true),
		KmsKeyId:                         b.keyARN,
		IamDatabaseAuthenticationEnabled: pulumi.Bool(true),
		BackupRetentionPeriod:            pulumi.Int(backupDays),
		CopyTagsToSnapshot:               pulumi.Bool(true),
		DeletionProtection:               pulumi.Bool(deletionProtection),
		EnabledCloudwatchLogsExports:     pulumi.ToStringArray(clusterLogExports),
		ApplyImmediately:                 pulumi.Bool(!deferChanges),
		Tags:                             tagging.Named(name, tags),
	}
}

// newPrimaryCluster creates the cluster `<name>` that takes writes: the
// database, the master user and its stored password, a final snapshot
// named once per lifetime (finalSnapshotID, as a Database's primary), and
// with global its place in the global database. It ignores later changes
// of its final snapshot's name (chosen anew on every run) and of its
// engine version (see ClusterArgs.EngineVersion). With DeletionProtection
// Pulumi protects it too (see protected).
func (b clusterBase) newPrimaryCluster(ctx *pulumi.Context, name string, args ClusterArgs, master *storedMaster, global *rds.GlobalCluster, parent pulumi.ResourceOrInvokeOption) (*rds.Cluster, error) {
	cluster := b.clusterArgs(name, args.AvailabilityZones, *args.BackupRetentionDays, *args.DeletionProtection, args.DeferChangesToMaintenanceWindow, args.Tags)
	cluster.Tags = tagging.WithInputs(tagging.Named(name, args.Tags), args.BackupTags)
	cluster.EngineVersion = pulumi.String(args.EngineVersion)
	cluster.DatabaseName = pulumi.String(args.DatabaseName)
	cluster.MasterUsername = pulumi.String(args.MasterUsername)
	cluster.MasterPassword = master.password
	cluster.DeleteAutomatedBackups = pulumi.Bool(false)
	cluster.SkipFinalSnapshot = pulumi.Bool(args.SkipFinalSnapshot)
	if args.StorageType != "" {
		cluster.StorageType = pulumi.String(string(args.StorageType))
	}
	if global != nil {
		cluster.GlobalClusterIdentifier = global.ID()
	}
	snapshotID, err := finalSnapshotID(ctx, name, parent)
	if err != nil {
		return nil, err
	}
	cluster.FinalSnapshotIdentifier = pulumi.String(snapshotID)
	opts := []pulumi.ResourceOption{parent, pulumi.IgnoreChanges([]string{"finalSnapshotIdentifier", "engineVersion"})}
	return rds.NewCluster(ctx, name, cluster, append(opts, protected(*args.DeletionProtection)...)...)
}

// newSecondaryCluster creates the cluster `<name>` that joins the primary's
// global database in this region. It sets no master user, password or
// database: it takes the primary's, and RDS refuses them on a secondary
// ("Cannot specify password for cross region replication cluster"). It
// waits for the primary's writer, without which the global database
// cannot replicate (the SDK's global-cluster examples order it so). It
// holds no data of its own and is deleted without a final snapshot, as a
// read replica is. It ignores the replicationSourceIdentifier the provider
// reads back for a global member (SDK doc of
// ClusterArgs.ReplicationSourceIdentifier) and later engine versions.
// With DeletionProtection Pulumi protects it too (see protected): it is
// the region's copy to promote.
func (b clusterBase) newSecondaryCluster(ctx *pulumi.Context, name string, args SecondaryClusterArgs, parent pulumi.ResourceOrInvokeOption) (*rds.Cluster, error) {
	cluster := b.clusterArgs(name, args.AvailabilityZones, *args.BackupRetentionDays, *args.DeletionProtection, args.DeferChangesToMaintenanceWindow, args.Tags)
	cluster.EngineVersion = pulumi.String(args.Primary.EngineVersion)
	cluster.GlobalClusterIdentifier = args.Primary.globalCluster.ID()
	// The primary's region, from which an encrypted secondary is created
	// (the provider signs the cross-region request for it, as the global
	// cluster example of terraform-aws-modules/terraform-aws-rds-aurora
	// sets it). Fixed for the secondary's life: it replaces the cluster.
	cluster.SourceRegion = pulumi.String(args.Primary.Region)
	cluster.SkipFinalSnapshot = pulumi.Bool(true)
	opts := []pulumi.ResourceOption{parent,
		pulumi.DependsOn([]pulumi.Resource{args.Primary.writer}),
		pulumi.IgnoreChanges([]string{"replicationSourceIdentifier", "engineVersion"})}
	return rds.NewCluster(ctx, name, cluster, append(opts, protected(*args.DeletionProtection)...)...)
}

// instanceSettings say how many instances a cluster runs, of which class,
// where, and how they are watched.
type instanceSettings struct {
	class               string
	count               int
	zones               []string
	performanceInsights bool
	monitoringInterval  int
	deferChanges        bool
	// deletionProtection is the cluster's: with it, Pulumi protects the
	// first instance (see protected).
	deletionProtection bool
	tags               map[string]string
}

// newInstances creates the instances `<name>-instance-1` to `-N`, one per
// AZ of the cluster in turn. The first is created before the others, so
// that it becomes the writer (Aurora makes the first instance of a
// cluster its writer); the others are readers, all of promotion tier 1
// (equal failover targets) while the first has tier 0. Each has Enhanced
// Monitoring, Performance Insights (7 days, free), automatic minor version
// upgrades (Security Hub RDS.13; AWS applies none to a member of a global
// database, whose minor versions are upgraded by hand: see
// ClusterArgs.EngineVersion), no public address, and the cluster's subnet
// group (which the provider requires to match the cluster's). The engine
// version is left to the cluster.
func (b clusterBase) newInstances(ctx *pulumi.Context, name string, cluster *rds.Cluster, s instanceSettings, parent pulumi.ResourceOption) ([]*rds.ClusterInstance, error) {
	var instances []*rds.ClusterInstance
	for i := 1; i <= s.count; i++ {
		instanceName := fmt.Sprintf("%s-instance-%d", name, i)
		args := &rds.ClusterInstanceArgs{
			ClusterIdentifier:          cluster.ID(),
			Engine:                     pulumi.String(auroraEngine),
			InstanceClass:              pulumi.String(s.class),
			DbSubnetGroupName:          b.subnetGroupName,
			AvailabilityZone:           pulumi.String(s.zones[(i-1)%clusterAZs]),
			PromotionTier:              pulumi.Int(min(i-1, 1)),
			PubliclyAccessible:         pulumi.Bool(false),
			MonitoringInterval:         pulumi.Int(s.monitoringInterval),
			MonitoringRoleArn:          b.monitoring.roleARN,
			PerformanceInsightsEnabled: pulumi.Bool(s.performanceInsights),
			AutoMinorVersionUpgrade:    pulumi.Bool(true),
			CopyTagsToSnapshot:         pulumi.Bool(true),
			ApplyImmediately:           pulumi.Bool(!s.deferChanges),
			Tags:                       tagging.Named(instanceName, s.tags),
		}
		if s.performanceInsights {
			args.PerformanceInsightsRetentionPeriod = pulumi.Int(7)
		}
		after := append([]pulumi.Resource{}, b.monitoring.dependsOn...)
		opts := []pulumi.ResourceOption{parent}
		if len(instances) > 0 {
			after = append(after, instances[0])
		} else {
			// The first instance, which the cluster keeps whatever its
			// count: the writer of a primary, the one to promote of a
			// secondary.
			opts = append(opts, protected(s.deletionProtection)...)
		}
		instance, err := rds.NewClusterInstance(ctx, instanceName, args, append(opts, pulumi.DependsOn(after))...)
		if err != nil {
			return nil, err
		}
		instances = append(instances, instance)
	}
	return instances, nil
}
