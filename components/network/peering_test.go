package network_test

import (
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/network"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// peered records two three-AZ networks, the stack's in us-east-1 and one
// in us-west-2 (peerCIDR), and a peering between them made with change
// applied to its args.
func peered(t *testing.T, peerCIDR string, change func(*network.PeeringArgs)) (*millionstacktest.Inventory, error) {
	t.Helper()
	return millionstacktest.Record(func(ctx *pulumi.Context) error {
		west, err := aws.NewProvider(ctx, "secondary", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		east, err := network.NewNetwork(ctx, "network", network.NetworkArgs{AZCount: 3})
		if err != nil {
			return err
		}
		other, err := network.NewNetwork(ctx, "network-secondary", network.NetworkArgs{AZCount: 3, CIDR: peerCIDR}, pulumi.Provider(west))
		if err != nil {
			return err
		}
		args := network.PeeringArgs{
			Network: east, PeerNetwork: other, PeerRegion: "us-west-2", PeerProvider: west,
			Admit: map[string]network.Admission{"db": {SecurityGroupID: pulumi.String("sg-db"), Port: 5432}},
			Tags:  map[string]string{"team": "data"},
		}
		if change != nil {
			change(&args)
		}
		_, err = network.NewPeering(ctx, "peering", args)
		return err
	}, millionstacktest.Options{})
}

// The second region's app reaches the first region's database subnets
// over an inter-region peering, accepted on the second side, with routes
// between exactly those subnets, and the database admits the app's
// subnets by range.
func TestPeeringConnectsTheAppOfOneRegionToTheDatabasesOfTheOther(t *testing.T) {
	inv, err := peered(t, "10.1.0.0/16", nil)
	require.NoError(t, err)
	west := millionstacktest.Named(t, inv, "pulumi:providers:aws", "secondary")
	inWest := func(r millionstacktest.Resource) bool { return strings.HasPrefix(r.Provider, west.URN+"::") }

	connection := millionstacktest.Named(t, inv, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "peering")
	assert.Equal(t, "network-vpc-id", connection.String("vpcId"))
	assert.Equal(t, "network-secondary-vpc-id", connection.String("peerVpcId"))
	assert.Equal(t, "us-west-2", connection.String("peerRegion"))
	assert.NotContains(t, connection.Plain(), "autoAccept", "an inter-region peering is accepted by its accepter")
	assert.False(t, inWest(connection))
	assert.Equal(t, "data", connection.String("tags.team"))
	accepter := millionstacktest.Named(t, inv, "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter", "peering-accepter")
	assert.Equal(t, "peering-id", accepter.String("vpcPeeringConnectionId"))
	assert.Equal(t, true, millionstacktest.Input(t, accepter, "autoAccept"))
	assert.True(t, inWest(accepter))

	routes := map[string]millionstacktest.Resource{}
	for _, r := range inv.ByType("aws:ec2/route:Route") {
		if r.String("vpcPeeringConnectionId") != "" {
			routes[r.Name] = r
			assert.Contains(t, r.Dependencies, accepter.URN, "%s waits for the peering to be active", r.Name)
		}
	}
	assert.Len(t, routes, 3*3+3, "each private table of the app to each database subnet, and back")
	back := routes["peering-database-to-us-west-2b"]
	assert.Equal(t, "network-database-id", back.String("routeTableId"))
	assert.Equal(t, subnet(t, "10.1.0.0/16", network.TierPrivate, 1), back.String("destinationCidrBlock"), "to the app's private subnet of us-west-2b only")
	assert.False(t, inWest(back))
	out := routes["peering-us-west-2b-to-us-east-1c"]
	assert.Equal(t, "network-secondary-private-us-west-2b-id", out.String("routeTableId"))
	assert.Equal(t, subnet(t, "10.0.0.0/16", network.TierDatabase, 2), out.String("destinationCidrBlock"), "to the database subnet of us-east-1c only")
	assert.True(t, inWest(out))

	var admitted []string
	for _, r := range inv.ByType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
		if strings.HasPrefix(r.Name, "peering-admit-db-") {
			assert.Equal(t, "sg-db", r.String("securityGroupId"))
			assert.Equal(t, 5432.0, millionstacktest.Input(t, r, "fromPort"))
			admitted = append(admitted, r.String("cidrIpv4"))
		}
	}
	assert.ElementsMatch(t, []string{subnet(t, "10.1.0.0/16", network.TierPrivate, 0), subnet(t, "10.1.0.0/16", network.TierPrivate, 1), subnet(t, "10.1.0.0/16", network.TierPrivate, 2)}, admitted, "the app's private subnets, by range: a peer region's group cannot be referenced")
}

// subnet is the range of the subnet of tier at position in vpc.
func subnet(t *testing.T, vpc string, tier network.Tier, position int) string {
	t.Helper()
	cidr, err := network.SubnetCIDR(vpc, tier, position)
	require.NoError(t, err)
	return cidr
}

func TestPeeringRefusesWhatAPeeringCannotBe(t *testing.T) {
	inv, err := peered(t, "10.0.0.0/17", func(a *network.PeeringArgs) {
		a.PeerRegion = "oregon"
		a.Admit["DB"] = network.Admission{Port: 70000}
	})
	require.Error(t, err)
	for _, want := range []string{
		`network "peering": PeerNetwork: range 10.0.0.0/17 overlaps Network's 10.0.0.0/16`,
		`network "peering": PeerRegion: "oregon" is not an AWS region`,
		`network "peering": Admit: key "DB" cannot name a rule`,
		`network "peering": Admit: "DB" has no SecurityGroupID`,
		`network "peering": Admit["DB"].Port: 70000 is out of range`,
	} {
		assert.Contains(t, err.Error(), want)
	}
	assert.Empty(t, inv.ByType("millionstack:network:Peering"))

	_, err = peered(t, "10.1.0.0/16", func(a *network.PeeringArgs) { a.PeerRegion = "us-east-1" })
	assert.ErrorContains(t, err, `PeerRegion: "us-east-1" is the region of the component's own provider`)
}
