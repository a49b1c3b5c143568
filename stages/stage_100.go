package stages

import "github.com/millionstack/millionstack/components/monitoring"

// a hundred users: the same shape, grown vertically. Bigger classes and more
// storage headroom buy time cheaply, and now that real users depend on the
// service, alarms on the host and the database say when it runs out.
func hundred() Settings {
	s := ten()
	s.Name, s.Users = "100", "100"
	s.Summary = "same shape grown vertically, plus CloudWatch alarms on host and database"
	s.Host.InstanceType = "t3.medium"
	s.Database.InstanceClass = "db.t3.small"
	s.Database.AllocatedStorageGiB = 50
	s.Database.MaxAllocatedStorageGiB = 500
	// Alarms on CPU, storage and connections of the database, CPU and status
	// checks of the host, to an alarm topic (e-mail from config).
	s.Monitoring = &monitoring.MonitoringArgs{}
	return s
}
