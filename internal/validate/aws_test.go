package validate_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/millionstack/millionstack/internal/validate"
)

const (
	keyARN   = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	aliasARN = "arn:aws:kms:us-east-1:123456789012:alias/app"
	mrkARN   = "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	roleARN  = "arn:aws:iam::123456789012:role/service-role/app"
	certARN  = "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab"
	topicARN = "arn:aws:sns:us-east-1:123456789012:alarms"
)

// Identifiers known at program time are checked; outputs are left to AWS.
func TestIdentifierShapes(t *testing.T) {
	unknown := pulumi.String("sg-nope").ToStringOutput()
	runChecks(t, []check{
		{"sg short", func(p *validate.Problems) { p.SecurityGroupID("G", pulumi.String("sg-0123abcd")) }, true},
		{"sg long", func(p *validate.Problems) { p.SecurityGroupID("G", pulumi.String("sg-0123456789abcdef0")) }, true},
		{"sg as ID", func(p *validate.Problems) { p.SecurityGroupID("G", pulumi.ID("sg-0123456789abcdef0")) }, true},
		{"sg 9 digits", func(p *validate.Problems) { p.SecurityGroupID("G", pulumi.String("sg-0123abcd0")) }, false},
		{"sg upper case", func(p *validate.Problems) { p.SecurityGroupID("G", pulumi.String("sg-0123ABCD")) }, false},
		{"sg name", func(p *validate.Problems) { p.SecurityGroupID("G", pulumi.String("default")) }, false},
		{"sg empty", func(p *validate.Problems) { p.SecurityGroupID("G", pulumi.String("")) }, false},
		{"sg output", func(p *validate.Problems) { p.SecurityGroupID("G", unknown) }, true},
		{"sg nil", func(p *validate.Problems) { p.SecurityGroupID("G", nil) }, true},
		{"subnet", func(p *validate.Problems) { p.SubnetID("S", pulumi.String("subnet-0123456789abcdef0")) }, true},
		{"subnet given a VPC", func(p *validate.Problems) { p.SubnetID("S", pulumi.String("vpc-0123456789abcdef0")) }, false},
		{"vpc", func(p *validate.Problems) { p.VpcID("V", pulumi.String("vpc-0123abcd")) }, true},
		{"vpc given a group", func(p *validate.Problems) { p.VpcID("V", pulumi.String("sg-0123abcd")) }, false},
		{"subnets", func(p *validate.Problems) {
			p.SubnetIDs("S", pulumi.StringArray{pulumi.String("subnet-0123abcd"), unknown})
		}, true},
		{"subnets one bad", func(p *validate.Problems) {
			p.SubnetIDs("S", pulumi.StringArray{pulumi.String("subnet-0123abcd"), pulumi.String("subnet-x")})
		}, false},
		{"subnets output", func(p *validate.Problems) { p.SubnetIDs("S", pulumi.StringArray{}.ToStringArrayOutput()) }, true},
		{"zone", func(p *validate.Problems) { p.HostedZoneID("Z", pulumi.String("Z0123456789ABCDEFGHIJ")) }, true},
		{"zone old", func(p *validate.Problems) { p.HostedZoneID("Z", pulumi.String("Z1D633PJN98FT9")) }, true},
		{"zone name", func(p *validate.Problems) { p.HostedZoneID("Z", pulumi.String("example.com")) }, false},
		{"zone path", func(p *validate.Problems) { p.HostedZoneID("Z", pulumi.String("/hostedzone/Z1D633PJN98FT9")) }, true},
		{"zone lower case", func(p *validate.Problems) { p.HostedZoneID("Z", pulumi.String("z1d633pjn98ft9")) }, false},
		{"bucket", func(p *validate.Problems) { p.BucketNameInput("B", pulumi.String("my-assets")) }, true},
		{"bucket bad", func(p *validate.Problems) { p.BucketNameInput("B", pulumi.String("My_Assets")) }, false},
		{"bucket output", func(p *validate.Problems) { p.BucketNameInput("B", unknown) }, true},
	})
}

func TestIdentifierMessagesNameFieldValueAndShape(t *testing.T) {
	p := validate.For("webtier", "web")
	p.SecurityGroupID("ExistingSecurityGroupID", pulumi.String("web-sg"))
	require.Error(t, p.Err())
	assert.Equal(t, `webtier "web": ExistingSecurityGroupID: "web-sg" is not a security group ID; allowed: a security group ID such as "sg-0123456789abcdef0" ("sg-" and 8 or 17 hex digits)`, p.Err().Error())
}

func TestARNs(t *testing.T) {
	cases := []struct {
		name   string
		check  func(p *validate.Problems)
		wantIn string // "" when valid
	}{
		{"key", func(p *validate.Problems) { p.KMSKeyARN("K", pulumi.String(keyARN), "us-east-1") }, ""},
		{"alias", func(p *validate.Problems) { p.KMSKeyARN("K", pulumi.String(aliasARN), "us-east-1") }, ""},
		{"multi-region key", func(p *validate.Problems) { p.KMSKeyARN("K", pulumi.String(mrkARN), "us-east-1") }, ""},
		{"key region unknown", func(p *validate.Problems) {
			p.KMSKeyARN("K", pulumi.String("arn:aws:kms:eu-west-1:123456789012:key/abc"), "")
		}, ""},
		{"key in GovCloud", func(p *validate.Problems) {
			p.KMSKeyARN("K", pulumi.String("arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/abc"), "us-gov-west-1")
		}, ""},
		{"key output", func(p *validate.Problems) { p.KMSKeyARN("K", pulumi.String("x").ToStringOutput(), "us-east-1") }, ""},
		{"key in another region", func(p *validate.Problems) {
			p.KMSKeyARN("K", pulumi.String("arn:aws:kms:eu-west-1:123456789012:key/abc"), "us-east-1")
		}, `K: "arn:aws:kms:eu-west-1:123456789012:key/abc" is in eu-west-1; allowed: a KMS key in us-east-1, by its ARN such as "arn:aws:kms:us-east-1:`},
		{"key ID, not ARN", func(p *validate.Problems) {
			p.KMSKeyARN("K", pulumi.String("1234abcd-12ab-34cd-56ef-1234567890ab"), "us-east-1")
		}, `K: "1234abcd-12ab-34cd-56ef-1234567890ab" is not an ARN; allowed: a KMS key in us-east-1, by its ARN such as "arn:aws:kms:`},
		{"topic as key", func(p *validate.Problems) { p.KMSKeyARN("K", pulumi.String(topicARN), "us-east-1") }, `K: "` + topicARN + `" is not the ARN of a KMS key (service "sns", resource "alarms")`},
		{"kms grant as key", func(p *validate.Problems) {
			p.KMSKeyARN("K", pulumi.String("arn:aws:kms:us-east-1:123456789012:grant/abc"), "us-east-1")
		}, `is not the ARN of a KMS key`},
		{"key without region", func(p *validate.Problems) {
			p.KMSKeyARN("K", pulumi.String("arn:aws:kms::123456789012:key/abc"), "us-east-1")
		}, `has no region`},
		{"role", func(p *validate.Problems) { p.RoleARN("R", pulumi.String(roleARN)) }, ""},
		{"user as role", func(p *validate.Problems) { p.RoleARN("R", pulumi.String("arn:aws:iam::123456789012:user/bob")) }, `is not the ARN of an IAM role`},
		{"role with region", func(p *validate.Problems) {
			p.RoleARN("R", pulumi.String("arn:aws:iam:us-east-1:123456789012:role/app"))
		}, `names region us-east-1, which the ARN of an IAM role has none of`},
		{"profile", func(p *validate.Problems) {
			p.ARN("P", pulumi.String("arn:aws:iam::123456789012:instance-profile/app"), validate.InstanceProfile, "")
		}, ""},
		{"role as profile", func(p *validate.Problems) { p.ARN("P", pulumi.String(roleARN), validate.InstanceProfile, "") }, "is not the ARN of an instance profile"},
		{"certificate", func(p *validate.Problems) { p.CertificateARN("C", pulumi.String(certARN), "us-east-1") }, ""},
		{"certificate elsewhere", func(p *validate.Problems) {
			p.CertificateARN("C", pulumi.String("arn:aws:acm:eu-west-1:123456789012:certificate/abc"), "us-east-1")
		}, "is in eu-west-1; allowed: an ACM certificate in us-east-1"},
		{"topic", func(p *validate.Problems) { p.TopicARN("T", pulumi.String(topicARN), "us-east-1") }, ""},
		{"topic elsewhere", func(p *validate.Problems) { p.TopicARN("T", pulumi.String(topicARN), "us-west-2") }, "is in us-east-1; allowed: an SNS topic in us-west-2"},
		{"log group", func(p *validate.Problems) {
			p.ARN("L", pulumi.String("arn:aws:logs:us-east-1:123456789012:log-group:app"), validate.LogGroup, "us-east-1")
		}, ""},
		{"bad partition", func(p *validate.Problems) {
			p.KMSKeyARN("K", pulumi.String("arn:azure:kms:us-east-1:123456789012:key/abc"), "us-east-1")
		}, "is not an ARN"},
		{"short account", func(p *validate.Problems) {
			p.KMSKeyARN("K", pulumi.String("arn:aws:kms:us-east-1:1234:key/abc"), "us-east-1")
		}, "is not an ARN"},
		{"no resource", func(p *validate.Problems) {
			p.KMSKeyARN("K", pulumi.String("arn:aws:kms:us-east-1:123456789012:key/"), "")
		}, "is not the ARN of a KMS key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := validate.In("test")
			c.check(p)
			if c.wantIn == "" {
				assert.NoError(t, p.Err())
				return
			}
			require.Error(t, p.Err())
			assert.Contains(t, p.Err().Error(), c.wantIn)
		})
	}
}

func TestConflictNamesBothFields(t *testing.T) {
	p := validate.For("database", "orders")
	p.Conflict("ExistingSecurityGroupID", "AllowedSecurityGroups", false, "a security group of your own is yours to open")
	assert.NoError(t, p.Err(), "one of them")
	p.Conflict("ExistingSecurityGroupID", "AllowedSecurityGroups", true, "a security group of your own is yours to open")
	assert.EqualError(t, p.Err(), `database "orders": ExistingSecurityGroupID and AllowedSecurityGroups: a security group of your own is yours to open; allowed: one of them`)
}

func TestKnown(t *testing.T) {
	v, ok := validate.Known(pulumi.String("sg-1"))
	assert.True(t, ok)
	assert.Equal(t, "sg-1", v)
	_, ok = validate.Known(pulumi.String("sg-1").ToStringOutput())
	assert.False(t, ok)
	_, ok = validate.Known(nil)
	assert.False(t, ok)
	assert.False(t, validate.Given(nil))
	assert.True(t, validate.Given(pulumi.String("")))
}

func TestARNNameIsTheLastPartOfTheResource(t *testing.T) {
	for arn, want := range map[string]string{
		roleARN: "app",
		"arn:aws:ecs:us-east-1:123456789012:cluster/apps": "apps",
		"arn:aws:iam::123456789012:instance-profile/web":  "web",
	} {
		got := make(chan string, 1)
		validate.ARNName(pulumi.String(arn)).ApplyT(func(name string) string { got <- name; return name })
		assert.Equal(t, want, <-got, arn)
	}
}
