package dns

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ZoneArgs configures a Zone.
type ZoneArgs struct {
	// Domain is the zone's domain name ("example.com"). Required. A trailing
	// dot is dropped.
	Domain string
	// Create creates the hosted zone, for a domain registered outside Route
	// 53. Default false: look up the public hosted zone that registering the
	// domain with Route 53 created.
	Create bool
	// QueryLogRetentionDays is how long the DNS query logs of a created
	// zone are kept: Route 53 logs the queries it answers for the zone into
	// a log group in us-east-1. Default 30; one of the periods CloudWatch
	// Logs accepts. A looked-up zone is left as its owner configured it.
	QueryLogRetentionDays int
	// Tags are added to a created zone and its query log group, together
	// with a Name tag.
	Tags map[string]string
}

// DefaultQueryLogRetentionDays is ZoneArgs.QueryLogRetentionDays when unset.
const DefaultQueryLogRetentionDays = 30

// WithDefaults returns a copy of a in canonical form, with defaults.
func (a ZoneArgs) WithDefaults() ZoneArgs {
	a.Domain = strings.TrimSuffix(a.Domain, ".")
	if a.QueryLogRetentionDays == 0 {
		a.QueryLogRetentionDays = DefaultQueryLogRetentionDays
	}
	return a
}

// validate reports every problem with a at once.
func (a ZoneArgs) validate(name string) error {
	p := validate.For("dns", name)
	p.DomainName("Domain", a.Domain)
	p.LogRetention("QueryLogRetentionDays", a.QueryLogRetentionDays)
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// CertificateArgs configures a Certificate.
type CertificateArgs struct {
	// ZoneID is the hosted zone the validation records go in: a Zone's
	// ZoneID, or the ID of a zone of your own ("Z0123456789ABCDEFGHIJ").
	// Required.
	ZoneID pulumi.StringInput
	// Domain is the certificate's main name ("example.com" or
	// "*.example.com"). Required. A trailing dot is dropped.
	Domain string
	// AlternativeNames are further names the certificate covers, each a
	// domain name or "*.<domain>". Default none. Changing them replaces the
	// certificate (a new one is issued and validated before the old one goes).
	AlternativeNames []string
	// Region is where ACM issues the certificate. Default "": the region the
	// stack deploys to, which is what a load balancer needs. CloudFront needs
	// "us-east-1"; when that differs from the region of the provider the
	// component would use, the component issues the certificate through a
	// provider of its own, `<name>-<region>`, with that provider's other
	// settings (credentials, assumed role, default tags...: see
	// internal/awsprovider).
	Region string
	// Tags are added to the certificate, together with a Name tag.
	Tags map[string]string
}

// maxCertificateNames is ACM's hard limit on names per certificate (the
// default quota is 10; more needs a quota increase).
const maxCertificateNames = 100

// WithDefaults returns a copy of a in canonical form.
func (a CertificateArgs) WithDefaults() CertificateArgs {
	a.Domain = strings.TrimSuffix(a.Domain, ".")
	alternatives := make([]string, len(a.AlternativeNames))
	for i, n := range a.AlternativeNames {
		alternatives[i] = strings.TrimSuffix(n, ".")
	}
	a.AlternativeNames = alternatives
	return a
}

// region matches AWS region names such as "us-east-1" and "us-gov-west-1".
var region = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)

// validate reports every problem with a (after WithDefaults) at once.
func (a CertificateArgs) validate(name string) error {
	p := validate.For("dns", name)
	p.Required("ZoneID", a.ZoneID != nil, "")
	p.HostedZoneID("ZoneID", a.ZoneID)
	// Every name must be valid and distinct, and so must the logical names
	// of their validation records, which only a wildcard and its base name
	// share (ACM gives "example.com" and "*.example.com" the same record).
	once := p.Allows("AlternativeNames", "each name once, Domain included")
	records := p.Allows("AlternativeNames", "names whose validation records differ: names that differ in more than dots and dashes")
	listed := map[string]bool{}
	baseOf := map[string]string{} // validation key -> the base name it stands for
	for i, n := range a.names() {
		field := "Domain"
		if i > 0 {
			field = fmt.Sprintf("AlternativeNames[%d]", i-1)
		}
		certificateName(p, field, n)
		if listed[n] {
			once.RefuseAt(field, "%q is listed twice", n)
			continue
		}
		listed[n] = true
		key, base := validationKey(n), strings.TrimPrefix(n, "*.")
		if other, taken := baseOf[key]; taken && other != base {
			records.RefuseAt(field, "%q and %q would share the validation record name %q", other, base, key)
		}
		baseOf[key] = base
	}
	p.Allows("AlternativeNames", fmt.Sprintf("at most %d names including Domain", maxCertificateNames)).
		RefuseIf(len(a.names()) > maxCertificateNames, "%d names in all", len(a.names()))
	p.Allows("Region", `"" (the stack's region) or a region name such as "us-east-1"`).
		RefuseIf(a.Region != "" && !region.MatchString(a.Region), "%q is not an AWS region", a.Region)
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// names returns every name the certificate covers, Domain first.
func (a CertificateArgs) names() []string {
	return append([]string{a.Domain}, a.AlternativeNames...)
}

// validationDomains returns one name per distinct validation record, in the
// order of names(): a wildcard and its base name share a record.
func (a CertificateArgs) validationDomains() []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range a.names() {
		if key := validationKey(n); !seen[key] {
			seen[key] = true
			out = append(out, n)
		}
	}
	return out
}

// certificateName checks a name a certificate can cover: a domain name,
// optionally behind a "*." wildcard.
func certificateName(p *validate.Problems, field, v string) {
	p.Allows(field, `a domain name such as "example.com", or a wildcard such as "*.example.com"`).
		RefuseIf(!validate.IsDomainName(strings.TrimPrefix(v, "*.")), "%q is not a certificate name", v)
}

// RecordsArgs configures Records. Records have no tags: Route 53 cannot tag
// individual records.
type RecordsArgs struct {
	// ZoneID is the hosted zone the records go in: a Zone's ZoneID, or the
	// ID of a zone of your own ("Z0123456789ABCDEFGHIJ"). Required.
	ZoneID pulumi.StringInput
	// Domain is the zone's domain, below which every record's Name is a
	// label ("example.com"). Required. A trailing dot is dropped.
	Domain string
	// Records are the records to create. At least one.
	Records []Record
	// HealthChecks are Route 53 health checks that routed records name
	// (Record.HealthCheck), keyed by a stable name ("us-east-1"): each
	// becomes the health check `<name>-<key>`. Default none.
	HealthChecks map[string]HealthCheck
	// Tags are applied to the health checks, together with a Name tag
	// (records themselves cannot be tagged).
	Tags map[string]string
}

// HealthCheck is a Route 53 health check of a public endpoint: checkers in
// several AWS regions request Path on FQDN every RequestIntervalSeconds, and
// the check fails after FailureThreshold failed requests in a row (Route 53
// developer guide, "How Amazon Route 53 determines whether a health check is
// healthy"). Route 53's checkers are on the internet: they reach public
// endpoints only (an internet-facing load balancer, never an internal one).
type HealthCheck struct {
	// FQDN is the endpoint's host name, such as an internet-facing load
	// balancer's DNSName. Required; at most 255 characters (CreateHealthCheck
	// API reference, FullyQualifiedDomainName).
	FQDN pulumi.StringInput
	// Protocol is "HTTPS" (default) or "HTTP". Over HTTPS the checker sends
	// FQDN in the TLS handshake (SNI) and does not validate the certificate:
	// it only needs the handshake to succeed and a status from 200 to 399,
	// so a load balancer's own name works with a certificate for the
	// domain. HTTPS is an optional feature priced on top of the check.
	// Fixed once created (type is ForceNew, terraform-provider-aws
	// internal/service/route53/health_check.go).
	Protocol HealthCheckProtocol
	// Port is the endpoint's port. Default 443 for HTTPS, 80 for HTTP;
	// allowed 1 to 65535.
	Port int
	// Path is what the checkers request. Default "/health"; starts with
	// "/", at most 255 characters (CreateHealthCheck, ResourcePath).
	Path string
	// FailureThreshold is how many failed requests in a row make the
	// endpoint unhealthy, and succeeded ones healthy again. Default 3;
	// allowed 1 to 10.
	FailureThreshold int
	// RequestIntervalSeconds is the time between two requests of one
	// checker: 30 (default) or 10 (a "fast interval", priced on top). Fixed
	// once created (ForceNew).
	RequestIntervalSeconds int
}

// HealthCheckProtocol is what a HealthCheck requests over.
type HealthCheckProtocol string

// The protocols of a HealthCheck.
const (
	HealthCheckHTTPS HealthCheckProtocol = "HTTPS"
	HealthCheckHTTP  HealthCheckProtocol = "HTTP"
)

// Defaults of HealthCheck.
const (
	DefaultHealthCheckProtocol = HealthCheckHTTPS
	DefaultHealthCheckPath     = "/health"
	DefaultFailureThreshold    = 3
	DefaultRequestInterval     = 30
)

// Record is one DNS record below RecordsArgs.Domain. Its identity is its
// Name and Type: changing Values to Alias (an Elastic IP to a load
// balancer) updates the same record in place.
type Record struct {
	// Name is the label below Domain: "" for the apex, "www", "assets",
	// "api.eu". Default "" (the apex).
	Name string
	// Type is "A", "AAAA" or "CNAME". Default "A". A CNAME cannot be at
	// the apex, share its name with another record, or be an alias.
	Type RecordType
	// Values are the record's values (an Elastic IP, a host name), served
	// with a TTL of 300 seconds. Exactly one of Values and Alias is set.
	Values pulumi.StringArrayInput
	// Alias points the record at a load balancer or CloudFront distribution,
	// or at another record of the zone. Exactly one of Values and Alias is
	// set.
	Alias *Alias

	// LatencyRegion makes the record one of a latency-routed set: the
	// records of one Name and Type, each with the AWS region its target
	// runs in, of which Route 53 answers every query with the one of the
	// region with the lowest latency to the resolver, skipping those whose
	// HealthCheck fails or whose alias target is unhealthy
	// (EvaluateTargetHealth), so that a region's outage sends its users to
	// the next region. Default "": a simple record, the only one of its
	// Name and Type. Route 53 keeps one latency record per region and name,
	// and does not mix simple and latency records of one name and type
	// (ChangeResourceRecordSets API reference, ResourceRecordSet, Region).
	LatencyRegion string
	// SetIdentifier tells apart the records of one routed set. Required
	// with LatencyRegion, not allowed without; unique in its set; 1 to 128
	// characters (ResourceRecordSet, SetIdentifier). It is part of the
	// record's identity (the provider replaces a record whose identifier
	// changes): use a fixed one, such as the region.
	SetIdentifier string
	// HealthCheck names one of RecordsArgs.HealthChecks: Route 53 answers
	// with the record only while that check passes. Only for a routed
	// record: a simple record is the only answer for its name, healthy or
	// not. Default "": no health check.
	HealthCheck string
}

// Alias is the target of an alias record: what Route 53 resolves the name
// to, at no charge and without a TTL of its own.
type Alias struct {
	// DNSName is the target's DNS name (a load balancer's DNSName).
	// Required unless Record is set.
	DNSName pulumi.StringInput
	// ZoneID is the target's own hosted zone ID (a load balancer's ZoneId,
	// CloudFront's HostedZoneId). Required unless Record is set.
	ZoneID pulumi.StringInput
	// Record points the alias at other records of these Records instead,
	// by their Name ("origin"), such as a latency-routed set: the target is
	// that name in the zone, and the alias is created after those records,
	// since Route 53 refuses an alias to a record that does not exist yet
	// (ChangeResourceRecordSets API reference, AliasTarget). Not with
	// DNSName or ZoneID.
	Record string
	// EvaluateTargetHealth lets Route 53 answer only while the target is
	// healthy. Default false.
	EvaluateTargetHealth bool
}

// RecordType is the type of a Record.
type RecordType string

// The record types a Records component makes.
const (
	RecordA     RecordType = "A"
	RecordAAAA  RecordType = "AAAA"
	RecordCNAME RecordType = "CNAME"
)

// defaultRecordType is the Type of a Record that sets none.
const defaultRecordType = RecordA

// maxSetIdentifier is the longest SetIdentifier Route 53 takes
// (ChangeResourceRecordSets API reference, ResourceRecordSet).
const maxSetIdentifier = 128

// maxHealthCheckText is the longest FQDN and ResourcePath of a health check
// (CreateHealthCheck API reference, HealthCheckConfig; terraform-provider-aws
// health_check.go: StringLenBetween(0, 255)).
const maxHealthCheckText = 255

// WithDefaults returns a copy of a in canonical form, with every record's
// Type defaulted (the caller's slice is left alone).
func (a RecordsArgs) WithDefaults() RecordsArgs {
	a.Domain = strings.TrimSuffix(a.Domain, ".")
	records := make([]Record, len(a.Records))
	for i, r := range a.Records {
		if r.Type == "" {
			r.Type = defaultRecordType
		}
		records[i] = r
	}
	a.Records = records
	checks := make(map[string]HealthCheck, len(a.HealthChecks))
	for key, hc := range a.HealthChecks {
		if hc.Protocol == "" {
			hc.Protocol = DefaultHealthCheckProtocol
		}
		if hc.Port == 0 {
			hc.Port = 443
			if hc.Protocol == HealthCheckHTTP {
				hc.Port = 80
			}
		}
		if hc.Path == "" {
			hc.Path = DefaultHealthCheckPath
		}
		if hc.FailureThreshold == 0 {
			hc.FailureThreshold = DefaultFailureThreshold
		}
		if hc.RequestIntervalSeconds == 0 {
			hc.RequestIntervalSeconds = DefaultRequestInterval
		}
		checks[key] = hc
	}
	a.HealthChecks = checks
	return a
}

// validate reports every problem with a (after WithDefaults) at once.
func (a RecordsArgs) validate(name string) error {
	p := validate.For("dns", name)
	p.Required("ZoneID", a.ZoneID != nil, "")
	p.HostedZoneID("ZoneID", a.ZoneID)
	p.DomainName("Domain", a.Domain)
	p.Allows("Records", "at least one record").RefuseIf(len(a.Records) == 0, "is empty")
	firstOf := map[string]int{}  // Name+" "+Type -> index of the first simple record defining it
	routed := map[string][]int{} // Name+" "+Type -> indexes of its routed records
	cnames := map[string]bool{}  // names holding a CNAME
	others := map[string]bool{}  // names holding any other type
	for i, r := range a.Records {
		field := fmt.Sprintf("Records[%d]", i)
		p.Allows(field+".Name", `"" (the apex) or lower-case labels of letters, digits and hyphens separated by dots, such as "www"`).
			RefuseIf(r.Name != "" && !validate.IsDomainName(r.Name+"."+a.Domain), "%q is not a label", r.Name)
		validate.OneOf(p, field+".Type", r.Type, RecordA, RecordAAAA, RecordCNAME)
		target := p.Allows(field, "exactly one of Values and Alias")
		switch {
		case r.Values == nil && r.Alias == nil:
			target.Refuse("sets neither Values nor Alias")
		case r.Values != nil && r.Alias != nil:
			target.Refuse("sets both Values and Alias")
		case r.Alias != nil && r.Alias.Record != "":
			a.validateRecordAlias(p, field, r)
		case r.Alias != nil:
			p.Allows(field+".Alias", "Record alone, or both DNSName and ZoneID").
				RefuseIf(r.Alias.DNSName == nil || r.Alias.ZoneID == nil, "needs both DNSName and ZoneID")
		}
		p.Allows(field+".Type", `"A" or "AAAA" (an alias, for a load balancer or CloudFront) at the apex`).
			RefuseIf(r.Type == RecordCNAME && r.Name == "", "\"CNAME\" is not allowed at the apex")
		p.Allows(field+".Type", `"A" or "AAAA" for an alias`).
			RefuseIf(r.Type == RecordCNAME && r.Alias != nil, "\"CNAME\" cannot be an alias")
		a.validateRouting(p, field, r)
		key := r.Name + " " + string(r.Type)
		once := p.Allows(field, "one simple record per name and type")
		if r.LatencyRegion != "" {
			routed[key] = append(routed[key], i)
		} else if first, dup := firstOf[key]; dup {
			once.Refuse("%s record %q is already defined by Records[%d]", r.Type, r.Name, first)
		} else {
			firstOf[key] = i
		}
		if r.Type == RecordCNAME {
			cnames[r.Name] = true
		} else {
			others[r.Name] = true
		}
	}
	alone := p.Allows("Records", "a CNAME alone at its name")
	for _, name := range validate.Keys(cnames) {
		alone.RefuseIf(others[name], "name %q has a CNAME and other records", name)
	}
	a.validateSets(p, firstOf, routed)
	for _, key := range validate.Keys(a.HealthChecks) {
		validateHealthCheck(p, fmt.Sprintf("HealthChecks[%q]", key), key, a.HealthChecks[key])
	}
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// validateRecordAlias checks an alias to records of the same Records: by
// Record alone, to a name that holds records of the alias's type other than
// itself.
func (a RecordsArgs) validateRecordAlias(p *validate.Problems, field string, r Record) {
	p.Allows(field+".Alias", "Record alone (a name of these records), or DNSName and ZoneID").
		RefuseIf(r.Alias.DNSName != nil || r.Alias.ZoneID != nil, "sets Record %q and DNSName or ZoneID", r.Alias.Record)
	c := p.Allows(field+".Alias.Record", "the Name of another record of these records of the same type, such as a latency-routed set")
	if r.Alias.Record == r.Name {
		c.Refuse("%q is the record's own name", r.Alias.Record)
		return
	}
	for _, target := range a.Records {
		if target.Name == r.Alias.Record && target.Type == r.Type {
			return
		}
	}
	c.Refuse("%q names no %s record of these records", r.Alias.Record, r.Type)
}

// validateRouting checks one record's routing fields: a set identifier with
// a latency region and only then, a region name, and a health check that
// exists, on a routed record only.
func (a RecordsArgs) validateRouting(p *validate.Problems, field string, r Record) {
	routing := p.Allows(field+".SetIdentifier", "only with a routing policy (LatencyRegion)")
	identifier := p.Allows(field+".SetIdentifier", fmt.Sprintf("1 to %d characters telling the record apart in its set, such as the region, with LatencyRegion", maxSetIdentifier))
	switch {
	case r.LatencyRegion == "" && r.SetIdentifier != "":
		routing.Refuse("%q is set on a simple record", r.SetIdentifier)
	case r.LatencyRegion != "" && r.SetIdentifier == "":
		identifier.Refuse("is empty with LatencyRegion %q", r.LatencyRegion)
	case len(r.SetIdentifier) > maxSetIdentifier:
		identifier.Refuse("is %d characters", len(r.SetIdentifier))
	}
	p.Allows(field+".LatencyRegion", `"" (a simple record) or the region of the record's target, such as "us-east-1"`).
		RefuseIf(r.LatencyRegion != "" && !region.MatchString(r.LatencyRegion), "%q is not an AWS region", r.LatencyRegion)
	key := p.Allows(field+".HealthCheck", "a key of HealthChecks")
	simple := p.Allows(field+".HealthCheck", "only with a routing policy (a simple record is the only answer for its name, healthy or not)")
	if r.HealthCheck == "" {
		return
	}
	_, ok := a.HealthChecks[r.HealthCheck]
	key.RefuseIf(!ok, "%q is not a key of HealthChecks, which has %v", r.HealthCheck, validate.Keys(a.HealthChecks))
	simple.RefuseIf(r.LatencyRegion == "", "%q is set on a simple record", r.HealthCheck)
}

// validateSets checks every latency-routed set: no simple record of the same
// name and type beside it, and each set identifier and each region once.
func (a RecordsArgs) validateSets(p *validate.Problems, simple map[string]int, routed map[string][]int) {
	mixing := p.Allows("Records", "one kind per name and type, simple or latency-routed (Route 53 refuses to mix them)")
	ids := p.Allows("Records.SetIdentifier", "each identifier once per set")
	regions := p.Allows("Records.LatencyRegion", "one latency record per region in a set (ResourceRecordSet, Region)")
	for _, key := range validate.Keys(routed) {
		members := routed[key]
		first := a.Records[members[0]]
		if i, mixed := simple[key]; mixed {
			mixing.RefuseAt(fmt.Sprintf("Records[%d]", i), "%s record %q is simple and Records[%d] is latency-routed", first.Type, first.Name, members[0])
		}
		idOf, regionOf := map[string]int{}, map[string]int{}
		for _, i := range members {
			r := a.Records[i]
			if other, dup := idOf[r.SetIdentifier]; dup && r.SetIdentifier != "" {
				ids.RefuseAt(fmt.Sprintf("Records[%d].SetIdentifier", i), "%q is already used by Records[%d] in the set %s %q", r.SetIdentifier, other, r.Type, r.Name)
			}
			idOf[r.SetIdentifier] = i
			if other, dup := regionOf[r.LatencyRegion]; dup {
				regions.RefuseAt(fmt.Sprintf("Records[%d].LatencyRegion", i), "%q already has Records[%d] in the set %s %q", r.LatencyRegion, other, r.Type, r.Name)
			}
			regionOf[r.LatencyRegion] = i
		}
	}
}

// validateHealthCheck checks one health check (after WithDefaults).
func validateHealthCheck(p *validate.Problems, field, key string, hc HealthCheck) {
	p.Allows("HealthChecks", `keys of lower-case letters, digits and single inner hyphens, such as "us-east-1"`).
		RefuseIf(!healthCheckKey.MatchString(key), "key %q cannot name a health check", key)
	p.Required(field+".FQDN", hc.FQDN != nil, "the public host name to check")
	validate.OneOf(p, field+".Protocol", hc.Protocol, HealthCheckHTTPS, HealthCheckHTTP)
	p.IntRange(field+".Port", hc.Port, 1, 65535)
	p.Allows(field+".Path", fmt.Sprintf("up to %d characters starting with \"/\", such as %q", maxHealthCheckText, DefaultHealthCheckPath)).
		RefuseIf(!strings.HasPrefix(hc.Path, "/") || len(hc.Path) > maxHealthCheckText, "%q is not a path", hc.Path)
	p.IntRange(field+".FailureThreshold", hc.FailureThreshold, 1, 10)
	p.Allows(field+".RequestIntervalSeconds", "30, or 10 (fast)").
		RefuseIf(hc.RequestIntervalSeconds != 10 && hc.RequestIntervalSeconds != 30, "%d is not allowed", hc.RequestIntervalSeconds)
}

// healthCheckKey is what a key of HealthChecks may look like: it becomes
// part of a logical name.
var healthCheckKey = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewZone would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a ZoneArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("dns", name), a.WithDefaults().validate(name))
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewCertificate would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a CertificateArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("dns", name), a.WithDefaults().validate(name))
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewRecords would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a RecordsArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("dns", name), a.WithDefaults().validate(name))
}
