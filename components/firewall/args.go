package firewall

import (
	"fmt"
	"slices"
	"strings"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Scopes a web ACL can have. A REGIONAL ACL protects load balancers (and API
// Gateway, AppSync, Cognito) in the stack's region; a CLOUDFRONT ACL protects
// distributions and must live in us-east-1.
const (
	ScopeRegional   = "REGIONAL"
	ScopeCloudFront = "CLOUDFRONT"
)

// Rate limit bounds WAF accepts for a rate-based rule, in requests per
// five-minute window from one IP address.
const (
	minRateLimit = 10
	maxRateLimit = 2_000_000_000
)

// DefaultManagedRuleGroups are the AWS managed rule groups a web ACL gets when
// WebACLArgs.ManagedRuleGroups is nil: the OWASP-style core rules, known bad
// inputs (Log4j, Java deserialisation...), SQL injection and Amazon's list of
// IP addresses with a bad reputation. Together they use 1,125 of the 1,500
// capacity units a web ACL includes in its base price.
var DefaultManagedRuleGroups = []string{
	commonRuleSet,
	"AWSManagedRulesKnownBadInputsRuleSet",
	"AWSManagedRulesSQLiRuleSet",
	"AWSManagedRulesAmazonIpReputationList",
}

// commonRuleSet is the core rule set (CRS): OWASP-style protections, and the
// SizeRestrictions_BODY rule that LargeBodyPaths relaxes.
const commonRuleSet = "AWSManagedRulesCommonRuleSet"

// knownManagedRuleGroups are the AWS managed rule groups (vendor "AWS") a web
// ACL can reference by name alone, without a group-specific configuration.
var knownManagedRuleGroups = map[string]bool{
	"AWSManagedRulesCommonRuleSet":          true, // OWASP Top 10 style core protections
	"AWSManagedRulesKnownBadInputsRuleSet":  true, // request patterns known to exploit vulnerabilities
	"AWSManagedRulesSQLiRuleSet":            true, // SQL injection
	"AWSManagedRulesAmazonIpReputationList": true, // IPs Amazon threat intelligence flags as malicious
	"AWSManagedRulesAnonymousIpList":        true, // VPNs, proxies, Tor and hosting providers
	"AWSManagedRulesAdminProtectionRuleSet": true, // external access to admin pages
	"AWSManagedRulesLinuxRuleSet":           true, // Linux-specific local file inclusion
	"AWSManagedRulesUnixRuleSet":            true, // POSIX command injection
	"AWSManagedRulesWindowsRuleSet":         true, // Windows and PowerShell command injection
	"AWSManagedRulesPHPRuleSet":             true, // PHP-specific exploits
	"AWSManagedRulesWordPressRuleSet":       true, // WordPress-specific exploits
	// Bot Control is billed per request on top of WAF's own price (a
	// subscription plus a fee per million requests): add it deliberately.
	"AWSManagedRulesBotControlRuleSet": true,
}

// WebACLArgs configure a WebACL. The zero value is a REGIONAL web ACL with the
// default managed rule groups, a 2,000-request rate limit and 90 days of logs.
type WebACLArgs struct {
	// Scope is where the ACL applies: ScopeRegional (default) for load
	// balancers, ScopeCloudFront for distributions. A CLOUDFRONT ACL must be
	// created in us-east-1: when the provider the component would use points
	// elsewhere, the component creates its own us-east-1 provider,
	// `<name>-us-east-1`, with that provider's other settings (credentials,
	// assumed role, default tags...: see internal/awsprovider).
	Scope string
	// RateLimit is how many requests one IP address may send in five minutes
	// before WAF blocks it. Default 2000; allowed 10 to 2,000,000,000.
	RateLimit int
	// ManagedRuleGroups are AWS managed rule groups, evaluated in this order
	// before the rate limit. Default DefaultManagedRuleGroups (nil means
	// default; an empty, non-nil slice means rate limiting only). Each must be
	// a known AWS group and appear once.
	ManagedRuleGroups []string
	// LargeBodyPaths are URI path prefixes ("/uploads/") whose requests may
	// carry bodies larger than 8 KB, such as image uploads. Default none: the
	// core rule set's SizeRestrictions_BODY rule blocks every body over 8 KB,
	// as AWS ships it. With prefixes, that rule only counts (and labels) and
	// a rule of the ACL's own, "large-body", blocks the labelled requests
	// whose path does not start with one of them. Each must start with "/",
	// be at most 50 bytes and appear once; AWSManagedRulesCommonRuleSet must
	// be among ManagedRuleGroups. See largeBody in rules.go for why. The rule
	// costs 1 capacity unit for its label match plus 22 per prefix (a
	// starts-with string match, 2, and two text transformations, 10 each:
	// AWS WAF developer guide, "String match rule statement").
	LargeBodyPaths []string
	// AssociatedResourceARNs attach the ACL to regional resources (load
	// balancers), keyed by a stable role that names the association
	// `<name>-<key>`, e.g. {"web": alb.ARN}. REGIONAL scope only: a CloudFront
	// distribution attaches itself through its own web ACL setting.
	AssociatedResourceARNs map[string]pulumi.StringInput
	// LogRetentionDays is how long the CloudWatch log group keeps WAF's
	// request logs. Default 90; must be a retention CloudWatch Logs accepts.
	LogRetentionDays int
	// Tags are applied to every taggable child, together with a Name tag
	// (the child's logical name), which wins over a "Name" given here.
	Tags map[string]string
}

// withDefaults returns a copy of the args with every unset field at its
// documented default. It is the only place defaults live.
func (a WebACLArgs) withDefaults() WebACLArgs {
	if a.Scope == "" {
		a.Scope = ScopeRegional
	}
	if a.RateLimit == 0 {
		a.RateLimit = 2000
	}
	if a.ManagedRuleGroups == nil {
		a.ManagedRuleGroups = DefaultManagedRuleGroups
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = 90
	}
	return a
}

// validate reports every problem with the (defaulted) args at once.
func (a WebACLArgs) validate() error {
	p := validate.For("firewall")
	p.OneOf("Scope", a.Scope, ScopeRegional, ScopeCloudFront)
	p.IntRange("RateLimit", a.RateLimit, minRateLimit, maxRateLimit)
	seen := map[string]bool{}
	for _, group := range a.ManagedRuleGroups {
		switch {
		case !knownManagedRuleGroups[group]:
			p.Addf("ManagedRuleGroups", "%q is not a known AWS managed rule group; allowed: %s",
				group, strings.Join(validate.Keys(knownManagedRuleGroups), ", "))
		case seen[group]:
			p.Addf("ManagedRuleGroups", "%q is listed twice; each group may appear once", group)
		}
		seen[group] = true
	}
	a.validateLargeBodyPaths(p)
	if a.Scope == ScopeCloudFront && len(a.AssociatedResourceARNs) > 0 {
		p.Addf("AssociatedResourceARNs", "%s are regional resources and cannot use a %s web ACL; set the distribution's web ACL instead",
			strings.Join(validate.Keys(a.AssociatedResourceARNs), ", "), ScopeCloudFront)
	}
	for key, arn := range a.AssociatedResourceARNs {
		p.NotEmpty("AssociatedResourceARNs key", key)
		if arn == nil {
			p.Addf("AssociatedResourceARNs["+key+"]", "is required: the ARN of the resource to protect")
		}
	}
	p.LogRetention("LogRetentionDays", a.LogRetentionDays)
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// maxSearchString is the longest string a byte match statement searches
// for: "The maximum length of the value is 50 bytes" (pulumi-aws v6
// wafv2.WebAclRuleStatementByteMatchStatement, searchString).
const maxSearchString = 50

// validateLargeBodyPaths checks the prefixes the large-body rule exempts.
// A prefix with an empty, "." or ".." segment could never match: the rule
// compares it with the path after NORMALIZE_PATH, which removes them.
func (a WebACLArgs) validateLargeBodyPaths(p *validate.Problems) {
	if len(a.LargeBodyPaths) > 0 && !slices.Contains(a.ManagedRuleGroups, commonRuleSet) {
		p.Addf("LargeBodyPaths", "needs %s among ManagedRuleGroups: its SizeRestrictions_BODY rule is what they relax", commonRuleSet)
	}
	seen := map[string]bool{}
	for i, path := range a.LargeBodyPaths {
		field := fmt.Sprintf("LargeBodyPaths[%d]", i)
		switch {
		case !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \t\r\n?#"):
			p.Addf(field, "%q is not a URI path prefix; allowed: a path starting with \"/\", without spaces, query or fragment, such as \"/uploads/\"", path)
		case len(path) > maxSearchString:
			p.Addf(field, "%q is %d bytes long; allowed: at most %d (WAF byte match search string)", path, len(path), maxSearchString)
		case strings.Contains(path, "//") || strings.Contains(path+"/", "/./") || strings.Contains(path+"/", "/../"):
			p.Addf(field, "%q has an empty, \".\" or \"..\" segment, which WAF's path normalization removes before matching; allowed: a normalized path such as \"/uploads/\"", path)
		case seen[path]:
			p.Addf(field, "%q is listed twice; allowed: each prefix once", path)
		}
		seen[path] = true
	}
}

// Validate applies the defaults and reports every problem with the args, as
// NewWebACL would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a WebACLArgs) Validate() error { return a.withDefaults().validate() }
