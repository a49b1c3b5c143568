package sessions

import (
	"errors"

	"github.com/millionstack/millionstack/internal/dynamotable"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// StoreArgs configures a Store. Every field has a documented default applied
// by WithDefaults, so StoreArgs{} is a complete, production-ready store.
type StoreArgs struct {
	// PartitionKey is the name of the string partition (hash) key that
	// identifies a session. Default "id". Changing it replaces the table:
	// choose it once.
	PartitionKey string
	// TTLAttribute is the attribute holding each session's expiry as a Unix
	// epoch in seconds; DynamoDB deletes expired items at no cost. Default
	// "expiresAt". It must differ from PartitionKey.
	TTLAttribute string
	// DeletionProtection refuses DeleteTable while on. Default true.
	DeletionProtection *bool
	// PointInTimeRecovery keeps continuous backups for 35 days. Default true
	// (Security Hub DynamoDB.2).
	PointInTimeRecovery *bool
	// Stream turns on the table's stream of new and old item images, which a
	// replica in another region (nosql.NewReplica) replicates from: an
	// in-place update of a live table. Default false. Keep it on while the
	// table has replicas: DynamoDB replicates through it.
	Stream bool
	// Tags are added to the table, together with a Name tag naming it
	// (which takes precedence over a "Name" key here).
	Tags map[string]string
	// BackupTags are further tags of the table whose values may come from
	// other resources: the tag an AWS Backup plan selects data stores by
	// (backup.Plan.DataStoreTags). Default none. Keys follow the tag rules
	// and may not be "Name".
	BackupTags map[string]pulumi.StringInput
	// ExistingKMSKeyARN is a customer-managed KMS key of your own, by its
	// key ARN (not an alias), in the table's region, that encrypts the
	// table instead of the AWS managed key (aws/dynamodb). Default none.
	// Its key policy must let the principal that deploys (and DynamoDB on
	// its behalf) use it: kms:CreateGrant, kms:DescribeKey, kms:Encrypt,
	// kms:Decrypt, kms:ReEncrypt* and kms:GenerateDataKey*, which you may
	// scope with kms:ViaService dynamodb.<region>.amazonaws.com and
	// kms:CallerAccount (DynamoDB developer guide, "Encryption at rest:
	// How it works", customer managed key; the key policy example there).
	// Readers and writers of items need no KMS permission: DynamoDB uses
	// the key through its grant. A replica in another region
	// (nosql.NewReplica) then needs a key of its own region
	// (nosql.ReplicaArgs.ExistingKMSKeyARN). Changing it re-encrypts the
	// table in place.
	ExistingKMSKeyARN pulumi.StringInput
}

// Defaults applied by WithDefaults.
const (
	defaultPartitionKey = "id"
	defaultTTLAttribute = "expiresAt"
)

// WithDefaults returns a copy of a with every unset field given its documented default.
func (a StoreArgs) WithDefaults() StoreArgs {
	if a.PartitionKey == "" {
		a.PartitionKey = defaultPartitionKey
	}
	if a.TTLAttribute == "" {
		a.TTLAttribute = defaultTTLAttribute
	}
	if a.DeletionProtection == nil {
		a.DeletionProtection = boolPtr(true)
	}
	if a.PointInTimeRecovery == nil {
		a.PointInTimeRecovery = boolPtr(true)
	}
	return a
}

// validate reports every problem with a (after WithDefaults) at once;
// region is the table's, "" when not known. DeletionProtection and
// PointInTimeRecovery are valid either way.
func (a StoreArgs) validate(name, region string) error {
	p := validate.For("sessions", name)
	p.KeyARN("ExistingKMSKeyARN", a.ExistingKMSKeyARN, region)
	dynamotable.ValidateAttributeName(p, "PartitionKey", a.PartitionKey, defaultPartitionKey)
	dynamotable.ValidateAttributeName(p, "TTLAttribute", a.TTLAttribute, defaultTTLAttribute)
	p.Allows("TTLAttribute", "a separate attribute holding the expiry time, not PartitionKey").
		RefuseIf(a.TTLAttribute == a.PartitionKey, "%q is also the partition key", a.TTLAttribute)
	p.Tags("Tags", a.Tags)
	p.InputTags("BackupTags", a.BackupTags)
	_, named := a.BackupTags["Name"]
	p.Allows("BackupTags", `keys other than "Name", which the component sets`).
		RefuseIf(named, "key \"Name\" is set by the component")
	return p.Err()
}

// boolPtr returns a pointer to b, for the optional booleans of StoreArgs.
func boolPtr(b bool) *bool {
	return &b
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewStore would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a StoreArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("sessions", name), a.WithDefaults().validate(name, ""))
}
