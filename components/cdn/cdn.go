// Package cdn provides CDN: a private S3 bucket served worldwide by
// CloudFront, optionally with a load balancer or a Lambda function URL behind
// some paths. It carries the static assets of a growing app, or at prelaunch
// the whole site, and is built to pass Security Hub's CloudFront and S3
// controls: the bucket admits only this distribution, viewers only get HTTPS,
// every response carries security headers and every request is logged.
package cdn

import (
	"errors"

	"github.com/millionstack/millionstack/internal/privatebucket"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// CDNType is the CDN component's type token.
const CDNType = "millionstack:cdn:CDN"

// CDN is a content bucket, its CloudFront distribution and the log bucket.
//
// The exported children are the escape hatch: read their outputs or
// depend on them. To change an input the component sets, give NewCDN a
// transform, which the engine applies to the children as they register:
//
//	pulumi.Transforms([]pulumi.ResourceTransform{func(_ context.Context, r *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult { ... }})
type CDN struct {
	pulumi.ResourceState

	// BucketName is the content bucket's name, for uploading assets.
	BucketName pulumi.StringOutput `pulumi:"bucketName"`
	// BucketARN is the content bucket's ARN, for granting uploaders access.
	BucketARN pulumi.StringOutput `pulumi:"bucketArn"`
	// DistributionID is the distribution's ID, for cache invalidations.
	DistributionID pulumi.StringOutput `pulumi:"distributionId"`
	// DistributionARN is the distribution's ARN, for policies that name it.
	DistributionARN pulumi.StringOutput `pulumi:"distributionArn"`
	// DomainName is the distribution's *.cloudfront.net name: the target of
	// Route 53 alias records for the Aliases.
	DomainName pulumi.StringOutput `pulumi:"domainName"`
	// HostedZoneID is CloudFront's hosted zone, for those alias records.
	HostedZoneID pulumi.StringOutput `pulumi:"hostedZoneId"`
	// URL is https:// and the first alias, or the CloudFront domain without aliases.
	URL pulumi.StringOutput `pulumi:"url"`

	// Bucket is the content bucket `<name>`; nil with ExistingBucketName.
	Bucket *s3.BucketV2
	// LogBucket is the log bucket `<name>-logs`; nil with Logging off or
	// ExistingLogBucketName.
	LogBucket *s3.BucketV2
	// Distribution is the CloudFront distribution `<name>`.
	Distribution *cloudfront.Distribution

	// bucketPolicy is the content bucket's policy document.
	bucketPolicy pulumi.StringOutput
	// key is CDNArgs.ExistingKMSKeyARN: the content bucket's key, nil for
	// SSE-S3.
	key pulumi.StringInput
}

// NewCDN creates a CDN called name: the content bucket `<name>` (unless
// ExistingBucketName), the distribution `<name>` and, unless logging is off
// or goes to ExistingLogBucketName, the log bucket `<name>-logs`.
func NewCDN(ctx *pulumi.Context, name string, args CDNArgs, opts ...pulumi.ResourceOption) (*CDN, error) {
	args = args.WithDefaults()
	if err := validate.ComponentName("cdn", name); err != nil {
		return nil, errors.Join(err, args.validate(name, ""))
	}
	region, err := args.lookupRegions(ctx, opts...)
	if err != nil {
		return nil, err
	}
	if err := args.validate(name, region); err != nil {
		return nil, err
	}
	component := &CDN{key: args.ExistingKMSKeyARN}
	if err := ctx.RegisterComponentResource(CDNType, name, component, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(component)

	var content *privatebucket.Bucket
	var origin bucketOrigin
	if args.ExistingBucketName != nil {
		origin = existingOrigin(ctx, args.ExistingBucketName, parent)
	} else {
		if content, err = newContentBucket(ctx, name, args, parent); err != nil {
			return nil, err
		}
		origin = bucketOrigin{name: content.Bucket, arn: content.Arn, regionalDomainName: content.BucketRegionalDomainName}
		component.Bucket = content.BucketV2
	}
	logs, err := newLogBucket(ctx, name, args, parent)
	if err != nil {
		return nil, err
	}
	copied, err := newFailoverCopy(ctx, name, args, content, parent)
	if err != nil {
		return nil, err
	}
	dist, err := newDistribution(ctx, name, args, origin, copied, logs, parent)
	if err != nil {
		return nil, err
	}
	component.bucketPolicy = readPolicy(origin.arn, dist.Arn)
	if content != nil {
		if _, err := content.AttachPolicy(ctx, component.bucketPolicy); err != nil {
			return nil, err
		}
	}
	if copied != nil {
		if _, err := copied.AttachPolicy(ctx, readPolicy(copied.Arn, dist.Arn)); err != nil {
			return nil, err
		}
	}
	if fn := args.FunctionOrigin; fn != nil {
		if err := allowFunctionInvoke(ctx, name, fn, dist, parent); err != nil {
			return nil, err
		}
	}

	component.Distribution = dist
	if logs != nil {
		component.LogBucket = logs.BucketV2
	}
	component.BucketName = origin.name
	component.BucketARN = origin.arn
	component.DistributionID = dist.ID().ToStringOutput()
	component.DistributionARN = dist.Arn
	component.DomainName = dist.DomainName
	component.HostedZoneID = dist.HostedZoneId
	component.URL = pulumi.Sprintf("https://%s", dist.DomainName)
	if len(args.Aliases) > 0 {
		component.URL = pulumi.String("https://" + args.Aliases[0]).ToStringOutput()
	}
	return component, ctx.RegisterResourceOutputs(component, pulumi.Map{
		"bucketName":      component.BucketName,
		"bucketArn":       component.BucketARN,
		"distributionId":  component.DistributionID,
		"distributionArn": component.DistributionARN,
		"domainName":      component.DomainName,
		"hostedZoneId":    component.HostedZoneID,
		"url":             component.URL,
	})
}
