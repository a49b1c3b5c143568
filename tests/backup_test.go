package tests

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/backup"
	"github.com/millionstack/millionstack/internal/plan"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/millionstack/millionstack/stages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	tBackupPlan = "aws:backup/plan:Plan"
	tVault      = "aws:backup/vault:Vault"
	tSelection  = "aws:backup/selection:Selection"
	tVaultLock  = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
)

// selectedValue is the value of the backup tag the stage's selections
// select by: every selection of the plan selects by the same one.
func selectedValue(t *testing.T, inv *millionstacktest.Inventory) string {
	t.Helper()
	selection := millionstacktest.Named(t, inv, tSelection, "backup")
	require.Equal(t, "aws:ResourceTag/"+backup.SelectionTagKey, selection.String("conditions[0].stringEquals[0].key"))
	value := selection.String("conditions[0].stringEquals[0].value")
	for _, s := range inv.ByType(tSelection) {
		assert.Equal(t, selection.String("conditions"), s.String("conditions"), s.Name)
	}
	return value
}

// From stage 1 on, one backup plan covers exactly the stage's data stores:
// the tag it selects by is on the host's data volume, the RDS primary and
// the session table, and on nothing else (not the web tier's instances,
// not the buckets, not the replicas). From 500k backups are copied to a
// second region and both vaults are locked.
func TestEveryDataStoreAndNothingElseIsBackedUp(t *testing.T) {
	assert.Empty(t, record(t, "prelaunch", nil).ByType(tBackupPlan), "prelaunch has no data store")
	for _, name := range stages.Names()[1:] {
		t.Run(name, func(t *testing.T) {
			inv := record(t, name, nil)
			millionstacktest.Only(t, inv, tBackupPlan)
			value := selectedValue(t, inv)
			require.NotEmpty(t, value)
			assert.Equal(t, millionstacktest.Named(t, inv, tVault, "backup").Outputs["name"].StringValue(), value, "the value is the vault's name")

			var tagged []string
			for _, r := range inv.Cloud() {
				if r.String("tags."+backup.SelectionTagKey) == value {
					tagged = append(tagged, r.Type+" "+r.Name)
				}
				if strings.Contains(r.Type, "launchTemplate") || r.Type == tASG {
					assert.NotContains(t, fmt.Sprint(r.Plain()), backup.SelectionTagKey, "%s %s", r.Type, r.Name)
				}
			}
			var want []string
			if len(inv.ByType(tEC2)) > 0 {
				want = append(want, tVolume+" host-data")
			}
			if len(inv.ByType(tRDS)) > 0 {
				want = append(want, tRDS+" db")
			}
			for _, table := range inv.ByType(tTable) {
				want = append(want, tTable+" "+table.Name)
			}
			// At 10m the clusters that take writes (not their secondaries:
			// copies, as replicas are), in a selection of their own.
			var clusters []string
			for _, c := range inv.ByType(tAuroraCluster) {
				if inv.RegionOf(c) == inv.Region {
					want = append(want, tAuroraCluster+" "+c.Name)
					clusters = append(clusters, c.Name)
				}
			}
			assert.ElementsMatch(t, want, tagged)
			if len(clusters) > 0 {
				assert.Equal(t, []interface{}{"arn:aws:rds:*:*:cluster:*"}, millionstacktest.Value(millionstacktest.Named(t, inv, tSelection, "backup-clusters"), "resources"))
			}
			assert.Len(t, inv.ByType(tSelection), map[bool]int{true: 2, false: 1}[len(clusters) > 0])

			copies := slices.Index(stages.Names(), name) >= slices.Index(stages.Names(), "500k")
			assert.Equal(t, copies, len(inv.ByType(tVault)) == 2, "a copy vault from 500k on")
			assert.Equal(t, copies, len(inv.ByType(tVaultLock)) == 2, "both vaults locked from 500k on")
		})
	}
}

// The host's data volume is retained when the host retires at 1k, with its
// tag, and the plan that selects by that tag is still there, unchanged:
// the volume stays backed up until its owner deletes it.
func TestTheRetiredHostsVolumeStaysBackedUp(t *testing.T) {
	before, err := plan.Record("100", "100", nil)
	require.NoError(t, err)
	after, err := plan.Record("1k", "100", nil)
	require.NoError(t, err)

	volume := millionstacktest.Named(t, before, tVolume, "host-data")
	require.True(t, volume.RetainOnDelete)
	value := volume.String("tags." + backup.SelectionTagKey)
	require.NotEmpty(t, value)
	_, stillInStack := after.Named(tVolume, "host-data")
	assert.False(t, stillInStack, "the volume leaves the stack at 1k")
	assert.Equal(t, value, selectedValue(t, after), "the 1k plan still selects the retained volume's tag")

	d := plan.Compare(before, after)
	for _, e := range d.Entries {
		switch e.Type {
		case tVolume:
			assert.Equal(t, plan.Retain, e.Action, "the volume is kept in AWS")
		case tBackupPlan, tVault, tSelection:
			t.Errorf("%s %s changes at 1k: %s %+v", e.Type, e.Name, e.Action, e.Changes)
		}
	}
}

// The vault, its recovery points' home, is the same resource from stage 1
// to 1m: same URN, parent, name, key and provider (the diff compares no
// providers, so this is checked here). The copy vault appears at 500k and
// lives in the copy region.
func TestTheVaultNeverMoves(t *testing.T) {
	names := stages.Names()
	for i := 1; i+1 < len(names); i++ {
		from, to := names[i], names[i+1]
		a, err := plan.Record(from, from, nil)
		require.NoError(t, err)
		b, err := plan.Record(to, from, nil)
		require.NoError(t, err)
		next := b.ByURN()
		for _, v := range a.ByType(tVault) {
			n, ok := next[v.URN]
			if assert.True(t, ok, "%s->%s: vault %s is gone", from, to, v.Name) {
				assert.Equal(t, v.Parent, n.Parent)
				assert.Equal(t, v.Provider, n.Provider, "%s->%s: vault %s changes provider", from, to, v.Name)
				assert.Equal(t, v.String("kmsKeyArn"), n.String("kmsKeyArn"))
			}
		}
	}
	inv := record(t, "500k", nil)
	copyVault := millionstacktest.Named(t, inv, tVault, "backup-copy-us-west-2")
	assert.Contains(t, copyVault.Provider, "backup-us-west-2")
	assert.Equal(t, "us-west-2", millionstacktest.Named(t, inv, "pulumi:providers:aws", "backup-us-west-2").String("region"))
}

// The retentions and the copy region come from config.
func TestBackupConfigReachesThePlan(t *testing.T) {
	inv := record(t, "500k", map[string]string{
		"millionstack:backupDailyDays":     "14",
		"millionstack:backupMonthlyMonths": "24",
		"millionstack:backupCopyRegion":    "eu-west-1",
	})
	p := millionstacktest.Only(t, inv, tBackupPlan)
	assert.Equal(t, "14", p.String("rules[0].lifecycle.deleteAfter"))
	assert.Equal(t, "730", p.String("rules[1].lifecycle.deleteAfter"))
	millionstacktest.Named(t, inv, tVault, "backup-copy-eu-west-1")
	lock := millionstacktest.Named(t, inv, tVaultLock, "backup")
	assert.Equal(t, "14", lock.String("minRetentionDays"))
	assert.Equal(t, "730", lock.String("maxRetentionDays"))

	// Below 500k there is no copy to move: the key is ignored with a warning.
	assert.Len(t, record(t, "10", map[string]string{"millionstack:backupCopyRegion": "eu-west-1"}).ByType(tVault), 1)
}

// `plan` shows the backup plan's schedule and retention, and lists backup
// storage (and, from 500k, the copy's transfer) as usage with its price.
func TestPlanShowsTheBackupScheduleAndStorage(t *testing.T) {
	p, err := plan.Build("500k", nil)
	require.NoError(t, err)
	var out strings.Builder
	p.WriteTree(&out)
	text := out.String()
	for _, want := range []string{
		"backup:Plan backup  daily=cron(0 5 ? * * *) dailyKeepDays=35 monthly=cron(0 5 1 * ? *) monthlyKeepDays=365 copyTo=",
		"backup:VaultLockConfiguration backup  minDays=35 maxDays=365",
		"backup:Plan: EBS volume backups $0.05/GB-month, RDS backups $0.095/GB-month, DynamoDB backups $0.10/GB-month, transfer to the copy region $0.02/GB, copies stored in the copy region at the same rates",
	} {
		assert.Contains(t, text, want)
	}

	// At 10m the plan backs up the Aurora clusters too, at Aurora's rate.
	p, err = plan.Build("10m", nil)
	require.NoError(t, err)
	out.Reset()
	p.WriteTree(&out)
	assert.Contains(t, out.String(), "backup:Plan: EBS volume backups $0.05/GB-month, RDS backups $0.095/GB-month, DynamoDB backups $0.10/GB-month, Aurora backups $0.021/GB-month, transfer to the copy region $0.02/GB")
}

// A 500k stack in the default copy region must name another one: the
// check needs the stack's region, and runs before anything is registered.
func TestA500kStackInTheCopyRegionNamesAnother(t *testing.T) {
	inv, err := plan.Record("500k", "500k", map[string]string{"aws:region": "us-west-2"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `CopyRegion: "us-west-2" is the region the plan deploys to`)
	assert.Empty(t, inv.Cloud())

	inv = record(t, "500k", map[string]string{"aws:region": "us-west-2", "millionstack:backupCopyRegion": "us-east-1"})
	millionstacktest.Named(t, inv, tVault, "backup-copy-us-east-1")
}
