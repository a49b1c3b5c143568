package tests

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/internal/check"
	"github.com/millionstack/millionstack/internal/cli"
	"github.com/millionstack/millionstack/internal/inventory"
	"github.com/millionstack/millionstack/stages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withDomain is the configuration the stages are checked in: the defaults
// plus a domain, as anything real is deployed (without one there is no
// certificate, and ELB.1 fails by necessity: see the test below).
var withDomain = map[string]string{"millionstack:domain": "example.com"}

// from lists the stages from one up.
func from(stage string) []string {
	names := stages.Names()
	for i, n := range names {
		if n == stage {
			return names[i:]
		}
	}
	panic("no stage " + stage)
}

// expectedFailures are the controls the stages fail today, by control and
// stage, each because a fix is still to come (on another branch or as a
// decision). Delete an entry when its fix lands: the test fails on an
// entry that no longer fails, so the list cannot go stale.
var expectedFailures = map[string][]string{
	"S3.9":          from("prelaunch"),  // no server access logging on any bucket yet (data protection)
	"S3.14":         from("prelaunch"),  // log buckets are not versioned (data protection)
	"S3.12":         from("prelaunch"),  // CloudFront's legacy standard logging writes with ACLs: its log bucket keeps them until logging moves to CloudWatch delivery
	"EC2.28":        {"1", "10", "100"}, // the host's data volume has DLM snapshots but no AWS Backup plan (data protection)
	"RDS.26":        from("10"),         // no AWS Backup plan for the database (data protection)
	"CloudWatch.16": from("10"),         // RDS creates its log export groups without a retention (the stack should create them first)
	"AutoScaling.6": from("1k"),         // one instance type per Auto Scaling group (a mixed instances policy is coming)
	"DynamoDB.4":    from("500k"),       // no AWS Backup plan for the sessions table (data protection)
}

func expected(control, stage string) bool {
	for _, s := range expectedFailures[control] {
		if s == stage {
			return true
		}
	}
	return false
}

func checkStage(t *testing.T, stage string, config map[string]string) *check.Report {
	t.Helper()
	return check.Run(record(t, stage, config), check.Rules(), check.Options{Stage: stage, Ladder: stages.Names()})
}

// Every stage passes every control with its defaults, but for the listed
// failures whose fixes are on their way.
func TestEveryStagePassesTheChecks(t *testing.T) {
	for _, name := range stages.Names() {
		name := name
		t.Run(name, func(t *testing.T) {
			rep := checkStage(t, name, withDomain)
			assert.Greater(t, rep.Passed, 20, "a stage is judged by many controls")
			failing := map[string]bool{}
			for _, f := range rep.Failures() {
				failing[f.Control] = true
				assert.True(t, expected(f.Control, name), "%s fails on %s %s: %s", f.Control, f.Type, f.Name, f.Reason)
			}
			for control := range expectedFailures {
				if expected(control, name) {
					assert.True(t, failing[control], "%s passes at %s now: delete it from expectedFailures", control, name)
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
	inv := record(t, "500k", map[string]string{"aws:region": "us-west-2", "millionstack:domain": "example.com"})
	edge := regionsOf(inv, tWebACL)
	assert.ElementsMatch(t, []string{"us-east-1", "us-west-2"}, edge, "one web ACL per region")
	rep := check.Run(inv, check.Rules(), check.Options{Stage: "500k", Ladder: stages.Names()})
	for _, f := range rep.Failures() {
		assert.True(t, expected(f.Control, "500k"), "%s on %s", f.Control, f.Name)
	}
}

func regionsOf(inv *inventory.Inventory, typ string) []string {
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
	assert.Equal(t, cli.ExitFindings, code, "1k fails ELB.1 without a domain and the expected failures")
	assert.Contains(t, out, "ELB.1")
	assert.Contains(t, out, "FAIL")

	var sups []map[string]string
	for control := range expectedFailures {
		if expected(control, "1k") {
			sups = append(sups, map[string]string{"control": control, "resource": "*", "reason": "fix on its way"})
		}
	}
	raw, err := json.Marshal(sups)
	require.NoError(t, err)
	code, out, errOut := runCLI("check", "1k", "--domain", "example.com", "--config", "suppress="+string(raw))
	assert.Equal(t, cli.ExitOK, code, out+errOut)
	assert.Contains(t, out, "SUPPRESSED")
	assert.Contains(t, out, "accepted: fix on its way")

	code, _, errOut = runCLI("check", "1k", "--config", `suppress=[{"control":"S3.9","resource":"*"}]`)
	assert.Equal(t, cli.ExitUsage, code)
	assert.Contains(t, errOut, "reason is empty")

	code, out, _ = runCLI("check", "10", "--sarif")
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
	assert.Equal(t, "Pulumi.10.yaml", sarif.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI)

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
