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
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Problems accumulates validation errors for one component or stage.
type Problems struct {
	scope string
	errs  []error
}

// Problem is one thing wrong with one field: `database "orders":
// InstanceClass: "t3.micro" must start with "db." (for example
// "db.t3.micro")`. Problems.Err joins them; errors.As finds each.
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
}

func (p *Problem) Error() string { return p.Scope + ": " + p.Field + ": " + p.Message }

// Allowed is what the message says is allowed: the text after its last
// "allowed: ", or "" when it says none.
func (p *Problem) Allowed() string {
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
	return &Problems{scope: Scope(kind, name)}
}

// In starts collecting problems of something that is not a component,
// such as a stack's config ("config"); scope starts every message.
func In(scope string) *Problems {
	return &Problems{scope: scope}
}

// Addf records a problem with field.
func (p *Problems) Addf(field, format string, args ...interface{}) {
	p.errs = append(p.errs, &Problem{Scope: p.scope, Field: field, Message: fmt.Sprintf(format, args...)})
}

// Within records the problems of err, the validation of something field
// holds (a worker function's args), as problems of field: each Problem's
// field goes below field ("Worker.TimeoutSeconds"), anything else is
// recorded as a problem of field itself.
func (p *Problems) Within(field string, err error) {
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
			p.Addf(field+"."+problem.Field, "%s", problem.Message)
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
	if v < min || v > max {
		p.Addf(field, "%d is out of range; allowed: %d to %d", v, min, max)
	}
}

// OneOf checks that v is one of allowed: the values of a setting with a
// fixed set of them, a string type of its own (database.Engine,
// cdn.PriceClass) whose constants are the allowed values.
func OneOf[T ~string](p *Problems, field string, v T, allowed ...T) {
	names := make([]string, len(allowed))
	for i, a := range allowed {
		if v == a {
			return
		}
		names[i] = string(a)
	}
	p.Addf(field, "%q is not supported; allowed: %s", v, strings.Join(names, ", "))
}

// NotEmpty checks that v is set.
func (p *Problems) NotEmpty(field, v string) {
	if strings.TrimSpace(v) == "" {
		p.Addf(field, "is required")
	}
}

// Prefix checks that v starts with prefix (e.g. "db." for RDS classes).
func (p *Problems) Prefix(field, v, prefix, example string) {
	if !strings.HasPrefix(v, prefix) || len(v) <= len(prefix) {
		p.Addf(field, "%q must start with %q (for example %q)", v, prefix, example)
	}
}

var instanceType = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9]+$`)

// InstanceType checks an EC2-style class name: "t3.micro"; with prefix "db."
// or "cache." it checks RDS and ElastiCache classes ("db.t3.micro").
func (p *Problems) InstanceType(field, v, prefix, example string) {
	rest := strings.TrimPrefix(v, prefix)
	if prefix != "" && !strings.HasPrefix(v, prefix) || !instanceType.MatchString(rest) {
		p.Addf(field, "%q is not a valid instance class; allowed: %s<family>.<size>, for example %q", v, prefix, example)
	}
}

// LogRetentionDays are the retention periods CloudWatch Logs accepts.
var LogRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// LogRetention checks that days is a retention CloudWatch Logs accepts.
func (p *Problems) LogRetention(field string, days int) {
	for _, d := range LogRetentionDays {
		if d == days {
			return
		}
	}
	p.Addf(field, "%d days is not a CloudWatch Logs retention; allowed: %s", days, joinInts(LogRetentionDays))
}

var domainLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// DomainName checks a DNS name such as "example.com" or "app.example.com".
func (p *Problems) DomainName(field, v string) {
	if !IsDomainName(v) {
		p.Addf(field, "%q is not a domain name; allowed: lower-case labels of letters, digits and hyphens separated by dots, such as \"example.com\"", v)
	}
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
	if !IsRegion(v) {
		p.Addf(field, "%q is not an AWS region; allowed: a region name such as \"us-west-2\"", v)
	}
}

// Email checks a plain e-mail address ("ops@example.com").
func (p *Problems) Email(field, v string) {
	addr, err := mail.ParseAddress(v)
	at := strings.LastIndexByte(v, '@')
	if err != nil || addr.Address != v || at < 1 || !IsDomainName(v[at+1:]) {
		p.Addf(field, "%q is not an e-mail address; allowed: name@domain, such as \"ops@example.com\"", v)
	}
}

var s3Bucket = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
var ipLike = regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+$`)

// BucketName checks S3's general-purpose bucket naming rules.
func (p *Problems) BucketName(field, v string) {
	switch {
	case !s3Bucket.MatchString(v):
		p.Addf(field, "%q breaks S3 naming rules; allowed: 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit", v)
	case strings.Contains(v, ".."), strings.Contains(v, ".-"), strings.Contains(v, "-."):
		p.Addf(field, "%q breaks S3 naming rules: no adjacent dots and no dot next to a hyphen", v)
	case ipLike.MatchString(v):
		p.Addf(field, "%q breaks S3 naming rules: a bucket name must not look like an IP address", v)
	case strings.HasPrefix(v, "xn--"), strings.HasPrefix(v, "sthree-"), strings.HasSuffix(v, "-s3alias"), strings.HasSuffix(v, "--ol-s3"):
		p.Addf(field, "%q breaks S3 naming rules: reserved prefix or suffix", v)
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
	for _, k := range Keys(tags) {
		p.tagKey(field, k)
		if v := tags[k]; len(v) > maxTagValueLength {
			p.Addf(field, "value of %q has %d characters; allowed: at most %d", k, len(v), maxTagValueLength)
		}
	}
}

// InputTags checks tags whose values come from other resources (a backup
// plan's selection tag) and are not known yet: their keys as Tags does, and
// that each has a value. Keys are checked in sorted order.
func (p *Problems) InputTags(field string, tags map[string]pulumi.StringInput) {
	for _, k := range Keys(tags) {
		p.tagKey(field, k)
		if tags[k] == nil {
			p.Addf(field, "value of %q is not set", k)
		}
	}
}

// tagKey checks one tag key against the limits Tags describes.
func (p *Problems) tagKey(field, k string) {
	switch {
	case k == "" || len(k) > maxTagKeyLength:
		p.Addf(field, "key %q has %d characters; allowed: 1 to %d", k, len(k), maxTagKeyLength)
	case strings.HasPrefix(strings.ToLower(k), reservedTagPrefix):
		p.Addf(field, "key %q uses the reserved prefix %q; allowed: any other key", k, reservedTagPrefix)
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
	if len(name) > MaxComponentNameLength || !componentName.MatchString(name) {
		p.Addf("name", "%q cannot prefix AWS resource names; allowed: up to %d lower-case letters, digits and single hyphens, starting with a letter",
			name, MaxComponentNameLength)
	}
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
