package cdn_test

import (
	"fmt"
	"testing"

	"github.com/millionstack/millionstack/components/cdn"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeComponent    = "millionstack:cdn:CDN"
	typeBucket       = "aws:s3/bucketV2:BucketV2"
	typeAccessBlock  = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	typeOwnership    = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	typeEncryption   = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	typeVersioning   = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	typeLifecycle    = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	typePolicy       = "aws:s3/bucketPolicy:BucketPolicy"
	typeOAC          = "aws:cloudfront/originAccessControl:OriginAccessControl"
	typeDistribution = "aws:cloudfront/distribution:Distribution"
	typePermission   = "aws:lambda/permission:Permission"
	typeLogging      = "aws:s3/bucketLoggingV2:BucketLoggingV2"

	distributionARN = "arn:aws:cloudfront:us-east-1:123456789012:distribution/site"
	certificateARN  = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
)

// output is what a test reads back from the component.
type output struct{ url, domain, zone, bucket, bucketARN, distID, distARN string }

// record runs NewCDN("site", args) and captures the component's outputs.
func record(t *testing.T, args cdn.CDNArgs) (*millionstacktest.Inventory, *output, error) {
	t.Helper()
	out := &output{}
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		c, err := cdn.NewCDN(ctx, "site", args)
		if err != nil {
			return err
		}
		capture := func(o pulumi.StringOutput, into *string) { o.ApplyT(func(v string) string { *into = v; return v }) }
		capture(c.URL, &out.url)
		capture(c.DomainName, &out.domain)
		capture(c.HostedZoneID, &out.zone)
		capture(c.BucketName, &out.bucket)
		capture(c.BucketARN, &out.bucketARN)
		capture(c.DistributionID, &out.distID)
		capture(c.DistributionARN, &out.distARN)
		return nil
	}, millionstacktest.Options{})
	return inv, out, err
}

func mustRecord(t *testing.T, args cdn.CDNArgs) *millionstacktest.Inventory {
	t.Helper()
	inv, _, err := record(t, args)
	require.NoError(t, err)
	return inv
}

// policy decodes a bucket policy's statements, keyed by Sid.
func policy(t *testing.T, inv *millionstacktest.Inventory, name string) map[string]map[string]interface{} {
	t.Helper()
	var doc struct {
		Version   string
		Statement []map[string]interface{}
	}
	millionstacktest.JSON(t, millionstacktest.Named(t, inv, typePolicy, name), "policy", &doc)
	assert.Equal(t, "2012-10-17", doc.Version)
	out := map[string]map[string]interface{}{}
	for _, s := range doc.Statement {
		out[s["Sid"].(string)] = s
	}
	return out
}

func TestBucketsArePrivateEncryptedAndTLSOnly(t *testing.T) {
	inv := mustRecord(t, cdn.CDNArgs{})
	for _, name := range []string{"site", "site-logs"} {
		block := millionstacktest.Named(t, inv, typeAccessBlock, name)
		for _, flag := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
			assert.Equal(t, true, millionstacktest.Input(t, block, flag), "%s %s", name, flag)
		}
		assert.Equal(t, name+"-id", block.String("bucket"))

		sse := millionstacktest.Named(t, inv, typeEncryption, name)
		assert.Equal(t, "AES256", sse.String("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"))
		assert.Equal(t, true, millionstacktest.Input(t, sse, "rules[0].bucketKeyEnabled"))

		arn := "arn:aws:s3:::" + name
		deny := policy(t, inv, name)["DenyInsecureTransport"]
		require.NotNil(t, deny, name)
		assert.Equal(t, "Deny", deny["Effect"])
		assert.Equal(t, "*", deny["Principal"])
		assert.Equal(t, "s3:*", deny["Action"])
		assert.Equal(t, []interface{}{arn, arn + "/*"}, deny["Resource"])
		assert.Equal(t, map[string]interface{}{"Bool": map[string]interface{}{"aws:SecureTransport": "false"}}, deny["Condition"])

		assert.Contains(t, millionstacktest.Named(t, inv, typePolicy, name).Dependencies, block.URN,
			"the policy waits for the bucket's settings: S3 rejects concurrent configuration changes")

		abort := millionstacktest.Named(t, inv, typeLifecycle, name)
		assert.Equal(t, "abort-incomplete-multipart-uploads", abort.String("rules[0].id"))
		assert.Equal(t, float64(7), millionstacktest.Input(t, abort, "rules[0].abortIncompleteMultipartUpload.daysAfterInitiation"))
	}
}

func TestContentBucketIsVersionedWithoutACLsAndReadableOnlyByTheDistribution(t *testing.T) {
	inv := mustRecord(t, cdn.CDNArgs{})
	assert.Equal(t, "BucketOwnerEnforced", millionstacktest.Named(t, inv, typeOwnership, "site").String("rule.objectOwnership"))
	assert.Equal(t, "Enabled", millionstacktest.Named(t, inv, typeVersioning, "site").String("versioningConfiguration.status"))

	lifecycle := millionstacktest.Named(t, inv, typeLifecycle, "site")
	assert.Equal(t, "Enabled", lifecycle.String("rules[1].status"))
	assert.Equal(t, float64(90), millionstacktest.Input(t, lifecycle, "rules[1].noncurrentVersionExpiration.noncurrentDays"))

	read := policy(t, inv, "site")["AllowCloudFrontRead"]
	require.NotNil(t, read)
	assert.Equal(t, "Allow", read["Effect"])
	assert.Equal(t, map[string]interface{}{"Service": "cloudfront.amazonaws.com"}, read["Principal"])
	assert.Equal(t, "s3:GetObject", read["Action"])
	assert.Equal(t, "arn:aws:s3:::site/*", read["Resource"])
	assert.Equal(t, map[string]interface{}{"StringEquals": map[string]interface{}{"AWS:SourceArn": distributionARN}}, read["Condition"])
	assert.Len(t, policy(t, inv, "site"), 2, "no other grants")
}

// Both buckets are versioned with noncurrent versions expiring (Security Hub
// S3.14) and, given the stack's access-log bucket, send their S3 server
// access logs there (S3.9), each under its own prefix.
func TestBothBucketsAreVersionedAndLogAccess(t *testing.T) {
	inv := mustRecord(t, cdn.CDNArgs{AccessLogBucket: pulumi.String("stack-access-logs")})
	for _, name := range []string{"site", "site-logs"} {
		assert.Equal(t, "Enabled", millionstacktest.Named(t, inv, typeVersioning, name).String("versioningConfiguration.status"), name)
		rules, _ := millionstacktest.Named(t, inv, typeLifecycle, name).Input("rules")
		last := rules.([]interface{})[len(rules.([]interface{}))-1].(map[string]interface{})
		assert.Equal(t, "expire-noncurrent-versions", last["id"], name)
		logging := millionstacktest.Named(t, inv, typeLogging, name)
		assert.Equal(t, "stack-access-logs", logging.String("targetBucket"), name)
		assert.Equal(t, name+"/", logging.String("targetPrefix"), name)
	}
	assert.Empty(t, mustRecord(t, cdn.CDNArgs{}).ByType(typeLogging), "no access-log bucket given: nothing to log into")
}

func TestLogBucketAllowsCloudFrontACLsAndExpiresLogs(t *testing.T) {
	inv := mustRecord(t, cdn.CDNArgs{LogRetentionDays: 30})
	assert.Equal(t, "BucketOwnerPreferred", millionstacktest.Named(t, inv, typeOwnership, "site-logs").String("rule.objectOwnership"))
	lifecycle := millionstacktest.Named(t, inv, typeLifecycle, "site-logs")
	assert.Equal(t, "expire-logs", lifecycle.String("rules[1].id"))
	assert.Equal(t, float64(30), millionstacktest.Input(t, lifecycle, "rules[1].expiration.days"))
	assert.Len(t, policy(t, inv, "site-logs"), 1, "only the TLS denial")

	dist := millionstacktest.Named(t, inv, typeDistribution, "site")
	assert.Equal(t, "site-logs.s3.amazonaws.com", dist.String("loggingConfig.bucket"))
	assert.Equal(t, false, millionstacktest.Input(t, dist, "loggingConfig.includeCookies"))
	ownership := millionstacktest.Named(t, inv, typeOwnership, "site-logs")
	assert.Contains(t, dist.Dependencies, ownership.URN, "ACLs must be enabled before CloudFront writes logs")
}

func TestLoggingOffCreatesNoLogBucket(t *testing.T) {
	off := false
	inv := mustRecord(t, cdn.CDNArgs{Logging: &off})
	_, ok := inv.Named(typeBucket, "site-logs")
	assert.False(t, ok)
	_, logging := millionstacktest.Named(t, inv, typeDistribution, "site").Input("loggingConfig")
	assert.False(t, logging)
}

func TestDistributionServesTheBucketOverHTTPSThroughOAC(t *testing.T) {
	inv, out, err := record(t, cdn.CDNArgs{})
	require.NoError(t, err)

	oac := millionstacktest.Named(t, inv, typeOAC, "site")
	assert.Equal(t, "s3", oac.String("originAccessControlOriginType"))
	assert.Equal(t, "always", oac.String("signingBehavior"))
	assert.Equal(t, "sigv4", oac.String("signingProtocol"))

	dist := millionstacktest.Named(t, inv, typeDistribution, "site")
	assert.Equal(t, true, millionstacktest.Input(t, dist, "enabled"))
	assert.Equal(t, true, millionstacktest.Input(t, dist, "isIpv6Enabled"))
	assert.Equal(t, "http2and3", dist.String("httpVersion"))
	assert.Equal(t, "PriceClass_100", dist.String("priceClass"))
	assert.Equal(t, "", dist.String("defaultRootObject"))
	assert.Equal(t, "none", dist.String("restrictions.geoRestriction.restrictionType"))
	_, waf := dist.Input("webAclId")
	assert.False(t, waf)

	origins, _ := dist.Input("origins")
	require.Len(t, origins, 1)
	assert.Equal(t, "s3", dist.String("origins[0].originId"))
	assert.Equal(t, "site.s3.us-east-1.amazonaws.com", dist.String("origins[0].domainName"))
	assert.Equal(t, "site-id", dist.String("origins[0].originAccessControlId"))

	b := "defaultCacheBehavior."
	assert.Equal(t, "s3", dist.String(b+"targetOriginId"))
	assert.Equal(t, "redirect-to-https", dist.String(b+"viewerProtocolPolicy"))
	assert.Equal(t, []interface{}{"GET", "HEAD", "OPTIONS"}, millionstacktest.Input(t, dist, b+"allowedMethods"))
	assert.Equal(t, []interface{}{"GET", "HEAD"}, millionstacktest.Input(t, dist, b+"cachedMethods"))
	assert.Equal(t, true, millionstacktest.Input(t, dist, b+"compress"))
	assert.Equal(t, "658327ea-f89d-4fab-a63d-7e88639e58f6", dist.String(b+"cachePolicyId"))
	assert.Equal(t, "67f7725c-6f97-4210-82d7-5512b31e9d03", dist.String(b+"responseHeadersPolicyId"))
	_, ordered := dist.Input("orderedCacheBehaviors")
	assert.False(t, ordered)

	assert.Equal(t, true, millionstacktest.Input(t, dist, "viewerCertificate.cloudfrontDefaultCertificate"))
	_, acm := dist.Input("viewerCertificate.acmCertificateArn")
	assert.False(t, acm)

	assert.Equal(t, output{
		url:       "https://d111111abcdef8.cloudfront.net",
		domain:    "d111111abcdef8.cloudfront.net",
		zone:      "Z2FDTNDATAQYW2",
		bucket:    "site",
		bucketARN: "arn:aws:s3:::site",
		distID:    "site-id",
		distARN:   distributionARN,
	}, *out)
}

func TestCustomDomainUsesACMWithSNIAndModernTLS(t *testing.T) {
	inv, out, err := record(t, cdn.CDNArgs{
		Aliases:           []string{"www.example.com", "example.com"},
		CertificateARN:    pulumi.String(certificateARN),
		DefaultRootObject: "index.html",
		PriceClass:        "PriceClass_All",
		WebACLARN:         pulumi.String("arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1"),
		BucketName:        "example-site-content",
		Tags:              map[string]string{"team": "web"},
	})
	require.NoError(t, err)
	dist := millionstacktest.Named(t, inv, typeDistribution, "site")
	assert.Equal(t, []interface{}{"www.example.com", "example.com"}, millionstacktest.Input(t, dist, "aliases"))
	assert.Equal(t, certificateARN, dist.String("viewerCertificate.acmCertificateArn"))
	assert.Equal(t, "sni-only", dist.String("viewerCertificate.sslSupportMethod"))
	assert.Equal(t, "TLSv1.2_2021", dist.String("viewerCertificate.minimumProtocolVersion"))
	_, defaultCert := dist.Input("viewerCertificate.cloudfrontDefaultCertificate")
	assert.False(t, defaultCert)
	assert.Equal(t, "index.html", dist.String("defaultRootObject"))
	assert.Equal(t, "PriceClass_All", dist.String("priceClass"))
	assert.Equal(t, "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1", dist.String("webAclId"))
	assert.Equal(t, "web", dist.String("tags.team"))
	assert.Equal(t, "site", dist.String("tags.Name"))

	bucket := millionstacktest.Named(t, inv, typeBucket, "site")
	assert.Equal(t, "example-site-content", bucket.String("bucket"))
	assert.Equal(t, "web", bucket.String("tags.team"))
	_, logName := millionstacktest.Named(t, inv, typeBucket, "site-logs").Input("bucket")
	assert.False(t, logName, "the log bucket keeps an auto-name")

	assert.Equal(t, "https://www.example.com", out.url)
}

func TestLoadBalancerPathsGoUncachedToTheLoadBalancer(t *testing.T) {
	for _, tc := range []struct {
		https    bool
		protocol string
	}{{true, "https-only"}, {false, "http-only"}} {
		t.Run(tc.protocol, func(t *testing.T) {
			inv := mustRecord(t, cdn.CDNArgs{LoadBalancerOrigin: &cdn.LoadBalancerOrigin{
				DomainName:   pulumi.String("web-123.us-east-1.elb.amazonaws.com"),
				PathPatterns: []string{"/api/*", "/auth/*"},
				HTTPS:        tc.https,
			}})
			dist := millionstacktest.Named(t, inv, typeDistribution, "site")
			assert.Equal(t, "load-balancer", dist.String("origins[1].originId"))
			assert.Equal(t, "web-123.us-east-1.elb.amazonaws.com", dist.String("origins[1].domainName"))
			assert.Equal(t, tc.protocol, dist.String("origins[1].customOriginConfig.originProtocolPolicy"))
			assert.Equal(t, []interface{}{"TLSv1.2"}, millionstacktest.Input(t, dist, "origins[1].customOriginConfig.originSslProtocols"))
			_, oac := dist.Input("origins[1].originAccessControlId")
			assert.False(t, oac)
			assertDynamicBehaviours(t, dist, "load-balancer", "/api/*", "/auth/*")
			assert.Empty(t, inv.ByType(typePermission))
		})
	}
}

// assertDynamicBehaviours checks that the ordered behaviours send patterns, in order, uncached to originID.
func assertDynamicBehaviours(t *testing.T, dist millionstacktest.Resource, originID string, patterns ...string) {
	t.Helper()
	behaviours, _ := dist.Input("orderedCacheBehaviors")
	require.Len(t, behaviours, len(patterns))
	for i, pattern := range patterns {
		b := fmt.Sprintf("orderedCacheBehaviors[%d].", i)
		assert.Equal(t, pattern, dist.String(b+"pathPattern"))
		assert.Equal(t, originID, dist.String(b+"targetOriginId"))
		assert.Equal(t, "redirect-to-https", dist.String(b+"viewerProtocolPolicy"))
		assert.Equal(t, []interface{}{"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}, millionstacktest.Input(t, dist, b+"allowedMethods"))
		assert.Equal(t, "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", dist.String(b+"cachePolicyId"))
		assert.Equal(t, "b689b0a8-53d0-40ab-baf2-68738e2966ac", dist.String(b+"originRequestPolicyId"))
		assert.Equal(t, "67f7725c-6f97-4210-82d7-5512b31e9d03", dist.String(b+"responseHeadersPolicyId"))
	}
}

func TestFunctionURLIsReachableOnlyThroughTheDistribution(t *testing.T) {
	inv := mustRecord(t, cdn.CDNArgs{FunctionOrigin: &cdn.FunctionOrigin{
		FunctionName: pulumi.String("render"),
		URLDomain:    pulumi.String("abc123.lambda-url.us-east-1.on.aws"),
		PathPatterns: []string{"/render/*"},
	}})
	oac := millionstacktest.Named(t, inv, typeOAC, "site-function")
	assert.Equal(t, "lambda", oac.String("originAccessControlOriginType"))
	assert.Equal(t, "always", oac.String("signingBehavior"))
	assert.Equal(t, "sigv4", oac.String("signingProtocol"))

	dist := millionstacktest.Named(t, inv, typeDistribution, "site")
	assert.Equal(t, "function", dist.String("origins[1].originId"))
	assert.Equal(t, "abc123.lambda-url.us-east-1.on.aws", dist.String("origins[1].domainName"))
	assert.Equal(t, "site-function-id", dist.String("origins[1].originAccessControlId"))
	assert.Equal(t, "https-only", dist.String("origins[1].customOriginConfig.originProtocolPolicy"))
	assertDynamicBehaviours(t, dist, "function", "/render/*")

	url := millionstacktest.Named(t, inv, typePermission, "site-function")
	assert.Equal(t, "lambda:InvokeFunctionUrl", url.String("action"))
	assert.Equal(t, "AWS_IAM", url.String("functionUrlAuthType"))
	invoke := millionstacktest.Named(t, inv, typePermission, "site-function-invoke")
	assert.Equal(t, "lambda:InvokeFunction", invoke.String("action"))
	for _, p := range []millionstacktest.Resource{url, invoke} {
		assert.Equal(t, "render", p.String("function"))
		assert.Equal(t, "cloudfront.amazonaws.com", p.String("principal"))
		assert.Equal(t, distributionARN, p.String("sourceArn"))
	}
}

func TestBothDynamicOriginsKeepTheirOrder(t *testing.T) {
	inv := mustRecord(t, cdn.CDNArgs{
		LoadBalancerOrigin: &cdn.LoadBalancerOrigin{DomainName: pulumi.String("lb.example.com"), PathPatterns: []string{"/api/*"}, HTTPS: true},
		FunctionOrigin:     &cdn.FunctionOrigin{FunctionName: pulumi.String("render"), URLDomain: pulumi.String("fn.on.aws"), PathPatterns: []string{"/render/*"}},
	})
	dist := millionstacktest.Named(t, inv, typeDistribution, "site")
	assert.Equal(t, "load-balancer", dist.String("orderedCacheBehaviors[0].targetOriginId"))
	assert.Equal(t, "function", dist.String("orderedCacheBehaviors[1].targetOriginId"))
}

func TestEveryChildIsParentedToTheComponent(t *testing.T) {
	inv := mustRecord(t, cdn.CDNArgs{FunctionOrigin: &cdn.FunctionOrigin{
		FunctionName: pulumi.String("render"), URLDomain: pulumi.String("fn.on.aws"), PathPatterns: []string{"/render/*"},
	}})
	component := millionstacktest.Named(t, inv, typeComponent, "site")
	// Two buckets with 5 settings plus a policy each, two OACs, the distribution, two permissions.
	require.Len(t, inv.Cloud(), 2+5+5+2+2+1+2)
	millionstacktest.ParentedTo(t, component, inv.Cloud()...)
}

func TestInvalidArgsRegisterNothing(t *testing.T) {
	lb := func(patterns ...string) *cdn.LoadBalancerOrigin {
		return &cdn.LoadBalancerOrigin{DomainName: pulumi.String("lb.example.com"), PathPatterns: patterns}
	}
	cases := map[string]struct {
		args cdn.CDNArgs
		want []string
	}{
		"aliases without certificate": {
			cdn.CDNArgs{Aliases: []string{"www.example.com"}},
			[]string{"cdn \"site\": CertificateARN: is required with Aliases (www.example.com)"},
		},
		"bad alias": {
			cdn.CDNArgs{Aliases: []string{"Not A Domain"}, CertificateARN: pulumi.String(certificateARN)},
			[]string{`cdn "site": Aliases: "Not A Domain" is not a domain name`},
		},
		"duplicate alias": {
			cdn.CDNArgs{Aliases: []string{"example.com", "example.com"}, CertificateARN: pulumi.String(certificateARN)},
			[]string{`cdn "site": Aliases: "example.com" is listed twice`},
		},
		"bucket name with capitals and underscore": {
			cdn.CDNArgs{BucketName: "My_Bucket"},
			[]string{`cdn "site": BucketName: "My_Bucket" breaks S3 naming rules`},
		},
		"bucket name too short": {
			cdn.CDNArgs{BucketName: "ab"},
			[]string{`cdn "site": BucketName: "ab" breaks S3 naming rules`},
		},
		"root object with leading slash": {
			cdn.CDNArgs{DefaultRootObject: "/index.html"},
			[]string{`cdn "site": DefaultRootObject: "/index.html" must not start with "/"`},
		},
		"price class": {
			cdn.CDNArgs{PriceClass: "PriceClass_50"},
			[]string{`cdn "site": PriceClass: "PriceClass_50" is not supported; allowed: PriceClass_100, PriceClass_200, PriceClass_All`},
		},
		"log retention": {
			cdn.CDNArgs{LogRetentionDays: 3651},
			[]string{"cdn \"site\": LogRetentionDays: 3651 is out of range; allowed: 1 to 3650"},
		},
		"path pattern without slash": {
			cdn.CDNArgs{LoadBalancerOrigin: lb("api/*")},
			[]string{`cdn "site": LoadBalancerOrigin.PathPatterns: "api/*" must start with "/"`},
		},
		"load balancer without paths or domain": {
			cdn.CDNArgs{LoadBalancerOrigin: &cdn.LoadBalancerOrigin{}},
			[]string{"cdn \"site\": LoadBalancerOrigin.DomainName: is required", "cdn \"site\": LoadBalancerOrigin.PathPatterns: is required"},
		},
		"function without name, URL or paths": {
			cdn.CDNArgs{FunctionOrigin: &cdn.FunctionOrigin{}},
			[]string{"cdn \"site\": FunctionOrigin.FunctionName: is required", "cdn \"site\": FunctionOrigin.URLDomain: is required", "cdn \"site\": FunctionOrigin.PathPatterns: is required"},
		},
		"pattern routed to two origins": {
			cdn.CDNArgs{
				LoadBalancerOrigin: lb("/api/*"),
				FunctionOrigin:     &cdn.FunctionOrigin{FunctionName: pulumi.String("f"), URLDomain: pulumi.String("fn.on.aws"), PathPatterns: []string{"/api/*"}},
			},
			[]string{`cdn "site": FunctionOrigin.PathPatterns: "/api/*" is routed twice`},
		},
		"key in another region": {
			cdn.CDNArgs{ExistingKMSKeyARN: pulumi.String("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")},
			[]string{`cdn "site": ExistingKMSKeyARN: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" is in eu-west-1`},
		},
		"key alias": {
			cdn.CDNArgs{ExistingKMSKeyARN: pulumi.String("arn:aws:kms:us-east-1:123456789012:alias/assets")},
			[]string{`cdn "site": ExistingKMSKeyARN: "arn:aws:kms:us-east-1:123456789012:alias/assets"`},
		},
		"key for a bucket of your own": {
			cdn.CDNArgs{ExistingKMSKeyARN: pulumi.String(keyARN), ExistingBucketName: pulumi.String("acme-assets")},
			[]string{`cdn "site": ExistingKMSKeyARN and ExistingBucketName: a bucket of your own is encrypted as you configured it`},
		},
		"reserved tag key": {
			cdn.CDNArgs{Tags: map[string]string{"aws:owner": "me"}},
			[]string{`cdn "site": Tags: key "aws:owner" uses the reserved prefix "aws:"`},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			inv, _, err := record(t, tc.args)
			millionstacktest.Rejected(t, inv, err, tc.want...)
		})
	}
}
