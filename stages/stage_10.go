package stages

import "github.com/millionstack/millionstack/components/database"

// ten users: the app and the database compete for one machine's memory.
// Split the tiers: the host keeps serving the app from a public subnet, and
// the data moves to a managed database (RDS) in the database subnets, which
// only the host's security group can reach. Backups, patching and failover of
// the database become AWS's job. The app logs in as a user of its own with
// short-lived IAM tokens: no server holds a database password, and a
// compromised host is no database superuser.
func ten() Settings {
	s := one()
	s.Name, s.Users = "10", "10"
	s.Summary = "web tier and database apart: the host serves the app, RDS single-AZ holds the data"
	s.Host.InstanceType = "t3.small"
	s.Database = &database.DatabaseArgs{
		InstanceClass:          "db.t3.micro",
		AllocatedStorageGiB:    20,
		MaxAllocatedStorageGiB: 100,
		// Created at deploy time by a bootstrap function, the only reader of
		// the master secret besides the rotation function of stage 10k.
		AppUser: "app_user",
	}
	// The bootstrap (and later the rotation) runs in the database subnets,
	// which have no internet route, ever: Secrets Manager is reached through
	// an interface endpoint in one AZ (a deploy-time job and a monthly one
	// do not need two), and it stays when NAT gateways arrive at 1k.
	s.Network.InterfaceEndpoints = []string{secretsManager}
	return s
}
