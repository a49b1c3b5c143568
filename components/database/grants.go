package database

import (
	"strconv"

	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/internal/admission"
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// What the database's consumers need, in the shape every component of
// millionstack offers: policy documents (JSON) a consumer attaches to a
// role of its own, network admission of a caller, and the targets of the
// alarms (components/monitoring).

// ConnectPolicy returns an IAM policy document that lets its holder log in
// as user with IAM database authentication, on the primary and on every
// read replica, and nothing else: rds-db:connect on
// arn:<partition>:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<user>
// for each instance (RDS user guide, Creating and using an IAM policy for
// IAM database access). An instance's DbiResourceId never changes, unlike
// its identifier or address. The user must exist in the database and, on
// PostgreSQL, be a member of rds_iam (DatabaseArgs.AppUser does both); its
// name follows the rules of AppUser, so that it means the same in the
// policy as in SQL: a name that breaks them makes the output fail, and so
// the deployment that uses it, saying which rule. AppConnectPolicyJSON is
// this for AppUser.
func (db *Database) ConnectPolicy(user string) pulumi.StringOutput {
	if err := checkPolicyUser(validate.Scope("database", db.name), user); err != nil {
		return failed(err)
	}
	return connectPolicy(db.ARN, db.ResourceID, db.ReplicaResourceIDs, user)
}

// ReadSecretPolicy returns an IAM policy document that lets its holder read
// the master user's secret (MasterSecretARN: secretsmanager:GetSecretValue
// and DescribeSecret on it alone): for operators' tooling, which logs in
// as the master user. The application needs none of it: it logs in as
// AppUser with IAM tokens (ConnectPolicy). The secret is encrypted with
// Secrets Manager's AWS managed key, whose use through Secrets Manager
// needs no KMS permission of the reader.
func (db *Database) ReadSecretPolicy() pulumi.StringOutput {
	return readSecretPolicy(db.MasterSecretARN)
}

// AllowFrom admits the security group securityGroupID, known as name, on
// the engine port: the ingress rule `<database>-from-<name>`, a child of
// the database, as AllowedSecurityGroups' are. For callers made after the
// database (a service of another stack, a bastion). Refused when the
// database stands behind ExistingSecurityGroupID (a group of your own is
// yours to open), and for a name already admitted or taken by the
// component's own functions ("bootstrap", "rotation").
func (db *Database) AllowFrom(name string, securityGroupID pulumi.StringInput) error {
	return db.admission.AllowFrom(name, securityGroupID)
}

// AlarmTarget is what components/monitoring watches of the database
// (monitoring.MonitoringArgs.Database): the primary and the read replicas,
// keyed "1" to "N" in replica order, with the storage and connection
// limits the thresholds derive from.
func (db *Database) AlarmTarget() *monitoring.DatabaseTarget {
	replicas := map[string]pulumi.StringInput{}
	for i := 0; i < db.ReadReplicas; i++ {
		replicas[strconv.Itoa(i+1)] = db.ReplicaIDs.Index(pulumi.Int(i))
	}
	return &monitoring.DatabaseTarget{
		InstanceID: db.InstanceID, ReplicaIDs: replicas, AllocatedStorageGiB: db.AllocatedStorageGiB,
		MaxConnections: db.MaxConnections, ReplicaMaxConnections: db.ReplicaMaxConnections,
	}
}

// checkPolicyUser checks a user named in a connect policy with AppUser's
// rules; scope names the database (validate.Scope) or the function asked.
func checkPolicyUser(scope, user string) error {
	p := validate.In(scope)
	checkAppName(p, "ConnectPolicy user", userName, user)
	return p.Err()
}

// failed is an output that fails with err: a grant asked for with a bad
// argument fails the deployment that uses it, with the message.
func failed(err error) pulumi.StringOutput {
	return pulumi.String("").ToStringOutput().ApplyT(func(string) (string, error) { return "", err }).(pulumi.StringOutput)
}

// readSecretPolicy lets its holder read the secret secretARN and nothing
// else.
func readSecretPolicy(secretARN pulumi.StringOutput) pulumi.StringOutput {
	return secretARN.ApplyT(func(arn string) (string, error) {
		return policy.Document{Statement: []policy.Statement{{
			Sid:      "ReadMasterSecret",
			Effect:   "Allow",
			Action:   []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"},
			Resource: arn,
		}}}.JSON()
	}).(pulumi.StringOutput)
}

// newAdmission is the AllowFrom of the database name (scope "database"),
// on its security group groupID, nil when the group is the user's own:
// internal/admission, as every component that owns a group offers it, with
// the names AllowedSecurityGroups and the component's own functions took.
func newAdmission(ctx *pulumi.Context, scope, name string, at site, groupID pulumi.StringOutput, component pulumi.Resource) *admission.Group {
	taken := map[string]bool{}
	for key := range at.allowed {
		taken[key] = true
	}
	for _, key := range ownCallers {
		taken[key] = true
	}
	g := &admission.Group{
		Ctx: ctx, Scope: validate.Scope(scope, name), Name: name, Component: component,
		What: "the database's security group", Existing: "ExistingSecurityGroupID",
		Port: at.port, Tags: at.tags, Taken: taken,
	}
	if at.existing.securityGroupID == nil {
		g.GroupID = groupID
	}
	return g
}
