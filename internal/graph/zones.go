package graph

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/millionstack/millionstack/millionstacktest"
)

// zones draws the Availability Zones: one node per subnet, drawn inside its
// AZ's box, listing what sits in that subnet; and, on every node placed in
// subnets, the AZs it runs in. What sits where comes from the recorded
// inputs, and where the inputs leave the choice to AWS, from how AWS places
// it:
//
//   - a NAT gateway, an instance, an interface endpoint's network interface
//     and an Aurora instance with an availabilityZone sit in the one subnet
//     or AZ they name;
//   - a load balancer has a node in each of its subnets: "When you enable an
//     Availability Zone for your load balancer, ELB creates a load balancer
//     node in the Availability Zone" (ELB user guide, How ELB works);
//   - an Auto Scaling group balances its instances over its subnets' AZs:
//     "Auto Scaling maintains an equal number of instances across enabled
//     Availability Zones" (EC2 Auto Scaling user guide, Auto Scaling group
//     Availability Zone distribution), so each AZ holds its share of the
//     group's minimum to maximum;
//   - an ECS service does the same with its tasks: "By default, the service
//     scheduler spreads tasks across multiple Availability Zones" (ECS
//     developer guide, Schedule your containers on Amazon ECS);
//   - an RDS instance without an availabilityZone is where RDS puts it
//     ("Default: A random, system-chosen Availability Zone", RDS API
//     reference, CreateDBInstance), and a Multi-AZ instance keeps its
//     standby "in a different Availability Zone" (RDS user guide, Multi-AZ
//     DB instance deployments): each AZ of its subnet group may hold the
//     primary or the standby, and the cell says so;
//   - an ElastiCache replication group without preferredCacheClusterAzs gets
//     "system chosen Availability Zones" (ElastiCache API reference,
//     CreateReplicationGroup), its primary and replicas in the AZs of its
//     subnet group.
func (b *builder) zones() {
	held := map[string][]string{} // subnet URN -> what sits there
	place := func(subnets []millionstacktest.Resource, what string) {
		for _, s := range subnets {
			held[s.URN] = append(held[s.URN], what)
		}
	}
	for _, r := range b.inv.Cloud() {
		switch r.Type {
		case tNAT:
			place(b.sources(r, "subnetId", tSubnet), "NAT gateway")
		case tVPCEndpoint:
			if r.String("vpcEndpointType") == "Interface" {
				service := r.String("serviceName")
				place(b.sources(r, "subnetIds", tSubnet), service[strings.LastIndex(service, ".")+1:]+" endpoint")
			}
		case tInstance:
			subnets := inAZ(b.sources(r, "subnetId", tSubnet), r.String("availabilityZone"))
			place(subnets, r.Name+": EC2 instance")
			b.spans(r, subnets)
		case tLB:
			subnets := b.subnetsOf(r, "subnets")
			kind := "ALB"
			if r.String("loadBalancerType") == "network" {
				kind = "NLB"
			}
			place(subnets, r.Name+": "+kind+" node")
			b.spans(r, subnets)
		case tASG:
			subnets := b.subnetsOf(r, "vpcZoneIdentifiers")
			place(subnets, r.Name+": "+share(r.String("minSize"), r.String("maxSize"), distinctAZs(subnets), "instance", "instances"))
			b.spans(r, subnets)
		case tECSService:
			subnets := b.subnetsOf(r, "networkConfiguration")
			desired := orDefault(r.String("desiredCount"), "1")
			place(subnets, r.Name+": "+share(desired, desired, distinctAZs(subnets), "task", "tasks"))
			b.spans(r, subnets)
		case tFunction:
			if subnets := b.subnetsOf(r, "vpcConfig"); len(subnets) > 0 && !b.deployJob(r) {
				place(subnets, r.Name+": Lambda network interface")
				b.spans(r, subnets)
			}
		case tRDS:
			subnets := b.subnetsOf(r, "dbSubnetGroupName")
			if az := r.String("availabilityZone"); az != "" {
				subnets = inAZ(subnets, az)
			}
			place(subnets, r.Name+": "+b.databaseRoles(r))
			b.spans(r, subnets)
		case tCluster:
			subnets := b.subnetsOf(r, "dbSubnetGroupName")
			b.placeClusterInstances(r, subnets, held)
			b.spans(r, b.clusterSubnets(r, subnets))
		case tReplGroup:
			subnets := b.subnetsOf(r, "subnetGroupName")
			b.placeCacheNodes(r, subnets, held)
			b.spans(r, subnets)
		}
	}
	for _, s := range b.inv.ByType(tSubnet) {
		az := s.String("availabilityZone")
		if az == "" {
			continue // a subnet placed by AZ ID only: no box to draw it in
		}
		tier := subnetTier(s)
		what := dedupe(held[s.URN])
		b.m.Nodes = append(b.m.Nodes, Node{
			ID: nodeID("subnet", s.Name), Label: subnetTitle[tier] + " " + s.String("cidrBlock"), Detail: strings.Join(what, "\n"),
			Lane: subnetLane[tier], Region: b.inv.RegionOf(s), Placement: tier, Shape: "box", AZ: az, URNs: []string{s.URN},
		})
	}
}

// subnetTitle and subnetLane name a subnet node by its tier.
var (
	subnetTitle = map[Placement]string{PublicSubnet: "public subnet", PrivateSubnet: "private subnet", IsolatedSubnet: "database subnet"}
	subnetLane  = map[Placement]Lane{PublicSubnet: LanePublic, PrivateSubnet: LaneApp, IsolatedSubnet: LaneData}
)

// spans records on r's node the AZs of the subnets it runs in.
func (b *builder) spans(r millionstacktest.Resource, subnets []millionstacktest.Resource) {
	id, ok := b.owner[r.URN]
	if !ok || len(subnets) == 0 {
		return
	}
	for i := range b.m.Nodes {
		if b.m.Nodes[i].ID == id {
			b.m.Nodes[i].AZs = distinctAZs(subnets)
		}
	}
}

// databaseRoles says what of an RDS instance (with its same-region read
// replicas) each AZ of its subnet group may hold; RDS picks which.
func (b *builder) databaseRoles(r millionstacktest.Resource) string {
	if len(b.sources(r, "replicateSourceDb", tRDS)) > 0 || strings.HasPrefix(r.String("replicateSourceDb"), "arn:") {
		return "replica"
	}
	replicas := 0
	for _, rep := range b.users(r, tRDS, "replicateSourceDb") {
		if b.inv.RegionOf(rep) == b.inv.RegionOf(r) {
			replicas++
		}
	}
	switch {
	case r.String("multiAz") == "true" && replicas > 0:
		return "primary, standby or replica"
	case r.String("multiAz") == "true":
		return "primary or standby"
	case replicas > 0:
		return "primary or replica"
	}
	return "instance, in one AZ RDS picks"
}

// placeClusterInstances puts an Aurora cluster's instances in the AZs they
// name, and those that name none in every AZ of the cluster's subnets.
func (b *builder) placeClusterInstances(cluster millionstacktest.Resource, subnets []millionstacktest.Resource, held map[string][]string) {
	perAZ := map[string]int{}
	unpinned := 0
	for _, i := range b.users(cluster, tClusterInst, "clusterIdentifier") {
		if az := i.String("availabilityZone"); az != "" {
			perAZ[az]++
		} else {
			unpinned++
		}
	}
	for _, s := range subnets {
		az := s.String("availabilityZone")
		if n := perAZ[az]; n > 0 {
			held[s.URN] = append(held[s.URN], cluster.Name+": "+plural(n, "instance", "instances"))
		}
		if unpinned > 0 {
			held[s.URN] = append(held[s.URN], cluster.Name+": instance, in AZs Aurora picks")
		}
	}
}

// clusterSubnets are the subnets a cluster's node spans: those of the AZs
// its instances are placed in when every instance names its AZ (a
// secondary of one instance is in one AZ, whatever its subnet group
// offers), else all of its subnet group's.
func (b *builder) clusterSubnets(cluster millionstacktest.Resource, subnets []millionstacktest.Resource) []millionstacktest.Resource {
	var out []millionstacktest.Resource
	for _, i := range b.users(cluster, tClusterInst, "clusterIdentifier") {
		az := i.String("availabilityZone")
		if az == "" {
			return subnets
		}
		out = append(out, inAZ(subnets, az)...)
	}
	if len(out) == 0 {
		return subnets
	}
	return out
}

// placeCacheNodes puts a replication group's nodes in its preferred AZs
// (the first holds the primary), else says what each AZ of its subnets may
// hold.
func (b *builder) placeCacheNodes(group millionstacktest.Resource, subnets []millionstacktest.Resource, held map[string][]string) {
	if preferred := list(group, "preferredCacheClusterAzs"); len(preferred) > 0 {
		for i, az := range preferred {
			role := "replica"
			if i == 0 {
				role = "primary"
			}
			for _, s := range inAZ(subnets, fmt.Sprint(az)) {
				held[s.URN] = append(held[s.URN], group.Name+": "+role)
			}
		}
		return
	}
	role := "node, in one AZ ElastiCache picks"
	if n, _ := strconv.Atoi(orDefault(group.String("numCacheClusters"), "1")); n > 1 {
		role = "primary or replica"
	}
	for _, s := range subnets {
		held[s.URN] = append(held[s.URN], group.Name+": "+role)
	}
}

// share is how many of a group's min to max members each of n AZs holds
// when they are balanced: "1–10 instances" for 3–30 over three AZs.
func share(min, max string, azs []string, one, many string) string {
	lo, _ := strconv.Atoi(min)
	hi, _ := strconv.Atoi(max)
	n := len(azs)
	if n == 0 {
		n = 1
	}
	lo, hi = lo/n, (hi+n-1)/n
	if lo == hi {
		return plural(lo, one, many)
	}
	return fmt.Sprintf("%d–%d %s", lo, hi, many)
}

// inAZ keeps the subnets in az; all of them when az is "".
func inAZ(subnets []millionstacktest.Resource, az string) []millionstacktest.Resource {
	if az == "" {
		return subnets
	}
	var out []millionstacktest.Resource
	for _, s := range subnets {
		if s.String("availabilityZone") == az {
			out = append(out, s)
		}
	}
	return out
}

// distinctAZs returns the sorted AZs of subnets.
func distinctAZs(subnets []millionstacktest.Resource) []string {
	set := map[string]bool{}
	for _, s := range subnets {
		if az := s.String("availabilityZone"); az != "" {
			set[az] = true
		}
	}
	return sortedKeys(set)
}

// dedupe sorts a subnet's list and drops repeats.
func dedupe(what []string) []string {
	sort.Strings(what)
	var out []string
	for i, w := range what {
		if i == 0 || w != what[i-1] {
			out = append(out, w)
		}
	}
	return out
}
