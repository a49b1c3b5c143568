package validate_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/millionstack/millionstack/internal/validate"
)

// A data store's key is named by its key ARN in the store's region; names
// of groups and vaults follow their service's rules. Outputs are AWS's to
// judge.
func TestDataTierNamesAndKeys(t *testing.T) {
	unknown := pulumi.String("nope").ToStringOutput()
	runChecks(t, []check{
		{"key", func(p *validate.Problems) { p.KeyARN("K", pulumi.String(keyARN), "us-east-1") }, true},
		{"key multi-Region", func(p *validate.Problems) { p.KeyARN("K", pulumi.String(mrkARN), "us-east-1") }, true},
		{"key alias", func(p *validate.Problems) { p.KeyARN("K", pulumi.String(aliasARN), "us-east-1") }, false},
		{"key other region", func(p *validate.Problems) { p.KeyARN("K", pulumi.String(keyARN), "eu-west-1") }, false},
		{"key region unknown", func(p *validate.Problems) { p.KeyARN("K", pulumi.String(keyARN), "") }, true},
		{"key of a role", func(p *validate.Problems) { p.KeyARN("K", pulumi.String(roleARN), "") }, false},
		{"key id", func(p *validate.Problems) { p.KeyARN("K", pulumi.String("1234abcd-12ab-34cd-56ef-1234567890ab"), "") }, false},
		{"key output", func(p *validate.Problems) { p.KeyARN("K", unknown, "us-east-1") }, true},
		{"subnet group", func(p *validate.Problems) { p.Name("N", pulumi.String("orders db_1.a"), validate.DBSubnetGroup) }, true},
		{"subnet group default", func(p *validate.Problems) { p.Name("N", pulumi.String("default"), validate.DBSubnetGroup) }, false},
		{"subnet group slash", func(p *validate.Problems) { p.Name("N", pulumi.String("a/b"), validate.DBSubnetGroup) }, false},
		{"parameter group", func(p *validate.Problems) { p.Name("N", pulumi.String("orders-pg16"), validate.DBParameterGroup) }, true},
		{"parameter group digit first", func(p *validate.Problems) { p.Name("N", pulumi.String("16-orders"), validate.DBParameterGroup) }, false},
		{"parameter group double hyphen", func(p *validate.Problems) { p.Name("N", pulumi.String("a--b"), validate.DBParameterGroup) }, false},
		{"parameter group trailing hyphen", func(p *validate.Problems) { p.Name("N", pulumi.String("a-"), validate.DBParameterGroup) }, false},
		{"cache subnet group upper", func(p *validate.Problems) { p.Name("N", pulumi.String("Cache"), validate.CacheSubnetGroup) }, false},
		{"vault", func(p *validate.Problems) { p.Name("N", pulumi.String("prod_backups-1"), validate.BackupVault) }, true},
		{"vault short", func(p *validate.Problems) { p.Name("N", pulumi.String("a"), validate.BackupVault) }, false},
		{"name output", func(p *validate.Problems) { p.Name("N", unknown, validate.BackupVault) }, true},
	})
}

// The message names the field, the value and what is allowed.
func TestNameMessage(t *testing.T) {
	p := validate.For("database", "orders")
	p.Name("ExistingParameterGroupName", pulumi.String("pg_16"), validate.DBParameterGroup)
	p.KeyARN("ExistingKMSKeyARN", pulumi.String(keyARN), "eu-west-1")
	err := p.Err()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `database "orders": ExistingParameterGroupName: "pg_16" is not the name of a DB parameter group; allowed: a letter, then letters, digits and single hyphens`)
	assert.Contains(t, err.Error(), `database "orders": ExistingKMSKeyARN: "`+keyARN+`" is in us-east-1; allowed: a KMS key (its key ARN, not an alias) in eu-west-1`)
}
