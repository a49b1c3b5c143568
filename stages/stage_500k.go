package stages

import (
	"github.com/millionstack/millionstack/components/backup"
	"github.com/millionstack/millionstack/components/budget"
	"github.com/millionstack/millionstack/components/firewall"
	"github.com/millionstack/millionstack/components/network"
	"github.com/millionstack/millionstack/components/sessions"
)

// half a million users: the architecture is now too big to watch by hand and
// too valuable to leave open. A third AZ for 99.99% availability (with a NAT
// gateway per AZ so an AZ outage cannot cut egress), wider auto scaling,
// sessions in DynamoDB, full monitoring (dashboard, tracing, audit trail), a
// web application firewall at both front doors, and a budget that says when
// the bill runs away.
func halfMillion() Settings {
	s := tenThousand()
	s.Name, s.Users = "500k", "500,000"
	s.Summary = "3 AZs, NAT per AZ, sessions in DynamoDB, WAF, dashboard, tracing, CloudTrail, budget"
	s.Network.AZCount = 3
	s.Network.NAT = network.NATPerAZ
	s.Web.InstanceType = "m5.large"
	s.Web.MinSize, s.Web.MaxSize = 3, 30
	s.Database.InstanceClass = "db.r5.large"
	s.Database.ReadReplicas = 2
	s.Cache.NodeType = "cache.m6g.large"
	s.Cache.Nodes = 3
	s.Sessions = &sessions.StoreArgs{}
	s.Monitoring.Dashboard = true
	s.Monitoring.Tracing = true
	s.Monitoring.AuditTrail = true
	s.Firewall = &firewall.WebACLArgs{Scope: "REGIONAL", RateLimit: 2000}
	s.EdgeFirewall = &firewall.WebACLArgs{Scope: "CLOUDFRONT", RateLimit: 2000}
	s.Budget = &budget.BudgetArgs{MonthlyLimitUSD: 6000}
	// Backups that outlive the loss of the region, and an operator's
	// mistake: every backup is copied to a vault in a second region, and
	// both vaults are locked in governance mode.
	s.Backup.CopyRegion = backup.DefaultCopyRegion
	s.Backup.VaultLock = true
	return s
}
