package monitoring_test

import (
	"testing"

	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An Aurora cluster is watched by role, so that the writer's alarms follow
// it through a failover; a global database's secondary has readers only,
// and its lag behind the primary's region, a metric of the cluster.
func TestClustersAreWatchedByRole(t *testing.T) {
	args := monitoring.MonitoringArgs{Clusters: map[string]monitoring.ClusterTarget{
		"orders-1":  {ClusterID: pulumi.String("db-orders-1-abc"), MaxConnections: 1700},
		"orders-1w": {ClusterID: pulumi.String("db-orders-1-west"), MaxConnections: 1700, Secondary: true, SourceRegion: "us-east-1"},
	}}
	inv, _ := run(t, args)
	got := alarms(inv)
	const gib = 1 << 30
	writer := map[string]interface{}{"DBClusterIdentifier": "db-orders-1-abc", "Role": "WRITER"}
	readers := map[string]interface{}{"DBClusterIdentifier": "db-orders-1-abc", "Role": "READER"}
	for alarm, want := range map[string]struct {
		metric, stat, comparison string
		threshold                float64
		dimensions               map[string]interface{}
	}{
		"app-cluster-orders-1-writer-cpuutilization":         {"CPUUtilization", "Average", "GreaterThanThreshold", 80, writer},
		"app-cluster-orders-1-writer-databaseconnections":    {"DatabaseConnections", "Average", "GreaterThanThreshold", 0.8 * 1700, writer},
		"app-cluster-orders-1-writer-freelocalstorage":       {"FreeLocalStorage", "Minimum", "LessThanThreshold", 5 * gib, writer},
		"app-cluster-orders-1-readers-aurorareplicalag":      {"AuroraReplicaLag", "Maximum", "GreaterThanThreshold", 1000, readers},
		"app-cluster-orders-1-readers-cpuutilization":        {"CPUUtilization", "Maximum", "GreaterThanThreshold", 80, readers},
		"app-cluster-orders-1w-readers-aurorareplicalag":     {"AuroraReplicaLag", "Maximum", "GreaterThanThreshold", 1000, map[string]interface{}{"DBClusterIdentifier": "db-orders-1-west", "Role": "READER"}},
		"app-cluster-orders-1w-readers-cpuutilization":       {"CPUUtilization", "Maximum", "GreaterThanThreshold", 80, map[string]interface{}{"DBClusterIdentifier": "db-orders-1-west", "Role": "READER"}},
		"app-cluster-orders-1w-auroraglobaldbreplicationlag": {"AuroraGlobalDBReplicationLag", "Maximum", "GreaterThanThreshold", 5000, map[string]interface{}{"DBClusterIdentifier": "db-orders-1-west", "SourceRegion": "us-east-1"}},
	} {
		a, ok := got[alarm]
		require.True(t, ok, "alarm %s missing", alarm)
		assert.Equal(t, "AWS/RDS", a.String("namespace"), alarm)
		assert.Equal(t, want.metric, a.String("metricName"), alarm)
		assert.Equal(t, want.stat, a.String("statistic"), alarm)
		assert.Equal(t, want.comparison, a.String("comparisonOperator"), alarm)
		assert.Equal(t, want.threshold, a.Inputs["threshold"].NumberValue(), alarm)
		dims, _ := a.Input("dimensions")
		assert.Equal(t, want.dimensions, dims, alarm)
	}
	assert.Len(t, got, 8, "no writer alarms on the secondary, no global lag on the primary")
	assert.Equal(t, "missing", got["app-cluster-orders-1w-auroraglobaldbreplicationlag"].String("treatMissingData"), "a promoted secondary stops reporting for good: silence keeps the state")
}

func TestClusterTargetsAreValidated(t *testing.T) {
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := monitoring.NewMonitoring(ctx, name, monitoring.MonitoringArgs{Clusters: map[string]monitoring.ClusterTarget{
			"Orders": {MaxConnections: 0},
			"west":   {ClusterID: pulumi.String("db-west"), MaxConnections: 100, Secondary: true},
		}})
		return err
	}, millionstacktest.Options{})
	require.Error(t, err)
	assert.Empty(t, inv.Resources)
	for _, want := range []string{`Clusters: key "Orders"`, `Clusters["Orders"].ClusterID: is required`, `Clusters["Orders"].MaxConnections: 0`, `Clusters["west"].SourceRegion: "" is not an AWS region`} {
		assert.ErrorContains(t, err, want)
	}
}

// A global table's replication out of the monitoring's region is watched
// per table, by its name and the region the writes go to; a replication to
// the monitoring's own region, or without a table, is refused.
func TestTableReplicationIsWatchedWhereTheWritesStart(t *testing.T) {
	inv, _ := run(t, monitoring.MonitoringArgs{
		Tables: map[string]pulumi.StringInput{"activity": pulumi.String("activity-abc")},
		TableReplications: map[string]monitoring.TableReplicationTarget{
			"activity": {TableName: pulumi.String("activity-abc"), ReceivingRegion: "us-west-2"},
		},
	})
	got := alarms(inv)
	a, ok := got["app-table-activity-replicationlatency"]
	require.True(t, ok)
	assert.Equal(t, "AWS/DynamoDB", a.String("namespace"))
	assert.Equal(t, "ReplicationLatency", a.String("metricName"))
	assert.Equal(t, "Average", a.String("statistic"))
	assert.Equal(t, 5000.0, a.Inputs["threshold"].NumberValue())
	assert.Equal(t, "notBreaching", a.String("treatMissingData"), "emitted only while items replicate")
	dims, _ := a.Input("dimensions")
	assert.Equal(t, map[string]interface{}{"TableName": "activity-abc", "ReceivingRegion": "us-west-2"}, dims)
	assert.Contains(t, got, "app-table-activity-readthrottleevents", "the table's own alarms stay")

	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := monitoring.NewMonitoring(ctx, name, monitoring.MonitoringArgs{
			ExistingTopicARN: pulumi.String("arn:aws:sns:us-east-1:123456789012:alarms"), // known: the region is looked up
			TableReplications: map[string]monitoring.TableReplicationTarget{
				"home":  {TableName: pulumi.String("activity-abc"), ReceivingRegion: "us-east-1"},
				"blank": {ReceivingRegion: "west"},
			},
		})
		return err
	}, millionstacktest.Options{})
	require.Error(t, err)
	assert.Empty(t, inv.Cloud())
	for _, want := range []string{
		`TableReplications["blank"].TableName: is required`,
		`TableReplications["blank"].ReceivingRegion: "west" is not an AWS region`,
		`TableReplications["home"].ReceivingRegion: "us-east-1" is the monitoring's own region`,
	} {
		assert.ErrorContains(t, err, want)
	}
}

// A database that is itself a replica of one in another region is watched
// in its own region as a replica: its lag besides a primary's alarms,
// under the key "replica".
func TestACrossRegionReplicaIsWatchedForItsLag(t *testing.T) {
	inv, _ := run(t, monitoring.MonitoringArgs{Database: &monitoring.DatabaseTarget{
		InstanceID: pulumi.String("db-replica-west"), Replica: true, AllocatedStorageGiB: 100, MaxConnections: 850,
	}})
	got := alarms(inv)
	var names []string
	for n := range got {
		names = append(names, n)
	}
	assert.ElementsMatch(t, []string{
		"app-database-replica-replicalag", "app-database-replica-cpuutilization",
		"app-database-replica-freestoragespace", "app-database-replica-databaseconnections",
	}, names)
	lag := got["app-database-replica-replicalag"]
	dims, _ := lag.Input("dimensions")
	assert.Equal(t, map[string]interface{}{"DBInstanceIdentifier": "db-replica-west"}, dims)
	assert.Equal(t, 60.0, lag.Inputs["threshold"].NumberValue())
}
