package stages

import (
	"github.com/millionstack/millionstack/components/network"
	"github.com/millionstack/millionstack/components/webtier"
)

// a thousand users: one server is a single point of failure, and so is one
// availability zone. Put a load balancer with health checks in front of two
// instances in two AZs, and give the database a synchronous standby in the
// other AZ with automatic failover.
func thousand() Settings {
	s := hundred()
	s.Name, s.Users = "1k", "1,000"
	s.Summary = "ALB + Auto Scaling group across 2 AZs replaces the host; RDS Multi-AZ"
	// Instances move to private subnets; one NAT gateway gives them egress
	// for updates (one per AZ comes when an AZ outage must not cut egress).
	s.Network.NAT = network.NATSingle
	// The single host retires (its data volume is kept, not deleted) ...
	s.Host = nil
	// ... for two instances behind an Application Load Balancer.
	s.Web = &webtier.WebTierArgs{InstanceType: "t3.small", MinSize: 2, MaxSize: 2}
	// A standby in another AZ: the primary is modified in place, not replaced.
	s.Database.MultiAZ = true
	return s
}
