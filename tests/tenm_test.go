package tests

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/container"
	"github.com/millionstack/millionstack/internal/plan"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/millionstack/millionstack/stages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	tProvider    = "pulumi:providers:aws"
	tECSService  = "aws:ecs/service:Service"
	tTaskDef     = "aws:ecs/taskDefinition:TaskDefinition"
	tTargetGroup = "aws:lb/targetGroup:TargetGroup"
	tListener    = "aws:lb/listener:Listener"
	tHealthCheck = "aws:route53/healthCheck:HealthCheck"
	tIngress     = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	tLinkedRole  = "aws:iam/serviceLinkedRole:ServiceLinkedRole"
	tVPC         = "aws:ec2/vpc:Vpc"
	tWAFAssoc    = "aws:wafv2/webAclAssociation:WebAclAssociation"
	tContainer   = "millionstack:container:Service"
)

// topComponent is the top-level component r belongs to: itself, or the
// ancestor whose parent is the stack.
func topComponent(inv *millionstacktest.Inventory, r millionstacktest.Resource) millionstacktest.Resource {
	byURN := inv.ByURN()
	for {
		parent, ok := byURN[r.Parent]
		if !ok {
			return r
		}
		r = parent
	}
}

// inSecondary reports whether r is created through the second region's
// provider.
func inSecondary(inv *millionstacktest.Inventory, r millionstacktest.Resource) bool {
	p, ok := inv.Named(tProvider, "secondary")
	return ok && strings.HasPrefix(r.Provider, p.URN+"::")
}

// containerDef decodes the only container of a task definition.
func containerDef(t *testing.T, td millionstacktest.Resource) map[string]interface{} {
	t.Helper()
	var defs []map[string]interface{}
	millionstacktest.JSON(t, td, "containerDefinitions", &defs)
	require.Len(t, defs, 1)
	return defs[0]
}

// At 10m the stage runs in a second region through one provider of the
// stack's own, "secondary": every component there is named like its
// counterpart plus "-secondary" and everything it creates goes through
// that provider; nothing else does.
func TestTenMillionRunsInASecondRegionOnItsOwnProvider(t *testing.T) {
	inv := record(t, "10m", withDomain)
	provider := millionstacktest.Named(t, inv, tProvider, "secondary")
	assert.Equal(t, "us-west-2", provider.String("region"))
	assert.Contains(t, provider.Parent, "pulumi:pulumi:Stack", "a provider of the stack, not of a component")

	var secondary []string
	for _, r := range inv.Cloud() {
		top := topComponent(inv, r)
		if top.Name == "peering" {
			continue // both regions: TestTheSecondRegionsAppReachesTheWriters
		}
		if top.Type == "millionstack:cdn:CDN" && strings.HasPrefix(r.Name, top.Name+"-failover") {
			// The assets' copy, which CloudFront fails over to, is the
			// assets CDN's own (TestTenMillionDataTier): the bucket and its
			// settings in the second region, the replication role (IAM is
			// global) and the source bucket's replication rules in the first.
			second := strings.HasPrefix(r.Type, "aws:s3/bucket") && r.Type != "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
			assert.Equal(t, second, inSecondary(inv, r), "%s %s (of %s)", r.Type, r.Name, top.Name)
			continue
		}
		if strings.HasSuffix(top.Name, "-secondary") {
			assert.True(t, inSecondary(inv, r), "%s %s (of %s) is not in the second region", r.Type, r.Name, top.Name)
			secondary = append(secondary, top.Name)
		} else {
			assert.False(t, inSecondary(inv, r), "%s %s (of %s) is in the second region", r.Type, r.Name, top.Name)
		}
	}
	for _, name := range []string{
		"access-logs-secondary", "cert-secondary", "network-secondary", "web-secondary", "app-secondary",
		"cache-secondary", "appconfig-secondary", "app-service-secondary", "waf-secondary", "monitoring-secondary",
	} {
		assert.Contains(t, secondary, name, "the second region has %s", name)
	}

	// The same layout: three AZs of the second region, a NAT gateway each,
	// its own range; no Secrets Manager endpoint, which nothing there uses.
	vpc := millionstacktest.Named(t, inv, tVPC, "network-secondary-vpc")
	assert.Equal(t, stages.DefaultSecondaryCIDR, vpc.String("cidrBlock"))
	var azs []string
	for _, s := range inv.ByType(tSubnet) {
		if inSecondary(inv, s) {
			azs = append(azs, s.String("availabilityZone"))
		}
	}
	assert.ElementsMatch(t, []string{"us-west-2a", "us-west-2b", "us-west-2c"}, unique(azs))
	nats := 0
	for _, n := range inv.ByType(tNAT) {
		if inSecondary(inv, n) {
			nats++
		}
	}
	assert.Equal(t, 3, nats, "a NAT gateway per AZ")
	_, endpoint := inv.Named(tEndpoint, "network-secondary-secretsmanager")
	assert.False(t, endpoint, "no Secrets Manager endpoint in the second region")
}

// unique returns the distinct values of vs.
func unique(vs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range vs {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// Everything that names a region names the one it runs in: the web tier
// reads its endpoints there, the tasks log there, the app may read its
// parameters there, the dashboard shows that region's metrics, the
// certificate is issued there.
func TestSecondRegionValuesNameThatRegion(t *testing.T) {
	inv := record(t, "10m", withDomain)
	template := millionstacktest.Named(t, inv, "aws:ec2/launchTemplate:LaunchTemplate", "web-secondary")
	userData, err := base64.StdEncoding.DecodeString(template.String("userData"))
	require.NoError(t, err)
	assert.Contains(t, string(userData), "--region us-west-2 --path /millionstack/10m")

	for name, region := range map[string]string{"app-service": "us-east-1", "app-service-secondary": "us-west-2"} {
		def := containerDef(t, millionstacktest.Named(t, inv, tTaskDef, name))
		assert.Equal(t, region, def["logConfiguration"].(map[string]interface{})["options"].(map[string]interface{})["awslogs-region"], name)
		assert.Contains(t, def["environment"], map[string]interface{}{"name": "AWS_REGION", "value": region}, name)
		assert.Contains(t, def["environment"], map[string]interface{}{"name": "CONFIG_PATH", "value": "/millionstack/10m"}, name)
	}
	read := millionstacktest.Named(t, inv, tRolePolicy, "app-service-secondary-task-read")
	assert.Contains(t, read.String("policy"), "arn:aws:ssm:us-west-2:123456789012:parameter/millionstack/10m")
	webRead := millionstacktest.Named(t, inv, tRolePolicy, "appconfig-secondary-web-read")
	assert.Contains(t, webRead.String("policy"), "arn:aws:ssm:us-west-2:")
	assert.Contains(t, millionstacktest.Named(t, inv, tDash, "monitoring-secondary").String("dashboardBody"), `"region":"us-west-2"`)
	assert.Contains(t, millionstacktest.Named(t, inv, "aws:acm/certificateValidation:CertificateValidation", "cert-secondary").String("certificateArn"), ":us-west-2:")
	assert.True(t, strings.Contains(millionstacktest.Named(t, inv, tListener, "web-secondary-https").String("certificateArn"), ":us-west-2:"), "the second region's load balancer uses its own region's certificate")

	// The second region's app is told its own cache and app tier, and the
	// writer of the first region.
	parameter := func(name string) millionstacktest.Resource {
		for _, p := range inv.ByType(tParam) {
			if p.String("name") == name && inSecondary(inv, p) {
				return p
			}
		}
		t.Fatalf("no parameter %s in the second region", name)
		return millionstacktest.Resource{}
	}
	assert.Contains(t, parameter("/millionstack/10m/cache/primary").String("value"), "cache-secondary")
	assert.Equal(t, parameter("/millionstack/10m/db/writer").String("value"), millionstacktest.Named(t, inv, tRDS, "db").Outputs["address"].StringValue())
	assert.Equal(t, "us-east-1", parameter("/millionstack/10m/db/region").String("value"), "the writer's region, which its tokens are signed for")
	assert.Equal(t, "https://app.example.com", parameter("/millionstack/10m/app/url").String("value"))
}

// The app tier runs on ECS Fargate in both regions: the internal load
// balancer forwards to a target group of type ip the service registers its
// tasks in; the tasks join the tier's targets group, which the load
// balancer reaches and the data stores admit; the task role holds the
// app's grants and no instance role is left for the app tier.
func TestAppTierRunsOnFargateBehindTheInternalLoadBalancer(t *testing.T) {
	inv := record(t, "10m", withDomain)
	for _, suffix := range []string{"", "-secondary"} {
		app, svc := "app"+suffix, "app-service"+suffix
		group := millionstacktest.Named(t, inv, tTargetGroup, app+"-ip")
		assert.Equal(t, "ip", group.String("targetType"))
		assert.Equal(t, "/health", group.String("healthCheck.path"), "the path the placeholder image answers")
		https := millionstacktest.Named(t, inv, tListener, app+"-https")
		assert.Equal(t, group.Outputs["arn"].StringValue(), https.String("defaultActions[0].targetGroupArn"))
		_, instances := inv.Named(tTargetGroup, app)
		assert.False(t, instances, "no instance target group")
		_, asg := inv.Named(tASG, app)
		assert.False(t, asg, "no instances in the app tier")

		service := millionstacktest.Named(t, inv, tECSService, svc)
		assert.Equal(t, group.Outputs["arn"].StringValue(), service.String("loadBalancers[0].targetGroupArn"))
		assert.Contains(t, service.Dependencies, https.URN, "the service waits for the listener")
		assert.Equal(t, 4.0, millionstacktest.Input(t, service, "desiredCount"))
		assert.Equal(t, true, millionstacktest.Input(t, service, "deploymentCircuitBreaker.rollback"))
		groups := millionstacktest.Input(t, service, "networkConfiguration.securityGroups").([]interface{})
		assert.Contains(t, groups, app+"-instances-id", "the tasks join the tier's targets group")
		cluster := millionstacktest.Named(t, inv, "aws:ecs/cluster:Cluster", svc)
		assert.Equal(t, "enabled", cluster.String("settings[0].value"), "Container Insights")
		td := millionstacktest.Named(t, inv, tTaskDef, svc)
		assert.Equal(t, "1024", td.String("cpu"))
		assert.Equal(t, "2048", td.String("memory"))
		assert.Equal(t, container.DefaultImage, containerDef(t, td)["image"], "the placeholder until appImage is set")
		for _, policy := range []string{"cpu", "requests"} {
			_, ok := inv.Named("aws:appautoscaling/policy:Policy", svc+"-"+policy)
			assert.True(t, ok, "%s scales on %s", svc, policy)
		}

		var grants []string
		for _, p := range inv.ByType(tRolePolicy) {
			if strings.HasPrefix(p.Name, svc+"-task-") {
				grants = append(grants, strings.TrimPrefix(p.Name, svc+"-task-"))
				assert.NotContains(t, p.String("policy"), "secretsmanager", "%s may read no secret", p.Name)
			}
		}
		want := []string{"read", "logs", "db", "cache", "sessions", "publish", "tracing", "clusters", "table-activity"}
		if suffix != "" {
			// The second region's app reads its own region's copies too.
			want = append(want, "users-replica", "sessions-replica", "table-activity-replica")
		}
		assert.ElementsMatch(t, want, grants, svc)
	}
	_, appRole := inv.Named(tRole, "app")
	assert.False(t, appRole, "the app tier has no instance role")
	for _, p := range inv.ByType(tRolePolicy) {
		assert.False(t, strings.HasPrefix(p.Name, "appconfig-app-"), "%s: the app's grants are its task role's", p.Name)
	}

	// The data stores admit the app tier's targets group, which the tasks
	// join, as they admitted its instances.
	for _, rule := range []string{"db-from-app", "cache-from-app", "cache-secondary-from-app"} {
		r := millionstacktest.Named(t, inv, tIngress, rule)
		want := "app-instances-id"
		if strings.HasSuffix(rule, "secondary-from-app") {
			want = "app-secondary-instances-id"
		}
		assert.Equal(t, want, r.String("referencedSecurityGroupId"), rule)
	}

	// The ECS service-linked role is the account's: created only when
	// asked, once, by the first region's service, which both regions'
	// services wait for (on a fresh account, ECS refuses a service created
	// before the role).
	assert.Empty(t, inv.ByType(tLinkedRole))
	asked := record(t, "10m", map[string]string{"millionstack:createEcsServiceLinkedRole": "true"})
	linked := millionstacktest.Only(t, asked, tLinkedRole)
	assert.Equal(t, "app-service", topComponent(asked, linked).Name)
	for _, svc := range []string{"app-service", "app-service-secondary"} {
		assert.Contains(t, millionstacktest.Named(t, asked, tECSService, svc).Dependencies, linked.URN, "%s waits for the service-linked role", svc)
	}
}

// With a domain, Route 53 sends each user to the nearest healthy region:
// latency records for origin.<domain> on each region's public load
// balancer, each with an HTTPS health check of that load balancer, and the
// apex a simple alias to them (the record the apex always was, updated in
// place). app.<domain> resolves, in each region, to that region's internal
// load balancer, without a health check (checkers cannot reach it).
func TestGlobalRoutingWithADomain(t *testing.T) {
	inv := record(t, "10m", withDomain)
	for region, web := range map[string]string{"us-east-1": "web", "us-west-2": "web-secondary"} {
		lb := millionstacktest.Named(t, inv, tLB, web)
		check := millionstacktest.Named(t, inv, tHealthCheck, "dns-"+region)
		assert.Equal(t, "HTTPS", check.String("type"), region)
		assert.Equal(t, lb.Outputs["dnsName"].StringValue(), check.String("fqdn"), region)
		assert.Equal(t, "/health", check.String("resourcePath"))
		assert.Equal(t, 443.0, millionstacktest.Input(t, check, "port"))
		assert.Empty(t, check.Provider, "health checks are global")

		origin := millionstacktest.Named(t, inv, tRecord, "dns-origin-a-"+region)
		assert.Equal(t, "origin.example.com", origin.String("name"))
		assert.Equal(t, region, origin.String("setIdentifier"))
		assert.Equal(t, region, origin.String("latencyRoutingPolicies[0].region"))
		assert.Equal(t, lb.Outputs["dnsName"].StringValue(), origin.String("aliases[0].name"))
		assert.Equal(t, true, millionstacktest.Input(t, origin, "aliases[0].evaluateTargetHealth"))
		assert.Equal(t, check.Name+"-id", origin.String("healthCheckId"))

		internal := millionstacktest.Named(t, inv, tRecord, "dns-app.origin-a-"+region)
		assert.Equal(t, "app.origin.example.com", internal.String("name"))
		assert.Equal(t, region, internal.String("latencyRoutingPolicies[0].region"))
		assert.NotContains(t, internal.Plain(), "healthCheckId")
	}
	apex := millionstacktest.Named(t, inv, tRecord, "dns-apex-a")
	assert.NotContains(t, apex.Plain(), "setIdentifier", "the apex stays a simple record")
	assert.Equal(t, "origin.example.com", apex.String("aliases[0].name"))
	assert.Equal(t, "Z0MOCKZONE", apex.String("aliases[0].zoneId"))
	assert.Equal(t, "app.origin.example.com", millionstacktest.Named(t, inv, tRecord, "dns-app-a").String("aliases[0].name"))

	// Until a created zone is delegated there is no certificate: the load
	// balancers serve HTTP, and so are they checked.
	pending := record(t, "10m", map[string]string{"millionstack:domain": "example.com", "millionstack:createZone": "true"})
	assert.Equal(t, "HTTP", millionstacktest.Named(t, pending, tHealthCheck, "dns-us-west-2").String("type"))
	assert.Equal(t, 80.0, millionstacktest.Input(t, millionstacktest.Named(t, pending, tHealthCheck, "dns-us-west-2"), "port"))

	// Without a domain each region is reached on its load balancer's own
	// name: no records, no health checks.
	bare := record(t, "10m", nil)
	assert.Empty(t, bare.ByType(tHealthCheck))
	assert.Empty(t, bare.ByType(tRecord))
}

// Each region has its own web ACL on its own load balancer, its own alarms
// (the app tier's service alarms among them, and those of every copy of
// the data there) and dashboard.
func TestEachRegionIsGuardedAndWatched(t *testing.T) {
	inv := record(t, "10m", nil)
	for _, suffix := range []string{"", "-secondary"} {
		association := millionstacktest.Named(t, inv, tWAFAssoc, "waf"+suffix+"-web")
		assert.Equal(t, millionstacktest.Named(t, inv, tLB, "web"+suffix).Outputs["arn"].StringValue(), association.String("resourceArn"))
		for _, alarm := range []string{"service-app-cpu", "service-app-memory", "service-app-running-tasks", "loadbalancer-web-unhealthyhostcount", "cache-cache-001-evictions"} {
			_, ok := inv.Named(tAlarm, "monitoring"+suffix+"-"+alarm)
			assert.True(t, ok, "monitoring%s has %s", suffix, alarm)
		}
		_, ok := inv.Named(tDash, "monitoring"+suffix)
		assert.True(t, ok)
	}
	_, asgAlarm := inv.Named(tAlarm, "monitoring-autoscaling-app-cpuutilization")
	assert.False(t, asgAlarm, "no Auto Scaling group in the app tier")
	assert.Len(t, inv.ByType(tTrail), 1, "one audit trail records every region")

	// Every copy of the data is watched in its region. The users replica,
	// as a replica: its lag behind db among its alarms.
	replica := millionstacktest.Named(t, inv, tRDS, "db-replica-secondary")
	require.NotEmpty(t, replica.Outputs["identifier"].StringValue())
	for _, metric := range []string{"replicalag", "cpuutilization", "freestoragespace", "databaseconnections"} {
		alarm := millionstacktest.Named(t, inv, tAlarm, "monitoring-secondary-database-replica-"+metric)
		assert.Equal(t, replica.Outputs["identifier"].StringValue(), alarm.String("dimensions.DBInstanceIdentifier"), metric)
	}
	// Each secondary cluster, for its lag behind the first region (the
	// metric exists in the secondary's region only).
	for _, name := range []string{"products", "forum", "orders-1", "orders-2"} {
		secondary := millionstacktest.Named(t, inv, tAuroraCluster, "db-"+name+"-secondary")
		require.NotEmpty(t, secondary.Outputs["clusterIdentifier"].StringValue())
		alarm := millionstacktest.Named(t, inv, tAlarm, "monitoring-secondary-cluster-"+name+"-auroraglobaldbreplicationlag")
		assert.Equal(t, "AuroraGlobalDBReplicationLag", alarm.String("metricName"))
		assert.Equal(t, map[string]interface{}{"DBClusterIdentifier": secondary.Outputs["clusterIdentifier"].StringValue(), "SourceRegion": "us-east-1"},
			millionstacktest.Value(alarm, "dimensions"), "%s: the lag behind the primary's region", name)
		assert.Equal(t, "missing", alarm.String("treatMissingData"), "a secondary promoted in a switchover stops reporting for good: silence must not page")
		_, primary := inv.Named(tAlarm, "monitoring-cluster-"+name+"-auroraglobaldbreplicationlag")
		assert.False(t, primary, "the primary has no lag behind itself")
	}
	// Each replicated table, in each region, for the writes made there
	// reaching the other; and the replicas' throttles where they serve.
	for region, suffix := range map[string]string{"us-west-2": "", "us-east-1": "-secondary"} {
		for _, table := range []string{"activity", "sessions"} {
			alarm := millionstacktest.Named(t, inv, tAlarm, "monitoring"+suffix+"-table-"+table+"-replicationlatency")
			assert.Equal(t, "ReplicationLatency", alarm.String("metricName"))
			assert.Equal(t, map[string]interface{}{
				"TableName":       millionstacktest.Named(t, inv, tTable, table).Outputs["name"].StringValue(),
				"ReceivingRegion": region,
			}, millionstacktest.Value(alarm, "dimensions"), "%s%s", table, suffix)
			_, throttles := inv.Named(tAlarm, "monitoring"+suffix+"-table-"+table+"-writethrottleevents")
			assert.True(t, throttles, "%s%s", table, suffix)
		}
	}
}

// The plan prices each region and divides by the stage's audience.
func TestPlanShowsCostPerRegionAndPerMillionUsers(t *testing.T) {
	p, err := plan.Build("10m", withDomain)
	require.NoError(t, err)
	regions := map[string]float64{}
	for _, r := range p.Regions {
		regions[r.Region] = r.MonthlyUSD
	}
	require.Equal(t, []string{"us-east-1", "us-west-2", plan.Global}, []string{p.Regions[0].Region, p.Regions[1].Region, p.Regions[2].Region})
	assert.InDelta(t, p.MonthlyUSD, regions["us-east-1"]+regions["us-west-2"]+regions[plan.Global], 0.05)
	var secondary float64
	for _, it := range p.Items {
		secondRegion := strings.Contains(it.URN, "-secondary") || it.Name == "backup-copy-us-west-2" // and the backup copy vault's key
		if it.Custom && secondRegion && !strings.Contains(it.Type, "route53") {
			secondary += it.Cost.MonthlyUSD
		}
	}
	assert.InDelta(t, secondary, regions["us-west-2"], 0.05, "the second region is what its components cost")
	assert.Equal(t, 10_000_000, p.Users)
	assert.InDelta(t, p.MonthlyUSD/10, p.PerMillionUsersUSD, 0.01)

	// Two HTTPS health checks of load balancers: $0.50 each and $1.00 for HTTPS.
	for _, region := range []string{"us-east-1", "us-west-2"} {
		assert.Equal(t, 0.50, line(t, p, tHealthCheck, "dns-"+region, "health check of an AWS endpoint").MonthlyUSD)
		assert.Equal(t, 1.00, line(t, p, tHealthCheck, "dns-"+region, "optional features: HTTPS").MonthlyUSD)
	}
	assert.Equal(t, 3.00, regions[plan.Global])

	var out strings.Builder
	p.WriteTree(&out)
	assert.Contains(t, out.String(), "By region: us-east-1 $")
	assert.Contains(t, out.String(), "Per million users: $")
}

// The upgrade from 1m keeps every existing resource where it is and
// deletes only the app tier's instances and what served them.
func TestTheUpgradeToTenMillionDeletesOnlyTheAppInstances(t *testing.T) {
	for _, cfg := range []map[string]string{nil, withDomain} {
		d, err := plan.Between("1m", "10m", cfg)
		require.NoError(t, err)
		assert.Empty(t, d.DataLosses)
		var deleted []string
		for _, e := range d.Entries {
			switch e.Action {
			case plan.Delete, plan.Retain:
				deleted = append(deleted, e.Type+" "+e.Name)
			case plan.Replace:
				t.Errorf("%s %s is replaced: %+v", e.Type, e.Name, e.Changes)
			}
		}
		assert.ElementsMatch(t, []string{
			tASG + " app", "aws:autoscaling/policy:Policy app-cpu", "aws:ec2/launchTemplate:LaunchTemplate app",
			"aws:iam/instanceProfile:InstanceProfile app", tRole + " app", tAttachment + " app-ssm", tTargetGroup + " app",
			"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule app-instances-to-any", tAlarm + " monitoring-autoscaling-app-cpuutilization",
			tRolePolicy + " appconfig-app-cache", tRolePolicy + " appconfig-app-db", tRolePolicy + " appconfig-app-logs", tRolePolicy + " appconfig-app-publish",
			tRolePolicy + " appconfig-app-read", tRolePolicy + " appconfig-app-sessions", tRolePolicy + " appconfig-app-tracing",
		}, deleted, "domain=%v", cfg != nil)
	}
}

// The second region's app writes to the first region's database over a
// peering between the two networks: its tasks may reach the database
// subnets of the first region, and the database admits the second region's
// private subnets on its port; the peering is accepted in the second
// region.
func TestTheSecondRegionsAppReachesTheWriters(t *testing.T) {
	inv := record(t, "10m", nil)
	connection := millionstacktest.Only(t, inv, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection")
	assert.Equal(t, "us-west-2", connection.String("peerRegion"))
	assert.False(t, inSecondary(inv, connection))
	assert.True(t, inSecondary(inv, millionstacktest.Named(t, inv, "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter", "peering-accepter")))

	db := millionstacktest.Named(t, inv, "aws:ec2/securityGroup:SecurityGroup", "db")
	var admitted []string
	for _, r := range inv.ByType(tIngress) {
		if r.String("securityGroupId") == db.Name+"-id" && r.String("cidrIpv4") != "" {
			admitted = append(admitted, r.String("cidrIpv4"))
			assert.Equal(t, 5432.0, millionstacktest.Input(t, r, "fromPort"))
		}
	}
	var private []string
	for _, s := range inv.ByType(tSubnet) {
		if inSecondary(inv, s) && s.String("tags.Tier") == "private" {
			private = append(private, s.String("cidrBlock"))
		}
	}
	assert.ElementsMatch(t, private, admitted, "the database admits the second region's private subnets, and only them")

	var writers []string
	for _, r := range inv.ByType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule") {
		if strings.HasPrefix(r.Name, "app-service-secondary-tasks-to-writers-") {
			writers = append(writers, r.String("cidrIpv4"))
		}
	}
	var databaseSubnets []string
	for _, s := range inv.ByType(tSubnet) {
		if !inSecondary(inv, s) && s.String("tags.Tier") == "database" {
			databaseSubnets = append(databaseSubnets, s.String("cidrBlock"))
		}
	}
	assert.ElementsMatch(t, databaseSubnets, writers, "the second region's tasks may reach the first region's database subnets")
}
