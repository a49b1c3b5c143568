// Package database provides the application's relational database: RDS for
// PostgreSQL or MySQL in the private database subnets, growing in place from
// one small instance (stage 10) to a Multi-AZ primary with read replicas
// (stages 1k and 10k). It is secure by default as Security Hub judges it:
// encrypted storage, TLS-only connections, no public access, a master
// password kept in Secrets Manager (by RDS, or by the component where read
// replicas need it) and never in config, IAM
// authentication, backups, deletion protection and a final snapshot,
// Performance Insights, Enhanced Monitoring and logs in CloudWatch.
package database

import (
	"errors"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Type is the component's type token.
const Type = "millionstack:database:Database"

// Database is a primary RDS instance, its optional read replicas and what
// they stand on: a subnet group, a security group admitting only the given
// callers, a parameter group and the Enhanced Monitoring role.
type Database struct {
	pulumi.ResourceState

	// Engine is "postgres" or "mysql".
	Engine string
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
	// InstanceID is the primary's DB instance identifier, the
	// DBInstanceIdentifier dimension of its CloudWatch metrics.
	InstanceID pulumi.StringOutput
	// Endpoint is the writer's "host:port"; Address is its host name. Both
	// follow a Multi-AZ failover.
	Endpoint, Address pulumi.StringOutput
	// MasterSecretARN is the Secrets Manager secret that holds the master
	// user's password: the one RDS manages and rotates (MasterPassword
	// "rds-managed"), or the component's `<name>-master` (MasterPassword
	// "stored"). Both are JSON with at least "username" and "password".
	MasterSecretARN pulumi.StringOutput
	// SecurityGroupID is the database's security group.
	SecurityGroupID pulumi.StringOutput
	// ReplicaIDs are the read replicas' identifiers, in replica order.
	ReplicaIDs pulumi.StringArrayOutput
	// ReplicaAddresses are the read replicas' host names (reader endpoints),
	// in replica order.
	ReplicaAddresses pulumi.StringArrayOutput
	// LogExports are the logs every instance publishes to CloudWatch Logs,
	// each into the group /aws/rds/instance/<identifier>/<log> that RDS
	// creates without a retention (see components/logretention).
	LogExports []string
}

// NewDatabase creates the database named name. Args are defaulted and
// validated first: a bad configuration returns every problem at once and
// registers nothing.
func NewDatabase(ctx *pulumi.Context, name string, args DatabaseArgs, opts ...pulumi.ResourceOption) (*Database, error) {
	args = args.withDefaults()
	if err := errors.Join(validate.ComponentName("database", name), args.validate()); err != nil {
		return nil, err
	}
	db := &Database{
		Engine: args.Engine, Port: engines[args.Engine].port,
		DatabaseName: args.DatabaseName, AllocatedStorageGiB: args.AllocatedStorageGiB,
		LogExports: engines[args.Engine].logExports,
	}
	db.MaxConnections, _ = args.maxConnections(args.InstanceClass) // known: validate checked
	if args.ReadReplicas > 0 {
		db.ReplicaMaxConnections, _ = args.maxConnections(args.ReplicaInstanceClass)
	}
	if err := ctx.RegisterComponentResource(Type, name, db, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(db)

	subnetGroup, err := newSubnetGroup(ctx, name, args, parent)
	if err != nil {
		return nil, err
	}
	securityGroup, err := newSecurityGroup(ctx, name, args, db.Port, parent)
	if err != nil {
		return nil, err
	}
	parameterGroup, err := newParameterGroup(ctx, name, args, parent)
	if err != nil {
		return nil, err
	}
	monitoring, err := newMonitoring(ctx, name, args, parent)
	if err != nil {
		return nil, err
	}
	base := foundation{subnetGroup: subnetGroup, securityGroup: securityGroup, parameterGroup: parameterGroup, monitoring: monitoring}
	if args.MasterPassword == MasterPasswordStored {
		if base.storedMaster, err = newStoredMaster(ctx, name, args, parent); err != nil {
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

	db.InstanceID = primary.Identifier
	db.Endpoint = primary.Endpoint
	db.Address = primary.Address
	if base.storedMaster != nil {
		db.MasterSecretARN = base.storedMaster.secret.Arn
	} else {
		db.MasterSecretARN = primary.MasterUserSecrets.Index(pulumi.Int(0)).SecretArn().Elem()
	}
	db.SecurityGroupID = securityGroup.ID().ToStringOutput()
	db.ReplicaIDs = replicaOutputs(replicas, func(r *rds.Instance) pulumi.StringOutput { return r.Identifier })
	db.ReplicaAddresses = replicaOutputs(replicas, func(r *rds.Instance) pulumi.StringOutput { return r.Address })
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
	})
}

// replicaOutputs collects one output of every replica, in replica order.
func replicaOutputs(replicas []*rds.Instance, field func(*rds.Instance) pulumi.StringOutput) pulumi.StringArrayOutput {
	values := pulumi.StringArray{}
	for _, r := range replicas {
		values = append(values, field(r))
	}
	return values.ToStringArrayOutput()
}
