package network

import (
	"github.com/millionstack/millionstack/internal/naming"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// anywhere is the IPv4 default route's destination.
const anywhere = "0.0.0.0/0"

// tiers are the subnets and route tables of the three tiers.
type tiers struct {
	// ids and cidrs of each tier's subnets, in AZ order.
	ids   map[Tier]pulumi.StringArray
	cidrs map[Tier][]string
	// subnets by tier and AZ; publicSubnets the public ones, where each
	// AZ's NAT gateway lives.
	subnets       map[Tier]map[string]*ec2.Subnet
	publicSubnets map[string]*ec2.Subnet
	// privateTables by AZ: one per AZ, so that each can point at its own
	// NAT gateway once NAT is per AZ.
	privateTables map[string]*ec2.RouteTable
	// database is the database subnets' route table.
	database *ec2.RouteTable
	// isolated are the route tables with no internet route of their own,
	// named by role: every private table and the database table. They get
	// the gateway endpoints.
	isolated []roleTable
}

// roleTable is a route table and the role part of its logical name
// ("private-us-east-1a", "database").
type roleTable struct {
	role  string
	table *ec2.RouteTable
}

// subnets creates, for each AZ, a public, a private and a database subnet at
// the AZ's position in the fixed layout, and routes them: one public table
// with a default route to the internet gateway, one private table per AZ
// (NAT routes come later, if any) and one database table with no internet
// route at all.
func (b *builder) subnets(c *core, vpcCIDR string, zones []string) (*tiers, error) {
	public, err := b.routeTable("public", c.vpc)
	if err != nil {
		return nil, err
	}
	if _, err := ec2.NewRoute(b.ctx, naming.Child(b.name, "public", "internet"), &ec2.RouteArgs{
		RouteTableId:         public.ID(),
		DestinationCidrBlock: pulumi.String(anywhere),
		GatewayId:            c.igw.ID(),
	}, b.parent); err != nil {
		return nil, err
	}
	database, err := b.routeTable("database", c.vpc)
	if err != nil {
		return nil, err
	}

	t := &tiers{
		ids:           map[Tier]pulumi.StringArray{},
		cidrs:         map[Tier][]string{},
		subnets:       map[Tier]map[string]*ec2.Subnet{TierPublic: {}, TierPrivate: {}, TierDatabase: {}},
		publicSubnets: map[string]*ec2.Subnet{},
		privateTables: map[string]*ec2.RouteTable{},
		database:      database,
	}
	for position, az := range zones {
		private, err := b.routeTable("private-"+az, c.vpc)
		if err != nil {
			return nil, err
		}
		t.privateTables[az] = private
		t.isolated = append(t.isolated, roleTable{role: "private-" + az, table: private})

		for _, tier := range []struct {
			tier  Tier
			table *ec2.RouteTable
		}{{TierPublic, public}, {TierPrivate, private}, {TierDatabase, database}} {
			cidr, err := SubnetCIDR(vpcCIDR, tier.tier, position)
			if err != nil {
				return nil, err
			}
			subnet, err := b.subnet(c.vpc, tier.tier, az, cidr, tier.table)
			if err != nil {
				return nil, err
			}
			t.ids[tier.tier] = append(t.ids[tier.tier], subnet.ID())
			t.cidrs[tier.tier] = append(t.cidrs[tier.tier], cidr)
			t.subnets[tier.tier][az] = subnet
			if tier.tier == TierPublic {
				t.publicSubnets[az] = subnet
			}
		}
	}
	t.isolated = append(t.isolated, roleTable{role: "database", table: database})
	return t, nil
}

// subnet creates the subnet of tier in az, named "<name>-<tier>-<az>", and
// associates it with table under the same name. No subnet assigns public IPs
// on launch (Security Hub EC2.15), not even public ones: what must be public
// gets an Elastic IP or sits behind a load balancer.
func (b *builder) subnet(vpc *ec2.Vpc, tier Tier, az, cidr string, table *ec2.RouteTable) (*ec2.Subnet, error) {
	name := naming.Child(b.name, string(tier), az)
	subnet, err := ec2.NewSubnet(b.ctx, name, &ec2.SubnetArgs{
		VpcId:               vpc.ID(),
		AvailabilityZone:    pulumi.String(az),
		CidrBlock:           pulumi.String(cidr),
		MapPublicIpOnLaunch: pulumi.Bool(false),
		Tags:                tagging.Named(name, b.tags, map[string]string{"Tier": string(tier)}),
	}, b.parent)
	if err != nil {
		return nil, err
	}
	if _, err := ec2.NewRouteTableAssociation(b.ctx, name, &ec2.RouteTableAssociationArgs{
		SubnetId:     subnet.ID(),
		RouteTableId: table.ID(),
	}, b.parent); err != nil {
		return nil, err
	}
	return subnet, nil
}

// routeTable creates the route table "<name>-<role>". Routes are separate
// ec2.Route resources, so adding one never rewrites the table.
func (b *builder) routeTable(role string, vpc *ec2.Vpc) (*ec2.RouteTable, error) {
	name := naming.Child(b.name, role)
	return ec2.NewRouteTable(b.ctx, name, &ec2.RouteTableArgs{
		VpcId: vpc.ID(),
		Tags:  tagging.Named(name, b.tags),
	}, b.parent)
}
