package backup

import (
	"errors"
	"regexp"

	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PlanArgs configure a Plan. The zero value keeps a daily backup for 35
// days and a monthly one for 12 months, in the stack's region only.
type PlanArgs struct {
	// DailyRetentionDays is how long each daily backup is kept. Default 35;
	// allowed 1 to 36500.
	DailyRetentionDays int
	// MonthlyRetentionMonths is how long each monthly backup (taken on the
	// first of the month) is kept, in months of 365/12 days: 12 months keep
	// it 365 days. Default 12; allowed 1 to 1200, and at least as long as
	// DailyRetentionDays (a monthly backup kept less long than a daily one
	// keeps nothing the daily ones do not).
	MonthlyRetentionMonths int
	// CopyRegion copies every backup, with the same retention, to a vault
	// `<name>-copy-<region>` in that region (its own key, through a provider
	// with the stack's settings: internal/awsprovider), so a backup outlives
	// the loss of the stack's region. Default "": no copy. It must differ
	// from the region the plan deploys to. The copy vault is named by its
	// region: choosing another region later adds a vault there and keeps the
	// old one, with its recovery points, in AWS.
	CopyRegion string
	// VaultLock locks the vaults in governance mode: no recovery point can
	// be deleted, or given a retention outside the plan's (minimum
	// DailyRetentionDays, maximum the monthly retention), except by a
	// principal allowed backup:DeleteBackupVaultLockConfiguration, who can
	// remove the lock. Default false. (A compliance-mode lock, which nobody
	// can remove once its grace time is over, is not offered: a mistake in
	// it would outlive the account's owner.)
	VaultLock bool
	// Clusters also backs up the Aurora DB clusters that carry the plan's
	// tag, through a second selection `<name>-clusters` over
	// arn:<partition>:rds:*:*:cluster:*. Default false. A selection of its
	// own rather than one more type in the first selection: a selection
	// cannot be changed, only replaced (every argument of
	// aws_backup_selection is ForceNew, and AWS Backup has no
	// UpdateBackupSelection: terraform-provider-aws
	// internal/service/backup/selection.go), so switching this on adds a
	// selection and leaves the first one, and what it protects, alone.
	Clusters bool
	// Tags are applied to every taggable child, together with Name.
	Tags map[string]string

	// ExistingVaultName is a backup vault of your own, in the plan's
	// region, that the plan backs up into instead of the vault `<name>`
	// and its key the component creates. Default none. Not with
	// ExistingKMSKeyARN (the vault's key is the vault's) nor VaultLock
	// (the vault's lock is yours to set). Its name is then the value of
	// the selection tag (SelectionTagValue). Changing it replaces the
	// selection (every argument of a selection is ForceNew) and points the
	// plan's rules at the other vault.
	ExistingVaultName pulumi.StringInput
	// ExistingKMSKeyARN is a customer-managed KMS key of your own, by its
	// key ARN, in the plan's region, that encrypts the vault `<name>`
	// instead of the key the component creates. Default none. Its key
	// policy must let AWS Backup use it through the backup role
	// (kms:CreateGrant, kms:GenerateDataKey, kms:Decrypt, kms:Encrypt,
	// kms:DescribeKey, kms:ReEncrypt*: the permissions of the AWS managed
	// AWSBackupServiceRolePolicyForBackup, which the role has; AWS Backup
	// developer guide, "Encryption for backups in AWS Backup"). It must
	// outlive every recovery point it encrypts. Changing it replaces the
	// vault (kms_key_arn is ForceNew): choose it when the plan is made.
	ExistingKMSKeyARN pulumi.StringInput
	// ExistingRoleARN is the IAM role AWS Backup runs the selections as,
	// of your own, instead of the role `<name>` the component creates.
	// Default none. It must trust backup.amazonaws.com and carry the AWS
	// managed AWSBackupServiceRolePolicyForBackup and
	// AWSBackupServiceRolePolicyForRestores, or their permissions (AWS
	// Backup developer guide, "Default service role for AWS Backup").
	// Changing it replaces the selections.
	ExistingRoleARN pulumi.StringInput
}

// DefaultCopyRegion is the second region the stages copy backups to from
// 500k on (CopyRegion has no default: a copy is asked for).
const DefaultCopyRegion = "us-west-2"

// Defaults applied by WithDefaults.
const (
	DefaultDailyRetentionDays     = 35
	DefaultMonthlyRetentionMonths = 12
)

// Limits of the retentions: AWS Backup vault locks take a maximum retention
// of up to 36500 days (AWS Backup API reference,
// PutBackupVaultLockConfiguration, MaxRetentionDays), and the plan keeps
// both retentions within it whether the vault is locked or not.
const (
	maxRetentionDays = 36500
	maxMonths        = 1200
)

// WithDefaults returns a copy of a with every unset field at its documented default.
func (a PlanArgs) WithDefaults() PlanArgs {
	if a.DailyRetentionDays == 0 {
		a.DailyRetentionDays = DefaultDailyRetentionDays
	}
	if a.MonthlyRetentionMonths == 0 {
		a.MonthlyRetentionMonths = DefaultMonthlyRetentionMonths
	}
	return a
}

// monthlyRetentionDays is the monthly retention in days: months of 365/12
// days, rounded up (12 months are 365 days, 1 month is 31).
func (a PlanArgs) monthlyRetentionDays() int {
	return (a.MonthlyRetentionMonths*365 + 11) / 12
}

// awsRegion matches region names such as "us-west-2" and "us-gov-west-1".
var awsRegion = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)

// validate reports every problem with a (after WithDefaults) at once. The
// copy region is held against region, where the plan deploys, unless
// region is "" (not looked up): a copy in the same region survives nothing
// the original does not.
func (a PlanArgs) validate(name, region string) error {
	p := validate.For("backup", name)
	p.IntRange("DailyRetentionDays", a.DailyRetentionDays, 1, maxRetentionDays)
	p.IntRange("MonthlyRetentionMonths", a.MonthlyRetentionMonths, 1, maxMonths)
	p.Allows("MonthlyRetentionMonths", "a monthly retention at least as long as the daily one (DailyRetentionDays)").
		RefuseIf(a.MonthlyRetentionMonths >= 1 && a.DailyRetentionDays >= 1 && a.monthlyRetentionDays() < a.DailyRetentionDays,
			"%d months (%d days) is shorter than DailyRetentionDays %d", a.MonthlyRetentionMonths, a.monthlyRetentionDays(), a.DailyRetentionDays)
	shape := p.Allows("CopyRegion", `"" (no copy) or a region name such as "us-west-2"`)
	other := p.Allows("CopyRegion", "another region than the plan's, so that the copies outlive the loss of the plan's region")
	switch {
	case a.CopyRegion == "":
	case !awsRegion.MatchString(a.CopyRegion):
		shape.Refuse("%q is not an AWS region", a.CopyRegion)
	case a.CopyRegion == region:
		other.Refuse("%q is the region the plan deploys to", a.CopyRegion)
	}
	p.Name("ExistingVaultName", a.ExistingVaultName, validate.BackupVault)
	own := a.ExistingVaultName != nil
	p.Conflict("ExistingVaultName", "ExistingKMSKeyARN", own && a.ExistingKMSKeyARN != nil, "the key of a vault of your own is the vault's")
	p.Conflict("ExistingVaultName", "VaultLock", own && a.VaultLock, "the lock of a vault of your own is yours to set")
	p.KeyARN("ExistingKMSKeyARN", a.ExistingKMSKeyARN, region)
	p.RoleARN("ExistingRoleARN", a.ExistingRoleARN)
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included) that needs no lookup,
// without registering anything. ValidateIn also checks the copy region
// against the region the plan deploys to.
func (a PlanArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("backup", name), a.WithDefaults().validate(name, ""))
}

// ValidateIn reports every problem NewPlan would, the copy region included,
// asking the AWS provider that opts (the options NewPlan would get) select
// for its region; nothing is registered.
func (a PlanArgs) ValidateIn(ctx *pulumi.Context, name string, opts ...pulumi.ResourceOption) error {
	region, err := awsprovider.CurrentRegion(ctx, opts...)
	if err != nil {
		return err
	}
	return errors.Join(validate.ComponentName("backup", name), a.WithDefaults().validate(name, region))
}
