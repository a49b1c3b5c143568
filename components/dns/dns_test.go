package dns_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/millionstack/millionstack/components/dns"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Type tokens of the resources the tests look at.
const (
	zoneComponent        = "millionstack:dns:Zone"
	certificateComponent = "millionstack:dns:Certificate"
	recordsComponent     = "millionstack:dns:Records"
	hostedZone           = "aws:route53/zone:Zone"
	record               = "aws:route53/record:Record"
	certificate          = "aws:acm/certificate:Certificate"
	certificateCheck     = "aws:acm/certificateValidation:CertificateValidation"
	awsProvider          = "pulumi:providers:aws"
)

// run records program under the mocks with config (nil for the defaults).
func run(t *testing.T, config map[string]string, program pulumi.RunFunc) *millionstacktest.Inventory {
	t.Helper()
	return millionstacktest.MustRecord(t, program, millionstacktest.Options{Config: config})
}

// capture returns a channel that receives the resolved value of o. Outputs
// built from plain values (a looked-up zone's ID) are not tracked by the
// program run, so a test must wait for them rather than read a variable.
func capture[T any](o pulumi.Output) <-chan T {
	ch := make(chan T, 1)
	o.ApplyT(func(v T) T { ch <- v; return v })
	return ch
}

// await returns the value ch receives, failing the test after a few seconds.
func await[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		t.Fatal("output never resolved")
		var zero T
		return zero
	}
}

// expectInvalid runs program, expects an error containing every want, and
// checks that nothing was registered.
func expectInvalid(t *testing.T, program pulumi.RunFunc, want ...string) {
	t.Helper()
	inv, err := millionstacktest.Record(program, millionstacktest.Options{})
	millionstacktest.Rejected(t, inv, err, want...)
}

func TestZoneLooksUpTheExistingZoneByDefault(t *testing.T) {
	var zoneID <-chan string
	var nameServers <-chan []string
	var domain string
	inv := run(t, nil, func(ctx *pulumi.Context) error {
		z, err := dns.NewZone(ctx, "site", dns.ZoneArgs{Domain: "example.com."})
		if err != nil {
			return err
		}
		domain = z.Domain
		zoneID = capture[string](z.ZoneID)
		nameServers = capture[[]string](z.NameServers)
		return nil
	})
	millionstacktest.Only(t, inv, zoneComponent)
	assert.Empty(t, inv.Cloud(), "looking a zone up creates nothing")
	assert.Equal(t, "example.com", domain, "trailing dot dropped")
	assert.Equal(t, "Z0MOCKZONE", await(t, zoneID))
	assert.Equal(t, []string{"ns-1.awsdns-00.com"}, await(t, nameServers))
}

func TestZoneCanBeCreated(t *testing.T) {
	var zoneID <-chan string
	inv := run(t, nil, func(ctx *pulumi.Context) error {
		z, err := dns.NewZone(ctx, "site", dns.ZoneArgs{Domain: "example.com", Create: true, Tags: map[string]string{"team": "web"}})
		if err != nil {
			return err
		}
		zoneID = capture[string](z.ZoneID)
		return nil
	})
	z := millionstacktest.Named(t, inv, hostedZone, "site")
	assert.Equal(t, millionstacktest.Only(t, inv, zoneComponent).URN, z.Parent)
	assert.Equal(t, "example.com", z.String("name"))
	assert.Equal(t, "web", z.String("tags.team"))
	assert.Equal(t, "site", z.String("tags.Name"))
	assert.Equal(t, "Z0MOCKZONE", await(t, zoneID))
}

// A zone the stack creates logs the queries Route 53 answers for it, into a
// log group in us-east-1 under /aws/route53/ with a retention, which Route
// 53 may write to for this zone only; a stack elsewhere reaches us-east-1
// through a provider of the zone's own with the stack's settings.
func TestACreatedZoneLogsItsQueries(t *testing.T) {
	program := func(ctx *pulumi.Context) error {
		_, err := dns.NewZone(ctx, "site", dns.ZoneArgs{Domain: "example.com", Create: true, QueryLogRetentionDays: 90})
		return err
	}
	inv := run(t, map[string]string{"aws:region": "eu-west-1", "aws:profile": "prod"}, program)
	component := millionstacktest.Only(t, inv, zoneComponent)
	provider := millionstacktest.Named(t, inv, awsProvider, "site-us-east-1")
	assert.Equal(t, "us-east-1", provider.String("region"))
	assert.Equal(t, "prod", provider.String("profile"))

	group := millionstacktest.Named(t, inv, "aws:cloudwatch/logGroup:LogGroup", "site-queries")
	assert.Equal(t, "/aws/route53/example.com-", group.String("namePrefix"))
	assert.Equal(t, 90.0, millionstacktest.Input(t, group, "retentionInDays"))
	resourcePolicy := millionstacktest.Named(t, inv, "aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "site-queries")
	for _, r := range []millionstacktest.Resource{group, resourcePolicy} {
		assert.True(t, strings.HasPrefix(r.Provider, provider.URN+"::"), "%s is in us-east-1", r.Type)
		assert.Equal(t, component.URN, r.Parent)
	}
	assert.Equal(t, "route53-query-logs-Z0MOCKZONE", resourcePolicy.String("policyName"))
	statement := millionstacktest.Statements(t, resourcePolicy, "policyDocument")[0]
	assert.Equal(t, map[string]interface{}{"Service": "route53.amazonaws.com"}, statement["Principal"])
	assert.Equal(t, []interface{}{"logs:CreateLogStream", "logs:PutLogEvents"}, statement["Action"])
	groupARN := group.Outputs["arn"].StringValue()
	assert.Equal(t, groupARN+":*", statement["Resource"])
	zoneARN := millionstacktest.Named(t, inv, hostedZone, "site").Outputs["arn"].StringValue()
	assert.Equal(t, map[string]interface{}{
		"ArnLike":      map[string]interface{}{"aws:SourceArn": zoneARN},
		"StringEquals": map[string]interface{}{"aws:SourceAccount": "123456789012"},
	}, statement["Condition"])

	queryLog := millionstacktest.Named(t, inv, "aws:route53/queryLog:QueryLog", "site")
	assert.Equal(t, "Z0MOCKZONE", queryLog.String("zoneId"))
	assert.Equal(t, groupARN, queryLog.String("cloudwatchLogGroupArn"))
	assert.Contains(t, queryLog.Dependencies, resourcePolicy.URN, "Route 53 checks the policy when logging is configured")
	assert.Empty(t, queryLog.Provider)

	// In us-east-1 no provider is needed; the retention defaults to 30 days.
	inv = run(t, nil, func(ctx *pulumi.Context) error {
		_, err := dns.NewZone(ctx, "site", dns.ZoneArgs{Domain: "example.com", Create: true})
		return err
	})
	assert.Empty(t, inv.ByType(awsProvider))
	assert.Equal(t, 30.0, millionstacktest.Input(t, millionstacktest.Named(t, inv, "aws:cloudwatch/logGroup:LogGroup", "site-queries"), "retentionInDays"))
}

// newCertificate returns a program creating Certificate "cert" with args,
// sending its ARN to *arn when arn is not nil.
func newCertificate(args dns.CertificateArgs, arn *<-chan string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		c, err := dns.NewCertificate(ctx, "cert", args)
		if err != nil {
			return err
		}
		if arn != nil {
			*arn = capture[string](c.ARN)
		}
		return nil
	}
}

func TestCertificateIsValidatedThroughDNS(t *testing.T) {
	var arn <-chan string
	inv := run(t, nil, newCertificate(dns.CertificateArgs{
		ZoneID:           pulumi.String("Z0MOCKZONE"),
		Domain:           "example.com",
		AlternativeNames: []string{"www.example.com", "*.example.com"},
		Tags:             map[string]string{"team": "web"},
	}, &arn))
	component := millionstacktest.Only(t, inv, certificateComponent)

	c := millionstacktest.Named(t, inv, certificate, "cert")
	assert.Equal(t, "example.com", c.String("domainName"))
	assert.Equal(t, []interface{}{"www.example.com", "*.example.com"}, c.Inputs["subjectAlternativeNames"].Mappable())
	assert.Equal(t, "DNS", c.String("validationMethod"))
	assert.Equal(t, "RSA_2048", c.String("keyAlgorithm"))
	assert.Equal(t, "web", c.String("tags.team"))
	assert.Equal(t, "cert", c.String("tags.Name"))

	// One record per name, except that the wildcard shares the apex's record.
	records := inv.ByType(record)
	var names []string
	for _, r := range records {
		names = append(names, r.Name)
		assert.Equal(t, component.URN, r.Parent)
		assert.Empty(t, r.Provider, "records are global: the default provider")
		assert.Equal(t, "Z0MOCKZONE", r.String("zoneId"))
		assert.Equal(t, "CNAME", r.String("type"))
		assert.Equal(t, []interface{}{"_x2.acm-validations.aws."}, r.Inputs["records"].Mappable())
		assert.Equal(t, float64(60), r.Inputs["ttl"].Mappable())
		assert.Equal(t, true, r.Inputs["allowOverwrite"].Mappable())
	}
	assert.ElementsMatch(t, []string{"cert-validation-example-com", "cert-validation-www-example-com"}, names)
	assert.Equal(t, "_x1.www.example.com.", millionstacktest.Named(t, inv, record, "cert-validation-www-example-com").String("name"))
	assert.Equal(t, "_x1.example.com.", millionstacktest.Named(t, inv, record, "cert-validation-example-com").String("name"))

	v := millionstacktest.Named(t, inv, certificateCheck, "cert")
	assert.Equal(t, component.URN, v.Parent)
	assert.Equal(t, "arn:aws:acm:us-east-1:123456789012:certificate/cert", v.String("certificateArn"))
	for _, r := range records {
		assert.Contains(t, v.Dependencies, r.URN, "validation waits for %s", r.Name)
	}
	assert.Len(t, v.Inputs["validationRecordFqdns"].Mappable(), len(records))
	assert.Equal(t, "arn:aws:acm:us-east-1:123456789012:certificate/cert", await(t, arn))
	assert.Empty(t, inv.ByType(awsProvider), "no region asked for: no provider")
}

// The certificate's own provider deploys to us-east-1 with the stack's other
// provider settings: the same credentials and the same default tags as
// everything else the stack creates.
func TestCertificateInAnotherRegionGetsItsOwnProvider(t *testing.T) {
	inv := run(t, map[string]string{
		"aws:region":      "eu-west-1",
		"aws:profile":     "prod",
		"aws:defaultTags": `{"tags":{"team":"web"}}`,
	}, newCertificate(dns.CertificateArgs{
		ZoneID: pulumi.String("Z0MOCKZONE"),
		Domain: "example.com",
		Region: "us-east-1",
	}, nil))
	component := millionstacktest.Only(t, inv, certificateComponent)

	p := millionstacktest.Named(t, inv, awsProvider, "cert-us-east-1")
	assert.Equal(t, component.URN, p.Parent)
	assert.Equal(t, "us-east-1", p.String("region"))
	assert.Equal(t, "prod", p.String("profile"))
	assert.Equal(t, "web", p.String("defaultTags.tags.team"))
	for _, typ := range []string{certificate, certificateCheck} {
		r := millionstacktest.Named(t, inv, typ, "cert")
		assert.True(t, strings.HasPrefix(r.Provider, p.URN+"::"), "%s uses %q", typ, r.Provider)
	}
	assert.Empty(t, millionstacktest.Named(t, inv, record, "cert-validation-example-com").Provider)
}

func TestCertificateInTheStacksRegionNeedsNoProvider(t *testing.T) {
	inv := run(t, map[string]string{"aws:region": "eu-west-1"}, newCertificate(dns.CertificateArgs{
		ZoneID: pulumi.String("Z0MOCKZONE"),
		Domain: "example.com",
		Region: "eu-west-1",
	}, nil))
	assert.Empty(t, inv.ByType(awsProvider))
	c := millionstacktest.Named(t, inv, certificate, "cert")
	assert.Empty(t, c.Provider)
	_, hasAlternatives := c.Input("subjectAlternativeNames")
	assert.False(t, hasAlternatives, "no alternative names: none sent")
}

func TestCertificateValidation(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*dns.CertificateArgs)
		want   string
	}{
		{"missing zone", func(a *dns.CertificateArgs) { a.ZoneID = nil }, "dns \"cert\": ZoneID: is required"},
		{"bad domain", func(a *dns.CertificateArgs) { a.Domain = "example" }, `dns "cert": Domain: "example" is not a certificate name`},
		{"bad alternative", func(a *dns.CertificateArgs) { a.AlternativeNames = []string{"www.example.com", "a..example.com"} }, `dns "cert": AlternativeNames[1]: "a..example.com" is not a certificate name`},
		{"wildcard not leftmost", func(a *dns.CertificateArgs) { a.AlternativeNames = []string{"www.*.example.com"} }, `dns "cert": AlternativeNames[0]: "www.*.example.com" is not a certificate name`},
		{"duplicate name", func(a *dns.CertificateArgs) { a.AlternativeNames = []string{"example.com"} }, `dns "cert": AlternativeNames[0]: "example.com" is listed twice`},
		{"record name clash", func(a *dns.CertificateArgs) { a.AlternativeNames = []string{"a-b.example.com", "a.b-example.com"} }, `dns "cert": AlternativeNames[1]: "a-b.example.com" and "a.b-example.com" would share the validation record name`},
		{"too many names", func(a *dns.CertificateArgs) { a.AlternativeNames = manyNames(100) }, "dns \"cert\": AlternativeNames: 101 names in all; allowed: at most 100"},
		{"bad region", func(a *dns.CertificateArgs) { a.Region = "us-east" }, `dns "cert": Region: "us-east" is not an AWS region`},
		{"reserved tag", func(a *dns.CertificateArgs) { a.Tags = map[string]string{"aws:x": "y"} }, `dns "cert": Tags: key "aws:x" uses the reserved prefix`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := dns.CertificateArgs{ZoneID: pulumi.String("Z0MOCKZONE"), Domain: "example.com"}
			tt.modify(&args)
			expectInvalid(t, newCertificate(args, nil), tt.want)
		})
	}
}

func manyNames(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("n%d.example.com", i)
	}
	return out
}

func TestZoneValidation(t *testing.T) {
	expectInvalid(t, func(ctx *pulumi.Context) error {
		_, err := dns.NewZone(ctx, "site", dns.ZoneArgs{Domain: "Example.com", Tags: map[string]string{"": "x"}})
		return err
	}, `dns "site": Domain: "Example.com" is not a domain name`, `dns "site": Tags: key "" has 0 characters`)
	expectInvalid(t, func(ctx *pulumi.Context) error {
		_, err := dns.NewZone(ctx, "site", dns.ZoneArgs{Domain: "example.com", Create: true, QueryLogRetentionDays: 10})
		return err
	}, `dns "site": QueryLogRetentionDays: 10 days is not a CloudWatch Logs retention`)
}

// newRecords returns a program creating Records "site" for example.com.
func newRecords(records ...dns.Record) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		_, err := dns.NewRecords(ctx, "site", dns.RecordsArgs{ZoneID: pulumi.String("Z0MOCKZONE"), Domain: "example.com", Records: records})
		return err
	}
}

// loadBalancer is an alias target as a load balancer component exports it.
var loadBalancer = &dns.Alias{
	DNSName:              pulumi.String("web-123456789.us-east-1.elb.amazonaws.com"),
	ZoneID:               pulumi.String("Z35SXDOTRQ7X7K"),
	EvaluateTargetHealth: true,
}

func TestRecordsByValueAndByAlias(t *testing.T) {
	var fqdns []string
	inv := run(t, nil, func(ctx *pulumi.Context) error {
		r, err := dns.NewRecords(ctx, "site", dns.RecordsArgs{
			ZoneID: pulumi.String("Z0MOCKZONE"),
			Domain: "example.com",
			Records: []dns.Record{
				{Values: pulumi.StringArray{pulumi.String("203.0.113.10")}},
				{Name: "www", Type: "AAAA", Alias: loadBalancer},
				{Name: "assets", Type: "CNAME", Values: pulumi.StringArray{pulumi.String("d111111abcdef8.cloudfront.net")}},
			},
		})
		if err != nil {
			return err
		}
		fqdns = r.FQDNs
		return nil
	})
	component := millionstacktest.Only(t, inv, recordsComponent)
	assert.Equal(t, []string{"example.com", "www.example.com", "assets.example.com"}, fqdns)

	apex := millionstacktest.Named(t, inv, record, "site-apex-a")
	assert.Equal(t, component.URN, apex.Parent)
	assert.Equal(t, "Z0MOCKZONE", apex.String("zoneId"))
	assert.Equal(t, "example.com", apex.String("name"))
	assert.Equal(t, "A", apex.String("type"), "A by default")
	assert.Equal(t, []interface{}{"203.0.113.10"}, apex.Inputs["records"].Mappable())
	assert.Equal(t, float64(300), apex.Inputs["ttl"].Mappable())
	_, hasAlias := apex.Input("aliases")
	assert.False(t, hasAlias)

	www := millionstacktest.Named(t, inv, record, "site-www-aaaa")
	assert.Equal(t, component.URN, www.Parent)
	assert.Equal(t, "www.example.com", www.String("name"))
	assert.Equal(t, "AAAA", www.String("type"))
	assert.Equal(t, "web-123456789.us-east-1.elb.amazonaws.com", www.String("aliases[0].name"))
	assert.Equal(t, "Z35SXDOTRQ7X7K", www.String("aliases[0].zoneId"))
	assert.Equal(t, "true", www.String("aliases[0].evaluateTargetHealth"))
	for _, plain := range []string{"ttl", "records"} {
		_, ok := www.Input(plain)
		assert.False(t, ok, "an alias has no %s", plain)
	}

	assets := millionstacktest.Named(t, inv, record, "site-assets-cname")
	assert.Equal(t, "assets.example.com", assets.String("name"))
	assert.Equal(t, "CNAME", assets.String("type"))
	assert.Len(t, inv.Cloud(), 3)
}

// A stage that moves the apex from the host's Elastic IP to a load balancer
// must update the same record, not replace it with a new one.
func TestApexKeepsItsIdentityFromValueToAlias(t *testing.T) {
	before := run(t, nil, newRecords(dns.Record{Values: pulumi.StringArray{pulumi.String("203.0.113.10")}}))
	after := run(t, nil, newRecords(dns.Record{Alias: loadBalancer}))

	require.Len(t, before.Cloud(), 1)
	require.Len(t, after.Cloud(), 1)
	assert.Equal(t, before.Cloud()[0].URN, after.Cloud()[0].URN)
	assert.Equal(t, "site-apex-a", after.Cloud()[0].Name)
	assert.Equal(t, before.Cloud()[0].String("type"), after.Cloud()[0].String("type"))
}

func TestRecordsValidation(t *testing.T) {
	ip := pulumi.StringArray{pulumi.String("203.0.113.10")}
	tests := []struct {
		name   string
		modify func(*dns.RecordsArgs)
		want   string
	}{
		{"missing zone", func(a *dns.RecordsArgs) { a.ZoneID = nil }, "dns \"site\": ZoneID: is required"},
		{"bad domain", func(a *dns.RecordsArgs) { a.Domain = "localhost" }, `dns "site": Domain: "localhost" is not a domain name`},
		{"no records", func(a *dns.RecordsArgs) { a.Records = nil }, "dns \"site\": Records: is empty"},
		{"bad label", func(a *dns.RecordsArgs) { a.Records[0].Name = "WWW" }, `dns "site": Records[0].Name: "WWW" is not a label`},
		{"label with trailing dot", func(a *dns.RecordsArgs) { a.Records[0].Name = "www." }, `dns "site": Records[0].Name: "www." is not a label`},
		{"unknown type", func(a *dns.RecordsArgs) { a.Records[0].Type = "MX" }, `dns "site": Records[0].Type: "MX" is not supported; allowed: A, AAAA, CNAME`},
		{"neither values nor alias", func(a *dns.RecordsArgs) { a.Records[0].Values = nil }, "dns \"site\": Records[0]: sets neither Values nor Alias"},
		{"both values and alias", func(a *dns.RecordsArgs) { a.Records[0].Alias = loadBalancer }, "dns \"site\": Records[0]: sets both Values and Alias"},
		{"incomplete alias", func(a *dns.RecordsArgs) {
			a.Records[0] = dns.Record{Alias: &dns.Alias{DNSName: pulumi.String("x.elb.amazonaws.com")}}
		}, "dns \"site\": Records[0].Alias: needs both DNSName and ZoneID"},
		{"CNAME at apex", func(a *dns.RecordsArgs) { a.Records[0].Type = "CNAME" }, `dns "site": Records[0].Type: "CNAME" is not allowed at the apex`},
		{"CNAME alias", func(a *dns.RecordsArgs) {
			a.Records[0] = dns.Record{Name: "www", Type: "CNAME", Alias: loadBalancer}
		}, `dns "site": Records[0].Type: "CNAME" cannot be an alias`},
		{"duplicate", func(a *dns.RecordsArgs) {
			a.Records = append(a.Records, dns.Record{Type: "A", Alias: loadBalancer})
		}, `dns "site": Records[1]: A record "" is already defined by Records[0]`},
		{"CNAME beside A", func(a *dns.RecordsArgs) {
			a.Records = []dns.Record{{Name: "www", Values: ip}, {Name: "www", Type: "CNAME", Values: ip}}
		}, `dns "site": Records: name "www" has a CNAME and other records`},
		{"identifier without routing", func(a *dns.RecordsArgs) { a.Records[0].SetIdentifier = "us-east-1" },
			`dns "site": Records[0].SetIdentifier: "us-east-1" is set on a simple record; allowed: only with a routing policy`},
		{"routing without identifier", func(a *dns.RecordsArgs) { a.Records[0].LatencyRegion = "us-east-1" },
			`dns "site": Records[0].SetIdentifier: is empty with LatencyRegion "us-east-1"`},
		{"identifier too long", func(a *dns.RecordsArgs) {
			a.Records[0].LatencyRegion, a.Records[0].SetIdentifier = "us-east-1", strings.Repeat("x", 129)
		}, "dns \"site\": Records[0].SetIdentifier: is 129 characters; allowed: 1 to 128 characters"},
		{"not a region", func(a *dns.RecordsArgs) { a.Records[0].LatencyRegion, a.Records[0].SetIdentifier = "east", "east" },
			`dns "site": Records[0].LatencyRegion: "east" is not an AWS region`},
		{"simple beside routed", func(a *dns.RecordsArgs) {
			a.Records = append(a.Records, dns.Record{Values: ip, LatencyRegion: "us-west-2", SetIdentifier: "us-west-2"})
		}, `dns "site": Records[0]: A record "" is simple and Records[1] is latency-routed; allowed: one kind per name and type`},
		{"identifier twice", func(a *dns.RecordsArgs) {
			a.Records = []dns.Record{{Values: ip, LatencyRegion: "us-east-1", SetIdentifier: "one"}, {Values: ip, LatencyRegion: "us-west-2", SetIdentifier: "one"}}
		}, `dns "site": Records[1].SetIdentifier: "one" is already used by Records[0]`},
		{"region twice", func(a *dns.RecordsArgs) {
			a.Records = []dns.Record{{Values: ip, LatencyRegion: "us-east-1", SetIdentifier: "one"}, {Values: ip, LatencyRegion: "us-east-1", SetIdentifier: "two"}}
		}, `dns "site": Records[1].LatencyRegion: "us-east-1" already has Records[0]`},
		{"unknown health check", func(a *dns.RecordsArgs) {
			a.Records[0].LatencyRegion, a.Records[0].SetIdentifier, a.Records[0].HealthCheck = "us-east-1", "us-east-1", "east"
		}, `dns "site": Records[0].HealthCheck: "east" is not a key of HealthChecks`},
		{"health check on a simple record", func(a *dns.RecordsArgs) {
			a.HealthChecks = map[string]dns.HealthCheck{"east": {FQDN: pulumi.String("lb.example.net")}}
			a.Records[0].HealthCheck = "east"
		}, `dns "site": Records[0].HealthCheck: "east" is set on a simple record; allowed: only with a routing policy`},
		{"alias to no record", func(a *dns.RecordsArgs) { a.Records[0] = dns.Record{Alias: &dns.Alias{Record: "origin"}} },
			`dns "site": Records[0].Alias.Record: "origin" names no A record of these records`},
		{"alias to itself", func(a *dns.RecordsArgs) { a.Records[0] = dns.Record{Name: "www", Alias: &dns.Alias{Record: "www"}} },
			`dns "site": Records[0].Alias.Record: "www" is the record's own name`},
		{"alias to a record and a name", func(a *dns.RecordsArgs) {
			a.Records = []dns.Record{{Alias: &dns.Alias{Record: "www", DNSName: pulumi.String("x.example.net")}}, {Name: "www", Values: ip}}
		}, `dns "site": Records[0].Alias: sets Record "www" and DNSName or ZoneID`},
		{"health check without a host", func(a *dns.RecordsArgs) { a.HealthChecks = map[string]dns.HealthCheck{"east": {}} },
			`dns "site": HealthChecks["east"].FQDN: is required`},
		{"health check settings", func(a *dns.RecordsArgs) {
			a.HealthChecks = map[string]dns.HealthCheck{"East": {FQDN: pulumi.String("lb.example.net"), Protocol: "TCP", Path: "health", FailureThreshold: 11, RequestIntervalSeconds: 20, Port: 70000}}
		}, `dns "site": HealthChecks: key "East" cannot name a health check`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := dns.RecordsArgs{ZoneID: pulumi.String("Z0MOCKZONE"), Domain: "example.com", Records: []dns.Record{{Values: ip}}}
			tt.modify(&args)
			expectInvalid(t, func(ctx *pulumi.Context) error {
				_, err := dns.NewRecords(ctx, "site", args)
				return err
			}, tt.want)
		})
	}
}

// Latency-routed records with health checks: one record per region, each
// alias to that region's load balancer with its own health check, and the
// apex a simple alias to the routed name, so that it is never replaced when
// a stage routes it (Route 53 cannot turn a simple record into a routed one
// in place: the set identifier is part of a record's identity).
func TestLatencyRecordsWithHealthChecks(t *testing.T) {
	var ids map[string]pulumi.StringOutput
	inv := run(t, nil, func(ctx *pulumi.Context) error {
		r, err := dns.NewRecords(ctx, "dns", dns.RecordsArgs{
			ZoneID: pulumi.String("Z0MOCKZONE"), Domain: "example.com",
			HealthChecks: map[string]dns.HealthCheck{
				"us-east-1": {FQDN: pulumi.String("web-east.us-east-1.elb.amazonaws.com")},
				"us-west-2": {FQDN: pulumi.String("web-west.us-west-2.elb.amazonaws.com"), Protocol: "HTTP", Path: "/ping", FailureThreshold: 2, RequestIntervalSeconds: 10},
			},
			Tags: map[string]string{"team": "web"},
			Records: []dns.Record{
				{Alias: &dns.Alias{Record: "origin", EvaluateTargetHealth: true}},
				{Name: "origin", LatencyRegion: "us-east-1", SetIdentifier: "us-east-1", HealthCheck: "us-east-1",
					Alias: &dns.Alias{DNSName: pulumi.String("web-east.us-east-1.elb.amazonaws.com"), ZoneID: pulumi.String("Z35SXDOTRQ7X7K"), EvaluateTargetHealth: true}},
				{Name: "origin", LatencyRegion: "us-west-2", SetIdentifier: "us-west-2", HealthCheck: "us-west-2",
					Alias: &dns.Alias{DNSName: pulumi.String("web-west.us-west-2.elb.amazonaws.com"), ZoneID: pulumi.String("Z1H1FL5HABSF5"), EvaluateTargetHealth: true}},
			},
		})
		if err == nil {
			ids = r.HealthCheckIDs
		}
		return err
	})
	east := millionstacktest.Named(t, inv, "aws:route53/healthCheck:HealthCheck", "dns-us-east-1")
	assert.Equal(t, "HTTPS", east.String("type"))
	assert.Equal(t, "web-east.us-east-1.elb.amazonaws.com", east.String("fqdn"))
	assert.Equal(t, 443.0, millionstacktest.Input(t, east, "port"))
	assert.Equal(t, "/health", east.String("resourcePath"))
	assert.Equal(t, 3.0, millionstacktest.Input(t, east, "failureThreshold"))
	assert.Equal(t, 30.0, millionstacktest.Input(t, east, "requestInterval"))
	assert.Equal(t, true, millionstacktest.Input(t, east, "enableSni"))
	assert.Equal(t, false, millionstacktest.Input(t, east, "measureLatency"))
	assert.Equal(t, "web", east.String("tags.team"))
	assert.Equal(t, "dns-us-east-1", east.String("tags.Name"))
	west := millionstacktest.Named(t, inv, "aws:route53/healthCheck:HealthCheck", "dns-us-west-2")
	assert.Equal(t, "HTTP", west.String("type"))
	assert.Equal(t, 80.0, millionstacktest.Input(t, west, "port"))
	assert.Equal(t, "/ping", west.String("resourcePath"))
	assert.Equal(t, 10.0, millionstacktest.Input(t, west, "requestInterval"))
	assert.Equal(t, false, millionstacktest.Input(t, west, "enableSni"))

	apex := millionstacktest.Named(t, inv, record, "dns-apex-a")
	assert.NotContains(t, apex.Plain(), "setIdentifier", "the apex stays a simple record")
	assert.Equal(t, "origin.example.com", apex.String("aliases[0].name"))
	assert.Equal(t, "Z0MOCKZONE", apex.String("aliases[0].zoneId"), "a record of the zone itself")
	assert.Equal(t, true, millionstacktest.Input(t, apex, "aliases[0].evaluateTargetHealth"))
	for _, region := range []string{"us-east-1", "us-west-2"} {
		r := millionstacktest.Named(t, inv, record, "dns-origin-a-"+region)
		assert.Equal(t, "origin.example.com", r.String("name"))
		assert.Equal(t, region, r.String("setIdentifier"))
		assert.Equal(t, region, r.String("latencyRoutingPolicies[0].region"))
		assert.Equal(t, true, millionstacktest.Input(t, r, "aliases[0].evaluateTargetHealth"))
		check := millionstacktest.Named(t, inv, "aws:route53/healthCheck:HealthCheck", "dns-"+region)
		assert.Equal(t, check.Name+"-id", r.String("healthCheckId"))
		assert.Contains(t, apex.Dependencies, r.URN, "Route 53 refuses an alias to a record that does not exist yet")
	}
	assert.Len(t, ids, 2)
}

func TestHealthCheckSettingsAreChecked(t *testing.T) {
	expectInvalid(t, func(ctx *pulumi.Context) error {
		_, err := dns.NewRecords(ctx, "dns", dns.RecordsArgs{
			ZoneID: pulumi.String("Z0MOCKZONE"), Domain: "example.com",
			Records: []dns.Record{{Values: pulumi.StringArray{pulumi.String("203.0.113.10")}}},
			HealthChecks: map[string]dns.HealthCheck{"east": {
				FQDN: pulumi.String("lb.example.net"), Protocol: "TCP", Path: "health", FailureThreshold: 11, RequestIntervalSeconds: 20, Port: 70000,
			}},
		})
		return err
	},
		`HealthChecks["east"].Protocol: "TCP" is not supported; allowed: HTTPS, HTTP`,
		`HealthChecks["east"].Port: 70000 is out of range; allowed: 1 to 65535`,
		`HealthChecks["east"].Path: "health" is not a path`,
		`HealthChecks["east"].FailureThreshold: 11 is out of range; allowed: 1 to 10`,
		`HealthChecks["east"].RequestIntervalSeconds: 20 is not allowed; allowed: 30, or 10 (fast)`)
}
