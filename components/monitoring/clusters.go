package monitoring

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ClusterTarget is an Aurora DB cluster. It is watched through the metrics
// Aurora aggregates per cluster and instance role (the dimensions
// DBClusterIdentifier and Role, WRITER or READER: Aurora user guide,
// "Amazon CloudWatch dimensions for Aurora"), so an alarm follows the
// writer through a failover instead of watching an instance that has
// become a reader.
//
// Alarms: on the writer, CPUUtilization > 80%, DatabaseConnections > 80%
// of MaxConnections and FreeLocalStorage (temporary files and logs) under
// 5 GiB; on the readers, AuroraReplicaLag > 1 s and CPUUtilization > 80%.
// A global database's secondary has readers only, and its lag behind the
// primary's region: AuroraGlobalDBReplicationLag > 5 s.
type ClusterTarget struct {
	// ClusterID is the DB cluster identifier. Required.
	ClusterID pulumi.StringInput
	// MaxConnections is how many connections each instance accepts
	// (database.Cluster.MaxConnections). Required, 1 or more.
	MaxConnections int
	// Secondary marks a global database's secondary cluster: no writer.
	Secondary bool
	// SourceRegion is a Secondary's primary's region: the SourceRegion
	// dimension of its replication lag. Required with Secondary.
	SourceRegion string
}

// freeLocalStorageGiB is the free local storage under which the writer
// alarms: a threshold of ours, not AWS's. Local storage holds temporary
// files of sorts and index builds and the logs, grows with the class, and
// when it runs out queries fail (Aurora user guide, "Troubleshooting
// storage issues in Aurora PostgreSQL").
const freeLocalStorageGiB = 5

// clusterWriterRules is the writer's table.
func clusterWriterRules(c ClusterTarget) []rule {
	return []rule{
		{metric: "CPUUtilization", statistic: "Average", comparison: above, threshold: 80, period: 300, evaluate: 3, breaching: 3, missing: silenceKeeps,
			action: "The cluster's writer has been above 80% CPU for 15 minutes. Find the expensive queries (Performance Insights); add indexes, move reads to the reader endpoint, or move the cluster to a larger class."},
		connectionsRule(c.MaxConnections),
		{metric: "FreeLocalStorage", statistic: "Minimum", comparison: below, threshold: freeLocalStorageGiB << 30, period: 300, evaluate: 2, breaching: 2, missing: silenceKeeps,
			action: fmt.Sprintf("The writer has less than %d GiB of local storage (temporary files and logs) free. Look for queries spilling sorts to disk (raise work_mem for them) or move to a larger class before queries fail.", freeLocalStorageGiB)},
	}
}

// clusterReaderRules is the readers' table: their lag behind the writer,
// in milliseconds, and their CPU.
var clusterReaderRules = []rule{
	{metric: "AuroraReplicaLag", statistic: "Maximum", comparison: above, threshold: 1000, period: 60, evaluate: 5, breaching: 5, missing: silenceKeeps,
		action: "A reader has been more than 1 s behind the writer for 5 minutes; reads from it are stale. Check the writer's write load and the readers' CPU."},
	{metric: "CPUUtilization", statistic: "Maximum", comparison: above, threshold: 80, period: 300, evaluate: 3, breaching: 3, missing: silenceKeeps,
		action: "A reader has been above 80% CPU for 15 minutes. Add readers, move the cluster to a larger class, or cache hot reads."},
}

// globalReplicationRules is a secondary cluster's lag behind the global
// database's primary region: AuroraGlobalDBReplicationLag, "the amount of
// lag when replicating updates from the primary AWS Region", in
// milliseconds, a cluster-level metric available in the secondary's region
// only (Aurora user guide, "Amazon CloudWatch metrics for Amazon Aurora",
// cluster-level metrics; the guide's "Monitoring an Amazon Aurora global
// database" points there), published per source region: CloudWatch lists
// it under the dimensions DBClusterIdentifier and SourceRegion (AWS's
// global database lab, aws-samples/amazon-aurora-labs-for-mysql
// docs/reinvent-gdb/cw: the "SourceRegion" group of the RDS metrics), and
// an alarm matches only the exact set. It is the data a promotion of the
// secondary would lose. AuroraReplicaLag, which the readers' rules watch,
// is a reader's lag behind its own cluster's volume, not this.
//
// Silence keeps the alarm's state rather than paging: a secondary promoted
// in a switchover stops reporting for good, and a dimension set that
// differs in some account would otherwise page from day one; a secondary
// that stops replicating shows as INSUFFICIENT_DATA on the dashboard and
// in the alarm list.
var globalReplicationRules = []rule{
	{metric: "AuroraGlobalDBReplicationLag", statistic: "Maximum", comparison: above, threshold: 5000, period: 60, evaluate: 5, breaching: 5, missing: silenceKeeps,
		action: "This secondary cluster has been more than 5 s behind the global database's primary region for 5 minutes: promoting it now would lose those writes. Check the primary's write load and the AWS Health Dashboard for either region."},
}

// clusterSubjects are a cluster's writer ("<key>-writer", but for a
// secondary) and readers ("<key>-readers"), and a secondary's replication
// from the primary's region ("<key>").
func clusterSubjects(key string, c ClusterTarget) []subject {
	role := func(r string) pulumi.StringMap {
		return pulumi.StringMap{"DBClusterIdentifier": c.ClusterID, "Role": pulumi.String(r)}
	}
	var out []subject
	if !c.Secondary {
		out = append(out, subject{key: key + "-writer", dimensions: role("WRITER"), rules: clusterWriterRules(c)})
	}
	out = append(out, subject{key: key + "-readers", dimensions: role("READER"), rules: clusterReaderRules})
	if c.Secondary {
		out = append(out, subject{key: key, dimensions: pulumi.StringMap{"DBClusterIdentifier": c.ClusterID, "SourceRegion": pulumi.String(c.SourceRegion)}, rules: globalReplicationRules})
	}
	return out
}
