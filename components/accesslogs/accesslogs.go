// Package accesslogs provides Bucket, the one bucket a stack's S3 server
// access logs go to (Security Hub S3.9, "S3 general purpose buckets should
// have server access logging enabled"). Every other bucket of the stack
// names it as its AccessLogBucket and logs there under a prefix of its own;
// this bucket logs nowhere, since a bucket logging into itself loops (Amazon
// S3 User Guide, "Enabling Amazon S3 server access logging").
//
// The guide's requirements for such a bucket are met here: it lives in the
// stack's account and Region (it is created with the stack's provider), its
// default encryption is SSE-S3 (SSE-KMS is not supported), it has no Object
// Lock, ACLs are off (BucketOwnerEnforced), so log delivery is granted by
// the bucket policy to the logging service principal and nothing else.
package accesslogs

import (
	"errors"
	"fmt"

	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/privatebucket"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// loggingPrincipal is the service that delivers S3 server access logs.
const loggingPrincipal = "logging.s3.amazonaws.com"

// BucketType is the Bucket component's type token.
const BucketType = "millionstack:accesslogs:Bucket"

// Bucket is the private bucket that receives the stack's S3 server access logs.
//
// Its bucket is the escape hatch: read its outputs or depend on it. To
// change an input the component sets, give NewBucket a transform, which the
// engine applies to the children as they register:
//
//	pulumi.Transforms([]pulumi.ResourceTransform{func(_ context.Context, r *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult { ... }})
type Bucket struct {
	pulumi.ResourceState

	// BucketName is the bucket's name: the AccessLogBucket of every
	// component whose buckets log here.
	BucketName pulumi.StringOutput `pulumi:"bucketName"`
	// BucketARN is the bucket's ARN, for policies that let people read the logs.
	BucketARN pulumi.StringOutput `pulumi:"bucketArn"`

	// Bucket is the bucket `<name>`; nil with ExistingBucketName.
	Bucket *s3.BucketV2

	// bucketPolicy is the bucket's policy document.
	bucketPolicy pulumi.StringOutput
}

// BucketArgs configure a Bucket.
type BucketArgs struct {
	// RetentionDays is how long a log object is kept before S3 expires it
	// (the expired version goes a month later, as in every private bucket).
	// Default 90; allowed 1 to 3650. Not with ExistingBucketName.
	RetentionDays int
	// ExistingBucketName is a bucket of your own that receives the server
	// access logs instead: the component creates nothing and hands its
	// name on (BucketName), so that the components that take an
	// AccessLogBucket can be given this component either way. Default nil.
	// Allowed: the name of a bucket in the stack's account and region,
	// encrypted with SSE-S3 (not SSE-KMS), without Object Lock, whose
	// policy lets logging.s3.amazonaws.com put objects (BucketPolicy is the
	// policy it needs) or, with ACLs enabled, that grants the log
	// delivery group write access (Amazon S3 User Guide, "Enabling Amazon
	// S3 server access logging"): S3 refuses to switch logging on for a
	// bucket otherwise. Not with RetentionDays.
	ExistingBucketName pulumi.StringInput
	// Tags are added to the bucket, together with a Name tag.
	Tags map[string]string
}

// DefaultRetentionDays is BucketArgs.RetentionDays when unset.
const DefaultRetentionDays = 90

// WithDefaults returns a copy of a with every unset field at its documented default.
func (a BucketArgs) WithDefaults() BucketArgs {
	if a.RetentionDays == 0 && a.ExistingBucketName == nil {
		a.RetentionDays = DefaultRetentionDays
	}
	return a
}

// validate reports every problem with a (after WithDefaults) at once.
func (a BucketArgs) validate(name string) error {
	p := validate.For("accesslogs", name)
	p.BucketNameInput("ExistingBucketName", a.ExistingBucketName)
	if a.ExistingBucketName != nil {
		p.Conflict("ExistingBucketName", "RetentionDays", a.RetentionDays != 0, "how long logs stay is the lifecycle of your bucket")
	} else {
		p.IntRange("RetentionDays", a.RetentionDays, 1, 3650)
	}
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewBucket would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a BucketArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("accesslogs", name), a.WithDefaults().validate(name))
}

// NewBucket creates the access-log bucket `<name>` (privatebucket: no public
// access, SSE-S3, versioned with noncurrent versions expiring) with its
// lifecycle and policy. It registers nothing when args are invalid.
func NewBucket(ctx *pulumi.Context, name string, args BucketArgs, opts ...pulumi.ResourceOption) (*Bucket, error) {
	args = args.WithDefaults()
	if err := errors.Join(validate.ComponentName("accesslogs", name), args.validate(name)); err != nil {
		return nil, err
	}
	component := &Bucket{}
	if err := ctx.RegisterComponentResource(BucketType, name, component, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(component)
	caller, err := aws.GetCallerIdentity(ctx, nil, parent)
	if err != nil {
		return nil, err
	}
	if args.ExistingBucketName != nil {
		partition, err := aws.GetPartition(ctx, nil, parent)
		if err != nil {
			return nil, err
		}
		component.BucketName = args.ExistingBucketName.ToStringOutput()
		component.BucketARN = pulumi.Sprintf("arn:%s:s3:::%s", partition.Partition, component.BucketName)
		component.bucketPolicy = component.BucketARN.ApplyT(func(arn string) (string, error) {
			return deliveryPolicy(arn, caller.AccountId)
		}).(pulumi.StringOutput)
		return component, ctx.RegisterResourceOutputs(component, pulumi.Map{
			"bucketName": component.BucketName,
			"bucketArn":  component.BucketARN,
		})
	}
	bucket, err := privatebucket.New(ctx, privatebucket.Spec{
		Name:      name,
		Ownership: privatebucket.OwnerEnforced,
		Lifecycle: []privatebucket.LifecycleRule{{
			ID:                 "expire-access-logs",
			ExpireDays:         args.RetentionDays,
			AbortMultipartDays: 7,
		}},
		Tags: args.Tags,
	}, parent)
	if err != nil {
		return nil, err
	}
	component.bucketPolicy = bucket.Arn.ApplyT(func(arn string) (string, error) {
		return deliveryPolicy(arn, caller.AccountId)
	}).(pulumi.StringOutput)
	if _, err := bucket.AttachPolicy(ctx, component.bucketPolicy); err != nil {
		return nil, err
	}

	component.Bucket = bucket.BucketV2
	component.BucketName = bucket.Bucket
	component.BucketARN = bucket.Arn
	return component, ctx.RegisterResourceOutputs(component, pulumi.Map{
		"bucketName": component.BucketName,
		"bucketArn":  component.BucketARN,
	})
}

// deliveryPolicy is the policy of the bucket bucketARN: S3 log delivery may
// put objects for the buckets of account accountID, and nobody may use the
// bucket without TLS (Security Hub S3.5).
//
// The grant is the S3 User Guide's ("Grant permissions to the logging
// service principal using a bucket policy") with aws:SourceAccount, the
// guard against another account's buckets logging here. The guide's second
// condition, aws:SourceArn naming each source bucket, is left out on
// purpose: this bucket comes first in a stack so that every later bucket
// can switch its logging on as it is created, with the grant already in
// place, and those buckets are named by Pulumi only when they are created,
// so no list or pattern known here names them. Each source logs under a
// prefix of its own (privatebucket: "<logical name>/").
//
// The guide warns that deny statements may stop delivery. The TLS denial
// does not (secure baselines deploy it on their access-log buckets:
// nozaq/terraform-aws-secure-baseline#129, HHS/simpler-grants-gov#1219, the
// latter checked against Security Hub S3.5); a denial of uploads without an
// x-amz-server-side-encryption header would, as log delivery sends none
// (aws-quickstart/quickstart-compliance-common#29), so there is none.
func deliveryPolicy(bucketARN, accountID string) (string, error) {
	return policy.Document{Statement: []policy.Statement{
		{
			Sid:       "S3ServerAccessLogsPolicy",
			Effect:    "Allow",
			Principal: map[string]string{"Service": loggingPrincipal},
			Action:    "s3:PutObject",
			Resource:  fmt.Sprintf("%s/*", bucketARN),
			Condition: map[string]map[string]interface{}{"StringEquals": {"aws:SourceAccount": accountID}},
		},
		policy.DenyInsecureTransport("s3:*", bucketARN, bucketARN+"/*"),
	}}.JSON()
}

// BucketPolicy is the bucket's policy document (JSON): S3 log delivery may
// put objects for the buckets of the stack's account, and no request
// without TLS. The component attaches it to its own bucket; with
// ExistingBucketName, merge its statements into your bucket's policy (a
// bucket has one policy, which the component does not touch).
func (b *Bucket) BucketPolicy() pulumi.StringOutput { return b.bucketPolicy }
