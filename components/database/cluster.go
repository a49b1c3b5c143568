package database

import (
	"errors"

	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/internal/admission"
	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ClusterType is the Cluster component's type token.
const ClusterType = "millionstack:database:Cluster"

// Cluster is an Aurora PostgreSQL cluster: the cluster (its storage volume,
// replicated over three AZs), a writer and readers spread over three AZs,
// and what they stand on, in one region. A primary (NewCluster) takes
// writes and may head an Aurora global database; a secondary
// (NewSecondaryCluster) is the global database's read-only copy in another
// region, promoted when the primary's region fails.
//
// Primary and secondary are two constructors of one component rather than
// one component holding both regions: a component lives in the region of
// the AWS provider it is given (pulumi.Provider), as every other component
// does, so a secondary is placed like the network and the app tier beside
// it, and adding or removing a region never touches the primary's
// resources.
//
// Secure by default as Security Hub judges clusters: encrypted with a
// customer-managed key of its region, TLS-only, private, IAM database
// authentication, backups, deletion protection, copy of tags to snapshots,
// a final snapshot, Enhanced Monitoring and Performance Insights on every
// instance, the postgresql log in CloudWatch Logs, and a master password
// the component keeps and rotates and the application never holds.
//
// Its main children are exported as an escape hatch, as Database's are:
// read their outputs or depend on them; change an input the component sets
// with pulumi.Transforms on the component.
type Cluster struct {
	pulumi.ResourceState

	// DBCluster is the Aurora cluster.
	DBCluster *rds.Cluster
	// Instances are the cluster's instances, the writer first.
	Instances []*rds.ClusterInstance
	// GlobalCluster is the global database (a secondary's is its
	// primary's), nil unless Global.
	GlobalCluster *rds.GlobalCluster
	// SecurityGroup, SubnetGroup, ParameterGroup, MonitoringRole and
	// KMSKey are the component's, each nil where the Args named one of
	// your own (or, for the role, with monitoring off).
	SecurityGroup  *ec2.SecurityGroup
	SubnetGroup    *rds.SubnetGroup
	ParameterGroup *rds.ClusterParameterGroup
	MonitoringRole *iam.Role
	KMSKey         *kms.Key

	// Region is the region the cluster is in.
	Region string
	// Secondary is true for a global database's secondary: it takes no
	// writes until promoted.
	Secondary bool
	// PrimaryRegion is a secondary's primary's region, the one it
	// replicates from; "" for a primary.
	PrimaryRegion string
	// Port is the engine port, 5432.
	Port int
	// DatabaseName is the database the application uses.
	DatabaseName string
	// EngineVersion is the version the cluster was created with.
	EngineVersion string
	// MaxConnections is how many connections each instance accepts (the
	// connections alarm's base), as Database.MaxConnections.
	MaxConnections int
	// LogExports are the logs the cluster publishes to CloudWatch Logs, each
	// into the group /aws/rds/cluster/<ClusterID>/<log> that RDS creates
	// without a retention (see components/logretention).
	LogExports []string
	// ClusterID is the DB cluster identifier: the DBClusterIdentifier
	// dimension of its CloudWatch metrics.
	ClusterID pulumi.StringOutput `pulumi:"clusterId"`
	// ARN is the cluster's ARN.
	ARN pulumi.StringOutput `pulumi:"arn"`
	// ResourceID is the cluster's resource ID ("cluster-ABCDEFGHIJKLMNOPQRSTUVWXY0"),
	// the stable ID IAM database authentication names it by.
	ResourceID pulumi.StringOutput `pulumi:"resourceId"`
	// Endpoint is the cluster (writer) endpoint's host name: it follows a
	// failover to a reader. A secondary's takes no writes until promoted.
	Endpoint pulumi.StringOutput `pulumi:"endpoint"`
	// ReaderEndpoint is the reader endpoint's host name: it balances
	// connections over the readers (the writer while there are none).
	ReaderEndpoint pulumi.StringOutput `pulumi:"readerEndpoint"`
	// InstanceIDs are the instances' identifiers, the writer first.
	InstanceIDs pulumi.StringArrayOutput `pulumi:"instanceIds"`
	// GlobalClusterID is the global database's identifier, "" unless
	// Global (a secondary has its primary's).
	GlobalClusterID pulumi.StringOutput `pulumi:"globalClusterId"`
	// MasterSecretARN is the secret `<name>-master` holding the master
	// user's credentials (a secondary's is its primary's: the users
	// replicate). For operators: only the bootstrap and rotation functions
	// are granted it.
	MasterSecretARN pulumi.StringOutput `pulumi:"masterSecretArn"`
	// SecurityGroupID is the cluster's security group.
	SecurityGroupID pulumi.StringOutput `pulumi:"securityGroupId"`
	// KMSKeyARN is the key that encrypts the cluster.
	KMSKeyARN pulumi.StringOutput `pulumi:"kmsKeyArn"`
	// AppUser is the application's user once the bootstrap has created it
	// (a secondary's, once its primary's has), "" without one.
	AppUser pulumi.StringOutput `pulumi:"appUser"`
	// AppConnectPolicyJSON is ConnectPolicy(AppUser), "" without one.
	AppConnectPolicyJSON pulumi.StringOutput `pulumi:"appConnectPolicyJson"`

	name          string
	appUser       string
	global        bool
	instanceClass string
	parameters    map[string]string
	globalCluster *rds.GlobalCluster
	writer        *rds.ClusterInstance
	admission     *admission.Group
}

// NewCluster creates the primary cluster named name, and with Global the
// global database it heads. Args are defaulted and validated first: a bad
// configuration returns every problem at once and registers nothing.
func NewCluster(ctx *pulumi.Context, name string, args ClusterArgs, opts ...pulumi.ResourceOption) (*Cluster, error) {
	args = args.WithDefaults()
	// The region first (a lookup, which registers nothing): a key of your
	// own must be in it.
	region, err := awsprovider.CurrentRegion(ctx, opts...)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(validate.ComponentName("database", name), args.validate(name, region)); err != nil {
		return nil, err
	}
	c := args.cluster(name, region)
	if err := ctx.RegisterComponentResource(ClusterType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	at := args.site()
	base, err := newClusterBase(ctx, name, at, clusterBaseArgs{
		kmsKeyARN: args.ExistingKMSKeyARN, engineVersion: args.EngineVersion, parameters: args.Parameters,
		monitoringInterval: *args.MonitoringIntervalSeconds,
	}, parent)
	if err != nil {
		return nil, err
	}
	master, err := newStoredMaster(ctx, name, args.login(), args.Tags, parent)
	if err != nil {
		return nil, err
	}
	if args.Global {
		if c.globalCluster, err = newGlobalCluster(ctx, name, args, parent); err != nil {
			return nil, err
		}
	}
	cluster, err := base.newPrimaryCluster(ctx, name, args, master, c.globalCluster, parent)
	if err != nil {
		return nil, err
	}
	instances, err := base.newInstances(ctx, name, cluster, instanceSettings{
		class: args.InstanceClass, count: 1 + *args.Readers, zones: args.AvailabilityZones,
		performanceInsights: *args.PerformanceInsights, monitoringInterval: *args.MonitoringIntervalSeconds,
		deferChanges: args.DeferChangesToMaintenanceWindow, deletionProtection: *args.DeletionProtection, tags: args.Tags,
	}, parent)
	if err != nil {
		return nil, err
	}
	c.writer = instances[0]
	c.outputs(cluster, base, instances)
	c.admission = newAdmission(ctx, "database", name, at, base.securityGroupID, c)
	c.MasterSecretARN = master.secret.Arn
	c.GlobalClusterID = pulumi.String("").ToStringOutput()
	if c.globalCluster != nil {
		c.GlobalClusterID = c.globalCluster.ID().ToStringOutput()
	}
	if err := c.access(ctx, name, args, at, base, master, parent); err != nil {
		return nil, err
	}
	return c, c.registerOutputs(ctx)
}

// NewSecondaryCluster creates the secondary cluster named name of
// args.Primary's global database in the region of the AWS provider opts
// select (pulumi.Provider), which must not be the primary's: a cluster
// without master user, password or database (all three come from the
// primary), encrypted with a key of its region, whose instances are all
// readers. Args are defaulted and validated first.
func NewSecondaryCluster(ctx *pulumi.Context, name string, args SecondaryClusterArgs, opts ...pulumi.ResourceOption) (*Cluster, error) {
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
	primary := args.Primary
	c := &Cluster{
		Region: region, Secondary: true, PrimaryRegion: primary.Region, Port: auroraPort, DatabaseName: primary.DatabaseName,
		EngineVersion:  primary.EngineVersion,
		MaxConnections: maxClusterConnections(args.InstanceClass, primary.parameters),
		LogExports:     clusterLogExports,
		name:           name, global: true, instanceClass: args.InstanceClass, parameters: primary.parameters,
		globalCluster: primary.globalCluster,
	}
	if err := ctx.RegisterComponentResource(ClusterType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	at := site{vpcID: args.VpcID, subnetIDs: args.SubnetIDs, allowed: args.AllowedSecurityGroups, engine: EnginePostgres, port: auroraPort, tags: args.Tags, existing: args.existing()}
	base, err := newClusterBase(ctx, name, at, clusterBaseArgs{
		kmsKeyARN: args.ExistingKMSKeyARN, engineVersion: primary.EngineVersion, parameters: primary.parameters,
		monitoringInterval: *args.MonitoringIntervalSeconds,
	}, parent)
	if err != nil {
		return nil, err
	}
	cluster, err := base.newSecondaryCluster(ctx, name, args, parent)
	if err != nil {
		return nil, err
	}
	instances, err := base.newInstances(ctx, name, cluster, instanceSettings{
		class: args.InstanceClass, count: args.Instances, zones: args.AvailabilityZones,
		performanceInsights: *args.PerformanceInsights, monitoringInterval: *args.MonitoringIntervalSeconds,
		deferChanges: args.DeferChangesToMaintenanceWindow, deletionProtection: *args.DeletionProtection, tags: args.Tags,
	}, parent)
	if err != nil {
		return nil, err
	}
	c.writer = instances[0]
	c.outputs(cluster, base, instances)
	c.admission = newAdmission(ctx, "database", name, at, base.securityGroupID, c)
	c.MasterSecretARN = primary.MasterSecretARN
	c.GlobalClusterID = primary.GlobalClusterID
	c.AppUser = primary.AppUser
	c.AppConnectPolicyJSON = pulumi.String("").ToStringOutput()
	if primary.appUser != "" {
		c.AppConnectPolicyJSON = clusterConnectPolicy(c, primary.AppUser)
	}
	c.appUser = primary.appUser
	return c, c.registerOutputs(ctx)
}

// outputs sets the fields every cluster has from its resources.
func (c *Cluster) outputs(cluster *rds.Cluster, base clusterBase, instances []*rds.ClusterInstance) {
	c.ClusterID = cluster.ClusterIdentifier
	c.ARN = cluster.Arn
	c.ResourceID = cluster.ClusterResourceId
	c.Endpoint = cluster.Endpoint
	c.ReaderEndpoint = cluster.ReaderEndpoint
	ids := pulumi.StringArray{}
	for _, i := range instances {
		ids = append(ids, i.Identifier)
	}
	c.InstanceIDs = ids.ToStringArrayOutput()
	c.SecurityGroupID = base.securityGroupID
	c.KMSKeyARN = base.keyARN
	c.DBCluster, c.Instances, c.GlobalCluster = cluster, instances, c.globalCluster
	c.SecurityGroup, c.SubnetGroup, c.ParameterGroup = base.securityGroup, base.subnetGroup, base.parameterGroup
	c.MonitoringRole, c.KMSKey = base.monitoring.role, base.key
}

// registerOutputs ends the constructor.
func (c *Cluster) registerOutputs(ctx *pulumi.Context) error {
	return ctx.RegisterResourceOutputs(c, pulumi.Map{
		"region":               pulumi.String(c.Region),
		"secondary":            pulumi.Bool(c.Secondary),
		"port":                 pulumi.Int(c.Port),
		"maxConnections":       pulumi.Int(c.MaxConnections),
		"clusterId":            c.ClusterID,
		"arn":                  c.ARN,
		"resourceId":           c.ResourceID,
		"endpoint":             c.Endpoint,
		"readerEndpoint":       c.ReaderEndpoint,
		"instanceIds":          c.InstanceIDs,
		"globalClusterId":      c.GlobalClusterID,
		"masterSecretArn":      c.MasterSecretARN,
		"securityGroupId":      c.SecurityGroupID,
		"kmsKeyArn":            c.KMSKeyARN,
		"appUser":              c.AppUser,
		"appConnectPolicyJson": c.AppConnectPolicyJSON,
	})
}

// AlarmTarget is what components/monitoring watches of the cluster: its
// writer and readers by role, which follow a failover.
func (c *Cluster) AlarmTarget() monitoring.ClusterTarget {
	return monitoring.ClusterTarget{ClusterID: c.ClusterID, MaxConnections: c.MaxConnections, Secondary: c.Secondary, SourceRegion: c.PrimaryRegion}
}

// ConnectPolicy returns an IAM policy document that lets its holder log
// in to the cluster (every instance, in the cluster's region) as user with
// IAM database authentication, and nothing else: rds-db:connect on
// arn:<partition>:rds-db:<region>:<account>:dbuser:<cluster resource ID>/<user>
// (Aurora user guide, "Creating and using an IAM policy for IAM database
// access": for an Aurora cluster the resource ID is the cluster's). The
// user must exist on the primary and be a member of rds_iam (AppUser does
// both); it follows the rules of AppUser, and a name that breaks them
// makes the output fail (as Database.ConnectPolicy).
func (c *Cluster) ConnectPolicy(user string) pulumi.StringOutput {
	if err := checkPolicyUser(validate.Scope("database", c.name), user); err != nil {
		return failed(err)
	}
	return clusterConnectPolicy(c, pulumi.String(user).ToStringOutput())
}

// ReadSecretPolicy returns an IAM policy document that lets its holder read
// the master user's secret (MasterSecretARN; a secondary's is its
// primary's, in the primary's region), for operators' tooling, as
// Database.ReadSecretPolicy.
func (c *Cluster) ReadSecretPolicy() pulumi.StringOutput {
	return readSecretPolicy(c.MasterSecretARN)
}

// AllowFrom admits the security group securityGroupID, known as name, on
// port 5432: the rule `<cluster>-from-<name>`, as Database.AllowFrom
// (refused with ExistingSecurityGroupID).
func (c *Cluster) AllowFrom(name string, securityGroupID pulumi.StringInput) error {
	return c.admission.AllowFrom(name, securityGroupID)
}

// access creates the application's user with the bootstrap function on the
// writer, once the writer exists, and has the master password rotate, as a
// Database with MasterPassword "stored" does.
func (c *Cluster) access(ctx *pulumi.Context, name string, args ClusterArgs, at site, base clusterBase, master *storedMaster, parent pulumi.ResourceOrInvokeOption) error {
	c.appUser = args.AppUser
	c.AppUser = pulumi.String("").ToStringOutput()
	c.AppConnectPolicyJSON = pulumi.String("").ToStringOutput()
	// The bootstrap and the connection version connect to the cluster
	// endpoint, which answers only once the writer instance exists: the
	// host is taken together with the writer's identifier, so that what
	// uses it waits for the writer.
	host := pulumi.All(c.Endpoint, c.writer.Identifier).ApplyT(func(v []interface{}) string { return v[0].(string) }).(pulumi.StringOutput)
	w := writer{host: host, identifier: c.ClusterID, cluster: true}
	var bootstrapped []pulumi.Resource
	if args.AppUser != "" {
		invocation, err := newBootstrap(ctx, name, at, base.securityGroupID, w.host, args.DatabaseName, appUser{args.AppUser, args.AppSchema}, master.secret.Arn, parent)
		if err != nil {
			return err
		}
		bootstrapped = append(bootstrapped, invocation)
		c.AppUser = bootstrappedUser(name, invocation)
		c.AppConnectPolicyJSON = clusterConnectPolicy(c, pulumi.String(args.AppUser).ToStringOutput())
	}
	connection, err := newConnectionVersion(ctx, name, args.login(), master, w, parent)
	if err != nil {
		return err
	}
	_, err = newRotation(ctx, name, at, base.securityGroupID, master, args.RotationDays, connection, bootstrapped, parent)
	return err
}

// cluster is the Cluster NewCluster returns for the (defaulted) args, before
// anything is registered: its plain fields.
func (a ClusterArgs) cluster(name, region string) *Cluster {
	return &Cluster{
		Region: region, Port: auroraPort, DatabaseName: a.DatabaseName, EngineVersion: a.EngineVersion,
		MaxConnections: maxClusterConnections(a.InstanceClass, a.Parameters),
		LogExports:     clusterLogExports,
		name:           name, global: a.Global, instanceClass: a.InstanceClass, parameters: a.Parameters,
	}
}

// StandIn returns the Cluster NewCluster would make of args, registering
// nothing: its plain fields as NewCluster sets them (Region aside, which
// only the constructor looks up) and every output empty. It lets a program
// validate what it builds on the cluster, a secondary, before the cluster
// is registered.
func (a ClusterArgs) StandIn(name string) *Cluster {
	c := a.WithDefaults().cluster(name, "")
	empty := pulumi.String("").ToStringOutput()
	c.ClusterID, c.ARN, c.ResourceID, c.Endpoint, c.ReaderEndpoint = empty, empty, empty, empty, empty
	c.GlobalClusterID, c.MasterSecretARN, c.SecurityGroupID, c.KMSKeyARN = empty, empty, empty, empty
	c.AppUser, c.AppConnectPolicyJSON = empty, empty
	c.InstanceIDs = pulumi.StringArray{}.ToStringArrayOutput()
	c.appUser = a.AppUser
	return c
}

// site is where the cluster lives and who may reach it.
func (a ClusterArgs) site() site {
	return site{
		vpcID: a.VpcID, subnetIDs: a.SubnetIDs, allowed: a.AllowedSecurityGroups,
		secretsManagerRoute: a.SecretsManagerRoute, engine: EnginePostgres, port: auroraPort, tags: a.Tags,
		existing: existing{
			securityGroupID: a.ExistingSecurityGroupID, subnetGroupName: a.ExistingSubnetGroupName,
			parameterGroupName: a.ExistingParameterGroupName, monitoringRoleARN: a.ExistingMonitoringRoleARN,
			kmsKeyARN: a.ExistingKMSKeyARN,
		},
	}
}

// login is the cluster's master user.
func (a ClusterArgs) login() login {
	return login{username: a.MasterUsername, engine: EnginePostgres, database: a.DatabaseName, port: auroraPort}
}
