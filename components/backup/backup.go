// Package backup provides Plan: AWS Backup for every data store of a stack,
// kept long enough to outlive mistakes. A customer-managed KMS key encrypts
// a vault; a plan takes a backup every day (kept DailyRetentionDays) and on
// the first of every month (kept MonthlyRetentionMonths); a selection puts
// every EBS volume, RDS instance, DynamoDB table and EFS file system that
// carries the plan's tag under it. Optionally every backup is copied to a
// vault in a second region, and the vaults are locked in governance mode.
//
// The selection is by tag so that a data store stays covered for as long as
// it exists, in or out of the stack: the early stages' host data volume is
// retained in AWS when the host retires at 1k, and with the tag it keeps
// being backed up until its owner deletes it. The tag's key is
// SelectionTagKey and its value the vault's name, which AWS keeps unique
// in an account and region (CreateBackupVault refuses a second vault of
// the same name), so two stacks in one account never back up each other's
// data stores. Put the tag (Plan.DataStoreTags) on data stores only: the
// plan backs up everything that carries it.
package backup

import (
	"errors"
	"fmt"

	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// SelectionTagKey is the tag key the plan selects data stores by; the
// value is the plan's SelectionTagValue.
const SelectionTagKey = "millionstack:backup"

// PlanType is the Plan component's type token.
const PlanType = "millionstack:backup:Plan"

// Plan is a backup vault, its key, the backup plan and the selection that
// assigns the stack's data stores to it, and optionally a copy vault in a
// second region.
//
// Its main children are exported as an escape hatch: read their outputs
// or depend on them; change an input the component sets with
// pulumi.Transforms on the component.
type Plan struct {
	pulumi.ResourceState

	// Vault and KMSKey are the vault and its key, nil with
	// ExistingVaultName (KMSKey nil with ExistingKMSKeyARN too).
	Vault  *backup.Vault
	KMSKey *kms.Key
	// BackupPlan is the backup plan with its rules.
	BackupPlan *backup.Plan
	// Role is the role AWS Backup runs as, nil with ExistingRoleARN.
	Role *iam.Role

	// VaultName is the name of the vault the backups are kept in.
	VaultName pulumi.StringOutput `pulumi:"vaultName"`
	// VaultARN is the vault's ARN.
	VaultARN pulumi.StringOutput `pulumi:"vaultArn"`
	// CopyVaultARN is the ARN of the vault in CopyRegion, "" without a copy.
	CopyVaultARN pulumi.StringOutput `pulumi:"copyVaultArn"`
	// PlanID is the backup plan's ID.
	PlanID pulumi.StringOutput `pulumi:"planId"`
	// SelectionTagValue is the value of SelectionTagKey that puts a data
	// store under this plan: the vault's name.
	SelectionTagValue pulumi.StringOutput `pulumi:"selectionTagValue"`
}

// DataStoreTags are the tags that put a data store under the plan: give
// them to the data stores, and only them (host.HostArgs.BackupTags,
// database.DatabaseArgs.BackupTags, sessions.StoreArgs.BackupTags).
func (p *Plan) DataStoreTags() map[string]pulumi.StringInput {
	return map[string]pulumi.StringInput{SelectionTagKey: p.SelectionTagValue}
}

// NewPlan creates the plan named name. It applies the defaults documented
// on PlanArgs and validates them, the copy region against the region the
// plan deploys to, before it registers anything.
func NewPlan(ctx *pulumi.Context, name string, args PlanArgs, opts ...pulumi.ResourceOption) (*Plan, error) {
	args = args.WithDefaults()
	region, err := awsprovider.CurrentRegion(ctx, opts...)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(validate.ComponentName("backup", name), args.validate(name, region)); err != nil {
		return nil, err
	}
	plan := &Plan{}
	if err := ctx.RegisterComponentResource(PlanType, name, plan, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(plan)
	here, err := awsprovider.Where(ctx, parent)
	if err != nil {
		return nil, err
	}
	c := &children{ctx: ctx, name: name, args: args, here: here}

	main, err := c.mainVault(name, parent)
	if err != nil {
		return nil, err
	}
	plan.Vault, plan.KMSKey = main.vault, main.key
	plan.CopyVaultARN = pulumi.String("").ToStringOutput()
	var copyTo *vault
	if args.CopyRegion != "" {
		// The copy's key, vault and lock go through a provider for the copy
		// region carrying every other setting of the plan's provider.
		copyOpts, err := awsprovider.InRegion(ctx, plan, name, args.CopyRegion)
		if err != nil {
			return nil, err
		}
		if copyTo, err = c.vault(fmt.Sprintf("%s-copy-%s", name, args.CopyRegion), nil, copyOpts...); err != nil {
			return nil, err
		}
		plan.CopyVaultARN = copyTo.arn
	}
	backupPlan, err := c.plan(main, copyTo, parent)
	if err != nil {
		return nil, err
	}
	if plan.Role, err = c.selection(backupPlan, main, parent); err != nil {
		return nil, err
	}
	plan.BackupPlan = backupPlan

	plan.VaultName = main.name
	plan.VaultARN = main.arn
	plan.PlanID = backupPlan.ID().ToStringOutput()
	plan.SelectionTagValue = main.name
	return plan, ctx.RegisterResourceOutputs(plan, pulumi.Map{
		"vaultName":         plan.VaultName,
		"vaultArn":          plan.VaultARN,
		"copyVaultArn":      plan.CopyVaultARN,
		"planId":            plan.PlanID,
		"selectionTagValue": plan.SelectionTagValue,
	})
}

// children creates the Plan's child resources; it carries what every one of
// them needs.
type children struct {
	ctx  *pulumi.Context
	name string
	args PlanArgs
	here awsprovider.Place // where the plan deploys
}
