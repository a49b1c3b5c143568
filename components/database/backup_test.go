package database_test

import (
	"fmt"
	"testing"

	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// BackupTags go on the primary and nowhere else: a backup plan selecting by
// them backs up the data, not the replicas (which hold none of their own),
// the secret, the security group or the parameter group.
func TestBackupTagsAreOnThePrimaryOnly(t *testing.T) {
	args := baseArgs()
	args.ReadReplicas = 1
	args.MasterPassword = database.MasterPasswordStored
	args.Tags = map[string]string{"team": "data"}
	args.BackupTags = map[string]pulumi.StringInput{"millionstack:backup": pulumi.String("backup-vault")}
	inv, _ := record(t, args)

	primary := millionstacktest.Named(t, inv, instanceType, "db")
	assert.Equal(t, "backup-vault", primary.String("tags.millionstack:backup"))
	assert.Equal(t, "data", primary.String("tags.team"))
	assert.Equal(t, "db", primary.String("tags.Name"))
	for _, r := range inv.Cloud() {
		if r.URN != primary.URN {
			assert.NotContains(t, fmt.Sprint(r.Plain()), "backup-vault", "%s %s carries the backup tag", r.Type, r.Name)
		}
	}
}

// The logs each engine exports are named, for whatever sets their groups'
// retention.
func TestLogExportsAreNamed(t *testing.T) {
	for engine, want := range map[database.Engine][]string{"postgres": {"postgresql", "upgrade"}, "mysql": {"error", "slowquery"}} {
		args := baseArgs()
		args.Engine = engine
		var got []string
		millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
			db, err := database.NewDatabase(ctx, "db", args)
			if err == nil {
				got = db.LogExports
			}
			return err
		}, millionstacktest.Options{})
		assert.Equal(t, want, got, engine)
		inv, _ := record(t, args)
		assert.Equal(t, toInterfaces(want), millionstacktest.Input(t, millionstacktest.Named(t, inv, instanceType, "db"), "enabledCloudwatchLogsExports"), engine)
	}
}

func TestBackupTagsAreValidated(t *testing.T) {
	args := baseArgs()
	args.BackupTags = map[string]pulumi.StringInput{"aws:backup": pulumi.String("x")}
	_, _, err := run(args)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `BackupTags: key "aws:backup" uses the reserved prefix`)
}

func toInterfaces(s []string) []interface{} {
	out := make([]interface{}, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
