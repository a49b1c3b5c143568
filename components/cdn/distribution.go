package cdn

import (
	"github.com/millionstack/millionstack/internal/privatebucket"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// IDs of the AWS managed CloudFront policies the behaviours use. They are
// the same in every account.
const (
	// cachingOptimized caches by path only, for as long as the object's
	// Cache-Control allows (one day by default), and accepts gzip and brotli.
	cachingOptimized = "658327ea-f89d-4fab-a63d-7e88639e58f6"
	// cachingDisabled passes every request to the origin.
	cachingDisabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
	// allViewerExceptHostHeader forwards every header, cookie and query
	// string except Host, so the origin sees its own host name (which a load
	// balancer's certificate and a function URL's signature need).
	allViewerExceptHostHeader = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
	// securityHeaders adds HSTS, X-Content-Type-Options, X-Frame-Options,
	// X-XSS-Protection and Referrer-Policy to every response.
	securityHeaders = "67f7725c-6f97-4210-82d7-5512b31e9d03"
)

// cloudFrontPrincipal is the service principal CloudFront signs origin
// requests as, and that the bucket and the function grant access to.
const cloudFrontPrincipal = "cloudfront.amazonaws.com"

// Origin IDs: how behaviours refer to origins inside the distribution.
const (
	bucketOriginID       = "s3"
	failoverOriginID     = "s3-failover"
	bucketGroupID        = "s3-with-failover"
	loadBalancerOriginID = "load-balancer"
	functionOriginID     = "function"
)

var (
	allMethods    = pulumi.StringArray{pulumi.String("DELETE"), pulumi.String("GET"), pulumi.String("HEAD"), pulumi.String("OPTIONS"), pulumi.String("PATCH"), pulumi.String("POST"), pulumi.String("PUT")}
	readMethods   = pulumi.StringArray{pulumi.String("GET"), pulumi.String("HEAD"), pulumi.String("OPTIONS")}
	cachedMethods = pulumi.StringArray{pulumi.String("GET"), pulumi.String("HEAD")}
)

// newDistribution creates the distribution `<name>` that serves the content
// bucket through an origin access control `<name>`, and the optional load
// balancer and function origins on their path patterns. Viewers are always
// redirected to HTTPS; logs go to the log bucket when there is one.
//
// With a failover copy, the copy is a second S3 origin, signed by the same
// origin access control, and the default behaviour targets an origin group
// of the two instead of the content bucket: a change of the distribution
// in place.
func newDistribution(ctx *pulumi.Context, name string, args CDNArgs, content bucketOrigin, copied, logs *privatebucket.Bucket, opts ...pulumi.ResourceOption) (*cloudfront.Distribution, error) {
	bucketAccess, err := newOriginAccessControl(ctx, name, "s3", opts...)
	if err != nil {
		return nil, err
	}
	origins := cloudfront.DistributionOriginArray{
		cloudfront.DistributionOriginArgs{
			OriginId:              pulumi.String(bucketOriginID),
			DomainName:            content.regionalDomainName,
			OriginAccessControlId: bucketAccess.ID(),
		},
	}
	defaultOrigin := bucketOriginID
	var groups cloudfront.DistributionOriginGroupArray
	if copied != nil {
		origins = append(origins, cloudfront.DistributionOriginArgs{
			OriginId:              pulumi.String(failoverOriginID),
			DomainName:            copied.BucketRegionalDomainName,
			OriginAccessControlId: bucketAccess.ID(),
		})
		groups = cloudfront.DistributionOriginGroupArray{cloudfront.DistributionOriginGroupArgs{
			OriginId: pulumi.String(bucketGroupID),
			FailoverCriteria: cloudfront.DistributionOriginGroupFailoverCriteriaArgs{
				StatusCodes: pulumi.ToIntArray(failoverStatusCodes),
			},
			Members: cloudfront.DistributionOriginGroupMemberArray{
				cloudfront.DistributionOriginGroupMemberArgs{OriginId: pulumi.String(bucketOriginID)},
				cloudfront.DistributionOriginGroupMemberArgs{OriginId: pulumi.String(failoverOriginID)},
			},
		}}
		defaultOrigin = bucketGroupID
	}
	var behaviours cloudfront.DistributionOrderedCacheBehaviorArray
	if lb := args.LoadBalancerOrigin; lb != nil {
		protocol := "http-only"
		if lb.HTTPS {
			protocol = "https-only"
		}
		origins = append(origins, cloudfront.DistributionOriginArgs{
			OriginId:           pulumi.String(loadBalancerOriginID),
			DomainName:         lb.DomainName,
			CustomOriginConfig: customOrigin(protocol),
		})
		behaviours = append(behaviours, dynamicBehaviours(loadBalancerOriginID, lb.PathPatterns)...)
	}
	if fn := args.FunctionOrigin; fn != nil {
		functionAccess, err := newOriginAccessControl(ctx, name+"-function", "lambda", opts...)
		if err != nil {
			return nil, err
		}
		origins = append(origins, cloudfront.DistributionOriginArgs{
			OriginId:              pulumi.String(functionOriginID),
			DomainName:            fn.URLDomain,
			OriginAccessControlId: functionAccess.ID(),
			CustomOriginConfig:    customOrigin("https-only"),
		})
		behaviours = append(behaviours, dynamicBehaviours(functionOriginID, fn.PathPatterns)...)
	}

	distArgs := &cloudfront.DistributionArgs{
		Enabled:           pulumi.Bool(true),
		IsIpv6Enabled:     pulumi.Bool(true),
		HttpVersion:       pulumi.String("http2and3"),
		PriceClass:        pulumi.String(string(args.PriceClass)),
		DefaultRootObject: pulumi.String(args.DefaultRootObject),
		Aliases:           pulumi.ToStringArray(args.Aliases),
		Origins:           origins,
		OriginGroups:      groups,
		DefaultCacheBehavior: cloudfront.DistributionDefaultCacheBehaviorArgs{
			// Read methods only: an origin group fails over for GET, HEAD
			// and OPTIONS, and a behaviour targeting one may allow no
			// others (CloudFront developer guide, origin failover).
			TargetOriginId:          pulumi.String(defaultOrigin),
			ViewerProtocolPolicy:    pulumi.String("redirect-to-https"),
			AllowedMethods:          readMethods,
			CachedMethods:           cachedMethods,
			Compress:                pulumi.Bool(true),
			CachePolicyId:           pulumi.String(cachingOptimized),
			ResponseHeadersPolicyId: pulumi.String(securityHeaders),
		},
		OrderedCacheBehaviors: behaviours,
		ViewerCertificate:     viewerCertificate(args.CertificateARN),
		Restrictions: cloudfront.DistributionRestrictionsArgs{
			GeoRestriction: cloudfront.DistributionRestrictionsGeoRestrictionArgs{RestrictionType: pulumi.String("none")},
		},
		Tags: tagging.Named(name, args.Tags),
	}
	if args.WebACLARN != nil {
		distArgs.WebAclId = args.WebACLARN.ToStringOutput()
	}
	switch {
	case logs != nil:
		distArgs.LoggingConfig = cloudfront.DistributionLoggingConfigArgs{
			// CloudFront takes the bucket's global endpoint, not its regional one.
			Bucket:         logs.BucketDomainName,
			IncludeCookies: pulumi.Bool(false),
		}
		// CloudFront grants itself write access through an ACL, which the
		// log bucket's ownership controls must allow first.
		opts = append(opts, pulumi.DependsOn(logs.Settings))
	case args.ExistingLogBucketName != nil && *args.Logging:
		distArgs.LoggingConfig = cloudfront.DistributionLoggingConfigArgs{
			Bucket:         pulumi.Sprintf("%s.s3.amazonaws.com", args.ExistingLogBucketName),
			Prefix:         pulumi.String(name + "/"),
			IncludeCookies: pulumi.Bool(false),
		}
	}
	return cloudfront.NewDistribution(ctx, name, distArgs, opts...)
}

// newOriginAccessControl creates an origin access control through which
// CloudFront signs (SigV4) every request to an origin of originType ("s3",
// "lambda"), so the origin can admit this distribution and nobody else.
func newOriginAccessControl(ctx *pulumi.Context, name, originType string, opts ...pulumi.ResourceOption) (*cloudfront.OriginAccessControl, error) {
	return cloudfront.NewOriginAccessControl(ctx, name, &cloudfront.OriginAccessControlArgs{
		Description:                   pulumi.String("CloudFront access to " + name),
		OriginAccessControlOriginType: pulumi.String(originType),
		SigningBehavior:               pulumi.String("always"),
		SigningProtocol:               pulumi.String("sigv4"),
	}, opts...)
}

// customOrigin is how CloudFront connects to a non-S3 origin: over protocol
// ("https-only" or "http-only"), and with TLS 1.2 when over HTTPS.
func customOrigin(protocol string) *cloudfront.DistributionOriginCustomOriginConfigArgs {
	return &cloudfront.DistributionOriginCustomOriginConfigArgs{
		OriginProtocolPolicy: pulumi.String(protocol),
		HttpPort:             pulumi.Int(80),
		HttpsPort:            pulumi.Int(443),
		OriginSslProtocols:   pulumi.StringArray{pulumi.String("TLSv1.2")},
	}
}

// dynamicBehaviours route each path pattern, in order, to a dynamic origin:
// every method, nothing cached, every viewer header but Host forwarded.
func dynamicBehaviours(originID string, patterns []string) cloudfront.DistributionOrderedCacheBehaviorArray {
	var out cloudfront.DistributionOrderedCacheBehaviorArray
	for _, pattern := range patterns {
		out = append(out, cloudfront.DistributionOrderedCacheBehaviorArgs{
			PathPattern:             pulumi.String(pattern),
			TargetOriginId:          pulumi.String(originID),
			ViewerProtocolPolicy:    pulumi.String("redirect-to-https"),
			AllowedMethods:          allMethods,
			CachedMethods:           cachedMethods,
			CachePolicyId:           pulumi.String(cachingDisabled),
			OriginRequestPolicyId:   pulumi.String(allViewerExceptHostHeader),
			ResponseHeadersPolicyId: pulumi.String(securityHeaders),
		})
	}
	return out
}

// viewerCertificate serves the aliases with the ACM certificate when there
// is one, over SNI and TLS 1.2 or newer; otherwise CloudFront's own
// *.cloudfront.net certificate.
func viewerCertificate(certificateARN pulumi.StringInput) cloudfront.DistributionViewerCertificateArgs {
	if certificateARN == nil {
		return cloudfront.DistributionViewerCertificateArgs{CloudfrontDefaultCertificate: pulumi.Bool(true)}
	}
	return cloudfront.DistributionViewerCertificateArgs{
		AcmCertificateArn:      certificateARN.ToStringOutput(),
		SslSupportMethod:       pulumi.String("sni-only"),
		MinimumProtocolVersion: pulumi.String("TLSv1.2_2021"),
	}
}
