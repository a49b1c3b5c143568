package main

import "fmt"

// review is a reviewed decision to drop a rule the parser reads correctly
// from a doc sentence that is itself wrong or too broad for what AWS and the
// provider enforce. Each says why, with its source.
type review struct {
	Type, Object, Property, Kind string
	Reason                       string
}

// reviews are the rules left out after review: lists of valid values older
// than the API they document (the provider checks these arguments against
// the AWS SDK's own enums, which have grown since), and sentences that say
// more than the provider or AWS enforce.
var reviews = []review{
	{Type: "aws:kms/key:Key", Property: "customerMasterKeySpec", Kind: kindAllowedValues,
		Reason: "the doc lists 9 key specs; terraform-provider-aws internal/service/kms/key.go validates with enum.Validate[awstypes.CustomerMasterKeySpec]() (HMAC_224/384/512, ECC_NIST_EDWARDS25519, SM2, ML_DSA_* too)"},
	{Type: "aws:kms/key:Key", Property: "keyUsage", Kind: kindAllowedValues,
		Reason: "the doc leaves out KEY_AGREEMENT; terraform-provider-aws internal/service/kms/key.go validates with enum.Validate[awstypes.KeyUsageType]()"},
	{Type: "aws:cloudwatch/logGroup:LogGroup", Property: "logGroupClass", Kind: kindAllowedValues,
		Reason: "the doc leaves out DELIVERY (CreateLogGroup API reference: \"There are three classes\"); terraform-provider-aws internal/service/logs/group.go validates with enum.Validate[awstypes.LogGroupClass]()"},
	{Type: "aws:dlm/lifecyclePolicy:LifecyclePolicy", Object: "policyDetails", Property: "resourceLocations", Kind: kindAllowedValues,
		Reason: "the doc leaves out LOCAL_ZONE (DLM API reference, PolicyDetails.ResourceLocations: CLOUD, LOCAL_ZONE, OUTPOST)"},
	{Type: "aws:cloudfront/distribution:Distribution", Object: "viewerCertificate", Property: "minimumProtocolVersion", Kind: kindRequiredWith,
		Reason: "\"Can only be set if cloudfrontDefaultCertificate = false\" is too broad: the same doc says TLSv1 must be given with the default certificate, and CloudFront then sets TLSv1 whatever is given (CloudFront API reference, ViewerCertificate.MinimumProtocolVersion); nothing is refused"},
	{Type: "aws:lb/listener:Listener", Property: "routingHttpResponseAccessControlAllowMethodsHeaderValue", Kind: kindAllowedValues,
		Reason: "the value is an Access-Control-Allow-Methods header, a comma-separated list of the methods the doc names, not one of them"},
}

// applyReviews removes the reviewed rules and returns them apart. A review
// that matches no rule is an error: the SDK changed, and the review with it.
func applyReviews(rules []rule) (kept, dropped []rule, err error) {
	used := make([]bool, len(reviews))
	for _, r := range rules {
		if i := reviewIndex(r); i >= 0 {
			used[i] = true
			dropped = append(dropped, r)
		} else {
			kept = append(kept, r)
		}
	}
	for i, u := range used {
		if !u {
			rv := reviews[i]
			return nil, nil, fmt.Errorf("review of %s %s %s matches no rule any more: delete it", rv.Type, join(rv.Object, rv.Property), rv.Kind)
		}
	}
	return kept, dropped, nil
}

func reviewIndex(r rule) int {
	for i, rv := range reviews {
		if rv.Type == r.Type && rv.Object == r.Object && rv.Property == r.Property && rv.Kind == r.Kind {
			return i
		}
	}
	return -1
}

func reviewOf(r rule) review { return reviews[reviewIndex(r)] }
