package cdn

import (
	"errors"
	"strings"

	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Price classes: which CloudFront edge locations serve the content. Each
// class adds more (and more expensive) regions to the previous one.
const (
	PriceClass100 PriceClass = "PriceClass_100" // North America, Europe, Israel
	PriceClass200 PriceClass = "PriceClass_200" // plus most of Asia, Africa and the Middle East
	PriceClassAll PriceClass = "PriceClass_All" // every edge location
)

// PriceClass is which CloudFront edge locations serve a distribution.
type PriceClass string

// CDNArgs configure a CDN. The zero value serves a private bucket of static
// assets through CloudFront's own domain, from PriceClass_100 edge locations,
// with standard logs kept for 90 days.
type CDNArgs struct {
	// BucketName is an explicit name for the content bucket. Default: a name
	// Pulumi derives from the component name. It must follow S3's naming
	// rules and cannot change without replacing the bucket. Not with
	// ExistingBucketName.
	BucketName string
	// ExistingBucketName is a bucket of your own the distribution serves,
	// instead of the content bucket `<name>` the component otherwise
	// creates. Default nil. Allowed: the name of a general purpose bucket
	// of the account, in any region (the component looks it up for its
	// regional domain name and ARN). The component creates the origin
	// access control and the distribution, and leaves the bucket alone: a
	// bucket has one policy, and a BucketPolicy resource replaces all of it
	// (S3 user guide, "Bucket policies"), so the component cannot add its
	// grant without taking over yours. Add the statements of BucketPolicy
	// to the bucket's policy (or attach BucketPolicy as the whole policy of
	// a bucket without one): until then CloudFront gets 403 from the
	// bucket. A bucket whose default encryption is SSE-KMS with a
	// customer-managed key also needs KeyPolicyStatement in that key's
	// policy (CloudFront developer guide, "Restrict access to an Amazon S3
	// origin", SSE-KMS); one encrypted with the AWS managed key aws/s3
	// cannot be served through an origin access control at all, as that
	// key's policy cannot admit CloudFront. Keep the bucket's Block Public
	// Access on: the grant is to CloudFront's service principal for this
	// distribution, which public access blocks do not stop. Not with
	// BucketName or Failover (whose replication configures the bucket).
	// Changing it points the distribution's origin elsewhere, in place.
	ExistingBucketName pulumi.StringInput
	// DefaultRootObject is the object CloudFront returns for "/", such as
	// "index.html" for a website. Default "" (none), fit for an asset bucket.
	DefaultRootObject string
	// Aliases are the domain names the distribution answers to, such as
	// "static.example.com". They require CertificateARN. Default none.
	Aliases []string
	// CertificateARN is an ACM certificate in us-east-1 that covers the
	// Aliases (CloudFront takes certificates from us-east-1 only: CloudFront
	// developer guide, "Requirements for using SSL/TLS certificates with
	// CloudFront"). With it viewers negotiate TLS 1.2 or newer through SNI;
	// without it the distribution uses CloudFront's default *.cloudfront.net
	// certificate. Default none.
	CertificateARN pulumi.StringInput
	// PriceClass picks the edge locations: PriceClass100 (default),
	// PriceClass200 or PriceClassAll.
	PriceClass PriceClass
	// Logging turns CloudFront standard logs on, into a bucket `<name>-logs`
	// (or ExistingLogBucketName). Default true.
	Logging *bool
	// LogRetentionDays is how long the log bucket keeps logs before S3
	// expires them. Default 90; allowed 1 to 3650. Not with
	// ExistingLogBucketName.
	LogRetentionDays int
	// ExistingLogBucketName is a bucket of your own for the standard logs,
	// instead of the bucket `<name>-logs`; the logs go under the prefix
	// `<name>/`. Default nil. Allowed: the name of a bucket with ACLs
	// enabled (Object Ownership "BucketOwnerPreferred" or "ObjectWriter",
	// not "BucketOwnerEnforced"), in a region where CloudFront delivers
	// standard logs (not af-south-1, ap-east-1, ap-south-2,
	// ap-southeast-3, ap-southeast-4, ca-west-1, eu-central-2, eu-south-1,
	// eu-south-2, il-central-1, me-central-1 or me-south-1): CloudFront
	// grants its log delivery account FULL_CONTROL through the bucket's
	// ACL, and whoever runs `pulumi up` needs s3:GetBucketAcl and
	// s3:PutBucketAcl on it (CloudFront developer guide, "Configure
	// standard logging (legacy)"). Not with Logging false or
	// LogRetentionDays. Changing it updates the distribution in place.
	ExistingLogBucketName pulumi.StringInput
	// ExistingKMSKeyARN is a customer-managed KMS key of your own, by its
	// key ARN (not an alias), in the content bucket's region, that encrypts
	// the content bucket (SSE-KMS with an S3 bucket key) instead of SSE-S3.
	// Default none. Its key policy must hold KeyPolicyStatement, so that
	// CloudFront may decrypt for this distribution (CloudFront developer
	// guide, "Restrict access to an Amazon S3 origin", SSE-KMS): until then
	// viewers get 403 for the objects it encrypts. Uploaders need
	// kms:GenerateDataKey and kms:Decrypt on it, which UploadPolicy then
	// grants. Not with ExistingBucketName (your bucket's encryption is
	// yours) nor Failover (the copy in another region would need a key
	// there and a replication of KMS-encrypted objects, which the component
	// does not offer). Changing it updates the bucket's default encryption
	// in place; objects already stored keep the key they were written
	// with.
	ExistingKMSKeyARN pulumi.StringInput
	// AccessLogBucket is the bucket the S3 server access logs of the content
	// and log buckets go to (Security Hub S3.9), each under its logical
	// name: the stack's access-log bucket (components/accesslogs). Default
	// nil: no server access logs. Not when neither bucket is the
	// component's (ExistingBucketName with ExistingLogBucketName or
	// Logging false).
	AccessLogBucket pulumi.StringInput
	// WebACLARN is a WAFv2 web ACL of CLOUDFRONT scope that filters requests
	// (see the firewall package). Default none. Allowed: the ARN of a web
	// ACL of CLOUDFRONT scope, which lives in us-east-1
	// (arn:<partition>:wafv2:us-east-1:<account>:global/webacl/<name>/<id>).
	WebACLARN pulumi.StringInput
	// LoadBalancerOrigin sends some paths to an application load balancer
	// instead of the bucket. Default none.
	LoadBalancerOrigin *LoadBalancerOrigin
	// FunctionOrigin sends some paths to a Lambda function URL that only this
	// distribution may call. Default none.
	FunctionOrigin *FunctionOrigin
	// Failover keeps a copy of the content bucket in another region, kept
	// current by S3 replication, which CloudFront reads from when the
	// content bucket fails. Default none.
	Failover *Failover
	// Tags are applied to every taggable child, together with a Name tag
	// (the child's logical name), which wins over a "Name" given here.
	Tags map[string]string
}

// LoadBalancerOrigin is a dynamic origin: requests matching PathPatterns go,
// uncached and with all their headers but Host, to a load balancer.
type LoadBalancerOrigin struct {
	// DomainName is the load balancer's DNS name (or a name pointing at it
	// that its certificate covers). Required.
	DomainName pulumi.StringInput
	// PathPatterns are CloudFront path patterns, each starting with "/",
	// such as "/api/*". At least one is required.
	PathPatterns []string
	// HTTPS makes CloudFront connect to the load balancer over TLS 1.2
	// (https-only); the load balancer then needs an HTTPS listener with a
	// certificate for DomainName. When false CloudFront connects over plain
	// HTTP (http-only), which Security Hub flags (CloudFront.9).
	HTTPS bool
}

// FunctionOrigin is a Lambda function URL origin. CloudFront signs every
// request to it with an origin access control, and the function grants
// invoke rights to this distribution only, so a function URL created with
// auth type AWS_IAM is reachable only through CloudFront. Clients sending
// PUT or POST bodies must add an x-amz-content-sha256 header: Lambda does not
// accept unsigned payloads.
type FunctionOrigin struct {
	// FunctionName is the name or ARN of the function behind the URL. Required.
	FunctionName pulumi.StringInput
	// URLDomain is the host of the function URL, without scheme or trailing
	// slash: "abc123.lambda-url.us-east-1.on.aws". Required.
	URLDomain pulumi.StringInput
	// PathPatterns are CloudFront path patterns, each starting with "/",
	// such as "/render/*". At least one is required.
	PathPatterns []string
}

// Failover is the content bucket's copy in another region: the bucket
// `<name>-failover`, created there through Provider, private and versioned
// like the content bucket, which S3 replication fills (every new object
// version and delete marker of the content bucket), and the second member
// of the distribution's origin group: CloudFront sends a GET, HEAD or
// OPTIONS request there when the content bucket answers 500, 502, 503 or
// 504 (it is failing) or 403 or 404 (an object it does not have, or the
// bucket is unreachable to the distribution), or does not answer at all
// (CloudFront developer guide, "Optimize high availability with CloudFront
// origin failover").
//
// It is part of the CDN rather than a component of its own region because
// the distribution and its two buckets close a circle: each bucket's
// policy names the distribution, which names both buckets.
type Failover struct {
	// Provider is an AWS provider for the copy's region, which must not be
	// the content bucket's. Required.
	Provider *aws.Provider
	// AccessLogBucket is the access-log bucket of the copy's region
	// (components/accesslogs, created through Provider): S3 server access
	// logs go to a bucket of the same region (Security Hub S3.9). Required.
	AccessLogBucket pulumi.StringInput

	region string // Provider's, once looked up
}

// WithDefaults returns a copy of the args with every unset field at its
// documented default. It is the only place defaults live.
func (a CDNArgs) WithDefaults() CDNArgs {
	if a.PriceClass == "" {
		a.PriceClass = PriceClass100
	}
	if a.Logging == nil {
		enabled := true
		a.Logging = &enabled
	}
	if a.LogRetentionDays == 0 && a.ExistingLogBucketName == nil {
		a.LogRetentionDays = 90
	}
	return a
}

// cloudFrontRegion is where CloudFront takes certificates and web ACLs from.
const cloudFrontRegion = "us-east-1"

// cloudFrontWebACL is the ARN of a web ACL of CLOUDFRONT scope (AWS WAF
// developer guide: such ACLs are "global" and live in us-east-1).
var cloudFrontWebACL = validate.ARNKind{What: "a web ACL of CLOUDFRONT scope", Service: "wafv2", Resources: []string{"global/webacl/"},
	Example: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1234abcd-12ab-34cd-56ef-1234567890ab"}

// validateExisting checks the certificate, the web ACL and the buckets of
// your own, and refuses the settings that would create or configure the
// same thing.
func (a CDNArgs) validateExisting(p *validate.Problems) {
	p.CertificateARN("CertificateARN", a.CertificateARN, cloudFrontRegion)
	p.ARN("WebACLARN", a.WebACLARN, cloudFrontWebACL, cloudFrontRegion)
	own := a.ExistingBucketName != nil
	p.BucketNameInput("ExistingBucketName", a.ExistingBucketName)
	p.Conflict("ExistingBucketName", "BucketName", own && a.BucketName != "", "BucketName names the bucket the component would create")
	p.Conflict("ExistingBucketName", "Failover", own && a.Failover != nil, "the failover copy is filled by a replication configuration on the content bucket, and a bucket of your own is yours to configure")
	if a.ExistingLogBucketName != nil || !*a.Logging {
		p.Conflict("ExistingBucketName", "AccessLogBucket", own && a.AccessLogBucket != nil, "with no bucket of the component's own there is no bucket whose server access logs it would configure")
	}
	key := a.ExistingKMSKeyARN != nil
	p.Conflict("ExistingKMSKeyARN", "ExistingBucketName", key && own, "a bucket of your own is encrypted as you configured it")
	p.Conflict("ExistingKMSKeyARN", "Failover", key && a.Failover != nil, "the failover copy would need a key in its own region and a replication of KMS-encrypted objects, which the component does not offer")
	logs := a.ExistingLogBucketName != nil
	p.BucketNameInput("ExistingLogBucketName", a.ExistingLogBucketName)
	p.Conflict("ExistingLogBucketName", "Logging", logs && !*a.Logging, "Logging false turns off the logs the bucket would receive")
	p.Conflict("ExistingLogBucketName", "LogRetentionDays", logs && a.LogRetentionDays != 0, "how long logs stay is the lifecycle of your bucket")
}

// validate reports every problem with the (defaulted) args at once. The
// failover copy's region is held against region, the content bucket's,
// unless region is "" (not looked up).
func (a CDNArgs) validate(name, region string) error {
	p := validate.For("cdn", name)
	a.validateExisting(p)
	p.KeyARN("ExistingKMSKeyARN", a.ExistingKMSKeyARN, region)
	if a.BucketName != "" {
		p.BucketName("BucketName", a.BucketName)
	}
	p.Allows("DefaultRootObject", `an object key, not starting with "/", such as "index.html"`).
		RefuseIf(strings.HasPrefix(a.DefaultRootObject, "/"), "%q must not start with \"/\"", a.DefaultRootObject)
	twice := p.Allows("Aliases", "each name once")
	seenAlias := map[string]bool{}
	for _, alias := range a.Aliases {
		p.DomainName("Aliases", alias)
		twice.RefuseIf(seenAlias[alias], "%q is listed twice", alias)
		seenAlias[alias] = true
	}
	p.Allows("CertificateARN", "required with Aliases: CloudFront serves a custom domain only with an ACM certificate in us-east-1 that covers it").
		RefuseIf(len(a.Aliases) > 0 && a.CertificateARN == nil, "is required with Aliases (%s)", strings.Join(a.Aliases, ", "))
	validate.OneOf(p, "PriceClass", a.PriceClass, PriceClass100, PriceClass200, PriceClassAll)
	if a.ExistingLogBucketName == nil {
		p.IntRange("LogRetentionDays", a.LogRetentionDays, 1, 3650)
	}

	seenPattern := map[string]bool{}
	checkPatterns := func(field string, patterns []string) {
		p.Required(field, len(patterns) > 0, `at least one path pattern such as "/api/*"`)
		shape := p.Allows(field, `patterns starting with "/", such as "/api/*"`)
		once := p.Allows(field, "each pattern once, among all origins: a path goes to one origin only")
		for _, pattern := range patterns {
			shape.RefuseIf(!strings.HasPrefix(pattern, "/"), "%q must start with \"/\"", pattern)
			once.RefuseIf(seenPattern[pattern], "%q is routed twice", pattern)
			seenPattern[pattern] = true
		}
	}
	if lb := a.LoadBalancerOrigin; lb != nil {
		p.Required("LoadBalancerOrigin.DomainName", lb.DomainName != nil, "the load balancer's DNS name")
		checkPatterns("LoadBalancerOrigin.PathPatterns", lb.PathPatterns)
	}
	if fn := a.FunctionOrigin; fn != nil {
		p.Required("FunctionOrigin.FunctionName", fn.FunctionName != nil, "the function behind the URL")
		p.Required("FunctionOrigin.URLDomain", fn.URLDomain != nil, "the host of the function URL")
		checkPatterns("FunctionOrigin.PathPatterns", fn.PathPatterns)
	}
	if f := a.Failover; f != nil {
		p.Required("Failover.Provider", f.Provider != nil, "an AWS provider for the copy's region")
		p.Required("Failover.AccessLogBucket", f.AccessLogBucket != nil, "the access-log bucket of the copy's region")
		p.Allows("Failover.Provider", "a provider for another region than the content bucket's, so that the copy outlives the loss of that region").
			RefuseIf(f.Provider != nil && region != "" && f.region == region, "deploys to %s, the content bucket's region", region)
	}
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewCDN would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a CDNArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("cdn", name), a.WithDefaults().validate(name, ""))
}

// ValidateIn reports every problem NewCDN would, the failover copy's region
// included, asking the AWS providers that opts (the options NewCDN would
// get) and Failover.Provider select for their regions; nothing is
// registered.
func (a CDNArgs) ValidateIn(ctx *pulumi.Context, name string, opts ...pulumi.ResourceOption) error {
	a = a.WithDefaults()
	region, err := a.lookupRegions(ctx, opts...)
	if err != nil {
		return err
	}
	return errors.Join(validate.ComponentName("cdn", name), a.validate(name, region))
}

// lookupRegions returns the content bucket's region and sets the failover
// copy's.
func (a *CDNArgs) lookupRegions(ctx *pulumi.Context, opts ...pulumi.ResourceOption) (string, error) {
	region, err := awsprovider.CurrentRegion(ctx, opts...)
	if err != nil || a.Failover == nil || a.Failover.Provider == nil {
		return region, err
	}
	f := *a.Failover
	if f.region, err = awsprovider.CurrentRegion(ctx, pulumi.Provider(f.Provider)); err != nil {
		return "", err
	}
	a.Failover = &f
	return region, nil
}
