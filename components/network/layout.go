package network

import (
	"fmt"
	"net/netip"
)

// Tier is a subnet tier: what the subnets of the tier may reach and what may
// reach them.
type Tier string

const (
	// TierPublic holds load balancers and NAT gateways; it routes to the
	// internet gateway. Instances here still get no public IP on launch.
	TierPublic Tier = "public"
	// TierPrivate holds application servers; internet egress only through
	// NAT (when NAT is not NATNone), never reachable from the internet.
	TierPrivate Tier = "private"
	// TierDatabase holds data stores; it has no route to or from the
	// internet at all, only to S3 and DynamoDB through gateway endpoints.
	TierDatabase Tier = "database"
)

// tierBlock places a tier's subnets inside the VPC range: each subnet is
// newBits longer than the VPC prefix, and the subnet of AZ position p is
// block number first+p of that size.
type tierBlock struct {
	newBits int
	first   int
}

// layout is the fixed plan of the VPC range. It depends only on tier and
// position, never on how many AZs exist, so adding an AZ never renumbers a
// subnet. With VPC prefix P:
//   - private: /(P+4) blocks 0..5, in the first half (the largest subnets,
//     for the servers and containers that multiply with growth);
//   - public: /(P+5) blocks 16..21, in the third quarter;
//   - database: /(P+5) blocks 24..29, in the fourth quarter.
//
// The blocks left over in each part are kept free for later tiers.
var layout = map[Tier]tierBlock{
	TierPrivate:  {newBits: 4, first: 0},
	TierPublic:   {newBits: 5, first: 16},
	TierDatabase: {newBits: 5, first: 24},
}

// SubnetCIDR returns the CIDR of the subnet of tier at AZ position (0 to
// MaxAZs-1) in the VPC range vpcCIDR, following the fixed layout: for
// 10.0.0.0/16, private subnets are 10.0.0.0/20, 10.0.16.0/20, ...; public
// 10.0.128.0/21, 10.0.136.0/21, ...; database 10.0.192.0/21, 10.0.200.0/21, ...
// vpcCIDR must satisfy the same rules as NetworkArgs.CIDR.
func SubnetCIDR(vpcCIDR string, tier Tier, position int) (string, error) {
	vpc, problem, rule := parseVPCCIDR(vpcCIDR)
	if problem != "" {
		return "", fmt.Errorf("network.SubnetCIDR: vpcCIDR: %s; allowed: %s", problem, rule)
	}
	block, ok := layout[tier]
	if !ok {
		return "", fmt.Errorf("network.SubnetCIDR: tier: %q is not supported; allowed: %s, %s, %s", tier, TierPublic, TierPrivate, TierDatabase)
	}
	if position < 0 || position >= MaxAZs {
		return "", fmt.Errorf("network.SubnetCIDR: position: %d is out of range; allowed: 0 to %d", position, MaxAZs-1)
	}
	bits := vpc.Bits() + block.newBits
	base := vpc.Addr().As4()
	start := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3])
	start += uint32(block.first+position) << (32 - bits)
	addr := netip.AddrFrom4([4]byte{byte(start >> 24), byte(start >> 16), byte(start >> 8), byte(start)})
	return netip.PrefixFrom(addr, bits).String(), nil
}

// privateRanges is RFC 1918 address space, the only space a VPC range may use here.
var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

// Allowed VPC prefix lengths: /16 is the largest VPC AWS allows; /22 is the
// smallest whose layout still gives every subnet at least a /27.
const (
	minVPCPrefix = 16
	maxVPCPrefix = 22
)

// The rules of a VPC range (NetworkArgs.CIDR), each what parseVPCCIDR
// says is allowed when a range breaks it.
var (
	cidrNotation = fmt.Sprintf("an address and prefix such as %q", DefaultCIDR)
	cidrNetwork  = "the network address, no host bits set"
	cidrPrivate  = "inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918 private space)"
	cidrPrefix   = fmt.Sprintf("/%d to /%d (the prefix length)", minVPCPrefix, maxVPCPrefix)
	vpcCIDRRules = []string{cidrNotation, cidrNetwork, cidrPrivate, cidrPrefix}
)

// parseVPCCIDR parses a VPC range and says what is wrong with it: the problem
// is "" when the range is usable, otherwise a message naming the value, with
// the rule of vpcCIDRRules it breaks.
func parseVPCCIDR(cidr string) (prefix netip.Prefix, problem, rule string) {
	prefix, err := netip.ParsePrefix(cidr)
	switch {
	case err != nil || !prefix.Addr().Is4():
		return prefix, fmt.Sprintf("%q is not an IPv4 network in CIDR notation", cidr), cidrNotation
	case prefix.Masked() != prefix:
		return prefix, fmt.Sprintf("%q has host bits set (the network address is %q)", cidr, prefix.Masked().String()), cidrNetwork
	case !isPrivate(prefix):
		return prefix, fmt.Sprintf("%q is not RFC 1918 private space", cidr), cidrPrivate
	case prefix.Bits() < minVPCPrefix || prefix.Bits() > maxVPCPrefix:
		return prefix, fmt.Sprintf("%q has prefix /%d", cidr, prefix.Bits()), cidrPrefix
	}
	return prefix, "", ""
}

// isPrivate reports whether prefix lies wholly inside RFC 1918 space.
func isPrivate(prefix netip.Prefix) bool {
	for _, r := range privateRanges {
		if r.Contains(prefix.Addr()) && prefix.Bits() >= r.Bits() {
			return true
		}
	}
	return false
}
