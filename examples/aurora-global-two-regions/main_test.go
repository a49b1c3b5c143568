package main

import (
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	clusterType  = "aws:rds/cluster:Cluster"
	instanceType = "aws:rds/clusterInstance:ClusterInstance"
)

func record(t *testing.T, config map[string]string) (*millionstacktest.Inventory, error) {
	t.Helper()
	return millionstacktest.Record(program, millionstacktest.Options{Stack: "dev", Project: namespace, Config: config})
}

// The primary heads a global database in the stack's region with a writer
// and two readers in three AZs; the secondary joins the same global
// database in the second region, on its provider, encrypted with a key of
// that region (the primary's cannot cross), and keeps no password of its
// own: Aurora copies the primary's users.
func TestGlobalDatabaseAcrossTwoRegions(t *testing.T) {
	inv, err := record(t, nil)
	require.NoError(t, err)

	primary := millionstacktest.Named(t, inv, clusterType, "orders")
	assert.Equal(t, "us-east-1", inv.RegionOf(primary))
	global := millionstacktest.Named(t, inv, "aws:rds/globalCluster:GlobalCluster", "orders")
	assert.Equal(t, true, millionstacktest.Input(t, global, "storageEncrypted"))
	var zones []string
	for _, r := range inv.ByType(instanceType) {
		if inv.RegionOf(r) == "us-east-1" {
			zones = append(zones, r.String("availabilityZone"))
		}
	}
	assert.ElementsMatch(t, []string{"us-east-1a", "us-east-1b", "us-east-1c"}, zones, "a writer and two readers, one per AZ")

	secondary := millionstacktest.Named(t, inv, clusterType, "orders-secondary")
	assert.Equal(t, "us-west-2", inv.RegionOf(secondary))
	assert.NotEmpty(t, secondary.String("globalClusterIdentifier"))
	assert.Equal(t, primary.String("globalClusterIdentifier"), secondary.String("globalClusterIdentifier"), "both clusters are members of one global database")
	assert.True(t, strings.HasPrefix(secondary.String("kmsKeyId"), "arn:aws:kms:us-west-2:"), "the secondary's key is in its region: %s", secondary.String("kmsKeyId"))
	for _, key := range []string{"masterUsername", "masterPassword", "manageMasterUserPassword"} {
		_, set := secondary.Input(key)
		assert.False(t, set, "a secondary sets no %s", key)
	}
	vpc := millionstacktest.Named(t, inv, "aws:ec2/vpc:Vpc", "orders-secondary-vpc")
	assert.Equal(t, "us-west-2", inv.RegionOf(vpc), "the second network is in the second region")
	assert.Equal(t, "10.31.0.0/16", vpc.String("cidrBlock"))
}

// The application's own user is created at deploy time, once, on the
// writer: the secondary gets it through Aurora's replication.
func TestAppUserIsCreatedOnTheWriter(t *testing.T) {
	inv, err := record(t, nil)
	require.NoError(t, err)
	bootstrap := millionstacktest.Named(t, inv, "aws:lambda/invocation:Invocation", "orders-bootstrap")
	assert.Contains(t, bootstrap.String("input"), `"`+appUser+`"`)
	assert.Equal(t, "us-east-1", inv.RegionOf(bootstrap))
}

// Each cluster's log groups get a retention, from a function of its own
// region.
func TestClusterLogsHaveARetentionInEachRegion(t *testing.T) {
	inv, err := record(t, nil)
	require.NoError(t, err)
	for name, region := range map[string]string{"orders-logs": "us-east-1", "orders-logs-secondary": "us-west-2"} {
		invocation := millionstacktest.Named(t, inv, "aws:lambda/invocation:Invocation", name)
		assert.Equal(t, region, inv.RegionOf(invocation), name)
		assert.Contains(t, invocation.String("input"), "/aws/rds/cluster/", name)
		assert.Contains(t, invocation.String("input"), "/postgresql", name)
	}
}

// The second region is config.
func TestSecondaryRegionFromConfig(t *testing.T) {
	inv, err := record(t, map[string]string{namespace + ":secondaryRegion": "eu-west-1"})
	require.NoError(t, err)
	assert.Equal(t, "eu-west-1", inv.RegionOf(millionstacktest.Named(t, inv, clusterType, "orders-secondary")))
}

// A secondary in the primary's own region is refused before it is
// registered.
func TestSecondaryInThePrimaryRegionIsRefused(t *testing.T) {
	inv, err := record(t, map[string]string{namespace + ":secondaryRegion": "us-east-1"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `database "orders-secondary"`)
	_, registered := inv.Named(database.ClusterType, "orders-secondary")
	assert.False(t, registered)
}

// The stack breaks no rule the provider would enforce at `pulumi up`.
func TestBreaksNoProviderRule(t *testing.T) {
	inv, err := record(t, nil)
	require.NoError(t, err)
	millionstacktest.NoViolations(t, inv)
}
