// Package tests holds the cross-stage suite: every stage runs under Pulumi's
// mock engine, with and without config; upgrades between consecutive stages
// keep every stateful resource; bad config is rejected before anything is
// registered; and the offline command does what its help says.
package tests

import (
	"testing"

	"github.com/millionstack/millionstack/internal/plan"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/stretchr/testify/require"
)

// record runs a stage on a stack of its own name with the given config and
// fails the test if the program fails.
func record(t testing.TB, stage string, config map[string]string) *millionstacktest.Inventory {
	t.Helper()
	inv, err := plan.Record(stage, stage, config)
	require.NoError(t, err, "stage %s", stage)
	return inv
}

// types returns the set of resource types an inventory holds.
func types(inv *millionstacktest.Inventory) map[string]int {
	out := map[string]int{}
	for _, r := range inv.Resources {
		out[r.Type]++
	}
	return out
}

const (
	tNetwork    = "millionstack:network:Network"
	tHost       = "millionstack:host:Host"
	tDatabase   = "millionstack:database:Database"
	tWeb        = "millionstack:webtier:WebTier"
	tCache      = "millionstack:cache:Cache"
	tCDN        = "millionstack:cdn:CDN"
	tSessions   = "millionstack:sessions:Store"
	tMonitoring = "millionstack:monitoring:Monitoring"
	tFirewall   = "millionstack:firewall:WebACL"
	tBudget     = "millionstack:budget:Budget"
	tFunction   = "millionstack:function:Function"
	tTopic      = "millionstack:messaging:Topic"
	tFlow       = "millionstack:messaging:Flow"
	tAppConfig  = "millionstack:appconfig:Config"
	tZone       = "millionstack:dns:Zone"
	tCert       = "millionstack:dns:Certificate"
	tRecords    = "millionstack:dns:Records"

	tRDS      = "aws:rds/instance:Instance"
	tSubnet   = "aws:ec2/subnet:Subnet"
	tNAT      = "aws:ec2/natGateway:NatGateway"
	tEC2      = "aws:ec2/instance:Instance"
	tASG      = "aws:autoscaling/group:Group"
	tPolicy   = "aws:autoscaling/policy:Policy"
	tRG       = "aws:elasticache/replicationGroup:ReplicationGroup"
	tRecord   = "aws:route53/record:Record"
	tACM      = "aws:acm/certificate:Certificate"
	tAlarm    = "aws:cloudwatch/metricAlarm:MetricAlarm"
	tBucket   = "aws:s3/bucketV2:BucketV2"
	tQueue    = "aws:sqs/queue:Queue"
	tLambda   = "aws:lambda/function:Function"
	tESM      = "aws:lambda/eventSourceMapping:EventSourceMapping"
	tTable    = "aws:dynamodb/table:Table"
	tWebACL   = "aws:wafv2/webAcl:WebAcl"
	tLB       = "aws:lb/loadBalancer:LoadBalancer"
	tFnURL    = "aws:lambda/functionUrl:FunctionUrl"
	tParam    = "aws:ssm/parameter:Parameter"
	tTrail    = "aws:cloudtrail/trail:Trail"
	tDash     = "aws:cloudwatch/dashboard:Dashboard"
	tEIP      = "aws:ec2/eip:Eip"
	tVolume   = "aws:ebs/volume:Volume"
	tCF       = "aws:cloudfront/distribution:Distribution"
	tXRayRule = "aws:xray/samplingRule:SamplingRule"

	tAuroraCluster  = "aws:rds/cluster:Cluster"
	tAuroraInstance = "aws:rds/clusterInstance:ClusterInstance"
	tGlobalCluster  = "aws:rds/globalCluster:GlobalCluster"
	tTableReplica   = "aws:dynamodb/tableReplica:TableReplica"
	tClusterComp    = "millionstack:database:Cluster"
)
