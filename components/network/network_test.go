package network_test

import (
	"net/netip"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/network"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Type tokens of the children a Network registers.
const (
	tComponent   = "millionstack:network:Network"
	tVpc         = "aws:ec2/vpc:Vpc"
	tDefaultSG   = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	tDefaultNACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"
	tIGW         = "aws:ec2/internetGateway:InternetGateway"
	tSubnet      = "aws:ec2/subnet:Subnet"
	tRouteTable  = "aws:ec2/routeTable:RouteTable"
	tRoute       = "aws:ec2/route:Route"
	tAssociation = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	tEIP         = "aws:ec2/eip:Eip"
	tNAT         = "aws:ec2/natGateway:NatGateway"
	tFlowLog     = "aws:ec2/flowLog:FlowLog"
	tEndpoint    = "aws:ec2/vpcEndpoint:VpcEndpoint"
	tEndpointRT  = "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation"
	tLogGroup    = "aws:cloudwatch/logGroup:LogGroup"
	tRole        = "aws:iam/role:Role"
	tRolePolicy  = "aws:iam/rolePolicy:RolePolicy"
)

// outputs holds the Network's output values, resolved under the mocks.
type outputs struct {
	vpcID                                    string
	publicIDs, privateIDs, databaseIDs, nats []string
	flowLogGroup                             string
}

// record runs NewNetwork("app", args) under the recording mocks with config
// and returns what it registered, the component and its resolved outputs.
func record(t *testing.T, args network.NetworkArgs, config map[string]string) (*millionstacktest.Inventory, *network.Network, outputs) {
	t.Helper()
	var n *network.Network
	var out outputs
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		var err error
		n, err = network.NewNetwork(ctx, "app", args)
		if err != nil {
			return err
		}
		capture(n.VpcID, &out.vpcID)
		capture(n.FlowLogGroupName, &out.flowLogGroup)
		captureAll(n.PublicSubnetIDs, &out.publicIDs)
		captureAll(n.PrivateSubnetIDs, &out.privateIDs)
		captureAll(n.DatabaseSubnetIDs, &out.databaseIDs)
		captureAll(n.NATGatewayIDs, &out.nats)
		return nil
	}, millionstacktest.Options{Config: config})
	return inv, n, out
}

func capture(o pulumi.StringOutput, into *string) {
	o.ApplyT(func(v string) string { *into = v; return v })
}

func captureAll(o pulumi.StringArrayOutput, into *[]string) {
	o.ApplyT(func(v []string) []string { *into = v; return v })
}

func TestSubnetCIDRLayout(t *testing.T) {
	cases := []struct {
		vpc      string
		tier     network.Tier
		position int
		want     string
	}{
		{"10.0.0.0/16", network.TierPrivate, 0, "10.0.0.0/20"},
		{"10.0.0.0/16", network.TierPrivate, 1, "10.0.16.0/20"},
		{"10.0.0.0/16", network.TierPrivate, 5, "10.0.80.0/20"},
		{"10.0.0.0/16", network.TierPublic, 0, "10.0.128.0/21"},
		{"10.0.0.0/16", network.TierPublic, 1, "10.0.136.0/21"},
		{"10.0.0.0/16", network.TierPublic, 5, "10.0.168.0/21"},
		{"10.0.0.0/16", network.TierDatabase, 0, "10.0.192.0/21"},
		{"10.0.0.0/16", network.TierDatabase, 1, "10.0.200.0/21"},
		{"10.0.0.0/16", network.TierDatabase, 5, "10.0.232.0/21"},
		{"10.1.16.0/20", network.TierPrivate, 0, "10.1.16.0/24"},
		{"10.1.16.0/20", network.TierPrivate, 2, "10.1.18.0/24"},
		{"10.1.16.0/20", network.TierPublic, 0, "10.1.24.0/25"},
		{"10.1.16.0/20", network.TierPublic, 1, "10.1.24.128/25"},
		{"10.1.16.0/20", network.TierDatabase, 0, "10.1.28.0/25"},
		{"10.1.16.0/20", network.TierDatabase, 3, "10.1.29.128/25"},
		{"172.16.4.0/22", network.TierPrivate, 5, "172.16.5.64/26"},
		{"172.16.4.0/22", network.TierDatabase, 5, "172.16.7.160/27"},
		{"192.168.0.0/16", network.TierPublic, 2, "192.168.144.0/21"},
	}
	for _, c := range cases {
		got, err := network.SubnetCIDR(c.vpc, c.tier, c.position)
		require.NoError(t, err, "%s %s %d", c.vpc, c.tier, c.position)
		assert.Equal(t, c.want, got, "%s %s %d", c.vpc, c.tier, c.position)
	}
}

func TestSubnetCIDRErrors(t *testing.T) {
	cases := []struct {
		vpc      string
		tier     network.Tier
		position int
		want     string
	}{
		{"banana", network.TierPublic, 0, `vpcCIDR: "banana" is not an IPv4 network`},
		{"fd00::/56", network.TierPublic, 0, `vpcCIDR: "fd00::/56" is not an IPv4 network`},
		{"10.0.0.1/16", network.TierPublic, 0, `vpcCIDR: "10.0.0.1/16" has host bits set (the network address is "10.0.0.0/16"); allowed: the network address`},
		{"8.8.0.0/16", network.TierPublic, 0, `vpcCIDR: "8.8.0.0/16" is not RFC 1918 private space`},
		{"10.0.0.0/15", network.TierPublic, 0, `vpcCIDR: "10.0.0.0/15" has prefix /15; allowed: /16 to /22`},
		{"10.0.0.0/23", network.TierPublic, 0, `vpcCIDR: "10.0.0.0/23" has prefix /23; allowed: /16 to /22`},
		{"10.0.0.0/16", network.Tier("intra"), 0, `tier: "intra" is not supported; allowed: public, private, database`},
		{"10.0.0.0/16", network.TierPublic, -1, "position: -1 is out of range; allowed: 0 to 5"},
		{"10.0.0.0/16", network.TierPublic, 6, "position: 6 is out of range; allowed: 0 to 5"},
	}
	for _, c := range cases {
		_, err := network.SubnetCIDR(c.vpc, c.tier, c.position)
		require.Error(t, err, "%s %s %d", c.vpc, c.tier, c.position)
		assert.Contains(t, err.Error(), c.want)
	}
}

// Every subnet of every tier and position lies inside the VPC and no two overlap.
func TestSubnetCIDRLayoutIsDisjoint(t *testing.T) {
	for _, vpc := range []string{"10.0.0.0/16", "10.1.16.0/20", "192.168.4.0/22"} {
		var seen []string
		for _, tier := range []network.Tier{network.TierPublic, network.TierPrivate, network.TierDatabase} {
			for position := 0; position < network.MaxAZs; position++ {
				cidr, err := network.SubnetCIDR(vpc, tier, position)
				require.NoError(t, err)
				require.True(t, contains(vpc, cidr), "%s outside %s", cidr, vpc)
				for _, other := range seen {
					require.False(t, contains(cidr, other) || contains(other, cidr), "%s overlaps %s in %s", cidr, other, vpc)
				}
				seen = append(seen, cidr)
			}
		}
	}
}

// contains reports whether CIDR outer contains the network address of inner.
func contains(outer, inner string) bool {
	o := netip.MustParsePrefix(outer)
	i := netip.MustParsePrefix(inner)
	return o.Bits() <= i.Bits() && o.Contains(i.Addr())
}

// The zero NetworkArgs gets the documented defaults: 10.0.0.0/16 in two AZs,
// no NAT, a locked default security group, flow logs kept 365 days and the
// S3 and DynamoDB gateway endpoints.
func TestDefaults(t *testing.T) {
	inv, n, out := record(t, network.NetworkArgs{}, nil)

	component := millionstacktest.Named(t, inv, tComponent, "app")
	millionstacktest.ParentedTo(t, component, inv.Cloud()...)
	for _, r := range inv.Cloud() {
		assert.True(t, strings.HasPrefix(r.Name, "app-"), "%s %s is not named after the component", r.Type, r.Name)
	}

	vpc := millionstacktest.Named(t, inv, tVpc, "app-vpc")
	assert.Equal(t, "10.0.0.0/16", vpc.String("cidrBlock"))
	assert.Equal(t, true, millionstacktest.Input(t, vpc, "enableDnsSupport"))
	assert.Equal(t, true, millionstacktest.Input(t, vpc, "enableDnsHostnames"))
	assert.Equal(t, "app-vpc", vpc.String("tags.Name"))

	// Security Hub EC2.2: the default security group allows nothing.
	sg := millionstacktest.Named(t, inv, tDefaultSG, "app-default-sg")
	assert.Equal(t, "app-vpc-id", sg.String("vpcId"))
	for _, path := range []string{"ingress", "egress"} {
		rules, _ := sg.Input(path)
		assert.Empty(t, rules, "default security group %s", path)
	}

	// Two AZs, three tiers, at the fixed layout; no public IPs on launch (EC2.15).
	assert.Equal(t, []string{"us-east-1a", "us-east-1b"}, n.AvailabilityZones)
	assert.Equal(t, "10.0.0.0/16", n.CIDR)
	assert.Equal(t, []string{"10.0.128.0/21", "10.0.136.0/21"}, n.PublicSubnetCIDRs)
	assert.Equal(t, []string{"10.0.0.0/20", "10.0.16.0/20"}, n.PrivateSubnetCIDRs)
	assert.Equal(t, []string{"10.0.192.0/21", "10.0.200.0/21"}, n.DatabaseSubnetCIDRs)
	assert.Len(t, inv.ByType(tSubnet), 6)
	for _, tier := range []struct {
		name  string
		cidrs []string
		ids   []string
		table func(az string) string
	}{
		{"public", n.PublicSubnetCIDRs, out.publicIDs, func(string) string { return "app-public-id" }},
		{"private", n.PrivateSubnetCIDRs, out.privateIDs, func(az string) string { return "app-private-" + az + "-id" }},
		{"database", n.DatabaseSubnetCIDRs, out.databaseIDs, func(string) string { return "app-database-id" }},
	} {
		for i, az := range n.AvailabilityZones {
			name := "app-" + tier.name + "-" + az
			subnet := millionstacktest.Named(t, inv, tSubnet, name)
			assert.Equal(t, "app-vpc-id", subnet.String("vpcId"), name)
			assert.Equal(t, az, subnet.String("availabilityZone"), name)
			assert.Equal(t, tier.cidrs[i], subnet.String("cidrBlock"), name)
			assert.Equal(t, false, millionstacktest.Input(t, subnet, "mapPublicIpOnLaunch"), name)
			assert.Equal(t, tier.name, subnet.String("tags.Tier"), name)
			assert.Equal(t, name, subnet.String("tags.Name"), name)
			assert.Equal(t, name+"-id", tier.ids[i], "output order of %s", name)

			association := millionstacktest.Named(t, inv, tAssociation, name)
			assert.Equal(t, name+"-id", association.String("subnetId"))
			assert.Equal(t, tier.table(az), association.String("routeTableId"), name)
		}
	}

	// Route tables: one public, one private per AZ, one database; the only
	// internet route is the public one, to the internet gateway. No NAT.
	assert.ElementsMatch(t, []string{"app-database", "app-private-us-east-1a", "app-private-us-east-1b", "app-public"}, millionstacktest.Names(inv.ByType(tRouteTable)))
	assert.ElementsMatch(t, []string{"app-public-internet"}, millionstacktest.Names(inv.ByType(tRoute)))
	publicRoute := millionstacktest.Named(t, inv, tRoute, "app-public-internet")
	assert.Equal(t, "app-public-id", publicRoute.String("routeTableId"))
	assert.Equal(t, "0.0.0.0/0", publicRoute.String("destinationCidrBlock"))
	assert.Equal(t, "app-igw-id", publicRoute.String("gatewayId"))
	assert.Equal(t, "app-vpc-id", millionstacktest.Named(t, inv, tIGW, "app-igw").String("vpcId"))
	assert.Empty(t, inv.ByType(tNAT))
	assert.Empty(t, inv.ByType(tEIP))
	assert.Empty(t, out.nats)
	for _, r := range inv.ByType(tRoute) {
		assert.NotEqual(t, "app-database-id", r.String("routeTableId"), "database route table has route %s", r.Name)
	}

	// Gateway endpoints on every private table and the database table, not the public one.
	for _, service := range []string{"s3", "dynamodb"} {
		endpoint := millionstacktest.Named(t, inv, tEndpoint, "app-"+service)
		assert.Equal(t, "com.amazonaws.us-east-1."+service, endpoint.String("serviceName"))
		assert.Equal(t, "Gateway", endpoint.String("vpcEndpointType"))
		assert.Equal(t, "app-vpc-id", endpoint.String("vpcId"))
		for _, role := range []string{"private-us-east-1a", "private-us-east-1b", "database"} {
			association := millionstacktest.Named(t, inv, tEndpointRT, "app-"+service+"-"+role)
			assert.Equal(t, "app-"+service+"-id", association.String("vpcEndpointId"))
			assert.Equal(t, "app-"+role+"-id", association.String("routeTableId"))
		}
	}
	assert.Len(t, inv.ByType(tEndpointRT), 6)
	assert.Len(t, inv.ByType(tEndpoint), 2, "no interface endpoint unless asked for: each one is billed by the hour")
	assert.Empty(t, n.InterfaceEndpoints)

	// Flow logs: all traffic, to a log group kept a year, through a role
	// only the flow logs service of this account can assume.
	group := millionstacktest.Named(t, inv, tLogGroup, "app-flow-logs")
	assert.Equal(t, 365.0, millionstacktest.Input(t, group, "retentionInDays"))
	assert.Equal(t, "app-flow-logs", out.flowLogGroup)
	groupArn := group.Outputs["arn"].StringValue()
	role := millionstacktest.Named(t, inv, tRole, "app-flow-logs")
	flowLog := millionstacktest.Named(t, inv, tFlowLog, "app-flow-logs")
	assert.Equal(t, "app-vpc-id", flowLog.String("vpcId"))
	assert.Equal(t, "ALL", flowLog.String("trafficType"))
	assert.Equal(t, "cloud-watch-logs", flowLog.String("logDestinationType"))
	assert.Equal(t, groupArn, flowLog.String("logDestination"))
	assert.Equal(t, role.Outputs["arn"].StringValue(), flowLog.String("iamRoleArn"))
	assert.Contains(t, flowLog.Dependencies, millionstacktest.Named(t, inv, tRolePolicy, "app-flow-logs").URN, "flow log must wait for its role's policy")

	trust := millionstacktest.Document(t, role, "assumeRolePolicy")
	assert.Equal(t, []interface{}{map[string]interface{}{
		"Effect":    "Allow",
		"Principal": map[string]interface{}{"Service": "vpc-flow-logs.amazonaws.com"},
		"Action":    "sts:AssumeRole",
		"Condition": map[string]interface{}{
			"StringEquals": map[string]interface{}{"aws:SourceAccount": millionstacktest.AccountID},
			"ArnLike":      map[string]interface{}{"aws:SourceArn": "arn:aws:ec2:us-east-1:" + millionstacktest.AccountID + ":vpc-flow-log/*"},
		},
	}}, trust["Statement"])

	rolePolicy := millionstacktest.Named(t, inv, tRolePolicy, "app-flow-logs")
	assert.Equal(t, "app-flow-logs-id", rolePolicy.String("role"))
	assert.Equal(t, []interface{}{map[string]interface{}{
		"Effect":   "Allow",
		"Action":   []interface{}{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
		"Resource": []interface{}{groupArn, groupArn + ":*"},
	}}, millionstacktest.Document(t, rolePolicy, "policy")["Statement"])

	assert.Equal(t, "app-vpc-id", out.vpcID)
}

func TestOverrides(t *testing.T) {
	inv, n, _ := record(t, network.NetworkArgs{
		CIDR:                 "172.20.16.0/20",
		AZCount:              3,
		FlowLogRetentionDays: 30,
		Tags:                 map[string]string{"team": "web", "Name": "ignored"},
	}, map[string]string{"aws:region": "eu-west-1"})

	assert.Equal(t, []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}, n.AvailabilityZones)
	assert.Equal(t, "172.20.16.0/20", millionstacktest.Named(t, inv, tVpc, "app-vpc").String("cidrBlock"))
	assert.Equal(t, []string{"172.20.16.0/24", "172.20.17.0/24", "172.20.18.0/24"}, n.PrivateSubnetCIDRs)
	assert.Equal(t, []string{"172.20.24.0/25", "172.20.24.128/25", "172.20.25.0/25"}, n.PublicSubnetCIDRs)
	assert.Equal(t, []string{"172.20.28.0/25", "172.20.28.128/25", "172.20.29.0/25"}, n.DatabaseSubnetCIDRs)
	assert.Equal(t, "172.20.29.0/25", millionstacktest.Named(t, inv, tSubnet, "app-database-eu-west-1c").String("cidrBlock"))
	assert.Equal(t, 30.0, millionstacktest.Input(t, millionstacktest.Named(t, inv, tLogGroup, "app-flow-logs"), "retentionInDays"))
	assert.Equal(t, "com.amazonaws.eu-west-1.dynamodb", millionstacktest.Named(t, inv, tEndpoint, "app-dynamodb").String("serviceName"))
	assert.Contains(t, millionstacktest.Named(t, inv, tRole, "app-flow-logs").String("assumeRolePolicy"), "arn:aws:ec2:eu-west-1:")

	// User tags reach every taggable child; the child's own Name wins.
	for _, typ := range []string{tVpc, tDefaultSG, tDefaultNACL, tIGW, tSubnet, tRouteTable, tEndpoint, tLogGroup, tRole, tFlowLog} {
		require.NotEmpty(t, inv.ByType(typ), typ)
		for _, r := range inv.ByType(typ) {
			assert.Equal(t, "web", r.String("tags.team"), "%s %s", r.Type, r.Name)
			assert.Equal(t, r.Name, r.String("tags.Name"), "%s %s", r.Type, r.Name)
		}
	}
}

func TestExplicitAvailabilityZones(t *testing.T) {
	inv, n, _ := record(t, network.NetworkArgs{
		AvailabilityZones: []string{"us-east-1c", "us-east-1a"},
		AZCount:           5, // ignored
		NAT:               network.NATSingle,
	}, nil)

	assert.Equal(t, []string{"us-east-1c", "us-east-1a"}, n.AvailabilityZones)
	assert.Len(t, inv.ByType(tSubnet), 6)
	// Position follows the list, not the letter.
	assert.Equal(t, "10.0.128.0/21", millionstacktest.Named(t, inv, tSubnet, "app-public-us-east-1c").String("cidrBlock"))
	assert.Equal(t, "10.0.136.0/21", millionstacktest.Named(t, inv, tSubnet, "app-public-us-east-1a").String("cidrBlock"))
	// The single NAT gateway lives in the first listed AZ.
	assert.ElementsMatch(t, []string{"app-nat-us-east-1c"}, millionstacktest.Names(inv.ByType(tNAT)))
	assert.Equal(t, "app-public-us-east-1c-id", millionstacktest.Named(t, inv, tNAT, "app-nat-us-east-1c").String("subnetId"))
}

func TestNATModes(t *testing.T) {
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	cases := []struct {
		mode network.NATMode
		// gateway is the AZ whose NAT gateway each AZ's private route uses.
		gateway map[string]string
	}{
		{network.NATSingle, map[string]string{"us-east-1a": "us-east-1a", "us-east-1b": "us-east-1a", "us-east-1c": "us-east-1a"}},
		{network.NATPerAZ, map[string]string{"us-east-1a": "us-east-1a", "us-east-1b": "us-east-1b", "us-east-1c": "us-east-1c"}},
	}
	for _, c := range cases {
		t.Run(string(c.mode), func(t *testing.T) {
			inv, _, out := record(t, network.NetworkArgs{AZCount: 3, NAT: c.mode}, nil)

			var gatewayAZs []string
			for _, az := range zones {
				if c.gateway[az] == az {
					gatewayAZs = append(gatewayAZs, az)
				}
			}
			require.Len(t, inv.ByType(tNAT), len(gatewayAZs))
			require.Len(t, inv.ByType(tEIP), len(gatewayAZs))
			var wantIDs []string
			for _, az := range gatewayAZs {
				eip := millionstacktest.Named(t, inv, tEIP, "app-nat-"+az)
				assert.Equal(t, "vpc", eip.String("domain"))
				nat := millionstacktest.Named(t, inv, tNAT, "app-nat-"+az)
				assert.Equal(t, "app-public-"+az+"-id", nat.String("subnetId"), "NAT gateway in the public subnet of its AZ")
				assert.Equal(t, eip.Outputs["allocationId"].StringValue(), nat.String("allocationId"))
				assert.Contains(t, nat.Dependencies, millionstacktest.Named(t, inv, tIGW, "app-igw").URN)
				wantIDs = append(wantIDs, "app-nat-"+az+"-id")
			}
			assert.Equal(t, wantIDs, out.nats)

			for _, az := range zones {
				route := millionstacktest.Named(t, inv, tRoute, "app-private-"+az+"-internet")
				assert.Equal(t, "app-private-"+az+"-id", route.String("routeTableId"))
				assert.Equal(t, "0.0.0.0/0", route.String("destinationCidrBlock"))
				assert.Equal(t, "app-nat-"+c.gateway[az]+"-id", route.String("natGatewayId"), az)
				assert.Empty(t, route.String("gatewayId"))
			}
			// Still no internet route for the database tier.
			for _, r := range inv.ByType(tRoute) {
				assert.NotEqual(t, "app-database-id", r.String("routeTableId"), r.Name)
			}
		})
	}
}

// Growing a network (more AZs, more NAT) keeps every existing resource with
// the same URN, parent and inputs; the only changes allowed are private
// routes repointed to a new NAT gateway and two in-place updates of the
// default network ACL: its subnetIds taking in the new subnets when AZs are
// added, and its RDP deny going when the first NAT gateway comes.
func TestGrowthInPlace(t *testing.T) {
	cases := []struct {
		name     string
		from, to network.NetworkArgs
		// repointed are the routes whose NAT gateway changes.
		repointed []string
		// aclGrows says whether the default network ACL gains subnets.
		aclGrows bool
		// natArrives says whether the network gets its first NAT gateway.
		natArrives bool
	}{
		{"none to single", network.NetworkArgs{AZCount: 2, NAT: network.NATNone}, network.NetworkArgs{AZCount: 2, NAT: network.NATSingle}, nil, false, true},
		{"2 AZs single to 3 AZs per-az", network.NetworkArgs{AZCount: 2, NAT: network.NATSingle}, network.NetworkArgs{AZCount: 3, NAT: network.NATPerAZ},
			[]string{"app-private-us-east-1b-internet"}, true, false},
		{"3 to 6 AZs per-az", network.NetworkArgs{AZCount: 3, NAT: network.NATPerAZ}, network.NetworkArgs{AZCount: 6, NAT: network.NATPerAZ}, nil, true, false},
		{"prelaunch to 10m", network.NetworkArgs{AZCount: 2}, network.NetworkArgs{AZCount: 6, NAT: network.NATPerAZ}, nil, true, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _, _ := record(t, c.from, nil)
			after, _, _ := record(t, c.to, nil)
			afterByURN := after.ByURN()
			require.Greater(t, len(after.Resources), len(before.Resources), "growing must add resources")

			var repointed []string
			aclGrew := false
			for _, old := range before.Resources {
				grown, ok := afterByURN[old.URN]
				require.True(t, ok, "%s was removed or renamed", old.URN)
				assert.Equal(t, old.Parent, grown.Parent, old.URN)
				changed := changedInputs(old.Inputs, grown.Inputs)
				if len(changed) == 0 {
					continue
				}
				if old.Type == tDefaultNACL {
					if slices.Contains(changed, "ingress") {
						assert.True(t, c.natArrives, "%s: entries change only when the first NAT gateway comes", old.URN)
						before, after := naclEntries(t, old, "ingress"), naclEntries(t, grown, "ingress")
						assert.Equal(t, "deny", before.decide(netip.MustParseAddr("198.51.100.7"), rdpPort))
						assert.Equal(t, "allow", after.decide(netip.MustParseAddr("198.51.100.7"), rdpPort))
						changed = slices.DeleteFunc(changed, func(k string) bool { return k == "ingress" })
					}
					if len(changed) == 0 {
						continue
					}
					assert.Equal(t, []string{"subnetIds"}, changed, "%s may only take in new subnets", old.URN)
					oldIDs, _ := old.Input("subnetIds")
					grownIDs, _ := grown.Input("subnetIds")
					assert.Subset(t, grownIDs, oldIDs, "every existing subnet stays associated")
					aclGrew = true
					continue
				}
				assert.Equal(t, tRoute, old.Type, "%s changed inputs %v", old.URN, changed)
				assert.Equal(t, []string{"natGatewayId"}, changed, old.URN)
				repointed = append(repointed, old.Name)
			}
			assert.Equal(t, c.repointed, repointed)
			assert.Equal(t, c.aclGrows, aclGrew, "default network ACL subnetIds changed")
		})
	}

	// Spelled out for the first AZ's NAT: single -> per-az keeps it and its EIP.
	before, _, _ := record(t, network.NetworkArgs{AZCount: 2, NAT: network.NATSingle}, nil)
	after, _, _ := record(t, network.NetworkArgs{AZCount: 3, NAT: network.NATPerAZ}, nil)
	for _, r := range []struct{ typ, name string }{
		{tVpc, "app-vpc"}, {tNAT, "app-nat-us-east-1a"}, {tEIP, "app-nat-us-east-1a"},
		{tSubnet, "app-public-us-east-1a"}, {tSubnet, "app-private-us-east-1b"}, {tSubnet, "app-database-us-east-1b"},
		{tRouteTable, "app-private-us-east-1b"},
	} {
		old, grown := millionstacktest.Named(t, before, r.typ, r.name), millionstacktest.Named(t, after, r.typ, r.name)
		assert.Equal(t, old.URN, grown.URN)
		assert.True(t, old.Inputs.DeepEquals(grown.Inputs), "%s %s inputs changed", r.typ, r.name)
	}
}

// An interface endpoint gives subnets without an internet route a way to
// an AWS service: private DNS on, in the first AZ's private subnet by
// default, behind a group that admits HTTPS from the whole VPC (private DNS
// sends every caller there) and sends nothing, with a policy admitting this
// account's principals only.
func TestInterfaceEndpoints(t *testing.T) {
	inv, n, _ := record(t, network.NetworkArgs{AZCount: 3, InterfaceEndpoints: []string{"secretsmanager"}}, nil)
	endpoint := millionstacktest.Named(t, inv, tEndpoint, "app-secretsmanager")
	require.Contains(t, n.InterfaceEndpoints, "secretsmanager")
	assert.Equal(t, "com.amazonaws.us-east-1.secretsmanager", endpoint.String("serviceName"))
	assert.Equal(t, "Interface", endpoint.String("vpcEndpointType"))
	assert.Equal(t, true, millionstacktest.Input(t, endpoint, "privateDnsEnabled"))
	assert.Equal(t, "app-vpc-id", endpoint.String("vpcId"))
	assert.Equal(t, []interface{}{"app-private-us-east-1a-id"}, millionstacktest.Input(t, endpoint, "subnetIds"), "one AZ by default")
	assert.Equal(t, []interface{}{"app-endpoints-id"}, millionstacktest.Input(t, endpoint, "securityGroupIds"))
	for _, a := range inv.ByType(tEndpointRT) {
		assert.NotEqual(t, "app-secretsmanager-id", a.String("vpcEndpointId"), "interface endpoints take no route tables")
	}
	assert.Equal(t, []interface{}{map[string]interface{}{
		"Sid": "PrincipalsOfThisAccountOnly", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
		"Condition": map[string]interface{}{"StringEquals": map[string]interface{}{"aws:PrincipalAccount": millionstacktest.AccountID}},
	}}, millionstacktest.Document(t, endpoint, "policy")["Statement"])

	sg := millionstacktest.Named(t, inv, "aws:ec2/securityGroup:SecurityGroup", "app-endpoints")
	assert.Equal(t, "app-vpc-id", sg.String("vpcId"))
	_, egress := sg.Input("egress")
	assert.False(t, egress, "an endpoint never opens a connection: no egress rule")
	rules := inv.ByType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
	require.Len(t, rules, 1)
	assert.Equal(t, "app-endpoints-https", rules[0].Name)
	assert.Equal(t, "app-endpoints-id", rules[0].String("securityGroupId"))
	assert.Equal(t, "10.0.0.0/16", rules[0].String("cidrIpv4"))
	assert.Equal(t, "tcp", rules[0].String("ipProtocol"))
	assert.Equal(t, 443.0, millionstacktest.Input(t, rules[0], "fromPort"))
	assert.Equal(t, 443.0, millionstacktest.Input(t, rules[0], "toPort"))

	two, _, _ := record(t, network.NetworkArgs{AZCount: 3, InterfaceEndpoints: []string{"secretsmanager"}, InterfaceEndpointAZCount: 2}, nil)
	assert.Equal(t, []interface{}{"app-private-us-east-1a-id", "app-private-us-east-1b-id"},
		millionstacktest.Input(t, millionstacktest.Named(t, two, tEndpoint, "app-secretsmanager"), "subnetIds"))
}

// Interface endpoints grow in place: more AZs in the network leave them
// alone, more AZs for the endpoints only add subnets to them.
func TestInterfaceEndpointsGrowInPlace(t *testing.T) {
	before, _, _ := record(t, network.NetworkArgs{AZCount: 2, InterfaceEndpoints: []string{"secretsmanager"}}, nil)
	for _, c := range []struct {
		name    string
		to      network.NetworkArgs
		changed []string
	}{
		{"network to 3 AZs", network.NetworkArgs{AZCount: 3, NAT: network.NATPerAZ, InterfaceEndpoints: []string{"secretsmanager"}}, nil},
		{"endpoints to 2 AZs", network.NetworkArgs{AZCount: 2, InterfaceEndpoints: []string{"secretsmanager"}, InterfaceEndpointAZCount: 2}, []string{"subnetIds"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			after, _, _ := record(t, c.to, nil)
			old, grown := millionstacktest.Named(t, before, tEndpoint, "app-secretsmanager"), millionstacktest.Named(t, after, tEndpoint, "app-secretsmanager")
			assert.Equal(t, old.URN, grown.URN)
			assert.Equal(t, c.changed, changedInputs(old.Inputs, grown.Inputs))
			oldSG, grownSG := millionstacktest.Named(t, before, "aws:ec2/securityGroup:SecurityGroup", "app-endpoints"), millionstacktest.Named(t, after, "aws:ec2/securityGroup:SecurityGroup", "app-endpoints")
			assert.Empty(t, changedInputs(oldSG.Inputs, grownSG.Inputs))
		})
	}
}

// The default network ACL, which every subnet of the network uses, keeps SSH
// (and RDP while there is no NAT gateway) from the internet out, and drops no
// return traffic: the VPC's own traffic first, no deny inside the NAT
// gateway's port range once there is one. Security Hub EC2.21 does not
// evaluate the default network ACL; see defaultNetworkACL for the trade-off.
func TestDefaultNetworkACLKeepsSSHOutAndReturnTrafficIn(t *testing.T) {
	for _, nat := range []network.NATMode{network.NATNone, network.NATSingle, network.NATPerAZ} {
		t.Run(string(nat), func(t *testing.T) {
			inv, _, out := record(t, network.NetworkArgs{AZCount: 3, NAT: nat, CIDR: "10.20.0.0/16"}, nil)
			require.ElementsMatch(t, []string{"app-default-nacl"}, millionstacktest.Names(inv.ByType(tDefaultNACL)))
			acl := millionstacktest.Named(t, inv, tDefaultNACL, "app-default-nacl")

			_, ok := acl.Input("defaultNetworkAclId")
			assert.True(t, ok, "defaultNetworkAclId is set")
			assert.Contains(t, acl.Dependencies, millionstacktest.Named(t, inv, tVpc, "app-vpc").URN, "the VPC's own default network ACL")
			assert.Equal(t, "app-default-nacl", acl.String("tags.Name"))

			var subnets []string
			for _, ids := range [][]string{out.publicIDs, out.privateIDs, out.databaseIDs} {
				subnets = append(subnets, ids...)
			}
			require.Len(t, subnets, 9)
			got, _ := acl.Input("subnetIds")
			assert.ElementsMatch(t, subnets, got, "every subnet stays associated with the default network ACL")

			in := naclEntries(t, acl, "ingress")
			internet, vpc := netip.MustParseAddr("198.51.100.7"), netip.MustParseAddr("10.20.33.4")
			assert.Equal(t, "deny", in.decide(internet, sshPort), "SSH from the internet")
			if nat == network.NATNone {
				assert.Equal(t, "deny", in.decide(internet, rdpPort), "RDP from the internet, while no NAT gateway needs the port")
			} else {
				// A NAT gateway receives its replies on 1024-65535 (VPC User
				// Guide, "Ephemeral ports"), 3389 included.
				for _, port := range []int{1024, rdpPort, 32768, 65535} {
					assert.Equal(t, "allow", in.decide(internet, port), "a NAT gateway's reply on port %d", port)
				}
			}
			// Traffic from inside the VPC never meets a deny: an instance's
			// SSH or RDP to the internet through the NAT gateway, load
			// balancer nodes and their targets.
			for _, port := range []int{sshPort, rdpPort, 1024, 65535} {
				assert.Equal(t, "allow", in.decide(vpc, port), "port %d from the VPC", port)
			}
			assert.Equal(t, "allow", in.decide(internet, 443))
			assert.Equal(t, "allow", naclEntries(t, acl, "egress").decide(internet, sshPort), "everything may leave")
		})
	}
}

// Ports the default network ACL denies from the internet.
const (
	sshPort = 22
	rdpPort = 3389
)

// naclRules are a network ACL's entries in one direction, as AWS evaluates
// them: in ascending rule number, the first entry that matches decides.
type naclRules []map[string]interface{}

func naclEntries(t *testing.T, acl millionstacktest.Resource, direction string) naclRules {
	t.Helper()
	list, ok := acl.Plain()[direction].([]interface{})
	require.True(t, ok, "%s entries", direction)
	var rules naclRules
	for _, e := range list {
		rules = append(rules, e.(map[string]interface{}))
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i]["ruleNo"].(float64) < rules[j]["ruleNo"].(float64) })
	return rules
}

// decide returns the action for a TCP packet from source to port, or "deny"
// when no entry matches (the ACL's final, implicit rule).
func (rules naclRules) decide(source netip.Addr, port int) string {
	for _, r := range rules {
		prefix := netip.MustParsePrefix(r["cidrBlock"].(string))
		// Protocol -1 is every protocol, on every port (EC2 API reference,
		// CreateNetworkAclEntry).
		all := r["protocol"] == "-1"
		inRange := float64(port) >= r["fromPort"].(float64) && float64(port) <= r["toPort"].(float64)
		if prefix.Contains(source) && (all || (r["protocol"] == "tcp" && inRange)) {
			return r["action"].(string)
		}
	}
	return "deny"
}

// changedInputs returns the input keys whose values differ between a and b, sorted.
func changedInputs(a, b resource.PropertyMap) []string {
	var changed []string
	for k, v := range a {
		if w, ok := b[k]; !ok || !v.DeepEquals(w) {
			changed = append(changed, string(k))
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			changed = append(changed, string(k))
		}
	}
	sort.Strings(changed)
	return changed
}

func TestValidation(t *testing.T) {
	cases := []struct {
		name string
		args network.NetworkArgs
		want []string
	}{
		{"bad CIDR", network.NetworkArgs{CIDR: "10.0.0/16"},
			[]string{`network "app": CIDR: "10.0.0/16" is not an IPv4 network in CIDR notation; allowed: an address and prefix such as "10.0.0.0/16"`}},
		{"host bits", network.NetworkArgs{CIDR: "10.0.1.0/16"},
			[]string{`network "app": CIDR: "10.0.1.0/16" has host bits set (the network address is "10.0.0.0/16"); allowed: the network address`}},
		{"public range", network.NetworkArgs{CIDR: "100.64.0.0/16"},
			[]string{`network "app": CIDR: "100.64.0.0/16" is not RFC 1918 private space; allowed: inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`}},
		{"prefix too short", network.NetworkArgs{CIDR: "10.0.0.0/8"},
			[]string{`network "app": CIDR: "10.0.0.0/8" has prefix /8; allowed: /16 to /22`}},
		{"prefix too long", network.NetworkArgs{CIDR: "192.168.0.0/24"},
			[]string{`network "app": CIDR: "192.168.0.0/24" has prefix /24; allowed: /16 to /22`}},
		{"AZCount negative", network.NetworkArgs{AZCount: -1},
			[]string{"network \"app\": AZCount: -1 is out of range; allowed: 1 to 6"}},
		{"AZCount 7", network.NetworkArgs{AZCount: 7},
			[]string{"network \"app\": AZCount: 7 is out of range; allowed: 1 to 6"}},
		{"duplicate AZ", network.NetworkArgs{AvailabilityZones: []string{"us-east-1a", "us-east-1b", "us-east-1a"}},
			[]string{`network "app": AvailabilityZones: "us-east-1a" is listed twice; allowed: each zone once`}},
		{"foreign AZ", network.NetworkArgs{AvailabilityZones: []string{"us-east-1a", "eu-west-1b"}},
			[]string{`network "app": AvailabilityZones: "eu-west-1b" is not an Availability Zone of region us-east-1; allowed: "us-east-1" followed by one letter, such as "us-east-1a"`}},
		{"region, not AZ", network.NetworkArgs{AvailabilityZones: []string{"us-east-1"}},
			[]string{`network "app": AvailabilityZones: "us-east-1" is not an Availability Zone of region us-east-1`}},
		{"AZ of a longer region name", network.NetworkArgs{AvailabilityZones: []string{"us-east-11a"}},
			[]string{`network "app": AvailabilityZones: "us-east-11a" is not an Availability Zone of region us-east-1`}},
		{"too many AZs", network.NetworkArgs{AvailabilityZones: []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f", "us-east-1g"}},
			[]string{"network \"app\": AvailabilityZones: lists 7 zones; allowed: 1 to 6"}},
		{"unknown NAT mode", network.NetworkArgs{NAT: "per-subnet"},
			[]string{`network "app": NAT: "per-subnet" is not supported; allowed: none, single, per-az`}},
		{"bad retention", network.NetworkArgs{FlowLogRetentionDays: 10},
			[]string{"network \"app\": FlowLogRetentionDays: 10 days is not a CloudWatch Logs retention; allowed: 1, 3, 5"}},
		{"never-expire retention", network.NetworkArgs{FlowLogRetentionDays: -1},
			[]string{"network \"app\": FlowLogRetentionDays: -1 days is not a CloudWatch Logs retention"}},
		{"reserved tag", network.NetworkArgs{Tags: map[string]string{"aws:owner": "x"}},
			[]string{`network "app": Tags: key "aws:owner" uses the reserved prefix "aws:"`}},
		{"empty tag key", network.NetworkArgs{Tags: map[string]string{"": "x"}},
			[]string{`network "app": Tags: key "" has 0 characters; allowed: keys of 1 to 128 characters`}},
		{"long tag value", network.NetworkArgs{Tags: map[string]string{"team": strings.Repeat("x", 257)}},
			[]string{`network "app": Tags: value of "team" has 257 characters; allowed: values of at most 256 characters`}},
		{"interface endpoint name", network.NetworkArgs{InterfaceEndpoints: []string{"com.amazonaws.us-east-1.secretsmanager", "Secrets Manager"}},
			[]string{`network "app": InterfaceEndpoints: "Secrets Manager" is not an AWS service's endpoint name; allowed: the last part of com.amazonaws.<region>.<service>, such as "secretsmanager"`,
				`network "app": InterfaceEndpoints: "com.amazonaws.us-east-1.secretsmanager" is not an AWS service's endpoint name`}},
		{"gateway service as interface", network.NetworkArgs{InterfaceEndpoints: []string{"s3"}},
			[]string{`network "app": InterfaceEndpoints: "s3" is reached through the network's free gateway endpoint already`}},
		{"interface endpoint twice", network.NetworkArgs{InterfaceEndpoints: []string{"secretsmanager", "secretsmanager"}},
			[]string{`network "app": InterfaceEndpoints: "secretsmanager" is listed twice; allowed: each service once`}},
		{"endpoint AZs above the network's", network.NetworkArgs{AZCount: 2, InterfaceEndpoints: []string{"secretsmanager"}, InterfaceEndpointAZCount: 3},
			[]string{"network \"app\": InterfaceEndpointAZCount: 3 is out of range for the network's 2 AZs; allowed: 1 to the network's number of AZs"}},
		{"negative endpoint AZs", network.NetworkArgs{InterfaceEndpointAZCount: -1},
			[]string{"network \"app\": InterfaceEndpointAZCount: -1 is out of range"}},
		{"every problem at once", network.NetworkArgs{CIDR: "8.8.8.0/22", AZCount: 9, NAT: "many", FlowLogRetentionDays: 2},
			[]string{"CIDR:", "AZCount: 9", `NAT: "many"`, "FlowLogRetentionDays: 2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
				_, err := network.NewNetwork(ctx, "app", c.args)
				return err
			}, millionstacktest.Options{})
			millionstacktest.Rejected(t, inv, err, c.want...)
		})
	}
}

// Validate checks settings without a region, before anything is registered:
// the same problems as NewNetwork, with AZ names checked against any region.
func TestValidateWithoutRegion(t *testing.T) {
	assert.NoError(t, network.NetworkArgs{}.Validate("network"), "the defaults are valid")
	assert.NoError(t, network.NetworkArgs{AvailabilityZones: []string{"eu-west-1a", "eu-west-1b"}, NAT: network.NATPerAZ}.Validate("network"))

	err := network.NetworkArgs{
		CIDR:                 "10.0.0.0/24",
		AvailabilityZones:    []string{"eu-west-1", "eu-west-1a", "eu-west-1a"},
		NAT:                  "both",
		FlowLogRetentionDays: 4,
		Tags:                 map[string]string{"aws:x": "y"},
	}.Validate("network")
	require.Error(t, err)
	for _, want := range []string{
		`network "network": CIDR: "10.0.0.0/24" has prefix /24`,
		`network "network": AvailabilityZones: "eu-west-1" is not an Availability Zone of any region; allowed: a region name followed by one letter, such as "us-east-1a"`,
		`network "network": AvailabilityZones: "eu-west-1a" is listed twice`,
		`network "network": NAT: "both" is not supported`,
		"network \"network\": FlowLogRetentionDays: 4 days",
		`network "network": Tags: key "aws:x"`,
	} {
		assert.Contains(t, err.Error(), want)
	}
	assert.ErrorContains(t, network.NetworkArgs{AZCount: 7}.Validate("network"), "network \"network\": AZCount: 7 is out of range; allowed: 1 to 6")
}
