package database_test

import (
	"testing"

	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// replicatedArgs are a database that may have replicas: a stored password,
// the app's own user.
func replicatedArgs() database.DatabaseArgs {
	args := baseArgs()
	args.InstanceClass = "db.r5.large"
	args.MasterPassword = database.MasterPasswordStored
	args.ReadReplicas = 1
	args.AppUser = "app_user"
	return args
}

// recordReplica records a Database "db" in us-east-1 and, unless replica is
// nil, its Replica "db-replica-west" through a provider for region.
func recordReplica(source database.DatabaseArgs, replica *database.ReplicaArgs, region string) (*millionstacktest.Inventory, *database.Replica, error) {
	var made *database.Replica
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		db, err := database.NewDatabase(ctx, "db", source)
		if err != nil || replica == nil {
			return err
		}
		west, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String(region)})
		if err != nil {
			return err
		}
		args := *replica
		args.Source = db
		made, err = database.NewReplica(ctx, "db-replica-west", args, pulumi.Provider(west))
		return err
	}, millionstacktest.Options{Stack: "10m"})
	return inv, made, err
}

func westReplicaArgs() *database.ReplicaArgs {
	return &database.ReplicaArgs{
		VpcID:                 pulumi.String("vpc-0000e000"),
		SubnetIDs:             pulumi.StringArray{pulumi.String("subnet-0000e00a"), pulumi.String("subnet-0000e00b")},
		AllowedSecurityGroups: map[string]pulumi.StringInput{"app": pulumi.String("sg-0000ae57")},
	}
}

// The replica copies the primary by ARN into another region, with a key,
// subnet group, security group and parameters of that region, every child
// through that region's provider.
func TestReplicaInAnotherRegion(t *testing.T) {
	inv, replica, err := recordReplica(replicatedArgs(), westReplicaArgs(), "us-west-2")
	require.NoError(t, err)
	primary := millionstacktest.Named(t, inv, instanceType, "db")
	copied := millionstacktest.Named(t, inv, instanceType, "db-replica-west")
	key := millionstacktest.Named(t, inv, keyType, "db-replica-west")
	for path, want := range map[string]interface{}{
		"replicateSourceDb":                primary.Outputs["arn"].StringValue(),
		"kmsKeyId":                         key.Outputs["arn"].StringValue(),
		"storageEncrypted":                 true,
		"instanceClass":                    "db.r5.large",
		"dbSubnetGroupName":                "db-replica-west",
		"parameterGroupName":               "db-replica-west",
		"publiclyAccessible":               false,
		"iamDatabaseAuthenticationEnabled": true,
		"deletionProtection":               true,
		"skipFinalSnapshot":                true,
		"autoMinorVersionUpgrade":          true,
		"monitoringInterval":               60.0,
		"performanceInsightsEnabled":       true,
	} {
		assert.Equal(t, want, millionstacktest.Input(t, copied, path), path)
	}
	assert.Contains(t, primary.Outputs["arn"].StringValue(), ":us-east-1:")
	assert.Contains(t, key.Outputs["arn"].StringValue(), ":us-west-2:", "the source's key cannot leave its region")
	for _, inherited := range []string{"engine", "username", "password", "dbName", "allocatedStorage"} {
		_, set := copied.Input(inherited)
		assert.False(t, set, "a replica takes %s from its source", inherited)
	}
	assert.Equal(t, "postgres16", millionstacktest.Named(t, inv, parameterGroupType, "db-replica-west").String("family"))

	west := millionstacktest.Named(t, inv, providerType, "west")
	component := millionstacktest.Named(t, inv, database.ReplicaType, "db-replica-west")
	var children int
	for _, r := range inv.Cloud() {
		if r.Parent == component.URN {
			children++
			assert.Equal(t, west.URN, r.ProviderURN(), "%s %s", r.Type, r.Name)
			assert.Equal(t, "us-west-2", inv.RegionOf(r))
		} else {
			assert.Empty(t, r.Provider, "%s %s of the source", r.Type, r.Name)
		}
	}
	assert.Greater(t, children, 5)

	assert.Equal(t, "us-west-2", replica.Region)
	assert.Equal(t, []string{"postgresql", "upgrade"}, replica.LogExports)
	resourceID := copied.Outputs["resourceId"].StringValue()
	assert.Contains(t, millionstacktest.Resolve(t, replica.AppConnectPolicyJSON), "arn:aws:rds-db:us-west-2:123456789012:dbuser:"+resourceID+"/app_user")

	// Its region's monitoring watches it as a replica (its lag), with its
	// own connection limit and its source's storage.
	target := replica.AlarmTarget()
	assert.True(t, target.Replica)
	assert.Equal(t, replica.MaxConnections, target.MaxConnections)
	assert.Equal(t, replicatedArgs().WithDefaults().AllocatedStorageGiB, target.AllocatedStorageGiB)
	assert.Equal(t, copied.Outputs["identifier"].StringValue(), millionstacktest.Resolve(t, target.InstanceID.ToStringOutput()))

	// Its stand-in, for a program's checking pass, has the same plain
	// fields and registers nothing.
	args := westReplicaArgs()
	args.Source = replicatedArgs().StandIn("db")
	standIn := args.StandIn("db-replica-west")
	assert.Equal(t, replica.MaxConnections, standIn.MaxConnections)
	assert.Equal(t, replica.LogExports, standIn.LogExports)
	assert.Equal(t, target.AllocatedStorageGiB, standIn.AlarmTarget().AllocatedStorageGiB)
}

// Adding a replica in another region leaves the source's own resources as
// they were, input for input.
func TestReplicaLeavesTheSourceAlone(t *testing.T) {
	alone, _, err := recordReplica(replicatedArgs(), nil, "")
	require.NoError(t, err)
	with, _, err := recordReplica(replicatedArgs(), westReplicaArgs(), "us-west-2")
	require.NoError(t, err)
	after := with.ByURN()
	for _, r := range alone.Resources {
		next, ok := after[r.URN]
		if assert.True(t, ok, "%s %s is gone", r.Type, r.Name) {
			assert.Equal(t, r.Plain(), next.Plain(), "%s %s", r.Type, r.Name)
			assert.Equal(t, r.Provider, next.Provider, "%s %s", r.Type, r.Name)
		}
	}
}

func TestReplicaArgsAreValidated(t *testing.T) {
	t.Run("same region", func(t *testing.T) {
		inv, _, err := recordReplica(replicatedArgs(), westReplicaArgs(), "us-east-1")
		require.Error(t, err)
		assert.ErrorContains(t, err, `database "db-replica-west": Source: the source database "db" is in us-east-1, where the replica would be too`)
		_, registered := inv.Named(database.ReplicaType, "db-replica-west")
		assert.False(t, registered)
	})
	t.Run("rds-managed source", func(t *testing.T) {
		source := baseArgs()
		inv, _, err := recordReplica(source, westReplicaArgs(), "us-west-2")
		require.Error(t, err)
		assert.ErrorContains(t, err, `Source: the source database "db" has MasterPassword "rds-managed"`)
		_, registered := inv.Named(database.ReplicaType, "db-replica-west")
		assert.False(t, registered)
	})
	t.Run("class", func(t *testing.T) {
		args := westReplicaArgs()
		args.InstanceClass = "db.q9.large"
		_, _, err := recordReplica(replicatedArgs(), args, "us-west-2")
		assert.ErrorContains(t, err, `InstanceClass: "db.q9.large"`)
	})
	t.Run("no source", func(t *testing.T) {
		assert.ErrorContains(t, database.ReplicaArgs{}.Validate("db"), "Source: is required")
	})
	t.Run("stand-in", func(t *testing.T) {
		args := *westReplicaArgs()
		args.Source = replicatedArgs().StandIn("db")
		assert.NoError(t, args.Validate("db"), "a stand-in of the source validates a replica before the source is registered")
	})
}

// A replica hands out its source's secret policy (the replica has no secret
// of its own), admits a caller of its region made later as the rule
// <replica>-from-<name> on its own group, refuses a name taken, and tells
// monitoring its instance and its own connection limit.
func TestReplicaGrantsAdmissionAndAlarmTarget(t *testing.T) {
	var source *database.Database
	var replica *database.Replica
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		db, err := database.NewDatabase(ctx, "db", replicatedArgs())
		if err != nil {
			return err
		}
		west, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		args := *westReplicaArgs()
		args.Source = db
		r, err := database.NewReplica(ctx, "db-replica-west", args, pulumi.Provider(west))
		if err != nil {
			return err
		}
		if err := r.AllowFrom("bastion", pulumi.String("sg-0123456789abcdef0")); err != nil {
			return err
		}
		assert.ErrorContains(t, r.AllowFrom("bastion", pulumi.String("sg-0123456789abcdef1")), `name "bastion" is taken`)
		assert.ErrorContains(t, r.AllowFrom("ops", pulumi.String("ops-group")), `"ops-group" is not a security group ID`)
		source, replica = db, r
		return nil
	}, millionstacktest.Options{Stack: "10m"})

	assert.Equal(t, millionstacktest.Resolve(t, source.ReadSecretPolicy()), millionstacktest.Resolve(t, replica.ReadSecretPolicy()))

	rule := millionstacktest.Named(t, inv, ingressRuleType, "db-replica-west-from-bastion")
	assert.Equal(t, "sg-0123456789abcdef0", rule.String("referencedSecurityGroupId"))
	assert.Equal(t, 5432.0, millionstacktest.Value(rule, "fromPort"))
	assert.Equal(t, millionstacktest.Resolve(t, replica.SecurityGroupID), rule.String("securityGroupId"), "on the replica's own group, in its region")
	assert.Equal(t, "us-west-2", inv.RegionOf(rule))

	target := replica.AlarmTarget()
	assert.Equal(t, millionstacktest.Resolve(t, replica.InstanceID), millionstacktest.Resolve(t, target.InstanceID.ToStringOutput()))
	assert.Equal(t, replica.MaxConnections, target.MaxConnections)
}
