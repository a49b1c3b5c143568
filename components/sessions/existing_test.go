package sessions_test

import (
	"encoding/json"
	"testing"

	"github.com/millionstack/millionstack/components/sessions"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A key of your own encrypts the sessions instead of the AWS managed key;
// a key of another region, or an alias, is refused before anything is
// registered.
func TestStoreWithAKeyOfYourOwn(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	_, table, _ := run(t, sessions.StoreArgs{ExistingKMSKeyARN: pulumi.String(key)})
	assert.Equal(t, key, table.String("serverSideEncryption.kmsKeyArn"))
	assert.Equal(t, true, millionstacktest.Value(table, "serverSideEncryption.enabled"))

	for bad, want := range map[string]string{
		"arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab": "is in eu-west-1; allowed: a KMS key (its key ARN, not an alias) in us-east-1",
		"arn:aws:kms:us-east-1:123456789012:alias/sessions":                           "is not the ARN of a KMS key (its key ARN, not an alias)",
	} {
		inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
			_, err := sessions.NewStore(ctx, name, sessions.StoreArgs{ExistingKMSKeyARN: pulumi.String(bad)})
			return err
		}, millionstacktest.Options{})
		millionstacktest.Rejected(t, inv, err, `sessions "sessions": ExistingKMSKeyARN: "`+bad+`" `+want)
	}
}

// ReadPolicy gets one session; ReadWritePolicy also writes and deletes
// one; the table is exported and is what the alarms watch.
func TestStoreGrantsAndChildren(t *testing.T) {
	var store *sessions.Store
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) (err error) {
		store, err = sessions.NewStore(ctx, name, sessions.StoreArgs{})
		return err
	}, millionstacktest.Options{})
	read := make(chan string, 1)
	store.ReadPolicy().ApplyT(func(doc string) string { read <- doc; return doc })
	var doc struct {
		Statement []struct {
			Action   []string
			Resource string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(<-read), &doc))
	assert.Equal(t, []string{"dynamodb:GetItem"}, doc.Statement[0].Action)
	assert.Equal(t, millionstacktest.Only(t, inv, tableType).Outputs["arn"].StringValue(), doc.Statement[0].Resource)
	require.NotNil(t, store.Table)
	assert.Equal(t, store.TableName, store.AlarmTarget())
}
