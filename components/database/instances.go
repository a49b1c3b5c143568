package database

import (
	"fmt"
	"github.com/millionstack/millionstack/internal/naming"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// foundation is what every instance of the component stands on: the
// names and IDs the instances take, and the groups the component created
// (nil where the user gave their own).
type foundation struct {
	subnetGroupName, securityGroupID, parameterGroupName pulumi.StringOutput
	subnetGroup                                          *rds.SubnetGroup
	securityGroup                                        *ec2.SecurityGroup
	parameterGroup                                       *rds.ParameterGroup
	monitoring                                           enhancedMonitoring
	// kmsKeyARN is the user's key for the primary's storage
	// (ExistingKMSKeyARN), nil for RDS's AWS managed key.
	kmsKeyARN pulumi.StringInput
	// storedMaster is the master password the component keeps, nil when RDS
	// manages it (MasterPassword "rds-managed").
	storedMaster *storedMaster
}

// instanceArgs are the inputs the primary and its replicas share: class,
// storage, network reachability, engine parameters, observability and
// protection. Every one of them changes in place, never by replacement;
// the change is applied during the deployment unless
// DeferChangesToMaintenanceWindow holds it for the maintenance window.
func (f foundation) instanceArgs(name, class string, args DatabaseArgs) *rds.InstanceArgs {
	return &rds.InstanceArgs{
		InstanceClass:                      pulumi.String(class),
		StorageType:                        pulumi.String("gp3"),
		StorageEncrypted:                   pulumi.Bool(true),
		MaxAllocatedStorage:                pulumi.Int(args.MaxAllocatedStorageGiB),
		PubliclyAccessible:                 pulumi.Bool(false),
		VpcSecurityGroupIds:                pulumi.StringArray{f.securityGroupID},
		ParameterGroupName:                 f.parameterGroupName,
		IamDatabaseAuthenticationEnabled:   pulumi.Bool(true),
		PerformanceInsightsEnabled:         pulumi.Bool(*args.PerformanceInsights),
		PerformanceInsightsRetentionPeriod: performanceInsightsRetention(args),
		MonitoringInterval:                 pulumi.Int(*args.MonitoringIntervalSeconds),
		MonitoringRoleArn:                  f.monitoring.roleARN,
		EnabledCloudwatchLogsExports:       pulumi.ToStringArray(engines[args.Engine].logExports),
		AutoMinorVersionUpgrade:            pulumi.Bool(true),
		CopyTagsToSnapshot:                 pulumi.Bool(true),
		DeletionProtection:                 pulumi.Bool(*args.DeletionProtection),
		ApplyImmediately:                   pulumi.Bool(!args.DeferChangesToMaintenanceWindow),
		Tags:                               tagging.Named(name, args.Tags),
	}
}

// performanceInsightsRetention is the free tier's 7 days when Performance
// Insights is on, and unset otherwise (RDS refuses a retention without it).
func performanceInsightsRetention(args DatabaseArgs) pulumi.IntPtrInput {
	if !*args.PerformanceInsights {
		return nil
	}
	return pulumi.Int(7)
}

// newPrimary creates the writer `<name>`. Its replace-triggering inputs
// (engine, username, dbName, storage encryption and key, subnet group,
// identifier, Availability Zone) depend on nothing a stage changes, so
// growing from one small instance to Multi-AZ with replicas is a series of
// in-place modifications; so is switching MasterPassword from "rds-managed"
// to "stored" (manageMasterUserPassword goes from true to unset and password
// is set, in place, see below). The stored password is stable from run to
// run (see newStoredMaster); the only input the instance ignores changes to
// is its final snapshot name (see finalSnapshotID). No identifier and no
// Availability Zone are set: Pulumi names the instance, RDS places it (and
// its standby). With DeletionProtection Pulumi protects it too (see
// protected): a plan that would delete or replace it is refused in preview,
// before its replicas and the values naming it are deleted first.
func (f foundation) newPrimary(ctx *pulumi.Context, name string, args DatabaseArgs, parent pulumi.ResourceOrInvokeOption) (*rds.Instance, error) {
	spec := engines[args.Engine]
	primary := f.instanceArgs(name, args.InstanceClass, args)
	primary.Tags = tagging.WithInputs(tagging.Named(name, args.Tags), args.BackupTags)
	primary.Engine = pulumi.String(args.Engine)
	primary.EngineVersion = pulumi.String(args.EngineVersion)
	primary.Port = pulumi.Int(spec.port)
	primary.AllocatedStorage = pulumi.Int(args.AllocatedStorageGiB)
	primary.DbSubnetGroupName = f.subnetGroupName
	// The user's key (ExistingKMSKeyARN), in the database's region (RDS
	// user guide, "Encrypting Amazon RDS resources": an encrypted instance
	// uses a key of its region). Fixed for the primary's life: the
	// provider replaces an instance whose kmsKeyId changes. Same-region
	// replicas take it from their source and set none ("A read replica in
	// the same AWS Region is always encrypted with the same KMS key as the
	// source DB instance", RDS API reference, CreateDBInstanceReadReplica,
	// KmsKeyId).
	if f.kmsKeyARN != nil {
		primary.KmsKeyId = f.kmsKeyARN.ToStringOutput()
	}
	primary.DbName = pulumi.String(args.DatabaseName)
	primary.Username = pulumi.String(args.MasterUsername)
	// Exactly one of manageMasterUserPassword and password is ever set. The
	// provider declares them conflicting (terraform-provider-aws
	// internal/service/rds/instance.go: manage_master_user_password is
	// Optional, not Computed, ConflictsWith password; password is Optional,
	// Sensitive, ConflictsWith manage_master_user_password), and a false is a
	// value: `manageMasterUserPassword: false` with a password passes preview
	// (the password is still unknown) and fails `pulumi up` with "Conflicting
	// configuration arguments" after the secret is created (the same as
	// hashicorp/terraform-provider-aws#32002 for clusters;
	// terraform-aws-modules/terraform-aws-rds turns false into null for this
	// reason). So a stored password leaves the flag unset.
	//
	// Leaving it unset still switches a live primary off RDS's management:
	// the attribute is not Computed, so going from true to unset is a change
	// to false, and the provider's update (dbInstancePopulateModify) sends
	// ManageMasterUserPassword=false (d.Get of the unset flag) together with
	// MasterUserPassword (password changed) in one ModifyDBInstance, which is
	// what RDS requires to take back a managed password ("you must specify
	// MasterUserPassword. In this case, Amazon RDS deletes the secret", RDS
	// API reference, ModifyDBInstance, ManageMasterUserPassword).
	if f.storedMaster != nil {
		primary.Password = f.storedMaster.password
	} else {
		primary.ManageMasterUserPassword = pulumi.Bool(true)
	}
	primary.MultiAz = pulumi.Bool(args.MultiAZ)
	primary.BackupRetentionPeriod = pulumi.Int(*args.BackupRetentionDays)
	primary.DeleteAutomatedBackups = pulumi.Bool(false)
	primary.SkipFinalSnapshot = pulumi.Bool(args.SkipFinalSnapshot)
	// The name is sent even when SkipFinalSnapshot is true (the provider
	// only reads it when the snapshot is taken), so that switching
	// SkipFinalSnapshot off later finds a name in the instance's state.
	snapshotID, err := finalSnapshotID(ctx, name, parent)
	if err != nil {
		return nil, err
	}
	primary.FinalSnapshotIdentifier = pulumi.String(snapshotID)
	opts := []pulumi.ResourceOption{parent, pulumi.DependsOn(f.monitoring.dependsOn), pulumi.IgnoreChanges([]string{"finalSnapshotIdentifier"})}
	return rds.NewInstance(ctx, name, primary, append(opts, protected(*args.DeletionProtection)...)...)
}

// finalSnapshotID names the primary's final snapshot
// `<name>-final-<12 random lower-case letters and digits>`, unique to one
// lifetime of the instance: a fixed name per stack made the second delete of
// a re-created stack fail with DBSnapshotAlreadyExists, the first one's
// snapshot being kept. The suffix is naming.Lifetime's, which answers anew
// on every run; the primary ignores changes to finalSnapshotIdentifier, so the name chosen
// when the instance was created stays in its state for its whole life (an
// instance created before this scheme keeps its `<name>-<hash>-final`), and
// an instance created again after a destroy chooses a new one. A
// replacement does not: Pulumi carries an ignored input's old value into
// the replacement (pulumi/pulumi#2657), so a replaced primary reuses its
// predecessor's name, which is free until that predecessor's final
// snapshot is taken; `diff` reports such a replacement as data loss anyway.
//
// The name meets RDS's rules for snapshot identifiers (1 to 255 letters,
// digits and hyphens, a letter first, no two hyphens in a row, no hyphen
// last: RDS API reference, CreateDBSnapshot, DBSnapshotIdentifier; the
// provider's ValidateFunc on final_snapshot_identifier checks the same,
// terraform-provider-aws internal/service/rds/instance.go): the component
// name is a letter and then lower-case letters, digits and single hyphens,
// at most 24 characters (validate.ComponentName), and the suffix holds no
// hyphen. RDS stores identifiers in lower case, so the suffix asks for no
// capitals.
func finalSnapshotID(ctx *pulumi.Context, name string, parent pulumi.ResourceOrInvokeOption) (string, error) {
	suffix, err := naming.Lifetime(ctx, parent)
	if err != nil {
		return "", err
	}
	return naming.Child(name, "final", suffix), nil
}

// newReplicas creates the read replicas `<name>-replica-1` to `-N` of the
// primary, in the primary's subnet group (a same-region replica inherits
// it), behind the same security group and parameter group. A replica
// inherits engine, version, database, master user and storage size from
// its source, so those are left out; it holds no data of its own, so it is
// deleted without a final snapshot. It keeps DeletionProtection, which
// Security Hub (RDS.8) checks on every instance: removing a replica takes
// one deployment with DeletionProtection false first.
func (f foundation) newReplicas(ctx *pulumi.Context, name string, args DatabaseArgs, primary *rds.Instance, parent pulumi.ResourceOption) ([]*rds.Instance, error) {
	var replicas []*rds.Instance
	for i := 1; i <= args.ReadReplicas; i++ {
		replicaName := fmt.Sprintf("%s-replica-%d", name, i)
		replica := f.instanceArgs(replicaName, args.ReplicaInstanceClass, args)
		replica.ReplicateSourceDb = primary.Identifier
		replica.SkipFinalSnapshot = pulumi.Bool(true)
		r, err := rds.NewInstance(ctx, replicaName, replica, parent, pulumi.DependsOn(f.monitoring.dependsOn))
		if err != nil {
			return nil, err
		}
		replicas = append(replicas, r)
	}
	return replicas, nil
}
