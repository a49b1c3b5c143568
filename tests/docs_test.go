package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/millionstack/millionstack/components/cache"
	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/internal/componentdocs"
	"github.com/millionstack/millionstack/internal/stagedocs"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/millionstack/millionstack/stages"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The README documents every config key the stages read.
func TestReadmeListsEveryConfigKey(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	for _, k := range stages.ConfigKeys {
		assert.Contains(t, string(readme), "`"+k.Name+"`", "README does not mention config key %s", k.Name)
	}
}

// Every stack file names a stage that exists, and every millionstack key in
// it (set or shown commented out) is one the stages read: a typo there would
// be kept silently by Pulumi.
func TestStackFilesUseOnlyKnownKeys(t *testing.T) {
	files, err := filepath.Glob("../Pulumi.*.yaml")
	require.NoError(t, err)
	require.Len(t, files, len(stages.Names()), "one stack file per stage")
	key := regexp.MustCompile(`(millionstack:[A-Za-z]+):`)
	for _, f := range files {
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		stage := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml")
		assert.Contains(t, string(text), `millionstack:stage: "`+stage+`"`, f)
		_, err = stages.Describe(stage)
		assert.NoError(t, err, f)
		for _, m := range key.FindAllStringSubmatch(string(text), -1) {
			assert.True(t, stages.IsConfigKey(m[1]), "%s: %s is not a config key", f, m[1])
		}
	}
}

// componentReferences measures every component package once for the
// tests below (the probe records each component a few hundred times).
var componentReferences = sync.OnceValues(func() ([]*componentdocs.Reference, error) {
	return componentdocs.References("..")
})

// references returns the measured packages, stopping the test on error.
func references(t *testing.T) []*componentdocs.Reference {
	t.Helper()
	refs, err := componentReferences()
	require.NoError(t, err)
	return refs
}

// measured returns what the probe found for one field of one Args type.
func measured(t *testing.T, pkg, args, field string) componentdocs.FieldResult {
	t.Helper()
	for _, ref := range references(t) {
		if m := ref.Measured[args]; ref.Name == pkg && m != nil {
			for _, f := range m.Fields {
				if f.Field == field {
					return f
				}
			}
		}
	}
	t.Fatalf("no result for %s.%s.%s", pkg, args, field)
	return componentdocs.FieldResult{}
}

// The component reference (docs/components/*.md) and UPGRADE.md are what
// the generator writes today: regenerate with `go run ./cmd/millionstack
// docs` when this fails. One page per package, none left over from a
// package that is gone, each naming its generator on its first line.
func TestComponentReferenceIsCurrent(t *testing.T) {
	files := componentdocs.Files(references(t))
	stale, err := stagedocs.Stale("..", files)
	require.NoError(t, err)
	assert.Empty(t, stale, "stale generated files: run go run ./cmd/millionstack docs")
	orphans, err := componentdocs.Orphans("..", files)
	require.NoError(t, err)
	assert.Empty(t, orphans, "pages of packages that are gone: run go run ./cmd/millionstack docs")

	dirs, err := filepath.Glob("../components/*/")
	require.NoError(t, err)
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err == nil && info.IsDir() {
			assert.Contains(t, files, filepath.Join(componentdocs.Dir, filepath.Base(dir)+".md"), "a page for components/%s", filepath.Base(dir))
		}
	}
	for path, text := range files {
		assert.True(t, strings.HasPrefix(text, componentdocs.Header), "%s names its generator on the first line", path)
	}
}

// Two runs of the generator write the same files: the probe runs in
// parallel, maps are iterated, and none of it may show.
func TestComponentReferenceIsDeterministic(t *testing.T) {
	again, err := componentdocs.References("..")
	require.NoError(t, err)
	first, second := componentdocs.Files(references(t)), componentdocs.Files(again)
	for path := range first {
		assert.Equal(t, first[path], second[path], path)
	}
}

// Every Args type of every package has a registry entry (its fixture and
// alternates), so that a new component cannot be left out of the
// reference; the check names a type the registry lacks. And every
// exported field of every Args type has a result.
func TestRegistryCoversEveryArgsType(t *testing.T) {
	pkgs, err := componentdocs.Packages("..")
	require.NoError(t, err)
	unregistered, unknown := componentdocs.Missing(pkgs)
	assert.Empty(t, unregistered, "Args types without an entry in internal/componentdocs/registry.go")
	assert.Empty(t, unknown, "registry entries of no Args type")

	withNew := append(pkgs, &componentdocs.Package{Name: "search", Args: []*componentdocs.Struct{{Name: "IndexArgs"}}})
	unregistered, _ = componentdocs.Missing(withNew)
	assert.Equal(t, []string{"search.IndexArgs"}, unregistered)

	for _, ref := range references(t) {
		for _, a := range ref.Args {
			var fields, results []string
			for _, f := range a.Fields {
				fields = append(fields, f.Name)
			}
			for _, r := range ref.Measured[a.Name].Fields {
				results = append(results, r.Field)
			}
			assert.Equal(t, fields, results, "%s.%s: one result per field, in order", ref.Name, a.Name)
		}
	}
}

// replaced returns the effects of a field's changes that replace a
// resource of type typ.
func replaced(r componentdocs.FieldResult, typ string) []componentdocs.Effect {
	var out []componentdocs.Effect
	for _, trial := range r.Trials {
		for _, e := range trial.Effects {
			if e.Action == millionstacktest.Replace && e.Type == typ {
				out = append(out, e)
			}
		}
	}
	return out
}

// The probe measures what the provider's replace triggers say: a new port
// replaces the cache's replication group, a key of your own the
// database's instance, another engine too; more nodes or a bigger class
// are changed in place. UPGRADE.md lists the first and not the second.
func TestProbeFindsWhatReplaces(t *testing.T) {
	for _, c := range []struct{ pkg, args, field, typ, property string }{
		{"cache", "CacheArgs", "Port", "aws:elasticache/replicationGroup:ReplicationGroup", "port"},
		{"cache", "CacheArgs", "ExistingKMSKeyARN", "aws:elasticache/replicationGroup:ReplicationGroup", "kmsKeyId"},
		{"database", "DatabaseArgs", "ExistingKMSKeyARN", "aws:rds/instance:Instance", "kmsKeyId"},
		{"database", "DatabaseArgs", "Engine", "aws:rds/instance:Instance", "engine"},
		{"nosql", "TableArgs", "PartitionKey", "aws:dynamodb/table:Table", "hashKey"},
	} {
		r := measured(t, c.pkg, c.args, c.field)
		assert.Equal(t, componentdocs.Replaces, r.Outcome(), "%s.%s", c.args, c.field)
		effects := replaced(r, c.typ)
		if assert.NotEmpty(t, effects, "%s.%s replaces a %s", c.args, c.field, c.typ) {
			assert.Contains(t, effects[0].Properties, c.property)
			assert.True(t, effects[0].Stateful, "%s holds data", c.typ)
		}
	}
	for _, c := range []struct{ pkg, args, field string }{
		{"cache", "CacheArgs", "Nodes"},
		{"cache", "CacheArgs", "NodeType"},
		{"database", "DatabaseArgs", "InstanceClass"},
		{"database", "DatabaseArgs", "MultiAZ"},
	} {
		assert.Equal(t, componentdocs.InPlace, measured(t, c.pkg, c.args, c.field).Outcome(), "%s.%s", c.args, c.field)
	}

	upgrade := componentdocs.Files(references(t))[componentdocs.UpgradeFile]
	assert.Contains(t, upgrade, "(docs/components/cache.md#cacheargsport)")
	assert.NotContains(t, upgrade, "(docs/components/cache.md#cacheargsnodes)")
}

// The Default column holds what WithDefaults returns for the zero args,
// and nothing for a field it leaves unset; the Allowed column the
// constants of a typed setting.
func TestReferenceDefaultsComeFromWithDefaults(t *testing.T) {
	files := componentdocs.Files(references(t))
	cachePage := files[filepath.Join(componentdocs.Dir, "cache.md")]
	c := cache.CacheArgs{}.WithDefaults()
	assert.Contains(t, cachePage, fmt.Sprintf("| [`Port`](#cacheargsport) | `int` | `%d` |", c.Port))
	assert.Contains(t, cachePage, fmt.Sprintf("| [`NodeType`](#cacheargsnodetype) | `string` | `%q` |", c.NodeType))
	assert.Contains(t, cachePage, "| [`VpcID`](#cacheargsvpcid) | `pulumi.StringInput` |  |")
	assert.Contains(t, cachePage, fmt.Sprintf("`EngineRedis` (`%q`), `EngineValkey` (`%q`)", cache.EngineRedis, cache.EngineValkey))

	dbPage := files[filepath.Join(componentdocs.Dir, "database.md")]
	db := database.DatabaseArgs{}.WithDefaults()
	assert.Contains(t, dbPage, fmt.Sprintf("| [`DeletionProtection`](#databaseargsdeletionprotection) | `*bool` | `%t` |", *db.DeletionProtection))
	assert.Contains(t, dbPage, fmt.Sprintf("| [`MonitoringIntervalSeconds`](#databaseargsmonitoringintervalseconds) | `*int` | `%d` |", *db.MonitoringIntervalSeconds))
}

// Every field the validation of its Args checks shows what it allows: the
// fields are those the checks of each Args' Validate applied a rule to or
// reported a problem with, over every program the probe recorded
// (validate.Describe), not a list kept by hand; each must have a
// non-empty Allowed cell, name a field the Args have, and every problem a
// refused change got must say what is allowed.
func TestEveryValidatedFieldShowsWhatItAllows(t *testing.T) {
	validated := 0
	for _, ref := range references(t) {
		assert.Empty(t, componentdocs.Unexplained(ref), "components/%s", ref.Name)
		for _, a := range ref.Args {
			for _, r := range ref.Measured[a.Name].Validation.Rules {
				if !strings.Contains(r.Field, " ") && r.Field != "name" {
					validated++
				}
			}
		}
	}
	assert.Greater(t, validated, 300, "the probe saw the rules of the components' checks")

	// The checks of a range, an ID's shape, a key ARN's region and a
	// conflict are in the cells of their fields, in their messages' words.
	files := componentdocs.Files(references(t))
	dbPage := files[filepath.Join(componentdocs.Dir, "database.md")]
	for _, row := range []string{
		"| [`Readers`](#clusterargsreaders) | `*int` | `2` | 0 to 15 |",
		"| [`BackupRetentionDays`](#databaseargsbackupretentiondays) | `*int` | `7` | 1 to 35 |",
		"| [`ExistingSecurityGroupID`](#databaseargsexistingsecuritygroupid) | `pulumi.StringInput` |  | a security group ID such as \"sg-0123456789abcdef0\"",
		"| [`ExistingKMSKeyARN`](#databaseargsexistingkmskeyarn) | `pulumi.StringInput` |  | a KMS key (its key ARN, not an alias) in the region the component deploys to",
	} {
		assert.Contains(t, dbPage, row)
	}
	err := database.DatabaseArgs{BackupRetentionDays: pulumi.IntRef(36)}.Validate("orders")
	assert.ErrorContains(t, err, "BackupRetentionDays: 36 is out of range; allowed: 1 to 35")
	assert.Regexp(t, "ExistingSecurityGroupID`.*not with AllowedSecurityGroups", dbPage)

	// A field that is checked and shows nothing is reported, as is a
	// check of a field the Args do not have.
	broken := &componentdocs.Reference{
		Package: &componentdocs.Package{Name: "search", Args: []*componentdocs.Struct{{Name: "IndexArgs", Fields: []componentdocs.Field{{Name: "Shards", Type: "int"}}}}},
		Measured: map[string]*componentdocs.Measured{"IndexArgs": {Validation: &componentdocs.Validation{
			Rules:    []validate.Rule{{Field: "Shard", Allowed: "1 to 5"}},
			Problems: []*validate.Problem{{Scope: `search "s"`, Field: "Shards", Message: "0 is too few"}},
		}}},
	}
	assert.ElementsMatch(t, []string{
		"search.IndexArgs.Shard: checked, but IndexArgs has no such field",
		`search.IndexArgs.Shards: "0 is too few" says nothing about what is allowed`,
		"search.IndexArgs.Shards: validated, but its Allowed cell is empty",
	}, componentdocs.Unexplained(broken))
}

// A component's section lists its outputs with the names Pulumi registers
// them under, and its methods by kind: the grant helpers, network
// admission, alarm targets.
func TestReferenceShowsOutputsAndHelpers(t *testing.T) {
	page := componentdocs.Files(references(t))[filepath.Join(componentdocs.Dir, "database.md")]
	assert.Contains(t, page, "| `Endpoint` | `pulumi.StringOutput` | `endpoint` |")
	for heading, method := range map[string]string{
		"### Database: Grants":            "func (db *Database) ConnectPolicy(user string) pulumi.StringOutput",
		"### Database: Network admission": "func (db *Database) AllowFrom(name string, securityGroupID pulumi.StringInput) error",
		"### Database: Alarms":            "func (db *Database) AlarmTarget() *monitoring.DatabaseTarget",
	} {
		i := strings.Index(page, heading)
		if assert.GreaterOrEqual(t, i, 0, heading) {
			assert.Contains(t, page[i:], method)
		}
	}
}
