package stages

import "github.com/millionstack/millionstack/components/database"

// ten users: the app and the database compete for one machine's memory.
// Split the tiers: the host keeps serving the app from a public subnet, and
// the data moves to a managed database (RDS) in the database subnets, which
// only the host's security group can reach. Backups, patching and failover of
// the database become AWS's job.
func ten() Settings {
	s := one()
	s.Name, s.Users = "10", "10"
	s.Summary = "web tier and database apart: the host serves the app, RDS single-AZ holds the data"
	s.Host.InstanceType = "t3.small"
	s.Database = &database.DatabaseArgs{
		InstanceClass:          "db.t3.micro",
		AllocatedStorageGiB:    20,
		MaxAllocatedStorageGiB: 100,
	}
	return s
}
