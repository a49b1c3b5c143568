package stages

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/components/nosql"
	"github.com/millionstack/millionstack/internal/validate"
)

// DataSettings describe the data tier of the 10m stage, where one writer is
// the limit: the users database (the `db` of the stages below) stays where
// it is, and the other functions move out of it.
type DataSettings struct {
	// Members are the functions split off the users database by function
	// (federation), each an Aurora PostgreSQL cluster `db-<member>` with a
	// database of the member's name (config dbMembers).
	Members []string
	// ShardedFunction is the function whose rows no single writer can take:
	// split by key over Shards identical Aurora clusters
	// `db-<function>-1` to `-<Shards>` (config shardedFunction, shards),
	// which the shard map (db/shards) assigns the keys' buckets to.
	ShardedFunction string
	// Shards is how many clusters hold ShardedFunction: 1 to MaxShards.
	Shards int
	// Cluster is what every member and shard cluster shares: instance
	// class, readers, version (config auroraInstanceClass). Build wires in
	// the network, the callers, the app's user, the backups, and unless
	// set here the master password's rotation schedule, the users
	// database's (config dbRotationDays).
	Cluster database.ClusterArgs
	// SecondaryInstances is the number of instances of each cluster's
	// secondary in the second region (at least one, to be promoted).
	SecondaryInstances int
	// HotTables are the DynamoDB tables for high-velocity data, by name: a
	// table `<name>`, replicated to the second region.
	HotTables map[string]nosql.TableArgs
}

// MaxShards is the most shards the stage takes: each is a cluster (and,
// with a second region, a global database: an account holds a limited
// number), and the shard map must stay a standard SSM parameter.
const MaxShards = 64

// usersMember is the function the stages below hold in `db`: the users
// database of the federation, which no member may be named after.
const usersMember = "users"

// maxMemberName is the longest member name: `db-<member>-secondary` must
// be a component name (validate.MaxComponentNameLength, 24).
var (
	maxMemberName   = validate.MaxComponentNameLength - len(databaseName+"-"+secondarySuffix)
	maxFunctionName = validate.MaxComponentNameLength - len(databaseName+"--64"+secondarySuffix)
)

// functionName is what a member or the sharded function may be called: it
// names components (lower-case letters, digits, hyphens) and the
// PostgreSQL database of its cluster (letters, digits, underscores), so
// both: a lower-case letter, then lower-case letters and digits.
var functionName = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// reservedDatabases are the PostgreSQL databases a member cannot be named
// after (the database package refuses them as DatabaseName too).
var reservedDatabases = []string{"postgres", "rdsadmin", "template0", "template1"}

// validate reports every problem with the data settings, naming the config
// key that sets each.
func (d DataSettings) validate() error {
	p := validate.In("config")
	seen := map[string]bool{}
	for _, m := range d.Members {
		checkFunctionName(p, "millionstack:dbMembers", m, maxMemberName)
		switch {
		case m == usersMember:
			p.Addf("millionstack:dbMembers", "%q is the users database, the stage's db, which stays where it is; allowed: the other functions", m)
		case seen[m]:
			p.Addf("millionstack:dbMembers", "%q is listed twice; allowed: each member once", m)
		}
		seen[m] = true
	}
	checkFunctionName(p, "millionstack:shardedFunction", d.ShardedFunction, maxFunctionName)
	if d.ShardedFunction == usersMember || seen[d.ShardedFunction] {
		p.Addf("millionstack:shardedFunction", "%q is also %s; allowed: a function of its own, neither users nor a member (%s)", d.ShardedFunction,
			map[bool]string{true: "the users database", false: "a member"}[d.ShardedFunction == usersMember], strings.Join(d.Members, ", "))
	}
	p.IntRange("millionstack:shards", d.Shards, 1, MaxShards)
	return p.Err()
}

// checkFunctionName checks one member or function name.
func checkFunctionName(p *validate.Problems, key, name string, maxLength int) {
	switch {
	case !functionName.MatchString(name):
		p.Addf(key, "%q cannot name a cluster and its database; allowed: a lower-case letter, then lower-case letters and digits", name)
	case len(name) > maxLength:
		p.Addf(key, "%q is %d characters long; allowed: at most %d (it names the clusters %s)", name, len(name), maxLength, fmt.Sprintf("%s-%s%s", databaseName, name, secondarySuffix))
	case slices.Contains(reservedDatabases, name):
		p.Addf(key, "%q is a database PostgreSQL or RDS keeps for itself; allowed: any other name", name)
	}
}

// memberName is member's cluster; shardName the sharded function's n-th.
func memberName(member string) string { return databaseName + "-" + member }
func (d DataSettings) shardName(n int) string {
	return fmt.Sprintf("%s-%s-%d", databaseName, d.ShardedFunction, n)
}
