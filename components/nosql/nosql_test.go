package nosql_test

import (
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/nosql"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	tableType   = "aws:dynamodb/table:Table"
	replicaType = "aws:dynamodb/tableReplica:TableReplica"
)

// recordTable records a Table "activity" and, with a region, its Replica
// "activity-west" through a provider for that region.
func recordTable(args nosql.TableArgs, replicaRegion string, replica nosql.ReplicaArgs) (*millionstacktest.Inventory, *nosql.Table, *nosql.Replica, error) {
	var table *nosql.Table
	var copied *nosql.Replica
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		var err error
		if table, err = nosql.NewTable(ctx, "activity", args); err != nil || replicaRegion == "" {
			return err
		}
		west, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String(replicaRegion)})
		if err != nil {
			return err
		}
		replica.TableARN = table.TableARN
		if replica.SourceRegion == "" {
			replica.SourceRegion = table.Region
		}
		copied, err = nosql.NewReplica(ctx, "activity-west", replica, pulumi.Provider(west))
		return err
	}, millionstacktest.Options{})
	return inv, table, copied, err
}

// A hot table is on-demand, keyed by partition and sort key, expiring
// items, encrypted, backed up continuously, protected from deletion, and
// streams new and old images, ready to be replicated.
func TestHotTableDefaults(t *testing.T) {
	inv, table, _, err := recordTable(nosql.TableArgs{BackupTags: map[string]pulumi.StringInput{"backup": pulumi.String("vault")}}, "", nosql.ReplicaArgs{})
	require.NoError(t, err)
	r := millionstacktest.Only(t, inv, tableType)
	for path, want := range map[string]interface{}{
		"billingMode":                  "PAY_PER_REQUEST",
		"hashKey":                      "pk",
		"rangeKey":                     "sk",
		"ttl.attributeName":            "expiresAt",
		"ttl.enabled":                  true,
		"pointInTimeRecovery.enabled":  true,
		"serverSideEncryption.enabled": true,
		"deletionProtectionEnabled":    true,
		"streamEnabled":                true,
		"streamViewType":               "NEW_AND_OLD_IMAGES",
		"tags.Name":                    "activity",
		"tags.backup":                  "vault",
	} {
		assert.Equal(t, want, millionstacktest.Input(t, r, path), path)
	}
	assert.Equal(t, []interface{}{
		map[string]interface{}{"name": "pk", "type": "S"},
		map[string]interface{}{"name": "sk", "type": "S"},
	}, millionstacktest.Value(r, "attributes"))
	assert.Equal(t, []string{"replicas"}, r.IgnoreChanges, "replicas are resources of their own")
	millionstacktest.ParentedTo(t, millionstacktest.Only(t, inv, nosql.TableType), r)

	assert.Equal(t, "us-east-1", table.Region)
	assert.Contains(t, millionstacktest.Resolve(t, table.StreamARN), "/stream/")
	policy := millionstacktest.Resolve(t, table.ReadWritePolicy())
	arn := r.Outputs["arn"].StringValue()
	assert.Contains(t, policy, `"Resource":["`+arn+`","`+arn+`/index/*"]`)
	assert.Contains(t, policy, "dynamodb:Query")
	assert.NotContains(t, policy, "dynamodb:Scan", "no listing the whole table")
	assert.NotContains(t, policy, `"*"`)
}

func TestHotTableWithoutSortKey(t *testing.T) {
	inv, _, _, err := recordTable(nosql.TableArgs{PartitionKey: "userId", SortKey: pulumi.StringRef(""), TTLAttribute: "ttl"}, "", nosql.ReplicaArgs{})
	require.NoError(t, err)
	r := millionstacktest.Only(t, inv, tableType)
	_, sorted := r.Input("rangeKey")
	assert.False(t, sorted)
	assert.Equal(t, []interface{}{map[string]interface{}{"name": "userId", "type": "S"}}, millionstacktest.Value(r, "attributes"))
	assert.Equal(t, "ttl", r.String("ttl.attributeName"))
}

// A replica is the table in another region, through that region's
// provider, with its own PITR and deletion protection on.
func TestReplicaInAnotherRegion(t *testing.T) {
	inv, table, replica, err := recordTable(nosql.TableArgs{}, "us-west-2", nosql.ReplicaArgs{Tags: map[string]string{"team": "data"}})
	require.NoError(t, err)
	r := millionstacktest.Only(t, inv, replicaType)
	west := millionstacktest.Named(t, inv, "pulumi:providers:aws", "west")
	assert.Equal(t, west.URN, r.ProviderURN())
	assert.Equal(t, millionstacktest.Resolve(t, table.TableARN), r.String("globalTableArn"))
	assert.Equal(t, true, millionstacktest.Value(r, "pointInTimeRecovery"))
	assert.Equal(t, true, millionstacktest.Value(r, "deletionProtectionEnabled"))
	assert.Equal(t, "activity-west", r.String("tags.Name"))
	assert.Equal(t, "data", r.String("tags.team"))
	_, key := r.Input("kmsKeyArn")
	assert.False(t, key, "the AWS managed key of its region, as the table")
	millionstacktest.ParentedTo(t, millionstacktest.Only(t, inv, nosql.ReplicaType), r)
	assert.Equal(t, "us-west-2", replica.Region)
	assert.True(t, strings.HasPrefix(millionstacktest.Resolve(t, replica.TableARN), "arn:aws:dynamodb:us-west-2:"))
	assert.Contains(t, millionstacktest.Resolve(t, table.ReadWritePolicyFor(replica.TableARN)), millionstacktest.Resolve(t, replica.TableARN))

	// Its alarms: the writes of each region replicating to the other,
	// watched where they start, by the table's name, which every region
	// shares.
	name := millionstacktest.Only(t, inv, tableType).Outputs["name"].StringValue()
	require.NotEmpty(t, name)
	assert.Equal(t, name, millionstacktest.Resolve(t, replica.TableName))
	here, source := replica.AlarmTarget(), replica.SourceAlarmTarget()
	assert.Equal(t, "us-east-1", here.ReceivingRegion, "from the replica's region to the source's")
	assert.Equal(t, "us-west-2", source.ReceivingRegion, "from the source's region to the replica's")
	assert.Equal(t, name, millionstacktest.Resolve(t, here.TableName.ToStringOutput()))
	assert.Equal(t, name, millionstacktest.Resolve(t, source.TableName.ToStringOutput()))
}

func TestTableAndReplicaArgsAreValidated(t *testing.T) {
	for label, c := range map[string]struct {
		args nosql.TableArgs
		want string
	}{
		"blank key":      {nosql.TableArgs{PartitionKey: " "}, "nosql \"activity\": PartitionKey"},
		"sort is key":    {nosql.TableArgs{PartitionKey: "id", SortKey: pulumi.StringRef("id")}, "nosql \"activity\": SortKey: \"id\" is also the partition key"},
		"ttl on a key":   {nosql.TableArgs{TTLAttribute: "sk"}, "nosql \"activity\": TTLAttribute: \"sk\" is a key attribute"},
		"long key":       {nosql.TableArgs{PartitionKey: strings.Repeat("k", 256)}, "1 to 255 bytes"},
		"blank sort key": {nosql.TableArgs{SortKey: pulumi.StringRef(" ")}, `nosql "activity": SortKey: " " is blank; allowed: an attribute name such as "sk"`},
		"ttl not utf-8":  {nosql.TableArgs{TTLAttribute: "\xff"}, `TTLAttribute: "\xff" is not valid UTF-8`},
		"backup renames": {nosql.TableArgs{BackupTags: map[string]pulumi.StringInput{"Name": pulumi.String("x")}}, "BackupTags"},
	} {
		t.Run(label, func(t *testing.T) {
			inv, _, _, err := recordTable(c.args, "", nosql.ReplicaArgs{})
			millionstacktest.Rejected(t, inv, err, c.want)
		})
	}
	t.Run("replica in the table's region", func(t *testing.T) {
		inv, _, _, err := recordTable(nosql.TableArgs{}, "us-east-1", nosql.ReplicaArgs{})
		require.Error(t, err)
		assert.ErrorContains(t, err, `nosql "activity-west": SourceRegion: "us-east-1" is where the replica would be too`)
		assert.Empty(t, inv.ByType(replicaType))
	})
	t.Run("replica without a table", func(t *testing.T) {
		err := nosql.ReplicaArgs{SourceRegion: "east"}.Validate("table")
		assert.ErrorContains(t, err, "TableARN: is required")
		assert.ErrorContains(t, err, `SourceRegion: "east" is not an AWS region`)
	})
}
