package firewall_test

import (
	"testing"

	"github.com/millionstack/millionstack/components/firewall"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	ownLogGroup = "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-edge"
	ownKey      = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// A log group of the user's receives the logs; none is created.
func TestExistingLogGroupReceivesTheLogs(t *testing.T) {
	var acl *firewall.WebACL
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		var err error
		acl, err = firewall.NewWebACL(ctx, "edge", firewall.WebACLArgs{ExistingLogGroupARN: pulumi.String(ownLogGroup)})
		return err
	}, millionstacktest.Options{})
	assert.Empty(t, inv.ByType(typeLogGroup))
	assert.Equal(t, []interface{}{ownLogGroup}, millionstacktest.Input(t, millionstacktest.Only(t, inv, typeLogging), "logDestinationConfigs"))
	assert.Nil(t, acl.LogGroup)
	require.NotNil(t, acl.ACL)
}

// A key of the user's encrypts the component's log group, which is exposed.
func TestExistingKeyEncryptsTheLogGroup(t *testing.T) {
	var acl *firewall.WebACL
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		var err error
		acl, err = firewall.NewWebACL(ctx, "edge", firewall.WebACLArgs{ExistingKMSKeyARN: pulumi.String(ownKey)})
		return err
	}, millionstacktest.Options{})
	assert.Equal(t, ownKey, millionstacktest.Only(t, inv, typeLogGroup).String("kmsKeyId"))
	require.NotNil(t, acl.LogGroup)
	require.NotNil(t, acl.ACL)
}

func TestExistingResourcesValidation(t *testing.T) {
	for _, c := range []struct {
		name   string
		region string
		args   firewall.WebACLArgs
		want   []string
	}{
		{"group name", "", firewall.WebACLArgs{ExistingLogGroupARN: pulumi.String("arn:aws:logs:us-east-1:123456789012:log-group:edge")},
			[]string{`firewall "edge": ExistingLogGroupARN: "arn:aws:logs:us-east-1:123456789012:log-group:edge" names the log group "edge"; allowed: a group whose name starts with "aws-waf-logs-"`}},
		{"group with :*", "", firewall.WebACLArgs{ExistingLogGroupARN: pulumi.String(ownLogGroup + ":*")},
			[]string{`ends with ":*"`}},
		{"group in another region", "eu-west-1", firewall.WebACLArgs{ExistingLogGroupARN: pulumi.String(ownLogGroup)},
			[]string{`firewall "edge": ExistingLogGroupARN: "` + ownLogGroup + `" is in us-east-1; allowed: a log group in eu-west-1`}},
		{"CloudFront group outside us-east-1", "eu-west-1", firewall.WebACLArgs{Scope: firewall.ScopeCloudFront,
			ExistingLogGroupARN: pulumi.String("arn:aws:logs:eu-west-1:123456789012:log-group:aws-waf-logs-edge")},
			[]string{"is in eu-west-1; allowed: a log group in us-east-1"}},
		{"group and retention", "", firewall.WebACLArgs{ExistingLogGroupARN: pulumi.String(ownLogGroup), LogRetentionDays: 30},
			[]string{"firewall \"edge\": ExistingLogGroupARN and LogRetentionDays:"}},
		{"group and key", "", firewall.WebACLArgs{ExistingLogGroupARN: pulumi.String(ownLogGroup), ExistingKMSKeyARN: pulumi.String(ownKey)},
			[]string{"firewall \"edge\": ExistingLogGroupARN and ExistingKMSKeyARN:"}},
		{"key in another region", "eu-west-1", firewall.WebACLArgs{ExistingKMSKeyARN: pulumi.String(ownKey)},
			[]string{`firewall "edge": ExistingKMSKeyARN: "` + ownKey + `" is in us-east-1; allowed: a KMS key (its key ARN, not an alias) in eu-west-1`}},
		{"not a group", "", firewall.WebACLArgs{ExistingLogGroupARN: pulumi.String("aws-waf-logs-edge")},
			[]string{`firewall "edge": ExistingLogGroupARN: "aws-waf-logs-edge" is not an ARN`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			inv, err := record(t, c.region, c.args)
			millionstacktest.Rejected(t, inv, err, c.want...)
		})
	}
}
