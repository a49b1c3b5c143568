package database

import (
	"errors"
	"fmt"

	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/internal/admission"
	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ReplicaType is the Replica component's type token.
const ReplicaType = "millionstack:database:Replica"

// Replica is a read replica of a Database in another region: an RDS
// instance that replicates the Database's primary, by ARN, through the
// AWS provider of its region (pulumi.Provider), with what it stands on
// there: a subnet group, a security group admitting the given callers, the
// Database's parameters, an Enhanced Monitoring role and a key.
//
// It is a small constructor of its own rather than a mode of Database: a
// replica takes its engine, version, storage, database, master user and
// password from its source, so nearly every DatabaseArgs field would be
// meaningless for it, and the Database's own resources stay exactly as they
// are when a region is added. The replica serves reads in its region and
// can be promoted (aws rds promote-read-replica) when the source's region
// fails; it holds no data of its own until then.
//
// Its main children are exported as an escape hatch, as Database's are.
type Replica struct {
	pulumi.ResourceState

	// Instance is the replica instance.
	Instance *rds.Instance
	// SecurityGroup, SubnetGroup, ParameterGroup, MonitoringRole and
	// KMSKey are the component's, each nil where ReplicaArgs named one of
	// your own (or, for the role, with monitoring off).
	SecurityGroup  *ec2.SecurityGroup
	SubnetGroup    *rds.SubnetGroup
	ParameterGroup *rds.ParameterGroup
	MonitoringRole *iam.Role
	KMSKey         *kms.Key

	// Region is the replica's region.
	Region string
	// Port is the engine port.
	Port int
	// MaxConnections is how many connections the replica accepts, as
	// Database.MaxConnections.
	MaxConnections int
	// LogExports are the logs the replica publishes to CloudWatch Logs, into
	// /aws/rds/instance/<InstanceID>/<log> in its region.
	LogExports []string
	// InstanceID is the replica's DB instance identifier.
	InstanceID pulumi.StringOutput `pulumi:"instanceId"`
	// Address is the replica's host name.
	Address pulumi.StringOutput `pulumi:"address"`
	// Endpoint is the replica's "host:port".
	Endpoint pulumi.StringOutput `pulumi:"endpoint"`
	// ARN is the replica's ARN.
	ARN pulumi.StringOutput `pulumi:"arn"`
	// ResourceID is the replica's DbiResourceId, the stable ID IAM database
	// authentication names it by.
	ResourceID pulumi.StringOutput `pulumi:"resourceId"`
	// SecurityGroupID is the replica's security group.
	SecurityGroupID pulumi.StringOutput `pulumi:"securityGroupId"`
	// KMSKeyARN is the key that encrypts the replica.
	KMSKeyARN pulumi.StringOutput `pulumi:"kmsKeyArn"`
	// AppConnectPolicyJSON lets the source's application user log in to the
	// replica (ConnectPolicy of Database.AppUser), "" without one.
	AppConnectPolicyJSON pulumi.StringOutput `pulumi:"appConnectPolicyJson"`

	source    *Database
	name      string
	admission *admission.Group
}

// ReplicaArgs configures a Replica.
type ReplicaArgs struct {
	// Source is the Database to replicate, in another region. Required;
	// it needs read replicas' prerequisites (MasterPassword "stored",
	// backups), which its own validation already holds it to when it has
	// replicas, and is checked here otherwise.
	Source *Database
	// VpcID, SubnetIDs and AllowedSecurityGroups place the replica in its
	// region, as DatabaseArgs' do. VpcID and SubnetIDs are required.
	VpcID                 pulumi.StringInput
	SubnetIDs             pulumi.StringArrayInput
	AllowedSecurityGroups map[string]pulumi.StringInput
	// InstanceClass is the replica's class. Default the source's
	// ReplicaInstanceClass (its InstanceClass without replicas).
	InstanceClass string
	// ExistingKMSKeyARN is a key of your own, by its key ARN, in the
	// replica's region, that encrypts it. Default: the component creates
	// one (the source's key cannot leave its region). Changing it replaces
	// the replica.
	ExistingKMSKeyARN pulumi.StringInput
	// ExistingSecurityGroupID, ExistingSubnetGroupName and
	// ExistingMonitoringRoleARN are resources of your own in the replica's
	// region, as in DatabaseArgs (not with AllowedSecurityGroups; with
	// ExistingSubnetGroupName, SubnetIDs is refused: the replica runs no
	// function). Default none.
	ExistingSecurityGroupID   pulumi.StringInput
	ExistingSubnetGroupName   pulumi.StringInput
	ExistingMonitoringRoleARN pulumi.StringInput
	// DeletionProtection, PerformanceInsights, MonitoringIntervalSeconds
	// and DeferChangesToMaintenanceWindow: as in DatabaseArgs, default
	// the source's.
	DeletionProtection              *bool
	PerformanceInsights             *bool
	MonitoringIntervalSeconds       *int
	DeferChangesToMaintenanceWindow *bool
	// Tags are applied to every taggable child, with Name.
	Tags map[string]string
}

// WithDefaults returns a copy of the args with every unset field given the
// default documented on it.
func (a ReplicaArgs) WithDefaults() ReplicaArgs {
	if a.Source == nil {
		return a
	}
	src := a.Source.source
	if a.InstanceClass == "" {
		a.InstanceClass = src.ReplicaInstanceClass
	}
	if a.DeletionProtection == nil {
		a.DeletionProtection = src.DeletionProtection
	}
	if a.PerformanceInsights == nil {
		a.PerformanceInsights = pulumi.BoolRef(engines[src.Engine].supportsPerformanceInsights(a.InstanceClass))
	}
	if a.MonitoringIntervalSeconds == nil {
		a.MonitoringIntervalSeconds = src.MonitoringIntervalSeconds
	}
	if a.DeferChangesToMaintenanceWindow == nil {
		a.DeferChangesToMaintenanceWindow = pulumi.BoolRef(src.DeferChangesToMaintenanceWindow)
	}
	return a
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included) that needs no lookup, as NewReplica would, without registering anything.
func (a ReplicaArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("database", name), a.WithDefaults().validate(name, ""))
}

// validate reports every problem with the (defaulted) args at once, each
// prefixed with scope; region is where the replica would deploy, "" when
// not looked up.
func (a ReplicaArgs) validate(name, region string) error {
	p := validate.For("database", name)
	p.Required("Source", a.Source != nil, "the Database to replicate")
	if a.Source == nil {
		return p.Err()
	}
	src := a.Source.source
	p.Allows("Source", "a Database in another region than the replica's AWS provider (pulumi.Provider); in the same region use DatabaseArgs.ReadReplicas").
		RefuseIf(region != "" && region == a.Source.Region, "the source database %q is in %s, where the replica would be too", a.Source.name, region)
	p.Allows("Source", fmt.Sprintf("a Database with MasterPassword %q", MasterPasswordStored)).
		RefuseIf(src.MasterPassword == MasterPasswordRDSManaged, "the source database %q has MasterPassword %q: RDS refuses read replicas of a source whose master password it manages, and cross-Region read replicas of one in particular", a.Source.name, src.MasterPassword)
	p.Required("VpcID", a.VpcID != nil || a.ExistingSecurityGroupID != nil, "")
	p.VpcID("VpcID", a.VpcID)
	a.existing().validateSubnets(p, a.SubnetIDs, false)
	a.existing().validate(p, a.AllowedSecurityGroups, a.MonitoringIntervalSeconds, region)
	checkAllowedGroups(p, a.AllowedSecurityGroups, nil)
	p.InstanceType("InstanceClass", a.InstanceClass, "db.", "db.t3.micro")
	_, known := (DatabaseArgs{Engine: src.Engine, Parameters: src.Parameters}).maxConnections(a.InstanceClass)
	p.Allows("InstanceClass", knownClasses()).
		RefuseIf(!known, "%q: its memory, from which RDS derives max_connections, is not known to the component", a.InstanceClass)
	checkPerformanceInsights(p, src.Engine, a.InstanceClass, *a.PerformanceInsights)
	checkMonitoringInterval(p, *a.MonitoringIntervalSeconds)
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// replica is the Replica NewReplica returns for the (defaulted) args,
// before anything is registered: its plain fields.
func (a ReplicaArgs) replica(name, region string) *Replica {
	src := a.Source.source
	r := &Replica{name: name, Region: region, Port: engines[src.Engine].port, LogExports: engines[src.Engine].logExports, source: a.Source}
	r.MaxConnections, _ = DatabaseArgs{Engine: src.Engine, Parameters: src.Parameters}.maxConnections(a.InstanceClass) // 0 when unknown: validate refuses the class
	return r
}

// StandIn returns the Replica NewReplica would make of args (Source
// required: a Database or its StandIn), registering nothing: its plain
// fields as NewReplica sets them (Region aside, which only the constructor
// looks up) and every output empty. It lets a program validate what it
// builds on the replica, its alarms, before the replica is registered.
func (a ReplicaArgs) StandIn(name string) *Replica {
	r := a.WithDefaults().replica(name, "")
	empty := pulumi.String("").ToStringOutput()
	r.InstanceID, r.Address, r.Endpoint, r.ARN, r.ResourceID = empty, empty, empty, empty, empty
	r.SecurityGroupID, r.KMSKeyARN, r.AppConnectPolicyJSON = empty, empty, empty
	return r
}

// existing are the resources of the user's own the replica uses.
func (a ReplicaArgs) existing() existing {
	return existing{
		securityGroupID: a.ExistingSecurityGroupID, subnetGroupName: a.ExistingSubnetGroupName,
		monitoringRoleARN: a.ExistingMonitoringRoleARN, kmsKeyARN: a.ExistingKMSKeyARN,
	}
}

// NewReplica creates the replica named name of args.Source in the region of
// the AWS provider opts select, which must not be the source's. Args are
// defaulted and validated first: a bad configuration registers nothing.
func NewReplica(ctx *pulumi.Context, name string, args ReplicaArgs, opts ...pulumi.ResourceOption) (*Replica, error) {
	args = args.WithDefaults()
	if err := validate.ComponentName("database", name); err != nil {
		return nil, errors.Join(err, args.validate(name, ""))
	}
	region, err := awsprovider.CurrentRegion(ctx, opts...)
	if err != nil {
		return nil, err
	}
	if err := args.validate(name, region); err != nil {
		return nil, err
	}
	src := args.Source.source
	r := args.replica(name, region)
	if err := ctx.RegisterComponentResource(ReplicaType, name, r, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(r)
	at := site{vpcID: args.VpcID, subnetIDs: args.SubnetIDs, allowed: args.AllowedSecurityGroups, engine: src.Engine, port: r.Port, tags: args.Tags, existing: args.existing()}
	var subnetGroupName, securityGroupID, parameterGroupName pulumi.StringOutput
	if r.SubnetGroup, subnetGroupName, err = newSubnetGroup(ctx, name, at, parent); err != nil {
		return nil, err
	}
	if r.SecurityGroup, securityGroupID, err = newSecurityGroup(ctx, name, at, parent); err != nil {
		return nil, err
	}
	// The source's parameters, TLS forced, in this region: a cross-Region
	// replica cannot use a parameter group of another region.
	if r.ParameterGroup, parameterGroupName, err = newParameterGroup(ctx, name, DatabaseArgs{Engine: src.Engine, EngineVersion: src.EngineVersion, Parameters: src.Parameters, Tags: args.Tags}, parent); err != nil {
		return nil, err
	}
	monitoring, err := newMonitoring(ctx, name, *args.MonitoringIntervalSeconds, args.ExistingMonitoringRoleARN, args.Tags, parent)
	if err != nil {
		return nil, err
	}
	r.MonitoringRole = monitoring.role
	keyARN := pulumi.StringOutput{}
	if args.ExistingKMSKeyARN != nil {
		keyARN = args.ExistingKMSKeyARN.ToStringOutput()
	} else {
		if r.KMSKey, err = newStorageKey(ctx, name, fmt.Sprintf("Encrypts %s, the read replica of database %s in this region.", name, args.Source.name), args.Tags, parent); err != nil {
			return nil, err
		}
		keyARN = r.KMSKey.Arn
	}
	replica, err := rds.NewInstance(ctx, name, &rds.InstanceArgs{
		// By ARN: a replica in another region names its source so, and RDS
		// then copies across regions (RDS user guide, "Creating a read
		// replica in a different AWS Region").
		ReplicateSourceDb:                  args.Source.ARN,
		InstanceClass:                      pulumi.String(args.InstanceClass),
		StorageType:                        pulumi.String("gp3"),
		StorageEncrypted:                   pulumi.Bool(true),
		KmsKeyId:                           keyARN,
		MaxAllocatedStorage:                pulumi.Int(src.MaxAllocatedStorageGiB),
		DbSubnetGroupName:                  subnetGroupName,
		PubliclyAccessible:                 pulumi.Bool(false),
		VpcSecurityGroupIds:                pulumi.StringArray{securityGroupID},
		ParameterGroupName:                 parameterGroupName,
		IamDatabaseAuthenticationEnabled:   pulumi.Bool(true),
		PerformanceInsightsEnabled:         pulumi.Bool(*args.PerformanceInsights),
		PerformanceInsightsRetentionPeriod: performanceInsightsRetention(DatabaseArgs{PerformanceInsights: args.PerformanceInsights}),
		MonitoringInterval:                 pulumi.Int(*args.MonitoringIntervalSeconds),
		MonitoringRoleArn:                  monitoring.roleARN,
		EnabledCloudwatchLogsExports:       pulumi.ToStringArray(engines[src.Engine].logExports),
		AutoMinorVersionUpgrade:            pulumi.Bool(true),
		CopyTagsToSnapshot:                 pulumi.Bool(true),
		DeletionProtection:                 pulumi.Bool(*args.DeletionProtection),
		ApplyImmediately:                   pulumi.Bool(!*args.DeferChangesToMaintenanceWindow),
		SkipFinalSnapshot:                  pulumi.Bool(true), // a copy: its source keeps the data
		Tags:                               tagging.Named(name, args.Tags),
	}, parent, pulumi.DependsOn(monitoring.dependsOn))
	if err != nil {
		return nil, err
	}
	r.InstanceID, r.Address, r.Endpoint = replica.Identifier, replica.Address, replica.Endpoint
	r.ARN, r.ResourceID = replica.Arn, replica.ResourceId
	r.Instance = replica
	r.SecurityGroupID = securityGroupID
	r.admission = newAdmission(ctx, "database", name, at, securityGroupID, r)
	r.KMSKeyARN = keyARN
	r.AppConnectPolicyJSON = pulumi.String("").ToStringOutput()
	if src.AppUser != "" {
		r.AppConnectPolicyJSON = pulumi.All(replica.Arn, replica.ResourceId, args.Source.AppUser).ApplyT(func(v []interface{}) (string, error) {
			return connectDocument(v[0].(string), []string{v[1].(string)}, v[2].(string))
		}).(pulumi.StringOutput)
	}
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{
		"region":               pulumi.String(r.Region),
		"instanceId":           r.InstanceID,
		"address":              r.Address,
		"endpoint":             r.Endpoint,
		"arn":                  r.ARN,
		"resourceId":           r.ResourceID,
		"securityGroupId":      r.SecurityGroupID,
		"kmsKeyArn":            r.KMSKeyARN,
		"appConnectPolicyJson": r.AppConnectPolicyJSON,
	})
}

// ConnectPolicy returns an IAM policy document that lets its holder log in
// to the replica as user with IAM database authentication (the users
// replicate from the source), as Database.ConnectPolicy.
func (r *Replica) ConnectPolicy(user string) pulumi.StringOutput {
	if err := checkPolicyUser(validate.Scope("database", r.name), user); err != nil {
		return failed(err)
	}
	return pulumi.All(r.ARN, r.ResourceID).ApplyT(func(v []interface{}) (string, error) {
		return connectDocument(v[0].(string), []string{v[1].(string)}, user)
	}).(pulumi.StringOutput)
}

// ReadSecretPolicy is the source's (Database.ReadSecretPolicy): the master
// user and its secret are the source's, in the source's region.
func (r *Replica) ReadSecretPolicy() pulumi.StringOutput {
	return r.source.ReadSecretPolicy()
}

// AllowFrom admits the security group securityGroupID, of the replica's
// region, known as name, on the engine port, as Database.AllowFrom.
func (r *Replica) AllowFrom(name string, securityGroupID pulumi.StringInput) error {
	return r.admission.AllowFrom(name, securityGroupID)
}

// AlarmTarget is what components/monitoring of the replica's region
// watches of it (monitoring.MonitoringArgs.Database): the instance as a
// replica (its lag behind the source), with its source's storage and its
// own connection limit.
func (r *Replica) AlarmTarget() *monitoring.DatabaseTarget {
	return &monitoring.DatabaseTarget{InstanceID: r.InstanceID, Replica: true, AllocatedStorageGiB: r.source.AllocatedStorageGiB, MaxConnections: r.MaxConnections}
}
