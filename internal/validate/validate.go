// Package validate collects input problems so that a component or a stage
// reports every bad field at once, before it registers a single resource.
// Each message names the field (or config key), the value it got and what is
// allowed, so a user can fix a typo without reading AWS error codes.
package validate

import (
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Problems accumulates validation errors for one component or stage and,
// when Describe runs the validation, the rules its checks apply (Rule).
type Problems struct {
	scope string
	errs  []error
	// sink receives the rules applied, when the problems are those of a
	// validation Describe runs; nil otherwise.
	sink *sink
}

// Problem is one thing wrong with one field: `database "orders":
// InstanceClass: "t3.micro" is not a valid instance class; allowed:
// db.<family>.<size>, for example "db.t3.micro"`. Problems.Err joins
// them; errors.As finds each.
type Problem struct {
	// Scope is the component instance (`database "orders"`, see Scope) or
	// what else the field belongs to ("config").
	Scope string
	// Field is the Args field (or config key) the problem is with, with
	// its path below the Args ("Failover.Provider", "Records[1].Name").
	Field string
	// Message says what is wrong, with the value, and what is allowed
	// (after "allowed: ").
	Message string
	// allowed is the phrase of the rule that refused the value, when a
	// Check reported the problem.
	allowed string
}

func (p *Problem) Error() string { return p.Scope + ": " + p.Field + ": " + p.Message }

// Allowed is what is allowed instead: the phrase of the rule that refused
// the value (see Rule), or, for a problem reported by Addf, the text after
// the message's last "allowed: "; "" when it says none.
func (p *Problem) Allowed() string {
	if p.allowed != "" {
		return p.allowed
	}
	if i := strings.LastIndex(p.Message, "allowed: "); i >= 0 {
		return p.Message[i+len("allowed: "):]
	}
	return ""
}

// Scope names one instance of a kind of component in messages, so that a
// stack with several says which one is wrong: Scope("database", "orders")
// is `database "orders"`.
func Scope(kind, name string) string { return fmt.Sprintf("%s %q", kind, name) }

// For starts collecting the problems of the component of kind (its
// package: "database") called name; every message starts with
// Scope(kind, name).
func For(kind, name string) *Problems {
	s := sinkOf(name)
	if s != nil {
		s.validates(kind)
	}
	return &Problems{scope: Scope(kind, name), sink: s}
}

// In starts collecting problems of something that is not a component,
// such as a stack's config ("config"); scope starts every message.
func In(scope string) *Problems {
	return &Problems{scope: scope}
}

// Addf records a problem with field that no rule describes. A check of an
// Args field uses Allows (or a helper below) instead, so that what it
// allows is in the component reference as well as in the message.
func (p *Problems) Addf(field, format string, args ...interface{}) {
	p.errs = append(p.errs, &Problem{Scope: p.scope, Field: field, Message: fmt.Sprintf(format, args...)})
}

// Within records the problems of the validation of something field holds
// (a worker function's args): check validates it as the component called
// name (the caller's name for it, such as its child's). Each Problem's
// field goes below field ("Worker.TimeoutSeconds"), anything else is
// recorded as a problem of field itself. The rule of field is what that
// component's args allow: their own rules are on its reference page.
func (p *Problems) Within(field, name string, check func(name string) error) {
	var nested *sink
	if p.sink != nil {
		nested = &sink{}
		sinks.Store(name, nested)
	}
	err := check(name)
	if nested != nil {
		sinks.Delete(name)
		if kind := nested.kindOf(); kind != "" {
			p.Allows(field, fmt.Sprintf("what the %s component's args allow", kind))
		}
	}
	if err == nil {
		return
	}
	errs := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs = joined.Unwrap()
	}
	for _, e := range errs {
		var problem *Problem
		if errors.As(e, &problem) {
			p.errs = append(p.errs, &Problem{Scope: p.scope, Field: field + "." + problem.Field, Message: problem.Message, allowed: problem.allowed})
		} else {
			p.Addf(field, "%v", e)
		}
	}
}

// Err returns all recorded problems joined into one error, or nil when there are none.
func (p *Problems) Err() error {
	return errors.Join(p.errs...)
}

// IntRange checks min <= v <= max.
func (p *Problems) IntRange(field string, v, min, max int) {
	p.Allows(field, fmt.Sprintf("%d to %d", min, max)).RefuseIf(v < min || v > max, "%d is out of range", v)
}

// OneOf checks that v is one of allowed: the values of a setting with a
// fixed set of them, a string type of its own (database.Engine,
// cdn.PriceClass) whose constants are the allowed values.
func OneOf[T ~string](p *Problems, field string, v T, allowed ...T) {
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	p.Allows(field, strings.Join(names, ", ")).RefuseIf(!slices.Contains(allowed, v), "%q is not supported", v)
}

// NotEmpty checks that v is set.
func (p *Problems) NotEmpty(field, v string) {
	p.Required(field, strings.TrimSpace(v) != "", "")
}

// Prefix checks that v starts with prefix (e.g. "db." for RDS classes).
func (p *Problems) Prefix(field, v, prefix, example string) {
	p.Allows(field, fmt.Sprintf("%q and more, for example %q", prefix, example)).
		RefuseIf(!strings.HasPrefix(v, prefix) || len(v) <= len(prefix), "%q must start with %q", v, prefix)
}

var instanceType = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9]+$`)

// InstanceType checks an EC2-style class name: "t3.micro"; with prefix "db."
// or "cache." it checks RDS and ElastiCache classes ("db.t3.micro").
func (p *Problems) InstanceType(field, v, prefix, example string) {
	rest := strings.TrimPrefix(v, prefix)
	p.Allows(field, fmt.Sprintf("%s<family>.<size>, for example %q", prefix, example)).
		RefuseIf(prefix != "" && !strings.HasPrefix(v, prefix) || !instanceType.MatchString(rest), "%q is not a valid instance class", v)
}

// LogRetentionDays are the retention periods CloudWatch Logs accepts.
var LogRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// LogRetention checks that days is a retention CloudWatch Logs accepts.
func (p *Problems) LogRetention(field string, days int) {
	p.Allows(field, joinInts(LogRetentionDays)).
		RefuseIf(!slices.Contains(LogRetentionDays, days), "%d days is not a CloudWatch Logs retention", days)
}

var domainLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// DomainName checks a DNS name such as "example.com" or "app.example.com".
func (p *Problems) DomainName(field, v string) {
	p.Allows(field, `lower-case labels of letters, digits and hyphens separated by dots, such as "example.com"`).
		RefuseIf(!IsDomainName(v), "%q is not a domain name", v)
}

// IsDomainName reports whether v is a fully qualified DNS name with at least two labels.
func IsDomainName(v string) bool {
	if len(v) == 0 || len(v) > 253 {
		return false
	}
	labels := strings.Split(strings.TrimSuffix(v, "."), ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if !domainLabel.MatchString(l) {
			return false
		}
	}
	return true
}

// awsRegion matches AWS region names such as "us-east-1" and "us-gov-west-1".
var awsRegion = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)

// IsRegion reports whether v looks like an AWS region name ("eu-west-1").
func IsRegion(v string) bool { return awsRegion.MatchString(v) }

// Region checks an AWS region name such as "us-west-2".
func (p *Problems) Region(field, v string) {
	p.Allows(field, `a region name such as "us-west-2"`).RefuseIf(!IsRegion(v), "%q is not an AWS region", v)
}

// Email checks a plain e-mail address ("ops@example.com").
func (p *Problems) Email(field, v string) {
	addr, err := mail.ParseAddress(v)
	at := strings.LastIndexByte(v, '@')
	p.Allows(field, `name@domain, such as "ops@example.com"`).
		RefuseIf(err != nil || addr.Address != v || at < 1 || !IsDomainName(v[at+1:]), "%q is not an e-mail address", v)
}

var s3Bucket = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
var ipLike = regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+$`)

// bucketRule is S3's naming rule for general-purpose buckets (S3 user
// guide, "General purpose bucket naming rules").
const bucketRule = `3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit, ` +
	`no dot next to a dot or hyphen, not like an IP address, not starting with "xn--" or "sthree-" nor ending with "-s3alias" or "--ol-s3"`

// BucketName checks S3's general-purpose bucket naming rules.
func (p *Problems) BucketName(field, v string) {
	p.bucketName(field, v, true)
}

// bucketName records the rule of a bucket name and checks v when known.
func (p *Problems) bucketName(field, v string, known bool) {
	c := p.Allows(field, bucketRule)
	switch {
	case !known:
	case !s3Bucket.MatchString(v):
		c.Refuse("%q breaks S3 naming rules", v)
	case strings.Contains(v, ".."), strings.Contains(v, ".-"), strings.Contains(v, "-."):
		c.Refuse("%q breaks S3 naming rules: a dot next to a dot or hyphen", v)
	case ipLike.MatchString(v):
		c.Refuse("%q breaks S3 naming rules: it looks like an IP address", v)
	case strings.HasPrefix(v, "xn--"), strings.HasPrefix(v, "sthree-"), strings.HasSuffix(v, "-s3alias"), strings.HasSuffix(v, "--ol-s3"):
		c.Refuse("%q breaks S3 naming rules: reserved prefix or suffix", v)
	}
}

// Tag limits AWS enforces on every taggable service.
const (
	maxTagKeyLength   = 128
	maxTagValueLength = 256
	reservedTagPrefix = "aws:"
)

// Tags checks tags against the limits every AWS service enforces (keys of 1
// to 128 characters, not starting with "aws:" in any case; values of at most
// 256 characters), so that a bad tag fails before anything is registered
// rather than half-way through a deployment. Keys are checked in sorted
// order, so messages come out the same on every run.
func (p *Problems) Tags(field string, tags map[string]string) {
	keys := p.tagKeys(field)
	values := p.Allows(field, fmt.Sprintf("values of at most %d characters", maxTagValueLength))
	for _, k := range Keys(tags) {
		keys(k)
		if v := tags[k]; len(v) > maxTagValueLength {
			values.Refuse("value of %q has %d characters", k, len(v))
		}
	}
}

// InputTags checks tags whose values come from other resources (a backup
// plan's selection tag) and are not known yet: their keys as Tags does, and
// that each has a value. Keys are checked in sorted order.
func (p *Problems) InputTags(field string, tags map[string]pulumi.StringInput) {
	keys := p.tagKeys(field)
	values := p.Allows(field, "a value for every key")
	for _, k := range Keys(tags) {
		keys(k)
		values.RefuseIf(tags[k] == nil, "value of %q is not set", k)
	}
}

// tagKeys records the rule of tag keys Tags describes and returns the
// check of one key.
func (p *Problems) tagKeys(field string) func(key string) {
	c := p.Allows(field, fmt.Sprintf("keys of 1 to %d characters, not starting with %q in any case", maxTagKeyLength, reservedTagPrefix))
	return func(k string) {
		switch {
		case k == "" || len(k) > maxTagKeyLength:
			c.Refuse("key %q has %d characters", k, len(k))
		case strings.HasPrefix(strings.ToLower(k), reservedTagPrefix):
			c.Refuse("key %q uses the reserved prefix %q", k, reservedTagPrefix)
		}
	}
}

// MaxComponentNameLength keeps every AWS name derived from a component's
// name within limits: Pulumi appends a random suffix of 8 characters to
// auto-named resources, and load balancer and target group names take at
// most 32.
const MaxComponentNameLength = 24

var componentName = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// ComponentName checks the name a component is created with, which prefixes
// the names of its children in AWS (load balancers, buckets, roles, log
// groups): lower-case letters, digits and single hyphens, starting with a
// letter, at most MaxComponentNameLength characters. A bad name fails here
// instead of half-way through a deployment. kind is the component's
// package, as in For.
func ComponentName(kind, name string) error {
	p := For(kind, name)
	p.Allows("name", fmt.Sprintf("up to %d lower-case letters, digits and single hyphens, starting with a letter", MaxComponentNameLength)).
		RefuseIf(len(name) > MaxComponentNameLength || !componentName.MatchString(name), "%q cannot prefix AWS resource names", name)
	return p.Err()
}

// Keys returns the keys of a map sorted, for messages that list what is allowed.
func Keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ", ")
}
