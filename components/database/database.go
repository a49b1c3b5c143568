// Package database provides the application's relational database: RDS for
// PostgreSQL or MySQL in the private database subnets, growing in place from
// one small instance (stage 10) to a Multi-AZ primary with read replicas
// (stages 1k and 10k). It is secure by default as Security Hub judges it:
// encrypted storage, TLS-only connections, no public access, a master
// password kept in Secrets Manager and rotated (by RDS, or by the
// component where read replicas need it) and never in config, IAM
// authentication, backups, deletion protection and a final snapshot,
// Performance Insights, Enhanced Monitoring and logs in CloudWatch. The
// application need not hold any password: the component can create its
// user, which logs in with IAM tokens (AppUser, ConnectPolicy).
package database

import (
	"errors"

	"github.com/millionstack/millionstack/internal/admission"
	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DatabaseType is the Database component's type token.
const DatabaseType = "millionstack:database:Database"

// Database is a primary RDS instance, its optional read replicas and what
// they stand on: a subnet group, a security group admitting only the given
// callers, a parameter group and the Enhanced Monitoring role (each of them
// may be one of the user's own instead: DatabaseArgs' Existing fields).
//
// Its main children are exported, as an escape hatch: read their outputs
// or depend on them (pulumi.DependsOn([]pulumi.Resource{db.Primary})). To
// change an input the component sets, transform it rather than editing the
// code, with pulumi.Transforms on the component:
//
//	database.NewDatabase(ctx, "db", args, pulumi.Transforms([]pulumi.XResourceTransform{setCACertificate}))
//
// where setCACertificate changes args.Props of the "aws:rds/instance:Instance"
// it is given. A transform that changes a replace-triggering input (engine,
// kmsKeyId, dbSubnetGroupName, ...) replaces the database.
type Database struct {
	pulumi.ResourceState

	// Primary is the writer instance.
	Primary *rds.Instance
	// Replicas are the read replicas, in replica order (`<name>-replica-1`
	// first).
	Replicas []*rds.Instance
	// SecurityGroup is the database's security group, nil with
	// ExistingSecurityGroupID.
	SecurityGroup *ec2.SecurityGroup
	// SubnetGroup is the DB subnet group, nil with ExistingSubnetGroupName.
	SubnetGroup *rds.SubnetGroup
	// ParameterGroup is the DB parameter group, nil with
	// ExistingParameterGroupName.
	ParameterGroup *rds.ParameterGroup
	// MonitoringRole is the Enhanced Monitoring role, nil with
	// ExistingMonitoringRoleARN or with monitoring off.
	MonitoringRole *iam.Role

	// Engine is the engine the database runs (DatabaseArgs.Engine).
	Engine Engine
	// Port is the engine port the security group admits (5432 or 3306).
	Port int
	// DatabaseName is the database created on the primary.
	DatabaseName string
	// AllocatedStorageGiB is the storage allocated at creation, the base of
	// the free-storage alarm.
	AllocatedStorageGiB int
	// MaxConnections is how many connections the primary accepts: RDS's
	// default max_connections for the engine and class (estimated from the
	// class's memory, see instanceClassMemory), or the whole number set in
	// Parameters. It sizes the connections alarm
	// (monitoring.DatabaseTarget.MaxConnections).
	MaxConnections int
	// ReplicaMaxConnections is the same for each read replica (of
	// ReplicaInstanceClass), 0 without replicas.
	ReplicaMaxConnections int
	// ReadReplicas is the number of read replicas (DatabaseArgs.ReadReplicas).
	ReadReplicas int
	// InstanceID is the primary's DB instance identifier, the
	// DBInstanceIdentifier dimension of its CloudWatch metrics.
	InstanceID pulumi.StringOutput `pulumi:"instanceId"`
	// Endpoint is the writer's "host:port"; it follows a Multi-AZ failover.
	Endpoint pulumi.StringOutput `pulumi:"endpoint"`
	// Address is the writer's host name; it follows a Multi-AZ failover.
	Address pulumi.StringOutput `pulumi:"address"`
	// MasterSecretARN is the Secrets Manager secret that holds the master
	// user's password: the one RDS manages and rotates (MasterPassword
	// "rds-managed"), or the component's `<name>-master`, rotated every
	// RotationDays (MasterPassword "stored"). Both are JSON with at least
	// "username" and "password". For operators: only the component's
	// bootstrap and rotation functions are granted it; the application
	// logs in as AppUser.
	MasterSecretARN pulumi.StringOutput `pulumi:"masterSecretArn"`
	// ARN is the primary's ARN.
	ARN pulumi.StringOutput `pulumi:"arn"`
	// ResourceID is the primary's DbiResourceId ("db-ABCDEFGHIJKLMNOPQRSTUVWXY0"),
	// the stable ID IAM database authentication names it by.
	ResourceID pulumi.StringOutput `pulumi:"resourceId"`
	// ReplicaResourceIDs are the read replicas' DbiResourceIds, in replica
	// order.
	ReplicaResourceIDs pulumi.StringArrayOutput `pulumi:"replicaResourceIds"`
	// AppUser is DatabaseArgs.AppUser once the bootstrap function has
	// created it (read from the invocation's result), "" without AppUser:
	// what is wired to it, such as the application's configuration, waits
	// for the user to exist.
	AppUser pulumi.StringOutput `pulumi:"appUser"`
	// AppConnectPolicyJSON is ConnectPolicy(AppUser): the IAM policy
	// the application's roles need to log in, and all they need of the
	// database. "" without AppUser.
	AppConnectPolicyJSON pulumi.StringOutput `pulumi:"appConnectPolicyJson"`
	// SecurityGroupID is the database's security group: the component's,
	// or ExistingSecurityGroupID.
	SecurityGroupID pulumi.StringOutput `pulumi:"securityGroupId"`
	// ReplicaIDs are the read replicas' identifiers, in replica order.
	ReplicaIDs pulumi.StringArrayOutput `pulumi:"replicaIds"`
	// ReplicaAddresses are the read replicas' host names (reader endpoints),
	// in replica order.
	ReplicaAddresses pulumi.StringArrayOutput `pulumi:"replicaAddresses"`
	// LogExports are the logs every instance publishes to CloudWatch Logs,
	// each into the group /aws/rds/instance/<identifier>/<log> that RDS
	// creates without a retention (see components/logretention).
	LogExports []string
	// Region is the region the database is in.
	Region string

	// source is what a Replica of the database in another region needs of
	// its settings.
	source DatabaseArgs
	name   string
	// admission admits callers after the database is made (AllowFrom).
	admission *admission.Group
}

// NewDatabase creates the database named name. Args are defaulted and
// validated first: a bad configuration returns every problem at once and
// registers nothing.
func NewDatabase(ctx *pulumi.Context, name string, args DatabaseArgs, opts ...pulumi.ResourceOption) (*Database, error) {
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
	db := args.database(name, region)
	if err := ctx.RegisterComponentResource(DatabaseType, name, db, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(db)
	at := args.site()

	var base foundation
	if db.SubnetGroup, base.subnetGroupName, err = newSubnetGroup(ctx, name, at, parent); err != nil {
		return nil, err
	}
	if db.SecurityGroup, base.securityGroupID, err = newSecurityGroup(ctx, name, at, parent); err != nil {
		return nil, err
	}
	if db.ParameterGroup, base.parameterGroupName, err = newParameterGroup(ctx, name, args, parent); err != nil {
		return nil, err
	}
	if base.monitoring, err = newMonitoring(ctx, name, *args.MonitoringIntervalSeconds, args.ExistingMonitoringRoleARN, args.Tags, parent); err != nil {
		return nil, err
	}
	db.MonitoringRole = base.monitoring.role
	base.subnetGroup, base.securityGroup, base.parameterGroup = db.SubnetGroup, db.SecurityGroup, db.ParameterGroup
	base.kmsKeyARN = args.ExistingKMSKeyARN
	if args.MasterPassword == MasterPasswordStored {
		if base.storedMaster, err = newStoredMaster(ctx, name, args.login(), args.Tags, parent); err != nil {
			return nil, err
		}
	}
	primary, err := base.newPrimary(ctx, name, args, parent)
	if err != nil {
		return nil, err
	}
	replicas, err := base.newReplicas(ctx, name, args, primary, parent)
	if err != nil {
		return nil, err
	}
	db.Primary, db.Replicas = primary, replicas

	db.InstanceID = primary.Identifier
	db.Endpoint = primary.Endpoint
	db.Address = primary.Address
	db.ARN = primary.Arn
	db.ResourceID = primary.ResourceId
	if base.storedMaster != nil {
		db.MasterSecretARN = base.storedMaster.secret.Arn
	} else {
		db.MasterSecretARN = primary.MasterUserSecrets.Index(pulumi.Int(0)).SecretArn().Elem()
	}
	db.SecurityGroupID = base.securityGroupID
	db.ReplicaIDs = replicaOutputs(replicas, func(r *rds.Instance) pulumi.StringOutput { return r.Identifier })
	db.ReplicaAddresses = replicaOutputs(replicas, func(r *rds.Instance) pulumi.StringOutput { return r.Address })
	db.ReplicaResourceIDs = replicaOutputs(replicas, func(r *rds.Instance) pulumi.StringOutput { return r.ResourceId })
	db.admission = newAdmission(ctx, "database", name, at, base.securityGroupID, db)
	if err := db.access(ctx, name, args, at, base, primary, parent); err != nil {
		return nil, err
	}
	return db, ctx.RegisterResourceOutputs(db, pulumi.Map{
		"engine":                pulumi.String(db.Engine),
		"port":                  pulumi.Int(db.Port),
		"maxConnections":        pulumi.Int(db.MaxConnections),
		"replicaMaxConnections": pulumi.Int(db.ReplicaMaxConnections),
		"instanceId":            db.InstanceID,
		"endpoint":              db.Endpoint,
		"address":               db.Address,
		"masterSecretArn":       db.MasterSecretARN,
		"securityGroupId":       db.SecurityGroupID,
		"replicaIds":            db.ReplicaIDs,
		"replicaAddresses":      db.ReplicaAddresses,
		"arn":                   db.ARN,
		"resourceId":            db.ResourceID,
		"replicaResourceIds":    db.ReplicaResourceIDs,
		"appUser":               db.AppUser,
		"appConnectPolicyJson":  db.AppConnectPolicyJSON,
	})
}

// access sets up who may use the master secret and how the application
// logs in: the stored secret's connection version and its rotation, the
// bootstrap function that creates AppUser, and the policy that lets the
// application connect as it.
func (db *Database) access(ctx *pulumi.Context, name string, args DatabaseArgs, at site, base foundation, primary *rds.Instance, parent pulumi.ResourceOrInvokeOption) error {
	db.AppUser = pulumi.String("").ToStringOutput()
	db.AppConnectPolicyJSON = pulumi.String("").ToStringOutput()
	var bootstrapped []pulumi.Resource
	if args.AppUser != "" {
		invocation, err := newBootstrap(ctx, name, at, base.securityGroupID, primary.Address, args.DatabaseName, appUser{args.AppUser, args.AppSchema}, db.MasterSecretARN, parent)
		if err != nil {
			return err
		}
		bootstrapped = append(bootstrapped, invocation)
		db.AppUser = bootstrappedUser(name, invocation)
		db.AppConnectPolicyJSON = connectPolicy(db.ARN, db.ResourceID, db.ReplicaResourceIDs, args.AppUser)
	}
	if base.storedMaster == nil {
		return nil // RDS rotates the password it manages
	}
	connection, err := newConnectionVersion(ctx, name, args.login(), base.storedMaster, instanceWriter(primary), parent)
	if err != nil {
		return err
	}
	_, err = newRotation(ctx, name, at, base.securityGroupID, base.storedMaster, args.RotationDays, connection, bootstrapped, parent)
	return err
}

// database is the Database NewDatabase returns for the (defaulted, valid)
// args, before anything is registered: its plain fields.
func (a DatabaseArgs) database(name, region string) *Database {
	db := &Database{
		Engine: a.Engine, Port: engines[a.Engine].port,
		DatabaseName: a.DatabaseName, AllocatedStorageGiB: a.AllocatedStorageGiB,
		LogExports: engines[a.Engine].logExports,
		Region:     region, source: a, name: name,
	}
	db.MaxConnections, _ = a.maxConnections(a.InstanceClass) // known: validate checked
	db.ReadReplicas = a.ReadReplicas
	if a.ReadReplicas > 0 {
		db.ReplicaMaxConnections, _ = a.maxConnections(a.ReplicaInstanceClass)
	}
	return db
}

// StandIn returns the Database NewDatabase would make of args, registering
// nothing: its plain fields as NewDatabase sets them (Region aside) and
// every output empty. It lets a program validate what it builds on the
// database, a Replica in another region, before the database is
// registered.
func (a DatabaseArgs) StandIn(name string) *Database {
	db := a.WithDefaults().database(name, "")
	empty := pulumi.String("").ToStringOutput()
	db.InstanceID, db.Endpoint, db.Address, db.MasterSecretARN, db.ARN, db.ResourceID = empty, empty, empty, empty, empty, empty
	db.AppUser, db.AppConnectPolicyJSON, db.SecurityGroupID = empty, empty, empty
	none := pulumi.StringArray{}.ToStringArrayOutput()
	db.ReplicaResourceIDs, db.ReplicaIDs, db.ReplicaAddresses = none, none, none
	return db
}

// site is where the database lives and who may reach it, for the pieces
// it shares with the other kinds of database.
func (a DatabaseArgs) site() site {
	return site{
		vpcID: a.VpcID, subnetIDs: a.SubnetIDs, allowed: a.AllowedSecurityGroups,
		secretsManagerRoute: a.SecretsManagerRoute,
		engine:              a.Engine, port: engines[a.Engine].port, tags: a.Tags,
		existing: a.existing(),
	}
}

// login is the master user, whose password the component keeps with
// MasterPassword "stored".
func (a DatabaseArgs) login() login {
	return login{username: a.MasterUsername, engine: a.Engine, database: a.DatabaseName, port: engines[a.Engine].port}
}

// replicaOutputs collects one output of every replica, in replica order.
func replicaOutputs(replicas []*rds.Instance, field func(*rds.Instance) pulumi.StringOutput) pulumi.StringArrayOutput {
	values := pulumi.StringArray{}
	for _, r := range replicas {
		values = append(values, field(r))
	}
	return values.ToStringArrayOutput()
}
