package cdn

import (
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/privatebucket"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
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
		KMSKeyARN:             args.ExistingKMSKeyARN,
		NoncurrentVersionDays: contentVersionDays,
		Lifecycle:             []privatebucket.LifecycleRule{abortIncompleteUploads},
		AccessLogBucket:       args.AccessLogBucket,
		Tags:                  args.Tags,
	}, opts...)
}

// bucketOrigin is the bucket the distribution serves: its name, ARN and
// regional domain name (what an S3 origin with an origin access control
// takes).
type bucketOrigin struct {
	name, arn, regionalDomainName pulumi.StringOutput
}

// existingOrigin looks up the bucket of the user's (ExistingBucketName):
// its ARN and regional domain name, in whatever region it is.
func existingOrigin(ctx *pulumi.Context, bucket pulumi.StringInput, parent pulumi.ResourceOrInvokeOption) bucketOrigin {
	found := s3.LookupBucketOutput(ctx, s3.LookupBucketOutputArgs{Bucket: bucket}, parent)
	return bucketOrigin{name: found.Bucket(), arn: found.Arn(), regionalDomainName: found.BucketRegionalDomainName()}
}

// readPolicy is the policy document of the bucket bucketARN: CloudFront may
// get objects on behalf of the distribution distributionARN only (its
// origin access control signs the requests; the AWS:SourceArn condition
// names the distribution), and nobody may use the bucket without TLS.
func readPolicy(bucketARN, distributionARN pulumi.StringOutput) pulumi.StringOutput {
	return pulumi.All(bucketARN, distributionARN).ApplyT(func(v []interface{}) (string, error) {
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
}

// newLogBucket creates the bucket `<name>-logs` for CloudFront's standard
// logs, or returns nil when logging is off. CloudFront writes these logs
// through an ACL, so ownership is BucketOwnerPreferred rather than enforced;
// S3 expires each log after LogRetentionDays (and, the bucket being
// versioned, removes the expired version a month later). Its own server
// access logs go to AccessLogBucket.
//
// With ExistingLogBucketName there is no log bucket of the component's
// (nil): the distribution logs into that one.
func newLogBucket(ctx *pulumi.Context, name string, args CDNArgs, opts ...pulumi.ResourceOption) (*privatebucket.Bucket, error) {
	if !*args.Logging || args.ExistingLogBucketName != nil {
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
