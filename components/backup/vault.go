package backup

import (
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// vault is a backup vault and the key that encrypts it: its name and ARN,
// and the resources the component made (nil for yours).
type vault struct {
	name, arn pulumi.StringOutput
	key       *kms.Key
	vault     *backup.Vault
}

// mainVault is the vault the plan backs up into: ExistingVaultName, whose
// ARN is made of the plan's partition, region and account
// (arn:<partition>:backup:<region>:<account>:backup-vault:<name>, AWS
// Backup's ARN format), or the vault `<name>` the component creates, with
// its key or ExistingKMSKeyARN.
func (c *children) mainVault(name string, opts ...pulumi.ResourceOption) (*vault, error) {
	if existing := c.args.ExistingVaultName; existing != nil {
		arn := existing.ToStringOutput().ApplyT(func(n string) string {
			return c.here.ARN("backup", "backup-vault:"+n)
		}).(pulumi.StringOutput)
		return &vault{name: existing.ToStringOutput(), arn: arn}, nil
	}
	return c.vault(name, c.args.ExistingKMSKeyARN, opts...)
}

// vault creates the customer-managed key `<name>` (rotated yearly) and the
// vault `<name>` it encrypts, and, with VaultLock, the vault's lock
// `<name>`, all with opts (the copy region's provider for a copy vault).
//
// Key and vault are retained on delete: recovery points are data, and a
// `pulumi destroy` must not be the mistake backups fail to outlive (AWS
// refuses to delete a vault that holds recovery points anyway, and the key
// must outlive every recovery point it encrypts). Neither is ever replaced:
// the vault's name (auto-named once) and key never change, and both inputs
// force a new vault (terraform-provider-aws internal/service/backup/vault.go:
// name and kms_key_arn are ForceNew).
//
// The key policy lets the account administer and use the key through IAM,
// as AWS Backup's own documentation assumes: the backup role's managed
// policy (AWSBackupServiceRolePolicyForBackup) grants the KMS actions
// backups and copies need.
//
// With ownKey, a key of the user's own, no key is created and the vault is
// encrypted with that one.
func (c *children) vault(name string, ownKey pulumi.StringInput, opts ...pulumi.ResourceOption) (*vault, error) {
	kept := append(append([]pulumi.ResourceOption{}, opts...), pulumi.RetainOnDelete(true))
	var key *kms.Key
	var keyARN pulumi.StringOutput
	if ownKey != nil {
		keyARN = ownKey.ToStringOutput()
	} else {
		keyPolicy, err := policy.Document{Statement: []policy.Statement{{
			Sid: "AccountAdministersAndUsesKey", Effect: "Allow",
			Principal: map[string]interface{}{"AWS": c.here.Root()},
			Action:    "kms:*", Resource: "*",
		}}}.JSON()
		if err != nil {
			return nil, err
		}
		if key, err = kms.NewKey(c.ctx, name, &kms.KeyArgs{
			Description:          pulumi.String("Encrypts the recovery points of the " + name + " backup vault."),
			EnableKeyRotation:    pulumi.Bool(true),
			DeletionWindowInDays: pulumi.Int(30),
			Policy:               pulumi.String(keyPolicy),
			Tags:                 tagging.Named(name, c.args.Tags),
		}, kept...); err != nil {
			return nil, err
		}
		keyARN = key.Arn
	}
	v, err := backup.NewVault(c.ctx, name, &backup.VaultArgs{
		KmsKeyArn: keyARN,
		Tags:      tagging.Named(name, c.args.Tags),
	}, kept...)
	if err != nil {
		return nil, err
	}
	if c.args.VaultLock {
		if err := c.lock(name, v, opts...); err != nil {
			return nil, err
		}
	}
	return &vault{name: v.Name, arn: v.Arn, key: key, vault: v}, nil
}

// lock puts a governance-mode lock `<name>` on the vault: no changeableForDays,
// which is what makes it governance rather than compliance mode (pulumi-aws
// backup.VaultLockConfiguration: "If omitted creates a vault lock in
// `governance` mode"). Its minimum retention is the daily retention and its
// maximum the monthly one, so every backup and copy the plan makes fits in
// it (AWS Backup refuses a backup or copy job into a locked vault whose
// retention is outside the lock's range).
//
// Every argument of a lock forces a new one (terraform-provider-aws
// internal/service/backup/vault_lock_configuration.go: backup_vault_name,
// min_retention_days and max_retention_days are ForceNew), and old and new
// lock are the same vault's one configuration: created before the old one
// is deleted, as Pulumi replaces by default, the deletion would remove the
// new lock. So a retention change deletes the lock, then puts the new one.
func (c *children) lock(name string, v *backup.Vault, opts ...pulumi.ResourceOption) error {
	_, err := backup.NewVaultLockConfiguration(c.ctx, name, &backup.VaultLockConfigurationArgs{
		BackupVaultName:  v.Name,
		MinRetentionDays: pulumi.Int(c.args.DailyRetentionDays),
		MaxRetentionDays: pulumi.Int(c.args.monthlyRetentionDays()),
	}, append(append([]pulumi.ResourceOption{}, opts...), pulumi.DeleteBeforeReplace(true))...)
	return err
}
