// Package dynamotable creates the DynamoDB tables the components keep (the
// session store, the hot tables of components/nosql) with one set of secure
// defaults: billed per request, encrypted with the AWS managed key (or a
// customer-managed key the Spec names),
// point-in-time recovery and deletion protection as asked, expiring items
// by a TTL attribute, and, for tables that have replicas in other regions
// or consumers of their changes, a stream of new and old images.
//
// It exists so that a table's arguments are built in one place: the
// session store's table and a hot table differ only in their Spec, and
// the session store's table keeps exactly the inputs it had before streams
// existed when Stream is false.
package dynamotable

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/dynamodb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Spec says how one table differs from the others.
type Spec struct {
	// Name is the table's logical name; Pulumi names the table after it.
	Name string
	// PartitionKey is the string partition (hash) key; SortKey, when not
	// "", the string sort (range) key. Both are fixed for the table's life:
	// changing either replaces it.
	PartitionKey, SortKey string
	// TTLAttribute holds each item's expiry, in epoch seconds.
	TTLAttribute string
	// PointInTimeRecovery and DeletionProtection switch those on.
	PointInTimeRecovery, DeletionProtection bool
	// Stream turns on the table's stream with new and old images: what
	// DynamoDB global tables replicate from (a replica needs it, and it
	// must be declared, or the provider sees a change on every run:
	// hashicorp/terraform-provider-aws#43625), and what consumers of the
	// table's changes read. Turning it on later is an in-place UpdateTable
	// (terraform-provider-aws internal/service/dynamodb/table.go,
	// resourceTableUpdate: stream_enabled and stream_view_type go to
	// UpdateTable's StreamSpecification; neither is ForceNew). With it the
	// table also ignores changes to its replicas, which separate
	// dynamodb.TableReplica resources add (the SDK doc of TableReplica:
	// use ignoreChanges for the table's replicas; the two ways of
	// declaring replicas are mutually exclusive).
	Stream bool
	// Tags go on the table with Name; BackupTags too, and may come from
	// other resources (an AWS Backup plan's tag).
	Tags       map[string]string
	BackupTags map[string]pulumi.StringInput
	// KMSKeyARN is a customer-managed key that encrypts the table instead
	// of the AWS managed key, nil for that one.
	KMSKeyARN pulumi.StringInput
}

// StreamViewType is what a stream of a table made here carries: both
// images of every changed item, which global tables require.
const StreamViewType = "NEW_AND_OLD_IMAGES"

// New creates the table spec describes with opts.
func New(ctx *pulumi.Context, spec Spec, opts ...pulumi.ResourceOption) (*dynamodb.Table, error) {
	attributes := dynamodb.TableAttributeArray{
		dynamodb.TableAttributeArgs{Name: pulumi.String(spec.PartitionKey), Type: pulumi.String("S")},
	}
	args := &dynamodb.TableArgs{
		BillingMode: pulumi.String("PAY_PER_REQUEST"),
		HashKey:     pulumi.String(spec.PartitionKey),
		Ttl: &dynamodb.TableTtlArgs{
			AttributeName: pulumi.String(spec.TTLAttribute),
			Enabled:       pulumi.Bool(true),
		},
		PointInTimeRecovery: &dynamodb.TablePointInTimeRecoveryArgs{
			Enabled: pulumi.Bool(spec.PointInTimeRecovery),
		},
		// Enabled without a key ARN selects the AWS-managed key
		// (alias/aws/dynamodb), whose use CloudTrail records; a replica in
		// another region then needs no key of its own either.
		ServerSideEncryption:      sse(spec.KMSKeyARN),
		DeletionProtectionEnabled: pulumi.Bool(spec.DeletionProtection),
		Tags:                      tagging.WithInputs(tagging.Named(spec.Name, spec.Tags), spec.BackupTags),
	}
	if spec.SortKey != "" {
		args.RangeKey = pulumi.String(spec.SortKey)
		attributes = append(attributes, dynamodb.TableAttributeArgs{Name: pulumi.String(spec.SortKey), Type: pulumi.String("S")})
	}
	args.Attributes = attributes
	if spec.Stream {
		args.StreamEnabled = pulumi.Bool(true)
		args.StreamViewType = pulumi.String(StreamViewType)
		opts = append(append([]pulumi.ResourceOption{}, opts...), pulumi.IgnoreChanges([]string{"replicas"}))
	}
	return dynamodb.NewTable(ctx, spec.Name, args, opts...)
}

// sse is the table's encryption at rest: the AWS managed key
// (alias/aws/dynamodb) unless key, a customer-managed key, is given. A
// table switches between the two in place (UpdateTable's SSESpecification;
// server_side_encryption is not ForceNew in the provider).
func sse(key pulumi.StringInput) *dynamodb.TableServerSideEncryptionArgs {
	args := &dynamodb.TableServerSideEncryptionArgs{Enabled: pulumi.Bool(true)}
	if key != nil {
		args.KmsKeyArn = key.ToStringOutput()
	}
	return args
}

// MaxAttributeNameBytes is the longest name DynamoDB accepts for a key or
// TTL attribute (DynamoDB developer guide, "Supported data types and naming
// rules").
const MaxAttributeNameBytes = 255

// ValidateAttributeName checks DynamoDB's rules for a key or TTL attribute
// name: 1 to MaxAttributeNameBytes bytes of UTF-8, and (our rule) not
// blank; example is a good name for the message.
func ValidateAttributeName(p *validate.Problems, field, name, example string) {
	c := p.Allows(field, fmt.Sprintf("an attribute name such as %q: 1 to %d bytes of UTF-8, not blank", example, MaxAttributeNameBytes))
	switch {
	case strings.TrimSpace(name) == "":
		c.Refuse("%q is blank", name)
	case !utf8.ValidString(name):
		c.Refuse("%q is not valid UTF-8", name)
	case len(name) > MaxAttributeNameBytes:
		c.Refuse("is %d bytes long", len(name))
	}
}
