package firewall

import (
	"errors"
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
	ScopeRegional   Scope = "REGIONAL"
	ScopeCloudFront Scope = "CLOUDFRONT"
)

// Scope is where a web ACL applies.
type Scope string

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
	Scope Scope
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
	// be among ManagedRuleGroups. See largeBody in rules.go for why. The
	// group's other body rules (CrossSiteScripting_BODY, GenericRFI_BODY,
	// and the SQL injection group's) still inspect an upload's first 8 KB:
	// a binary image rarely matches them, and counting them under a path
	// would let scripts and injections through it; if uploads are blocked,
	// the WAF log names the terminating rule. The rule
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
	// Not with ExistingLogGroupARN.
	LogRetentionDays int
	// ExistingLogGroupARN is a CloudWatch log group of your own that WAF
	// logs the ACL's requests to, instead of the group `<name>-logs` the
	// component otherwise creates. Default nil. Allowed: the ARN of a log
	// group whose name starts with "aws-waf-logs-" (WAF logs only to such
	// groups), in the ACL's region (us-east-1 for ScopeCloudFront), given
	// without a trailing ":*" (AWS WAF developer guide, "Sending web ACL
	// traffic logs to an Amazon CloudWatch Logs log group"). WAF adds the
	// log group resource policy that lets delivery.logs.amazonaws.com write
	// to it when whoever runs `pulumi up` may (logs:PutResourcePolicy,
	// logs:DescribeResourcePolicies). Not with LogRetentionDays or
	// ExistingKMSKeyARN, settings of the component's group. Changing it
	// updates the logging configuration in place.
	ExistingLogGroupARN pulumi.StringInput
	// ExistingKMSKeyARN is a customer-managed KMS key of your own that
	// encrypts the component's log group. Default nil: CloudWatch Logs' own
	// encryption. Allowed: the key ARN (not an alias: CloudWatch Logs
	// keeps a group's key as its key ARN) of a key in the log group's
	// region (us-east-1 for ScopeCloudFront) whose key policy lets
	// logs.<region>.amazonaws.com use it (CloudWatch Logs user guide,
	// "Encrypt log data in CloudWatch Logs using AWS KMS"): without it the
	// log group cannot be created. Changing it re-associates the key in
	// place.
	ExistingKMSKeyARN pulumi.StringInput
	// Tags are applied to every taggable child, together with a Name tag
	// (the child's logical name), which wins over a "Name" given here.
	Tags map[string]string
}

// WithDefaults returns a copy of the args with every unset field at its
// documented default. It is the only place defaults live.
func (a WebACLArgs) WithDefaults() WebACLArgs {
	if a.Scope == "" {
		a.Scope = ScopeRegional
	}
	if a.RateLimit == 0 {
		a.RateLimit = 2000
	}
	if a.ManagedRuleGroups == nil {
		a.ManagedRuleGroups = DefaultManagedRuleGroups
	}
	if a.LogRetentionDays == 0 && a.ExistingLogGroupARN == nil {
		a.LogRetentionDays = 90
	}
	return a
}

// validate reports every problem with the (defaulted) args at once. region
// is where the ACL and its logs live (us-east-1 for ScopeCloudFront), ""
// when not looked up (Validate): a log group or key of your own is then
// held against no region.
func (a WebACLArgs) validate(name, region string) error {
	p := validate.For("firewall", name)
	a.validateExisting(p, region)
	validate.OneOf(p, "Scope", a.Scope, ScopeRegional, ScopeCloudFront)
	p.IntRange("RateLimit", a.RateLimit, minRateLimit, maxRateLimit)
	known := p.Allows("ManagedRuleGroups", strings.Join(validate.Keys(knownManagedRuleGroups), ", "))
	once := p.Allows("ManagedRuleGroups", "each group once")
	seen := map[string]bool{}
	for _, group := range a.ManagedRuleGroups {
		switch {
		case !knownManagedRuleGroups[group]:
			known.Refuse("%q is not a known AWS managed rule group", group)
		case seen[group]:
			once.Refuse("%q is listed twice", group)
		}
		seen[group] = true
	}
	a.validateLargeBodyPaths(p)
	p.Allows("AssociatedResourceARNs", fmt.Sprintf("none with Scope %s: set the distribution's web ACL instead", ScopeCloudFront)).
		RefuseIf(a.Scope == ScopeCloudFront && len(a.AssociatedResourceARNs) > 0, "%s are regional resources and cannot use a %s web ACL",
			strings.Join(validate.Keys(a.AssociatedResourceARNs), ", "), ScopeCloudFront)
	resources := p.Allows("AssociatedResourceARNs", "non-blank keys, each with the ARN of the resource to protect")
	for _, key := range validate.Keys(a.AssociatedResourceARNs) {
		resources.RefuseIf(strings.TrimSpace(key) == "", "key %q is blank", key)
		if a.AssociatedResourceARNs[key] == nil {
			resources.RefuseAt("AssociatedResourceARNs["+key+"]", "is required")
		}
	}
	if a.ExistingLogGroupARN == nil {
		p.LogRetention("LogRetentionDays", a.LogRetentionDays)
	}
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// validateExisting checks the log group and key of your own and refuses
// the settings that would configure the component's log group.
func (a WebACLArgs) validateExisting(p *validate.Problems, region string) {
	p.ARN("ExistingLogGroupARN", a.ExistingLogGroupARN, validate.LogGroup, region)
	star := p.Allows("ExistingLogGroupARN", `the log group's ARN without ":*", as WAF takes it`)
	prefix := p.Allows("ExistingLogGroupARN", fmt.Sprintf("a group whose name starts with %q, the only groups WAF logs to", logGroupPrefix))
	if arn, known := validate.Known(a.ExistingLogGroupARN); known && strings.Contains(arn, ":log-group:") {
		group := arn[strings.Index(arn, ":log-group:")+len(":log-group:"):]
		switch {
		case strings.HasSuffix(group, ":*"):
			star.Refuse("%q ends with \":*\"", arn)
		case !strings.HasPrefix(group, logGroupPrefix):
			prefix.Refuse("%q names the log group %q", arn, group)
		}
	}
	own := a.ExistingLogGroupARN != nil
	p.Conflict("ExistingLogGroupARN", "LogRetentionDays", own && a.LogRetentionDays != 0, "how long logs stay is the retention of your log group")
	p.Conflict("ExistingLogGroupARN", "ExistingKMSKeyARN", own && a.ExistingKMSKeyARN != nil, "the key would encrypt the log group the component creates, and with a log group of your own it creates none")
	p.KeyARN("ExistingKMSKeyARN", a.ExistingKMSKeyARN, region)
}

// region is where the ACL's children go, as far as it is known without a
// lookup: us-east-1 for a CLOUDFRONT ACL, "" for a REGIONAL one.
func (a WebACLArgs) region() string {
	if a.Scope == ScopeCloudFront {
		return cloudFrontRegion
	}
	return ""
}

// needsRegion reports whether validation holds a regional ACL's log group
// or key, known at program time, against the region it deploys to.
func (a WebACLArgs) needsRegion() bool {
	_, group := validate.Known(a.ExistingLogGroupARN)
	_, key := validate.Known(a.ExistingKMSKeyARN)
	return a.region() == "" && (group || key)
}

// maxSearchString is the longest string a byte match statement searches
// for: "The maximum length of the value is 50 bytes" (pulumi-aws v6
// wafv2.WebAclRuleStatementByteMatchStatement, searchString).
const maxSearchString = 50

// validateLargeBodyPaths checks the prefixes the large-body rule exempts.
// A prefix with an empty, "." or ".." segment could never match: the rule
// compares it with the path after NORMALIZE_PATH, which removes them.
func (a WebACLArgs) validateLargeBodyPaths(p *validate.Problems) {
	p.Allows("LargeBodyPaths", fmt.Sprintf("only with %s among ManagedRuleGroups: its SizeRestrictions_BODY rule is what they relax", commonRuleSet)).
		RefuseIf(len(a.LargeBodyPaths) > 0 && !slices.Contains(a.ManagedRuleGroups, commonRuleSet), "needs %s among ManagedRuleGroups", commonRuleSet)
	shape := p.Allows("LargeBodyPaths", `paths starting with "/", without spaces, query or fragment, such as "/uploads/"`)
	length := p.Allows("LargeBodyPaths", fmt.Sprintf("at most %d bytes each (WAF byte match search string)", maxSearchString))
	normal := p.Allows("LargeBodyPaths", `normalized paths, without empty, "." or ".." segments, which WAF's path normalization removes before matching`)
	once := p.Allows("LargeBodyPaths", "each prefix once")
	seen := map[string]bool{}
	for i, path := range a.LargeBodyPaths {
		field := fmt.Sprintf("LargeBodyPaths[%d]", i)
		switch {
		case !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \t\r\n?#"):
			shape.RefuseAt(field, "%q is not a URI path prefix", path)
		case len(path) > maxSearchString:
			length.RefuseAt(field, "%q is %d bytes long", path, len(path))
		case strings.Contains(path, "//") || strings.Contains(path+"/", "/./") || strings.Contains(path+"/", "/../"):
			normal.RefuseAt(field, "%q has an empty, \".\" or \"..\" segment", path)
		case seen[path]:
			once.RefuseAt(field, "%q is listed twice", path)
		}
		seen[path] = true
	}
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewWebACL would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a WebACLArgs) Validate(name string) error {
	a = a.WithDefaults()
	return errors.Join(validate.ComponentName("firewall", name), a.validate(name, a.region()))
}
