package plan

import (
	"strings"
	"testing"

	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cloud builds one recorded cloud resource with plain inputs.
func cloud(typ, name string, inputs map[string]interface{}) millionstacktest.Resource {
	return millionstacktest.Resource{
		URN:  "urn:pulumi:dev::millionstack::" + typ + "::" + name,
		Type: typ, Name: name, Custom: true,
		Inputs: resource.NewPropertyMapFromMap(inputs),
	}
}

// withOutput gives a recorded resource an output, as the mocks would.
func withOutput(r millionstacktest.Resource, key string, v interface{}) millionstacktest.Resource {
	r.Outputs = r.Inputs.Copy()
	r.Outputs[resource.PropertyKey(key)] = resource.NewPropertyValue(v)
	return r
}

func inv(rs ...millionstacktest.Resource) *millionstacktest.Inventory {
	return &millionstacktest.Inventory{Stack: "dev", Resources: rs}
}

// A resource that breaks a provider rule fails the check with its name, the
// arguments, the rule and its source.
func TestCheckNamesTheResourceTheArgumentsAndTheSource(t *testing.T) {
	bad := cloud("aws:rds/instance:Instance", "db", map[string]interface{}{"backupRetentionPeriod": 40.0})
	err := Checked("10", inv(bad))
	require.Error(t, err)
	var ve *ViolationsError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Violations, 1)
	for _, want := range []string{"stage 10", "rds:Instance db", "backupRetentionPeriod is 40", "0 to 35", "Range rule",
		"github.com/pulumi/pulumi-aws/sdk/v6@v6.83.0 go/aws/rds/instance.go", "Must be between `0` and `35`."} {
		assert.Contains(t, err.Error(), want)
	}
	assert.Equal(t, bad.URN, ve.Violations[0].URN)

	stored := cloud("aws:rds/instance:Instance", "db", map[string]interface{}{"manageMasterUserPassword": false, "password": "p"})
	err = Checked("10k", inv(stored))
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Violations, 1)
	assert.Contains(t, err.Error(), "manageMasterUserPassword (false) and password")
	assert.NotContains(t, err.Error(), `"p"`, "the password never appears")
}

// price returns the line of a resource's cost whose item contains item.
func price(t *testing.T, r millionstacktest.Resource, item string, rs ...millionstacktest.Resource) CostLine {
	t.Helper()
	c := Estimate(r, inv(append([]millionstacktest.Resource{r}, rs...)...))
	for _, l := range c.Lines {
		if strings.Contains(l.Item, item) {
			return l
		}
	}
	t.Fatalf("%s has no %q line: %+v", r.Type, item, c.Lines)
	return CostLine{}
}

// Each priced type prices one line at the list price its source states
// (/work/shared/reference/pricing.md, us-east-1 on-demand): changing a price
// in prices.go without a new source fails here.
func TestPricesMatchTheirSources(t *testing.T) {
	for _, c := range []struct {
		r      millionstacktest.Resource
		extra  []millionstacktest.Resource
		item   string
		qty    float64
		usd    float64
		source string
	}{
		// S1 karpenter pricing (AWS Pricing API): t3.micro $0.0104/h.
		{cloud("aws:ec2/instance:Instance", "host", map[string]interface{}{"instanceType": "t3.micro"}), nil, "t3.micro instance hours", 730, 0.0104, "AWS Pricing API via karpenter"},
		// S2 infracost ebs_volume_test: gp3 $0.08/GB-month.
		{cloud("aws:ebs/volume:Volume", "data", map[string]interface{}{"size": 40.0}), nil, "gp3 GB", 40, 0.08, "infracost golden tests"},
		// S7 public IPv4: $0.005/h.
		{cloud("aws:ec2/eip:Eip", "ip", map[string]interface{}{}), nil, "public IPv4 address", 730, 0.005, "AWS public IPv4 pricing"},
		// S2 nat_gateway_test: $0.045/h.
		{cloud("aws:ec2/natGateway:NatGateway", "nat", map[string]interface{}{}), nil, "NAT gateway hours", 730, 0.045, "infracost golden tests"},
		// S3 AWS Pricing API capture 2026-03-22: db.t3.micro PostgreSQL Single-AZ $0.018/h.
		{cloud("aws:rds/instance:Instance", "db", map[string]interface{}{"instanceClass": "db.t3.micro", "engine": "postgres", "multiAz": false, "allocatedStorage": 20.0}), nil,
			"db.t3.micro postgres Single-AZ hours", 730, 0.018, "AWS Pricing API capture 2026-03-22"},
		// S2: RDS gp3 storage, Single-AZ $0.115/GB-month.
		{cloud("aws:rds/instance:Instance", "db", map[string]interface{}{"instanceClass": "db.t3.micro", "engine": "postgres", "multiAz": false, "allocatedStorage": 20.0}), nil,
			"gp3 storage GB", 20, 0.115, "infracost golden tests"},
		// S2: RDS gp3 storage, Multi-AZ $0.23/GB-month.
		{cloud("aws:rds/instance:Instance", "db", map[string]interface{}{"instanceClass": "db.t3.small", "engine": "mysql", "multiAz": true, "allocatedStorage": 30.0}), nil,
			"gp3 storage GB", 30, 0.23, "infracost golden tests"},
		// S2 infracost hclmulti_project_infra: db.t3.small MySQL Multi-AZ $0.068/h.
		{cloud("aws:rds/instance:Instance", "db", map[string]interface{}{"instanceClass": "db.t3.small", "engine": "mysql", "multiAz": true, "allocatedStorage": 30.0}), nil,
			"db.t3.small mysql Multi-AZ hours", 730, 0.068, "infracost hclmulti_project_infra golden"},
		// S2 lb_test: ALB $0.0225/h.
		{cloud("aws:lb/loadBalancer:LoadBalancer", "web", map[string]interface{}{}), nil, "load balancer hours", 730, 0.0225, "infracost golden tests"},
		// S1: two t3.small at $0.0208/h, the launch template's type.
		{cloud("aws:autoscaling/group:Group", "web", map[string]interface{}{"desiredCapacity": 2.0, "launchTemplate": map[string]interface{}{"id": "lt-id"}}),
			[]millionstacktest.Resource{cloud("aws:ec2/launchTemplate:LaunchTemplate", "lt", map[string]interface{}{"instanceType": "t3.small"})},
			"t3.small instance hours", 1460, 0.0208, "AWS Pricing API via karpenter"},
		// S1: a mixed instances group is priced at its first type, m5.large $0.096/h.
		{cloud("aws:autoscaling/group:Group", "web", map[string]interface{}{"desiredCapacity": 3.0, "mixedInstancesPolicy": map[string]interface{}{"launchTemplate": map[string]interface{}{
			"launchTemplateSpecification": map[string]interface{}{"launchTemplateId": "lt-id"},
			"overrides":                   []interface{}{map[string]interface{}{"instanceType": "m5.large"}, map[string]interface{}{"instanceType": "c5.large"}},
		}}}),
			[]millionstacktest.Resource{cloud("aws:ec2/launchTemplate:LaunchTemplate", "lt", map[string]interface{}{"instanceType": "t3.small"})},
			"m5.large instance hours", 2190, 0.096, "AWS Pricing API via karpenter"},
		// infracost route53_health_check_test: an HTTPS check of an AWS
		// endpoint (a load balancer) is $0.50 plus $1.00 for HTTPS; a check
		// of another endpoint $0.75, each feature $2.00.
		{cloud("aws:route53/healthCheck:HealthCheck", "hc", map[string]interface{}{"type": "HTTPS", "fqdn": "web-1.us-east-1.elb.amazonaws.com", "requestInterval": 30.0}), nil,
			"health check of an AWS endpoint", 1, 0.50, "infracost route53_health_check_test golden"},
		{cloud("aws:route53/healthCheck:HealthCheck", "hc", map[string]interface{}{"type": "HTTPS", "fqdn": "web-1.us-east-1.elb.amazonaws.com", "requestInterval": 30.0}), nil,
			"optional features: HTTPS", 1, 1.00, "infracost route53_health_check_test golden"},
		{cloud("aws:route53/healthCheck:HealthCheck", "hc", map[string]interface{}{"type": "HTTP_STR_MATCH", "fqdn": "www.example.net", "requestInterval": 10.0}), nil,
			"health check of an other endpoint", 1, 0.75, "infracost route53_health_check_test golden"},
		{cloud("aws:route53/healthCheck:HealthCheck", "hc", map[string]interface{}{"type": "HTTP_STR_MATCH", "fqdn": "www.example.net", "requestInterval": 10.0, "measureLatency": true}), nil,
			"optional features: string matching, fast interval, latency measurement", 3, 2.00, "infracost route53_health_check_test golden"},
		// S2 elasticache_cluster_test: cache.m4.large Redis OSS $0.156/h.
		{cloud("aws:elasticache/replicationGroup:ReplicationGroup", "cache", map[string]interface{}{"nodeType": "cache.m4.large", "engine": "redis", "numCacheClusters": 2.0}), nil,
			"cache.m4.large Redis OSS node hours", 1460, 0.156, "infracost golden tests"},
		// S2 cloudwatch_metric_alarm_test: $0.10 per alarm-month.
		{cloud("aws:cloudwatch/metricAlarm:MetricAlarm", "cpu", map[string]interface{}{}), nil, "alarm", 1, 0.10, "infracost cloudwatch_*_test goldens"},
		// S2 cloudwatch_dashboard_test: $3.00 per dashboard-month.
		{cloud("aws:cloudwatch/dashboard:Dashboard", "d", map[string]interface{}{}), nil, "dashboard", 1, 3.00, "infracost cloudwatch_*_test goldens"},
		// S2 wafv2_web_acl_test: $5.00 per web ACL, $1.00 per rule.
		{cloud("aws:wafv2/webAcl:WebAcl", "waf", map[string]interface{}{"rules": []interface{}{"a", "b"}}), nil, "web ACL", 1, 5.00, "infracost wafv2_web_acl_test golden"},
		{cloud("aws:wafv2/webAcl:WebAcl", "waf", map[string]interface{}{"rules": []interface{}{"a", "b"}}), nil, "rules", 2, 1.00, "infracost wafv2_web_acl_test golden"},
		// S2 kms_key_test: $1.00 per key-month.
		{cloud("aws:kms/key:Key", "k", map[string]interface{}{}), nil, "customer-managed key", 1, 1.00, "infracost kms_key_test golden"},
		// S2 secretsmanager_secret_test: $0.40 per secret-month.
		{cloud("aws:secretsmanager/secret:Secret", "s", map[string]interface{}{}), nil, "secret", 1, 0.40, "infracost secretsmanager_secret_test golden"},
		// S2 route53_zone_test: $0.50 per zone-month.
		{cloud("aws:route53/zone:Zone", "z", map[string]interface{}{}), nil, "hosted zone", 1, 0.50, "infracost route53_zone_test golden"},
		// infracost ecs_service_test golden: 2 vCPU $59.10, 4 GB $12.98 a month:
		// $0.04048/vCPU-h, $0.004445/GB-h. Two tasks of 0.5 vCPU, 1 GB.
		{cloud("aws:ecs/service:Service", "app", map[string]interface{}{"desiredCount": 2.0, "taskDefinition": "arn:td"}),
			[]millionstacktest.Resource{withOutput(cloud("aws:ecs/taskDefinition:TaskDefinition", "td", map[string]interface{}{"cpu": "512", "memory": "1024"}), "arn", "arn:td")},
			"Fargate X86_64 vCPU hours", 730, 0.04048, "infracost ecs_service_test golden"},
		{cloud("aws:ecs/service:Service", "app", map[string]interface{}{"desiredCount": 2.0, "taskDefinition": "arn:td"}),
			[]millionstacktest.Resource{withOutput(cloud("aws:ecs/taskDefinition:TaskDefinition", "td", map[string]interface{}{"cpu": "512", "memory": "1024"}), "arn", "arn:td")},
			"Fargate X86_64 GB hours", 1460, 0.004445, "infracost ecs_service_test golden"},
		// Fargate pricing page, Linux/ARM: $0.03238/vCPU-h, $0.00356/GB-h (unconfirmed).
		{cloud("aws:ecs/service:Service", "app", map[string]interface{}{"desiredCount": 1.0, "taskDefinition": "arn:td"}),
			[]millionstacktest.Resource{withOutput(cloud("aws:ecs/taskDefinition:TaskDefinition", "td", map[string]interface{}{"cpu": "1024", "memory": "2048", "runtimePlatform": map[string]interface{}{"cpuArchitecture": "ARM64"}}), "arn", "arn:td")},
			"Fargate ARM64 vCPU hours", 730, 0.03238, "Linux/ARM"},
		{cloud("aws:ecs/service:Service", "app", map[string]interface{}{"desiredCount": 1.0, "taskDefinition": "arn:td"}),
			[]millionstacktest.Resource{withOutput(cloud("aws:ecs/taskDefinition:TaskDefinition", "td", map[string]interface{}{"cpu": "1024", "memory": "2048", "runtimePlatform": map[string]interface{}{"cpuArchitecture": "ARM64"}}), "arn", "arn:td")},
			"Fargate ARM64 GB hours", 1460, 0.00356, "Linux/ARM"},
		// S2 infracost vpc_endpoint_test: an interface endpoint, $7.30 per 730 h in one subnet; two subnets, two AZs, 1,460 h.
		{cloud("aws:ec2/vpcEndpoint:VpcEndpoint", "sm", map[string]interface{}{"vpcEndpointType": "Interface", "subnetIds": []interface{}{"subnet-a"}}), nil,
			"interface endpoint hours in 1 AZ(s)", 730, 0.01, "infracost vpc_endpoint_test golden"},
		{cloud("aws:ec2/vpcEndpoint:VpcEndpoint", "sm", map[string]interface{}{"vpcEndpointType": "Interface", "subnetIds": []interface{}{"subnet-a", "subnet-b"}}), nil,
			"interface endpoint hours in 2 AZ(s)", 1460, 0.01, "infracost vpc_endpoint_test golden"},
		// S5 AWSBudgets.csv: monitoring budgets cost nothing.
		{cloud("aws:budgets/budget:Budget", "b", map[string]interface{}{}), nil, "cost budget", 1, 0.00, "AWS Price List AWSBudgets.csv"},
	} {
		l := price(t, c.r, c.item, c.extra...)
		assert.Equal(t, c.usd, l.UnitUSD, "%s %s", c.r.Type, c.item)
		assert.Equal(t, c.qty, l.Quantity, "%s %s", c.r.Type, c.item)
		assert.Contains(t, l.Source, c.source, "%s %s", c.r.Type, c.item)
		assert.InDelta(t, c.qty*c.usd, l.MonthlyUSD, 0.006)
	}
	// Gateway endpoints (S3, DynamoDB) are free.
	gateway := Estimate(cloud("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", map[string]interface{}{"vpcEndpointType": "Gateway"}), inv())
	assert.Empty(t, gateway.Lines)
	assert.Zero(t, gateway.MonthlyUSD)

	// Usage lines are listed at their source's price, never multiplied.
	for _, c := range []struct {
		r      millionstacktest.Resource
		item   string
		usd    float64
		unit   string
		source string
	}{
		// S2 infracost ebs_snapshot_test: 10 GB-months = $0.50.
		{cloud("aws:backup/plan:Plan", "backup", map[string]interface{}{}), "EBS volume backups", 0.05, "GB-month", "infracost ebs_snapshot_test golden"},
		// S2 infracost db_instance_test: backup storage 1,000 GB = $95.00.
		{cloud("aws:backup/plan:Plan", "backup", map[string]interface{}{}), "RDS backups", 0.095, "GB-month", "infracost db_instance_test golden"},
		// S2 infracost dynamodb_table_test: on-demand backup $0.10/GB-month.
		{cloud("aws:backup/plan:Plan", "backup", map[string]interface{}{}), "DynamoDB backups", 0.10, "GB-month", "infracost dynamodb_table_test golden"},
		// S2 infracost data_transfer_test: us-east-1 to other regions $0.02/GB.
		{cloud("aws:backup/plan:Plan", "backup", map[string]interface{}{"rules": []interface{}{map[string]interface{}{
			"copyActions": []interface{}{map[string]interface{}{"destinationVaultArn": "arn:copy"}},
		}}}), "transfer to the copy region", 0.02, "GB", "infracost data_transfer_test golden"},
		{cloud("aws:ebs/volume:Volume", "data", map[string]interface{}{"size": 20.0}), "snapshots", 0.05, "GB-month", "infracost ebs_snapshot_test golden"},
		{cloud("aws:dlm/lifecyclePolicy:LifecyclePolicy", "p", map[string]interface{}{}), "snapshot storage", 0.05, "GB-month", "infracost ebs_snapshot_test golden"},
	} {
		cost := Estimate(c.r, inv(c.r))
		fixed := 0.0
		for _, l := range cost.Lines {
			fixed += l.MonthlyUSD
		}
		assert.Equal(t, round2(fixed), cost.MonthlyUSD, "%s: usage is listed, not added to the month", c.r.Type)
		var found *UsageLine
		for i, u := range cost.Usage {
			if strings.Contains(u.Item, c.item) {
				found = &cost.Usage[i]
			}
		}
		if assert.NotNil(t, found, "%s has no %q usage line: %+v", c.r.Type, c.item, cost.Usage) {
			assert.Equal(t, c.usd, found.UnitUSD, c.item)
			assert.Equal(t, c.unit, found.Unit, c.item)
			assert.Contains(t, found.Source, c.source, c.item)
		}
	}
	noCopy := Estimate(cloud("aws:backup/plan:Plan", "backup", map[string]interface{}{}), nil)
	assert.Len(t, noCopy.Usage, 3, "no transfer without a copy action")

	// A plan whose selection picks Aurora clusters lists their backups at
	// Aurora's backup rate (S2 infracost rds_cluster_test: $0.021/GB-month);
	// another plan's selection does not add it.
	backupPlan := cloud("aws:backup/plan:Plan", "backup", map[string]interface{}{})
	clusters := cloud("aws:backup/selection:Selection", "backup-clusters", map[string]interface{}{
		"planId": "backup-id", "resources": []interface{}{"arn:aws:rds:*:*:cluster:*"}})
	others := cloud("aws:backup/selection:Selection", "other-clusters", map[string]interface{}{
		"planId": "other-id", "resources": []interface{}{"arn:aws:rds:*:*:cluster:*"}})
	var aurora []UsageLine
	for _, u := range Estimate(backupPlan, inv(backupPlan, clusters)).Usage {
		if u.Item == "Aurora backups" {
			aurora = append(aurora, u)
		}
	}
	if assert.Len(t, aurora, 1) {
		assert.Equal(t, 0.021, aurora[0].UnitUSD)
		assert.Equal(t, "GB-month", aurora[0].Unit)
		assert.Contains(t, aurora[0].Source, "infracost rds_cluster_test")
	}
	assert.Len(t, Estimate(backupPlan, inv(backupPlan, others)).Usage, 3, "no Aurora line without clusters in the plan")

	// Valkey nodes cost 80% of Redis OSS (S4 ElastiCache SKILL.md).
	valkey := price(t, cloud("aws:elasticache/replicationGroup:ReplicationGroup", "cache", map[string]interface{}{"nodeType": "cache.m4.large", "engine": "valkey", "numCacheClusters": 1.0}), "Valkey")
	assert.InDelta(t, 0.1248, valkey.UnitUSD, 1e-9)
}

// A group created with a plain launch template moves to a mixed instances
// policy in place: neither argument forces a new group (terraform-provider-
// aws internal/service/autoscaling/group.go), so the diff is an update.
func TestSwitchingToAMixedInstancesPolicyIsAnUpdate(t *testing.T) {
	typ := "aws:autoscaling/group:Group"
	before := cloud(typ, "web", map[string]interface{}{"minSize": 2.0, "launchTemplate": map[string]interface{}{"id": "lt-1", "version": "3"}})
	after := cloud(typ, "web", map[string]interface{}{"minSize": 2.0, "mixedInstancesPolicy": map[string]interface{}{"launchTemplate": map[string]interface{}{
		"launchTemplateSpecification": map[string]interface{}{"launchTemplateId": "lt-1", "version": "3"},
		"overrides":                   []interface{}{map[string]interface{}{"instanceType": "t3.small"}, map[string]interface{}{"instanceType": "t3a.small"}},
	}}})
	d := Compare(inv(before), inv(after))
	require.Len(t, d.Entries, 1)
	assert.Equal(t, Update, d.Entries[0].Action)
	var changed []string
	for _, c := range d.Entries[0].Changes {
		changed = append(changed, c.Property)
		assert.False(t, c.Replaces, c.Property)
	}
	assert.ElementsMatch(t, []string{"launchTemplate", "mixedInstancesPolicy"}, changed)
}

// A record's queries: free for an alias to an AWS resource, $0.60 a
// million for a latency-routed record and for an alias that resolves
// through one, $0.40 otherwise (infracost route53_record_test golden).
func TestRecordQueriesArePricedByRouting(t *testing.T) {
	zone := "Z0MOCKZONE"
	routed := cloud("aws:route53/record:Record", "origin-us-east-1", map[string]interface{}{
		"zoneId": zone, "name": "origin.example.com", "setIdentifier": "us-east-1",
		"latencyRoutingPolicies": []interface{}{map[string]interface{}{"region": "us-east-1"}},
		"aliases":                []interface{}{map[string]interface{}{"name": "web.us-east-1.elb.amazonaws.com", "zoneId": "Z35SXDOTRQ7X7K"}},
	})
	apex := cloud("aws:route53/record:Record", "apex", map[string]interface{}{
		"zoneId": zone, "name": "example.com",
		"aliases": []interface{}{map[string]interface{}{"name": "origin.example.com", "zoneId": zone}},
	})
	plain := cloud("aws:route53/record:Record", "txt", map[string]interface{}{"zoneId": zone, "name": "www.example.com", "records": []interface{}{"203.0.113.10"}})
	all := inv(routed, apex, plain)
	usageOf := func(r millionstacktest.Resource) []UsageLine { return Estimate(r, all).Usage }

	assert.Empty(t, usageOf(cloud("aws:route53/record:Record", "lb", map[string]interface{}{
		"zoneId": zone, "aliases": []interface{}{map[string]interface{}{"name": "web.us-east-1.elb.amazonaws.com", "zoneId": "Z35SXDOTRQ7X7K"}},
	})), "an alias to a load balancer is free")
	assert.Empty(t, usageOf(routed), "a routed alias to a load balancer is free too")
	for _, c := range []struct {
		r    millionstacktest.Resource
		item string
		usd  float64
	}{{apex, "latency-routed queries", 0.60}, {plain, "queries", 0.40}} {
		lines := usageOf(c.r)
		if assert.Len(t, lines, 1, c.r.Name) {
			assert.Equal(t, c.item, lines[0].Item)
			assert.Equal(t, c.usd, lines[0].UnitUSD)
			assert.Equal(t, "million queries", lines[0].Unit)
			assert.Contains(t, lines[0].Source, "infracost route53_record_test golden")
		}
	}
	lines := usageOf(cloud("aws:route53/record:Record", "txt", map[string]interface{}{
		"zoneId": zone, "name": "api.example.com", "setIdentifier": "eu",
		"latencyRoutingPolicies": []interface{}{map[string]interface{}{"region": "eu-west-1"}}, "records": []interface{}{"203.0.113.11"},
	}))
	assert.Equal(t, 0.60, lines[0].UnitUSD, "a latency-routed record of values")
}

// Costs are summed per region: the stack's region first, then the others,
// then the global services; the cost per million users divides by the top
// of the stage's range.
func TestCostPerRegionAndPerMillionUsers(t *testing.T) {
	const providerURN = "urn:pulumi:10m::millionstack::pulumi:providers:aws::secondary"
	provider := cloud("pulumi:providers:aws", "secondary", map[string]interface{}{"region": "us-west-2"})
	provider.URN = providerURN
	west := cloud("aws:ec2/natGateway:NatGateway", "nat-west", map[string]interface{}{})
	west.Provider = providerURN + "::id"
	east := cloud("aws:ec2/natGateway:NatGateway", "nat", map[string]interface{}{})
	check := cloud("aws:route53/healthCheck:HealthCheck", "hc", map[string]interface{}{"type": "HTTP", "fqdn": "web.us-west-2.elb.amazonaws.com"})
	check.Provider = west.Provider // global whatever its provider
	recorded := inv(provider, east, west, west, check)
	recorded.Region = "us-east-1"

	p := FromInventory("10m", recorded)
	nat := round2(730 * 0.045)
	assert.Equal(t, []RegionCost{{"us-east-1", nat}, {"us-west-2", round2(2 * nat)}, {Global, 0.50}}, p.Regions)
	assert.Equal(t, 10_000_000, p.Users)
	assert.InDelta(t, p.MonthlyUSD/10, p.PerMillionUsersUSD, 0.01)

	for users, top := range map[string]int{"0": 0, "1": 1, "10,000-100,000": 100000, "5,000,000-10,000,000": 10000000, "many": 0} {
		assert.Equal(t, top, topOfRange(users), users)
	}
	assert.Zero(t, FromInventory("prelaunch", inv()).PerMillionUsersUSD, "no audience, no figure")
}
