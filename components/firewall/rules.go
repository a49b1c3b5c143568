package firewall

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Names (and metric names) of the ACL's own rules.
const (
	rateLimitRule = "rate-limit"
	largeBodyRule = "large-body"
)

// The core rule set's rule that blocks request bodies over 8 KB, and the
// label it puts on every request it matches, even when it only counts
// (AWS WAF developer guide, "Baseline rule groups", core rule set).
const (
	sizeRestrictionsBody      = "SizeRestrictions_BODY"
	sizeRestrictionsBodyLabel = "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body"
)

// rules returns the ACL's rules in evaluation order: one per managed rule
// group, in the order given, then the large-body rule when LargeBodyPaths
// are set, then the per-IP rate limit. Each rule is named after what it
// evaluates, so its CloudWatch metric and sampled requests are easy to find.
func rules(args WebACLArgs) wafv2.WebAclRuleArray {
	var out wafv2.WebAclRuleArray
	for _, group := range args.ManagedRuleGroups {
		statement := &wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs{
			VendorName: pulumi.String("AWS"),
			Name:       pulumi.String(group),
		}
		if group == commonRuleSet && len(args.LargeBodyPaths) > 0 {
			statement.RuleActionOverrides = wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArray{
				wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArgs{
					Name: pulumi.String(sizeRestrictionsBody),
					ActionToUse: wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseArgs{
						Count: &wafv2.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseCountArgs{},
					},
				},
			}
		}
		out = append(out, wafv2.WebAclRuleArgs{
			Name:     pulumi.String(group),
			Priority: pulumi.Int(len(out)),
			// "none" keeps the group's own actions (block); "count" would only observe.
			OverrideAction:   &wafv2.WebAclRuleOverrideActionArgs{None: &wafv2.WebAclRuleOverrideActionNoneArgs{}},
			Statement:        wafv2.WebAclRuleStatementArgs{ManagedRuleGroupStatement: statement},
			VisibilityConfig: visibility(group),
		})
	}
	if len(args.LargeBodyPaths) > 0 {
		out = append(out, largeBody(args.LargeBodyPaths, len(out)))
	}
	return append(out, wafv2.WebAclRuleArgs{
		Name:     pulumi.String(rateLimitRule),
		Priority: pulumi.Int(len(out)),
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

// largeBody is the rule that puts the core rule set's 8 KB body limit back
// everywhere but under the upload paths: it blocks a request that
// SizeRestrictions_BODY labelled (the group counts it instead of blocking,
// see rules) unless its path starts with one of paths. This is the pattern
// AWS documents for an exception to a managed rule: override the rule to
// Count, which keeps its label, and add a label match rule after the group
// that blocks the labelled requests except the ones to let through (AWS WAF
// developer guide, "Bot Control example: Allowing a specific blocked bot";
// "Label match rule statement").
//
// Why scope the exception instead of counting everywhere: WAF inspects only
// the first 8 KB of a body behind an Application Load Balancer (a fixed
// limit) and the first 16 KB behind CloudFront (up to 64 KB for an extra
// fee, AssociationConfig); the rest of a larger body reaches the app
// unseen by the SQL injection and cross-site scripting body rules. That is
// why the core rule set blocks large bodies (AWS Knowledge Center, "How does
// AWS WAF handle body inspections for HTTP requests?"). An image upload is
// larger than either limit and its bytes are no SQL or script worth
// inspecting, so the exception is confined to the paths that take uploads;
// a form or JSON API anywhere else keeps the block.
//
// The path is URL-decoded and normalized before the comparison, so
// "/uploads/%2e%2e/login" is judged as "/login". Each prefix is a "not"
// statement of its own inside the "and" (not A and not B is not (A or B)):
// WAF requires at least two statements in an "or", as in an "and" (AWS WAF
// developer guide, "OR rule statement", "AND rule statement"), and the
// label match plus one prefix already make two.
func largeBody(paths []string, priority int) wafv2.WebAclRuleArgs {
	statements := wafv2.WebAclRuleStatementArray{
		wafv2.WebAclRuleStatementArgs{LabelMatchStatement: &wafv2.WebAclRuleStatementLabelMatchStatementArgs{
			Scope: pulumi.String("LABEL"),
			Key:   pulumi.String(sizeRestrictionsBodyLabel),
		}},
	}
	for _, path := range paths {
		statements = append(statements, wafv2.WebAclRuleStatementArgs{
			NotStatement: &wafv2.WebAclRuleStatementNotStatementArgs{
				Statements: wafv2.WebAclRuleStatementArray{wafv2.WebAclRuleStatementArgs{
					ByteMatchStatement: &wafv2.WebAclRuleStatementByteMatchStatementArgs{
						FieldToMatch:         &wafv2.WebAclRuleStatementByteMatchStatementFieldToMatchArgs{UriPath: &wafv2.WebAclRuleStatementByteMatchStatementFieldToMatchUriPathArgs{}},
						PositionalConstraint: pulumi.String("STARTS_WITH"),
						SearchString:         pulumi.String(path),
						TextTransformations: wafv2.WebAclRuleStatementByteMatchStatementTextTransformationArray{
							wafv2.WebAclRuleStatementByteMatchStatementTextTransformationArgs{Priority: pulumi.Int(0), Type: pulumi.String("URL_DECODE")},
							wafv2.WebAclRuleStatementByteMatchStatementTextTransformationArgs{Priority: pulumi.Int(1), Type: pulumi.String("NORMALIZE_PATH")},
						},
					},
				}},
			},
		})
	}
	return wafv2.WebAclRuleArgs{
		Name:             pulumi.String(largeBodyRule),
		Priority:         pulumi.Int(priority),
		Action:           &wafv2.WebAclRuleActionArgs{Block: &wafv2.WebAclRuleActionBlockArgs{}},
		Statement:        wafv2.WebAclRuleStatementArgs{AndStatement: &wafv2.WebAclRuleStatementAndStatementArgs{Statements: statements}},
		VisibilityConfig: visibility(largeBodyRule),
	}
}

// visibility turns on CloudWatch metrics and sampled requests for one rule.
func visibility(metric string) wafv2.WebAclRuleVisibilityConfigArgs {
	return wafv2.WebAclRuleVisibilityConfigArgs{
		CloudwatchMetricsEnabled: pulumi.Bool(true),
		MetricName:               pulumi.String(metric),
		SampledRequestsEnabled:   pulumi.Bool(true),
	}
}
