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
// it through a failover; a global database's secondary has readers only.
func TestClustersAreWatchedByRole(t *testing.T) {
	args := monitoring.MonitoringArgs{Clusters: map[string]monitoring.ClusterTarget{
		"orders-1":  {ClusterID: pulumi.String("db-orders-1-abc"), MaxConnections: 1700},
		"orders-1w": {ClusterID: pulumi.String("db-orders-1-west"), MaxConnections: 1700, Secondary: true},
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
		"app-cluster-orders-1-writer-cpuutilization":      {"CPUUtilization", "Average", "GreaterThanThreshold", 80, writer},
		"app-cluster-orders-1-writer-databaseconnections": {"DatabaseConnections", "Average", "GreaterThanThreshold", 0.8 * 1700, writer},
		"app-cluster-orders-1-writer-freelocalstorage":    {"FreeLocalStorage", "Minimum", "LessThanThreshold", 5 * gib, writer},
		"app-cluster-orders-1-readers-aurorareplicalag":   {"AuroraReplicaLag", "Maximum", "GreaterThanThreshold", 1000, readers},
		"app-cluster-orders-1-readers-cpuutilization":     {"CPUUtilization", "Maximum", "GreaterThanThreshold", 80, readers},
		"app-cluster-orders-1w-readers-aurorareplicalag":  {"AuroraReplicaLag", "Maximum", "GreaterThanThreshold", 1000, map[string]interface{}{"DBClusterIdentifier": "db-orders-1-west", "Role": "READER"}},
		"app-cluster-orders-1w-readers-cpuutilization":    {"CPUUtilization", "Maximum", "GreaterThanThreshold", 80, map[string]interface{}{"DBClusterIdentifier": "db-orders-1-west", "Role": "READER"}},
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
	assert.Len(t, got, 7, "no writer alarms on the secondary")
}

func TestClusterTargetsAreValidated(t *testing.T) {
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := monitoring.NewMonitoring(ctx, name, monitoring.MonitoringArgs{Clusters: map[string]monitoring.ClusterTarget{
			"Orders": {MaxConnections: 0},
		}})
		return err
	}, millionstacktest.Options{})
	require.Error(t, err)
	assert.Empty(t, inv.Resources)
	for _, want := range []string{`Clusters: key "Orders"`, `Clusters["Orders"].ClusterID: is required`, `Clusters["Orders"].MaxConnections: 0`} {
		assert.ErrorContains(t, err, want)
	}
}
