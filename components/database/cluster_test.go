package database_test

import (
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	clusterType         = "aws:rds/cluster:Cluster"
	clusterInstanceType = "aws:rds/clusterInstance:ClusterInstance"
	globalClusterType   = "aws:rds/globalCluster:GlobalCluster"
	clusterParamsType   = "aws:rds/clusterParameterGroup:ClusterParameterGroup"
	keyType             = "aws:kms/key:Key"
	providerType        = "pulumi:providers:aws"
)

// clusterArgs are the required inputs of a cluster in us-east-1, with the
// web tier admitted.
func clusterArgs() database.ClusterArgs {
	return database.ClusterArgs{
		VpcID:                 pulumi.String("vpc-00000123"),
		SubnetIDs:             pulumi.StringArray{pulumi.String("subnet-0000000a"), pulumi.String("subnet-0000000b"), pulumi.String("subnet-0000000c")},
		AvailabilityZones:     []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"},
		AllowedSecurityGroups: map[string]pulumi.StringInput{"web": pulumi.String("sg-00000eb0")},
	}
}

// secondaryArgs place a secondary in us-west-2.
func secondaryArgs() database.SecondaryClusterArgs {
	return database.SecondaryClusterArgs{
		VpcID:             pulumi.String("vpc-0000e000"),
		SubnetIDs:         pulumi.StringArray{pulumi.String("subnet-0000e00a"), pulumi.String("subnet-0000e00b"), pulumi.String("subnet-0000e00c")},
		AvailabilityZones: []string{"us-west-2a", "us-west-2b", "us-west-2c"},
	}
}

// recordCluster records a Cluster "orders" and, when secondary is not nil,
// its secondary "orders-secondary" through a provider "west" for
// us-west-2; it returns the clusters as constructed.
func recordCluster(args database.ClusterArgs, secondary *database.SecondaryClusterArgs) (*millionstacktest.Inventory, []*database.Cluster, error) {
	var clusters []*database.Cluster
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		primary, err := database.NewCluster(ctx, "orders", args)
		if err != nil {
			return err
		}
		clusters = append(clusters, primary)
		if secondary == nil {
			return nil
		}
		west, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		s := *secondary
		s.Primary = primary
		copied, err := database.NewSecondaryCluster(ctx, "orders-secondary", s, pulumi.Provider(west))
		clusters = append(clusters, copied)
		return err
	}, millionstacktest.Options{Stack: "10m"})
	return inv, clusters, err
}

func TestClusterSecureDefaults(t *testing.T) {
	inv, clusters, err := recordCluster(clusterArgs(), nil)
	require.NoError(t, err)
	cluster := millionstacktest.Named(t, inv, clusterType, "orders")
	key := millionstacktest.Named(t, inv, keyType, "orders")
	for path, want := range map[string]interface{}{
		"engine":                           "aurora-postgresql",
		"engineVersion":                    "16.6",
		"port":                             5432.0,
		"databaseName":                     "app",
		"masterUsername":                   "app_admin",
		"storageEncrypted":                 true,
		"kmsKeyId":                         key.Outputs["arn"].StringValue(),
		"iamDatabaseAuthenticationEnabled": true,
		"backupRetentionPeriod":            7.0,
		"deleteAutomatedBackups":           false,
		"deletionProtection":               true,
		"skipFinalSnapshot":                false,
		"copyTagsToSnapshot":               true,
		"applyImmediately":                 true,
		"dbSubnetGroupName":                "orders",
		"dbClusterParameterGroupName":      "orders",
		"tags.Name":                        "orders",
	} {
		assert.Equal(t, want, millionstacktest.Input(t, cluster, path), path)
	}
	assert.Equal(t, []interface{}{"us-east-1a", "us-east-1b", "us-east-1c"}, millionstacktest.Value(cluster, "availabilityZones"), "the first three AZs hold the cluster")
	assert.Equal(t, []interface{}{"postgresql"}, millionstacktest.Value(cluster, "enabledCloudwatchLogsExports"))
	assert.Regexp(t, `^orders-final-[a-z0-9]{12}$`, cluster.String("finalSnapshotIdentifier"))
	assert.ElementsMatch(t, []string{"finalSnapshotIdentifier", "engineVersion"}, cluster.IgnoreChanges)
	for _, unset := range []string{"manageMasterUserPassword", "globalClusterIdentifier", "storageType", "replicationSourceIdentifier", "snapshotIdentifier"} {
		_, set := cluster.Input(unset)
		assert.False(t, set, "the cluster must not set %s", unset)
	}
	assert.NotEmpty(t, cluster.String("masterPassword"), "the stored password, kept in the component's secret")
	millionstacktest.Named(t, inv, secretType, "orders-master")
	assert.Empty(t, inv.ByType(globalClusterType), "no global database unless asked")

	params := map[string]string{}
	group := millionstacktest.Named(t, inv, clusterParamsType, "orders")
	for _, p := range millionstacktest.Input(t, group, "parameters").([]interface{}) {
		params[p.(map[string]interface{})["name"].(string)] = p.(map[string]interface{})["value"].(string)
	}
	assert.Equal(t, map[string]string{"rds.force_ssl": "1", "log_min_duration_statement": "1000"}, params)
	assert.Equal(t, "aurora-postgresql16", group.String("family"))

	assert.Equal(t, true, millionstacktest.Value(key, "enableKeyRotation"))
	assert.True(t, key.RetainOnDelete, "the key outlives the final snapshot it encrypts")

	// A writer and two readers, one per AZ of the cluster, the writer first.
	instances := inv.ByType(clusterInstanceType)
	require.Len(t, instances, 3)
	writer := millionstacktest.Named(t, inv, clusterInstanceType, "orders-instance-1")
	for i, zone := range []string{"us-east-1a", "us-east-1b", "us-east-1c"} {
		instance := millionstacktest.Named(t, inv, clusterInstanceType, "orders-instance-"+string(rune('1'+i)))
		assert.Equal(t, zone, instance.String("availabilityZone"))
		assert.Equal(t, "db.r6g.large", instance.String("instanceClass"))
		assert.Equal(t, "aurora-postgresql", instance.String("engine"))
		assert.Equal(t, "orders-id", instance.String("clusterIdentifier"))
		assert.Equal(t, "orders", instance.String("dbSubnetGroupName"), "the provider requires the cluster's subnet group")
		assert.Equal(t, false, millionstacktest.Value(instance, "publiclyAccessible"))
		assert.Equal(t, true, millionstacktest.Value(instance, "performanceInsightsEnabled"))
		assert.Equal(t, 7.0, millionstacktest.Value(instance, "performanceInsightsRetentionPeriod"))
		assert.Equal(t, 60.0, millionstacktest.Value(instance, "monitoringInterval"))
		assert.Equal(t, true, millionstacktest.Value(instance, "autoMinorVersionUpgrade"))
		assert.Equal(t, float64(min(i, 1)), millionstacktest.Value(instance, "promotionTier"))
		_, version := instance.Input("engineVersion")
		assert.False(t, version, "instances follow the cluster's version")
		if i > 0 {
			assert.Contains(t, instance.Dependencies, writer.URN, "the writer is created first")
		}
	}
	millionstacktest.ParentedTo(t, millionstacktest.Named(t, inv, database.ClusterType, "orders"), inv.Cloud()...)

	c := clusters[0]
	assert.Equal(t, "us-east-1", c.Region)
	assert.False(t, c.Secondary)
	assert.Equal(t, "orders.cluster-abcdefghij.us-east-1.rds.amazonaws.com", millionstacktest.Resolve(t, c.Endpoint))
	assert.Equal(t, "orders.cluster-ro-abcdefghij.us-east-1.rds.amazonaws.com", millionstacktest.Resolve(t, c.ReaderEndpoint))
	assert.Equal(t, 5432, c.Port)
	assert.Equal(t, []string{"postgresql"}, c.LogExports)
	// Aurora PostgreSQL's default max_connections is RDS for PostgreSQL's
	// formula over the class's memory.
	assert.Greater(t, c.MaxConnections, 1000)
	assert.Equal(t, expectedMaxConnections(t, "db.r6g.large"), c.MaxConnections)
	target := c.AlarmTarget()
	assert.Equal(t, c.MaxConnections, target.MaxConnections)
	assert.False(t, target.Secondary)
}

// The app's user is created on the writer through the cluster endpoint, the
// master password rotates, and the app may log in as its user to the
// cluster by its resource ID only.
func TestClusterAccess(t *testing.T) {
	args := clusterArgs()
	args.AppUser = "app_user"
	inv, clusters, err := recordCluster(args, nil)
	require.NoError(t, err)
	invocation := millionstacktest.Named(t, inv, invocationType, "orders-bootstrap")
	event := millionstacktest.Document(t, invocation, "input")
	assert.Equal(t, "orders.cluster-abcdefghij.us-east-1.rds.amazonaws.com", event["host"])
	assert.Equal(t, "app_user", event["user"])
	assert.Contains(t, invocation.Dependencies, millionstacktest.Named(t, inv, clusterInstanceType, "orders-instance-1").URN, "the writer answers before the bootstrap runs")
	rotation := millionstacktest.Named(t, inv, rotationType, "orders-master")
	assert.Equal(t, 30.0, millionstacktest.Value(rotation, "rotationRules.automaticallyAfterDays"))
	connection := millionstacktest.Named(t, inv, secretVersionType, "orders-master-connection")
	var secret map[string]interface{}
	millionstacktest.JSON(t, connection, "secretString", &secret)
	assert.Equal(t, "orders", secret["dbClusterIdentifier"])
	assert.Equal(t, "orders.cluster-abcdefghij.us-east-1.rds.amazonaws.com", secret["host"])
	_, instance := secret["dbInstanceIdentifier"]
	assert.False(t, instance)

	c := clusters[0]
	resourceID := millionstacktest.Named(t, inv, clusterType, "orders").Outputs["clusterResourceId"].StringValue()
	want := `{"Version":"2012-10-17","Statement":[{"Sid":"IAMDatabaseAuthentication","Effect":"Allow","Action":"rds-db:connect","Resource":["arn:aws:rds-db:us-east-1:123456789012:dbuser:` + resourceID + `/app_user"]}]}`
	assert.Equal(t, want, millionstacktest.Resolve(t, c.AppConnectPolicyJSON))
	assert.Equal(t, "app_user", millionstacktest.Resolve(t, c.AppUser))
	assert.Equal(t, want, millionstacktest.Resolve(t, c.ConnectPolicy("app_user")), "ConnectPolicy(AppUser) is AppConnectPolicyJSON")
}

// A global database: the primary joins it, and the secondary in another
// region stands on resources of that region only, through the provider
// it is given, with a key of that region and no master user of its own.
func TestGlobalDatabaseAndItsSecondaryInAnotherRegion(t *testing.T) {
	args := clusterArgs()
	args.Global = true
	args.AppUser = "app_user"
	secondary := secondaryArgs()
	inv, clusters, err := recordCluster(args, &secondary)
	require.NoError(t, err)

	global := millionstacktest.Only(t, inv, globalClusterType)
	for path, want := range map[string]interface{}{
		"globalClusterIdentifier": "millionstack-10m-orders",
		"engine":                  "aurora-postgresql",
		"engineVersion":           "16.6",
		"databaseName":            "app",
		"storageEncrypted":        true,
		"deletionProtection":      true,
	} {
		assert.Equal(t, want, millionstacktest.Input(t, global, path), path)
	}
	assert.Equal(t, []string{"engineVersion"}, global.IgnoreChanges)
	primary := millionstacktest.Named(t, inv, clusterType, "orders")
	assert.Equal(t, "orders-id", primary.String("globalClusterIdentifier"))

	west := millionstacktest.Named(t, inv, providerType, "west")
	component := millionstacktest.Named(t, inv, database.ClusterType, "orders-secondary")
	children := millionstacktest.Under(inv, component.URN, "")
	for _, r := range inv.Cloud() {
		if strings.HasPrefix(r.Name, "orders-secondary") {
			children = append(children, r)
			assert.Equal(t, west.URN, r.ProviderURN(), "%s %s is not created through the secondary region's provider", r.Type, r.Name)
			assert.Equal(t, "us-west-2", inv.RegionOf(r), r.Name)
		} else {
			assert.Empty(t, r.Provider, "%s %s of the primary moved to another provider", r.Type, r.Name)
		}
	}
	millionstacktest.ParentedTo(t, component, children...)

	copied := millionstacktest.Named(t, inv, clusterType, "orders-secondary")
	westKey := millionstacktest.Named(t, inv, keyType, "orders-secondary")
	assert.Contains(t, westKey.Outputs["arn"].StringValue(), ":us-west-2:", "a key of the secondary's region")
	for path, want := range map[string]interface{}{
		"globalClusterIdentifier":          "orders-id",
		"sourceRegion":                     "us-east-1",
		"kmsKeyId":                         westKey.Outputs["arn"].StringValue(),
		"storageEncrypted":                 true,
		"engineVersion":                    "16.6",
		"iamDatabaseAuthenticationEnabled": true,
		"deletionProtection":               true,
		"skipFinalSnapshot":                true,
		"dbSubnetGroupName":                "orders-secondary",
	} {
		assert.Equal(t, want, millionstacktest.Input(t, copied, path), path)
	}
	assert.Equal(t, []interface{}{"us-west-2a", "us-west-2b", "us-west-2c"}, millionstacktest.Value(copied, "availabilityZones"))
	for _, unset := range []string{"masterUsername", "masterPassword", "manageMasterUserPassword", "databaseName", "finalSnapshotIdentifier"} {
		_, set := copied.Input(unset)
		assert.False(t, set, "a secondary must not set %s (RDS refuses it)", unset)
	}
	assert.ElementsMatch(t, []string{"replicationSourceIdentifier", "engineVersion"}, copied.IgnoreChanges)
	assert.Contains(t, copied.ExplicitDependencies(), millionstacktest.Named(t, inv, clusterInstanceType, "orders-instance-1").URN, "the secondary waits for the primary's writer")
	require.Len(t, millionstacktest.Under(inv, component.URN, clusterInstanceType), 1)
	instance := millionstacktest.Named(t, inv, clusterInstanceType, "orders-secondary-instance-1")
	assert.Equal(t, "us-west-2a", instance.String("availabilityZone"))
	assert.Equal(t, "db.r6g.large", instance.String("instanceClass"), "the primary's class by default")
	assert.Empty(t, millionstacktest.Under(inv, component.URN, invocationType), "no bootstrap: the users replicate")
	assert.Empty(t, millionstacktest.Under(inv, component.URN, secretType), "no secret: the master user replicates")

	c := clusters[1]
	assert.Equal(t, "us-west-2", c.Region)
	assert.True(t, c.Secondary)
	assert.True(t, c.AlarmTarget().Secondary)
	assert.Equal(t, "orders-secondary.cluster-ro-abcdefghij.us-west-2.rds.amazonaws.com", millionstacktest.Resolve(t, c.ReaderEndpoint))
	assert.Equal(t, millionstacktest.Resolve(t, clusters[0].MasterSecretARN), millionstacktest.Resolve(t, c.MasterSecretARN))
	resourceID := copied.Outputs["clusterResourceId"].StringValue()
	assert.Contains(t, millionstacktest.Resolve(t, c.AppConnectPolicyJSON), "arn:aws:rds-db:us-west-2:123456789012:dbuser:"+resourceID+"/app_user")
}

// Bad arguments are refused before anything is registered, each message
// naming the cluster, the field, the value and what is allowed.
func TestClusterArgsAreValidated(t *testing.T) {
	cases := map[string]struct {
		change func(*database.ClusterArgs)
		want   []string
	}{
		"major only":    {func(a *database.ClusterArgs) { a.EngineVersion = "16" }, []string{`database "orders": EngineVersion`, `"16"`, "full versions only"}},
		"unknown major": {func(a *database.ClusterArgs) { a.EngineVersion = "12.9" }, []string{"EngineVersion", `"12.9"`, "major 14, 15, 16, 17"}},
		"major 13": {func(a *database.ClusterArgs) { a.EngineVersion = "13.20" },
			[]string{`database "orders": EngineVersion: "13.20" is refused`, "standard support on 2026-02-28", "RDS Extended Support", "MD5", "major 14, 15, 16, 17"}},
		"mysql version":         {func(a *database.ClusterArgs) { a.EngineVersion = "8.0.mysql_aurora.3.05.2" }, []string{"EngineVersion", "not an Aurora PostgreSQL version"}},
		"global below floor":    {func(a *database.ClusterArgs) { a.Global, a.EngineVersion = true, "16.0" }, []string{"EngineVersion", `"16.0"`, "global databases", "16.1"}},
		"burstable and global":  {func(a *database.ClusterArgs) { a.Global, a.InstanceClass = true, "db.t4g.medium" }, []string{"InstanceClass", `"db.t4g.medium"`, "memory-optimized", "db.r6g"}},
		"general purpose class": {func(a *database.ClusterArgs) { a.InstanceClass = "db.m5.large" }, []string{"InstanceClass", `"db.m5.large"`, "db.t4g.medium"}},
		"readers 16":            {func(a *database.ClusterArgs) { a.Readers = pulumi.IntRef(16) }, []string{"Readers", "16", "0 to 15"}},
		"two AZs":               {func(a *database.ClusterArgs) { a.AvailabilityZones = []string{"us-east-1a", "us-east-1b"} }, []string{"AvailabilityZones", "at least 3 distinct"}},
		"AZ twice": {func(a *database.ClusterArgs) {
			a.AvailabilityZones = []string{"us-east-1a", "us-east-1a", "us-east-1b"}
		}, []string{"AvailabilityZones", "distinct"}},
		"storage type":      {func(a *database.ClusterArgs) { a.StorageType = "gp3" }, []string{"StorageType", `"gp3"`, "aurora-iopt1"}},
		"retention 0":       {func(a *database.ClusterArgs) { a.BackupRetentionDays = pulumi.IntRef(0) }, []string{"BackupRetentionDays", "0", "1 to 35"}},
		"database name":     {func(a *database.ClusterArgs) { a.DatabaseName = "my-db" }, []string{"DatabaseName", `"my-db"`, "a letter"}},
		"system database":   {func(a *database.ClusterArgs) { a.DatabaseName = "postgres" }, []string{"DatabaseName", `"postgres"`, "keeps for itself"}},
		"master postgres":   {func(a *database.ClusterArgs) { a.MasterUsername = "postgres" }, []string{"MasterUsername", `"postgres"`, "reserved"}},
		"rotation 400":      {func(a *database.ClusterArgs) { a.RotationDays = 400 }, []string{"RotationDays", "400", "1 to 365"}},
		"app user reserved": {func(a *database.ClusterArgs) { a.AppUser = "rds_app" }, []string{"AppUser", `"rds_app"`}},
		"tls relaxed":       {func(a *database.ClusterArgs) { a.Parameters = map[string]string{"rds.force_ssl": "0"} }, []string{"Parameters", "rds.force_ssl", `"0"`}},
		"monitoring 2":      {func(a *database.ClusterArgs) { a.MonitoringIntervalSeconds = pulumi.IntRef(2) }, []string{"MonitoringIntervalSeconds", "2"}},
		"no VPC":            {func(a *database.ClusterArgs) { a.VpcID = nil }, []string{"VpcID", "required"}},
		"own caller key": {func(a *database.ClusterArgs) {
			a.AllowedSecurityGroups = map[string]pulumi.StringInput{"bootstrap": pulumi.String("sg")}
		}, []string{"AllowedSecurityGroups", `"bootstrap"`}},
	}
	for label, c := range cases {
		t.Run(label, func(t *testing.T) {
			args := clusterArgs()
			c.change(&args)
			inv, _, err := recordCluster(args, nil)
			millionstacktest.Rejected(t, inv, err, c.want...)
			assert.Error(t, args.Validate("db"), "Validate agrees with NewCluster")
		})
	}
}

// A secondary needs a global primary in another region, and a class the
// global database takes.
func TestSecondaryClusterArgsAreValidated(t *testing.T) {
	t.Run("primary not global", func(t *testing.T) {
		secondary := secondaryArgs()
		inv, _, err := recordCluster(clusterArgs(), &secondary)
		require.Error(t, err)
		assert.ErrorContains(t, err, `database "orders-secondary": Primary: cluster orders is not the primary of a global database`)
		assert.Len(t, inv.ByType(clusterType), 1, "only the primary is registered")
	})
	t.Run("same region", func(t *testing.T) {
		args := clusterArgs()
		args.Global = true
		inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
			primary, err := database.NewCluster(ctx, "orders", args)
			if err != nil {
				return err
			}
			s := secondaryArgs()
			s.Primary = primary
			_, err = database.NewSecondaryCluster(ctx, "orders-secondary", s)
			return err
		}, millionstacktest.Options{})
		require.Error(t, err)
		assert.ErrorContains(t, err, "Primary: cluster orders is in us-east-1, where the secondary would be too")
		_, registered := inv.Named(database.ClusterType, "orders-secondary")
		assert.False(t, registered)
	})
	t.Run("burstable class", func(t *testing.T) {
		s := secondaryArgs()
		s.Primary = clusterArgsGlobal().StandIn("orders")
		s.InstanceClass = "db.t3.medium"
		assert.ErrorContains(t, s.Validate("db"), `InstanceClass: "db.t3.medium" is not a memory-optimized class`)
		s.InstanceClass, s.Instances = "", 17
		assert.ErrorContains(t, s.Validate("db"), "Instances: 17 is out of range")
	})
}

func clusterArgsGlobal() database.ClusterArgs {
	a := clusterArgs()
	a.Global = true
	return a
}

// I/O-Optimized storage and other overrides reach the cluster.
func TestClusterOverrides(t *testing.T) {
	args := clusterArgs()
	args.StorageType = "aurora-iopt1"
	args.Readers = pulumi.IntRef(0)
	args.InstanceClass = "db.r7g.large"
	args.EngineVersion = "17.4"
	args.DeletionProtection = pulumi.BoolRef(false)
	args.SkipFinalSnapshot = true
	args.ExistingKMSKeyARN = pulumi.String("arn:aws:kms:us-east-1:123456789012:key/given")
	args.DatabaseName = "orders"
	inv, _, err := recordCluster(args, nil)
	require.NoError(t, err)
	cluster := millionstacktest.Named(t, inv, clusterType, "orders")
	assert.Equal(t, "aurora-iopt1", cluster.String("storageType"))
	assert.Equal(t, "17.4", cluster.String("engineVersion"))
	assert.Equal(t, "orders", cluster.String("databaseName"))
	assert.Equal(t, "arn:aws:kms:us-east-1:123456789012:key/given", cluster.String("kmsKeyId"))
	assert.Equal(t, false, millionstacktest.Value(cluster, "deletionProtection"))
	assert.Equal(t, true, millionstacktest.Value(cluster, "skipFinalSnapshot"))
	assert.Empty(t, inv.ByType(keyType), "a given key, no key of its own")
	require.Len(t, inv.ByType(clusterInstanceType), 1, "the writer alone")
	assert.Equal(t, "aurora-postgresql17", millionstacktest.Named(t, inv, clusterParamsType, "orders").String("family"))
}

// With DeletionProtection, which AWS applies to a cluster and not to its
// instances, Pulumi protects each cluster and the first instance it always
// keeps (the primary's writer, the secondary's one to promote), so that a
// program that drops the cluster is refused before its instances go; the
// other readers and the global database stay unprotected, so that readers
// can be removed. Off, nothing is protected. Protection is no input: every
// resource sends the same inputs either way, but deletionProtection.
func TestDeletionProtectionProtectsTheClustersAndTheirFirstInstance(t *testing.T) {
	record := func(on bool) *millionstacktest.Inventory {
		args := clusterArgs()
		args.Global = true
		args.DeletionProtection = pulumi.BoolRef(on)
		secondary := secondaryArgs()
		secondary.Instances = 2
		secondary.DeletionProtection = pulumi.BoolRef(on)
		inv, _, err := recordCluster(args, &secondary)
		require.NoError(t, err)
		return inv
	}
	on, off := record(true), record(false)
	protected := map[string]bool{}
	for _, r := range on.Cloud() {
		if r.Protect {
			protected[r.Type+" "+r.Name] = true
		}
	}
	assert.Equal(t, map[string]bool{
		clusterType + " orders":                              true,
		clusterInstanceType + " orders-instance-1":           true,
		clusterType + " orders-secondary":                    true,
		clusterInstanceType + " orders-secondary-instance-1": true,
	}, protected)
	for _, r := range off.Cloud() {
		assert.False(t, r.Protect, "%s %s is protected without DeletionProtection", r.Type, r.Name)
	}
	offByURN := off.ByURN()
	for _, r := range on.Cloud() {
		inputs, other := r.Plain(), offByURN[r.URN].Plain()
		delete(inputs, "deletionProtection")
		delete(other, "deletionProtection")
		delete(inputs, "finalSnapshotIdentifier") // a name of its lifetime, drawn on each run
		delete(other, "finalSnapshotIdentifier")
		assert.Equal(t, other, inputs, "%s %s", r.Type, r.Name)
	}
}

// expectedMaxConnections is what a Database of class says it accepts on
// PostgreSQL.
func expectedMaxConnections(t *testing.T, class string) int {
	t.Helper()
	var n int
	args := baseArgs()
	args.InstanceClass = class
	_, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		db, err := database.NewDatabase(ctx, "db", args)
		if err == nil {
			n = db.MaxConnections
		}
		return err
	}, millionstacktest.Options{})
	require.NoError(t, err)
	return n
}
