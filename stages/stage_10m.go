package stages

import (
	"github.com/millionstack/millionstack/components/container"
	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/components/nosql"
	"github.com/millionstack/millionstack/components/webtier"
)

// five to ten million users: the single writer and the single region are
// the limits left. The writer is relieved by function: federation puts each
// function's tables in a database of its own (the 1m database stays, as the
// users database), sharding splits the busiest function over several, and
// the hottest data (sessions, activity) moves to DynamoDB. The region is
// relieved by a second one: the same network, web tier, app tier and cache
// run there, the data is replicated to it (read replicas, Aurora Global
// Database secondaries, DynamoDB replicas, S3 replication), and Route 53
// sends each user to the nearest healthy region, and all of them to the
// other when one fails its health checks.
//
// The app tier moves to containers on ECS Fargate in both regions: its
// instances were already stateless, so the internal load balancer simply
// forwards to tasks instead, which start in seconds rather than minutes and
// scale on CPU and on requests per task.
func tenMillion() Settings {
	s := million()
	s.Name, s.Users = "10m", "5,000,000-10,000,000"
	s.Summary = "two regions behind latency routing with health checks, app tier on ECS Fargate, federated and sharded Aurora, DynamoDB for hot data"
	s.Budget.MonthlyLimitUSD = 25000
	// A second region with the same layout, in place of a standby: both
	// serve, each its nearest users. Writes still go to the one writer of
	// each database, in the stack's region; reads stay in each region.
	s.Secondary = &SecondarySettings{Region: DefaultSecondaryRegion, CIDR: DefaultSecondaryCIDR}
	// The data tier: the users database stays where it is (db); the other
	// functions move to Aurora clusters of their own (federation), the
	// busiest one is split by key over several (sharding), and each cluster
	// is a global database with a secondary in the second region.
	s.Data = &DataSettings{
		// Split by function, as the talk does: products and the forum
		// each get a writer of their own; users stay in db.
		Members: []string{"products", "forum"},
		// The function no single writer can take, split by key.
		ShardedFunction: "orders",
		Shards:          2,
		Cluster: database.ClusterArgs{
			InstanceClass: "db.r6g.large",
			Readers:       intRef(2), // one instance in each of three AZs
		},
		SecondaryInstances: 1,
		// High-velocity data (activity feeds) in DynamoDB, on demand,
		// replicated to the second region.
		HotTables: map[string]nosql.TableArgs{"activity": {}},
	}
	// The session store streams its changes, which its replica in the
	// second region is made of: an in-place update of the table.
	s.Sessions.Stream = true
	// AWS Backup protects the new clusters too.
	s.Backup.Clusters = true
	// The app tier's internal load balancer stays where it is and forwards
	// to container tasks: 1 vCPU and 2 GiB each, four at least (two per AZ
	// of the first two, and a third AZ's worth of headroom), up to forty,
	// scaling at half their CPU or a thousand requests a minute per task.
	// The image is the user's (config appImage); until it is set, a
	// placeholder that answers the health check keeps the tier up.
	s.Services.App = webtier.WebTierArgs{Internal: true, Targets: webtier.TargetsIP}
	s.Services.Container = &container.ServiceArgs{
		CPU: 1024, MemoryMiB: 2048,
		MinCount: 4, MaxCount: 40,
		CPUTargetPercent: 50, RequestsPerTarget: 1000,
	}
	return s
}

func intRef(n int) *int { return &n }
