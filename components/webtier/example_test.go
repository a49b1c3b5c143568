package webtier_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/webtier"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A public web tier in a VPC you have, behind your own ACM certificate:
// HTTPS on 443, HTTP redirected, instances scaled on CPU, and a metrics
// scraper of yours let in to the instances' port.
func Example() {
	program := func(ctx *pulumi.Context) error {
		web, err := webtier.NewWebTier(ctx, "web", webtier.WebTierArgs{
			VpcID:                 pulumi.String("vpc-0123456789abcdef0"),
			LoadBalancerSubnetIDs: pulumi.ToStringArray([]string{"subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"}),
			InstanceSubnetIDs:     pulumi.ToStringArray([]string{"subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"}),
			CertificateARN:        pulumi.String("arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab"),
			MinSize:               2,
			MaxSize:               6,
			CPUTargetPercent:      60,
		})
		if err != nil {
			return err
		}
		if err := web.AllowFrom("metrics", pulumi.String("sg-0fedcba9876543210")); err != nil {
			return err
		}
		ctx.Export("loadBalancer", web.DNSName)
		return nil
	}
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	https, _ := inv.Named("aws:lb/listener:Listener", "web-https")
	http, _ := inv.Named("aws:lb/listener:Listener", "web-http")
	metrics, _ := inv.Named("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "web-from-metrics")
	fmt.Println("https:", https.String("sslPolicy"))
	fmt.Println("http:", http.String("defaultActions[0].type"))
	fmt.Println("metrics:", metrics.String("referencedSecurityGroupId"), "to", metrics.String("securityGroupId"))
	// Output:
	// https: ELBSecurityPolicy-TLS13-1-2-2021-06
	// http: redirect
	// metrics: sg-0fedcba9876543210 to web-instances-id
}

// A web tier in a landing zone that hands out security groups, an
// instance profile and a central bucket for load balancer logs: the tier
// creates none of them, and says what the bucket's policy needs.
func ExampleNewWebTier_resourcesOfYourOwn() {
	program := func(ctx *pulumi.Context) error {
		web, err := webtier.NewWebTier(ctx, "web", webtier.WebTierArgs{
			VpcID:                               pulumi.String("vpc-0123456789abcdef0"),
			LoadBalancerSubnetIDs:               pulumi.ToStringArray([]string{"subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"}),
			InstanceSubnetIDs:                   pulumi.ToStringArray([]string{"subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"}),
			ExistingLoadBalancerSecurityGroupID: pulumi.String("sg-0aaaaaaaaaaaaaaaa"),
			ExistingInstanceSecurityGroupID:     pulumi.String("sg-0bbbbbbbbbbbbbbbb"),
			ExistingInstanceProfileARN:          pulumi.String("arn:aws:iam::123456789012:instance-profile/web"),
			ExistingLogBucketName:               pulumi.String("org-alb-logs"),
		})
		if err != nil {
			return err
		}
		ctx.Export("logBucketPolicy", web.LogBucketPolicy()) // merge into the bucket's policy
		return nil
	}
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	alb, _ := inv.Named("aws:lb/loadBalancer:LoadBalancer", "web")
	fmt.Println("security groups created:", len(inv.ByType("aws:ec2/securityGroup:SecurityGroup")))
	fmt.Println("roles created:", len(inv.ByType("aws:iam/role:Role")))
	fmt.Println("logs:", alb.String("accessLogs.bucket")+"/"+alb.String("accessLogs.prefix"))
	// Output:
	// security groups created: 0
	// roles created: 0
	// logs: org-alb-logs/web
}
