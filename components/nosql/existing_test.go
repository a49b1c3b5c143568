package nosql_test

import (
	"encoding/json"
	"testing"

	"github.com/millionstack/millionstack/components/nosql"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	ownKey    = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	keyOfWest = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// A key of your own encrypts the table instead of the AWS managed key, and
// one of the replica's region its replica; the table is exported.
func TestTableAndReplicaWithKeysOfYourOwn(t *testing.T) {
	inv, table, replica, err := recordTable(nosql.TableArgs{ExistingKMSKeyARN: pulumi.String(ownKey)}, "us-west-2",
		nosql.ReplicaArgs{ExistingKMSKeyARN: pulumi.String(keyOfWest)})
	require.NoError(t, err)
	r := millionstacktest.Only(t, inv, tableType)
	assert.Equal(t, true, millionstacktest.Value(r, "serverSideEncryption.enabled"))
	assert.Equal(t, ownKey, r.String("serverSideEncryption.kmsKeyArn"))
	assert.Equal(t, keyOfWest, millionstacktest.Only(t, inv, replicaType).String("kmsKeyArn"))
	require.NotNil(t, table.Table)
	require.NotNil(t, replica.TableReplica)
	assert.Equal(t, millionstacktest.Resolve(t, table.TableName), millionstacktest.Resolve(t, table.AlarmTarget().ToStringOutput()))

	_, _, _, err = recordTable(nosql.TableArgs{ExistingKMSKeyARN: pulumi.String(keyOfWest)}, "", nosql.ReplicaArgs{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `nosql "activity": ExistingKMSKeyARN: "`+keyOfWest+`" is in us-west-2; allowed: a KMS key (its key ARN, not an alias) in us-east-1`)
	_, _, _, err = recordTable(nosql.TableArgs{}, "us-west-2", nosql.ReplicaArgs{ExistingKMSKeyARN: pulumi.String(ownKey)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `nosql "activity-west": ExistingKMSKeyARN: "`+ownKey+`" is in us-east-1; allowed: a KMS key (its key ARN, not an alias) in us-west-2`)
}

// Without a key of your own, the AWS managed key: no key ARN is sent.
func TestTableDefaultsToTheAWSManagedKey(t *testing.T) {
	inv, _, _, err := recordTable(nosql.TableArgs{}, "", nosql.ReplicaArgs{})
	require.NoError(t, err)
	r := millionstacktest.Only(t, inv, tableType)
	assert.Equal(t, "", r.String("serverSideEncryption.kmsKeyArn"))
}

// ReadPolicy reads and queries, never writes; ReadWritePolicy adds the
// writes; neither scans.
func TestTableGrants(t *testing.T) {
	_, table, _, err := recordTable(nosql.TableArgs{}, "", nosql.ReplicaArgs{})
	require.NoError(t, err)
	actions := func(doc string) []string {
		var d struct{ Statement []struct{ Action []string } }
		require.NoError(t, json.Unmarshal([]byte(doc), &d))
		require.Len(t, d.Statement, 1)
		return d.Statement[0].Action
	}
	read, write := actions(millionstacktest.Resolve(t, table.ReadPolicy())), actions(millionstacktest.Resolve(t, table.ReadWritePolicy()))
	assert.ElementsMatch(t, []string{"dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:GetItem", "dynamodb:Query"}, read)
	assert.Subset(t, write, read)
	assert.Contains(t, write, "dynamodb:PutItem")
	assert.NotContains(t, append(read, write...), "dynamodb:Scan")
}
