package main

import (
	"testing"

	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const certificate = "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab"

// stackConfig is a stack's config as `pulumi config set` writes it.
var stackConfig = map[string]string{
	namespace + ":vpcId":            "vpc-0123456789abcdef0",
	namespace + ":certificateArn":   certificate,
	namespace + ":publicSubnetIds":  `["subnet-0aaaaaaaaaaaaaaa1","subnet-0aaaaaaaaaaaaaaa2"]`,
	namespace + ":privateSubnetIds": `["subnet-0bbbbbbbbbbbbbbb1","subnet-0bbbbbbbbbbbbbbb2"]`,
	namespace + ":maxSize":          "8",
}

// The stack serves HTTPS with the given certificate, in the given VPC and
// subnets, and redirects HTTP.
func TestTheTierServesYourCertificateInYourVPC(t *testing.T) {
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev", Config: stackConfig})
	require.NoError(t, err)
	alb, ok := inv.Named("aws:lb/loadBalancer:LoadBalancer", "web")
	require.True(t, ok)
	assert.Equal(t, []interface{}{"subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"}, mustInput(t, alb, "subnets"))
	https, ok := inv.Named("aws:lb/listener:Listener", "web-https")
	require.True(t, ok)
	assert.Equal(t, certificate, https.String("certificateArn"))
	http, _ := inv.Named("aws:lb/listener:Listener", "web-http")
	assert.Equal(t, "redirect", http.String("defaultActions[0].type"))
	group, _ := inv.Named("aws:autoscaling/group:Group", "web")
	assert.Equal(t, []interface{}{"subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"}, mustInput(t, group, "vpcZoneIdentifiers"))
	assert.Equal(t, "8", group.String("maxSize"))
	for _, sg := range inv.ByType("aws:ec2/securityGroup:SecurityGroup") {
		assert.Equal(t, "vpc-0123456789abcdef0", sg.String("vpcId"), sg.Name)
	}
}

func mustInput(t *testing.T, r millionstacktest.Resource, path string) interface{} {
	t.Helper()
	v, ok := r.Input(path)
	require.True(t, ok, path)
	return v
}

// The stack breaks no rule the provider would enforce at `pulumi up`.
func TestBreaksNoProviderRule(t *testing.T) {
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev", Config: stackConfig})
	require.NoError(t, err)
	millionstacktest.NoViolations(t, inv)
}

// Missing config is named, key by key, before anything is registered; a
// certificate from another region is refused by the component.
func TestBadConfig(t *testing.T) {
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev"})
	require.Error(t, err)
	for _, key := range []string{"vpcId", "certificateArn", "publicSubnetIds", "privateSubnetIds"} {
		assert.Contains(t, err.Error(), namespace+":"+key)
	}
	assert.Empty(t, inv.Resources)

	elsewhere := map[string]string{}
	for k, v := range stackConfig {
		elsewhere[k] = v
	}
	elsewhere[namespace+":certificateArn"] = "arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab"
	inv, err = millionstacktest.Record(program, millionstacktest.Options{Stack: "dev", Config: elsewhere})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "webtier \"web\": CertificateARN:")
	assert.Contains(t, err.Error(), "is in eu-west-1; allowed: an ACM certificate in us-east-1")
	assert.Empty(t, inv.Resources)
}
