// Command cdn-existing-bucket is a Pulumi program of your own that puts
// millionstack's CDN (a CloudFront distribution with an origin access
// control, HTTPS only, security headers, standard logs) in front of an S3
// bucket you already have, named in config; see README.md.
//
//	cd examples/cdn-existing-bucket && pulumi stack init dev && pulumi config set bucketName ... && pulumi up
package main

import (
	"fmt"

	"github.com/millionstack/millionstack/components/accesslogs"
	"github.com/millionstack/millionstack/components/cdn"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// namespace is where the program's config keys live: the project's name
// in Pulumi.yaml, so that `pulumi config set bucketName ...` sets them.
const namespace = "cdn-existing-bucket"

func main() {
	pulumi.Run(program)
}

func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, namespace)
	bucket := cfg.Get("bucketName")
	if bucket == "" {
		return fmt.Errorf("missing config: %s:bucketName (the name of your bucket, which the distribution serves)", namespace)
	}
	// Where the CDN's own log bucket sends its S3 server access logs.
	logs, err := accesslogs.NewBucket(ctx, "access-logs", accesslogs.BucketArgs{})
	if err != nil {
		return err
	}
	site, err := cdn.NewCDN(ctx, "site", cdn.CDNArgs{
		ExistingBucketName: pulumi.String(bucket),
		DefaultRootObject:  cfg.Get("defaultRootObject"),          // "index.html" for a website
		PriceClass:         cdn.PriceClass(cfg.Get("priceClass")), // PriceClass_100 unless set
		AccessLogBucket:    logs.BucketName,
	})
	if err != nil {
		return err
	}
	// The distribution may read the bucket only once the bucket's policy
	// says so. A bucket has one policy: set managePolicy when this stack
	// may own it (the bucket has no policy of its own); otherwise merge
	// the statements of bucketPolicy into yours.
	if cfg.GetBool("managePolicy") {
		if _, err := s3.NewBucketPolicy(ctx, "site-content", &s3.BucketPolicyArgs{
			Bucket: pulumi.String(bucket),
			Policy: site.BucketPolicy(),
		}, pulumi.DependsOn([]pulumi.Resource{site})); err != nil {
			return err
		}
	}
	ctx.Export("url", site.URL)
	ctx.Export("distributionId", site.DistributionID)
	ctx.Export("bucketPolicy", site.BucketPolicy())
	// For a bucket encrypted with a customer-managed KMS key: add this
	// statement to the key's policy.
	ctx.Export("keyPolicyStatement", site.KeyPolicyStatement())
	// For your deploy job's role: upload, then invalidate.
	ctx.Export("uploadPolicy", site.UploadPolicy())
	ctx.Export("invalidatePolicy", site.InvalidatePolicy())
	return nil
}
