package tests

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/internal/check"
	"github.com/millionstack/millionstack/internal/cli"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/millionstack/millionstack/stages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withDomain is the configuration the stages are checked in: the defaults
// plus a domain, as anything real is deployed (without one there is no
// certificate, and ELB.1 fails by necessity: see the test below).
var withDomain = map[string]string{"millionstack:domain": "example.com"}

func checkStage(t *testing.T, stage string, config map[string]string) *check.Report {
	t.Helper()
	return check.Run(record(t, stage, config), check.Rules(), check.Options{Stage: stage, Ladder: stages.Names()})
}

// Every stage passes every control with its defaults. Failures
// millionstack accepts by design (check.Acceptances) are reported as
// accepted, each with its reason, and are the only ones.
func TestEveryStagePassesTheChecks(t *testing.T) {
	for _, name := range stages.Names() {
		name := name
		t.Run(name, func(t *testing.T) {
			rep := checkStage(t, name, withDomain)
			assert.Greater(t, rep.Passed, 20, "a stage is judged by many controls")
			for _, f := range rep.Failures() {
				t.Errorf("%s fails on %s %s: %s", f.Control, f.Type, f.Name, f.Reason)
			}
			for _, f := range rep.Findings {
				if f.Result == check.Accepted {
					assert.NotEmpty(t, f.Suppression, "%s on %s is accepted without a reason", f.Control, f.Name)
				}
			}
		})
	}
}

// Without a domain there is no certificate: every Application Load Balancer
// serves plain HTTP and fails ELB.1, and nothing else changes.
func TestWithoutADomainOnlyELB1Fails(t *testing.T) {
	for _, name := range stages.Names() {
		bare, full := checkStage(t, name, nil), checkStage(t, name, withDomain)
		controls := func(rep *check.Report) map[string]bool {
			out := map[string]bool{}
			for _, f := range rep.Failures() {
				out[f.Control+" "+f.Name] = true
			}
			return out
		}
		extra := controls(bare)
		for k := range controls(full) {
			delete(extra, k)
		}
		var lbs []string
		for _, lb := range record(t, name, nil).ByType(tLB) {
			lbs = append(lbs, "ELB.1 "+lb.Name)
		}
		assert.ElementsMatch(t, lbs, keys(extra), name)
	}
}

// Controls that apply from a stage up are reported as not applicable below
// it and evaluated from it: Multi-AZ from 1k, WAF from 500k.
func TestStageScopedControls(t *testing.T) {
	notApplicable := func(rep *check.Report) []string {
		var out []string
		for _, n := range rep.NotApplicable {
			out = append(out, n.Control)
		}
		return out
	}
	assert.Contains(t, notApplicable(checkStage(t, "100", withDomain)), "RDS.5")
	assert.Contains(t, notApplicable(checkStage(t, "10k", withDomain)), "CloudFront.6")
	for _, f := range checkStage(t, "1k", withDomain).Findings {
		if f.Control == "RDS.5" {
			assert.Equal(t, check.Pass, f.Result, "the 1k database is Multi-AZ")
		}
	}
}

// The stages are checked wherever they are deployed: resources on a
// provider in another region (CloudFront's web ACL in us-east-1 for a stack
// in us-west-2) are evaluated like the rest.
func TestChecksInAnotherRegion(t *testing.T) {
	inv := record(t, "500k", map[string]string{"aws:region": "us-west-2", "millionstack:domain": "example.com", "millionstack:backupCopyRegion": "us-east-1"})
	edge := regionsOf(inv, tWebACL)
	assert.ElementsMatch(t, []string{"us-east-1", "us-west-2"}, edge, "one web ACL per region")
	rep := check.Run(inv, check.Rules(), check.Options{Stage: "500k", Ladder: stages.Names()})
	for _, f := range rep.Failures() {
		t.Errorf("%s fails on %s %s: %s", f.Control, f.Type, f.Name, f.Reason)
	}
}

func regionsOf(inv *millionstacktest.Inventory, typ string) []string {
	var out []string
	for _, r := range inv.ByType(typ) {
		out = append(out, inv.RegionOf(r))
	}
	return out
}

// The CLI's check: exit 1 on failures; suppressions with reasons accept
// them and are shown; SARIF for code scanning.
func TestCLICheck(t *testing.T) {
	code, out, _ := runCLI("check", "1k")
	assert.Equal(t, cli.ExitFindings, code, "1k fails ELB.1 without a domain")
	assert.Contains(t, out, "ELB.1")
	assert.Contains(t, out, "FAIL")
	assert.Contains(t, out, "ACCEPTED", "failures accepted by design are shown")

	raw, err := json.Marshal([]map[string]string{{"control": "ELB.1", "resource": "web", "reason": "a test stack without a domain"}})
	require.NoError(t, err)
	code, out, errOut := runCLI("check", "1k", "--config", "suppress="+string(raw))
	assert.Equal(t, cli.ExitOK, code, out+errOut)
	assert.Contains(t, out, "SUPPRESSED")
	assert.Contains(t, out, "accepted: a test stack without a domain")

	code, _, errOut = runCLI("check", "1k", "--config", `suppress=[{"control":"S3.9","resource":"*"}]`)
	assert.Equal(t, cli.ExitUsage, code)
	assert.Contains(t, errOut, "reason is empty")

	code, out, _ = runCLI("check", "1k", "--sarif")
	assert.Equal(t, cli.ExitFindings, code)
	var sarif struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleID    string
				Locations []struct {
					PhysicalLocation struct{ ArtifactLocation struct{ URI string } }
				}
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &sarif))
	assert.Equal(t, "2.1.0", sarif.Version)
	require.Len(t, sarif.Runs, 1)
	assert.Len(t, sarif.Runs[0].Tool.Driver.Rules, len(check.Rules()))
	require.NotEmpty(t, sarif.Runs[0].Results)
	assert.Equal(t, "Pulumi.1k.yaml", sarif.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI)

	code, out, _ = runCLI("check", "--rules")
	assert.Equal(t, cli.ExitOK, code)
	assert.Len(t, strings.Split(strings.TrimSpace(out), "\n"), len(check.Rules()))
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
