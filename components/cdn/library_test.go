package cdn_test

import (
	"encoding/json"
	"testing"

	"github.com/millionstack/millionstack/components/cdn"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cdnOf records the CDN "site" and hands it back.
func cdnOf(t *testing.T, args cdn.CDNArgs) (*millionstacktest.Inventory, *cdn.CDN) {
	t.Helper()
	var c *cdn.CDN
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		var err error
		c, err = cdn.NewCDN(ctx, "site", args)
		return err
	}, millionstacktest.Options{})
	return inv, c
}

// A bucket of the user's is served, not created and not touched: no
// bucket, setting or policy of the component's; the origin is its regional
// domain name; the outputs name it.
func TestExistingBucketIsServedNotTouched(t *testing.T) {
	inv, c := cdnOf(t, cdn.CDNArgs{ExistingBucketName: pulumi.String("acme-assets")})
	assert.Equal(t, []string{"site-logs"}, millionstacktest.Names(inv.ByType(typeBucket)), "only the log bucket is the component's")
	assert.Equal(t, []string{"site-logs"}, millionstacktest.Names(inv.ByType(typePolicy)), "the user's bucket keeps its own policy")
	dist := millionstacktest.Named(t, inv, typeDistribution, "site")
	assert.Equal(t, "acme-assets.s3.us-east-1.amazonaws.com", dist.String("origins[0].domainName"))
	assert.Equal(t, "site-id", dist.String("origins[0].originAccessControlId"))
	assert.Equal(t, "acme-assets", millionstacktest.Resolve(t, c.BucketName))
	assert.Equal(t, "arn:aws:s3:::acme-assets", millionstacktest.Resolve(t, c.BucketARN))
	assert.Nil(t, c.Bucket)
	assert.NotNil(t, c.LogBucket)
	assert.NotNil(t, c.Distribution)
}

// BucketPolicy is what the user adds to their bucket's policy: CloudFront
// reads for this distribution only, TLS only. For the component's own
// bucket it is the policy attached.
func TestBucketPolicy(t *testing.T) {
	_, c := cdnOf(t, cdn.CDNArgs{ExistingBucketName: pulumi.String("acme-assets")})
	var doc struct{ Statement []map[string]interface{} }
	require.NoError(t, json.Unmarshal([]byte(millionstacktest.Resolve(t, c.BucketPolicy())), &doc))
	require.Len(t, doc.Statement, 2)
	read := doc.Statement[0]
	assert.Equal(t, "s3:GetObject", read["Action"])
	assert.Equal(t, "arn:aws:s3:::acme-assets/*", read["Resource"])
	assert.Equal(t, map[string]interface{}{"Service": "cloudfront.amazonaws.com"}, read["Principal"])
	assert.Equal(t, map[string]interface{}{"StringEquals": map[string]interface{}{"AWS:SourceArn": distributionARN}}, read["Condition"])
	assert.Equal(t, "Deny", doc.Statement[1]["Effect"])

	inv, own := cdnOf(t, cdn.CDNArgs{})
	assert.Equal(t, millionstacktest.Named(t, inv, typePolicy, "site").String("policy"), millionstacktest.Resolve(t, own.BucketPolicy()))
}

const keyARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

// A key of your own encrypts the content bucket with SSE-KMS and a bucket
// key; the uploaders' grant then covers the key. Without one the bucket is
// SSE-S3 and the grant is S3 only.
func TestContentBucketWithAKeyOfYourOwn(t *testing.T) {
	inv, c := cdnOf(t, cdn.CDNArgs{ExistingKMSKeyARN: pulumi.String(keyARN)})
	sse := millionstacktest.Named(t, inv, typeEncryption, "site")
	assert.Equal(t, "aws:kms", sse.String("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"))
	assert.Equal(t, keyARN, sse.String("rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId"))
	assert.Equal(t, true, millionstacktest.Input(t, sse, "rules[0].bucketKeyEnabled"))
	logs := millionstacktest.Named(t, inv, typeEncryption, "site-logs")
	assert.Equal(t, "AES256", logs.String("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"), "CloudFront delivers standard logs to SSE-S3 buckets")
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[
		{"Sid":"UploadContent","Effect":"Allow","Action":"s3:PutObject","Resource":"`+millionstacktest.Resolve(t, c.BucketARN)+`/*"},
		{"Sid":"EncryptContent","Effect":"Allow","Action":["kms:GenerateDataKey","kms:Decrypt"],"Resource":"`+keyARN+`"}]}`,
		millionstacktest.Resolve(t, c.UploadPolicy()))

	inv, c = cdnOf(t, cdn.CDNArgs{})
	assert.Equal(t, "AES256", millionstacktest.Named(t, inv, typeEncryption, "site").String("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"))
	assert.NotContains(t, millionstacktest.Resolve(t, c.UploadPolicy()), "kms:")
}

// KeyPolicyStatement lets CloudFront decrypt for this distribution only.
func TestKeyPolicyStatement(t *testing.T) {
	_, c := cdnOf(t, cdn.CDNArgs{ExistingBucketName: pulumi.String("acme-assets")})
	assert.JSONEq(t, `{"Sid":"AllowCloudFrontDecrypt","Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"AWS:SourceArn":"`+distributionARN+`"}}}`,
		millionstacktest.Resolve(t, c.KeyPolicyStatement()))
}

// The grants a deploy job needs: upload to the bucket, invalidate the
// distribution, each on its own resource only.
func TestGrants(t *testing.T) {
	_, c := cdnOf(t, cdn.CDNArgs{})
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Sid":"UploadContent","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::site/*"}]}`,
		millionstacktest.Resolve(t, c.UploadPolicy()))
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Sid":"InvalidateCache","Effect":"Allow","Action":["cloudfront:CreateInvalidation","cloudfront:GetInvalidation"],"Resource":"`+distributionARN+`"}]}`,
		millionstacktest.Resolve(t, c.InvalidatePolicy()))
}

// A log bucket of the user's gets the logs under the component's prefix.
func TestExistingLogBucket(t *testing.T) {
	inv, c := cdnOf(t, cdn.CDNArgs{ExistingLogBucketName: pulumi.String("acme-logs")})
	assert.Equal(t, []string{"site"}, millionstacktest.Names(inv.ByType(typeBucket)))
	dist := millionstacktest.Named(t, inv, typeDistribution, "site")
	assert.Equal(t, "acme-logs.s3.amazonaws.com", dist.String("loggingConfig.bucket"))
	assert.Equal(t, "site/", dist.String("loggingConfig.prefix"))
	assert.Nil(t, c.LogBucket)
}

// AlarmTarget and Alias are the distribution's own values.
func TestAlarmTargetAndAlias(t *testing.T) {
	_, c := cdnOf(t, cdn.CDNArgs{})
	assert.Equal(t, millionstacktest.Resolve(t, c.DistributionID), millionstacktest.Resolve(t, c.AlarmTarget().DistributionID.ToStringOutput()))
	alias := c.Alias()
	assert.Equal(t, millionstacktest.Resolve(t, c.DomainName), millionstacktest.Resolve(t, alias.DNSName.ToStringOutput()))
	assert.Equal(t, millionstacktest.Resolve(t, c.HostedZoneID), millionstacktest.Resolve(t, alias.ZoneID.ToStringOutput()))
	assert.False(t, alias.EvaluateTargetHealth, "Route 53 cannot evaluate a distribution")
}

func TestExistingResourcesValidation(t *testing.T) {
	off := false
	provider := func(ctx *pulumi.Context) (*aws.Provider, error) {
		return aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
	}
	for _, c := range []struct {
		name string
		args func(ctx *pulumi.Context) (cdn.CDNArgs, error)
		want []string
	}{
		{"bucket name", func(*pulumi.Context) (cdn.CDNArgs, error) {
			return cdn.CDNArgs{ExistingBucketName: pulumi.String("Acme_Assets")}, nil
		}, []string{`cdn "site": ExistingBucketName: "Acme_Assets" breaks S3 naming rules`}},
		{"bucket and its name", func(*pulumi.Context) (cdn.CDNArgs, error) {
			return cdn.CDNArgs{ExistingBucketName: pulumi.String("acme-assets"), BucketName: "site-assets"}, nil
		}, []string{"cdn \"site\": ExistingBucketName and BucketName:"}},
		{"bucket and failover", func(ctx *pulumi.Context) (cdn.CDNArgs, error) {
			west, err := provider(ctx)
			return cdn.CDNArgs{ExistingBucketName: pulumi.String("acme-assets"), Failover: &cdn.Failover{Provider: west, AccessLogBucket: pulumi.String("logs-west")}}, err
		}, []string{"cdn \"site\": ExistingBucketName and Failover:"}},
		{"no bucket of the component's to log", func(*pulumi.Context) (cdn.CDNArgs, error) {
			return cdn.CDNArgs{ExistingBucketName: pulumi.String("acme-assets"), ExistingLogBucketName: pulumi.String("acme-logs"), AccessLogBucket: pulumi.String("access-logs")}, nil
		}, []string{"cdn \"site\": ExistingBucketName and AccessLogBucket:"}},
		{"log bucket and logging off", func(*pulumi.Context) (cdn.CDNArgs, error) {
			return cdn.CDNArgs{ExistingLogBucketName: pulumi.String("acme-logs"), Logging: &off}, nil
		}, []string{"cdn \"site\": ExistingLogBucketName and Logging:"}},
		{"log bucket and retention", func(*pulumi.Context) (cdn.CDNArgs, error) {
			return cdn.CDNArgs{ExistingLogBucketName: pulumi.String("acme-logs"), LogRetentionDays: 30}, nil
		}, []string{"cdn \"site\": ExistingLogBucketName and LogRetentionDays:"}},
		{"certificate outside us-east-1", func(*pulumi.Context) (cdn.CDNArgs, error) {
			return cdn.CDNArgs{Aliases: []string{"static.example.com"}, CertificateARN: pulumi.String("arn:aws:acm:eu-west-1:123456789012:certificate/abc")}, nil
		}, []string{`cdn "site": CertificateARN: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" is in eu-west-1; allowed: an ACM certificate in us-east-1`}},
		{"regional web ACL", func(*pulumi.Context) (cdn.CDNArgs, error) {
			return cdn.CDNArgs{WebACLARN: pulumi.String("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/waf/abc")}, nil
		}, []string{`cdn "site": WebACLARN: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/waf/abc" is not the ARN of a web ACL of CLOUDFRONT scope`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
				args, err := c.args(ctx)
				if err != nil {
					return err
				}
				_, err = cdn.NewCDN(ctx, "site", args)
				return err
			}, millionstacktest.Options{})
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Empty(t, inv.ByType(typeComponent), "nothing may be registered when the arguments are invalid")
			assert.Empty(t, inv.ByType(typeBucket))
		})
	}
}
