package stages

import (
	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/components/nosql"
)

// ten million users (the data tier; the region branch writes this stage's
// compute, routing and second region's front doors): one writer is the
// limit, and one region a single point of failure. The users database
// stays where it is; the other functions move to Aurora clusters of their
// own (federation), the busiest one is split by key over several
// (sharding), high-velocity data goes to DynamoDB, and every data store
// gets a copy in a second region.
func tenMillion() Settings {
	s := million()
	s.Name, s.Users = "10m", "5,000,000-10,000,000"
	s.Summary = "federation and shards on Aurora global databases, DynamoDB hot tables, every data store copied to a second region"
	second := *s.Network
	second.CIDR = "10.1.0.0/16" // the primary's layout in another range, so that they can be peered
	s.Secondary = &SecondarySettings{Region: DefaultSecondaryRegion, Network: second}
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
		HotTables:          map[string]nosql.TableArgs{"activity": {}},
	}
	// The session store streams its changes, which its replica in the
	// second region is made of: an in-place update of the table.
	s.Sessions.Stream = true
	// AWS Backup protects the new clusters too.
	s.Backup.Clusters = true
	s.Budget.MonthlyLimitUSD = 25000
	return s
}

func intRef(n int) *int { return &n }
