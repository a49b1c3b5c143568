package stages

import (
	"github.com/millionstack/millionstack/components/backup"
	"github.com/millionstack/millionstack/components/host"
	"github.com/millionstack/millionstack/components/network"
)

// one user (launch): the whole web stack, app and database, runs on one EC2
// instance with an Elastic IP that DNS points at. It is the cheapest thing
// that works, and it grows vertically: a bigger instance type is a config
// change. The launch site stays where it is, with its bucket.
func one() Settings {
	s := prelaunch()
	s.Name, s.Users = "1", "1"
	s.Summary = "one EC2 host running app and database, Elastic IP, DNS; the launch site stays"
	// The API moves onto the host with the rest of the app.
	s.API = nil
	// A VPC with all three tiers laid out from day one, so later stages only
	// add to it. Two AZs cost nothing without NAT gateways, and RDS will need
	// database subnets in two AZs at the next stage.
	s.Network = &network.NetworkArgs{AZCount: 2, NAT: network.NATNone}
	// One host; its database lives on a separate encrypted data volume with
	// daily snapshots, so replacing the instance never loses data.
	s.Host = &host.HostArgs{InstanceType: "t3.micro", DataVolumeGiB: 20}
	// Snapshots a week back do not outlive a mistake found a month later:
	// AWS Backup keeps a daily backup of every data store for 35 days and a
	// monthly one for a year, in a vault of its own. Data stores join the
	// plan by its tag, so the host's data volume stays covered after the
	// host retires, until its owner deletes it.
	s.Backup = &backup.PlanArgs{}
	return s
}
