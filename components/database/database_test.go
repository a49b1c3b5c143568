package database_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	instanceType       = "aws:rds/instance:Instance"
	subnetGroupType    = "aws:rds/subnetGroup:SubnetGroup"
	parameterGroupType = "aws:rds/parameterGroup:ParameterGroup"
	securityGroupType  = "aws:ec2/securityGroup:SecurityGroup"
	ingressRuleType    = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	roleType           = "aws:iam/role:Role"
	attachmentType     = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	secretType         = "aws:secretsmanager/secret:Secret"
	secretVersionType  = "aws:secretsmanager/secretVersion:SecretVersion"
)

// baseArgs are the required inputs, with two callers admitted.
func baseArgs() database.DatabaseArgs {
	return database.DatabaseArgs{
		VpcID:     pulumi.String("vpc-00000123"),
		SubnetIDs: pulumi.StringArray{pulumi.String("subnet-0000db0a"), pulumi.String("subnet-0000db0b")},
		AllowedSecurityGroups: map[string]pulumi.StringInput{
			"web":  pulumi.String("sg-00000eb0"),
			"host": pulumi.String("sg-00000405"),
		},
	}
}

// outputs are the component's exported outputs, resolved.
type outputs struct {
	instanceID, endpoint, address, secretARN, securityGroupID string
	replicaIDs, replicaAddresses                              []string
	engine                                                    database.Engine
	port                                                      int
}

// run records a Database named "db" and resolves its outputs.
func run(args database.DatabaseArgs) (*millionstacktest.Inventory, *outputs, error) {
	out := &outputs{}
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		db, err := database.NewDatabase(ctx, "db", args)
		if err != nil {
			return err
		}
		out.engine, out.port = db.Engine, db.Port
		pulumi.All(db.InstanceID, db.Endpoint, db.Address, db.MasterSecretARN, db.SecurityGroupID, db.ReplicaIDs, db.ReplicaAddresses).
			ApplyT(func(v []interface{}) error {
				out.instanceID, out.endpoint, out.address = v[0].(string), v[1].(string), v[2].(string)
				out.secretARN, out.securityGroupID = v[3].(string), v[4].(string)
				out.replicaIDs, out.replicaAddresses = v[5].([]string), v[6].([]string)
				return nil
			})
		return nil
	}, millionstacktest.Options{Stack: "10"})
	return inv, out, err
}

// record records a Database that must be valid.
func record(t *testing.T, args database.DatabaseArgs) (*millionstacktest.Inventory, *outputs) {
	t.Helper()
	inv, out, err := run(args)
	require.NoError(t, err)
	return inv, out
}

func parameters(t *testing.T, inv *millionstacktest.Inventory) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range millionstacktest.Input(t, millionstacktest.Named(t, inv, parameterGroupType, "db"), "parameters").([]interface{}) {
		m := p.(map[string]interface{})
		out[m["name"].(string)] = m["value"].(string)
	}
	return out
}

func TestSecureDefaultsReachThePrimary(t *testing.T) {
	inv, out := record(t, baseArgs())
	primary := millionstacktest.Named(t, inv, instanceType, "db")

	for path, want := range map[string]interface{}{
		"engine":                             "postgres",
		"engineVersion":                      "16",
		"instanceClass":                      "db.t3.micro",
		"port":                               5432.0,
		"allocatedStorage":                   20.0,
		"maxAllocatedStorage":                100.0,
		"storageType":                        "gp3",
		"storageEncrypted":                   true,
		"publiclyAccessible":                 false,
		"multiAz":                            false,
		"backupRetentionPeriod":              7.0,
		"deleteAutomatedBackups":             false,
		"deletionProtection":                 true,
		"skipFinalSnapshot":                  false,
		"manageMasterUserPassword":           true,
		"username":                           "app_admin",
		"dbName":                             "app",
		"performanceInsightsEnabled":         true,
		"performanceInsightsRetentionPeriod": 7.0,
		"monitoringInterval":                 60.0,
		"monitoringRoleArn":                  "arn:aws:iam:us-east-1:123456789012:role/db-monitoring",
		"copyTagsToSnapshot":                 true,
		"autoMinorVersionUpgrade":            true,
		"iamDatabaseAuthenticationEnabled":   true,
		"applyImmediately":                   true,
		"dbSubnetGroupName":                  "db",
		"parameterGroupName":                 "db",
		"tags.Name":                          "db",
	} {
		assert.Equal(t, want, millionstacktest.Input(t, primary, path), path)
	}
	assert.Regexp(t, `^db-final-[a-z0-9]{12}$`, primary.String("finalSnapshotIdentifier"))
	assert.Equal(t, []string{"finalSnapshotIdentifier"}, primary.IgnoreChanges, "the name chosen at creation stays")
	assert.Equal(t, []interface{}{"postgresql", "upgrade"}, millionstacktest.Input(t, primary, "enabledCloudwatchLogsExports"))
	assert.Equal(t, []interface{}{"db-id"}, millionstacktest.Input(t, primary, "vpcSecurityGroupIds"))
	for _, unset := range []string{"password", "availabilityZone", "identifier", "replicateSourceDb", "kmsKeyId"} {
		_, set := primary.Input(unset)
		assert.False(t, set, "the primary must not set %s", unset)
	}
	assert.Contains(t, primary.Dependencies, millionstacktest.Named(t, inv, attachmentType, "db-monitoring").URN, "the role's policy is attached before RDS checks it")

	assert.Equal(t, map[string]string{"rds.force_ssl": "1", "log_min_duration_statement": "1000"}, parameters(t, inv))
	assert.Equal(t, "postgres16", millionstacktest.Named(t, inv, parameterGroupType, "db").String("family"))
	assert.Equal(t, []interface{}{"subnet-0000db0a", "subnet-0000db0b"}, millionstacktest.Input(t, millionstacktest.Named(t, inv, subnetGroupType, "db"), "subnetIds"))

	var trust struct {
		Statement []struct {
			Effect, Action string
			Principal      map[string]string
		}
	}
	millionstacktest.JSON(t, millionstacktest.Named(t, inv, roleType, "db-monitoring"), "assumeRolePolicy", &trust)
	require.Len(t, trust.Statement, 1)
	assert.Equal(t, "monitoring.rds.amazonaws.com", trust.Statement[0].Principal["Service"])
	assert.Equal(t, "sts:AssumeRole", trust.Statement[0].Action)
	assert.Equal(t, "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
		millionstacktest.Named(t, inv, attachmentType, "db-monitoring").String("policyArn"))

	component := millionstacktest.Named(t, inv, database.DatabaseType, "db")
	millionstacktest.ParentedTo(t, component, inv.Cloud()...)

	assert.Equal(t, outputs{
		engine:           "postgres",
		port:             5432,
		instanceID:       "db",
		endpoint:         "db.abcdefghij.us-east-1.rds.amazonaws.com:5432",
		address:          "db.abcdefghij.us-east-1.rds.amazonaws.com",
		secretARN:        "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db",
		securityGroupID:  "db-id",
		replicaIDs:       []string{},
		replicaAddresses: []string{},
	}, *out)
}

// With DeletionProtection Pulumi protects the primary as well, so that a
// plan deleting or replacing it is refused before its replicas go; the
// replicas, which can be removed, are not. Off, nothing is.
func TestDeletionProtectionProtectsThePrimary(t *testing.T) {
	args := baseArgs()
	args.ReadReplicas = 1
	args.MasterPassword = "stored" // what replicas need
	inv, _ := record(t, args)
	assert.True(t, millionstacktest.Named(t, inv, instanceType, "db").Protect)
	assert.False(t, millionstacktest.Named(t, inv, instanceType, "db-replica-1").Protect)

	args.DeletionProtection = pulumi.BoolRef(false)
	inv, _ = record(t, args)
	for _, r := range inv.Cloud() {
		assert.False(t, r.Protect, "%s %s is protected without DeletionProtection", r.Type, r.Name)
	}
}

func TestOverridesReachTheInstances(t *testing.T) {
	args := baseArgs()
	args.Engine = "mysql"
	args.EngineVersion = "8.4.3"
	args.InstanceClass = "db.m6g.large"
	args.AllocatedStorageGiB = 50
	args.MaxAllocatedStorageGiB = 500
	args.MultiAZ = true
	args.BackupRetentionDays = pulumi.IntRef(14)
	args.DeletionProtection = pulumi.BoolRef(false)
	args.SkipFinalSnapshot = true
	args.DatabaseName = "shop"
	args.MasterUsername = "shop_owner"
	args.PerformanceInsights = pulumi.BoolRef(false)
	args.MonitoringIntervalSeconds = pulumi.IntRef(0)
	args.Parameters = map[string]string{"max_connections": "500", "long_query_time": "2"}
	args.Tags = map[string]string{"team": "payments", "Name": "ignored"}

	inv, out := record(t, args)
	primary := millionstacktest.Named(t, inv, instanceType, "db")
	for path, want := range map[string]interface{}{
		"engine":                     "mysql",
		"engineVersion":              "8.4.3",
		"instanceClass":              "db.m6g.large",
		"port":                       3306.0,
		"allocatedStorage":           50.0,
		"maxAllocatedStorage":        500.0,
		"multiAz":                    true,
		"backupRetentionPeriod":      14.0,
		"deletionProtection":         false,
		"skipFinalSnapshot":          true,
		"dbName":                     "shop",
		"username":                   "shop_owner",
		"performanceInsightsEnabled": false,
		"monitoringInterval":         0.0,
		"tags.team":                  "payments",
		"tags.Name":                  "db",
	} {
		assert.Equal(t, want, millionstacktest.Input(t, primary, path), path)
	}
	assert.Equal(t, []interface{}{"error", "slowquery"}, millionstacktest.Input(t, primary, "enabledCloudwatchLogsExports"))
	assert.Regexp(t, `^db-final-[a-z0-9]{12}$`, primary.String("finalSnapshotIdentifier"), "named even when skipped, so that skipping can be switched off later")
	for _, unset := range []string{"performanceInsightsRetentionPeriod", "monitoringRoleArn"} {
		_, set := primary.Input(unset)
		assert.False(t, set, "the primary must not set %s", unset)
	}
	assert.Empty(t, inv.ByType(roleType), "no monitoring role without monitoring")
	assert.Empty(t, inv.ByType(attachmentType))

	assert.Equal(t, "mysql8.4", millionstacktest.Named(t, inv, parameterGroupType, "db").String("family"))
	assert.Equal(t, map[string]string{
		"require_secure_transport": "ON",
		"slow_query_log":           "1",
		"long_query_time":          "2",
		"log_output":               "FILE",
		"max_connections":          "500",
	}, parameters(t, inv))
	assert.Equal(t, "payments", millionstacktest.Named(t, inv, securityGroupType, "db").String("tags.team"))
	assert.Equal(t, 3306, out.port)
}

func TestMySQLOnASmallClassDefaultsPerformanceInsightsOff(t *testing.T) {
	args := baseArgs()
	args.Engine = "mysql"
	inv, _ := record(t, args)
	primary := millionstacktest.Named(t, inv, instanceType, "db")
	assert.Equal(t, "8.0", primary.String("engineVersion"))
	assert.Equal(t, false, millionstacktest.Input(t, primary, "performanceInsightsEnabled"), "RDS offers no Performance Insights for MySQL on db.t3.micro")
	assert.Equal(t, "mysql8.0", millionstacktest.Named(t, inv, parameterGroupType, "db").String("family"))
}

// replaceTriggers are the primary's inputs whose change makes RDS (or the
// provider) replace the instance, losing its data.
var replaceTriggers = []string{
	"identifier", "identifierPrefix", "engine", "username", "dbName", "storageEncrypted", "kmsKeyId",
	"dbSubnetGroupName", "availabilityZone", "characterSetName", "ncharCharacterSetName",
	"snapshotIdentifier", "replicateSourceDb", "restoreToPointInTime", "s3Import", "timezone", "customIamInstanceProfile",
}

func TestGrowingKeepsThePrimaryInPlace(t *testing.T) {
	small, _ := record(t, baseArgs())
	grown := baseArgs()
	grown.MultiAZ = true
	grown.MasterPassword = "stored" // what replicas need: the stage ladder switches at 10k
	grown.ReadReplicas = 2
	grown.InstanceClass = "db.r6g.large"
	grown.AllocatedStorageGiB = 200
	grown.MaxAllocatedStorageGiB = 1000
	big, _ := record(t, grown)

	before, after := millionstacktest.Named(t, small, instanceType, "db"), millionstacktest.Named(t, big, instanceType, "db")
	assert.Equal(t, before.URN, after.URN, "same logical name and parent")
	for _, key := range replaceTriggers {
		was, wasSet := before.Input(key)
		is, isSet := after.Input(key)
		assert.Equal(t, wasSet, isSet, key)
		assert.Equal(t, was, is, key)
	}
	for _, key := range []string{"engine", "username", "dbName", "storageEncrypted", "dbSubnetGroupName"} {
		assert.NotEmpty(t, before.String(key), "%s is part of the comparison", key)
	}
	assert.NotEqual(t, before.String("multiAz"), after.String("multiAz"), "the grown configuration differs")
	assert.NotEqual(t, before.String("instanceClass"), after.String("instanceClass"))
	assert.Equal(t, true, millionstacktest.Input(t, before, "manageMasterUserPassword"), "the password mode is switched too")
	_, managed := after.Input("manageMasterUserPassword")
	assert.False(t, managed, "true to unset: the provider sends ManageMasterUserPassword=false with the new password")
	_, hasPassword := after.Input("password")
	assert.True(t, hasPassword)
	assert.NotContains(t, replaceTriggers, "password")
	assert.NotContains(t, replaceTriggers, "manageMasterUserPassword")

	for _, typ := range []string{subnetGroupType, securityGroupType, parameterGroupType} {
		was, is := millionstacktest.Named(t, small, typ, "db"), millionstacktest.Named(t, big, typ, "db")
		assert.Equal(t, was.Inputs, is.Inputs, "%s is untouched by growth", typ)
	}
}

func TestReplicasAreNumberedAndFollowThePrimary(t *testing.T) {
	args := baseArgs()
	args.MasterPassword = "stored"
	args.ReadReplicas = 3
	args.ReplicaInstanceClass = "db.r6g.large"
	inv, out := record(t, args)
	primary := millionstacktest.Named(t, inv, instanceType, "db")

	require.Len(t, inv.ByType(instanceType), 4, "the primary and three replicas")
	for i := 1; i <= 3; i++ {
		want := fmt.Sprintf("db-replica-%d", i)
		r := millionstacktest.Named(t, inv, instanceType, want)
		assert.Equal(t, primary.Parent, r.Parent)
		assert.Equal(t, "db", r.String("replicateSourceDb"), "same-region replicas point at the primary's identifier")
		assert.Contains(t, r.Dependencies, primary.URN)
		assert.Equal(t, millionstacktest.Input(t, primary, "vpcSecurityGroupIds"), millionstacktest.Input(t, r, "vpcSecurityGroupIds"))
		for path, value := range map[string]interface{}{
			"instanceClass":              "db.r6g.large",
			"storageEncrypted":           true,
			"storageType":                "gp3",
			"publiclyAccessible":         false,
			"parameterGroupName":         "db",
			"performanceInsightsEnabled": true,
			"monitoringInterval":         60.0,
			"skipFinalSnapshot":          true,
			"deletionProtection":         true,
			"applyImmediately":           true,
			"tags.Name":                  want,
		} {
			assert.Equal(t, value, millionstacktest.Input(t, r, path), "%s %s", want, path)
		}
		for _, inherited := range []string{"username", "password", "dbName", "manageMasterUserPassword", "dbSubnetGroupName", "engine", "allocatedStorage", "backupRetentionPeriod"} {
			_, set := r.Input(inherited)
			assert.False(t, set, "%s inherits %s from its source", want, inherited)
		}
	}
	assert.Equal(t, "db.t3.micro", primary.String("instanceClass"))
	assert.Equal(t, []string{"db-replica-1", "db-replica-2", "db-replica-3"}, out.replicaIDs)
	assert.Equal(t, "db-replica-2.abcdefghij.us-east-1.rds.amazonaws.com", out.replicaAddresses[1])
}

// A stage upgrade (Multi-AZ, class, storage) takes effect during the
// deployment unless the caller defers it to the maintenance window, on the
// primary and on every replica alike.
func TestChangesApplyImmediatelyUnlessDeferred(t *testing.T) {
	for _, deferred := range []bool{false, true} {
		args := baseArgs()
		args.MasterPassword = "stored"
		args.ReadReplicas = 2
		args.DeferChangesToMaintenanceWindow = deferred
		inv, _ := record(t, args)
		instances := inv.ByType(instanceType)
		require.Len(t, instances, 3, "the primary and two replicas")
		for _, r := range instances {
			assert.Equal(t, !deferred, millionstacktest.Input(t, r, "applyImmediately"), "%s with DeferChangesToMaintenanceWindow %v", r.Name, deferred)
		}
	}
}

func TestReplicasDefaultToThePrimaryClass(t *testing.T) {
	args := baseArgs()
	args.InstanceClass = "db.m7g.large"
	args.MasterPassword = "stored"
	args.ReadReplicas = 1
	inv, _ := record(t, args)
	assert.Equal(t, "db.m7g.large", millionstacktest.Named(t, inv, instanceType, "db-replica-1").String("instanceClass"))
}

func TestSecurityGroupAdmitsOnlyTheGivenGroups(t *testing.T) {
	for engine, port := range map[database.Engine]float64{"postgres": 5432, "mysql": 3306} {
		args := baseArgs()
		args.Engine = engine
		inv, _ := record(t, args)

		sg := millionstacktest.Named(t, inv, securityGroupType, "db")
		assert.Equal(t, "vpc-00000123", sg.String("vpcId"))
		for _, inline := range []string{"ingress", "egress"} {
			v, set := sg.Input(inline)
			assert.True(t, !set || len(v.([]interface{})) == 0, "%s: no inline %s rules", engine, inline)
		}

		rules := inv.ByType(ingressRuleType)
		require.Len(t, rules, 2, engine)
		admitted := map[string]string{}
		for _, r := range rules {
			admitted[r.Name] = r.String("referencedSecurityGroupId")
			assert.Equal(t, "db-id", r.String("securityGroupId"))
			assert.Equal(t, "tcp", r.String("ipProtocol"))
			assert.Equal(t, port, millionstacktest.Input(t, r, "fromPort"), engine)
			assert.Equal(t, port, millionstacktest.Input(t, r, "toPort"), engine)
			for _, open := range []string{"cidrIpv4", "cidrIpv6", "prefixListId"} {
				_, set := r.Input(open)
				assert.False(t, set, "%s admits no %s", r.Name, open)
			}
		}
		assert.Equal(t, map[string]string{"db-from-host": "sg-00000405", "db-from-web": "sg-00000eb0"}, admitted, engine)
		assert.Empty(t, inv.ByType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"))
	}
}

func TestInvalidArgsRegisterNothing(t *testing.T) {
	cases := map[string]struct {
		change func(*database.DatabaseArgs)
		want   []string // fragments of the message: field, value, what is allowed
	}{
		"class without db.": {func(a *database.DatabaseArgs) { a.InstanceClass = "t3.micro" }, []string{"InstanceClass", `"t3.micro"`, "db."}},
		"replica class":     {func(a *database.DatabaseArgs) { a.ReplicaInstanceClass = "large" }, []string{"ReplicaInstanceClass", `"large"`, "db."}},
		"unknown engine":    {func(a *database.DatabaseArgs) { a.Engine = "oracle" }, []string{"Engine", `"oracle"`, "postgres, mysql"}},
		"postgres version":  {func(a *database.DatabaseArgs) { a.EngineVersion = "12" }, []string{"EngineVersion", `"12"`, "allowed: for postgres 14, 15, 16, 17,"}},
		"postgres 13": {func(a *database.DatabaseArgs) { a.EngineVersion = "13.20" },
			[]string{`database "db": EngineVersion: "13.20" is refused`, "standard support on 2026-02-28", "RDS Extended Support", "MD5", "allowed: for postgres 14, 15, 16, 17,"}},
		"mysql version": {func(a *database.DatabaseArgs) { a.Engine, a.EngineVersion = "mysql", "5.7" },
			[]string{"EngineVersion", `"5.7"`, "8.0, 8.4"}},
		"version not a number": {func(a *database.DatabaseArgs) { a.EngineVersion = "16.x" }, []string{"EngineVersion", `"16.x"`}},
		"storage too small":    {func(a *database.DatabaseArgs) { a.AllocatedStorageGiB = 10 }, []string{"AllocatedStorageGiB", "10", "20 to 65536"}},
		"storage too large": {func(a *database.DatabaseArgs) { a.AllocatedStorageGiB, a.MaxAllocatedStorageGiB = 70000, 80000 },
			[]string{"AllocatedStorageGiB", "70000", "20 to 65536"}},
		"max equal to allocated": {func(a *database.DatabaseArgs) { a.AllocatedStorageGiB, a.MaxAllocatedStorageGiB = 100, 100 },
			[]string{"MaxAllocatedStorageGiB", "100", "at least 10% above AllocatedStorageGiB", "110 or more"}},
		"max below allocated": {func(a *database.DatabaseArgs) { a.AllocatedStorageGiB, a.MaxAllocatedStorageGiB = 100, 50 },
			[]string{"MaxAllocatedStorageGiB", "50", "110 or more"}},
		"replicas -1": {func(a *database.DatabaseArgs) { a.ReadReplicas = -1 }, []string{"ReadReplicas", "-1", "0 to 5"}},
		"replicas 6":  {func(a *database.DatabaseArgs) { a.ReadReplicas = 6 }, []string{"ReadReplicas", "6", "0 to 5"}},
		"postgres replica, rds-managed password": {func(a *database.DatabaseArgs) { a.ReadReplicas = 1 },
			[]string{"ReadReplicas", "1", `MasterPassword "rds-managed"`, "every engine but SQL Server", `allowed: MasterPassword "stored"`, "ReadReplicas 0"}},
		"mysql replica, rds-managed password": {func(a *database.DatabaseArgs) { a.Engine, a.ReadReplicas, a.MasterPassword = "mysql", 2, "rds-managed" },
			[]string{"ReadReplicas", "2", `MasterPassword "rds-managed"`, "every engine but SQL Server", `allowed: MasterPassword "stored"`, "ReadReplicas 0"}},
		"unknown password mode": {func(a *database.DatabaseArgs) { a.MasterPassword = "random" }, []string{"MasterPassword", `"random"`, "rds-managed, stored"}},
		"retention 0":           {func(a *database.DatabaseArgs) { a.BackupRetentionDays = pulumi.IntRef(0) }, []string{"BackupRetentionDays", "0", "1 to 35"}},
		"retention 36":          {func(a *database.DatabaseArgs) { a.BackupRetentionDays = pulumi.IntRef(36) }, []string{"BackupRetentionDays", "36", "1 to 35"}},
		"monitoring 2":          {func(a *database.DatabaseArgs) { a.MonitoringIntervalSeconds = pulumi.IntRef(2) }, []string{"MonitoringIntervalSeconds", "2", "0 (off), 1, 5, 10, 15, 30, 60"}},
		"database name":         {func(a *database.DatabaseArgs) { a.DatabaseName = "my-app" }, []string{"DatabaseName", `"my-app"`, "a letter, then letters, digits and underscores"}},
		"database name too long": {func(a *database.DatabaseArgs) { a.DatabaseName = strings.Repeat("a", 64) },
			[]string{"DatabaseName", "at most 63"}},
		"system database":       {func(a *database.DatabaseArgs) { a.DatabaseName = "template1" }, []string{"DatabaseName", `"template1"`, "reserved"}},
		"username starts digit": {func(a *database.DatabaseArgs) { a.MasterUsername = "1admin" }, []string{"MasterUsername", `"1admin"`, "a letter"}},
		"username postgres":     {func(a *database.DatabaseArgs) { a.MasterUsername = "postgres" }, []string{"MasterUsername", `"postgres"`, "reserved"}},
		"username Admin":        {func(a *database.DatabaseArgs) { a.MasterUsername = "Admin" }, []string{"MasterUsername", `"Admin"`, "reserved"}},
		"mysql username too long": {func(a *database.DatabaseArgs) { a.Engine, a.MasterUsername = "mysql", "application_admin" },
			[]string{"MasterUsername", `"application_admin"`, "at most 16"}},
		"mysql insights on micro": {func(a *database.DatabaseArgs) { a.Engine, a.PerformanceInsights = "mysql", pulumi.BoolRef(true) },
			[]string{"PerformanceInsights", `"db.t3.micro"`, "allowed: false"}},
		"tls relaxed":        {func(a *database.DatabaseArgs) { a.Parameters = map[string]string{"rds.force_ssl": "0"} }, []string{"Parameters", "rds.force_ssl", `"0"`, `"1"`}},
		"empty parameter":    {func(a *database.DatabaseArgs) { a.Parameters = map[string]string{"work_mem": ""} }, []string{"Parameters", `"work_mem"`}},
		"missing vpc":        {func(a *database.DatabaseArgs) { a.VpcID = nil }, []string{"VpcID", "required"}},
		"missing subnets":    {func(a *database.DatabaseArgs) { a.SubnetIDs = nil }, []string{"SubnetIDs", "required"}},
		"one subnet":         {func(a *database.DatabaseArgs) { a.SubnetIDs = pulumi.StringArray{pulumi.String("subnet-0000000a")} }, []string{"SubnetIDs", "1", "two or more"}},
		"caller key":         {func(a *database.DatabaseArgs) { a.AllowedSecurityGroups["Web App"] = pulumi.String("sg-x") }, []string{"AllowedSecurityGroups", `"Web App"`}},
		"caller without sg":  {func(a *database.DatabaseArgs) { a.AllowedSecurityGroups["jobs"] = nil }, []string{"AllowedSecurityGroups", `"jobs"`}},
		"aws tag":            {func(a *database.DatabaseArgs) { a.Tags = map[string]string{"aws:owner": "me"} }, []string{"Tags", `"aws:owner"`}},
		"every problem once": {func(a *database.DatabaseArgs) { a.InstanceClass, a.ReadReplicas = "big", 9 }, []string{"InstanceClass", "ReadReplicas"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			args := baseArgs()
			tc.change(&args)
			inv, _, err := run(args)
			millionstacktest.Rejected(t, inv, err, tc.want...)
			require.Error(t, args.Validate("db"))
			assert.Contains(t, err.Error(), args.Validate("db").Error(), "Validate reports what NewDatabase does")
		})
	}
}

// connections records a Database and returns its MaxConnections and
// ReplicaMaxConnections.
func connections(t *testing.T, args database.DatabaseArgs) (primary, replica int) {
	t.Helper()
	millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		db, err := database.NewDatabase(ctx, "db", args)
		if err != nil {
			return err
		}
		primary, replica = db.MaxConnections, db.ReplicaMaxConnections
		return nil
	}, millionstacktest.Options{})
	return primary, replica
}

// The connections alarm is sized from what the instance really accepts:
// RDS's default max_connections, LEAST({DBInstanceClassMemory/9531392}, 5000)
// on PostgreSQL and {DBInstanceClassMemory/12582880} on MySQL (RDS user
// guide, Quotas and constraints, Maximum number of database connections),
// where DBInstanceClassMemory is somewhat less than the class's memory. The
// references: what users read from SHOW max_connections on PostgreSQL 2, 4
// and 8 GiB classes (198, 413, 856), AWS's "around 1,300" MySQL connections
// for 16 GiB, and the 5000 cap.
func TestDatabaseExposesTheMaxConnectionsOfItsClass(t *testing.T) {
	const gib = 1 << 30
	for _, c := range []struct {
		engine    database.Engine
		class     string
		memoryGiB int
		reference int
	}{
		{"postgres", "db.t3.small", 2, 198},
		{"postgres", "db.t4g.medium", 4, 413},
		{"postgres", "db.m5.large", 8, 856},
		{"postgres", "db.m6g.large", 8, 856},
		{"mysql", "db.r5.large", 16, 1300},
		{"mysql", "db.m7g.xlarge", 16, 1300},
	} {
		args := baseArgs()
		args.Engine, args.InstanceClass = c.engine, c.class
		args.PerformanceInsights = pulumi.BoolRef(false)
		got, _ := connections(t, args)
		assert.InDelta(t, c.reference, got, 0.04*float64(c.reference), "%s on %s", c.engine, c.class)
		divisor := map[database.Engine]int{"postgres": 9531392, "mysql": 12582880}[c.engine]
		assert.Less(t, got, c.memoryGiB*gib/divisor, "%s on %s: DBInstanceClassMemory is less than the class's memory", c.engine, c.class)
	}

	args := baseArgs()
	args.InstanceClass = "db.r6g.16xlarge" // 512 GiB: over 50,000 by memory alone
	got, _ := connections(t, args)
	assert.Equal(t, 5000, got, "PostgreSQL's default caps max_connections at 5000")
}

func TestReplicasHaveTheMaxConnectionsOfTheirClass(t *testing.T) {
	args := baseArgs()
	args.InstanceClass = "db.m5.large"
	primary, replica := connections(t, args)
	assert.Zero(t, replica, "no replicas")

	args.MasterPassword, args.ReadReplicas = "stored", 2
	_, sameClass := connections(t, args)
	assert.Equal(t, primary, sameClass, "replicas default to the primary's class")

	args.ReplicaInstanceClass = "db.r5.large" // twice the memory
	_, larger := connections(t, args)
	assert.InDelta(t, 2*primary, larger, 0.05*float64(2*primary))

	args.Parameters = map[string]string{"max_connections": "300"}
	primary, replica = connections(t, args)
	assert.Equal(t, []int{300, 300}, []int{primary, replica}, "a set max_connections holds for every instance of the shared parameter group")
}

// A class whose memory the component does not know cannot size the alarm:
// refused unless max_connections is set outright.
func TestUnknownClassesNeedMaxConnections(t *testing.T) {
	args := baseArgs()
	args.InstanceClass = "db.q9.large"
	inv, _, err := run(args)
	millionstacktest.Rejected(t, inv, err, `database "db": InstanceClass: "db.q9.large"`, "max_connections", "db.t3", "db.m5", "db.r6g", "<n>xlarge", "or set Parameters max_connections to a whole number")

	args.Parameters = map[string]string{"max_connections": "400"}
	primary, _ := connections(t, args)
	assert.Equal(t, 400, primary)

	args = baseArgs()
	args.MasterPassword, args.ReadReplicas, args.ReplicaInstanceClass = "stored", 1, "db.q9.xlarge"
	inv, _, err = run(args)
	millionstacktest.Rejected(t, inv, err, `database "db": ReplicaInstanceClass: "db.q9.xlarge"`)
	args.ReadReplicas = 0
	assert.NoError(t, args.Validate("db"), "a replica class without replicas is not used")
}

// max_connections in Parameters sizes the connections alarm, so it must be
// a number the engine accepts, not a formula the component cannot evaluate.
func TestMaxConnectionsParameterIsAWholeNumber(t *testing.T) {
	for _, c := range []struct {
		engine database.Engine
		value  string
		want   []string
	}{
		{"postgres", "LEAST({DBInstanceClassMemory/9531392},5000)", []string{`"LEAST({DBInstanceClassMemory/9531392},5000)"`, "a whole number from 1 to 262143 for postgres"}},
		{"postgres", "0", []string{`"0"`, "from 1 to 262143"}},
		{"postgres", "262144", []string{`"262144"`, "from 1 to 262143"}},
		{"mysql", "200000", []string{`"200000"`, "from 1 to 100000 for mysql"}},
	} {
		args := baseArgs()
		args.Engine, args.Parameters = c.engine, map[string]string{"max_connections": c.value}
		inv, _, err := run(args)
		millionstacktest.Rejected(t, inv, err, append([]string{"database \"db\": Parameters: max_connections"}, c.want...)...)
	}
}

func TestValidateAcceptsTheDefaults(t *testing.T) {
	assert.NoError(t, baseArgs().Validate("db"))
}

// primaryIn records a Database named name in stack, in the deployment seed
// stands for, and returns its primary.
func primaryIn(t *testing.T, stack, name, seed string) millionstacktest.Resource {
	t.Helper()
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		_, err := database.NewDatabase(ctx, name, baseArgs())
		return err
	}, millionstacktest.Options{Stack: stack, RandomSeed: seed})
	return millionstacktest.Named(t, inv, instanceType, name)
}

// finalSnapshot returns the final snapshot identifier of primaryIn.
func finalSnapshot(t *testing.T, stack, name, seed string) string {
	t.Helper()
	return primaryIn(t, stack, name, seed).String("finalSnapshotIdentifier")
}

// A stack deleted, created again and deleted again takes two final
// snapshots: a fixed name per stack made the second delete fail with
// DBSnapshotAlreadyExists. The name is chosen when the instance is created
// (another seed stands for the deployment that creates it again) and kept
// from run to run (IgnoreChanges), and every name is one RDS accepts.
func TestFinalSnapshotIsNamedPerInstanceLifetimeAndValidForRDS(t *testing.T) {
	first := finalSnapshot(t, "10", "db", "")
	assert.Equal(t, first, finalSnapshot(t, "10", "db", ""), "the same deployment records the same name: no diff")
	recreated := finalSnapshot(t, "10", "db", "created again")
	assert.NotEqual(t, first, recreated, "a re-created instance takes a new name")

	// A later run asks for a new suffix, and the engine sends the name the
	// instance was created with: no diff on every run. An instance created
	// before this scheme keeps its `<name>-<hash>-final` the same way.
	created, later := primaryIn(t, "10", "db", ""), primaryIn(t, "10", "db", "a later run")
	assert.Equal(t, first, millionstacktest.AfterIgnoreChanges(t, created.Inputs, later)["finalSnapshotIdentifier"].StringValue())
	legacy := created.Inputs.Copy()
	legacy["finalSnapshotIdentifier"] = resource.NewStringProperty("db-1a2b3c-final")
	assert.Equal(t, "db-1a2b3c-final", millionstacktest.AfterIgnoreChanges(t, legacy, later)["finalSnapshotIdentifier"].StringValue())

	// RDS API reference, CreateDBSnapshot, DBSnapshotIdentifier, and the
	// provider's ValidateFunc on final_snapshot_identifier
	// (terraform-provider-aws internal/service/rds/instance.go).
	longest := strings.Repeat("d", 24)
	for _, id := range []string{first, recreated, finalSnapshot(t, "10", "a-b-c", ""), finalSnapshot(t, "10", longest, "")} {
		assert.Regexp(t, `^[A-Za-z]`, id, "begins with a letter")
		assert.Regexp(t, `^[0-9A-Za-z-]+$`, id, "only letters, digits and hyphens")
		assert.NotContains(t, id, "--", "no two hyphens in a row")
		assert.NotRegexp(t, `-$`, id, "does not end in a hyphen")
		assert.LessOrEqual(t, len(id), 255)
		assert.Equal(t, strings.ToLower(id), id, "RDS stores identifiers in lower case")
	}
}

// A name that cannot prefix AWS names is refused before anything is registered.
func TestBadComponentNameIsRejected(t *testing.T) {
	for _, name := range []string{"Shop_DB", "2nd-db", "db--main", strings.Repeat("d", 25)} {
		inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
			_, err := database.NewDatabase(ctx, name, baseArgs())
			return err
		}, millionstacktest.Options{})
		millionstacktest.Rejected(t, inv, err, `name: "`+name+`"`)
	}
}

// isSecret reports whether the input of r at key (a top-level property) is
// marked secret, which Pulumi encrypts in state.
func isSecret(t *testing.T, r millionstacktest.Resource, key string) bool {
	t.Helper()
	v, ok := r.Inputs[resource.PropertyKey(key)]
	require.True(t, ok, "%s %s has no input %s", r.Type, r.Name, key)
	return v.IsSecret() || v.IsOutput() && v.OutputValue().Secret
}

// mentions reports whether v (a plain input value) holds s anywhere.
func mentions(v interface{}, s string) bool {
	switch v := v.(type) {
	case string:
		return strings.Contains(v, s)
	case []interface{}:
		for _, e := range v {
			if mentions(e, s) {
				return true
			}
		}
	case map[string]interface{}:
		for _, e := range v {
			if mentions(e, s) {
				return true
			}
		}
	}
	return false
}

func TestRDSManagedPasswordIsNowhereInTheProgram(t *testing.T) {
	for _, engine := range []database.Engine{database.EnginePostgres, database.EngineMySQL} {
		args := baseArgs()
		args.Engine = engine
		inv, out := record(t, args)

		primary := millionstacktest.Named(t, inv, instanceType, "db")
		assert.Equal(t, true, millionstacktest.Input(t, primary, "manageMasterUserPassword"), engine)
		_, set := primary.Input("password")
		assert.False(t, set, "%s: RDS generates the password", engine)
		assert.Empty(t, inv.ByType(secretType), "%s: RDS keeps the secret", engine)
		assert.Empty(t, inv.ByType(secretVersionType), engine)
		for _, r := range inv.Resources {
			for key := range r.Plain() {
				assert.NotContains(t, []string{"password", "secretString", "secretBinary"}, key, "%s %s: %s", r.Type, r.Name, key)
			}
		}
		assert.Equal(t, "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db", out.secretARN, "the secret RDS manages")
	}
}

func TestStoredPasswordIsGeneratedOnceIntoTheComponentsSecret(t *testing.T) {
	for engine, port := range map[database.Engine]float64{"postgres": 5432, "mysql": 3306} {
		args := baseArgs()
		args.Engine = engine
		args.MasterPassword = "stored"
		args.Tags = map[string]string{"team": "payments"}
		inv, out := record(t, args)
		component := millionstacktest.Named(t, inv, database.DatabaseType, "db")

		secret := millionstacktest.Named(t, inv, secretType, "db-master")
		version := millionstacktest.Named(t, inv, secretVersionType, "db-master")
		millionstacktest.ParentedTo(t, component, secret, version)
		assert.Equal(t, 7.0, millionstacktest.Input(t, secret, "recoveryWindowInDays"), engine)
		assert.Equal(t, "db-master", secret.String("tags.Name"))
		assert.Equal(t, "payments", secret.String("tags.team"))
		assert.Contains(t, secret.String("description"), "database db")
		_, named := secret.Input("name")
		assert.False(t, named, "auto-named: stacks sharing an account never collide")

		assert.Equal(t, "db-master-id", version.String("secretId"))
		assert.Contains(t, version.IgnoreChanges, "secretString", "the invoke answers a new password every run: the first one stays")
		assert.True(t, isSecret(t, version, "secretString"), "encrypted in state")
		var stored map[string]interface{}
		millionstacktest.JSON(t, version, "secretString", &stored)
		password, _ := stored["password"].(string)
		assert.Regexp(t, `^[A-Za-z0-9]{32}$`, password, "%s: 32 letters and digits, as the component asks for", engine)
		assert.Equal(t, map[string]interface{}{
			"username": "app_admin", "password": password, "engine": string(engine), "port": port, "dbname": "app",
		}, stored, engine)

		primary := millionstacktest.Named(t, inv, instanceType, "db")
		_, managed := primary.Input("manageMasterUserPassword")
		assert.False(t, managed, "%s: the provider refuses manageMasterUserPassword (even false) next to password", engine)
		assert.Equal(t, password, primary.String("password"), "the password read back from the secret")
		assert.True(t, isSecret(t, primary, "password"), "encrypted in state")
		assert.Contains(t, primary.Dependencies, version.URN, "taken from the version's state, not from this run's invoke")
		assert.NotContains(t, primary.IgnoreChanges, "password", "the stored password is stable: nothing to ignore")

		connection := millionstacktest.Named(t, inv, secretVersionType, "db-master-connection")
		assert.True(t, isSecret(t, connection, "secretString"), "encrypted in state")
		for _, r := range inv.Resources {
			if r.URN == primary.URN || r.URN == version.URN || r.URN == connection.URN {
				continue
			}
			for key, value := range r.Plain() {
				assert.False(t, mentions(value, password), "%s %s: %s holds the password", r.Type, r.Name, key)
			}
		}
		assert.Equal(t, "arn:aws:secretsmanager:us-east-1:123456789012:secret/db-master", out.secretARN, "the component's secret, not RDS's")
	}
}

// The provider declares manageMasterUserPassword and password conflicting,
// and counts a false as set: the primary carries exactly one of them, in
// every mode, with and without replicas.
func TestThePrimaryNeverSetsBothPasswordInputs(t *testing.T) {
	for _, mode := range []database.MasterPasswordMode{database.MasterPasswordRDSManaged, database.MasterPasswordStored} {
		for _, replicas := range []int{0, 1} {
			if mode == "rds-managed" && replicas > 0 {
				continue // refused by validation
			}
			args := baseArgs()
			args.MasterPassword, args.ReadReplicas = mode, replicas
			inv, _ := record(t, args)
			primary := millionstacktest.Named(t, inv, instanceType, "db")
			managed, hasManaged := primary.Input("manageMasterUserPassword")
			_, hasPassword := primary.Input("password")
			assert.True(t, hasManaged != hasPassword, "%s with %d replicas: exactly one of manageMasterUserPassword and password", mode, replicas)
			if hasManaged {
				assert.Equal(t, true, managed, "%s: the flag is only ever sent as true", mode)
			}
		}
	}
}

func TestReadReplicasWorkWithAStoredPasswordOnEveryEngine(t *testing.T) {
	for _, engine := range []database.Engine{database.EnginePostgres, database.EngineMySQL} {
		args := baseArgs()
		args.Engine = engine
		args.MasterPassword = "stored"
		args.ReadReplicas = 2
		require.NoError(t, args.Validate("db"), engine)
		inv, out := record(t, args)
		assert.ElementsMatch(t, []string{"db", "db-replica-1", "db-replica-2"}, millionstacktest.Names(inv.ByType(instanceType)), engine)
		for _, name := range []string{"db-replica-1", "db-replica-2"} {
			r := millionstacktest.Named(t, inv, instanceType, name)
			assert.Equal(t, "db", r.String("replicateSourceDb"), "%s %s", engine, name)
			for _, inherited := range []string{"password", "manageMasterUserPassword", "username"} {
				_, set := r.Input(inherited)
				assert.False(t, set, "%s %s inherits %s from its source", engine, name, inherited)
			}
		}
		assert.Equal(t, "arn:aws:secretsmanager:us-east-1:123456789012:secret/db-master", out.secretARN, engine)
	}
}

// randomPasswords records one secretsmanager.GetRandomPassword invoke per
// request with the given seed and returns the answers, in request order.
func randomPasswords(t *testing.T, seed string, requests ...secretsmanager.GetRandomPasswordArgs) []string {
	t.Helper()
	var out []string
	millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		for _, r := range requests {
			got, err := secretsmanager.GetRandomPassword(ctx, &r)
			if err != nil {
				return err
			}
			out = append(out, got.RandomPassword)
		}
		return nil
	}, millionstacktest.Options{RandomSeed: seed})
	return out
}

// The mocks answer GetRandomPassword as AWS would (length, excluded classes
// and characters, one of each included class), so that a value the
// component builds from it (a password, a final snapshot name) is recorded as
// AWS would receive it; the same request and seed answer the same value, so
// plans and diffs are stable, and another seed stands for a later deployment.
func TestMocksAnswerRandomPasswordsAsRequested(t *testing.T) {
	requests := []secretsmanager.GetRandomPasswordArgs{
		{}, // AWS's defaults: 32 characters of every class
		{PasswordLength: pulumi.IntRef(32), ExcludePunctuation: pulumi.BoolRef(true)},
		{PasswordLength: pulumi.IntRef(12), ExcludePunctuation: pulumi.BoolRef(true), ExcludeUppercase: pulumi.BoolRef(true)},
		{PasswordLength: pulumi.IntRef(20), ExcludeCharacters: pulumi.StringRef("/@\"'abc"), ExcludeNumbers: pulumi.BoolRef(true)},
		{PasswordLength: pulumi.IntRef(8), ExcludeLowercase: pulumi.BoolRef(true), ExcludeUppercase: pulumi.BoolRef(true), ExcludePunctuation: pulumi.BoolRef(true)},
	}
	first := randomPasswords(t, "", requests...)
	require.Len(t, first, len(requests))

	assert.Len(t, first[0], 32)
	for class, chars := range map[string]string{"lowercase": "abcdefghijklmnopqrstuvwxyz", "uppercase": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "digit": "0123456789", "punctuation": "!#$%&()*+,-./:;<=>?@[]^_{|}~"} {
		assert.True(t, strings.ContainsAny(first[0], chars+"\"'`"), "the default request holds a %s: %q", class, first[0])
	}
	assert.Regexp(t, `^[A-Za-z0-9]{32}$`, first[1])
	assert.Regexp(t, `^[a-z0-9]{12}$`, first[2])
	assert.Regexp(t, `[a-z]`, first[2], "one of each included class")
	assert.Regexp(t, `[0-9]`, first[2], "one of each included class")
	assert.Len(t, first[3], 20)
	assert.NotRegexp(t, `[0-9/@"'abc]`, first[3])
	assert.Regexp(t, `^[0-9]{8}$`, first[4])

	assert.Equal(t, first, randomPasswords(t, "", requests...), "the same requests and seed answer the same values")
	later := randomPasswords(t, "later", requests...)
	for i := range requests {
		assert.NotEqual(t, first[i], later[i], "request %d: another seed stands for another deployment", i)
	}

	_, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := secretsmanager.GetRandomPassword(ctx, &secretsmanager.GetRandomPasswordArgs{PasswordLength: pulumi.IntRef(5000)})
		return err
	}, millionstacktest.Options{})
	assert.ErrorContains(t, err, "1 to 4096", "a request AWS refuses fails")
}
