package main

import (
	"testing"

	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Three AZs, three tiers, a NAT gateway per AZ, each private subnet routed
// through its own AZ's gateway, flow logs of all traffic, the endpoints.
func TestThreeAZsWithNATPerAZ(t *testing.T) {
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev", Config: map[string]string{namespace + ":cidr": "10.40.0.0/16"}})
	require.NoError(t, err)
	assert.Len(t, inv.ByType("aws:ec2/subnet:Subnet"), 9)
	nats := inv.ByType("aws:ec2/natGateway:NatGateway")
	require.Len(t, nats, 3)
	for _, az := range []string{"us-east-1a", "us-east-1b", "us-east-1c"} {
		route, ok := inv.Named("aws:ec2/route:Route", "network-private-"+az+"-internet")
		require.True(t, ok, az)
		assert.Equal(t, "network-nat-"+az+"-id", route.String("natGatewayId"), "%s uses its own AZ's gateway", az)
	}
	vpc, _ := inv.Named("aws:ec2/vpc:Vpc", "network-vpc")
	assert.Equal(t, "10.40.0.0/16", vpc.String("cidrBlock"))
	flow := inv.ByType("aws:ec2/flowLog:FlowLog")
	require.Len(t, flow, 1)
	assert.Equal(t, "ALL", flow[0].String("trafficType"))
	var services []string
	for _, e := range inv.ByType("aws:ec2/vpcEndpoint:VpcEndpoint") {
		services = append(services, e.String("serviceName"))
	}
	assert.ElementsMatch(t, []string{"com.amazonaws.us-east-1.s3", "com.amazonaws.us-east-1.dynamodb", "com.amazonaws.us-east-1.secretsmanager"}, services)
}

// Interface endpoints are config: a list, or none.
func TestInterfaceEndpointsFromConfig(t *testing.T) {
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev", Config: map[string]string{namespace + ":interfaceEndpoints": `["secretsmanager","ssm"]`}})
	require.NoError(t, err)
	assert.Len(t, inv.ByType("aws:ec2/vpcEndpoint:VpcEndpoint"), 4)
	inv, err = millionstacktest.Record(program, millionstacktest.Options{Stack: "dev", Config: map[string]string{namespace + ":interfaceEndpoints": `[]`}})
	require.NoError(t, err)
	assert.Len(t, inv.ByType("aws:ec2/vpcEndpoint:VpcEndpoint"), 2, "the gateway endpoints only")
}

// The stack breaks no rule the provider would enforce at `pulumi up`.
func TestBreaksNoProviderRule(t *testing.T) {
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev"})
	require.NoError(t, err)
	millionstacktest.NoViolations(t, inv)
}

// A range the network cannot lay out, or a region with fewer than three
// AZs, stops the program before anything is registered.
func TestBadConfig(t *testing.T) {
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev", Config: map[string]string{namespace + ":cidr": "8.8.0.0/16"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "network \"network\": CIDR:")
	assert.Empty(t, inv.Resources)
	inv, err = millionstacktest.Record(program, millionstacktest.Options{Stack: "dev", Config: map[string]string{"aws:region": "us-west-1"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "network \"network\": AZCount: 3 exceeds the 2 Availability Zones available in us-west-1")
	assert.Empty(t, inv.Resources)
	inv, err = millionstacktest.Record(program, millionstacktest.Options{Stack: "dev", Config: map[string]string{namespace + ":interfaceEndpoints": `secretsmanager`}})
	require.Error(t, err)
	assert.Empty(t, inv.Resources)
}
