package network

import (
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PeeringArgs connect the app of a second region to the data stores of the
// first: the second network's private subnets (where the app runs) reach
// the first network's database subnets (where the writers are) over a VPC
// peering connection between the two regions, and nothing else does.
type PeeringArgs struct {
	// Network is the network of the data stores, in the region of the
	// component's own provider: it requests the peering. Required.
	Network *Network
	// PeerNetwork is the network of the app, in PeerRegion: it accepts the
	// peering, through PeerProvider. Required; its range must not overlap
	// Network's (a peering refuses overlapping ranges: Amazon VPC peering
	// guide, VPC peering limitations).
	PeerNetwork *Network
	// PeerRegion is PeerNetwork's region, another than Network's (a
	// peering within one region is not what this is for). Required.
	PeerRegion string
	// PeerProvider is the AWS provider of PeerRegion. Required.
	PeerProvider *aws.Provider
	// Admit are data stores of Network that admit the peer's app, by key
	// ("db"): TCP on Port from each of PeerNetwork's private subnets, one
	// ingress rule `<name>-admit-<key>-<peer AZ>` on SecurityGroupID each.
	// A security group of a peer VPC in another region cannot be
	// referenced, only its ranges (Amazon VPC peering guide, "Update your
	// security groups to reference peer security groups"). Keys are
	// lower-case letters, digits and single hyphens.
	Admit map[string]Admission
	// Tags are applied to the peering connection, both of its sides and
	// the rules, together with Name.
	Tags map[string]string
}

// Admission is a security group that admits the peer's app on a port.
type Admission struct {
	// SecurityGroupID is the data store's security group. Required.
	SecurityGroupID pulumi.StringInput
	// Port is the data store's port (5432 for PostgreSQL). Required, 1 to
	// 65535.
	Port int
}

// PeeringType is the Peering component's type token.
const PeeringType = "millionstack:network:Peering"

// Peering is the peering connection between two networks of one account
// in two regions, and the routes and rules that let one's app reach the
// other's data stores.
type Peering struct {
	pulumi.ResourceState

	// ID is the peering connection's ID (pcx-...).
	ID pulumi.StringOutput `pulumi:"id"`
}

// NewPeering creates, after validating args (a bad Args registers
// nothing):
//
//   - the peering connection `<name>`, requested from Network's VPC (the
//     component's provider) to PeerNetwork's in PeerRegion, and accepted
//     there, `<name>-accepter` (through PeerProvider): an inter-region
//     peering cannot be accepted by its requester (pulumi-aws
//     go/aws/ec2/vpcPeeringConnection.go: with peerRegion, "autoAccept
//     must be false, and use the ec2.VpcPeeringConnectionAccepter");
//   - routes over it, once it is active, from each of PeerNetwork's
//     private route tables to each of Network's database subnets
//     (`<name>-<peer AZ>-to-<AZ>`), and from Network's database route
//     table back to each of PeerNetwork's private subnets
//     (`<name>-database-to-<peer AZ>`): subnet ranges, not whole VPCs, so
//     that the peering carries the app's connections to the databases and
//     nothing else (CIS AWS Foundations 5.5, routing tables for VPC
//     peering are least access);
//   - the ingress rules of Admit.
//
// A peering is free; data that crosses it is inter-region transfer, billed
// per GB on both sides.
func NewPeering(ctx *pulumi.Context, name string, args PeeringArgs, opts ...pulumi.ResourceOption) (*Peering, error) {
	if err := errors.Join(validate.ComponentName("network", name), args.validate(name, "")); err != nil {
		return nil, err
	}
	region, err := lookupRegion(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := args.validate(name, region.Name); err != nil { // now against the component's region
		return nil, err
	}
	peering := &Peering{}
	if err := ctx.RegisterComponentResource(PeeringType, name, peering, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(peering)
	inPeer := []pulumi.ResourceOption{parent, pulumi.Provider(args.PeerProvider)}
	child := func(role ...string) string { return strings.Join(append([]string{name}, role...), "-") }

	connection, err := ec2.NewVpcPeeringConnection(ctx, name, &ec2.VpcPeeringConnectionArgs{
		VpcId:      args.Network.VpcID,
		PeerVpcId:  args.PeerNetwork.VpcID,
		PeerRegion: pulumi.String(args.PeerRegion),
		Tags:       tagging.Named(name, args.Tags),
	}, parent)
	if err != nil {
		return nil, err
	}
	accepted, err := ec2.NewVpcPeeringConnectionAccepter(ctx, child("accepter"), &ec2.VpcPeeringConnectionAccepterArgs{
		VpcPeeringConnectionId: connection.ID(),
		AutoAccept:             pulumi.Bool(true),
		Tags:                   tagging.Named(child("accepter"), args.Tags),
	}, inPeer...)
	if err != nil {
		return nil, err
	}
	// Routes name the connection once accepted: a route over a peering
	// that is not active yet is refused.
	active := accepted.VpcPeeringConnectionId

	for i, peerAZ := range args.PeerNetwork.AvailabilityZones {
		table := args.PeerNetwork.PrivateRouteTableIDs[peerAZ]
		for j, az := range args.Network.AvailabilityZones {
			if _, err := ec2.NewRoute(ctx, child(peerAZ, "to", az), &ec2.RouteArgs{
				RouteTableId:           table,
				DestinationCidrBlock:   pulumi.String(args.Network.DatabaseSubnetCIDRs[j]),
				VpcPeeringConnectionId: active,
			}, inPeer...); err != nil {
				return nil, err
			}
		}
		if _, err := ec2.NewRoute(ctx, child("database", "to", peerAZ), &ec2.RouteArgs{
			RouteTableId:           args.Network.DatabaseRouteTableID,
			DestinationCidrBlock:   pulumi.String(args.PeerNetwork.PrivateSubnetCIDRs[i]),
			VpcPeeringConnectionId: active,
		}, parent); err != nil {
			return nil, err
		}
	}

	for _, key := range validate.Keys(args.Admit) {
		admission := args.Admit[key]
		for i, peerAZ := range args.PeerNetwork.AvailabilityZones {
			rule := child("admit", key, peerAZ)
			if _, err := vpc.NewSecurityGroupIngressRule(ctx, rule, &vpc.SecurityGroupIngressRuleArgs{
				SecurityGroupId: admission.SecurityGroupID,
				Description:     pulumi.String("The app in " + args.PeerRegion + " " + peerAZ + ", over the peering"),
				IpProtocol:      pulumi.String("tcp"),
				FromPort:        pulumi.Int(admission.Port),
				ToPort:          pulumi.Int(admission.Port),
				CidrIpv4:        pulumi.String(args.PeerNetwork.PrivateSubnetCIDRs[i]),
				Tags:            tagging.Named(rule, args.Tags),
			}, parent); err != nil {
				return nil, err
			}
		}
	}

	peering.ID = connection.ID().ToStringOutput()
	return peering, ctx.RegisterResourceOutputs(peering, pulumi.Map{"id": peering.ID})
}

// validate reports every problem of args at once; region is the
// component's, "" when not looked up.
func (a PeeringArgs) validate(name, region string) error {
	p := validate.For("network", name)
	p.Required("Network", a.Network != nil, "the network of the data stores")
	p.Required("PeerNetwork", a.PeerNetwork != nil, "the network of the app in the other region")
	p.Required("PeerProvider", a.PeerProvider != nil, "the AWS provider of PeerRegion")
	p.Region("PeerRegion", a.PeerRegion)
	p.Allows("PeerRegion", "the other network's region, not the one of the component's own provider").
		RefuseIf(region != "" && region == a.PeerRegion, "%q is the region of the component's own provider", a.PeerRegion)
	made := "a Network made by NewNetwork"
	if a.Network != nil && a.PeerNetwork != nil {
		p.Allows("PeerNetwork", "a range that does not overlap Network's (a peering refuses them)").
			RefuseIf(Overlaps(a.Network.CIDR, a.PeerNetwork.CIDR), "range %s overlaps Network's %s", a.PeerNetwork.CIDR, a.Network.CIDR)
		p.Allows("PeerNetwork", made).
			RefuseIf(len(a.PeerNetwork.PrivateRouteTableIDs) != len(a.PeerNetwork.AvailabilityZones) || len(a.PeerNetwork.PrivateSubnetCIDRs) != len(a.PeerNetwork.AvailabilityZones),
				"has no private route table or subnet range for each of its AZs")
		p.Allows("Network", made).
			RefuseIf(a.Network.DatabaseRouteTableID == (pulumi.StringOutput{}) || len(a.Network.DatabaseSubnetCIDRs) != len(a.Network.AvailabilityZones),
				"has no database route table or subnet range for each of its AZs")
	}
	keys := p.Allows("Admit", `keys of lower-case letters, digits and single hyphens, such as "db"`)
	groups := p.Allows("Admit", "a SecurityGroupID for every key")
	for _, key := range validate.Keys(a.Admit) {
		keys.RefuseIf(!admissionKey.MatchString(key), "key %q cannot name a rule", key)
		groups.RefuseIf(a.Admit[key].SecurityGroupID == nil, "%q has no SecurityGroupID", key)
		p.IntRange(fmt.Sprintf("Admit[%q].Port", key), a.Admit[key].Port, 1, 65535)
	}
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// WithDefaults returns a: a Peering has no defaults to apply.
func (a PeeringArgs) WithDefaults() PeeringArgs { return a }

// Validate reports every problem NewPeering would find for the Peering
// called name before it asks AWS anything, without registering anything.
func (a PeeringArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("network", name), a.validate(name, ""))
}

// admissionKey is what a key of Admit may look like: part of a logical name.
var admissionKey = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Overlaps reports whether two IPv4 ranges ("10.0.0.0/16") share an
// address: two networks that will be peered, or routed to each other, must
// not. A range that does not parse overlaps nothing here (NetworkArgs'
// validation names it).
func Overlaps(a, b string) bool {
	_, x, errA := net.ParseCIDR(a)
	_, y, errB := net.ParseCIDR(b)
	if errA != nil || errB != nil {
		return false
	}
	return x.Contains(y.IP) || y.Contains(x.IP)
}
