package cdn

import (
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newContentBucket creates the bucket `<name>` that holds what the CDN
// serves. ACLs are off (BucketOwnerEnforced) and versioning is on, so an
// overwritten or deleted object can be restored for 90 days.
func newContentBucket(ctx *pulumi.Context, name string, args CDNArgs, opts ...pulumi.ResourceOption) (*privateBucket, error) {
	return newPrivateBucket(ctx, bucketSpec{
		name:       name,
		bucketName: args.BucketName,
		ownership:  "BucketOwnerEnforced",
		versioned:  true,
		lifecycle: s3.BucketLifecycleConfigurationV2RuleArray{
			s3.BucketLifecycleConfigurationV2RuleArgs{
				Id:                          pulumi.String("expire-noncurrent-versions"),
				Status:                      pulumi.String("Enabled"),
				Filter:                      &s3.BucketLifecycleConfigurationV2RuleFilterArgs{},
				NoncurrentVersionExpiration: &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{NoncurrentDays: pulumi.Int(90)},
			},
		},
	}, args, opts...)
}

// allowDistributionRead sets the content bucket's policy: CloudFront may get
// objects on behalf of this distribution only (its origin access control
// signs the requests; the AWS:SourceArn condition names the distribution),
// and nobody may use the bucket without TLS.
func allowDistributionRead(ctx *pulumi.Context, content *privateBucket, dist *cloudfront.Distribution, opts ...pulumi.ResourceOption) error {
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
	return content.attachPolicy(ctx, readPolicy, opts...)
}

// newLogBucket creates the bucket `<name>-logs` for CloudFront's standard
// logs, or returns nil when logging is off. CloudFront writes these logs
// through an ACL, so ownership is BucketOwnerPreferred rather than enforced;
// S3 expires each log after LogRetentionDays.
func newLogBucket(ctx *pulumi.Context, name string, args CDNArgs, opts ...pulumi.ResourceOption) (*privateBucket, error) {
	if !*args.Logging {
		return nil, nil
	}
	logs, err := newPrivateBucket(ctx, bucketSpec{
		name:      name + "-logs",
		ownership: "BucketOwnerPreferred",
		lifecycle: s3.BucketLifecycleConfigurationV2RuleArray{
			s3.BucketLifecycleConfigurationV2RuleArgs{
				Id:         pulumi.String("expire-logs"),
				Status:     pulumi.String("Enabled"),
				Filter:     &s3.BucketLifecycleConfigurationV2RuleFilterArgs{},
				Expiration: &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(args.LogRetentionDays)},
			},
		},
	}, args, opts...)
	if err != nil {
		return nil, err
	}
	logsPolicy := logs.Arn.ApplyT(func(arn string) (string, error) { return tlsOnlyPolicy(arn) }).(pulumi.StringOutput)
	return logs, logs.attachPolicy(ctx, logsPolicy, opts...)
}

// bucketSpec says how one of the CDN's buckets differs from the other; all
// else (no public access, encryption, TLS-only policy) they share.
type bucketSpec struct {
	// name is the logical name of the bucket and of its settings resources.
	name string
	// bucketName is the explicit physical name, "" for a Pulumi auto-name.
	bucketName string
	// ownership is the S3 object ownership: BucketOwnerEnforced turns ACLs
	// off; BucketOwnerPreferred keeps them for writers that need them.
	ownership string
	// versioned keeps overwritten and deleted objects as noncurrent versions.
	versioned bool
	// lifecycle rules, besides aborting incomplete multipart uploads.
	lifecycle s3.BucketLifecycleConfigurationV2RuleArray
}

// privateBucket is a bucket nobody outside the account can reach.
type privateBucket struct {
	*s3.BucketV2
	// name is the logical name of the bucket and of its settings resources.
	name string
	// settings are the resources that configure the bucket. Whatever uses the
	// bucket depends on them, so it never sees a half-configured bucket, and
	// so S3 never receives two configuration calls for one bucket at once.
	settings []pulumi.Resource
}

// newPrivateBucket creates a bucket with every public access blocked,
// SSE-S3 encryption with a bucket key, the given ownership, versioning and
// lifecycle, and incomplete multipart uploads aborted after 7 days.
func newPrivateBucket(ctx *pulumi.Context, spec bucketSpec, args CDNArgs, opts ...pulumi.ResourceOption) (*privateBucket, error) {
	bucketArgs := &s3.BucketV2Args{Tags: tagging.Named(spec.name, args.Tags)}
	if spec.bucketName != "" {
		bucketArgs.Bucket = pulumi.String(spec.bucketName)
	}
	bucket, err := s3.NewBucketV2(ctx, spec.name, bucketArgs, opts...)
	if err != nil {
		return nil, err
	}
	b := &privateBucket{BucketV2: bucket, name: spec.name}
	// Each setting waits for the previous one: S3 rejects concurrent
	// configuration changes to one bucket (OperationAborted).
	add := func(r pulumi.Resource, err error) error {
		if err == nil {
			b.settings = append(b.settings, r)
		}
		return err
	}
	after := func() []pulumi.ResourceOption {
		return append(append([]pulumi.ResourceOption{}, opts...), pulumi.DependsOn(b.settings))
	}

	if err := add(s3.NewBucketPublicAccessBlock(ctx, spec.name, &s3.BucketPublicAccessBlockArgs{
		Bucket:                bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, after()...)); err != nil {
		return nil, err
	}
	if err := add(s3.NewBucketOwnershipControls(ctx, spec.name, &s3.BucketOwnershipControlsArgs{
		Bucket: bucket.ID(),
		Rule:   s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String(spec.ownership)},
	}, after()...)); err != nil {
		return nil, err
	}
	if err := add(s3.NewBucketServerSideEncryptionConfigurationV2(ctx, spec.name, &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{
			s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
				ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
					SseAlgorithm: pulumi.String("AES256"),
				},
				BucketKeyEnabled: pulumi.Bool(true),
			},
		},
	}, after()...)); err != nil {
		return nil, err
	}
	if spec.versioned {
		if err := add(s3.NewBucketVersioningV2(ctx, spec.name, &s3.BucketVersioningV2Args{
			Bucket:                  bucket.ID(),
			VersioningConfiguration: s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
		}, after()...)); err != nil {
			return nil, err
		}
	}
	rules := append(s3.BucketLifecycleConfigurationV2RuleArray{
		s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:                             pulumi.String("abort-incomplete-multipart-uploads"),
			Status:                         pulumi.String("Enabled"),
			Filter:                         &s3.BucketLifecycleConfigurationV2RuleFilterArgs{},
			AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{DaysAfterInitiation: pulumi.Int(7)},
		},
	}, spec.lifecycle...)
	if err := add(s3.NewBucketLifecycleConfigurationV2(ctx, spec.name, &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules:  rules,
	}, after()...)); err != nil {
		return nil, err
	}
	return b, nil
}

// attachPolicy sets the bucket policy, a document built by tlsOnlyPolicy,
// once the bucket's settings are in place.
func (b *privateBucket) attachPolicy(ctx *pulumi.Context, document pulumi.StringOutput, opts ...pulumi.ResourceOption) error {
	_, err := s3.NewBucketPolicy(ctx, b.name, &s3.BucketPolicyArgs{
		Bucket: b.ID(),
		Policy: document,
	}, append(opts, pulumi.DependsOn(b.settings))...)
	return err
}

// tlsOnlyPolicy returns the policy document of the bucket bucketARN: the
// grants, then a denial of every request not made over TLS (Security Hub S3.5).
func tlsOnlyPolicy(bucketARN string, grants ...policy.Statement) (string, error) {
	statements := append(grants, policy.DenyInsecureTransport("s3:*", bucketARN, bucketARN+"/*"))
	return policy.Document{Statement: statements}.JSON()
}
