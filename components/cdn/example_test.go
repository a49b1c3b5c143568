package cdn_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/cdn"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Static assets on a private bucket behind CloudFront, and a deploy role
// (trusted by your CI) that may upload them and invalidate the cache and
// nothing else.
func Example() {
	program := func(ctx *pulumi.Context) error {
		assets, err := cdn.NewCDN(ctx, "assets", cdn.CDNArgs{})
		if err != nil {
			return err
		}
		deploy, err := iam.NewRole(ctx, "deploy", &iam.RoleArgs{
			AssumeRolePolicy: pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/ci"},"Action":"sts:AssumeRole"}]}`),
		})
		if err != nil {
			return err
		}
		for name, document := range map[string]pulumi.StringOutput{"upload": assets.UploadPolicy(), "invalidate": assets.InvalidatePolicy()} {
			if _, err := iam.NewRolePolicy(ctx, "deploy-"+name, &iam.RolePolicyArgs{Role: deploy.Name, Policy: document}); err != nil {
				return err
			}
		}
		ctx.Export("url", assets.URL)
		return nil
	}
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, name := range []string{"deploy-invalidate", "deploy-upload"} {
		p, _ := inv.Named("aws:iam/rolePolicy:RolePolicy", name)
		fmt.Println(name, p.String("policy"))
	}
	// Output:
	// deploy-invalidate {"Version":"2012-10-17","Statement":[{"Sid":"InvalidateCache","Effect":"Allow","Action":["cloudfront:CreateInvalidation","cloudfront:GetInvalidation"],"Resource":"arn:aws:cloudfront:us-east-1:123456789012:distribution/assets"}]}
	// deploy-upload {"Version":"2012-10-17","Statement":[{"Sid":"UploadContent","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::assets/*"}]}
}

// CloudFront in front of a bucket you already have: the component creates
// the origin access control and the distribution, and leaves the bucket's
// policy to you, telling you what to add (BucketPolicy).
func ExampleNewCDN_existingBucket() {
	program := func(ctx *pulumi.Context) error {
		site, err := cdn.NewCDN(ctx, "site", cdn.CDNArgs{
			ExistingBucketName: pulumi.String("acme-website"),
			DefaultRootObject:  "index.html",
		})
		if err != nil {
			return err
		}
		ctx.Export("bucketPolicy", site.BucketPolicy())
		return nil
	}
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	dist, _ := inv.Named("aws:cloudfront/distribution:Distribution", "site")
	fmt.Println("origin:", dist.String("origins[0].domainName"))
	fmt.Println("bucket policies written:", len(inv.ByType("aws:s3/bucketPolicy:BucketPolicy")), "(the log bucket's)")
	// Output:
	// origin: acme-website.s3.us-east-1.amazonaws.com
	// bucket policies written: 1 (the log bucket's)
}
