// Command network-three-azs is a Pulumi program of your own that creates
// millionstack's network alone: a VPC across three Availability Zones with
// public, private and database subnets, a NAT gateway in each AZ, flow logs,
// the S3 and DynamoDB gateway endpoints and the interface endpoints you ask
// for. Its outputs are the IDs the stacks that build in it take (through a
// StackReference); see README.md.
//
//	cd examples/network-three-azs && pulumi stack init dev && pulumi up
package main

import (
	"github.com/millionstack/millionstack/components/network"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// namespace is where the program's config keys live: the project's name
// in Pulumi.yaml, so that `pulumi config set cidr ...` sets them.
const namespace = "network-three-azs"

func main() {
	pulumi.Run(program)
}

func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, namespace)
	// The database subnets have no internet route: what runs there (a
	// database's rotation, a function) reaches Secrets Manager through its
	// endpoint. Override with a JSON list; [] for none.
	endpoints := []string{"secretsmanager"}
	if err := cfg.TryObject("interfaceEndpoints", &endpoints); err != nil && cfg.Get("interfaceEndpoints") != "" {
		return err
	}
	net, err := network.NewNetwork(ctx, "network", network.NetworkArgs{
		CIDR:                 cfg.Get("cidr"), // "" takes 10.0.0.0/16; fixed for the VPC's life
		AZCount:              3,
		NAT:                  network.NATPerAZ,
		InterfaceEndpoints:   endpoints,
		FlowLogRetentionDays: cfg.GetInt("flowLogRetentionDays"), // 0 takes 365
	})
	if err != nil {
		return err
	}
	ctx.Export("vpcId", net.VpcID)
	ctx.Export("cidr", pulumi.String(net.CIDR))
	ctx.Export("availabilityZones", pulumi.ToStringArray(net.AvailabilityZones))
	ctx.Export("publicSubnetIds", net.PublicSubnetIDs)
	ctx.Export("privateSubnetIds", net.PrivateSubnetIDs)
	ctx.Export("databaseSubnetIds", net.DatabaseSubnetIDs)
	ctx.Export("privateSubnetCidrs", pulumi.ToStringArray(net.PrivateSubnetCIDRs))
	ctx.Export("natGatewayIds", net.NATGatewayIDs)
	routeTables := pulumi.StringMap{}
	for az, id := range net.PrivateRouteTableIDs {
		routeTables[az] = id
	}
	ctx.Export("privateRouteTableIds", routeTables)
	ctx.Export("databaseRouteTableId", net.DatabaseRouteTableID)
	ctx.Export("interfaceEndpointSecurityGroupId", net.InterfaceEndpointSecurityGroupID)
	ctx.Export("flowLogGroupName", net.FlowLogGroupName)
	return nil
}
