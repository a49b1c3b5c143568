package tests

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/internal/plan"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/millionstack/millionstack/stages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNamesAreTheLadderInOrder(t *testing.T) {
	assert.Equal(t, []string{"prelaunch", "1", "10", "100", "1k", "10k", "500k", "1m", "10m"}, stages.Names())
}

func TestProgramRejectsUnknownStageListingValidOnes(t *testing.T) {
	_, err := stages.Program("2k")
	require.Error(t, err)
	for _, n := range stages.Names() {
		assert.Contains(t, err.Error(), n)
	}
}

// Every stage builds under mocks with no config at all, and with a domain.
func TestEveryStageRunsWithoutConfigAndWithDomain(t *testing.T) {
	for _, name := range stages.Names() {
		name := name
		t.Run(name, func(t *testing.T) {
			bare := record(t, name, nil)
			assert.NotEmpty(t, bare.Cloud())
			assert.Empty(t, bare.ByType(tZone), "no domain, no DNS")
			assert.Empty(t, bare.ByType(tACM), "no domain, no certificates")

			withDomain := record(t, name, map[string]string{"millionstack:domain": "example.com"})
			assert.Len(t, withDomain.ByType(tZone), 1)
			assert.NotEmpty(t, withDomain.ByType(tRecord))
			assert.NotEmpty(t, withDomain.ByType(tACM))
		})
	}
}

// The Pulumi program picks the stage from config, else from the stack name.
func TestMainPicksStageFromConfigThenStackName(t *testing.T) {
	byStack := millionstacktest.MustRecord(t, stages.Main, millionstacktest.Options{Stack: "10"})
	assert.Len(t, byStack.ByType(tRDS), 1)

	byConfig := millionstacktest.MustRecord(t, stages.Main, millionstacktest.Options{Stack: "production", Config: map[string]string{stages.StageConfigKey: "1"}})
	assert.Empty(t, byConfig.ByType(tRDS))
	assert.Len(t, byConfig.ByType(tEC2), 1)

	_, err := millionstacktest.Record(stages.Main, millionstacktest.Options{Stack: "dev"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), stages.StageConfigKey)
	assert.Contains(t, err.Error(), "prelaunch, 1, 10, 100, 1k, 10k, 500k, 1m, 10m")
}

func TestPrelaunchIsServerless(t *testing.T) {
	inv := record(t, "prelaunch", map[string]string{"millionstack:domain": "example.com"})
	ty := types(inv)
	assert.Zero(t, ty["aws:ec2/vpc:Vpc"], "no VPC")
	assert.Zero(t, ty[tEC2], "no servers")
	millionstacktest.Named(t, inv, tCDN, "site")
	millionstacktest.Named(t, inv, tFunction, "api")
	url := millionstacktest.Only(t, inv, tFnURL)
	assert.Equal(t, "AWS_IAM", url.String("authorizationType"), "never an open function URL")
	dist := millionstacktest.Only(t, inv, tCF)
	assert.Contains(t, dist.String("aliases"), "example.com")
	apex := recordNamed(t, inv, "")
	assert.Equal(t, "d111111abcdef8.cloudfront.net", apex.String("aliases[0].name"))
}

func TestStageOneIsOneHostWithElasticIP(t *testing.T) {
	inv := record(t, "1", map[string]string{"millionstack:domain": "example.com"})
	net := millionstacktest.Named(t, inv, tNetwork, "network")
	assert.Len(t, millionstacktest.Under(inv, net.URN, tSubnet), 6, "public, private and database subnets in 2 AZs")
	assert.Empty(t, inv.ByType(tNAT), "no NAT gateway: nothing in private subnets yet")
	instance := millionstacktest.Only(t, inv, tEC2)
	assert.Equal(t, "t3.micro", instance.String("instanceType"))
	userData := instance.String("userData")
	assert.Contains(t, userData, "postgresql", "the host runs the database")
	assert.Contains(t, userData, "[scripts-user, always]", "runs at every boot, so a stage change that edits it takes effect")
	assert.Contains(t, userData, "retry test -e /dev/sdf", "waits for the data volume attached after start")
	assert.Len(t, inv.ByType(tEIP), 1)
	assert.Empty(t, inv.ByType(tRDS))
	assert.Empty(t, inv.ByType(tFunction), "the API moved onto the host")
	millionstacktest.Named(t, inv, tCDN, "site")
	apex := recordNamed(t, inv, "")
	assert.Equal(t, "203.0.113.10", apex.String("records[0]"), "DNS points at the Elastic IP")
}

func TestStageOneScalesVerticallyThroughConfig(t *testing.T) {
	inv := record(t, "1", map[string]string{"millionstack:hostInstanceType": "t3.large"})
	assert.Equal(t, "t3.large", inv.ByType(tEC2)[0].String("instanceType"))
}

func TestStageTenSeparatesDatabaseFromHost(t *testing.T) {
	inv := record(t, "10", nil)
	db := millionstacktest.Only(t, inv, tRDS)
	assert.Equal(t, "false", db.String("multiAz"))
	assert.Equal(t, "true", db.String("storageEncrypted"))
	assert.Equal(t, "false", db.String("publiclyAccessible"))
	host := millionstacktest.Named(t, inv, tHost, "host")
	dbComp := millionstacktest.Named(t, inv, tDatabase, "db")
	// The database admits the host's security group and its own bootstrap
	// function's, nothing else.
	rules := millionstacktest.Under(inv, dbComp.URN, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
	require.Len(t, rules, 2)
	admitted := map[string]string{}
	for _, r := range rules {
		admitted[r.Name] = r.String("referencedSecurityGroupId")
		assert.Empty(t, r.String("cidrIpv4"))
	}
	assert.Equal(t, map[string]string{"db-from-host": "host-id", "db-from-bootstrap": "db-bootstrap-id"}, admitted)
	assert.NotEmpty(t, millionstacktest.Under(inv, host.URN, tEC2))
	assert.NotContains(t, inv.ByType(tEC2)[0].String("userData"), "postgresql", "the database left the host")
	// The app is told where the database is through SSM, not hard-coded;
	// until there are replicas, reads go to the writer (SSM refuses empty values).
	writer := parameter(t, inv, "/millionstack/10/db/writer")
	assert.NotEmpty(t, writer)
	assert.Equal(t, writer, parameter(t, inv, "/millionstack/10/db/readers"))
	// ... and logs in as its own user, with IAM tokens (see access_test.go).
	assert.Equal(t, "app_user", parameter(t, inv, "/millionstack/10/db/user"))
	connect := millionstacktest.Named(t, inv, "aws:iam/rolePolicy:RolePolicy", "appconfig-host-db")
	assert.Equal(t, "host", connect.String("role"))
	assert.Contains(t, connect.String("policy"), `"rds-db:connect"`)
}

func TestStageHundredAddsAlarmsOnHostAndDatabase(t *testing.T) {
	inv := record(t, "100", nil)
	assert.Equal(t, "t3.medium", inv.ByType(tEC2)[0].String("instanceType"))
	db := inv.ByType(tRDS)[0]
	assert.Equal(t, "db.t3.small", db.String("instanceClass"))
	metrics := alarmMetrics(inv)
	for _, m := range []string{"CPUUtilization", "FreeStorageSpace", "DatabaseConnections", "StatusCheckFailed"} {
		assert.Contains(t, metrics, m)
	}
}

// The connections alarms follow the database's class, primary and replica:
// RDS's default max_connections on PostgreSQL is about 198 on db.t3.small and
// 856 on db.m5.large (SHOW max_connections), so a fixed 80 paged all day.
func TestConnectionsAlarmsFollowTheDatabaseClass(t *testing.T) {
	threshold := func(inv *millionstacktest.Inventory, name string) float64 {
		t.Helper()
		v, _ := millionstacktest.Named(t, inv, "aws:cloudwatch/metricAlarm:MetricAlarm", name).Input("threshold")
		f, _ := v.(float64)
		return f
	}
	for _, c := range []struct {
		stage   string
		config  map[string]string
		primary float64 // max_connections a user reads on the class
		replica float64
	}{
		{"100", nil, 198, 0},
		{"10k", nil, 856, 856},
		{"10k", map[string]string{"millionstack:dbInstanceClass": "db.r5.large"}, 2 * 856, 2 * 856},
	} {
		inv := record(t, c.stage, c.config)
		assert.InDelta(t, 0.8*c.primary, threshold(inv, "monitoring-database-primary-databaseconnections"), 0.04*c.primary, "%s %v", c.stage, c.config)
		if c.replica > 0 {
			assert.InDelta(t, 0.8*c.replica, threshold(inv, "monitoring-database-replica-1-databaseconnections"), 0.04*c.replica, "%s %v", c.stage, c.config)
		}
	}
}

func TestStageThousandIsHighlyAvailable(t *testing.T) {
	inv := record(t, "1k", map[string]string{"millionstack:domain": "example.com"})
	assert.Empty(t, inv.ByType(tEC2), "the single host retired")
	asg := millionstacktest.Only(t, inv, tASG)
	assert.Equal(t, "2", asg.String("minSize"))
	zones, _ := asg.Input("vpcZoneIdentifiers")
	assert.Len(t, zones, 2, "instances spread across both AZs")
	assert.Equal(t, "true", inv.ByType(tRDS)[0].String("multiAz"))
	assert.Len(t, inv.ByType(tNAT), 1)
	lb := millionstacktest.Only(t, inv, tLB)
	assert.Equal(t, "false", lb.String("internal"))
	// TLS terminates at the load balancer with a regional certificate.
	millionstacktest.Named(t, inv, tCert, "cert")
	var https bool
	for _, l := range inv.ByType("aws:lb/listener:Listener") {
		https = https || l.String("protocol") == "HTTPS"
	}
	assert.True(t, https)
	apex := recordNamed(t, inv, "")
	assert.Contains(t, apex.String("aliases[0].name"), "elb.amazonaws.com", "DNS points at the load balancer")
}

func TestStageTenThousandScalesOut(t *testing.T) {
	inv := record(t, "10k", nil)
	var metrics []string
	for _, p := range inv.ByType(tPolicy) {
		metrics = append(metrics, p.String("targetTrackingConfiguration.predefinedMetricSpecification.predefinedMetricType"))
	}
	assert.ElementsMatch(t, []string{"ASGAverageCPUUtilization", "ALBRequestCountPerTarget"}, metrics)
	var replicas int
	for _, r := range inv.ByType(tRDS) {
		if r.String("replicateSourceDb") != "" {
			replicas++
		}
	}
	assert.Equal(t, 1, replicas)
	rg := millionstacktest.Only(t, inv, tRG)
	assert.Equal(t, "2", rg.String("numCacheClusters"))
	assert.Equal(t, "true", rg.String("automaticFailoverEnabled"))
	millionstacktest.Named(t, inv, tCDN, "assets")
	for _, p := range []string{"db/writer", "db/readers", "cache/primary", "cache/reader", "assets/url"} {
		assert.True(t, hasParameter(inv, "/millionstack/10k/"+p), p)
	}
}

func TestStageHalfMillionAddsAZsSessionsFirewallBudget(t *testing.T) {
	inv := record(t, "500k", nil)
	net := millionstacktest.Named(t, inv, tNetwork, "network")
	assert.Len(t, millionstacktest.Under(inv, net.URN, tSubnet), 9)
	assert.Len(t, inv.ByType(tNAT), 3, "one NAT gateway per AZ")
	assert.Len(t, inv.ByType(tTable), 1)
	acls := inv.ByType(tWebACL)
	require.Len(t, acls, 2)
	var scopes []string
	for _, a := range acls {
		scopes = append(scopes, a.String("scope"))
	}
	assert.ElementsMatch(t, []string{"REGIONAL", "CLOUDFRONT"}, scopes)
	assert.Len(t, inv.ByType("aws:budgets/budget:Budget"), 1)
	assert.Len(t, inv.ByType(tDash), 1)
	assert.Len(t, inv.ByType(tTrail), 1)
	assert.Len(t, inv.ByType(tXRayRule), 1)
	assert.True(t, hasParameter(inv, "/millionstack/500k/sessions/table"))
}

func TestStageMillionIsServiceOriented(t *testing.T) {
	inv := record(t, "1m", nil)
	var internal, public int
	for _, lb := range inv.ByType(tLB) {
		if lb.String("internal") == "true" {
			internal++
		} else {
			public++
		}
	}
	assert.Equal(t, 1, internal, "an internal ALB between the web and app tiers")
	assert.Equal(t, 1, public)
	assert.Len(t, inv.ByType(tTopic), 2)
	assert.Len(t, inv.ByType(tFlow), 2)
	assert.Len(t, inv.ByType(tQueue), 4, "a queue and a dead-letter queue per flow")
	assert.Len(t, inv.ByType(tESM), 2)
	metrics := alarmMetrics(inv)
	for _, m := range []string{"ApproximateAgeOfOldestMessage", "Errors", "Throttles", "HTTPCode_ELB_5XX_Count"} {
		assert.Contains(t, metrics, m)
	}
	assert.True(t, hasParameter(inv, "/millionstack/1m/app/url"))
}

// Images are uploaded to the web tier from 1m on; an image is larger than the
// 8 KB body the core rule set lets through. The regional web ACL lets large
// bodies through under the upload path only; the CloudFront ACL keeps the
// limit, because its distributions take no request bodies at all.
func TestStageMillionLetsUploadsThroughTheFirewallOnlyUnderTheUploadPath(t *testing.T) {
	ruleNames := func(acl millionstacktest.Resource) []string {
		list, _ := acl.Input("rules")
		var names []string
		for i := range list.([]interface{}) {
			names = append(names, acl.String(fmt.Sprintf("rules[%d].name", i)))
		}
		return names
	}
	before := record(t, "500k", nil)
	assert.NotContains(t, ruleNames(millionstacktest.Named(t, before, tWebACL, "waf")), "large-body", "no uploads before 1m")

	inv := record(t, "1m", nil)
	regional := millionstacktest.Named(t, inv, tWebACL, "waf")
	names := ruleNames(regional)
	require.Contains(t, names, "large-body")
	large := fmt.Sprintf("rules[%d].statement.andStatement.statements", slices.Index(names, "large-body"))
	assert.Equal(t, "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body", regional.String(large+"[0].labelMatchStatement.key"))
	assert.Equal(t, stages.UploadPath, regional.String(large+"[1].notStatement.statements[0].byteMatchStatement.searchString"))
	crs := fmt.Sprintf("rules[%d].statement.managedRuleGroupStatement.ruleActionOverrides[0]", slices.Index(names, "AWSManagedRulesCommonRuleSet"))
	assert.Equal(t, "SizeRestrictions_BODY", regional.String(crs+".name"))

	edge := millionstacktest.Named(t, inv, tWebACL, "edge-waf")
	assert.NotContains(t, ruleNames(edge), "large-body")
	for _, dist := range inv.ByType(tCF) {
		methods := []interface{}{millionstacktest.Input(t, dist, "defaultCacheBehavior.allowedMethods")}
		if ordered, ok := dist.Input("orderedCacheBehaviors"); ok {
			for i := range ordered.([]interface{}) {
				methods = append(methods, millionstacktest.Input(t, dist, fmt.Sprintf("orderedCacheBehaviors[%d].allowedMethods", i)))
			}
		}
		for _, m := range methods {
			assert.Subset(t, []interface{}{"GET", "HEAD", "OPTIONS"}, m, "%s takes request bodies, which the CloudFront ACL limits to 8 KB", dist.Name)
		}
	}
}

// A stack deployed outside us-east-1 with a profile and default tags gets its
// CloudFront certificate and web ACL through us-east-1 providers, and its
// backup copies through a provider for the copy region, with the same
// profile and tags: same account, same credentials, tagged alike.
func TestOtherRegionProvidersKeepTheStacksProviderSettings(t *testing.T) {
	inv := record(t, "500k", map[string]string{
		"millionstack:domain": "example.com",
		"aws:region":          "eu-west-1",
		"aws:profile":         "prod",
		"aws:defaultTags":     `{"tags":{"owner":"platform"}}`,
	})
	providers := inv.ByType("pulumi:providers:aws")
	regions := map[string]string{"edge-cert-us-east-1": "us-east-1", "edge-waf-us-east-1": "us-east-1", "backup-us-west-2": "us-west-2"}
	require.ElementsMatch(t, validate.Keys(regions), millionstacktest.Names(providers))
	for _, p := range providers {
		assert.Equal(t, regions[p.Name], p.String("region"), p.Name)
		assert.Equal(t, "prod", p.String("profile"), p.Name)
		assert.Equal(t, "platform", p.String("defaultTags.tags.owner"), p.Name)
	}
}

// A zone the stack creates resolves only once the registrar points at it,
// and ACM validates certificates through it: the first deploy creates the
// zone and no certificate, which would wait for a delegation the user can
// only make after reading nameServers. zoneDelegated=true then adds the
// certificates, HTTPS and TLS between tiers, updating the stack in place.
func TestCreatedZoneGetsItsCertificatesOnceDelegated(t *testing.T) {
	const validation = "aws:acm/certificateValidation:CertificateValidation"
	https := func(inv *millionstacktest.Inventory) bool {
		for _, l := range inv.ByType("aws:lb/listener:Listener") {
			if l.String("protocol") == "HTTPS" {
				return true
			}
		}
		return false
	}
	config := map[string]string{"millionstack:domain": "example.com", "millionstack:createZone": "true"}
	first := record(t, "1m", config)
	zone := millionstacktest.Only(t, first, "aws:route53/zone:Zone")
	assert.Equal(t, "example.com", zone.String("name"))
	assert.Empty(t, first.ByType(tACM), "no certificate before the zone is delegated")
	assert.Empty(t, first.ByType(validation), "nothing waits for a validation")
	assert.False(t, https(first), "load balancers serve HTTP until there is a certificate")
	assert.True(t, strings.HasPrefix(parameter(t, first, "/millionstack/1m/app/url"), "http://"), "no TLS between tiers without a certificate")
	for _, dist := range first.ByType(tCF) {
		aliases, _ := dist.Input("aliases")
		assert.Empty(t, aliases, "%s: an alias needs a certificate", dist.Name)
	}

	config["millionstack:zoneDelegated"] = "true"
	delegated := record(t, "1m", config)
	assert.Len(t, delegated.ByType(tACM), 2, "the load balancers' certificate and CloudFront's")
	assert.Len(t, delegated.ByType(validation), 2)
	assert.True(t, https(delegated))
	assert.Equal(t, "https://app.example.com", parameter(t, delegated, "/millionstack/1m/app/url"))

	d := plan.Compare(first, delegated)
	assert.Empty(t, d.DataLosses)
	for _, e := range d.Entries {
		assert.NotEqual(t, zone.URN, e.URN, "the zone is untouched: %s %+v", e.Action, e.Changes)
	}
	assert.Equal(t, zone.URN, millionstacktest.Only(t, delegated, "aws:route53/zone:Zone").URN)
}

// With a domain, the web tier reaches the app tier over TLS on app.<domain>.
func TestStageMillionEncryptsBetweenTiers(t *testing.T) {
	inv := record(t, "1m", map[string]string{"millionstack:domain": "example.com"})
	assert.Equal(t, "https://app.example.com", parameter(t, inv, "/millionstack/1m/app/url"))
	app := millionstacktest.Named(t, inv, tWeb, "app")
	var https bool
	for _, l := range millionstacktest.Under(inv, app.URN, "aws:lb/listener:Listener") {
		https = https || l.String("protocol") == "HTTPS"
	}
	assert.True(t, https, "the internal load balancer terminates TLS")
	rec := recordNamed(t, inv, "app")
	assert.Contains(t, rec.String("aliases[0].name"), "elb.amazonaws.com")
}

func recordNamed(t *testing.T, inv *millionstacktest.Inventory, label string) millionstacktest.Resource {
	t.Helper()
	want := "example.com"
	if label != "" {
		want = label + ".example.com"
	}
	for _, r := range inv.ByType(tRecord) {
		if strings.TrimSuffix(r.String("name"), ".") == want && r.String("type") == "A" {
			return r
		}
	}
	t.Fatalf("no A record for %s", want)
	return millionstacktest.Resource{}
}

func alarmMetrics(inv *millionstacktest.Inventory) []string {
	var out []string
	for _, a := range inv.ByType(tAlarm) {
		out = append(out, a.String("metricName"))
	}
	return out
}

func parameter(t *testing.T, inv *millionstacktest.Inventory, name string) string {
	t.Helper()
	for _, p := range inv.ByType(tParam) {
		if p.String("name") == name {
			return p.String("value")
		}
	}
	t.Fatalf("no SSM parameter %s", name)
	return ""
}

func hasParameter(inv *millionstacktest.Inventory, name string) bool {
	for _, p := range inv.ByType(tParam) {
		if p.String("name") == name {
			return true
		}
	}
	return false
}

// Every Auto Scaling group, web and app tier alike, runs at least two
// instance types of one size through a mixed instances policy (Security Hub
// AutoScaling.6), the stage's type first, on demand.
func TestAutoScalingGroupsUseSeveralInstanceTypes(t *testing.T) {
	for _, name := range stages.Names() {
		inv := record(t, name, nil)
		for _, asg := range inv.ByType(tASG) {
			overrides, _ := asg.Input("mixedInstancesPolicy.launchTemplate.overrides")
			require.NotNil(t, overrides, "%s %s has no mixed instances policy", name, asg.Name)
			assert.GreaterOrEqual(t, len(overrides.([]interface{})), 2, "%s %s", name, asg.Name)
			lt := millionstacktest.Named(t, inv, "aws:ec2/launchTemplate:LaunchTemplate", asg.Name)
			assert.Equal(t, lt.String("instanceType"), asg.String("mixedInstancesPolicy.launchTemplate.overrides[0].instanceType"), "%s %s", name, asg.Name)
			assert.Equal(t, 100.0, millionstacktest.Input(t, asg, "mixedInstancesPolicy.instancesDistribution.onDemandPercentageAboveBaseCapacity"), "%s %s", name, asg.Name)
		}
	}
}

// With a domain the launch site answers on the apex at prelaunch and, from
// stage 1 on, when the servers take the apex, on launch.<domain>: with the
// CloudFront certificate and TLS 1.2 or newer, never CloudFront's default
// certificate (TLSv1), and a record pointing there. Without a certificate
// yet (a created zone not delegated) there is neither alias nor record.
func TestTheLaunchSiteKeepsANameWithItsOwnCertificate(t *testing.T) {
	domain := map[string]string{"millionstack:domain": "example.com"}
	for _, name := range stages.Names() {
		inv := record(t, name, domain)
		site := millionstacktest.Named(t, inv, tCF, "site")
		want := "launch.example.com"
		if name == "prelaunch" {
			want = "example.com"
		}
		assert.Equal(t, []interface{}{want}, millionstacktest.Input(t, site, "aliases"), name)
		assert.Equal(t, "TLSv1.2_2021", site.String("viewerCertificate.minimumProtocolVersion"), name)
		assert.Equal(t, "sni-only", site.String("viewerCertificate.sslSupportMethod"), name)
		assert.NotEmpty(t, site.String("viewerCertificate.acmCertificateArn"), name)
		_, launchRecord := inv.Named(tRecord, "dns-launch-a")
		assert.Equal(t, name != "prelaunch", launchRecord, "%s: launch.example.com record", name)
	}

	undelegated := record(t, "1", map[string]string{"millionstack:domain": "example.com", "millionstack:createZone": "true"})
	_, aliased := millionstacktest.Named(t, undelegated, tCF, "site").Input("aliases[0]")
	assert.False(t, aliased)
	_, launchRecord := undelegated.Named(tRecord, "dns-launch-a")
	assert.False(t, launchRecord)
}

// A zone the stack creates logs its DNS queries, with a retention, at every
// stage; a zone looked up is left alone.
func TestACreatedZoneLogsItsQueriesAtEveryStage(t *testing.T) {
	for _, name := range stages.Names() {
		created := record(t, name, map[string]string{"millionstack:domain": "example.com", "millionstack:createZone": "true"})
		millionstacktest.Only(t, created, "aws:route53/queryLog:QueryLog")
		assert.Equal(t, "30", millionstacktest.Named(t, created, "aws:cloudwatch/logGroup:LogGroup", "zone-queries").String("retentionInDays"), name)
		assert.Empty(t, record(t, name, map[string]string{"millionstack:domain": "example.com"}).ByType("aws:route53/queryLog:QueryLog"), name)
	}
}
