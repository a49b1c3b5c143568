package dns

import (
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

// withDefaults returns a copy of a in canonical form, with defaults.
func (a ZoneArgs) withDefaults() ZoneArgs {
	a.Domain = strings.TrimSuffix(a.Domain, ".")
	if a.QueryLogRetentionDays == 0 {
		a.QueryLogRetentionDays = DefaultQueryLogRetentionDays
	}
	return a
}

// validate reports every problem with a at once.
func (a ZoneArgs) validate() error {
	p := validate.For("dns zone")
	p.DomainName("Domain", a.Domain)
	p.LogRetention("QueryLogRetentionDays", a.QueryLogRetentionDays)
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// CertificateArgs configures a Certificate.
type CertificateArgs struct {
	// ZoneID is the hosted zone the validation records go in. Required.
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

// withDefaults returns a copy of a in canonical form.
func (a CertificateArgs) withDefaults() CertificateArgs {
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

// validate reports every problem with a (after withDefaults) at once.
func (a CertificateArgs) validate() error {
	p := validate.For("dns certificate")
	if a.ZoneID == nil {
		p.Addf("ZoneID", "is required")
	}
	// Every name must be valid and distinct, and so must the logical names
	// of their validation records, which only a wildcard and its base name
	// share (ACM gives "example.com" and "*.example.com" the same record).
	listed := map[string]bool{}
	baseOf := map[string]string{} // validation key -> the base name it stands for
	for i, n := range a.names() {
		field := "Domain"
		if i > 0 {
			field = fmt.Sprintf("AlternativeNames[%d]", i-1)
		}
		certificateName(p, field, n)
		if listed[n] {
			p.Addf(field, "%q is listed twice; allowed: each name once", n)
			continue
		}
		listed[n] = true
		key, base := validationKey(n), strings.TrimPrefix(n, "*.")
		if other, taken := baseOf[key]; taken && other != base {
			p.Addf(field, "%q and %q would share the validation record name %q; allowed: names that differ in more than dots and dashes", other, base, key)
		}
		baseOf[key] = base
	}
	if len(a.names()) > maxCertificateNames {
		p.Addf("AlternativeNames", "%d names in all; allowed: at most %d including Domain", len(a.names()), maxCertificateNames)
	}
	if a.Region != "" && !region.MatchString(a.Region) {
		p.Addf("Region", "%q is not an AWS region; allowed: \"\" (the stack's region) or a region name such as \"us-east-1\"", a.Region)
	}
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
	if !validate.IsDomainName(strings.TrimPrefix(v, "*.")) {
		p.Addf(field, "%q is not a certificate name; allowed: a domain name such as \"example.com\", or a wildcard such as \"*.example.com\"", v)
	}
}

// RecordsArgs configures Records. Records have no tags: Route 53 cannot tag
// individual records.
type RecordsArgs struct {
	// ZoneID is the hosted zone the records go in. Required.
	ZoneID pulumi.StringInput
	// Domain is the zone's domain, below which every record's Name is a
	// label ("example.com"). Required. A trailing dot is dropped.
	Domain string
	// Records are the records to create. At least one.
	Records []Record
}

// Record is one DNS record below RecordsArgs.Domain. Its identity is its
// Name and Type: changing Values to Alias (an Elastic IP to a load
// balancer) updates the same record in place.
type Record struct {
	// Name is the label below Domain: "" for the apex, "www", "assets",
	// "api.eu". Default "" (the apex).
	Name string
	// Type is "A", "AAAA" or "CNAME". Default "A". A CNAME cannot be at
	// the apex, share its name with another record, or be an alias.
	Type string
	// Values are the record's values (an Elastic IP, a host name), served
	// with a TTL of 300 seconds. Exactly one of Values and Alias is set.
	Values pulumi.StringArrayInput
	// Alias points the record at a load balancer or CloudFront distribution.
	// Exactly one of Values and Alias is set.
	Alias *Alias
}

// Alias is the target of an alias record: what Route 53 resolves the name
// to, at no charge and without a TTL of its own.
type Alias struct {
	// DNSName is the target's DNS name (a load balancer's DNSName). Required.
	DNSName pulumi.StringInput
	// ZoneID is the target's own hosted zone ID (a load balancer's ZoneId,
	// CloudFront's HostedZoneId). Required.
	ZoneID pulumi.StringInput
	// EvaluateTargetHealth lets Route 53 answer only while the target is
	// healthy. Default false.
	EvaluateTargetHealth bool
}

// defaultRecordType is the Type of a Record that sets none.
const defaultRecordType = "A"

// withDefaults returns a copy of a in canonical form, with every record's
// Type defaulted (the caller's slice is left alone).
func (a RecordsArgs) withDefaults() RecordsArgs {
	a.Domain = strings.TrimSuffix(a.Domain, ".")
	records := make([]Record, len(a.Records))
	for i, r := range a.Records {
		if r.Type == "" {
			r.Type = defaultRecordType
		}
		records[i] = r
	}
	a.Records = records
	return a
}

// validate reports every problem with a (after withDefaults) at once.
func (a RecordsArgs) validate() error {
	p := validate.For("dns records")
	if a.ZoneID == nil {
		p.Addf("ZoneID", "is required")
	}
	p.DomainName("Domain", a.Domain)
	if len(a.Records) == 0 {
		p.Addf("Records", "is empty; allowed: at least one record")
	}
	firstOf := map[string]int{} // Name+" "+Type -> index of the first record defining it
	cnames := map[string]bool{} // names holding a CNAME
	others := map[string]bool{} // names holding any other type
	for i, r := range a.Records {
		field := fmt.Sprintf("Records[%d]", i)
		if r.Name != "" && !validate.IsDomainName(r.Name+"."+a.Domain) {
			p.Addf(field+".Name", "%q is not a label; allowed: \"\" (the apex) or lower-case labels of letters, digits and hyphens separated by dots, such as \"www\"", r.Name)
		}
		p.OneOf(field+".Type", r.Type, "A", "AAAA", "CNAME")
		switch {
		case r.Values == nil && r.Alias == nil:
			p.Addf(field, "sets neither Values nor Alias; allowed: exactly one of them")
		case r.Values != nil && r.Alias != nil:
			p.Addf(field, "sets both Values and Alias; allowed: exactly one of them")
		case r.Alias != nil && (r.Alias.DNSName == nil || r.Alias.ZoneID == nil):
			p.Addf(field+".Alias", "needs both DNSName and ZoneID")
		}
		if r.Type == "CNAME" && r.Name == "" {
			p.Addf(field+".Type", "\"CNAME\" is not allowed at the apex; allowed: \"A\" or \"AAAA\" (an alias, for a load balancer or CloudFront)")
		}
		if r.Type == "CNAME" && r.Alias != nil {
			p.Addf(field+".Type", "\"CNAME\" cannot be an alias; allowed: \"A\" or \"AAAA\" for an alias")
		}
		key := r.Name + " " + r.Type
		if first, dup := firstOf[key]; dup {
			p.Addf(field, "%s record %q is already defined by Records[%d]; allowed: one record per name and type", r.Type, r.Name, first)
		} else {
			firstOf[key] = i
		}
		if r.Type == "CNAME" {
			cnames[r.Name] = true
		} else {
			others[r.Name] = true
		}
	}
	for _, name := range validate.Keys(cnames) {
		if others[name] {
			p.Addf("Records", "name %q has a CNAME and other records; allowed: a CNAME alone at its name", name)
		}
	}
	return p.Err()
}

// Validate applies the defaults and reports every problem with the args, as
// NewZone would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a ZoneArgs) Validate() error { return a.withDefaults().validate() }

// Validate applies the defaults and reports every problem with the args, as
// NewCertificate would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a CertificateArgs) Validate() error { return a.withDefaults().validate() }

// Validate applies the defaults and reports every problem with the args, as
// NewRecords would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a RecordsArgs) Validate() error { return a.withDefaults().validate() }
