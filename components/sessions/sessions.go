// Package sessions provides Store, the DynamoDB table that holds web
// sessions from stage 500k on, when one cache node's memory and a replica's
// failover no longer make a comfortable home for them.
//
// What makes it safe to run for real: the table is billed per request (no
// capacity to outgrow), encrypted with the AWS-managed KMS key (or a key of
// your own: StoreArgs.ExistingKMSKeyARN), continuously
// backed up (point-in-time recovery), protected from deletion, and expires
// sessions by itself through TTL. The app gets a policy for single-item
// reads and writes on this table only.
package sessions

import (
	"errors"

	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/dynamotable"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/dynamodb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// StoreType is the Store component's type token.
const StoreType = "millionstack:sessions:Store"

// Store is a DynamoDB table of sessions keyed by session ID.
//
// Its table is exported as an escape hatch: read its outputs or depend on
// it; change an input the component sets with pulumi.Transforms on the
// component (a change of the key schema replaces the table and loses
// every session).
type Store struct {
	pulumi.ResourceState

	// Table is the sessions table.
	Table *dynamodb.Table

	// TableName is the table's name (chosen by Pulumi), for the app's config.
	TableName pulumi.StringOutput `pulumi:"tableName"`
	// TableARN is the table's ARN.
	TableARN pulumi.StringOutput `pulumi:"tableArn"`
	// StreamARN is the table's stream, "" without StoreArgs.Stream.
	StreamARN pulumi.StringOutput `pulumi:"streamArn"`
	// Region is the region the table is in: where its replicas are not.
	Region string
}

// ReadWritePolicy returns an IAM policy document allowing GetItem,
// PutItem, UpdateItem and DeleteItem on this table and nothing else (no
// Scan or Query: a compromised app cannot list everyone's sessions);
// attach it to the app's role.
func (s *Store) ReadWritePolicy() pulumi.StringOutput { return accessPolicy(s.TableARN, itemActions) }

// ReadPolicy returns an IAM policy document allowing GetItem on this table
// and nothing else: for a service that checks sessions but never makes
// them.
func (s *Store) ReadPolicy() pulumi.StringOutput { return accessPolicy(s.TableARN, readActions) }

// ReadWritePolicyFor is ReadWritePolicy for the table with ARN tableARN:
// the same table's replica in another region (nosql.Replica.TableARN),
// which the app in that region uses.
func (s *Store) ReadWritePolicyFor(tableARN pulumi.StringInput) pulumi.StringOutput {
	return accessPolicy(tableARN.ToStringOutput(), itemActions)
}

// AlarmTarget is what components/monitoring watches of the store
// (monitoring.MonitoringArgs.Tables): the table, by name.
func (s *Store) AlarmTarget() pulumi.StringInput { return s.TableName }

// NewStore creates a Store named name. It applies the defaults documented on
// StoreArgs and validates them before it registers anything.
func NewStore(ctx *pulumi.Context, name string, args StoreArgs, opts ...pulumi.ResourceOption) (*Store, error) {
	args = args.WithDefaults()
	// The region first (a lookup, which registers nothing): a key of your
	// own must be in it.
	region, err := awsprovider.CurrentRegion(ctx, opts...)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(validate.ComponentName("sessions", name), args.validate(name, region)); err != nil {
		return nil, err
	}
	store := &Store{Region: region}
	if err := ctx.RegisterComponentResource(StoreType, name, store, opts...); err != nil {
		return nil, err
	}
	table, err := newTable(ctx, name, args, pulumi.Parent(store))
	if err != nil {
		return nil, err
	}
	store.Table = table
	store.TableName = table.Name
	store.TableARN = table.Arn
	store.StreamARN = pulumi.String("").ToStringOutput()
	if args.Stream {
		store.StreamARN = table.StreamArn
	}
	return store, ctx.RegisterResourceOutputs(store, pulumi.Map{
		"tableName":        store.TableName,
		"tableArn":         store.TableARN,
		"accessPolicyJson": store.ReadWritePolicy(),
		"streamArn":        store.StreamARN,
	})
}

// newTable creates the table `<name>` (internal/dynamotable): on-demand,
// keyed by the string PartitionKey, expiring items by TTLAttribute,
// encrypted with the AWS-managed key, with point-in-time recovery,
// deletion protection and a stream as configured, tagged with Tags and
// BackupTags. Pulumi chooses the table name and keeps it for the table's
// life; the key schema never changes, so the table is never replaced.
func newTable(ctx *pulumi.Context, name string, args StoreArgs, parent pulumi.ResourceOption) (*dynamodb.Table, error) {
	return dynamotable.New(ctx, dynamotable.Spec{
		Name:                name,
		PartitionKey:        args.PartitionKey,
		TTLAttribute:        args.TTLAttribute,
		PointInTimeRecovery: *args.PointInTimeRecovery,
		DeletionProtection:  *args.DeletionProtection,
		Stream:              args.Stream,
		Tags:                args.Tags,
		BackupTags:          args.BackupTags,
		KMSKeyARN:           args.ExistingKMSKeyARN,
	}, parent)
}
