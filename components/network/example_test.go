package network_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/network"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A VPC across three Availability Zones with a NAT gateway in each, flow
// logs, the free S3 and DynamoDB gateway endpoints and a Secrets Manager
// interface endpoint; its IDs are what other stacks take.
func Example() {
	program := func(ctx *pulumi.Context) error {
		net, err := network.NewNetwork(ctx, "shop", network.NetworkArgs{
			CIDR:               "10.20.0.0/16",
			AZCount:            3,
			NAT:                network.NATPerAZ,
			InterfaceEndpoints: []string{"secretsmanager"},
		})
		if err != nil {
			return err
		}
		ctx.Export("vpcId", net.VpcID)
		ctx.Export("privateSubnetIds", net.PrivateSubnetIDs)
		return nil
	}
	// Record the program offline, as a test of your own would.
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, typ := range []string{"aws:ec2/subnet:Subnet", "aws:ec2/natGateway:NatGateway", "aws:ec2/vpcEndpoint:VpcEndpoint", "aws:ec2/flowLog:FlowLog"} {
		fmt.Println(typ, len(inv.ByType(typ)))
	}
	private, _ := inv.Named("aws:ec2/subnet:Subnet", "shop-private-us-east-1c")
	fmt.Println(private.String("cidrBlock"))
	// Output:
	// aws:ec2/subnet:Subnet 9
	// aws:ec2/natGateway:NatGateway 3
	// aws:ec2/vpcEndpoint:VpcEndpoint 3
	// aws:ec2/flowLog:FlowLog 1
	// 10.20.32.0/20
}
