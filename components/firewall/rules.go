package firewall

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// rateLimitRule is the name (and metric name) of the rate-based rule.
const rateLimitRule = "rate-limit"

// rules returns the ACL's rules in evaluation order: one per managed rule
// group, in the order given, then the per-IP rate limit. Each rule is named
// after what it evaluates, so its CloudWatch metric and sampled requests are
// easy to find.
func rules(args WebACLArgs) wafv2.WebAclRuleArray {
	var out wafv2.WebAclRuleArray
	for i, group := range args.ManagedRuleGroups {
		out = append(out, wafv2.WebAclRuleArgs{
			Name:     pulumi.String(group),
			Priority: pulumi.Int(i),
			// "none" keeps the group's own actions (block); "count" would only observe.
			OverrideAction: &wafv2.WebAclRuleOverrideActionArgs{None: &wafv2.WebAclRuleOverrideActionNoneArgs{}},
			Statement: wafv2.WebAclRuleStatementArgs{
				ManagedRuleGroupStatement: &wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs{
					VendorName: pulumi.String("AWS"),
					Name:       pulumi.String(group),
				},
			},
			VisibilityConfig: visibility(group),
		})
	}
	return append(out, wafv2.WebAclRuleArgs{
		Name:     pulumi.String(rateLimitRule),
		Priority: pulumi.Int(len(args.ManagedRuleGroups)),
		Action:   &wafv2.WebAclRuleActionArgs{Block: &wafv2.WebAclRuleActionBlockArgs{}},
		Statement: wafv2.WebAclRuleStatementArgs{
			RateBasedStatement: &wafv2.WebAclRuleStatementRateBasedStatementArgs{
				AggregateKeyType:    pulumi.String("IP"),
				Limit:               pulumi.Int(args.RateLimit),
				EvaluationWindowSec: pulumi.Int(300),
			},
		},
		VisibilityConfig: visibility(rateLimitRule),
	})
}

// visibility turns on CloudWatch metrics and sampled requests for one rule.
func visibility(metric string) wafv2.WebAclRuleVisibilityConfigArgs {
	return wafv2.WebAclRuleVisibilityConfigArgs{
		CloudwatchMetricsEnabled: pulumi.Bool(true),
		MetricName:               pulumi.String(metric),
		SampledRequestsEnabled:   pulumi.Bool(true),
	}
}
