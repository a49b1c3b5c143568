package firewall_test

import (
	"fmt"
	"testing"

	"github.com/millionstack/millionstack/components/firewall"
	"github.com/millionstack/millionstack/internal/inventory"
	"github.com/millionstack/millionstack/internal/inventory/invtest"
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
func record(t *testing.T, region string, args firewall.WebACLArgs) (*inventory.Inventory, error) {
	t.Helper()
	config := map[string]string{}
	if region != "" {
		config["aws:region"] = region
	}
	return inventory.Record(func(ctx *pulumi.Context) error {
		_, err := firewall.NewWebACL(ctx, "edge", args)
		return err
	}, inventory.Options{Config: config})
}

func mustRecord(t *testing.T, region string, args firewall.WebACLArgs) *inventory.Inventory {
	t.Helper()
	inv, err := record(t, region, args)
	require.NoError(t, err)
	return inv
}

func TestDefaultsAllowTrafficAndRunManagedRulesThenRateLimit(t *testing.T) {
	inv := mustRecord(t, "", firewall.WebACLArgs{})
	acl := invtest.Named(t, inv, typeWebACL, "edge")

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
		assert.Equal(t, float64(i), invtest.Input(t, acl, prefix+"priority"))
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
	}

	rate := "rules[4]."
	assert.Equal(t, "IP", acl.String(rate+"statement.rateBasedStatement.aggregateKeyType"))
	assert.Equal(t, float64(2000), invtest.Input(t, acl, rate+"statement.rateBasedStatement.limit"))
	assert.Equal(t, float64(300), invtest.Input(t, acl, rate+"statement.rateBasedStatement.evaluationWindowSec"))
	_, block := acl.Input(rate + "action.block")
	assert.True(t, block, "rate limit must block")
}

func TestOverridesRuleGroupsAndRateLimit(t *testing.T) {
	inv := mustRecord(t, "", firewall.WebACLArgs{
		RateLimit:         500,
		ManagedRuleGroups: []string{"AWSManagedRulesAnonymousIpList", "AWSManagedRulesBotControlRuleSet"},
		Tags:              map[string]string{"team": "web"},
	})
	acl := invtest.Named(t, inv, typeWebACL, "edge")
	rules, _ := acl.Input("rules")
	require.Len(t, rules, 3)
	assert.Equal(t, "AWSManagedRulesAnonymousIpList", acl.String("rules[0].name"))
	assert.Equal(t, "AWSManagedRulesBotControlRuleSet", acl.String("rules[1].name"))
	assert.Equal(t, "rate-limit", acl.String("rules[2].name"))
	assert.Equal(t, float64(2), invtest.Input(t, acl, "rules[2].priority"))
	assert.Equal(t, float64(500), invtest.Input(t, acl, "rules[2].statement.rateBasedStatement.limit"))
	assert.Equal(t, "web", acl.String("tags.team"))
	assert.Equal(t, "edge", acl.String("tags.Name"))
}

func TestEmptyRuleGroupsMeansRateLimitOnly(t *testing.T) {
	inv := mustRecord(t, "", firewall.WebACLArgs{ManagedRuleGroups: []string{}})
	acl := invtest.Named(t, inv, typeWebACL, "edge")
	rules, _ := acl.Input("rules")
	require.Len(t, rules, 1)
	assert.Equal(t, "rate-limit", acl.String("rules[0].name"))
}

func TestLogsGoToARetainedWAFLogGroupWithCredentialsRedacted(t *testing.T) {
	inv := mustRecord(t, "", firewall.WebACLArgs{LogRetentionDays: 365})
	group := invtest.Named(t, inv, typeLogGroup, "edge-logs")
	assert.Equal(t, "aws-waf-logs-edge-", group.String("namePrefix"))
	assert.Equal(t, float64(365), invtest.Input(t, group, "retentionInDays"))

	logging := invtest.Named(t, inv, typeLogging, "edge")
	acl := invtest.Named(t, inv, typeWebACL, "edge")
	assert.Equal(t, "arn:aws:wafv2:us-east-1:123456789012:webAcl/edge", logging.String("resourceArn"))
	assert.Contains(t, logging.Dependencies, acl.URN)
	assert.Equal(t, []interface{}{"arn:aws:cloudwatch:us-east-1:123456789012:logGroup/edge-logs"}, invtest.Input(t, logging, "logDestinationConfigs"))
	assert.Equal(t, "authorization", logging.String("redactedFields[0].singleHeader.name"))
	assert.Equal(t, "cookie", logging.String("redactedFields[1].singleHeader.name"))
}

func TestRegionalACLIsAssociatedWithEachResource(t *testing.T) {
	inv := mustRecord(t, "", firewall.WebACLArgs{AssociatedResourceARNs: map[string]pulumi.StringInput{
		"web": pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1"),
		"api": pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/api/2"),
	}})
	web := invtest.Named(t, inv, typeAssociation, "edge-web")
	assert.Equal(t, "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1", web.String("resourceArn"))
	assert.Equal(t, "arn:aws:wafv2:us-east-1:123456789012:webAcl/edge", web.String("webAclArn"))
	invtest.Named(t, inv, typeAssociation, "edge-api")
	assert.Len(t, inv.ByType(typeAssociation), 2)
}

func TestEveryChildIsParentedToTheComponent(t *testing.T) {
	inv := mustRecord(t, "", firewall.WebACLArgs{AssociatedResourceARNs: map[string]pulumi.StringInput{"web": pulumi.String("arn:lb")}})
	component := invtest.Named(t, inv, typeComponent, "edge")
	cloud := inv.Cloud()
	require.Len(t, cloud, 4) // ACL, log group, logging configuration, association
	invtest.ParentedTo(t, component, cloud...)
}

func TestCloudFrontACLInUsEast1UsesTheStackProvider(t *testing.T) {
	inv := mustRecord(t, "us-east-1", firewall.WebACLArgs{Scope: "CLOUDFRONT"})
	assert.Equal(t, "CLOUDFRONT", invtest.Named(t, inv, typeWebACL, "edge").String("scope"))
	assert.Empty(t, inv.ByType(typeProvider))
	for _, r := range inv.Cloud() {
		assert.Empty(t, r.Provider, "%s %s", r.Type, r.Name)
	}
}

func TestCloudFrontACLElsewhereGetsItsOwnUsEast1Provider(t *testing.T) {
	inv := mustRecord(t, "eu-west-1", firewall.WebACLArgs{Scope: "CLOUDFRONT"})
	component := invtest.Named(t, inv, typeComponent, "edge")
	provider := invtest.Named(t, inv, typeProvider, "edge-us-east-1")
	assert.Equal(t, "us-east-1", provider.String("region"))
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
			[]string{"firewall: RateLimit: 9 is out of range; allowed: 10 to 2000000000"},
		},
		"unknown rule group": {
			firewall.WebACLArgs{ManagedRuleGroups: []string{"AWSManagedRulesCommonRuleSet", "AWSManagedRulesMagic"}},
			[]string{`firewall: ManagedRuleGroups: "AWSManagedRulesMagic" is not a known AWS managed rule group; allowed: AWSManagedRulesAdminProtectionRuleSet`},
		},
		"duplicate rule group": {
			firewall.WebACLArgs{ManagedRuleGroups: []string{"AWSManagedRulesSQLiRuleSet", "AWSManagedRulesSQLiRuleSet"}},
			[]string{`firewall: ManagedRuleGroups: "AWSManagedRulesSQLiRuleSet" is listed twice`},
		},
		"association with a CloudFront ACL": {
			firewall.WebACLArgs{Scope: "CLOUDFRONT", AssociatedResourceARNs: map[string]pulumi.StringInput{"web": pulumi.String("arn:lb")}},
			[]string{"firewall: AssociatedResourceARNs: web are regional resources and cannot use a CLOUDFRONT web ACL"},
		},
		"association without an ARN": {
			firewall.WebACLArgs{AssociatedResourceARNs: map[string]pulumi.StringInput{"web": nil}},
			[]string{"firewall: AssociatedResourceARNs[web]: is required"},
		},
		"unknown scope": {
			firewall.WebACLArgs{Scope: "GLOBAL"},
			[]string{`firewall: Scope: "GLOBAL" is not supported; allowed: REGIONAL, CLOUDFRONT`},
		},
		"retention CloudWatch does not offer": {
			firewall.WebACLArgs{LogRetentionDays: 45},
			[]string{"firewall: LogRetentionDays: 45 days is not a CloudWatch Logs retention"},
		},
		"reserved tag key": {
			firewall.WebACLArgs{Tags: map[string]string{"aws:owner": "me"}},
			[]string{`firewall: Tags: key "aws:owner" uses the reserved prefix "aws:"`},
		},
		"every problem at once": {
			firewall.WebACLArgs{Scope: "GLOBAL", RateLimit: 9, LogRetentionDays: 45},
			[]string{"Scope:", "RateLimit:", "LogRetentionDays:"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			inv, err := record(t, "", tc.args)
			invtest.Rejected(t, inv, err, tc.want...)
		})
	}
}
