package stages

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/millionstack/millionstack/components/cdn"
	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/components/logretention"
	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/components/nosql"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The data tier's steps (stage 10m): the functions split off the users
// database, the sharded function, the hot tables, and their copies in the
// second region. Each step creates its components in both passes, as the
// steps of compose.go do; a second region is optional for every one of
// them (the data tier works in one region, without copies).

// Logical names of the data tier's components besides the clusters
// (memberName, DataSettings.shardName) and hot tables (named by their
// setting).
const (
	usersReplicaName      = databaseName + "-replica" + secondarySuffix
	clusterLogsName       = databaseName + "-cluster-logs"
	secondaryDBLogsName   = databaseName + "-logs" + secondarySuffix
	sessionsSecondaryName = sessionsName + secondarySuffix
)

// dataTier is what the data steps built, for the steps after them.
type dataTier struct {
	// clusters are the primary clusters by name, members then shards;
	// secondaries their copies in the second region, by primary name.
	clusters, secondaries map[string]*database.Cluster
	// order is the clusters' names in the order they were created.
	order []string
	// usersReplica is the users database's copy in the second region.
	usersReplica *database.Replica
	// tables are the hot tables by name; tableReplicas their copies.
	tables        map[string]*nosql.Table
	tableReplicas map[string]*nosql.Replica
	// sessionsReplica is the session store's copy.
	sessionsReplica *nosql.Replica
}

// federation creates the member and shard clusters, after the users
// database: each an Aurora PostgreSQL cluster in the database subnets,
// admitting the app only, with the app's own user (the one `db` has,
// logging in with IAM), backed up by the plan and, with a second region,
// the primary of a global database whose secondary is there.
func (b *builder) federation() error {
	d := b.s.Data
	if d == nil {
		return nil
	}
	if err := d.validate(); err != nil {
		return err
	}
	b.data = &dataTier{clusters: map[string]*database.Cluster{}, secondaries: map[string]*database.Cluster{}}
	databases := map[string]string{}
	for _, m := range d.Members {
		databases[memberName(m)] = m
		b.data.order = append(b.data.order, memberName(m))
	}
	for n := 1; n <= d.Shards; n++ {
		databases[d.shardName(n)] = d.ShardedFunction
		b.data.order = append(b.data.order, d.shardName(n))
	}
	var problems []error
	for _, name := range b.data.order {
		if err := b.cluster(name, databases[name]); err != nil {
			if !b.checking {
				return err
			}
			problems = append(problems, err)
		}
	}
	return errors.Join(problems...)
}

// cluster creates the primary cluster name holding the database dbName,
// and its secondary in the second region.
func (b *builder) cluster(name, dbName string) error {
	args := b.s.Data.Cluster
	args.VpcID = b.net.VpcID
	args.SubnetIDs = b.net.DatabaseSubnetIDs
	args.AvailabilityZones = b.net.AvailabilityZones
	args.AllowedSecurityGroups = b.appSecurityGroups()
	if endpoint := b.net.InterfaceEndpoints[secretsManager]; endpoint != nil {
		args.SecretsManagerRoute = []pulumi.Resource{endpoint}
	}
	args.DatabaseName = dbName
	args.AppUser = b.s.Database.AppUser
	// Every master password rotates on the users database's schedule
	// (dbRotationDays), unless the settings give the clusters their own.
	if args.RotationDays == 0 {
		args.RotationDays = b.s.Database.RotationDays
	}
	args.Global = b.secondary != nil
	args.Tags = b.tags()
	args.BackupTags = b.backupTags()
	var primary *database.Cluster
	err := b.create(name, args, func() (err error) {
		primary, err = database.NewCluster(b.ctx, name, args)
		return err
	}, func() { primary = args.StandIn(name) })
	if primary != nil {
		b.data.clusters[name] = primary // in the checking pass, for the steps after, whatever the verdict
	}
	if err != nil || b.secondary == nil {
		return err
	}
	secondary := database.SecondaryClusterArgs{
		Primary:                         primary,
		VpcID:                           b.secondaryNet.VpcID,
		SubnetIDs:                       b.secondaryNet.DatabaseSubnetIDs,
		AvailabilityZones:               b.secondaryNet.AvailabilityZones,
		AllowedSecurityGroups:           b.secondaryAppSecurityGroups(),
		InstanceClass:                   args.InstanceClass,
		Instances:                       b.s.Data.SecondaryInstances,
		DeletionProtection:              args.DeletionProtection,
		DeferChangesToMaintenanceWindow: args.DeferChangesToMaintenanceWindow,
		Tags:                            b.tags(),
	}
	copyName := name + secondarySuffix
	return b.create(copyName, secondary, func() (err error) {
		b.data.secondaries[name], err = database.NewSecondaryCluster(b.ctx, copyName, secondary, b.inSecondary())
		return err
	}, func() {
		// A secondary stands in like its primary: the same class, so the
		// same connection limits for its alarms, and the same logs.
		b.data.secondaries[name] = args.StandIn(copyName)
		b.data.secondaries[name].LogExports = primary.LogExports
	})
}

// usersReplica copies the users database to the second region: a read
// replica there, promoted by hand if the stack's region fails. The `db`
// component itself is not touched.
func (b *builder) usersReplica() error {
	if b.data == nil || b.secondary == nil {
		return nil
	}
	source := b.db
	if b.checking {
		source = b.s.Database.StandIn(databaseName)
	}
	class := b.s.Database.ReplicaInstanceClass
	if class == "" {
		class = b.s.Database.InstanceClass
	}
	args := database.ReplicaArgs{
		Source:                b.db,
		VpcID:                 b.secondaryNet.VpcID,
		SubnetIDs:             b.secondaryNet.DatabaseSubnetIDs,
		AllowedSecurityGroups: b.secondaryAppSecurityGroups(),
		InstanceClass:         class,
		Tags:                  b.tags(),
	}
	check := args
	check.Source = source
	return b.create(usersReplicaName, check, func() (err error) {
		b.data.usersReplica, err = database.NewReplica(b.ctx, usersReplicaName, args, b.inSecondary())
		return err
	}, func() { b.data.usersReplica = check.StandIn(usersReplicaName) })
}

// clusterLogs gives the clusters' exported logs a retention, as
// databaseLogs does for `db`'s: in the stack's region for the primaries, in
// the second region for the secondaries and the users replica, each
// region's groups by a function of that region.
func (b *builder) clusterLogs() error {
	if b.data == nil {
		return nil
	}
	var primaries, copies []logretention.Directory
	for _, name := range b.data.order {
		c := b.data.clusters[name]
		if c == nil {
			continue // refused in the checking pass: reported by federation
		}
		primaries = append(primaries, logretention.Directory{Path: pulumi.Sprintf("/aws/rds/cluster/%s/", c.ClusterID), Names: c.LogExports})
		if s := b.data.secondaries[name]; s != nil {
			copies = append(copies, logretention.Directory{Path: pulumi.Sprintf("/aws/rds/cluster/%s/", s.ClusterID), Names: s.LogExports})
		}
	}
	if r := b.data.usersReplica; r != nil {
		copies = append(copies, logretention.Directory{Path: pulumi.Sprintf("/aws/rds/instance/%s/", r.InstanceID), Names: b.db.LogExports})
	}
	var problems []error
	for _, region := range []struct {
		name        string
		directories []logretention.Directory
		opts        []pulumi.ResourceOption
	}{
		{clusterLogsName, primaries, nil},
		{secondaryDBLogsName, copies, []pulumi.ResourceOption{b.inSecondary()}},
	} {
		if len(region.directories) == 0 {
			continue
		}
		args := logretention.RetentionArgs{Directories: region.directories, Tags: b.tags()}
		if err := b.create(region.name, args, func() error {
			_, err := logretention.NewRetention(b.ctx, region.name, args, region.opts...)
			return err
		}, func() {}); err != nil {
			problems = append(problems, err)
		}
	}
	return errors.Join(problems...)
}

// hotTables creates the hot DynamoDB tables, backed up by the plan, and
// with a second region their replicas there and the session store's.
func (b *builder) hotTables() error {
	if b.data == nil {
		return nil
	}
	b.data.tables = map[string]*nosql.Table{}
	b.data.tableReplicas = map[string]*nosql.Replica{}
	var problems []error
	collect := func(err error) {
		if err != nil {
			problems = append(problems, err)
		}
	}
	for _, name := range validate.Keys(b.s.Data.HotTables) {
		args := b.s.Data.HotTables[name]
		args.Tags = b.tags()
		args.BackupTags = b.backupTags()
		collect(b.create(name, args, func() (err error) {
			b.data.tables[name], err = nosql.NewTable(b.ctx, name, args)
			return err
		}, func() {
			b.data.tables[name] = &nosql.Table{Region: b.region, TableARN: pulumi.String("").ToStringOutput()}
		}))
		if b.secondary != nil {
			collect(b.tableReplica(name+secondarySuffix, b.data.tables[name].TableARN, func(r *nosql.Replica) { b.data.tableReplicas[name] = r }))
		}
	}
	if b.secondary != nil && b.sessions != nil {
		collect(b.tableReplica(sessionsSecondaryName, b.sessions.TableARN, func(r *nosql.Replica) { b.data.sessionsReplica = r }))
	}
	return errors.Join(problems...)
}

// tableReplica creates the replica name of the table tableARN in the
// second region.
func (b *builder) tableReplica(name string, tableARN pulumi.StringOutput, keep func(*nosql.Replica)) error {
	args := nosql.ReplicaArgs{TableARN: tableARN, SourceRegion: b.region, Tags: b.tags()}
	return b.create(name, args, func() error {
		r, err := nosql.NewReplica(b.ctx, name, args, b.inSecondary())
		keep(r)
		return err
	}, func() {
		r := placeholder[nosql.Replica]()
		r.Region, r.SourceRegion = b.secondaryRegion, b.region
		keep(r)
	})
}

// assetsFailover is the assets CDN's copy in the second region, nil
// without one.
func (b *builder) assetsFailover() *cdn.Failover {
	if b.data == nil || b.secondary == nil {
		return nil
	}
	return &cdn.Failover{Provider: b.secondary, AccessLogBucket: b.secondaryLogs.BucketName}
}

// dataValues adds the data tier's endpoints to the app's configuration in
// the stack's region, and what the app needs to use them to its policies:
// db/users/... (the users database, as db/...), db/<member>/... for each
// member, db/<function>-<n>/... for each shard, db/shards (the shard map)
// and tables/<name> for each hot table.
func (b *builder) dataValues(values, policies map[string]pulumi.StringInput) error {
	if b.data == nil {
		return nil
	}
	for _, key := range []string{"writer", "readers", "port", "name", "user"} {
		values["db/"+usersMember+"/"+key] = values["db/"+key]
	}
	values["db/readers-region"] = pulumi.String(b.region)
	var clusters []*database.Cluster
	for _, name := range b.data.order {
		c := b.data.clusters[name]
		if c == nil {
			continue // refused in the checking pass: reported by federation
		}
		prefix := "db/" + name[len(databaseName)+1:] + "/"
		values[prefix+"writer"] = c.Endpoint
		values[prefix+"readers"] = c.ReaderEndpoint
		values[prefix+"port"] = pulumi.String(strconv.Itoa(c.Port))
		values[prefix+"name"] = pulumi.String(c.DatabaseName)
		values[prefix+"user"] = c.AppUser
		clusters = append(clusters, c)
	}
	if len(clusters) > 0 {
		policies["clusters"] = database.ClustersConnectPolicy(b.s.Database.AppUser, clusters...)
	}
	shardMap, err := b.s.Data.shardMap()
	if err != nil {
		return err
	}
	values[shardMapKey] = pulumi.String(shardMap)
	for _, name := range validate.Keys(b.data.tables) {
		t := b.data.tables[name]
		values["tables/"+name] = t.TableName
		policies["table-"+name] = t.ReadWritePolicy()
	}
	return nil
}

// secondaryDataValues are dataValues for the app in the second region (for
// the region branch's appconfig there): the same keys, naming the copies.
// A secondary cluster's writer endpoint takes writes only once promoted;
// until then the app there writes through the primary region's endpoints
// (db/<member>/writer of the stack's region) or forwards them.
func (b *builder) secondaryDataValues(values, policies map[string]pulumi.StringInput) {
	if b.data == nil || b.secondary == nil {
		return
	}
	// Reads stay in the region; IAM tokens for its readers are signed for
	// it, and for the writers (db/region) for the stack's region.
	values["db/readers-region"] = pulumi.String(b.secondaryRegion)
	if r := b.data.usersReplica; r != nil {
		values["db/readers"] = r.Address
		values["db/"+usersMember+"/readers"] = r.Address
		policies["users-replica"] = r.AppConnectPolicyJSON
	}
	var clusters []*database.Cluster
	for _, name := range b.data.order {
		primary, c := b.data.clusters[name], b.data.secondaries[name]
		if primary == nil || c == nil {
			continue
		}
		// A secondary takes no writes (Aurora global database); the
		// region's app writes to the primary's writer, over the peering.
		prefix := "db/" + name[len(databaseName)+1:] + "/"
		values[prefix+"writer"] = primary.Endpoint
		values[prefix+"readers"] = c.ReaderEndpoint
		clusters = append(clusters, primary, c)
	}
	if len(clusters) > 0 {
		policies["clusters"] = database.ClustersConnectPolicy(b.s.Database.AppUser, clusters...)
	}
	// DynamoDB global tables take writes in every region: the region's app
	// uses its own replica, and may use the first region's table.
	for _, name := range validate.Keys(b.data.tableReplicas) {
		policies["table-"+name+"-replica"] = b.data.tables[name].ReadWritePolicyFor(b.data.tableReplicas[name].TableARN)
	}
	if r := b.data.sessionsReplica; r != nil && b.sessions != nil {
		policies[sessionsName+"-replica"] = b.sessions.ReadWritePolicyFor(r.TableARN)
	}
}

// secondaryDataAlarms are the copies of the data in the second region, for
// its alarms (the region branch's monitoring there): the users replica
// (its lag among them), the secondary clusters (their lag behind the
// first region among them), and the table replicas (their throttles, and
// the replication of the writes made there to the first region).
func (b *builder) secondaryDataAlarms(args *monitoring.MonitoringArgs) {
	if b.data == nil || b.secondary == nil {
		return
	}
	if r := b.data.usersReplica; r != nil {
		args.Database = r.AlarmTarget()
	}
	args.Clusters = map[string]monitoring.ClusterTarget{}
	for _, name := range b.data.order {
		if c := b.data.secondaries[name]; c != nil {
			args.Clusters[name[len(databaseName)+1:]] = c.AlarmTarget()
		}
	}
	args.Tables = map[string]pulumi.StringInput{}
	args.TableReplications = map[string]monitoring.TableReplicationTarget{}
	for name, r := range b.tableReplicas() {
		args.Tables[name] = r.TableName
		args.TableReplications[name] = r.AlarmTarget()
	}
}

// tableReplicas are the second region's table replicas by the key their
// table's alarms have: the hot tables' and the session store's.
func (b *builder) tableReplicas() map[string]*nosql.Replica {
	replicas := map[string]*nosql.Replica{}
	for name, r := range b.data.tableReplicas {
		replicas[name] = r
	}
	if b.data.sessionsReplica != nil {
		replicas[sessionsName] = b.data.sessionsReplica
	}
	return replicas
}

// dataAlarms adds the clusters and hot tables of the stack's region to what
// the alarms watch, and with a second region the replication of the writes
// made here to the tables' replicas there.
func (b *builder) dataAlarms(args *monitoring.MonitoringArgs) {
	if b.data == nil {
		return
	}
	args.Clusters = map[string]monitoring.ClusterTarget{}
	for _, name := range b.data.order {
		if c := b.data.clusters[name]; c != nil {
			args.Clusters[name[len(databaseName)+1:]] = c.AlarmTarget()
		}
	}
	if args.Tables == nil {
		args.Tables = map[string]pulumi.StringInput{}
	}
	for name, t := range b.data.tables {
		args.Tables[name] = t.AlarmTarget()
	}
	if b.secondary == nil {
		return
	}
	args.TableReplications = map[string]monitoring.TableReplicationTarget{}
	for name, r := range b.tableReplicas() {
		args.TableReplications[name] = r.SourceAlarmTarget()
	}
}

// shardMapKey is the shard map's parameter, under the app's path.
const shardMapKey = "db/shards"

// The shard map: the app hashes a key to one of ShardBuckets buckets and
// looks the bucket up here (README, "The shard map").
const (
	// ShardBuckets is how many logical buckets the keys hash to: far more
	// than shards will ever be, so that a shard can be split by moving
	// buckets, never by rehashing keys.
	ShardBuckets = 4096
	// ShardHash names the function from key to bucket: CRC-32 (IEEE
	// 802.3, the checksum of zlib, Go's hash/crc32.ChecksumIEEE and
	// Java's java.util.zip.CRC32) of the key's UTF-8 bytes, modulo
	// ShardBuckets. Every language has it in its standard library.
	ShardHash = "crc32-ieee(utf8(key)) mod 4096"
	// shardMapVersion is the document's format, for the app to refuse one
	// it does not know.
	shardMapVersion = 1
	// maxStandardParameter is an SSM standard parameter's limit, in bytes
	// (AWS Systems Manager user guide, "Managing parameter tiers": 4 KB
	// for standard parameters).
	maxStandardParameter = 4096
)

// shardMap is the document db/shards holds.
type shardMap struct {
	Version  int    `json:"version"`
	Function string `json:"function"`
	Buckets  int    `json:"buckets"`
	Hash     string `json:"hash"`
	// Endpoints says where each shard's endpoints are, relative to the
	// app's path: "{shard}" stands for the shard's id.
	Endpoints map[string]string `json:"endpoints"`
	Shards    []shardEntry      `json:"shards"`
}

// shardEntry is one shard: its id and the bucket range it owns, first and
// last bucket inclusive.
type shardEntry struct {
	ID      string   `json:"id"`
	Buckets [][2]int `json:"buckets"`
}

// shardRanges assigns ShardBuckets buckets to shards 1 to n, one
// contiguous range each, by splitting: shard 1 starts with every bucket,
// and each shard added takes the upper half of the largest range (the
// lowest-numbered shard's among equals). So the map for n+1 shards differs
// from the map for n in one place: half of one shard's range moves to the
// new shard, and no other bucket moves. With a power of two all shards are
// equal; otherwise the largest are twice the smallest, which the next
// shards added even out.
func shardRanges(n int) [][2]int {
	ranges := [][2]int{{0, ShardBuckets - 1}}
	for len(ranges) < n {
		largest := 0
		for i, r := range ranges {
			if r[1]-r[0] > ranges[largest][1]-ranges[largest][0] {
				largest = i
			}
		}
		r := ranges[largest]
		mid := r[0] + (r[1]-r[0]+1)/2
		ranges[largest] = [2]int{r[0], mid - 1}
		ranges = append(ranges, [2]int{mid, r[1]})
	}
	return ranges
}

// shardMap renders the shard map, refusing one that does not fit a
// standard parameter (it cannot, with MaxShards shards).
func (d DataSettings) shardMap() (string, error) {
	m := shardMap{
		Version: shardMapVersion, Function: d.ShardedFunction, Buckets: ShardBuckets, Hash: ShardHash,
		Endpoints: map[string]string{"writer": "db/{shard}/writer", "readers": "db/{shard}/readers"},
	}
	for i, r := range shardRanges(d.Shards) {
		m.Shards = append(m.Shards, shardEntry{ID: fmt.Sprintf("%s-%d", d.ShardedFunction, i+1), Buckets: [][2]int{r}})
	}
	out, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	if len(out) > maxStandardParameter {
		return "", fmt.Errorf("config: millionstack:shards: the shard map of %d shards takes %d bytes, over the %d of a standard SSM parameter; allowed: fewer shards", d.Shards, len(out), maxStandardParameter)
	}
	return string(out), nil
}
