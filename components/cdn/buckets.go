package cdn

import (
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/privatebucket"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// abortIncompleteUploads is the first lifecycle rule of both buckets: parts
// of an upload never completed are deleted after 7 days.
var abortIncompleteUploads = privatebucket.LifecycleRule{ID: "abort-incomplete-multipart-uploads", AbortMultipartDays: 7}

// contentVersionDays is how long an overwritten or deleted object of the
// content bucket can be restored.
const contentVersionDays = 90

// newContentBucket creates the bucket `<name>` that holds what the CDN
// serves. ACLs are off (BucketOwnerEnforced) and, like every private
// bucket, it is versioned: an overwritten or deleted object can be restored
// for 90 days. Its server access logs go to AccessLogBucket.
func newContentBucket(ctx *pulumi.Context, name string, args CDNArgs, opts ...pulumi.ResourceOption) (*privatebucket.Bucket, error) {
	return privatebucket.New(ctx, privatebucket.Spec{
		Name:                  name,
		BucketName:            args.BucketName,
		Ownership:             privatebucket.OwnerEnforced,
		BucketKey:             true,
		NoncurrentVersionDays: contentVersionDays,
		Lifecycle:             []privatebucket.LifecycleRule{abortIncompleteUploads},
		AccessLogBucket:       args.AccessLogBucket,
		Tags:                  args.Tags,
	}, opts...)
}

// allowDistributionRead sets the content bucket's policy: CloudFront may get
// objects on behalf of this distribution only (its origin access control
// signs the requests; the AWS:SourceArn condition names the distribution),
// and nobody may use the bucket without TLS.
func allowDistributionRead(ctx *pulumi.Context, content *privatebucket.Bucket, dist *cloudfront.Distribution) error {
	readPolicy := pulumi.All(content.Arn, dist.Arn).ApplyT(func(v []interface{}) (string, error) {
		bucketARN, distributionARN := v[0].(string), v[1].(string)
		return tlsOnlyPolicy(bucketARN, policy.Statement{
			Sid:       "AllowCloudFrontRead",
			Effect:    "Allow",
			Principal: map[string]string{"Service": cloudFrontPrincipal},
			Action:    "s3:GetObject",
			Resource:  bucketARN + "/*",
			Condition: map[string]map[string]interface{}{"StringEquals": {"AWS:SourceArn": distributionARN}},
		})
	}).(pulumi.StringOutput)
	_, err := content.AttachPolicy(ctx, readPolicy)
	return err
}

// newLogBucket creates the bucket `<name>-logs` for CloudFront's standard
// logs, or returns nil when logging is off. CloudFront writes these logs
// through an ACL, so ownership is BucketOwnerPreferred rather than enforced;
// S3 expires each log after LogRetentionDays (and, the bucket being
// versioned, removes the expired version a month later). Its own server
// access logs go to AccessLogBucket.
func newLogBucket(ctx *pulumi.Context, name string, args CDNArgs, opts ...pulumi.ResourceOption) (*privatebucket.Bucket, error) {
	if !*args.Logging {
		return nil, nil
	}
	logs, err := privatebucket.New(ctx, privatebucket.Spec{
		Name:      name + "-logs",
		Ownership: privatebucket.OwnerPreferred,
		BucketKey: true,
		Lifecycle: []privatebucket.LifecycleRule{
			abortIncompleteUploads,
			{ID: "expire-logs", ExpireDays: args.LogRetentionDays},
		},
		AccessLogBucket: args.AccessLogBucket,
		Tags:            args.Tags,
	}, opts...)
	if err != nil {
		return nil, err
	}
	logsPolicy := logs.Arn.ApplyT(func(arn string) (string, error) { return tlsOnlyPolicy(arn) }).(pulumi.StringOutput)
	_, err = logs.AttachPolicy(ctx, logsPolicy)
	return logs, err
}

// tlsOnlyPolicy returns the policy document of the bucket bucketARN: the
// grants, then a denial of every request not made over TLS (Security Hub S3.5).
func tlsOnlyPolicy(bucketARN string, grants ...policy.Statement) (string, error) {
	statements := append(grants, policy.DenyInsecureTransport("s3:*", bucketARN, bucketARN+"/*"))
	return policy.Document{Statement: statements}.JSON()
}
