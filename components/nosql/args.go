package nosql

import (
	"errors"

	"github.com/millionstack/millionstack/internal/dynamotable"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TableArgs configures a Table. Every field has a documented default
// applied by WithDefaults, so TableArgs{} is a complete table.
type TableArgs struct {
	// PartitionKey is the string partition (hash) key. Default "pk". Fixed
	// for the table's life: changing it replaces the table.
	PartitionKey string
	// SortKey is the string sort (range) key, "" for none. Default "sk":
	// hot data is read a partition at a time, in order (a user's activity
	// by time). Fixed for the table's life, as PartitionKey.
	SortKey *string
	// TTLAttribute is the attribute holding each item's expiry as epoch
	// seconds; DynamoDB deletes expired items at no cost. Default
	// "expiresAt". It must differ from the keys.
	TTLAttribute string
	// DeletionProtection refuses DeleteTable while on. Default true
	// (Security Hub DynamoDB.6).
	DeletionProtection *bool
	// PointInTimeRecovery keeps continuous backups for 35 days. Default true
	// (Security Hub DynamoDB.2).
	PointInTimeRecovery *bool
	// Tags are added to the table, with a Name tag naming it.
	Tags map[string]string
	// BackupTags are further tags of the table whose values may come from
	// other resources: an AWS Backup plan's (backup.Plan.DataStoreTags).
	BackupTags map[string]pulumi.StringInput
	// ExistingKMSKeyARN is a customer-managed KMS key of your own, by its
	// key ARN (not an alias), in the table's region, that encrypts the
	// table instead of the AWS managed key (aws/dynamodb), with the key
	// policy sessions.StoreArgs.ExistingKMSKeyARN describes (DynamoDB
	// developer guide, "Encryption at rest: How it works"). Default none.
	// Its replicas then need keys of their regions
	// (ReplicaArgs.ExistingKMSKeyARN). Changing it re-encrypts the table
	// in place.
	ExistingKMSKeyARN pulumi.StringInput
}

// Defaults applied by WithDefaults.
const (
	defaultPartitionKey = "pk"
	defaultSortKey      = "sk"
	defaultTTLAttribute = "expiresAt"
)

// WithDefaults returns a copy of a with every unset field given its default.
func (a TableArgs) WithDefaults() TableArgs {
	if a.PartitionKey == "" {
		a.PartitionKey = defaultPartitionKey
	}
	if a.SortKey == nil {
		a.SortKey = pulumi.StringRef(defaultSortKey)
	}
	if a.TTLAttribute == "" {
		a.TTLAttribute = defaultTTLAttribute
	}
	if a.DeletionProtection == nil {
		a.DeletionProtection = pulumi.BoolRef(true)
	}
	if a.PointInTimeRecovery == nil {
		a.PointInTimeRecovery = pulumi.BoolRef(true)
	}
	return a
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewTable would, without registering anything.
func (a TableArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("nosql", name), a.WithDefaults().validate(name, ""))
}

// validate reports every problem with a (after WithDefaults) at once;
// region is the table's, "" when not known.
func (a TableArgs) validate(name, region string) error {
	p := validate.For("nosql", name)
	p.KeyARN("ExistingKMSKeyARN", a.ExistingKMSKeyARN, region)
	dynamotable.ValidateAttributeName(p, "PartitionKey", a.PartitionKey, defaultPartitionKey)
	if *a.SortKey != "" {
		dynamotable.ValidateAttributeName(p, "SortKey", *a.SortKey, defaultSortKey)
	}
	p.Allows("SortKey", `"" for none, or an attribute other than PartitionKey`).
		RefuseIf(*a.SortKey != "" && *a.SortKey == a.PartitionKey, "%q is also the partition key", *a.SortKey)
	dynamotable.ValidateAttributeName(p, "TTLAttribute", a.TTLAttribute, defaultTTLAttribute)
	p.Allows("TTLAttribute", "a separate attribute holding the expiry time, not PartitionKey or SortKey").
		RefuseIf(a.TTLAttribute == a.PartitionKey || a.TTLAttribute == *a.SortKey, "%q is a key attribute", a.TTLAttribute)
	p.Tags("Tags", a.Tags)
	p.InputTags("BackupTags", a.BackupTags)
	_, named := a.BackupTags["Name"]
	p.Allows("BackupTags", `keys other than "Name", which the component sets`).
		RefuseIf(named, "key \"Name\" is set by the component")
	return p.Err()
}
