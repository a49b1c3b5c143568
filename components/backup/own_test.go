package backup_test

import (
	"testing"

	"github.com/millionstack/millionstack/components/backup"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
)

const (
	ownKey  = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	ownRole = "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole"
)

// A vault of your own: no key, vault or lock of the component's; the rules
// back up into your vault, the selection selects by its name, and the
// outputs name it. The role may be yours too: no role, no attachments.
func TestBackUpIntoAVaultOfYourOwnAsYourRole(t *testing.T) {
	var p *backup.Plan
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) (err error) {
		p, err = backup.NewPlan(ctx, "backup", backup.PlanArgs{ExistingVaultName: pulumi.String("prod-backups"), ExistingRoleARN: pulumi.String(ownRole)})
		return err
	}, millionstacktest.Options{})
	assert.Empty(t, inv.ByType(typeKey))
	assert.Empty(t, inv.ByType(typeVault))
	assert.Empty(t, inv.ByType(typeRole))
	assert.Empty(t, inv.ByType(typeAttachment))
	plan := millionstacktest.Only(t, inv, typePlan)
	assert.Equal(t, "prod-backups", rule(t, plan, "daily")["targetVaultName"])
	selection := millionstacktest.Only(t, inv, typeSelection)
	assert.Equal(t, ownRole, selection.String("iamRoleArn"))
	assert.Equal(t, "prod-backups", selection.String("conditions[0].stringEquals[0].value"))
	assert.Equal(t, "prod-backups", millionstacktest.Resolve(t, p.VaultName))
	assert.Equal(t, "prod-backups", millionstacktest.Resolve(t, p.SelectionTagValue))
	assert.Equal(t, "arn:aws:backup:us-east-1:123456789012:backup-vault:prod-backups", millionstacktest.Resolve(t, p.VaultARN))
	assert.Nil(t, p.Vault)
	assert.Nil(t, p.KMSKey)
	assert.Nil(t, p.Role)
	assert.NotNil(t, p.BackupPlan)
}

// A key of your own encrypts the vault the component creates; no key of
// its own.
func TestVaultWithAKeyOfYourOwn(t *testing.T) {
	inv, _ := mustRecord(t, backup.PlanArgs{ExistingKMSKeyARN: pulumi.String(ownKey)})
	assert.Empty(t, inv.ByType(typeKey))
	assert.Equal(t, ownKey, millionstacktest.Only(t, inv, typeVault).String("kmsKeyArn"))
}

// A vault of your own comes without a key or a lock of the component's;
// bad names, keys and roles are refused before anything is registered.
func TestResourcesOfYourOwnAreValidated(t *testing.T) {
	inv, _, err := record(t, backup.PlanArgs{
		ExistingVaultName: pulumi.String("a"),
		ExistingKMSKeyARN: pulumi.String("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
		ExistingRoleARN:   pulumi.String("AWSBackupDefaultServiceRole"),
		VaultLock:         true,
	})
	millionstacktest.Rejected(t, inv, err,
		`backup "backup": ExistingVaultName: "a" is not the name of a backup vault; allowed: 2 to 50 letters, digits, hyphens and underscores`,
		`backup "backup": ExistingVaultName and ExistingKMSKeyARN: the key of a vault of your own is the vault's; allowed: one of them`,
		`backup "backup": ExistingVaultName and VaultLock: the lock of a vault of your own is yours to set; allowed: one of them`,
		`backup "backup": ExistingKMSKeyARN: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" is in eu-west-1; allowed: a KMS key (its key ARN, not an alias) in us-east-1`,
		`backup "backup": ExistingRoleARN: "AWSBackupDefaultServiceRole" is not an ARN`,
	)
}
