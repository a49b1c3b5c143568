package tests

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/internal/cli"
	"github.com/millionstack/millionstack/internal/version"
	"github.com/millionstack/millionstack/stages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runCLI(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := cli.Run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCLIStagesListsTheLadder(t *testing.T) {
	code, out, _ := runCLI("stages")
	require.Equal(t, cli.ExitOK, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, len(stages.Names()))
	for i, n := range stages.Names() {
		assert.True(t, strings.HasPrefix(lines[i], n+" "), lines[i])
	}
}

func TestCLIPlanShowsTreeAndCost(t *testing.T) {
	code, out, _ := runCLI("plan", "100")
	require.Equal(t, cli.ExitOK, code)
	for _, want := range []string{"By component:", "network:Network network", "rds:Instance db", "class=db.t3.small", "ec2:Instance host", "Comes on top with use (not priced):", "rds:Instance: backups"} {
		assert.Contains(t, out, want)
	}
	assert.Regexp(t, `Estimated cost: \$[1-9][0-9,]*\.[0-9]{2} a month`, out, "a non-zero total")
}

func TestCLIPlanJSONAddsUpCosts(t *testing.T) {
	code, out, _ := runCLI("plan", "10k", "--json")
	require.Equal(t, cli.ExitOK, code)
	var p struct {
		Stage     string  `json:"stage"`
		Monthly   float64 `json:"estimatedMonthlyUSD"`
		Resources []struct {
			Type string `json:"type"`
			Cost struct {
				MonthlyUSD float64 `json:"monthlyUSD"`
			} `json:"cost"`
		} `json:"resources"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &p))
	assert.Equal(t, "10k", p.Stage)
	var sum float64
	priced := map[string]bool{}
	for _, r := range p.Resources {
		sum += r.Cost.MonthlyUSD
		if r.Cost.MonthlyUSD > 0 {
			priced[r.Type] = true
		}
	}
	assert.InDelta(t, p.Monthly, sum, 0.05)
	for _, typ := range []string{tRDS, tASG, tLB, tNAT, tRG} {
		assert.True(t, priced[typ], "%s priced", typ)
	}
}

func TestCLIDiffExitsNonZeroOnlyOnDataLoss(t *testing.T) {
	code, out, _ := runCLI("diff", "100", "1k")
	assert.Equal(t, cli.ExitOK, code, out)
	assert.Contains(t, out, "in place")
	assert.Contains(t, out, "ADD")

	// Going down the ladder drops the cache and the assets bucket: data loss.
	code, out, _ = runCLI("diff", "10k", "1k")
	assert.Equal(t, cli.ExitDataLoss, code)
	assert.Contains(t, out, "!!! WARNING")
	assert.Contains(t, out, "DELETE elasticache:ReplicationGroup cache")

	code, out, _ = runCLI("diff", "10", "100", "--json")
	require.Equal(t, cli.ExitOK, code)
	var d struct {
		Changes []struct{ Action string } `json:"changes"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	assert.NotEmpty(t, d.Changes)
}

func TestCLIRejectsBadInputWithExitTwo(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"deploy"},
		{"plan"},
		{"plan", "2k"},
		{"plan", "10", "--bogus"},
		{"diff", "10"},
		{"diff", "10", "nope"},
		{"stages", "extra"},
		{"plan", "10", "--config", "dbInstanceclass=db.m5.large"}, // a typo Pulumi would keep silently
	} {
		code, _, errOut := runCLI(args...)
		assert.Equal(t, cli.ExitUsage, code, "%v", args)
		assert.Contains(t, errOut, "error:", "%v", args)
	}
	_, _, errOut := runCLI("plan", "2k")
	assert.Contains(t, errOut, "prelaunch, 1, 10, 100, 1k, 10k, 500k, 1m, 10m")
}

func TestCLIReportsInvalidConfig(t *testing.T) {
	code, _, errOut := runCLI("plan", "10", "--config", "dbInstanceClass=t3.micro")
	assert.Equal(t, cli.ExitFailed, code)
	assert.Contains(t, errOut, "db.")
}

// `millionstack version` prints the release, which is CHANGELOG.md's newest.
func TestVersionIsTheNewestChangelogEntry(t *testing.T) {
	code, out, _ := runCLI("version")
	assert.Equal(t, cli.ExitOK, code)
	assert.Equal(t, "millionstack "+version.Version+"\n", out)
	changelog, err := os.ReadFile("../CHANGELOG.md")
	require.NoError(t, err)
	newest := regexp.MustCompile(`(?m)^## (\S+) - `).FindStringSubmatch(string(changelog))
	require.NotNil(t, newest, "CHANGELOG.md has a release heading")
	assert.Equal(t, version.Version, newest[1], "the newest CHANGELOG.md entry is this release")
}
