package database

import (
	"fmt"
	"strings"

	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ConnectPolicyJSON returns an IAM policy document that lets its holder log
// in as user with IAM database authentication, on the primary and on every
// read replica, and nothing else: rds-db:connect on
// arn:<partition>:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<user>
// for each instance (RDS user guide, Creating and using an IAM policy for
// IAM database access). An instance's DbiResourceId never changes, unlike
// its identifier or address. The user must exist in the database and, on
// PostgreSQL, be a member of rds_iam (DatabaseArgs.AppUser does both); its
// name follows the rules of AppUser, so that it means the same in the
// policy as in SQL. Database.AppConnectPolicyJSON is this for AppUser.
func (db *Database) ConnectPolicyJSON(user string) (pulumi.StringOutput, error) {
	p := validate.For("database")
	checkAppName(p, "ConnectPolicyJSON user", userName, user)
	if err := p.Err(); err != nil {
		return pulumi.StringOutput{}, err
	}
	return connectPolicy(db.ARN, db.ResourceID, db.ReplicaResourceIDs, user), nil
}

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
