package nosql

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/dynamodb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ReplicaType is the Replica component's type token.
const ReplicaType = "millionstack:nosql:Replica"

// Replica is a DynamoDB table's replica in the region of the AWS provider
// it is given (pulumi.Provider): the table becomes a global table (version
// 2019.11.21) whose items DynamoDB replicates both ways, so the app in
// either region reads and writes locally.
//
// A dynamodb.TableReplica rather than the table's inline replicas: the
// inline form cannot switch deletion protection on in the pinned provider,
// and a replica of its own is placed like every other resource of its
// region. The source table must stream new and old images and ignore
// changes to its inline replicas (internal/dynamotable's Stream does both).
// The replica uses the AWS managed key of its region, as the table does
// (a customer-managed key would need one per region, and changing it
// replaces the replica: hashicorp/terraform-provider-aws#29102).
type Replica struct {
	pulumi.ResourceState

	// TableReplica is the replica, exported as an escape hatch.
	TableReplica *dynamodb.TableReplica

	// TableARN is the replica's ARN in its region: what the app there is
	// granted (Table.PolicyFor, sessions.Store.PolicyFor). The table's
	// name is the same in every region.
	TableARN pulumi.StringOutput `pulumi:"tableArn"`
	// TableName is the table's name, the same in every region: the
	// source's, from its ARN.
	TableName pulumi.StringOutput `pulumi:"tableName"`
	// Region is the replica's region; SourceRegion the source table's.
	Region       string
	SourceRegion string
}

// ReplicaArgs configures a Replica.
type ReplicaArgs struct {
	// TableARN is the source table's ARN. Required.
	TableARN pulumi.StringInput
	// SourceRegion is the source table's region (Table.Region,
	// sessions.Store.Region): the replica must be elsewhere. Required.
	SourceRegion string
	// PointInTimeRecovery keeps the replica's own continuous backups.
	// Default true (the provider's default is false; Security Hub
	// DynamoDB.2).
	PointInTimeRecovery *bool
	// DeletionProtection refuses the replica's deletion. Default true
	// (Security Hub DynamoDB.6).
	DeletionProtection *bool
	// Tags are added to the replica, with a Name tag naming it.
	Tags map[string]string
	// ExistingKMSKeyARN is a customer-managed key of your own, by its key
	// ARN, in the replica's region, that encrypts the replica. Default
	// none: the AWS managed key of its region. Required when the source
	// table is encrypted with a customer-managed key: DynamoDB then asks
	// one of each replica's region (DynamoDB developer guide, "Global
	// tables: how it works", encryption). Changing it replaces the
	// replica (hashicorp/terraform-provider-aws#29102).
	ExistingKMSKeyARN pulumi.StringInput
}

var awsRegion = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)

func (a ReplicaArgs) WithDefaults() ReplicaArgs {
	if a.PointInTimeRecovery == nil {
		a.PointInTimeRecovery = pulumi.BoolRef(true)
	}
	if a.DeletionProtection == nil {
		a.DeletionProtection = pulumi.BoolRef(true)
	}
	return a
}

// Validate applies the defaults and reports every problem of the
// component called name (the name included) that needs no lookup, as NewReplica would, without registering anything.
func (a ReplicaArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("nosql", name), a.WithDefaults().validate(name, ""))
}

// validate reports every problem at once; region is where the replica
// would deploy, "" when not looked up.
func (a ReplicaArgs) validate(name, region string) error {
	p := validate.For("nosql", name)
	p.KeyARN("ExistingKMSKeyARN", a.ExistingKMSKeyARN, region)
	p.Required("TableARN", a.TableARN != nil, "the table to replicate")
	shape := p.Allows("SourceRegion", `the source table's region, such as "us-east-1"`)
	other := p.Allows("SourceRegion", "another region than the replica's AWS provider's (pulumi.Provider)")
	switch {
	case !awsRegion.MatchString(a.SourceRegion):
		shape.Refuse("%q is not an AWS region", a.SourceRegion)
	case region != "" && region == a.SourceRegion:
		other.Refuse("%q is where the replica would be too", a.SourceRegion)
	}
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// NewReplica creates the replica named name of args.TableARN in the region
// of the provider opts select. Args are defaulted and validated first.
func NewReplica(ctx *pulumi.Context, name string, args ReplicaArgs, opts ...pulumi.ResourceOption) (*Replica, error) {
	args = args.WithDefaults()
	if err := validate.ComponentName("nosql", name); err != nil {
		return nil, err
	}
	region, err := awsprovider.CurrentRegion(ctx, opts...)
	if err != nil {
		return nil, err
	}
	if err := args.validate(name, region); err != nil {
		return nil, err
	}
	r := &Replica{Region: region, SourceRegion: args.SourceRegion}
	if err := ctx.RegisterComponentResource(ReplicaType, name, r, opts...); err != nil {
		return nil, err
	}
	replicaArgs := &dynamodb.TableReplicaArgs{
		GlobalTableArn:            args.TableARN,
		PointInTimeRecovery:       pulumi.Bool(*args.PointInTimeRecovery),
		DeletionProtectionEnabled: pulumi.Bool(*args.DeletionProtection),
		Tags:                      tagging.Named(name, args.Tags),
	}
	if args.ExistingKMSKeyARN != nil {
		replicaArgs.KmsKeyArn = args.ExistingKMSKeyARN.ToStringOutput()
	}
	replica, err := dynamodb.NewTableReplica(ctx, name, replicaArgs, pulumi.Parent(r))
	if err != nil {
		return nil, err
	}
	r.TableReplica = replica
	r.TableARN = replica.Arn
	r.TableName = args.TableARN.ToStringOutput().ApplyT(tableName).(pulumi.StringOutput)
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{"tableArn": r.TableARN, "tableName": r.TableName})
}

// tableName is the name in a table's ARN
// (arn:<partition>:dynamodb:<region>:<account>:table/<name>: Service
// Authorization Reference, Amazon DynamoDB, resource type table).
func tableName(arn string) (string, error) {
	i := strings.LastIndex(arn, ":table/")
	if i < 0 || strings.Contains(arn[i+len(":table/"):], "/") {
		return "", fmt.Errorf("%q is not a DynamoDB table's ARN", arn)
	}
	return arn[i+len(":table/"):], nil
}

// AlarmTarget is what components/monitoring of the replica's region
// watches of it (monitoring.MonitoringArgs.TableReplications): the
// replication of the writes made there to the source's region.
func (r *Replica) AlarmTarget() monitoring.TableReplicationTarget {
	return monitoring.TableReplicationTarget{TableName: r.TableName, ReceivingRegion: r.SourceRegion}
}

// SourceAlarmTarget is what the monitoring of the source table's region
// watches of the replica: the replication of the writes made there to the
// replica's region.
func (r *Replica) SourceAlarmTarget() monitoring.TableReplicationTarget {
	return monitoring.TableReplicationTarget{TableName: r.TableName, ReceivingRegion: r.Region}
}
