package validate

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// This file checks the identifiers of AWS resources a user already has and
// gives a component instead of letting it create one (ExistingSecurityGroupID,
// ExistingKMSKeyARN, ...). Such a field is a pulumi.StringInput, as the
// resource may come from the user's own stack, so its value is known at
// program time only when it is a plain pulumi.String: only then is it
// checked (an output is AWS's to judge at `pulumi up`).

// Known returns the value of v when it is known at program time (a
// pulumi.String or pulumi.ID, not an output) and whether it is.
func Known(v pulumi.StringInput) (string, bool) {
	switch s := v.(type) {
	case pulumi.String:
		return string(s), true
	case pulumi.ID:
		return string(s), true
	}
	return "", false
}

// Given reports whether an optional input was set at all.
func Given(v pulumi.StringInput) bool { return v != nil }

// Conflict checks two fields that exclude each other: an existing resource
// (existing, "ExistingSecurityGroupID") and a setting that would create or
// configure the same thing (other, "AllowedSecurityGroups"), reported when
// both are set. why says why they cannot go together. Each field records
// the rule "not with" the other.
//
//	webtier "web": ExistingSecurityGroupID and AllowedSecurityGroups: a security group of your own is yours to open; allowed: one of them
func (p *Problems) Conflict(existing, other string, both bool, why string) {
	p.Allows(existing, "not with "+other)
	p.Allows(other, "not with "+existing)
	p.Allows(existing+" and "+other, "one of them").RefuseIf(both, "%s", why)
}

// ec2ID matches the ID of an EC2 resource of kind prefix: the prefix, a
// hyphen and 8 (older resources) or 17 lower-case hex digits (Amazon EC2
// API reference: resource IDs; "sg-", "subnet-", "vpc-", "ami-", ...).
func ec2ID(prefix string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(prefix) + `-([0-9a-f]{8}|[0-9a-f]{17})$`)
}

var (
	securityGroupID = ec2ID("sg")
	subnetID        = ec2ID("subnet")
	vpcID           = ec2ID("vpc")
)

// SecurityGroupID checks a known security group ID: "sg-" and 8 or 17
// hex digits.
func (p *Problems) SecurityGroupID(field string, v pulumi.StringInput) {
	p.resourceID(field, v, securityGroup)
}

// SubnetID checks a known subnet ID: "subnet-" and 8 or 17 hex digits.
func (p *Problems) SubnetID(field string, v pulumi.StringInput) {
	p.resourceID(field, v, subnet)
}

// VpcID checks a known VPC ID: "vpc-" and 8 or 17 hex digits.
func (p *Problems) VpcID(field string, v pulumi.StringInput) {
	p.resourceID(field, v, vpc)
}

// SubnetIDs checks each known subnet ID of a list given as a
// pulumi.StringArray (elements that are outputs are skipped, as is a list
// that is an output).
func (p *Problems) SubnetIDs(field string, v pulumi.StringArrayInput) {
	p.resourceIDs(field, v, subnet)
}

// SecurityGroupIDs checks each known security group ID of a list given as
// a pulumi.StringArray, as SubnetIDs checks subnets.
func (p *Problems) SecurityGroupIDs(field string, v pulumi.StringArrayInput) {
	p.resourceIDs(field, v, securityGroup)
}

// SecurityGroupIDMap checks each known security group ID of a map keyed by
// role (AllowedSecurityGroups), reporting one by its key.
func (p *Problems) SecurityGroupIDMap(field string, m map[string]pulumi.StringInput) {
	c := p.Allows(field, securityGroup.what+" IDs such as "+securityGroup.shape())
	for _, k := range Keys(m) {
		securityGroup.refuse(c, fmt.Sprintf("%s[%q]", field, k), m[k])
	}
}

// idKind is a kind of EC2 resource ID: its pattern, what it names and an
// example of its shape.
type idKind struct {
	pattern       *regexp.Regexp
	what, example string
}

var (
	securityGroup = idKind{securityGroupID, "security group", "sg-0123456789abcdef0"}
	subnet        = idKind{subnetID, "subnet", "subnet-0123456789abcdef0"}
	vpc           = idKind{vpcID, "VPC", "vpc-0123456789abcdef0"}
)

func (k idKind) shape() string { return idShape(k.example) }

// refuse reports v, when it is known and not of the kind, as a problem of
// field under the rule c.
func (k idKind) refuse(c Check, field string, v pulumi.StringInput) {
	if s, ok := Known(v); ok && !k.pattern.MatchString(s) {
		c.RefuseAt(field, "%q is not a %s ID", s, k.what)
	}
}

func (p *Problems) resourceID(field string, v pulumi.StringInput, kind idKind) {
	kind.refuse(p.Allows(field, "a "+kind.what+" ID such as "+kind.shape()), field, v)
}

func (p *Problems) resourceIDs(field string, v pulumi.StringArrayInput, kind idKind) {
	c := p.Allows(field, kind.what+" IDs such as "+kind.shape())
	list, _ := v.(pulumi.StringArray)
	for i, id := range list {
		kind.refuse(c, fmt.Sprintf("%s[%d]", field, i), id)
	}
}

// idShape describes the shape of the ID example ("sg-0123456789abcdef0"):
// its prefix, a hyphen and 8 or 17 hex digits.
func idShape(example string) string {
	prefix, _, _ := strings.Cut(example, "-")
	return fmt.Sprintf("%q (%q and 8 or 17 hex digits)", example, prefix+"-")
}

// hostedZoneID matches a Route 53 hosted zone ID ("Z0123456789ABCDEFGHIJ"):
// "Z" and upper-case letters and digits, at most 32 characters in all
// (Route 53 API reference, HostedZone Id), optionally in the API's own form
// "/hostedzone/Z...", which the provider takes too (terraform-provider-aws
// internal/service/route53: CleanZoneID).
var hostedZoneID = regexp.MustCompile(`^(/hostedzone/)?Z[0-9A-Z]{1,31}$`)

// HostedZoneID checks a known Route 53 hosted zone ID.
func (p *Problems) HostedZoneID(field string, v pulumi.StringInput) {
	c := p.Allows(field, `"Z" and upper-case letters and digits, such as "Z0123456789ABCDEFGHIJ" (the zone's ID, not its name)`)
	if s, ok := Known(v); ok {
		c.RefuseIf(!hostedZoneID.MatchString(s), "%q is not a hosted zone ID", s)
	}
}

// BucketNameInput checks a known bucket name as BucketName does.
func (p *Problems) BucketNameInput(field string, v pulumi.StringInput) {
	s, ok := Known(v)
	p.bucketName(field, s, ok)
}

// ARNKind is a kind of resource an ARN names: arn:<partition>:<Service>:<region>:<account>:<resource>.
type ARNKind struct {
	// What names the kind in messages, with its article ("a KMS key").
	What string
	// Service is the ARN's service ("kms", "iam").
	Service string
	// Resources are the prefixes the resource part may start with
	// ("key/", "alias/"); none: any resource.
	Resources []string
	// Global kinds have ARNs without a region (IAM, CloudFront, Route 53).
	Global bool
	// Example is a well-formed ARN of the kind, shown in messages.
	Example string
}

// Kinds of ARN the components take (each kind's shape from the Service
// Authorization Reference, "Resource types defined by <service>").
var (
	// KMSKey is a KMS key (key/<key id>, mrk-... for a multi-Region key) or
	// an alias of one (alias/<name>).
	KMSKey = ARNKind{What: "a KMS key", Service: "kms", Resources: []string{"key/", "alias/"},
		Example: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
	// IAMRole is an IAM role (role/<path><name>).
	IAMRole = ARNKind{What: "an IAM role", Service: "iam", Resources: []string{"role/"}, Global: true,
		Example: "arn:aws:iam::123456789012:role/app"}
	// InstanceProfile is an IAM instance profile.
	InstanceProfile = ARNKind{What: "an instance profile", Service: "iam", Resources: []string{"instance-profile/"}, Global: true,
		Example: "arn:aws:iam::123456789012:instance-profile/app"}
	// Certificate is an ACM certificate.
	Certificate = ARNKind{What: "an ACM certificate", Service: "acm", Resources: []string{"certificate/"},
		Example: "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab"}
	// SNSTopic is an SNS topic (its name is the whole resource part).
	SNSTopic = ARNKind{What: "an SNS topic", Service: "sns",
		Example: "arn:aws:sns:us-east-1:123456789012:alarms"}
	// LogGroup is a CloudWatch Logs log group.
	LogGroup = ARNKind{What: "a log group", Service: "logs", Resources: []string{"log-group:"},
		Example: "arn:aws:logs:us-east-1:123456789012:log-group:app"}
)

// arnShape splits an ARN: partition (aws, aws-cn, aws-us-gov, aws-iso...),
// service, region (empty for global services), account (12 digits, empty
// for S3 buckets, "aws" for AWS managed policies) and resource.
var arnShape = regexp.MustCompile(`^arn:(aws(?:-[a-z]+)*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)$`)

// AnyRegion, given to ARN as the region, says that a resource of any region
// serves (an SNS topic AWS Budgets publishes to).
const AnyRegion = "*"

// ARN checks a known ARN of kind: its shape, its service, its resource
// type and, unless the kind is global, its region: region is the region
// the resource must be in (the one of the component that uses it, its
// provider's; us-east-1 for CloudFront's certificates), "" when not
// known, AnyRegion when any will do.
func (p *Problems) ARN(field string, v pulumi.StringInput, kind ARNKind, region string) {
	c := p.Allows(field, kind.allowed(region))
	s, ok := Known(v)
	if !ok {
		return
	}
	m := arnShape.FindStringSubmatch(s)
	if m == nil {
		c.Refuse("%q is not an ARN", s)
		return
	}
	service, arnRegion, resource := m[2], m[3], m[5]
	if service != kind.Service || !hasAnyPrefix(resource, kind.Resources) {
		c.Refuse("%q is not the ARN of %s (service %q, resource %q)", s, kind.What, service, resource)
		return
	}
	switch {
	case kind.Global && arnRegion != "":
		c.Refuse("%q names region %s, which the ARN of %s has none of", s, arnRegion, kind.What)
	case !kind.Global && !IsRegion(arnRegion):
		c.Refuse("%q has no region", s)
	case !kind.Global && region != "" && region != AnyRegion && arnRegion != region:
		c.Refuse("%q is in %s", s, arnRegion)
	}
}

// allowed is the rule of an ARN of kind that must be in region ("" when
// not known: the component's): a resource of a regional kind serves its
// own region only (a KMS key encrypts for resources of its region; a load
// balancer takes certificates of its region; CloudFront takes them from
// us-east-1).
func (kind ARNKind) allowed(region string) string {
	switch {
	case kind.Global:
		return fmt.Sprintf("%s, by its ARN such as %q", kind.What, kind.Example)
	case region == AnyRegion:
		return fmt.Sprintf("%s in any region, by its ARN such as %q", kind.What, kind.Example)
	case region == "":
		return fmt.Sprintf("%s in the region the component deploys to, by its ARN such as %q", kind.What, kind.Example)
	}
	example := exampleRegion.ReplaceAllString(kind.Example, "${1}"+region+":")
	return fmt.Sprintf("%s in %s, by its ARN such as %q", kind.What, region, example)
}

// exampleRegion is the region of an example ARN.
var exampleRegion = regexp.MustCompile(`^(arn:[a-z-]+:[a-z0-9-]+:)[a-z0-9-]+:`)

// KMSKeyARN checks a known KMS key ARN (or alias ARN) in region ("" when
// not known).
func (p *Problems) KMSKeyARN(field string, v pulumi.StringInput, region string) {
	p.ARN(field, v, KMSKey, region)
}

// RoleARN checks a known IAM role ARN.
func (p *Problems) RoleARN(field string, v pulumi.StringInput) {
	p.ARN(field, v, IAMRole, "")
}

// CertificateARN checks a known ACM certificate ARN in region ("" when not
// known).
func (p *Problems) CertificateARN(field string, v pulumi.StringInput, region string) {
	p.ARN(field, v, Certificate, region)
}

// TopicARN checks a known SNS topic ARN in region ("" when not known).
func (p *Problems) TopicARN(field string, v pulumi.StringInput, region string) {
	p.ARN(field, v, SNSTopic, region)
}

func hasAnyPrefix(s string, prefixes []string) bool {
	if len(prefixes) == 0 {
		return true
	}
	for _, prefix := range prefixes {
		if strings.HasPrefix(s, prefix) && len(s) > len(prefix) {
			return true
		}
	}
	return false
}

// ARNName returns the name an ARN ends with, whose resource part is
// "<type>/[<path>/]<name>": a role's, an instance profile's, an ECS
// cluster's. Components given a resource of the user's by ARN use it where
// AWS wants the name.
func ARNName(arn pulumi.StringInput) pulumi.StringOutput {
	return arn.ToStringOutput().ApplyT(func(arn string) string {
		return arn[strings.LastIndex(arn, "/")+1:]
	}).(pulumi.StringOutput)
}
