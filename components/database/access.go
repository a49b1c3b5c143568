package database

import (
	"fmt"
	"slices"
	"strings"

	"github.com/millionstack/millionstack/internal/policy"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// connectPolicy renders the rds-db:connect policy for user once the
// instances' ARN and resource IDs are known. The rds-db ARN has the
// partition, region and account of the primary's ARN
// (arn:<partition>:rds:<region>:<account>:db:<identifier>).
func connectPolicy(primaryARN, primaryID pulumi.StringOutput, replicaIDs pulumi.StringArrayOutput, user string) pulumi.StringOutput {
	return pulumi.All(primaryARN, primaryID, replicaIDs).ApplyT(func(v []interface{}) (string, error) {
		return connectDocument(v[0].(string), append([]string{v[1].(string)}, v[2].([]string)...), user)
	}).(pulumi.StringOutput)
}

// clusterConnectPolicy renders the rds-db:connect policy for user (an
// output: a secondary's user is its primary's, once bootstrapped) on
// cluster c, whose ARN (arn:<partition>:rds:<region>:<account>:cluster:<id>)
// gives the rds-db ARN its partition, region and account.
func clusterConnectPolicy(c *Cluster, user pulumi.StringOutput) pulumi.StringOutput {
	return pulumi.All(c.ARN, c.ResourceID, user).ApplyT(func(v []interface{}) (string, error) {
		return connectDocument(v[0].(string), []string{v[1].(string)}, v[2].(string))
	}).(pulumi.StringOutput)
}

// connectDocument is the policy document that allows rds-db:connect as
// user on each of resourceIDs, in the partition, region and account of
// arn, an RDS instance's or cluster's ARN.
func connectDocument(arn string, resourceIDs []string, user string) (string, error) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return "", fmt.Errorf("ConnectPolicy: %q is not an RDS ARN", arn)
	}
	var users []string
	for _, id := range resourceIDs {
		users = append(users, fmt.Sprintf("arn:%s:rds-db:%s:%s:dbuser:%s/%s", parts[1], parts[3], parts[4], id, user))
	}
	return policy.Document{Statement: []policy.Statement{{
		Sid:      "IAMDatabaseAuthentication",
		Effect:   "Allow",
		Action:   "rds-db:connect",
		Resource: users,
	}}}.JSON()
}

// maxListedClusters is the most clusters ClustersConnectPolicy names one by
// one: each takes about 90 characters of a role's inline policies, which
// IAM caps at 10,240 characters per role (IAM user guide, "IAM and AWS STS
// quotas": role policy size). Past it the policy names every cluster of
// the account and region, still as the one user only.
const maxListedClusters = 16

// ClustersConnectPolicy returns one IAM policy document that lets its
// holder log in as user, with IAM database authentication, to every one of
// clusters (Cluster.ConnectPolicy for all of them at once, each by its
// resource ID), for an app that uses many: one document instead of one per
// cluster keeps a role's policies within IAM's size limit, and past
// maxListedClusters clusters it names them all by wildcard
// (dbuser:cluster-*/<user>), once per region the clusters are in. The
// user follows AppUser's rules, as in ConnectPolicy.
func ClustersConnectPolicy(user string, clusters ...*Cluster) pulumi.StringOutput {
	if err := checkPolicyUser("database.ClustersConnectPolicy", user); err != nil {
		return failed(err)
	}
	var inputs []interface{}
	for _, c := range clusters {
		inputs = append(inputs, c.ARN, c.ResourceID)
	}
	return pulumi.All(inputs...).ApplyT(func(v []interface{}) (string, error) {
		var resources []string
		for i := 0; i < len(v); i += 2 {
			arn, id := v[i].(string), v[i+1].(string)
			parts := strings.SplitN(arn, ":", 6) // arn:<partition>:rds:<region>:<account>:cluster:<id>
			if len(parts) < 6 {
				return "", fmt.Errorf("%q is not a cluster ARN", arn)
			}
			if len(clusters) > maxListedClusters {
				id = "cluster-*"
			}
			// Clusters of two regions, in any order (a stage's second
			// region passes each primary next to its secondary), share
			// their region's wildcard: each resource is named once, or
			// the copies would take the room the limit leaves.
			resource := fmt.Sprintf("arn:%s:rds-db:%s:%s:dbuser:%s/%s", parts[1], parts[3], parts[4], id, user)
			if !slices.Contains(resources, resource) {
				resources = append(resources, resource)
			}
		}
		return policy.Document{Statement: []policy.Statement{{
			Sid: "IAMDatabaseAuthentication", Effect: "Allow", Action: "rds-db:connect", Resource: resources,
		}}}.JSON()
	}).(pulumi.StringOutput)
}
