package cdn

import (
	"encoding/json"

	"github.com/millionstack/millionstack/components/dns"
	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// What other components and stacks take from a CDN, in their own types:
// the grants a consumer attaches to its role, the policies the owner of a
// bucket or key of their own adds, the alarm target, the alias target.

// UploadPolicy is the IAM policy document (JSON) that lets its holder put
// objects into the content bucket, and nothing else: s3:PutObject on
// <bucket>/* (multipart uploads need no more). For a deploy job's role.
// `aws s3 sync` lists the bucket too (s3:ListBucket on the bucket) and
// with --delete deletes (s3:DeleteObject): grant those apart if you use
// them. With ExistingKMSKeyARN it also grants kms:GenerateDataKey (to
// encrypt each object) and kms:Decrypt (to complete a multipart upload) on
// that key (S3 user guide, "Uploading and copying objects using multipart
// upload", permissions with SSE-KMS). A content bucket of your own
// (ExistingBucketName) that encrypts with a customer-managed key needs
// the same on its key: grant it apart.
func (c *CDN) UploadPolicy() pulumi.StringOutput {
	key := pulumi.StringInput(pulumi.String(""))
	if c.key != nil {
		key = c.key
	}
	return pulumi.All(c.BucketARN, key).ApplyT(func(v []interface{}) (string, error) {
		statements := []policy.Statement{{
			Sid:      "UploadContent",
			Effect:   "Allow",
			Action:   "s3:PutObject",
			Resource: v[0].(string) + "/*",
		}}
		if keyARN := v[1].(string); keyARN != "" {
			statements = append(statements, policy.Statement{
				Sid:      "EncryptContent",
				Effect:   "Allow",
				Action:   []string{"kms:GenerateDataKey", "kms:Decrypt"},
				Resource: keyARN,
			})
		}
		return policy.Document{Statement: statements}.JSON()
	}).(pulumi.StringOutput)
}

// InvalidatePolicy is the IAM policy document (JSON) that lets its holder
// invalidate the distribution's cache after an upload and follow the
// invalidation (cloudfront:CreateInvalidation, cloudfront:GetInvalidation
// on the distribution: Service Authorization Reference, Amazon CloudFront,
// resource type distribution), and nothing else.
func (c *CDN) InvalidatePolicy() pulumi.StringOutput {
	return c.DistributionARN.ApplyT(func(distributionARN string) (string, error) {
		return policy.Document{Statement: []policy.Statement{{
			Sid:      "InvalidateCache",
			Effect:   "Allow",
			Action:   []string{"cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"},
			Resource: distributionARN,
		}}}.JSON()
	}).(pulumi.StringOutput)
}

// BucketPolicy is the content bucket's policy document (JSON): CloudFront
// may get objects for this distribution only, and no request without TLS.
// The component attaches it to its own content bucket; with
// ExistingBucketName, merge its statements into your bucket's policy (or
// attach it as is, to a bucket without a policy of its own: s3.BucketPolicy
// with this document).
func (c *CDN) BucketPolicy() pulumi.StringOutput { return c.bucketPolicy }

// KeyPolicyStatement is the statement (JSON) a customer-managed KMS key
// that encrypts the content bucket needs in its key policy, so that
// CloudFront can read the objects it encrypts for this distribution:
// kms:Decrypt for cloudfront.amazonaws.com, on the condition that the
// request comes from this distribution (CloudFront developer guide,
// "Restrict access to an Amazon S3 origin", SSE-KMS). For the key of
// ExistingKMSKeyARN, or of a bucket of your own (ExistingBucketName); the
// component's content bucket without ExistingKMSKeyARN uses SSE-S3, which
// needs nothing.
func (c *CDN) KeyPolicyStatement() pulumi.StringOutput {
	return c.DistributionARN.ApplyT(func(distributionARN string) (string, error) {
		statement, err := json.Marshal(policy.Statement{
			Sid:       "AllowCloudFrontDecrypt",
			Effect:    "Allow",
			Principal: map[string]string{"Service": cloudFrontPrincipal},
			Action:    "kms:Decrypt",
			Resource:  "*",
			Condition: map[string]map[string]interface{}{"StringEquals": {"AWS:SourceArn": distributionARN}},
		})
		return string(statement), err
	}).(pulumi.StringOutput)
}

// AlarmTarget is what components/monitoring watches of the distribution
// (MonitoringArgs.Distributions, from a monitoring in us-east-1).
func (c *CDN) AlarmTarget() monitoring.DistributionTarget {
	return monitoring.DistributionTarget{DistributionID: c.DistributionID}
}

// Alias is the distribution as the target of a Route 53 alias record
// (dns.Record.Alias) for one of its Aliases. Route 53 cannot evaluate a
// distribution's health (ChangeResourceRecordSets API reference,
// AliasTarget: EvaluateTargetHealth is false for CloudFront).
func (c *CDN) Alias() *dns.Alias {
	return &dns.Alias{DNSName: c.DomainName, ZoneID: c.HostedZoneID}
}
