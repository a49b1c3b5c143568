package main

import (
	"testing"

	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The example runs offline exactly as a user's own stack test would.
func TestExampleBuildsUnderMocks(t *testing.T) {
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev"})
	require.NoError(t, err)
	assert.Len(t, inv.ByType("aws:ec2/subnet:Subnet"), 9, "three tiers in three AZs")
	assert.Len(t, inv.ByType("aws:ec2/natGateway:NatGateway"), 3)
	var primary, replicas int
	for _, db := range inv.ByType("aws:rds/instance:Instance") {
		if db.String("replicateSourceDb") != "" {
			replicas++
			continue
		}
		primary++
		assert.Equal(t, "true", db.String("multiAz"))
	}
	assert.Equal(t, 1, primary)
	assert.Equal(t, 1, replicas)
	// The bootstrap and the rotation wait for the Secrets Manager endpoint.
	var endpoint string
	for _, e := range inv.ByType("aws:ec2/vpcEndpoint:VpcEndpoint") {
		if e.Name == "shop-secretsmanager" {
			endpoint = e.URN
		}
	}
	require.NotEmpty(t, endpoint)
	for _, typ := range []string{"aws:lambda/invocation:Invocation", "aws:secretsmanager/secretRotation:SecretRotation"} {
		waits := inv.ByType(typ)
		require.Len(t, waits, 1, typ)
		assert.Contains(t, waits[0].Dependencies, endpoint, typ)
	}
}

// The example breaks no rule the provider would enforce at `pulumi up`.
func TestExampleBreaksNoProviderRule(t *testing.T) {
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev"})
	require.NoError(t, err)
	millionstacktest.NoViolations(t, inv)
}
