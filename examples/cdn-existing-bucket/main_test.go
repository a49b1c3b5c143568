package main

import (
	"encoding/json"
	"testing"

	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func record(t *testing.T, stackConfig map[string]string) (*millionstacktest.Inventory, error) {
	t.Helper()
	return millionstacktest.Record(program, millionstacktest.Options{Stack: "dev", Config: stackConfig})
}

// The distribution serves the bucket of the user's through an origin
// access control; the bucket itself is neither created nor touched.
func TestTheDistributionServesYourBucket(t *testing.T) {
	inv, err := record(t, map[string]string{namespace + ":bucketName": "acme-website", namespace + ":defaultRootObject": "index.html"})
	require.NoError(t, err)
	dist, ok := inv.Named("aws:cloudfront/distribution:Distribution", "site")
	require.True(t, ok)
	assert.Equal(t, "acme-website.s3.us-east-1.amazonaws.com", dist.String("origins[0].domainName"))
	assert.Equal(t, "index.html", dist.String("defaultRootObject"))
	assert.Equal(t, "redirect-to-https", dist.String("defaultCacheBehavior.viewerProtocolPolicy"))
	oac, ok := inv.Named("aws:cloudfront/originAccessControl:OriginAccessControl", "site")
	require.True(t, ok)
	assert.Equal(t, "always", oac.String("signingBehavior"))
	for _, b := range inv.ByType("aws:s3/bucketV2:BucketV2") {
		assert.NotEqual(t, "acme-website", b.String("bucket"), "the user's bucket is not created")
	}
	for _, p := range inv.ByType("aws:s3/bucketPolicy:BucketPolicy") {
		assert.NotEqual(t, "acme-website", p.String("bucket"), "nor is its policy set unless asked")
	}
}

// With managePolicy the stack owns the bucket's policy: CloudFront may
// read for this distribution only, and nobody without TLS.
func TestManagedPolicy(t *testing.T) {
	inv, err := record(t, map[string]string{namespace + ":bucketName": "acme-website", namespace + ":managePolicy": "true"})
	require.NoError(t, err)
	p, ok := inv.Named("aws:s3/bucketPolicy:BucketPolicy", "site-content")
	require.True(t, ok)
	assert.Equal(t, "acme-website", p.String("bucket"))
	var doc struct{ Statement []map[string]interface{} }
	require.NoError(t, json.Unmarshal([]byte(p.String("policy")), &doc))
	require.Len(t, doc.Statement, 2)
	assert.Equal(t, "arn:aws:s3:::acme-website/*", doc.Statement[0]["Resource"])
	assert.Equal(t, map[string]interface{}{"StringEquals": map[string]interface{}{"AWS:SourceArn": "arn:aws:cloudfront:us-east-1:123456789012:distribution/site"}}, doc.Statement[0]["Condition"])
	assert.Equal(t, "Deny", doc.Statement[1]["Effect"])
}

// The stack breaks no rule the provider would enforce at `pulumi up`.
func TestBreaksNoProviderRule(t *testing.T) {
	inv, err := record(t, map[string]string{namespace + ":bucketName": "acme-website", namespace + ":managePolicy": "true"})
	require.NoError(t, err)
	millionstacktest.NoViolations(t, inv)
}

// Without a bucket, or with a name S3 would refuse, nothing is registered.
func TestBadConfig(t *testing.T) {
	inv, err := record(t, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), namespace+":bucketName")
	assert.Empty(t, inv.Resources)

	inv, err = record(t, map[string]string{namespace + ":bucketName": "Acme_Website"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `cdn "site": ExistingBucketName: "Acme_Website" breaks S3 naming rules`)
	assert.Empty(t, inv.ByType("millionstack:cdn:CDN"))
}
