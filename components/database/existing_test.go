package database_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Resources of the user's own, as a user of the library gives them: IDs,
// names and ARNs of their account in the stack's region (us-east-1).
const (
	ownGroup      = "sg-0123456789abcdef0"
	ownSubnets    = "orders-db"
	ownParameters = "orders-postgres16"
	ownKey        = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	ownRole       = "arn:aws:iam::123456789012:role/rds-monitoring"
	keyOfWest     = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// ownEverything is a database in a stack of the user's own: every
// resource it stands on is theirs, and the app user is created at deploy
// time (so its functions still run in the subnets).
func ownEverything() database.DatabaseArgs {
	return database.DatabaseArgs{
		VpcID:                      pulumi.String("vpc-0123456789abcdef0"),
		SubnetIDs:                  pulumi.StringArray{pulumi.String("subnet-0123456789abcdef0"), pulumi.String("subnet-0123456789abcdef1")},
		ExistingSecurityGroupID:    pulumi.String(ownGroup),
		ExistingSubnetGroupName:    pulumi.String(ownSubnets),
		ExistingParameterGroupName: pulumi.String(ownParameters),
		ExistingKMSKeyARN:          pulumi.String(ownKey),
		ExistingMonitoringRoleARN:  pulumi.String(ownRole),
		AppUser:                    "orders_app",
		MasterPassword:             database.MasterPasswordStored,
		ReadReplicas:               1,
	}
}

// With resources of the user's own, the component creates none of those
// kinds, places the instances on the user's, and keeps its outputs: the
// security group ID output is the user's group.
func TestDatabaseStandsOnResourcesOfYourOwn(t *testing.T) {
	var db *database.Database
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) (err error) {
		db, err = database.NewDatabase(ctx, "db", ownEverything())
		return err
	}, millionstacktest.Options{Stack: "dev"})
	assert.Empty(t, inv.ByType(subnetGroupType), "no subnet group of the component's")
	assert.Empty(t, inv.ByType(parameterGroupType), "no parameter group of the component's")
	for _, sg := range inv.ByType(securityGroupType) {
		assert.NotEqual(t, "db", sg.Name, "no security group of the database's own; its functions' groups only")
	}
	for _, role := range inv.ByType(roleType) {
		assert.NotEqual(t, "db-monitoring", role.Name)
	}
	primary := millionstacktest.Named(t, inv, instanceType, "db")
	assert.Equal(t, ownSubnets, primary.String("dbSubnetGroupName"))
	assert.Equal(t, ownParameters, primary.String("parameterGroupName"))
	assert.Equal(t, ownKey, primary.String("kmsKeyId"))
	assert.Equal(t, ownRole, primary.String("monitoringRoleArn"))
	assert.Equal(t, []interface{}{ownGroup}, millionstacktest.Value(primary, "vpcSecurityGroupIds"))
	replica := millionstacktest.Named(t, inv, instanceType, "db-replica-1")
	assert.Equal(t, "", replica.String("kmsKeyId"), "a same-region replica takes its source's key (RDS refuses another)")
	assert.Equal(t, []interface{}{ownGroup}, millionstacktest.Value(replica, "vpcSecurityGroupIds"))
	// The one thing added to the user's group: admission of the
	// component's own functions, which could not reach the database without.
	var rules []string
	for _, rule := range inv.ByType(ingressRuleType) {
		if rule.String("securityGroupId") == ownGroup {
			rules = append(rules, rule.Name)
		}
	}
	assert.ElementsMatch(t, []string{"db-from-bootstrap", "db-from-rotation"}, rules)
	egress := millionstacktest.Named(t, inv, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "db-bootstrap-to-database")
	assert.Equal(t, ownGroup, egress.String("referencedSecurityGroupId"))

	assert.Equal(t, ownGroup, millionstacktest.Resolve(t, db.SecurityGroupID))
	assert.Nil(t, db.SecurityGroup)
	assert.Nil(t, db.SubnetGroup)
	assert.Nil(t, db.ParameterGroup)
	assert.Nil(t, db.MonitoringRole)
	require.NotNil(t, db.Primary)
	require.Len(t, db.Replicas, 1)
}

// By default the children are the component's, and exported.
func TestDatabaseExportsItsChildren(t *testing.T) {
	var db *database.Database
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) (err error) {
		db, err = database.NewDatabase(ctx, "db", baseArgs())
		return err
	}, millionstacktest.Options{Stack: "dev"})
	for _, child := range []struct {
		got interface{ URN() pulumi.URNOutput }
		typ string
		nam string
	}{
		{db.Primary, instanceType, "db"},
		{db.SecurityGroup, securityGroupType, "db"},
		{db.SubnetGroup, subnetGroupType, "db"},
		{db.ParameterGroup, parameterGroupType, "db"},
		{db.MonitoringRole, roleType, "db-monitoring"},
	} {
		urn := make(chan string, 1)
		child.got.URN().ApplyT(func(u pulumi.URN) string { urn <- string(u); return "" })
		assert.Equal(t, millionstacktest.Named(t, inv, child.typ, child.nam).URN, <-urn)
	}
	assert.Empty(t, db.Replicas)
}

// Every bad input is reported at once, naming the field, the value and
// what is allowed; nothing is registered.
func TestDatabaseRefusesBadResourcesOfYourOwn(t *testing.T) {
	args := ownEverything()
	args.ExistingSecurityGroupID = pulumi.String("sg-web")
	args.AllowedSecurityGroups = map[string]pulumi.StringInput{"web": pulumi.String("sg-0123456789abcdef1")}
	args.ExistingSubnetGroupName = pulumi.String("default")
	args.ExistingParameterGroupName = pulumi.String("pg_16")
	args.Parameters = map[string]string{"work_mem": "64MB"}
	args.ExistingKMSKeyARN = pulumi.String(keyOfWest)
	args.ExistingMonitoringRoleARN = pulumi.String("arn:aws:iam::123456789012:user/ops")
	args.MonitoringIntervalSeconds = pulumi.IntRef(0)
	inv, _, err := run(args)
	millionstacktest.Rejected(t, inv, err,
		`database "db": ExistingSecurityGroupID: "sg-web" is not a security group ID; allowed: a security group ID such as "sg-0123456789abcdef0"`,
		`database "db": ExistingSecurityGroupID and AllowedSecurityGroups: a security group of your own is yours to open; allowed: one of them`,
		`database "db": ExistingSubnetGroupName: "default" is not the name of a DB subnet group`,
		`database "db": ExistingParameterGroupName: "pg_16" is not the name of a DB parameter group`,
		`database "db": ExistingParameterGroupName and Parameters: the parameters are your group's to set; allowed: one of them`,
		`database "db": ExistingKMSKeyARN: "`+keyOfWest+`" is in us-west-2; allowed: a KMS key (its key ARN, not an alias) in us-east-1`,
		`database "db": ExistingMonitoringRoleARN: "arn:aws:iam::123456789012:user/ops" is not the ARN of an IAM role`,
		`database "db": ExistingMonitoringRoleARN and MonitoringIntervalSeconds: 0 switches Enhanced Monitoring off`,
	)
	assert.NoError(t, ownEverything().Validate("db"))
	aliased := ownEverything()
	aliased.ExistingKMSKeyARN = pulumi.String("arn:aws:kms:us-east-1:123456789012:alias/orders")
	assert.ErrorContains(t, aliased.Validate("db"), `ExistingKMSKeyARN: "arn:aws:kms:us-east-1:123456789012:alias/orders" is not the ARN of a KMS key (its key ARN, not an alias)`)
}

// A subnet group of your own replaces SubnetIDs, needed then only for the
// component's functions; a security group of your own, VpcID likewise.
func TestDatabaseSubnetsWithASubnetGroupOfYourOwn(t *testing.T) {
	bare := database.DatabaseArgs{ExistingSubnetGroupName: pulumi.String(ownSubnets), ExistingSecurityGroupID: pulumi.String(ownGroup)}
	assert.NoError(t, bare.Validate("db"), "no functions: neither VPC nor subnets needed")
	given := bare
	given.SubnetIDs = pulumi.StringArray{pulumi.String("subnet-0123456789abcdef0"), pulumi.String("subnet-0123456789abcdef1")}
	assert.ErrorContains(t, given.Validate("db"), "database \"db\": ExistingSubnetGroupName and SubnetIDs: the subnets are your group's, and the component runs no function of its own to place in them; allowed: one of them")
	withUser := bare
	withUser.AppUser = "orders_app"
	err := withUser.Validate("db")
	assert.ErrorContains(t, err, "database \"db\": VpcID: is required")
	assert.ErrorContains(t, err, "database \"db\": SubnetIDs: is required")
}

// AllowFrom admits a caller made after the database, as the rule
// <database>-from-<name> on the engine port, parented to the database; it
// refuses a name taken, a bad group ID, and a database behind a group of
// your own.
func TestDatabaseAllowFrom(t *testing.T) {
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		db, err := database.NewDatabase(ctx, "db", baseArgs())
		if err != nil {
			return err
		}
		if err := db.AllowFrom("bastion", pulumi.String("sg-0123456789abcdef0")); err != nil {
			return err
		}
		assert.ErrorContains(t, db.AllowFrom("bastion", pulumi.String("sg-0123456789abcdef1")), `database "db": AllowFrom: name "bastion" is taken`)
		assert.ErrorContains(t, db.AllowFrom("web", pulumi.String("sg-0123456789abcdef1")), `name "web" is taken`)
		assert.ErrorContains(t, db.AllowFrom("bootstrap", pulumi.String("sg-0123456789abcdef1")), `name "bootstrap" is taken`)
		assert.ErrorContains(t, db.AllowFrom("Ops", pulumi.String("sg-0123456789abcdef1")), `name "Ops" cannot name a rule`)
		assert.ErrorContains(t, db.AllowFrom("ops", pulumi.String("ops-group")), `AllowFrom: "ops-group" is not a security group ID`)
		own, err := database.NewDatabase(ctx, "own", ownEverything())
		if err != nil {
			return err
		}
		assert.ErrorContains(t, own.AllowFrom("ops", pulumi.String("sg-0123456789abcdef1")), `database "own": AllowFrom: "ops": the database's security group is ExistingSecurityGroupID, a group of your own; allowed: a rule of your own on it`)
		return nil
	}, millionstacktest.Options{Stack: "dev"})
	rule := millionstacktest.Named(t, inv, ingressRuleType, "db-from-bastion")
	millionstacktest.ParentedTo(t, millionstacktest.Named(t, inv, "millionstack:database:Database", "db"), rule)
	assert.Equal(t, "sg-0123456789abcdef0", rule.String("referencedSecurityGroupId"))
	assert.Equal(t, 5432.0, millionstacktest.Value(rule, "fromPort"))
	assert.Equal(t, millionstacktest.Named(t, inv, ingressRuleType, "db-from-web").String("securityGroupId"), rule.String("securityGroupId"), "on the database's own group")
	_, extra := inv.Named(ingressRuleType, "own-from-ops")
	assert.False(t, extra, "a refused AllowFrom registers nothing")
}

// ReadSecretPolicy reads the master secret and nothing else; AlarmTarget
// hands monitoring the instances and limits it derives thresholds from.
func TestDatabaseGrantsAndAlarmTarget(t *testing.T) {
	args := replicatedArgs()
	args.ReadReplicas = 2
	var db *database.Database
	millionstacktest.MustRecord(t, func(ctx *pulumi.Context) (err error) {
		db, err = database.NewDatabase(ctx, "db", args)
		return err
	}, millionstacktest.Options{Stack: "dev"})
	var doc struct {
		Statement []struct {
			Action   []string
			Resource string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(millionstacktest.Resolve(t, db.ReadSecretPolicy())), &doc))
	require.Len(t, doc.Statement, 1)
	assert.Equal(t, []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}, doc.Statement[0].Action)
	assert.Equal(t, millionstacktest.Resolve(t, db.MasterSecretARN), doc.Statement[0].Resource)

	target := db.AlarmTarget()
	assert.Equal(t, db.MaxConnections, target.MaxConnections)
	assert.Equal(t, db.ReplicaMaxConnections, target.ReplicaMaxConnections)
	assert.Equal(t, db.AllocatedStorageGiB, target.AllocatedStorageGiB)
	require.Len(t, target.ReplicaIDs, 2)
	ids := millionstacktest.ResolveStrings(t, db.ReplicaIDs)
	assert.Equal(t, ids[0], millionstacktest.Resolve(t, target.ReplicaIDs["1"].ToStringOutput()))
	assert.Equal(t, ids[1], millionstacktest.Resolve(t, target.ReplicaIDs["2"].ToStringOutput()))
	assert.Equal(t, millionstacktest.Resolve(t, db.InstanceID), millionstacktest.Resolve(t, target.InstanceID.ToStringOutput()))
}

// A cluster and its secondary stand on resources of your own too; the
// cluster's key of your own must be in its region.
func TestClusterStandsOnResourcesOfYourOwn(t *testing.T) {
	args := clusterArgs()
	args.AllowedSecurityGroups = nil
	args.ExistingSecurityGroupID = pulumi.String(ownGroup)
	args.ExistingSubnetGroupName = pulumi.String(ownSubnets)
	args.ExistingParameterGroupName = pulumi.String("orders-aurora16")
	args.ExistingKMSKeyARN = pulumi.String(ownKey)
	args.ExistingMonitoringRoleARN = pulumi.String(ownRole)
	args.Global = true
	secondary := secondaryArgs()
	secondary.ExistingKMSKeyARN = pulumi.String(keyOfWest)
	secondary.ExistingSubnetGroupName = pulumi.String("orders-west")
	secondary.SubnetIDs = nil
	inv, clusters, err := recordCluster(args, &secondary)
	require.NoError(t, err)
	cluster := millionstacktest.Named(t, inv, clusterType, "orders")
	assert.Equal(t, ownSubnets, cluster.String("dbSubnetGroupName"))
	assert.Equal(t, "orders-aurora16", cluster.String("dbClusterParameterGroupName"))
	assert.Equal(t, ownKey, cluster.String("kmsKeyId"))
	assert.Equal(t, []interface{}{ownGroup}, millionstacktest.Value(cluster, "vpcSecurityGroupIds"))
	assert.Equal(t, ownRole, millionstacktest.Named(t, inv, clusterInstanceType, "orders-instance-1").String("monitoringRoleArn"))
	for _, p := range inv.ByType(clusterParamsType) {
		assert.NotEqual(t, "orders", p.Name)
	}
	copied := millionstacktest.Named(t, inv, clusterType, "orders-secondary")
	assert.Equal(t, keyOfWest, copied.String("kmsKeyId"))
	assert.Equal(t, "orders-west", copied.String("dbSubnetGroupName"))
	assert.Empty(t, inv.ByType(keyType), "both keys are yours")
	assert.Nil(t, clusters[0].KMSKey)
	assert.Nil(t, clusters[0].SecurityGroup)
	require.NotNil(t, clusters[0].DBCluster)
	require.NotNil(t, clusters[0].GlobalCluster)
	assert.Len(t, clusters[0].Instances, 3)
	assert.Equal(t, ownGroup, millionstacktest.Resolve(t, clusters[0].SecurityGroupID))

	wrong := clusterArgs()
	wrong.ExistingKMSKeyARN = pulumi.String(keyOfWest)
	wrong.ExistingSecurityGroupID = pulumi.String(ownGroup)
	inv, _, err = recordCluster(wrong, nil)
	millionstacktest.Rejected(t, inv, err,
		`database "orders": ExistingKMSKeyARN: "`+keyOfWest+`" is in us-west-2; allowed: a KMS key (its key ARN, not an alias) in us-east-1`,
		`database "orders": ExistingSecurityGroupID and AllowedSecurityGroups`)
}

// The cluster's grants: its connect policy is AppConnectPolicyJSON for the
// app's user and fails for a name IAM would read otherwise; it admits a
// caller made later.
func TestClusterGrants(t *testing.T) {
	args := clusterArgs()
	args.AppUser = "app_user"
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		c, err := database.NewCluster(ctx, "orders", args)
		if err != nil {
			return err
		}
		if err := c.AllowFrom("jobs", pulumi.String("sg-0123456789abcdef0")); err != nil {
			return err
		}
		ctx.Export("secret", c.ReadSecretPolicy())
		ctx.Export("bad", c.ConnectPolicy("rds_admin"))
		return nil
	}, millionstacktest.Options{Stack: "10m"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `database "orders": ConnectPolicy user: "rds_admin"`)
	assert.Equal(t, 5432.0, millionstacktest.Value(millionstacktest.Named(t, inv, ingressRuleType, "orders-from-jobs"), "toPort"))
}

// A cross-region replica takes resources of its region of your own; a key
// of the source's region is refused.
func TestReplicaStandsOnResourcesOfYourOwn(t *testing.T) {
	replica := westReplicaArgs()
	replica.AllowedSecurityGroups = nil
	replica.ExistingSecurityGroupID = pulumi.String(ownGroup)
	replica.ExistingKMSKeyARN = pulumi.String(keyOfWest)
	replica.ExistingMonitoringRoleARN = pulumi.String(ownRole)
	inv, made, err := recordReplica(replicatedArgs(), replica, "us-west-2")
	require.NoError(t, err)
	instance := millionstacktest.Named(t, inv, instanceType, "db-replica-west")
	assert.Equal(t, keyOfWest, instance.String("kmsKeyId"))
	assert.Equal(t, ownRole, instance.String("monitoringRoleArn"))
	assert.Equal(t, []interface{}{ownGroup}, millionstacktest.Value(instance, "vpcSecurityGroupIds"))
	assert.Nil(t, made.KMSKey)
	assert.Nil(t, made.SecurityGroup)
	require.NotNil(t, made.Instance)
	assert.Equal(t, made.MaxConnections, made.AlarmTarget().MaxConnections)

	wrong := westReplicaArgs()
	wrong.ExistingKMSKeyARN = pulumi.String(ownKey)
	inv, _, err = recordReplica(replicatedArgs(), wrong, "us-west-2")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `ExistingKMSKeyARN: "`+ownKey+`" is in us-east-1; allowed: a KMS key (its key ARN, not an alias) in us-west-2`)
	_, registered := inv.Named(instanceType, "db-replica-west")
	assert.False(t, registered)
}

// ClustersConnectPolicy is one document for many clusters, each by its
// resource ID, as the app's user; past 16 clusters it names them all by
// wildcard, once per region; a bad user name fails it.
func TestClustersConnectPolicy(t *testing.T) {
	var few, many pulumi.StringOutput
	var ids []pulumi.StringOutput
	millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		var clusters []*database.Cluster
		for i := 1; i <= 17; i++ {
			c, err := database.NewCluster(ctx, fmt.Sprintf("orders-%d", i), clusterArgs())
			if err != nil {
				return err
			}
			clusters = append(clusters, c)
			ids = append(ids, c.ResourceID)
		}
		few = database.ClustersConnectPolicy("app_user", clusters[:2]...)
		many = database.ClustersConnectPolicy("app_user", clusters...)
		return nil
	}, millionstacktest.Options{Stack: "10m"})
	var doc struct{ Statement []struct{ Resource []string } }
	require.NoError(t, json.Unmarshal([]byte(millionstacktest.Resolve(t, few)), &doc))
	assert.Equal(t, []string{
		"arn:aws:rds-db:us-east-1:123456789012:dbuser:" + millionstacktest.Resolve(t, ids[0]) + "/app_user",
		"arn:aws:rds-db:us-east-1:123456789012:dbuser:" + millionstacktest.Resolve(t, ids[1]) + "/app_user",
	}, doc.Statement[0].Resource)
	require.NoError(t, json.Unmarshal([]byte(millionstacktest.Resolve(t, many)), &doc))
	assert.Equal(t, []string{"arn:aws:rds-db:us-east-1:123456789012:dbuser:cluster-*/app_user"}, doc.Statement[0].Resource)

	// Clusters of two regions, passed as a stage's second region passes
	// them (each primary, then its secondary): each region's wildcard
	// once, however the regions alternate.
	var regions pulumi.StringOutput
	millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		west, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		var clusters []*database.Cluster
		for i := 1; i <= 9; i++ {
			args := clusterArgs()
			args.Global = true
			primary, err := database.NewCluster(ctx, fmt.Sprintf("orders-%d", i), args)
			if err != nil {
				return err
			}
			s := secondaryArgs()
			s.Primary = primary
			copied, err := database.NewSecondaryCluster(ctx, fmt.Sprintf("orders-%d-secondary", i), s, pulumi.Provider(west))
			if err != nil {
				return err
			}
			clusters = append(clusters, primary, copied)
		}
		regions = database.ClustersConnectPolicy("app_user", clusters...)
		return nil
	}, millionstacktest.Options{Stack: "10m"})
	require.NoError(t, json.Unmarshal([]byte(millionstacktest.Resolve(t, regions)), &doc))
	assert.Equal(t, []string{
		"arn:aws:rds-db:us-east-1:123456789012:dbuser:cluster-*/app_user",
		"arn:aws:rds-db:us-west-2:123456789012:dbuser:cluster-*/app_user",
	}, doc.Statement[0].Resource)

	_, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		c, err := database.NewCluster(ctx, "orders", clusterArgs())
		if err != nil {
			return err
		}
		ctx.Export("policy", database.ClustersConnectPolicy("pg_admin", c))
		return nil
	}, millionstacktest.Options{Stack: "10m"})
	assert.ErrorContains(t, err, `database.ClustersConnectPolicy: ConnectPolicy user: "pg_admin"`)
}

// A replica's connect policy names the replica's own resource ID.
func TestReplicaConnectPolicy(t *testing.T) {
	inv, replica, err := recordReplica(replicatedArgs(), westReplicaArgs(), "us-west-2")
	require.NoError(t, err)
	id := millionstacktest.Named(t, inv, instanceType, "db-replica-west").Outputs["resourceId"].StringValue()
	assert.Contains(t, millionstacktest.Resolve(t, replica.ConnectPolicy("reporting")), "arn:aws:rds-db:us-west-2:123456789012:dbuser:"+id+"/reporting")
}
