package appconfig_test

import (
	"testing"

	"github.com/millionstack/millionstack/components/appconfig"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A key of your own encrypts the app's log group; one of another region is
// refused before anything is registered; the children are exported by key.
func TestLogKeyOfYourOwnAndChildren(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	args := appconfig.ConfigArgs{
		Path:                 "/shop/prod",
		Values:               map[string]pulumi.StringInput{"db/writer": pulumi.String("db.example")},
		Roles:                map[string]pulumi.StringInput{"web": pulumi.String("web-role")},
		ExistingLogKMSKeyARN: pulumi.String(key),
	}
	var c *appconfig.Config
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) (err error) {
		c, err = appconfig.NewConfig(ctx, "appconfig", args)
		return err
	}, millionstacktest.Options{Stack: "10k"})
	assert.Equal(t, key, millionstacktest.Named(t, inv, "aws:cloudwatch/logGroup:LogGroup", "appconfig-app").String("kmsKeyId"))
	require.NotNil(t, c.LogGroup)
	assert.Contains(t, c.Parameters, "db/writer")
	assert.Contains(t, c.Parameters, "logs/group")
	assert.Contains(t, c.RolePolicies, "web-read")
	assert.Contains(t, c.RolePolicies, "web-logs")

	args.ExistingLogKMSKeyARN = pulumi.String("arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
	inv, err := record(t, args)
	millionstacktest.Rejected(t, inv, err, `appconfig "cfg": ExistingLogKMSKeyARN: "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" is in us-west-2; allowed: a KMS key (its key ARN, not an alias) in us-east-1`)
}
