package firewall_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/firewall"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeComponent   = "millionstack:firewall:WebACL"
	typeWebACL      = "aws:wafv2/webAcl:WebAcl"
	typeLogging     = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
	typeAssociation = "aws:wafv2/webAclAssociation:WebAclAssociation"
	typeLogGroup    = "aws:cloudwatch/logGroup:LogGroup"
	typeProvider    = "pulumi:providers:aws"
)

// record runs NewWebACL("edge", args) in the given region ("" for the default).
func record(t *testing.T, region string, args firewall.WebACLArgs) (*millionstacktest.Inventory, error) {
	t.Helper()
	config := map[string]string{}
	if region != "" {
		config["aws:region"] = region
	}
	return millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := firewall.NewWebACL(ctx, "edge", args)
		return err
	}, millionstacktest.Options{Config: config})
}

func mustRecord(t *testing.T, region string, args firewall.WebACLArgs) *millionstacktest.Inventory {
	t.Helper()
	inv, err := record(t, region, args)
	require.NoError(t, err)
	return inv
}

func TestDefaultsAllowTrafficAndRunManagedRulesThenRateLimit(t *testing.T) {
	inv := mustRecord(t, "", firewall.WebACLArgs{})
	acl := millionstacktest.Named(t, inv, typeWebACL, "edge")

	assert.Equal(t, "REGIONAL", acl.String("scope"))
	_, allow := acl.Input("defaultAction.allow")
	assert.True(t, allow, "default action must be allow")
	assert.Equal(t, "true", acl.String("visibilityConfig.cloudwatchMetricsEnabled"))
	assert.Equal(t, "true", acl.String("visibilityConfig.sampledRequestsEnabled"))
	assert.Equal(t, "edge", acl.String("visibilityConfig.metricName"))

	want := append(append([]string{}, firewall.DefaultManagedRuleGroups...), "rate-limit")
	rules, _ := acl.Input("rules")
	require.Len(t, rules, len(want))
	for i, name := range want {
		prefix := fmt.Sprintf("rules[%d].", i)
		assert.Equal(t, name, acl.String(prefix+"name"))
		assert.Equal(t, float64(i), millionstacktest.Input(t, acl, prefix+"priority"))
		assert.Equal(t, "true", acl.String(prefix+"visibilityConfig.cloudwatchMetricsEnabled"), name)
		assert.Equal(t, "true", acl.String(prefix+"visibilityConfig.sampledRequestsEnabled"), name)
		assert.Equal(t, name, acl.String(prefix+"visibilityConfig.metricName"))
	}
	for i, group := range firewall.DefaultManagedRuleGroups {
		prefix := fmt.Sprintf("rules[%d].", i)
		assert.Equal(t, "AWS", acl.String(prefix+"statement.managedRuleGroupStatement.vendorName"))
		assert.Equal(t, group, acl.String(prefix+"statement.managedRuleGroupStatement.name"))
		_, none := acl.Input(prefix + "overrideAction.none")
		assert.True(t, none, "%s must keep its own block actions", group)
		_, overridden := acl.Input(prefix + "statement.managedRuleGroupStatement.ruleActionOverrides")
		assert.False(t, overridden, "%s: no rule of the group may be relaxed by default", group)
	}

	rate := "rules[4]."
	assert.Equal(t, "IP", acl.String(rate+"statement.rateBasedStatement.aggregateKeyType"))
	assert.Equal(t, float64(2000), millionstacktest.Input(t, acl, rate+"statement.rateBasedStatement.limit"))
	assert.Equal(t, float64(300), millionstacktest.Input(t, acl, rate+"statement.rateBasedStatement.evaluationWindowSec"))
	_, block := acl.Input(rate + "action.block")
	assert.True(t, block, "rate limit must block")
}

func TestOverridesRuleGroupsAndRateLimit(t *testing.T) {
	inv := mustRecord(t, "", firewall.WebACLArgs{
		RateLimit:         500,
		ManagedRuleGroups: []string{"AWSManagedRulesAnonymousIpList", "AWSManagedRulesBotControlRuleSet"},
		Tags:              map[string]string{"team": "web"},
	})
	acl := millionstacktest.Named(t, inv, typeWebACL, "edge")
	rules, _ := acl.Input("rules")
	require.Len(t, rules, 3)
	assert.Equal(t, "AWSManagedRulesAnonymousIpList", acl.String("rules[0].name"))
	assert.Equal(t, "AWSManagedRulesBotControlRuleSet", acl.String("rules[1].name"))
	assert.Equal(t, "rate-limit", acl.String("rules[2].name"))
	assert.Equal(t, float64(2), millionstacktest.Input(t, acl, "rules[2].priority"))
	assert.Equal(t, float64(500), millionstacktest.Input(t, acl, "rules[2].statement.rateBasedStatement.limit"))
	assert.Equal(t, "web", acl.String("tags.team"))
	assert.Equal(t, "edge", acl.String("tags.Name"))
}

// Uploads: the core rule set's SizeRestrictions_BODY blocks every body over
// 8 KB. With LargeBodyPaths it only counts (and labels) them, and a rule
// after the groups blocks the labelled requests outside those paths. Both
// scopes get the same rules: behind an ALB and behind CloudFront alike, an
// image is larger than what WAF inspects of a body.
func TestLargeBodyPathsRelaxTheBodySizeLimitOnlyThere(t *testing.T) {
	for _, scope := range []firewall.Scope{firewall.ScopeRegional, firewall.ScopeCloudFront} {
		t.Run(string(scope), func(t *testing.T) {
			inv := mustRecord(t, "eu-west-1", firewall.WebACLArgs{Scope: scope, LargeBodyPaths: []string{"/uploads/", "/api/images/"}})
			acl := millionstacktest.Named(t, inv, typeWebACL, "edge")
			assert.Equal(t, string(scope), acl.String("scope"))

			groups := firewall.DefaultManagedRuleGroups
			want := append(append([]string{}, groups...), "large-body", "rate-limit")
			rules, _ := acl.Input("rules")
			require.Len(t, rules, len(want))
			for i, name := range want {
				assert.Equal(t, name, acl.String(fmt.Sprintf("rules[%d].name", i)))
				assert.Equal(t, float64(i), millionstacktest.Input(t, acl, fmt.Sprintf("rules[%d].priority", i)))
			}

			// The core rule set counts oversized bodies instead of blocking them;
			// its other rules, and the other groups, keep their actions.
			crs := "rules[0].statement.managedRuleGroupStatement."
			require.Equal(t, "AWSManagedRulesCommonRuleSet", acl.String(crs+"name"))
			overrides, _ := acl.Input(crs + "ruleActionOverrides")
			require.Len(t, overrides, 1)
			assert.Equal(t, "SizeRestrictions_BODY", acl.String(crs+"ruleActionOverrides[0].name"))
			_, count := acl.Input(crs + "ruleActionOverrides[0].actionToUse.count")
			assert.True(t, count, "SizeRestrictions_BODY must count, which keeps its label")
			for i := 1; i < len(groups); i++ {
				_, overridden := acl.Input(fmt.Sprintf("rules[%d].statement.managedRuleGroupStatement.ruleActionOverrides", i))
				assert.False(t, overridden, groups[i])
			}

			// The large-body rule blocks what the size rule labelled, unless
			// the decoded, normalized path starts with an upload path.
			large := fmt.Sprintf("rules[%d].", len(groups))
			_, block := acl.Input(large + "action.block")
			assert.True(t, block, "large-body must block")
			and := large + "statement.andStatement.statements"
			statements, _ := acl.Input(and)
			require.Len(t, statements, 3)
			assert.Equal(t, "LABEL", acl.String(and+"[0].labelMatchStatement.scope"))
			assert.Equal(t, "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body", acl.String(and+"[0].labelMatchStatement.key"))
			for i, path := range []string{"/uploads/", "/api/images/"} {
				match := fmt.Sprintf("%s[%d].notStatement.statements[0].byteMatchStatement.", and, i+1)
				assert.Equal(t, path, acl.String(match+"searchString"))
				assert.Equal(t, "STARTS_WITH", acl.String(match+"positionalConstraint"))
				_, uriPath := acl.Input(match + "fieldToMatch.uriPath")
				assert.True(t, uriPath, "the exemption must match the URI path")
				assert.Equal(t, "URL_DECODE", acl.String(match+"textTransformations[0].type"))
				assert.Equal(t, "NORMALIZE_PATH", acl.String(match+"textTransformations[1].type"))
				assert.Equal(t, float64(0), millionstacktest.Input(t, acl, match+"textTransformations[0].priority"))
				assert.Equal(t, float64(1), millionstacktest.Input(t, acl, match+"textTransformations[1].priority"))
			}
			assert.Equal(t, "true", acl.String(large+"visibilityConfig.cloudwatchMetricsEnabled"))
			assert.Equal(t, "large-body", acl.String(large+"visibilityConfig.metricName"))
		})
	}
}

func TestEmptyRuleGroupsMeansRateLimitOnly(t *testing.T) {
	inv := mustRecord(t, "", firewall.WebACLArgs{ManagedRuleGroups: []string{}})
	acl := millionstacktest.Named(t, inv, typeWebACL, "edge")
	rules, _ := acl.Input("rules")
	require.Len(t, rules, 1)
	assert.Equal(t, "rate-limit", acl.String("rules[0].name"))
}

func TestLogsGoToARetainedWAFLogGroupWithCredentialsRedacted(t *testing.T) {
	inv := mustRecord(t, "", firewall.WebACLArgs{LogRetentionDays: 365})
	group := millionstacktest.Named(t, inv, typeLogGroup, "edge-logs")
	assert.Equal(t, "aws-waf-logs-edge-", group.String("namePrefix"))
	assert.Equal(t, float64(365), millionstacktest.Input(t, group, "retentionInDays"))

	logging := millionstacktest.Named(t, inv, typeLogging, "edge")
	acl := millionstacktest.Named(t, inv, typeWebACL, "edge")
	assert.Equal(t, "arn:aws:wafv2:us-east-1:123456789012:webAcl/edge", logging.String("resourceArn"))
	assert.Contains(t, logging.Dependencies, acl.URN)
	assert.Equal(t, []interface{}{"arn:aws:cloudwatch:us-east-1:123456789012:logGroup/edge-logs"}, millionstacktest.Input(t, logging, "logDestinationConfigs"))
	assert.Equal(t, "authorization", logging.String("redactedFields[0].singleHeader.name"))
	assert.Equal(t, "cookie", logging.String("redactedFields[1].singleHeader.name"))
}

func TestRegionalACLIsAssociatedWithEachResource(t *testing.T) {
	inv := mustRecord(t, "", firewall.WebACLArgs{AssociatedResourceARNs: map[string]pulumi.StringInput{
		"web": pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1"),
		"api": pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/api/2"),
	}})
	web := millionstacktest.Named(t, inv, typeAssociation, "edge-web")
	assert.Equal(t, "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1", web.String("resourceArn"))
	assert.Equal(t, "arn:aws:wafv2:us-east-1:123456789012:webAcl/edge", web.String("webAclArn"))
	millionstacktest.Named(t, inv, typeAssociation, "edge-api")
	assert.Len(t, inv.ByType(typeAssociation), 2)
}

func TestEveryChildIsParentedToTheComponent(t *testing.T) {
	inv := mustRecord(t, "", firewall.WebACLArgs{AssociatedResourceARNs: map[string]pulumi.StringInput{"web": pulumi.String("arn:lb")}})
	component := millionstacktest.Named(t, inv, typeComponent, "edge")
	cloud := inv.Cloud()
	require.Len(t, cloud, 4) // ACL, log group, logging configuration, association
	millionstacktest.ParentedTo(t, component, cloud...)
}

func TestCloudFrontACLInUsEast1UsesTheStackProvider(t *testing.T) {
	inv := mustRecord(t, "us-east-1", firewall.WebACLArgs{Scope: "CLOUDFRONT"})
	assert.Equal(t, "CLOUDFRONT", millionstacktest.Named(t, inv, typeWebACL, "edge").String("scope"))
	assert.Empty(t, inv.ByType(typeProvider))
	for _, r := range inv.Cloud() {
		assert.Empty(t, r.Provider, "%s %s", r.Type, r.Name)
	}
}

// The ACL's own provider deploys to us-east-1 with the stack's other
// provider settings: the same credentials and the same default tags as
// everything else the stack creates.
func TestCloudFrontACLElsewhereGetsItsOwnUsEast1Provider(t *testing.T) {
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := firewall.NewWebACL(ctx, "edge", firewall.WebACLArgs{Scope: "CLOUDFRONT"})
		return err
	}, millionstacktest.Options{Config: map[string]string{
		"aws:region":      "eu-west-1",
		"aws:profile":     "prod",
		"aws:defaultTags": `{"tags":{"team":"web"}}`,
	}})
	require.NoError(t, err)
	component := millionstacktest.Named(t, inv, typeComponent, "edge")
	provider := millionstacktest.Named(t, inv, typeProvider, "edge-us-east-1")
	assert.Equal(t, "us-east-1", provider.String("region"))
	assert.Equal(t, "prod", provider.String("profile"))
	assert.Equal(t, "web", provider.String("defaultTags.tags.team"))
	assert.Equal(t, component.URN, provider.Parent)

	cloud := inv.Cloud()
	require.Len(t, cloud, 3) // ACL, log group, logging configuration
	for _, r := range cloud {
		assert.Contains(t, r.Provider, provider.URN, "%s %s must be created in us-east-1", r.Type, r.Name)
	}
}

func TestRegionalACLOutsideUsEast1NeedsNoProvider(t *testing.T) {
	inv := mustRecord(t, "eu-west-1", firewall.WebACLArgs{})
	assert.Empty(t, inv.ByType(typeProvider))
}

func TestInvalidArgsRegisterNothing(t *testing.T) {
	cases := map[string]struct {
		args firewall.WebACLArgs
		want []string
	}{
		"rate limit below WAF minimum": {
			firewall.WebACLArgs{RateLimit: 9},
			[]string{"firewall \"edge\": RateLimit: 9 is out of range; allowed: 10 to 2000000000"},
		},
		"unknown rule group": {
			firewall.WebACLArgs{ManagedRuleGroups: []string{"AWSManagedRulesCommonRuleSet", "AWSManagedRulesMagic"}},
			[]string{`firewall "edge": ManagedRuleGroups: "AWSManagedRulesMagic" is not a known AWS managed rule group; allowed: AWSManagedRulesAdminProtectionRuleSet`},
		},
		"duplicate rule group": {
			firewall.WebACLArgs{ManagedRuleGroups: []string{"AWSManagedRulesSQLiRuleSet", "AWSManagedRulesSQLiRuleSet"}},
			[]string{`firewall "edge": ManagedRuleGroups: "AWSManagedRulesSQLiRuleSet" is listed twice`},
		},
		"association with a CloudFront ACL": {
			firewall.WebACLArgs{Scope: "CLOUDFRONT", AssociatedResourceARNs: map[string]pulumi.StringInput{"web": pulumi.String("arn:lb")}},
			[]string{"firewall \"edge\": AssociatedResourceARNs: web are regional resources and cannot use a CLOUDFRONT web ACL"},
		},
		"association without an ARN": {
			firewall.WebACLArgs{AssociatedResourceARNs: map[string]pulumi.StringInput{"web": nil}},
			[]string{"firewall \"edge\": AssociatedResourceARNs[web]: is required"},
		},
		"unknown scope": {
			firewall.WebACLArgs{Scope: "GLOBAL"},
			[]string{`firewall "edge": Scope: "GLOBAL" is not supported; allowed: REGIONAL, CLOUDFRONT`},
		},
		"retention CloudWatch does not offer": {
			firewall.WebACLArgs{LogRetentionDays: 45},
			[]string{"firewall \"edge\": LogRetentionDays: 45 days is not a CloudWatch Logs retention"},
		},
		"reserved tag key": {
			firewall.WebACLArgs{Tags: map[string]string{"aws:owner": "me"}},
			[]string{`firewall "edge": Tags: key "aws:owner" uses the reserved prefix "aws:"`},
		},
		"large-body paths without the core rule set": {
			firewall.WebACLArgs{ManagedRuleGroups: []string{"AWSManagedRulesSQLiRuleSet"}, LargeBodyPaths: []string{"/uploads/"}},
			[]string{"firewall \"edge\": LargeBodyPaths: needs AWSManagedRulesCommonRuleSet among ManagedRuleGroups"},
		},
		"large-body path without a leading slash": {
			firewall.WebACLArgs{LargeBodyPaths: []string{"uploads/"}},
			[]string{`firewall "edge": LargeBodyPaths[0]: "uploads/" is not a URI path prefix`},
		},
		"large-body path with a query": {
			firewall.WebACLArgs{LargeBodyPaths: []string{"/uploads?x=1"}},
			[]string{`firewall "edge": LargeBodyPaths[0]: "/uploads?x=1" is not a URI path prefix`},
		},
		"large-body path longer than WAF searches": {
			firewall.WebACLArgs{LargeBodyPaths: []string{"/" + strings.Repeat("a", 50)}},
			[]string{"firewall \"edge\": LargeBodyPaths[0]:", "is 51 bytes long; allowed: at most 50"},
		},
		"large-body path that normalization changes": {
			firewall.WebACLArgs{LargeBodyPaths: []string{"/uploads//images/", "/a/../b/"}},
			[]string{`LargeBodyPaths[0]: "/uploads//images/" has an empty`, `LargeBodyPaths[1]: "/a/../b/" has an empty`},
		},
		"large-body path twice": {
			firewall.WebACLArgs{LargeBodyPaths: []string{"/uploads/", "/uploads/"}},
			[]string{`firewall "edge": LargeBodyPaths[1]: "/uploads/" is listed twice`},
		},
		"every problem at once": {
			firewall.WebACLArgs{Scope: "GLOBAL", RateLimit: 9, LogRetentionDays: 45},
			[]string{"Scope:", "RateLimit:", "LogRetentionDays:"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			inv, err := record(t, "", tc.args)
			millionstacktest.Rejected(t, inv, err, tc.want...)
		})
	}
}
