package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/internal/plan"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/millionstack/millionstack/stages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The 10m data tier: what a default 10m stack holds, and where.

const (
	tSecretVersion = "aws:secretsmanager/secretVersion:SecretVersion"
	tReplicaComp   = "millionstack:database:Replica"
	tHotTable      = "millionstack:nosql:Table"
	tReplication   = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
)

// parameterValue returns the value of the app's SSM parameter key.
func parameterValue(t *testing.T, inv *millionstacktest.Inventory, key string) string {
	t.Helper()
	for _, p := range inv.ByType(tParam) {
		// The stack's region's parameter: at 10m the second region has one
		// of the same name, naming its own copies.
		if p.String("name") == "/millionstack/"+inv.Stack+"/"+key && inv.RegionOf(p) == inv.Region {
			return p.String("value")
		}
	}
	t.Fatalf("no parameter %s", key)
	return ""
}

// shardMapDoc is db/shards as the app reads it.
type shardMapDoc struct {
	Version   int               `json:"version"`
	Function  string            `json:"function"`
	Buckets   int               `json:"buckets"`
	Hash      string            `json:"hash"`
	Endpoints map[string]string `json:"endpoints"`
	Shards    []struct {
		ID      string   `json:"id"`
		Buckets [][2]int `json:"buckets"`
	} `json:"shards"`
}

func shardMap(t *testing.T, inv *millionstacktest.Inventory) (shardMapDoc, string) {
	t.Helper()
	raw := parameterValue(t, inv, "db/shards")
	var m shardMapDoc
	require.NoError(t, json.Unmarshal([]byte(raw), &m), raw)
	return m, raw
}

// The functions split off the users database are Aurora clusters db-products
// and db-forum, the sharded function's db-orders-1 and -2, each with a
// database of its function's name and the app's own user, a writer and two
// readers in three AZs, the primary of a global database whose secondary
// is in the second region; the users database stays and gets a replica
// there; the hot table and the session table get replicas there too.
func TestTenMillionDataTier(t *testing.T) {
	inv := record(t, "10m", nil)
	clusters := map[string]string{"db-products": "products", "db-forum": "forum", "db-orders-1": "orders", "db-orders-2": "orders"}
	secondary := millionstacktest.Named(t, inv, "pulumi:providers:aws", "secondary")
	assert.Equal(t, "us-west-2", secondary.String("region"))
	for name, database := range clusters {
		c := millionstacktest.Named(t, inv, tAuroraCluster, name)
		assert.Empty(t, c.Provider, "%s is in the stack's region", name)
		assert.Equal(t, database, c.String("databaseName"), name)
		assert.Equal(t, "db.r6g.large", millionstacktest.Named(t, inv, tAuroraInstance, name+"-instance-1").String("instanceClass"))
		assert.Len(t, millionstacktest.Under(inv, millionstacktest.Named(t, inv, tClusterComp, name).URN, tAuroraInstance), 3, name)
		assert.NotEmpty(t, c.String("tags.millionstack:backup"), "%s is backed up", name)
		// the app's user, created by the cluster's bootstrap
		assert.Equal(t, "app_user", millionstacktest.Document(t, millionstacktest.Named(t, inv, "aws:lambda/invocation:Invocation", name+"-bootstrap"), "input")["user"])
		s := millionstacktest.Named(t, inv, tAuroraCluster, name+"-secondary")
		assert.Equal(t, secondary.URN, s.ProviderURN(), "%s-secondary", name)
		assert.Equal(t, name+"-id", s.String("globalClusterIdentifier"))
		_, tagged := s.Input("tags.millionstack:backup")
		assert.False(t, tagged, "the secondary is a copy: the primary is backed up")

		prefix := "db/" + strings.TrimPrefix(name, "db-") + "/"
		assert.Equal(t, c.Outputs["endpoint"].StringValue(), parameterValue(t, inv, prefix+"writer"))
		assert.Equal(t, c.Outputs["readerEndpoint"].StringValue(), parameterValue(t, inv, prefix+"readers"))
		assert.Equal(t, "5432", parameterValue(t, inv, prefix+"port"))
		assert.Equal(t, database, parameterValue(t, inv, prefix+"name"))
		assert.Equal(t, "app_user", parameterValue(t, inv, prefix+"user"))
	}
	assert.Len(t, inv.ByType(tAuroraCluster), 2*len(clusters), "nothing else")
	assert.Len(t, inv.ByType(tGlobalCluster), len(clusters))

	// The users database: db, as it was, mirrored under db/users/.
	for _, key := range []string{"writer", "readers", "port", "name", "user"} {
		assert.Equal(t, parameterValue(t, inv, "db/"+key), parameterValue(t, inv, "db/users/"+key), key)
	}
	replica := millionstacktest.Named(t, inv, tRDS, "db-replica-secondary")
	assert.Equal(t, secondary.URN, replica.ProviderURN())
	assert.Equal(t, millionstacktest.Named(t, inv, tRDS, "db").Outputs["arn"].StringValue(), replica.String("replicateSourceDb"))

	activity := millionstacktest.Named(t, inv, tTable, "activity")
	assert.Equal(t, "NEW_AND_OLD_IMAGES", activity.String("streamViewType"))
	assert.Equal(t, activity.Outputs["name"].StringValue(), parameterValue(t, inv, "tables/activity"))
	for table, replicaName := range map[string]string{"activity": "activity-secondary", "sessions": "sessions-secondary"} {
		r := millionstacktest.Named(t, inv, tTableReplica, replicaName)
		assert.Equal(t, secondary.URN, r.ProviderURN())
		assert.Equal(t, millionstacktest.Named(t, inv, tTable, table).Outputs["arn"].StringValue(), r.String("globalTableArn"))
		assert.Equal(t, true, millionstacktest.Value(r, "deletionProtectionEnabled"))
		assert.Equal(t, true, millionstacktest.Value(r, "pointInTimeRecovery"))
	}
	assert.Equal(t, "NEW_AND_OLD_IMAGES", millionstacktest.Named(t, inv, tTable, "sessions").String("streamViewType"))

	// The app may log in to every cluster as its user, and use the hot table.
	var clustersPolicy, tablePolicy bool
	for _, p := range inv.ByType(tRolePolicy) {
		switch {
		case strings.HasSuffix(p.Name, "-clusters"):
			clustersPolicy = true
			for name := range clusters {
				id := millionstacktest.Named(t, inv, tAuroraCluster, name).Outputs["clusterResourceId"].StringValue()
				assert.Contains(t, p.String("policy"), "dbuser:"+id+"/app_user", p.Name)
			}
		case strings.HasSuffix(p.Name, "-table-activity"):
			tablePolicy = true
			assert.Contains(t, p.String("policy"), activity.Outputs["arn"].StringValue())
		}
	}
	assert.True(t, clustersPolicy && tablePolicy, "the app's roles get the data tier's policies")

	// The assets fail over to their copy in the second region.
	copied := millionstacktest.Named(t, inv, tBucket, "assets-failover")
	assert.Equal(t, secondary.URN, copied.ProviderURN())
	millionstacktest.Only(t, inv, tReplication)
	assert.Equal(t, "s3-with-failover", millionstacktest.Named(t, inv, tCF, "assets").String("defaultCacheBehavior.targetOriginId"))
}

// Every resource of the second region goes through its provider and says
// that region; everything else stays on the providers it had (the stack's,
// or the ones the stages below made for us-east-1 and the backup copy).
func TestSecondRegionGoesThroughItsProvider(t *testing.T) {
	inv := record(t, "10m", map[string]string{"millionstack:secondaryRegion": "eu-west-1"})
	secondary := millionstacktest.Named(t, inv, "pulumi:providers:aws", "secondary")
	assert.Equal(t, "eu-west-1", secondary.String("region"))
	byURN := inv.ByURN()
	inSecondary := func(r millionstacktest.Resource) bool {
		if r.Name == "assets-failover" {
			// The copy of the assets and its settings; its replication
			// role (IAM is global) and the replication configuration
			// (the content bucket's) are not.
			return strings.HasPrefix(r.Type, "aws:s3/bucket") && r.Type != tReplication
		}
		for p := r; p.URN != ""; p = byURN[p.Parent] {
			if strings.HasSuffix(p.Name, "-secondary") {
				return true
			}
		}
		return false
	}
	// The peering spans both regions: its requester side is the stack's,
	// its accepter side and the routes back are the second region's.
	peering := func(r millionstacktest.Resource) bool {
		for p := r; p.URN != ""; p = byURN[p.Parent] {
			if p.Type == "millionstack:network:Peering" {
				return true
			}
		}
		return false
	}
	var count int
	for _, r := range inv.Cloud() {
		if peering(r) {
			continue
		}
		if inSecondary(r) {
			count++
			assert.Equal(t, secondary.URN, r.ProviderURN(), "%s %s", r.Type, r.Name)
			// IAM and S3 ARNs name no region (global names).
			if arn, ok := r.Outputs["arn"]; ok && arn.IsString() && !strings.HasPrefix(arn.StringValue(), "arn:aws:iam:") && !strings.HasPrefix(arn.StringValue(), "arn:aws:s3:::") {
				assert.Contains(t, arn.StringValue(), ":eu-west-1:", "%s %s", r.Type, r.Name)
			}
			if az := r.String("availabilityZone"); az != "" {
				assert.True(t, strings.HasPrefix(az, "eu-west-1"), "%s %s in %s", r.Type, r.Name, az)
			}
		} else {
			assert.NotEqual(t, secondary.URN, r.ProviderURN(), "%s %s", r.Type, r.Name)
		}
	}
	assert.Greater(t, count, 100)
}

// The upgrade from 1m moves no existing resource to another provider (a
// move replaces it), with or without a domain, and the diff says so.
func TestUpgradeToTenMillionKeepsEveryProvider(t *testing.T) {
	for _, cfg := range []map[string]string{nil, {"millionstack:domain": "example.com"}} {
		before, err := plan.Record("1m", "1m", cfg)
		require.NoError(t, err)
		after, err := plan.Record("10m", "1m", cfg)
		require.NoError(t, err)
		next := after.ByURN()
		for _, r := range before.Resources {
			if r.IsProvider() {
				continue
			}
			n, ok := next[r.URN]
			if !ok {
				// The EC2 app tier goes (TestTheUpgradeToTenMillionDeletesOnlyTheAppInstances
				// lists what); nothing that holds data may.
				assert.False(t, millionstacktest.IsStateful(r), "%s %s is gone at 10m", r.Type, r.Name)
				continue
			}
			assert.Equal(t, r.ProviderURN(), n.ProviderURN(), "%s %s changes provider", r.Type, r.Name)
		}
		d, err := plan.Between("1m", "10m", cfg)
		require.NoError(t, err)
		assert.Empty(t, d.DataLosses)
		for _, e := range d.Entries {
			if e.Type == tTable && e.Name == "sessions" {
				assert.Equal(t, plan.Update, e.Action, "streams are added in place")
			}
			assert.NotEqual(t, plan.Replace, e.Action, "%s %s", e.Type, e.Name)
			assert.False(t, e.Stateful && e.Action == plan.Delete, "%s %s", e.Type, e.Name)
		}
	}
}

// The shard map: version 1, 4,096 buckets, crc32, each shard one
// contiguous range; with 2 shards, two halves. The app's lookup, done here
// as the README says, lands every key on one shard.
func TestShardMap(t *testing.T) {
	inv := record(t, "10m", nil)
	m, raw := shardMap(t, inv)
	assert.Equal(t, 1, m.Version)
	assert.Equal(t, "orders", m.Function)
	assert.Equal(t, 4096, m.Buckets)
	assert.Equal(t, "crc32-ieee(utf8(key)) mod 4096", m.Hash)
	assert.Equal(t, map[string]string{"writer": "db/{shard}/writer", "readers": "db/{shard}/readers"}, m.Endpoints)
	require.Len(t, m.Shards, 2)
	assert.Equal(t, "orders-1", m.Shards[0].ID)
	assert.Equal(t, [][2]int{{0, 2047}}, m.Shards[0].Buckets)
	assert.Equal(t, "orders-2", m.Shards[1].ID)
	assert.Equal(t, [][2]int{{2048, 4095}}, m.Shards[1].Buckets)
	for _, s := range m.Shards {
		parameterValue(t, inv, strings.Replace(m.Endpoints["writer"], "{shard}", s.ID, 1))
	}
	for _, key := range []string{"order-1", "order-2", "a", "é"} {
		bucket := int(crc32.ChecksumIEEE([]byte(key)) % uint32(m.Buckets))
		var owners []string
		for _, s := range m.Shards {
			for _, r := range s.Buckets {
				if r[0] <= bucket && bucket <= r[1] {
					owners = append(owners, s.ID)
				}
			}
		}
		assert.Len(t, owners, 1, "key %q (bucket %d)", key, bucket)
	}
	p := millionstacktest.Named(t, inv, tParam, "appconfig-db-shards")
	assert.Equal(t, "Standard", p.String("tier"))
	assert.LessOrEqual(t, len(raw), 4096)
}

// Growing the shards splits the largest range and moves nothing else; the
// most shards the stage takes still fit a standard parameter.
func TestGrowingShardsMovesOneHalfRangeAndStaysInPlace(t *testing.T) {
	ranges := func(shards int) map[string][][2]int {
		m, raw := shardMap(t, record(t, "10m", map[string]string{"millionstack:shards": fmt.Sprint(shards)}))
		assert.LessOrEqual(t, len(raw), 4096, "%d shards", shards)
		out := map[string][][2]int{}
		covered := 0
		for _, s := range m.Shards {
			out[s.ID] = s.Buckets
			for _, r := range s.Buckets {
				covered += r[1] - r[0] + 1
			}
		}
		assert.Equal(t, 4096, covered, "%d shards cover every bucket once", shards)
		return out
	}
	two, three, four := ranges(2), ranges(3), ranges(4)
	assert.Equal(t, [][2]int{{0, 1023}}, three["orders-1"], "the first largest range is split")
	assert.Equal(t, two["orders-2"], three["orders-2"], "the other shard keeps its buckets")
	assert.Equal(t, [][2]int{{1024, 2047}}, three["orders-3"])
	assert.Equal(t, three["orders-1"], four["orders-1"])
	assert.Equal(t, [][2]int{{2048, 3071}}, four["orders-2"])
	assert.Equal(t, [][2]int{{3072, 4095}}, four["orders-4"])
	assert.Len(t, ranges(64), 64)

	// In place: the existing shards' clusters are untouched.
	a, err := plan.Record("10m", "10m", map[string]string{"millionstack:shards": "2"})
	require.NoError(t, err)
	b, err := plan.Record("10m", "10m", map[string]string{"millionstack:shards": "3"})
	require.NoError(t, err)
	d := plan.Compare(a, b)
	assert.Empty(t, d.DataLosses)
	for _, e := range d.Entries {
		assert.NotEqual(t, plan.Delete, e.Action, "%s %s", e.Type, e.Name)
		if e.Type != "aws:lambda/invocation:Invocation" { // the log retention's run, again for the new shard's groups
			assert.NotEqual(t, plan.Replace, e.Action, "%s %s", e.Type, e.Name)
		}
		if e.Action == plan.Update {
			assert.False(t, strings.HasPrefix(e.Name, "db-orders-1") || strings.HasPrefix(e.Name, "db-orders-2"), "%s %s changes: %+v", e.Type, e.Name, e.Changes)
		}
	}
	millionstacktest.Named(t, b, tAuroraCluster, "db-orders-3")
	millionstacktest.Named(t, b, tAuroraCluster, "db-orders-3-secondary")
}

// Bad data-tier config is refused before anything but the second region's
// provider (which the AZ check asks) is registered, each message naming the
// key or component, the value and what is allowed.
func TestBadDataTierConfigIsRejected(t *testing.T) {
	cases := []struct {
		key, value string
		want       []string
	}{
		{"shards", "0", []string{"millionstack:shards", "0 is out of range; allowed: 1 to 64"}},
		{"shards", "65", []string{"millionstack:shards", "65 is out of range; allowed: 1 to 64"}},
		{"shards", "two", []string{"millionstack:shards", "whole number"}},
		{"dbMembers", "products,products", []string{"millionstack:dbMembers", `"products" is listed twice`}},
		{"dbMembers", "products,users", []string{"millionstack:dbMembers", `"users" is the users database`}},
		{"dbMembers", "Products", []string{"millionstack:dbMembers", `"Products" cannot name a cluster`, "lower-case letter"}},
		{"dbMembers", "web_shop", []string{"millionstack:dbMembers", `"web_shop" cannot name a cluster`}},
		{"dbMembers", "recommendations", []string{"millionstack:dbMembers", `"recommendations" is 15 characters long; allowed: at most 11`}},
		{"dbMembers", "template1", []string{"millionstack:dbMembers", `"template1" is a database PostgreSQL or RDS keeps`}},
		{"shardedFunction", "products", []string{"millionstack:shardedFunction", `"products" is also a member`}},
		{"shardedFunction", "users", []string{"millionstack:shardedFunction", `"users" is also the users database`}},
		{"shardedFunction", "purchases", []string{"millionstack:shardedFunction", `"purchases" is 9 characters long; allowed: at most 8`}},
		{"secondaryRegion", "us-east-1", []string{"millionstack:secondaryRegion", `"us-east-1" is the stack's region`}},
		{"secondaryRegion", "west", []string{"millionstack:secondaryRegion", `"west" is not an AWS region`}},
		{"secondaryRegion", "us-west-1", []string{"second region us-west-1", "AZCount: 3 exceeds the 2 Availability Zones available in us-west-1"}},
		{"auroraInstanceClass", "db.t4g.medium", []string{"db-products", "InstanceClass", `"db.t4g.medium" is not a memory-optimized class Aurora global databases take`}},
		{"auroraInstanceClass", "db.m6g.large", []string{`database "db-orders-1": InstanceClass`, `"db.m6g.large"`}},
	}
	for _, c := range cases {
		t.Run(c.key+"="+c.value, func(t *testing.T) {
			inv, err := plan.Record("10m", "10m", map[string]string{"millionstack:" + c.key: c.value})
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Empty(t, inv.Cloud(), "nothing may be registered before validation passes")
		})
	}
}

// The data tier's cost lines, with their prices' sources: an Aurora
// instance by the hour, the users replica at its source's engine, the
// clusters' and replicas' usage charges listed.
func TestDataTierIsPriced(t *testing.T) {
	inv := record(t, "10m", nil)
	p := plan.FromInventory("10m", inv)
	costs := map[string]plan.Cost{}
	for _, item := range p.Items {
		costs[item.Type+" "+item.Name] = item.Cost
	}
	instance := costs[tAuroraInstance+" db-products-instance-1"]
	require.Len(t, instance.Lines, 1)
	assert.Equal(t, "db.r6g.large Aurora PostgreSQL hours", instance.Lines[0].Item)
	assert.Equal(t, 0.26, instance.Lines[0].UnitUSD)
	assert.Equal(t, 189.8, instance.Lines[0].MonthlyUSD)
	assert.Contains(t, instance.Lines[0].Source, "Aurora PostgreSQL")
	assert.False(t, instance.Lines[0].Unconfirmed)

	replica := costs[tRDS+" db-replica-secondary"]
	require.NotEmpty(t, replica.Lines, "priced from its source, found by ARN")
	assert.Equal(t, "db.r5.large postgres Single-AZ hours", replica.Lines[0].Item)

	usage := func(key string) string { return fmt.Sprint(costs[key].Usage) }
	assert.Contains(t, usage(tAuroraCluster+" db-products"), "storage $0.10/GB-month")
	assert.Contains(t, usage(tAuroraCluster+" db-products"), "I/O $0.20/million requests")
	assert.Contains(t, usage(tGlobalCluster+" db-products"), "replicated write I/Os")
	assert.Contains(t, usage(tTableReplica+" sessions-secondary"), "replicated writes $0.625/million writes")
	assert.Contains(t, usage(tReplication+" assets-failover"), "transfer to the copy's region $0.02/GB")

	one := plan.FromInventory("1m", record(t, "1m", nil))
	// 4 clusters x 3 instances + 4 secondaries x 1 at $189.80, and the replica.
	assert.Greater(t, p.MonthlyUSD-one.MonthlyUSD, 16*189.8)
}

// The stage names each of its logical pieces once: what 10m-region adds
// for the second region must not collide with the data tier's names.
func TestDataTierNamesAreStable(t *testing.T) {
	settings, err := stages.Describe("10m")
	require.NoError(t, err)
	require.NotNil(t, settings.Data)
	assert.Equal(t, []string{"products", "forum"}, settings.Data.Members)
	assert.Equal(t, "orders", settings.Data.ShardedFunction)
	assert.Equal(t, 2, settings.Data.Shards)
	assert.Equal(t, "us-west-2", settings.Secondary.Region)
	assert.Equal(t, "10.1.0.0/16", settings.Secondary.CIDR)
}

// maxRolePolicyCharacters is IAM's limit on the inline policies of one
// role, together: 10,240 characters, whitespace not counted (IAM user
// guide, "IAM and AWS STS quotas": "Role policy size cannot exceed 10,240
// characters ... IAM does not count white space").
const maxRolePolicyCharacters = 10240

// With the most shards the stage takes, every role's inline policies still
// fit IAM's limit in both regions: the app's clusters policy names each
// region's clusters once, by wildcard, however many there are.
func TestInlinePoliciesFitIAMWithTheMostShards(t *testing.T) {
	inv := record(t, "10m", map[string]string{"millionstack:shards": fmt.Sprint(stages.MaxShards)})
	sizes := map[string]int{}
	for _, p := range inv.ByType(tRolePolicy) {
		var compact bytes.Buffer
		require.NoError(t, json.Compact(&compact, []byte(p.String("policy"))), p.Name)
		sizes[p.String("role")] += compact.Len()
	}
	require.NotEmpty(t, sizes)
	for role, size := range sizes {
		assert.LessOrEqual(t, size, maxRolePolicyCharacters, "role %s: its inline policies take %d characters", role, size)
	}
}

// While deletionProtection is on, Pulumi protects what AWS's deletion
// protection leaves exposed when a shard or member is dropped: every
// cluster of both regions and its first instance, and the users database;
// a throw-away stack protects nothing.
func TestTheDataTierIsProtectedInPulumiToo(t *testing.T) {
	inv := record(t, "10m", nil)
	var protected []string
	for _, r := range inv.Cloud() {
		if r.Protect {
			protected = append(protected, r.Name)
		}
	}
	want := []string{"db"}
	for _, name := range []string{"db-products", "db-forum", "db-orders-1", "db-orders-2"} {
		for _, c := range []string{name, name + "-secondary"} {
			want = append(want, c, c+"-instance-1")
		}
	}
	assert.ElementsMatch(t, want, protected)

	throwAway := record(t, "10m", map[string]string{"millionstack:deletionProtection": "false"})
	for _, r := range throwAway.Cloud() {
		assert.False(t, r.Protect, "%s %s", r.Type, r.Name)
	}
}
