package main

import (
	"testing"

	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	vpc   = "vpc-0123456789abcdef0"
	group = "sg-0123456789abcdef0"
	key   = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// stackConfig is a complete stack config, as `pulumi config set` would write it.
func stackConfig() map[string]string {
	return map[string]string{
		"database-existing-vpc:vpcId":             vpc,
		"database-existing-vpc:databaseSubnetIds": `["subnet-0123456789abcdef0","subnet-0123456789abcdef1"]`,
		"database-existing-vpc:securityGroupId":   group,
		"database-existing-vpc:kmsKeyArn":         key,
		"database-existing-vpc:appRoleName":       "orders-app",
	}
}

// The database stands on what the config names: no VPC, subnet or group of
// its own, your key on the storage, and your role granted the login.
func TestDatabaseInYourVPC(t *testing.T) {
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev", Project: "database-existing-vpc", Config: stackConfig()})
	require.NoError(t, err)
	assert.Empty(t, inv.ByType("aws:ec2/vpc:Vpc"))
	assert.Empty(t, inv.ByType("aws:ec2/subnet:Subnet"))
	primary := millionstacktest.Named(t, inv, "aws:rds/instance:Instance", "orders")
	assert.Equal(t, key, primary.String("kmsKeyId"))
	assert.Equal(t, true, millionstacktest.Value(primary, "storageEncrypted"))
	assert.Equal(t, []interface{}{group}, millionstacktest.Value(primary, "vpcSecurityGroupIds"))
	assert.Equal(t, "db.t4g.micro", primary.String("instanceClass"))
	for _, sg := range inv.ByType("aws:ec2/securityGroup:SecurityGroup") {
		assert.Equal(t, vpc, sg.String("vpcId"), sg.Name)
		assert.NotEqual(t, "orders", sg.Name, "the database stands behind your group")
	}
	subnets := millionstacktest.Named(t, inv, "aws:rds/subnetGroup:SubnetGroup", "orders")
	assert.Equal(t, []interface{}{"subnet-0123456789abcdef0", "subnet-0123456789abcdef1"}, millionstacktest.Value(subnets, "subnetIds"))

	grant := millionstacktest.Named(t, inv, "aws:iam/rolePolicy:RolePolicy", "orders-connect")
	assert.Equal(t, "orders-app", grant.String("role"))
	statements := millionstacktest.Statements(t, grant, "policy")
	require.Len(t, statements, 1)
	assert.Equal(t, "rds-db:connect", statements[0]["Action"])
	assert.Equal(t, []interface{}{"arn:aws:rds-db:us-east-1:123456789012:dbuser:" + primary.Outputs["resourceId"].StringValue() + "/app_user"}, statements[0]["Resource"])
}

// The stack breaks no rule the provider would enforce at `pulumi up`.
func TestDatabaseInYourVPCBreaksNoProviderRule(t *testing.T) {
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev", Project: "database-existing-vpc", Config: stackConfig()})
	require.NoError(t, err)
	millionstacktest.NoViolations(t, inv)
}

// Without its config the program says what is missing, all at once, and
// registers nothing; a key of another region is refused by the component.
func TestMissingAndWrongConfig(t *testing.T) {
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev", Project: "database-existing-vpc"})
	millionstacktest.Rejected(t, inv, err, "missing config", "vpcId:", "databaseSubnetIds:", "securityGroupId:", "kmsKeyArn:", "appRoleName:")
	wrong := stackConfig()
	wrong["database-existing-vpc:kmsKeyArn"] = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	inv, err = millionstacktest.Record(program, millionstacktest.Options{Stack: "dev", Project: "database-existing-vpc", Config: wrong})
	millionstacktest.Rejected(t, inv, err, `ExistingKMSKeyARN: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" is in eu-west-1; allowed: a KMS key (its key ARN, not an alias) in us-east-1`)
}
