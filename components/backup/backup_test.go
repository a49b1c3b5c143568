package backup_test

import (
	"testing"

	"github.com/millionstack/millionstack/components/backup"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeComponent  = "millionstack:backup:Plan"
	typeKey        = "aws:kms/key:Key"
	typeVault      = "aws:backup/vault:Vault"
	typeLock       = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
	typePlan       = "aws:backup/plan:Plan"
	typeSelection  = "aws:backup/selection:Selection"
	typeRole       = "aws:iam/role:Role"
	typeAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	typeProvider   = "pulumi:providers:aws"
)

// outputs are what the component hands out, resolved by the mocks.
type outputs struct {
	vaultName, vaultARN, copyVaultARN, tagValue string
	tags                                        map[string]pulumi.StringInput
}

func record(t *testing.T, args backup.PlanArgs) (*millionstacktest.Inventory, *outputs, error) {
	t.Helper()
	out := &outputs{}
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		p, err := backup.NewPlan(ctx, "backup", args)
		if err != nil {
			return err
		}
		out.tags = p.DataStoreTags()
		pulumi.All(p.VaultName, p.VaultARN, p.CopyVaultARN, p.SelectionTagValue).ApplyT(func(v []interface{}) error {
			out.vaultName, out.vaultARN, out.copyVaultARN, out.tagValue = v[0].(string), v[1].(string), v[2].(string), v[3].(string)
			return nil
		})
		return nil
	}, millionstacktest.Options{})
	return inv, out, err
}

func mustRecord(t *testing.T, args backup.PlanArgs) (*millionstacktest.Inventory, *outputs) {
	t.Helper()
	inv, out, err := record(t, args)
	require.NoError(t, err)
	return inv, out
}

// rule returns the plan's rule named name.
func rule(t *testing.T, plan millionstacktest.Resource, name string) map[string]interface{} {
	t.Helper()
	rules, _ := plan.Input("rules")
	for _, r := range rules.([]interface{}) {
		if m := r.(map[string]interface{}); m["ruleName"] == name {
			return m
		}
	}
	t.Fatalf("no rule %q in %v", name, rules)
	return nil
}

// By default: a daily backup kept 35 days and a monthly one kept 12 months
// (365 days), into a vault encrypted with a rotated customer-managed key,
// in the stack's region only, without a lock.
func TestDefaultsKeepDailyFor35DaysAndMonthlyForAYear(t *testing.T) {
	inv, out := mustRecord(t, backup.PlanArgs{})
	component := millionstacktest.Named(t, inv, typeComponent, "backup")
	millionstacktest.ParentedTo(t, component, inv.Cloud()...)

	plan := millionstacktest.Named(t, inv, typePlan, "backup")
	daily, monthly := rule(t, plan, "daily"), rule(t, plan, "monthly")
	assert.Equal(t, "cron(0 5 ? * * *)", daily["schedule"])
	assert.Equal(t, map[string]interface{}{"deleteAfter": 35.0}, daily["lifecycle"])
	assert.Equal(t, "cron(0 5 1 * ? *)", monthly["schedule"])
	assert.Equal(t, map[string]interface{}{"deleteAfter": 365.0}, monthly["lifecycle"])
	for _, r := range []map[string]interface{}{daily, monthly} {
		assert.Equal(t, "backup", r["targetVaultName"])
		assert.Equal(t, 480.0, r["startWindow"], "8 hours, so RDS backup and maintenance windows are waited out")
		assert.Equal(t, 10080.0, r["completionWindow"])
		assert.Nil(t, r["copyActions"], "no copy without a copy region")
	}
	assert.Equal(t, "daily", plan.String("rules[0].ruleName"), "daily first, as plan highlights show it")

	key := millionstacktest.Named(t, inv, typeKey, "backup")
	assert.Equal(t, true, millionstacktest.Input(t, key, "enableKeyRotation"))
	vault := millionstacktest.Named(t, inv, typeVault, "backup")
	assert.Equal(t, "arn:aws:kms:us-east-1:123456789012:key/backup", vault.String("kmsKeyArn"))
	for _, r := range []millionstacktest.Resource{key, vault} {
		assert.True(t, r.RetainOnDelete, "%s: recovery points outlive a destroy", r.Type)
		assert.Empty(t, r.Provider, "%s: the stack's provider", r.Type)
	}
	assert.Empty(t, inv.ByType(typeLock))
	assert.Empty(t, inv.ByType(typeProvider))
	assert.Equal(t, "backup", out.vaultName)
	assert.Equal(t, "", out.copyVaultARN)
}

// The selection assigns the data stores of the four types that carry the
// plan's tag, whose value is the vault's name (unique in the account and
// region), and AWS Backup runs as a role with the managed backup and
// restore policies, attached before the selection is made.
func TestTheSelectionIsByTheVaultsTag(t *testing.T) {
	inv, out := mustRecord(t, backup.PlanArgs{})
	selection := millionstacktest.Named(t, inv, typeSelection, "backup")
	assert.Equal(t, "backup-id", selection.String("planId"))
	assert.Equal(t, "arn:aws:iam:us-east-1:123456789012:role/backup", selection.String("iamRoleArn"))
	assert.Equal(t, []interface{}{
		"arn:aws:ec2:*:*:volume/*", "arn:aws:rds:*:*:db:*", "arn:aws:dynamodb:*:*:table/*", "arn:aws:elasticfilesystem:*:*:file-system/*",
	}, millionstacktest.Input(t, selection, "resources"))
	assert.Equal(t, []interface{}{map[string]interface{}{"stringEquals": []interface{}{
		map[string]interface{}{"key": "aws:ResourceTag/millionstack:backup", "value": "backup"},
	}}}, millionstacktest.Input(t, selection, "conditions"))
	_, byTags := selection.Input("selectionTags")
	assert.False(t, byTags, "ListOfTags would OR with the resource types")

	assert.Equal(t, "backup", out.tagValue, "the tag value is the vault's name")
	require.Contains(t, out.tags, backup.SelectionTagKey)
	assert.Len(t, out.tags, 1)

	trust := millionstacktest.Statements(t, millionstacktest.Named(t, inv, typeRole, "backup"), "assumeRolePolicy")
	assert.Equal(t, map[string]interface{}{"Service": "backup.amazonaws.com"}, trust[0]["Principal"])
	for key, arn := range map[string]string{
		"backup-backup":   "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
		"backup-restores": "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
	} {
		attachment := millionstacktest.Named(t, inv, typeAttachment, key)
		assert.Equal(t, arn, attachment.String("policyArn"))
		assert.Contains(t, selection.Dependencies, attachment.URN)
	}
}

// Retentions are configurable: months count 365/12 days, rounded up.
func TestRetentionsAreConfigurable(t *testing.T) {
	inv, _ := mustRecord(t, backup.PlanArgs{DailyRetentionDays: 7, MonthlyRetentionMonths: 1})
	plan := millionstacktest.Named(t, inv, typePlan, "backup")
	assert.Equal(t, map[string]interface{}{"deleteAfter": 7.0}, rule(t, plan, "daily")["lifecycle"])
	assert.Equal(t, map[string]interface{}{"deleteAfter": 31.0}, rule(t, plan, "monthly")["lifecycle"])
}

// With a copy region every backup is copied, with its rule's retention, to
// a vault there, encrypted with a key there, both through a provider for
// that region; with VaultLock both vaults are locked in governance mode
// with the plan's range of retentions.
func TestCopyToASecondRegionAndLockInGovernanceMode(t *testing.T) {
	inv, out := mustRecord(t, backup.PlanArgs{CopyRegion: "us-west-2", VaultLock: true})
	provider := millionstacktest.Named(t, inv, typeProvider, "backup-us-west-2")
	assert.Equal(t, "us-west-2", provider.String("region"))

	copyKey := millionstacktest.Named(t, inv, typeKey, "backup-copy-us-west-2")
	copyVault := millionstacktest.Named(t, inv, typeVault, "backup-copy-us-west-2")
	for _, r := range []millionstacktest.Resource{copyKey, copyVault} {
		assert.Contains(t, r.Provider, "backup-us-west-2", "%s is created in the copy region", r.Type)
		assert.True(t, r.RetainOnDelete, r.Type)
	}
	assert.Equal(t, "arn:aws:kms:us-west-2:123456789012:key/backup-copy-us-west-2", copyVault.String("kmsKeyArn"))
	copyARN := "arn:aws:backup:us-west-2:123456789012:vault/backup-copy-us-west-2"
	assert.Equal(t, copyARN, out.copyVaultARN)

	plan := millionstacktest.Named(t, inv, typePlan, "backup")
	for name, days := range map[string]float64{"daily": 35, "monthly": 365} {
		assert.Equal(t, []interface{}{map[string]interface{}{
			"destinationVaultArn": copyARN,
			"lifecycle":           map[string]interface{}{"deleteAfter": days},
		}}, rule(t, plan, name)["copyActions"], name)
	}

	for name, provider := range map[string]string{"backup": "", "backup-copy-us-west-2": "backup-us-west-2"} {
		lock := millionstacktest.Named(t, inv, typeLock, name)
		assert.Equal(t, name, lock.String("backupVaultName"))
		assert.Equal(t, 35.0, millionstacktest.Input(t, lock, "minRetentionDays"), "no backup is kept shorter than a daily one")
		assert.Equal(t, 365.0, millionstacktest.Input(t, lock, "maxRetentionDays"), "nor longer than a monthly one")
		_, compliance := lock.Input("changeableForDays")
		assert.False(t, compliance, "governance mode: no changeableForDays")
		assert.True(t, lock.DeleteBeforeReplace, "a new lock replaces the old only once the old one is gone")
		if provider == "" {
			assert.Empty(t, lock.Provider)
		} else {
			assert.Contains(t, lock.Provider, provider)
		}
	}
}

// Bad retentions and copy regions are refused before anything is registered.
func TestInvalidArgsRegisterNothing(t *testing.T) {
	for name, c := range map[string]struct {
		args backup.PlanArgs
		want string
	}{
		"daily below a day":  {backup.PlanArgs{DailyRetentionDays: -1}, "DailyRetentionDays: -1 is out of range; allowed: 1 to 36500"},
		"monthly below 1":    {backup.PlanArgs{MonthlyRetentionMonths: -2}, "MonthlyRetentionMonths: -2 is out of range; allowed: 1 to 1200"},
		"monthly too long":   {backup.PlanArgs{MonthlyRetentionMonths: 1201}, "MonthlyRetentionMonths: 1201 is out of range"},
		"monthly too short":  {backup.PlanArgs{DailyRetentionDays: 400}, "MonthlyRetentionMonths: 12 months (365 days) is shorter than DailyRetentionDays 400"},
		"copy region format": {backup.PlanArgs{CopyRegion: "west"}, `CopyRegion: "west" is not an AWS region`},
		"copy region is the plan's": {backup.PlanArgs{CopyRegion: "us-east-1"},
			`CopyRegion: "us-east-1" is the region the plan deploys to; allowed: another region`},
		"tags": {backup.PlanArgs{Tags: map[string]string{"aws:x": "1"}}, `key "aws:x" uses the reserved prefix`},
	} {
		t.Run(name, func(t *testing.T) {
			inv, _, err := record(t, c.args)
			millionstacktest.Rejected(t, inv, err, c.want)
		})
	}
	// The copy region needs the plan's region; without it Validate checks the rest.
	assert.NoError(t, backup.PlanArgs{CopyRegion: "us-east-1"}.Validate("backup"))
	assert.Error(t, backup.PlanArgs{DailyRetentionDays: 400}.Validate("backup"))
}

// Clusters adds a selection of Aurora clusters by the same tag and leaves
// the first selection, which a change would replace, as it was.
func TestClustersGetASelectionOfTheirOwn(t *testing.T) {
	before, _ := mustRecord(t, backup.PlanArgs{})
	after, _ := mustRecord(t, backup.PlanArgs{Clusters: true})
	first := millionstacktest.Named(t, before, "aws:backup/selection:Selection", "backup")
	assert.Equal(t, first.Plain(), millionstacktest.Named(t, after, "aws:backup/selection:Selection", "backup").Plain(), "the first selection is unchanged")
	clusters := millionstacktest.Named(t, after, "aws:backup/selection:Selection", "backup-clusters")
	assert.Equal(t, []interface{}{"arn:aws:rds:*:*:cluster:*"}, millionstacktest.Value(clusters, "resources"))
	assert.Equal(t, first.String("conditions"), clusters.String("conditions"), "selected by the same tag")
	assert.Equal(t, first.String("iamRoleArn"), clusters.String("iamRoleArn"))
	assert.Equal(t, first.String("planId"), clusters.String("planId"))
	assert.Len(t, before.ByType("aws:backup/selection:Selection"), 1)
}
