package sessions_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/millionstack/millionstack/components/sessions"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	componentType = "millionstack:sessions:Store"
	tableType     = "aws:dynamodb/table:Table"
	name          = "sessions"
)

// run records a Store built from args and returns the inventory, the
// recorded table and the access policy (resolved by the mocks).
func run(t *testing.T, args sessions.StoreArgs) (*millionstacktest.Inventory, millionstacktest.Resource, string) {
	t.Helper()
	policy := make(chan string, 1)
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		store, err := sessions.NewStore(ctx, name, args)
		if err != nil {
			return err
		}
		store.ReadWritePolicy().ApplyT(func(doc string) string { policy <- doc; return doc })
		return nil
	}, millionstacktest.Options{})
	table := millionstacktest.Named(t, inv, tableType, name)
	select {
	case doc := <-policy:
		return inv, table, doc
	case <-time.After(10 * time.Second):
		t.Fatal("the access policy never resolved")
		return nil, millionstacktest.Resource{}, ""
	}
}

func TestSecureDefaults(t *testing.T) {
	inv, table, _ := run(t, sessions.StoreArgs{})
	assert.Equal(t, "PAY_PER_REQUEST", table.String("billingMode"))
	assert.Equal(t, "id", table.String("hashKey"))
	assert.Equal(t, []interface{}{map[string]interface{}{"name": "id", "type": "S"}}, millionstacktest.Value(table, "attributes"))
	assert.Equal(t, "expiresAt", table.String("ttl.attributeName"))
	assert.Equal(t, true, millionstacktest.Value(table, "ttl.enabled"))
	assert.Equal(t, true, millionstacktest.Value(table, "pointInTimeRecovery.enabled"))
	assert.Equal(t, true, millionstacktest.Value(table, "serverSideEncryption.enabled"))
	_, customKey := table.Input("serverSideEncryption.kmsKeyArn")
	assert.False(t, customKey, "the AWS-managed key needs no key ARN")
	assert.Equal(t, true, millionstacktest.Value(table, "deletionProtectionEnabled"))
	for _, provisioned := range []string{"readCapacity", "writeCapacity", "rangeKey"} {
		_, set := table.Input(provisioned)
		assert.False(t, set, "%s is set", provisioned)
	}

	millionstacktest.ParentedTo(t, millionstacktest.Only(t, inv, componentType), table)
	assert.Equal(t, name, table.String("tags.Name"))
}

func TestOverrides(t *testing.T) {
	off := false
	_, table, _ := run(t, sessions.StoreArgs{
		PartitionKey:        "sid",
		TTLAttribute:        "ttl",
		DeletionProtection:  &off,
		PointInTimeRecovery: &off,
		Tags:                map[string]string{"team": "core"},
	})
	assert.Equal(t, "sid", table.String("hashKey"))
	assert.Equal(t, "sid", table.String("attributes[0].name"))
	assert.Equal(t, "ttl", table.String("ttl.attributeName"))
	assert.Equal(t, false, millionstacktest.Value(table, "deletionProtectionEnabled"))
	assert.Equal(t, false, millionstacktest.Value(table, "pointInTimeRecovery.enabled"))
	assert.Equal(t, "core", table.String("tags.team"))
}

// A backup plan's tag, whose value comes from the plan's vault, goes on the
// table with the others.
func TestBackupTagsGoOnTheTable(t *testing.T) {
	_, table, _ := run(t, sessions.StoreArgs{
		Tags:       map[string]string{"team": "core"},
		BackupTags: map[string]pulumi.StringInput{"millionstack:backup": pulumi.String("backup-vault")},
	})
	assert.Equal(t, "backup-vault", table.String("tags.millionstack:backup"))
	assert.Equal(t, "core", table.String("tags.team"))
	assert.Equal(t, name, table.String("tags.Name"))
}

func TestAccessPolicyIsScopedToTheTable(t *testing.T) {
	_, table, doc := run(t, sessions.StoreArgs{})
	var policy struct {
		Version   string
		Statement []struct {
			Effect   string
			Action   []string
			Resource interface{}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(doc), &policy))
	assert.Equal(t, "2012-10-17", policy.Version)
	require.Len(t, policy.Statement, 1)
	statement := policy.Statement[0]
	assert.Equal(t, "Allow", statement.Effect)
	assert.ElementsMatch(t, []string{"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"}, statement.Action)
	assert.Equal(t, table.Outputs["arn"].StringValue(), statement.Resource)
	assert.NotContains(t, doc, "*", "no wildcard action or resource")
}

func TestValidation(t *testing.T) {
	cases := map[string]struct {
		args  sessions.StoreArgs
		field string
	}{
		"blank partition key":      {sessions.StoreArgs{PartitionKey: "  "}, "PartitionKey"},
		"partition key too long":   {sessions.StoreArgs{PartitionKey: strings.Repeat("k", 256)}, "PartitionKey"},
		"partition key not UTF-8":  {sessions.StoreArgs{PartitionKey: "id\xff"}, "PartitionKey"},
		"blank TTL attribute":      {sessions.StoreArgs{TTLAttribute: "\t"}, "TTLAttribute"},
		"TTL attribute too long":   {sessions.StoreArgs{TTLAttribute: strings.Repeat("é", 128)}, "TTLAttribute"},
		"TTL on the key":           {sessions.StoreArgs{PartitionKey: "expiresAt"}, "TTLAttribute"},
		"TTL on the default key":   {sessions.StoreArgs{TTLAttribute: "id"}, "TTLAttribute"},
		"reserved tag prefix":      {sessions.StoreArgs{Tags: map[string]string{"aws:x": "y"}}, "Tags"},
		"backup tag renames":       {sessions.StoreArgs{BackupTags: map[string]pulumi.StringInput{"Name": pulumi.String("x")}}, "BackupTags"},
		"backup tag without value": {sessions.StoreArgs{BackupTags: map[string]pulumi.StringInput{"backup": nil}}, "BackupTags"},
	}
	for label, tc := range cases {
		t.Run(label, func(t *testing.T) {
			inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
				_, err := sessions.NewStore(ctx, name, tc.args)
				return err
			}, millionstacktest.Options{})
			millionstacktest.Rejected(t, inv, err, `sessions "sessions": `+tc.field+":")
		})
	}
}

func TestLongestValidNamesAreAccepted(t *testing.T) {
	_, table, _ := run(t, sessions.StoreArgs{PartitionKey: strings.Repeat("k", 255), TTLAttribute: strings.Repeat("t", 255)})
	assert.Len(t, table.String("hashKey"), 255)
}

// Without Stream the table is exactly what it was before streams existed;
// with it, the table streams new and old images, which a replica in
// another region needs, and leaves its replicas to resources of their own.
func TestStreamForReplicas(t *testing.T) {
	_, plain, _ := run(t, sessions.StoreArgs{})
	for _, unset := range []string{"streamEnabled", "streamViewType"} {
		_, set := plain.Input(unset)
		assert.False(t, set, "%s without Stream", unset)
	}
	assert.Empty(t, plain.IgnoreChanges)

	_, streamed, _ := run(t, sessions.StoreArgs{Stream: true})
	assert.Equal(t, true, millionstacktest.Value(streamed, "streamEnabled"))
	assert.Equal(t, "NEW_AND_OLD_IMAGES", streamed.String("streamViewType"))
	assert.Equal(t, []string{"replicas"}, streamed.IgnoreChanges)
	// Everything else, the key above all, is the same: the stream is added in place.
	for _, same := range []string{"hashKey", "attributes", "billingMode", "ttl", "pointInTimeRecovery", "serverSideEncryption", "deletionProtectionEnabled", "tags"} {
		assert.Equal(t, millionstacktest.Value(plain, same), millionstacktest.Value(streamed, same), same)
	}
}
