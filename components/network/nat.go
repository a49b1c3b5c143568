package network

import (
	"github.com/millionstack/millionstack/internal/naming"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// natGateways creates the NAT gateways mode asks for, each with its Elastic
// IP, in the public subnet of its AZ, and gives every private route table a
// default route to one of them: its own AZ's gateway, or the first AZ's when
// there is only one. It returns the gateways' IDs in AZ order.
//
// A gateway and its EIP are named by their AZ ("<name>-nat-us-east-1a") and
// their inputs do not depend on the mode, so moving from single to per-az
// keeps the first AZ's gateway and only repoints the other AZs' routes.
func (b *builder) natGateways(mode NATMode, zones []string, c *core, t *tiers) (pulumi.StringArray, error) {
	ids := pulumi.StringArray{}
	if mode == NATNone {
		return ids, nil
	}
	natZones := zones[:1]
	if mode == NATPerAZ {
		natZones = zones
	}
	gateways := map[string]*ec2.NatGateway{}
	for _, az := range natZones {
		gateway, err := b.natGateway(az, c, t)
		if err != nil {
			return nil, err
		}
		gateways[az] = gateway
		ids = append(ids, gateway.ID())
	}

	for _, az := range zones {
		gateway, ok := gateways[az]
		if !ok { // NATSingle: every AZ shares the first AZ's gateway.
			gateway = gateways[zones[0]]
		}
		if _, err := ec2.NewRoute(b.ctx, naming.Child(b.name, "private", az, "internet"), &ec2.RouteArgs{
			RouteTableId:         t.privateTables[az].ID(),
			DestinationCidrBlock: pulumi.String(anywhere),
			NatGatewayId:         gateway.ID(),
		}, b.parent); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// natGateway creates the Elastic IP and the NAT gateway of one AZ, both
// named "<name>-nat-<az>". The gateway waits for the internet gateway, as
// AWS requires for it to become available.
func (b *builder) natGateway(az string, c *core, t *tiers) (*ec2.NatGateway, error) {
	name := naming.Child(b.name, "nat", az)
	eip, err := ec2.NewEip(b.ctx, name, &ec2.EipArgs{
		Domain: pulumi.String("vpc"),
		Tags:   tagging.Named(name, b.tags),
	}, b.parent)
	if err != nil {
		return nil, err
	}
	return ec2.NewNatGateway(b.ctx, name, &ec2.NatGatewayArgs{
		AllocationId: eip.AllocationId,
		SubnetId:     t.publicSubnets[az].ID(),
		Tags:         tagging.Named(name, b.tags),
	}, b.parent, pulumi.DependsOn([]pulumi.Resource{c.igw}))
}
