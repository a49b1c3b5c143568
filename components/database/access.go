package database

import (
	"fmt"
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
		return "", fmt.Errorf("database: %q is not an RDS ARN", arn)
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
