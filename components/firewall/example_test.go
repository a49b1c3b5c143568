package firewall_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/firewall"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A web ACL in front of a load balancer of yours, with the managed rule
// groups, a rate limit, larger bodies allowed under /uploads/, and request
// logs in the log group your organization collects WAF logs in.
func Example() {
	program := func(ctx *pulumi.Context) error {
		_, err := firewall.NewWebACL(ctx, "waf", firewall.WebACLArgs{
			RateLimit:           1000,
			LargeBodyPaths:      []string{"/uploads/"},
			ExistingLogGroupARN: pulumi.String("arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-central"),
			AssociatedResourceARNs: map[string]pulumi.StringInput{
				"web": pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef"),
			},
		})
		return err
	}
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	logging, _ := inv.Named("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "waf")
	fmt.Println("logs to:", logging.String("logDestinationConfigs[0]"))
	fmt.Println("log groups created:", len(inv.ByType("aws:cloudwatch/logGroup:LogGroup")))
	fmt.Println("associations:", len(inv.ByType("aws:wafv2/webAclAssociation:WebAclAssociation")))
	// Output:
	// logs to: arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-central
	// log groups created: 0
	// associations: 1
}
