package cdn

import (
	"strings"

	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Price classes: which CloudFront edge locations serve the content. Each
// class adds more (and more expensive) regions to the previous one.
const (
	PriceClass100 = "PriceClass_100" // North America, Europe, Israel
	PriceClass200 = "PriceClass_200" // plus most of Asia, Africa and the Middle East
	PriceClassAll = "PriceClass_All" // every edge location
)

// CDNArgs configure a CDN. The zero value serves a private bucket of static
// assets through CloudFront's own domain, from PriceClass_100 edge locations,
// with standard logs kept for 90 days.
type CDNArgs struct {
	// BucketName is an explicit name for the content bucket. Default: a name
	// Pulumi derives from the component name. It must follow S3's naming
	// rules and cannot change without replacing the bucket.
	BucketName string
	// DefaultRootObject is the object CloudFront returns for "/", such as
	// "index.html" for a website. Default "" (none), fit for an asset bucket.
	DefaultRootObject string
	// Aliases are the domain names the distribution answers to, such as
	// "static.example.com". They require CertificateARN. Default none.
	Aliases []string
	// CertificateARN is an ACM certificate in us-east-1 that covers the
	// Aliases. With it viewers negotiate TLS 1.2 or newer through SNI; without
	// it the distribution uses CloudFront's default *.cloudfront.net
	// certificate. Default none.
	CertificateARN pulumi.StringInput
	// PriceClass picks the edge locations: PriceClass100 (default),
	// PriceClass200 or PriceClassAll.
	PriceClass string
	// Logging turns CloudFront standard logs on, into a bucket `<name>-logs`.
	// Default true.
	Logging *bool
	// LogRetentionDays is how long the log bucket keeps logs before S3
	// expires them. Default 90; allowed 1 to 3650.
	LogRetentionDays int
	// AccessLogBucket is the bucket the S3 server access logs of the content
	// and log buckets go to (Security Hub S3.9), each under its logical
	// name: the stack's access-log bucket (components/accesslogs). Default
	// nil: no server access logs.
	AccessLogBucket pulumi.StringInput
	// WebACLArn is a WAFv2 web ACL of CLOUDFRONT scope that filters requests
	// (see the firewall package). Default none.
	WebACLArn pulumi.StringInput
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

// withDefaults returns a copy of the args with every unset field at its
// documented default. It is the only place defaults live.
func (a CDNArgs) withDefaults() CDNArgs {
	if a.PriceClass == "" {
		a.PriceClass = PriceClass100
	}
	if a.Logging == nil {
		enabled := true
		a.Logging = &enabled
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = 90
	}
	return a
}

// validate reports every problem with the (defaulted) args at once. The
// failover copy's region is held against region, the content bucket's,
// unless region is "" (not looked up).
func (a CDNArgs) validate(region string) error {
	p := validate.For("cdn")
	if a.BucketName != "" {
		p.BucketName("BucketName", a.BucketName)
	}
	if strings.HasPrefix(a.DefaultRootObject, "/") {
		p.Addf("DefaultRootObject", "%q must not start with \"/\"; allowed: an object key such as \"index.html\"", a.DefaultRootObject)
	}
	seenAlias := map[string]bool{}
	for _, alias := range a.Aliases {
		p.DomainName("Aliases", alias)
		if seenAlias[alias] {
			p.Addf("Aliases", "%q is listed twice", alias)
		}
		seenAlias[alias] = true
	}
	if len(a.Aliases) > 0 && a.CertificateARN == nil {
		p.Addf("CertificateARN", "is required with Aliases (%s): CloudFront serves a custom domain only with an ACM certificate in us-east-1 that covers it",
			strings.Join(a.Aliases, ", "))
	}
	p.OneOf("PriceClass", a.PriceClass, PriceClass100, PriceClass200, PriceClassAll)
	p.IntRange("LogRetentionDays", a.LogRetentionDays, 1, 3650)

	seenPattern := map[string]bool{}
	checkPatterns := func(field string, patterns []string) {
		if len(patterns) == 0 {
			p.Addf(field, "is required: at least one path pattern such as \"/api/*\"")
		}
		for _, pattern := range patterns {
			if !strings.HasPrefix(pattern, "/") {
				p.Addf(field, "%q must start with \"/\", such as \"/api/*\"", pattern)
			}
			if seenPattern[pattern] {
				p.Addf(field, "%q is routed twice; each path pattern may go to one origin only", pattern)
			}
			seenPattern[pattern] = true
		}
	}
	if lb := a.LoadBalancerOrigin; lb != nil {
		if lb.DomainName == nil {
			p.Addf("LoadBalancerOrigin.DomainName", "is required: the load balancer's DNS name")
		}
		checkPatterns("LoadBalancerOrigin.PathPatterns", lb.PathPatterns)
	}
	if fn := a.FunctionOrigin; fn != nil {
		if fn.FunctionName == nil {
			p.Addf("FunctionOrigin.FunctionName", "is required: the function behind the URL")
		}
		if fn.URLDomain == nil {
			p.Addf("FunctionOrigin.URLDomain", "is required: the host of the function URL")
		}
		checkPatterns("FunctionOrigin.PathPatterns", fn.PathPatterns)
	}
	if f := a.Failover; f != nil {
		if f.Provider == nil {
			p.Addf("Failover.Provider", "is required: an AWS provider for the copy's region")
		}
		if f.AccessLogBucket == nil {
			p.Addf("Failover.AccessLogBucket", "is required: the access-log bucket of the copy's region")
		}
		if f.Provider != nil && region != "" && f.region == region {
			p.Addf("Failover.Provider", "deploys to %s, the content bucket's region; allowed: a provider for another region, so that the copy outlives the loss of %s", region, region)
		}
	}
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// Validate applies the defaults and reports every problem with the args, as
// NewCDN would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a CDNArgs) Validate() error { return a.withDefaults().validate("") }

// ValidateIn reports every problem NewCDN would, the failover copy's region
// included, asking the AWS providers that opts (the options NewCDN would
// get) and Failover.Provider select for their regions; nothing is
// registered.
func (a CDNArgs) ValidateIn(ctx *pulumi.Context, opts ...pulumi.ResourceOption) error {
	a = a.withDefaults()
	region, err := a.lookupRegions(ctx, opts...)
	if err != nil {
		return err
	}
	return a.validate(region)
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
