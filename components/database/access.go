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
		parts := strings.SplitN(v[0].(string), ":", 6)
		if len(parts) < 6 || parts[0] != "arn" {
			return "", fmt.Errorf("database: %q is not an RDS instance ARN", v[0])
		}
		var users []string
		for _, id := range append([]string{v[1].(string)}, v[2].([]string)...) {
			users = append(users, fmt.Sprintf("arn:%s:rds-db:%s:%s:dbuser:%s/%s", parts[1], parts[3], parts[4], id, user))
		}
		return policy.Document{Statement: []policy.Statement{{
			Sid:      "IAMDatabaseAuthentication",
			Effect:   "Allow",
			Action:   "rds-db:connect",
			Resource: users,
		}}}.JSON()
	}).(pulumi.StringOutput)
}
