// Package nosql provides the DynamoDB side of the data tier at ten million
// users: Table, a hot table for high-velocity data (activity feeds,
// counters, events) that would otherwise hammer the relational writers, and
// Replica, a copy of such a table (or of the session store's) in another
// region, which makes the table a DynamoDB global table.
//
// A table is billed per request (no capacity to outgrow), encrypted with
// the AWS managed key (or a key of your own), continuously backed up (point-in-time recovery),
// protected from deletion, expires items through TTL and streams its
// changes, new and old images, to replicas and consumers. The app gets a
// policy for item reads, writes and queries on the table only.
package nosql

import (
	"errors"

	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/dynamotable"
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/dynamodb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TableType is the Table component's type token.
const TableType = "millionstack:nosql:Table"

// Table is a hot DynamoDB table.
//
// Its table is exported as an escape hatch: read its outputs or depend on
// it; change an input the component sets with pulumi.Transforms on the
// component (a change of the key schema replaces the table).
type Table struct {
	pulumi.ResourceState

	// Table is the DynamoDB table.
	Table *dynamodb.Table

	// TableName is the table's name (chosen by Pulumi), for the app's config
	// and the alarms (monitoring.MonitoringArgs.Tables).
	TableName pulumi.StringOutput `pulumi:"tableName"`
	// TableARN is the table's ARN.
	TableARN pulumi.StringOutput `pulumi:"tableArn"`
	// StreamARN is the table's stream, for consumers of its changes.
	StreamARN pulumi.StringOutput `pulumi:"streamArn"`
	// Region is the table's region: where its replicas are not.
	Region string
}

// itemActions are what an application does with a hot table: read, write
// and delete items, one or in batches, and query a partition (an activity
// feed is a partition read in order). No Scan: a compromised app cannot
// list the whole table.
var itemActions = []string{
	"dynamodb:BatchGetItem",
	"dynamodb:BatchWriteItem",
	"dynamodb:ConditionCheckItem",
	"dynamodb:DeleteItem",
	"dynamodb:GetItem",
	"dynamodb:PutItem",
	"dynamodb:Query",
	"dynamodb:UpdateItem",
}

// NewTable creates the hot table named name. It applies the defaults
// documented on TableArgs and validates them before it registers anything.
func NewTable(ctx *pulumi.Context, name string, args TableArgs, opts ...pulumi.ResourceOption) (*Table, error) {
	args = args.WithDefaults()
	// The region first (a lookup, which registers nothing): a key of your
	// own must be in it.
	region, err := awsprovider.CurrentRegion(ctx, opts...)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(validate.ComponentName("nosql", name), args.validate(name, region)); err != nil {
		return nil, err
	}
	t := &Table{Region: region}
	if err := ctx.RegisterComponentResource(TableType, name, t, opts...); err != nil {
		return nil, err
	}
	table, err := dynamotable.New(ctx, dynamotable.Spec{
		Name:                name,
		PartitionKey:        args.PartitionKey,
		SortKey:             *args.SortKey,
		TTLAttribute:        args.TTLAttribute,
		PointInTimeRecovery: *args.PointInTimeRecovery,
		DeletionProtection:  *args.DeletionProtection,
		Stream:              true,
		Tags:                args.Tags,
		BackupTags:          args.BackupTags,
		KMSKeyARN:           args.ExistingKMSKeyARN,
	}, pulumi.Parent(t))
	if err != nil {
		return nil, err
	}
	t.Table = table
	t.TableName = table.Name
	t.TableARN = table.Arn
	t.StreamARN = table.StreamArn
	return t, ctx.RegisterResourceOutputs(t, pulumi.Map{
		"tableName":        t.TableName,
		"tableArn":         t.TableARN,
		"streamArn":        t.StreamARN,
		"accessPolicyJson": t.ReadWritePolicy(),
	})
}

// readActions are itemActions that only read.
var readActions = []string{
	"dynamodb:BatchGetItem",
	"dynamodb:ConditionCheckItem",
	"dynamodb:GetItem",
	"dynamodb:Query",
}

// ReadWritePolicy returns an IAM policy document allowing item reads,
// writes, deletes and queries (itemActions, no Scan) on this table and its
// indexes, and nothing else: attach it to the app's role.
func (t *Table) ReadWritePolicy() pulumi.StringOutput { return tablePolicy(t.TableARN, itemActions) }

// ReadPolicy is ReadWritePolicy without the writes: GetItem,
// BatchGetItem, ConditionCheckItem and Query.
func (t *Table) ReadPolicy() pulumi.StringOutput { return tablePolicy(t.TableARN, readActions) }

// ReadWritePolicyFor is ReadWritePolicy for the table with ARN tableARN:
// this table's replica in another region (Replica.TableARN), which the app
// there uses.
func (t *Table) ReadWritePolicyFor(tableARN pulumi.StringInput) pulumi.StringOutput {
	return tablePolicy(tableARN.ToStringOutput(), itemActions)
}

// AlarmTarget is what components/monitoring watches of the table
// (monitoring.MonitoringArgs.Tables): the table, by name.
func (t *Table) AlarmTarget() pulumi.StringInput { return t.TableName }

// tablePolicy allows actions on the table tableARN and its indexes.
func tablePolicy(tableARN pulumi.StringOutput, actions []string) pulumi.StringOutput {
	return tableARN.ApplyT(func(arn string) (string, error) {
		return policy.Document{Statement: []policy.Statement{{
			Sid:      "HotTableItems",
			Effect:   "Allow",
			Action:   actions,
			Resource: []string{arn, arn + "/index/*"},
		}}}.JSON()
	}).(pulumi.StringOutput)
}
