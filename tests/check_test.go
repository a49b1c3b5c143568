package tests

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/container"
	"github.com/millionstack/millionstack/internal/check"
	"github.com/millionstack/millionstack/internal/cli"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/millionstack/millionstack/stages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withDomain is the configuration anything real is deployed in: the
// defaults plus a domain.
var withDomain = map[string]string{"millionstack:domain": "example.com"}

func checkStage(t *testing.T, stage string, config map[string]string) *check.Report {
	t.Helper()
	return check.Run(record(t, stage, config), check.Rules(), check.Options{Stage: stage, Ladder: stages.Names()})
}

// Every stage passes every control with its defaults, with a domain and
// without one. Failures millionstack accepts by design (check.Acceptances)
// are reported as accepted, each with its reason, and are the only ones.
func TestEveryStagePassesTheChecks(t *testing.T) {
	for _, name := range stages.Names() {
		for _, config := range []map[string]string{nil, withDomain} {
			name, config := name, config
			t.Run(name+"/"+config["millionstack:domain"], func(t *testing.T) {
				rep := checkStage(t, name, config)
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
}

// Without a domain there is no certificate: every Application Load Balancer
// serves plain HTTP, and ELB.1 is reported on each, accepted with the
// reason and the fix (set millionstack:domain); nothing else differs from
// the stage with a domain.
func TestWithoutADomainOnlyELB1IsAccepted(t *testing.T) {
	for _, name := range stages.Names() {
		bare, full := checkStage(t, name, nil), checkStage(t, name, withDomain)
		notPassed := func(rep *check.Report) map[string]bool {
			out := map[string]bool{}
			for _, f := range rep.Findings {
				if f.Result != check.Pass {
					out[f.Control+" "+f.Name] = true
				}
			}
			return out
		}
		extra := notPassed(bare)
		for k := range notPassed(full) {
			delete(extra, k)
		}
		var lbs []string
		for _, lb := range record(t, name, nil).ByType(tLB) {
			lbs = append(lbs, "ELB.1 "+lb.Name)
		}
		assert.ElementsMatch(t, lbs, keys(extra), name)
		for _, f := range bare.Findings {
			if f.Control == "ELB.1" && f.Result != check.Pass {
				assert.Equal(t, check.Accepted, f.Result, "%s %s", name, f.Name)
				assert.Contains(t, f.Suppression, "set millionstack:domain")
			}
		}
	}
}

// The placeholder image check accepts ECS.20 on is the one the app tier
// runs by default.
func TestPlaceholderImageIsTheContainerDefault(t *testing.T) {
	assert.Equal(t, container.DefaultImage, check.PlaceholderImage)
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

// The CLI's check: exit 0 on a stage's defaults, exit 1 on failures;
// suppressions with reasons accept them and are shown, from --config or
// from the stack file; SARIF for code scanning points at that file.
func TestCLICheck(t *testing.T) {
	code, out, _ := runCLI("check", "1k")
	assert.Equal(t, cli.ExitOK, code, out)
	assert.Contains(t, out, "ELB.1")
	assert.Contains(t, out, "ACCEPTED", "failures accepted by design are shown")

	// A throw-away stack without deletion protection fails two controls.
	unprotected := "millionstack:deletionProtection=false"
	code, out, _ = runCLI("check", "1k", "--config", unprotected)
	assert.Equal(t, cli.ExitFindings, code)
	assert.Contains(t, out, "FAIL")
	assert.Contains(t, out, "RDS.8")

	raw, err := json.Marshal([]map[string]string{
		{"control": "RDS.8", "resource": "db", "reason": "a throw-away test stack"},
		{"control": "ELB.6", "resource": "web", "reason": "a throw-away test stack"},
	})
	require.NoError(t, err)
	code, out, errOut := runCLI("check", "1k", "--config", unprotected, "--config", "suppress="+string(raw))
	assert.Equal(t, cli.ExitOK, code, out+errOut)
	assert.Contains(t, out, "SUPPRESSED")
	assert.Contains(t, out, "accepted: a throw-away test stack")

	// The same from a stack file, as `pulumi config set --path` writes a
	// structured value: a YAML list, which the program reads as JSON.
	stackFile := filepath.Join(t.TempDir(), "Pulumi.test.yaml")
	require.NoError(t, os.WriteFile(stackFile, []byte(`config:
  aws:region: us-east-1
  millionstack:stage: "10"
  millionstack:deletionProtection: "false"
  millionstack:suppress:
    - control: RDS.8
      resource: db
      reason: a throw-away test stack
    - control: ELB.6
      resource: web
      reason: a throw-away test stack
`), 0o644))
	code, out, errOut = runCLI("check", "1k", "--stack", stackFile)
	assert.Equal(t, cli.ExitOK, code, out+errOut)
	assert.Contains(t, out, "Stage 1k", "the command line names the stage, not the file")
	assert.Contains(t, out, "SUPPRESSED")
	code, out, _ = runCLI("check", "1k", "--stack", stackFile, "--config", "suppress=[]")
	assert.Equal(t, cli.ExitFindings, code, "--config overrides the file")

	code, _, errOut = runCLI("check", "1k", "--config", `suppress=[{"control":"S3.9","resource":"*"}]`)
	assert.Equal(t, cli.ExitUsage, code)
	assert.Contains(t, errOut, "reason is empty")

	code, out, _ = runCLI("check", "1k", "--config", unprotected, "--sarif")
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

// A stack file's keys are checked as `pulumi up` checks them, and its
// secrets, which cannot be decrypted offline, are refused by name.
func TestCLIStackFile(t *testing.T) {
	dir := t.TempDir()
	write := func(body string) string {
		path := filepath.Join(dir, "Pulumi.x.yaml")
		require.NoError(t, os.WriteFile(path, []byte(body), 0o644))
		return path
	}
	code, _, errOut := runCLI("plan", "10", "--stack", write("config:\n  millionstack:dbInstanceKlass: db.t3.small\n"))
	assert.Equal(t, cli.ExitUsage, code)
	assert.Contains(t, errOut, "millionstack:dbInstanceKlass is not a millionstack config key")
	code, _, errOut = runCLI("plan", "10", "--stack", write("config:\n  millionstack:alarmEmail:\n    secure: v1:abc\n"))
	assert.Equal(t, cli.ExitUsage, code)
	assert.Contains(t, errOut, "millionstack:alarmEmail is a secret")
	code, out, errOut := runCLI("plan", "10", "--stack", write("config:\n  millionstack:dbInstanceClass: db.m5.large\n"))
	assert.Equal(t, cli.ExitOK, code, errOut)
	assert.Contains(t, out, "db.m5.large")

	// A secret of millionstack's given a stand-in with --config; another
	// namespace's secret, not needed offline; the older ns:config:key form
	// and a bare key; the stack named by the file, so that URNs and
	// suppressions are the live stack's.
	prod := filepath.Join(dir, "Pulumi.prod.yaml")
	require.NoError(t, os.WriteFile(prod, []byte("config:\n  millionstack:alarmEmail:\n    secure: v1:abc\n  aws:secretKey:\n    secure: v1:def\n"+
		"  millionstack:config:domain: example.com\n  dbInstanceClass: db.m5.large\n"), 0o644))
	code, out, errOut = runCLI("plan", "10", "--json", "--stack", prod, "--config", "alarmEmail=ops@example.com")
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Contains(t, out, "urn:pulumi:prod::millionstack::")
	assert.NotContains(t, out, "urn:pulumi:10::")
	assert.Contains(t, out, "edge-cert-validation-example-com", "the domain of millionstack:config:domain")
	assert.Contains(t, out, "db.m5.large")

	code, _, errOut = runCLI("plan", "10", "--stack", write("name: millionstack\nruntime: go\n"))
	assert.Equal(t, cli.ExitUsage, code)
	assert.Contains(t, errOut, "is a project file")
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ECS.20 is accepted on the placeholder only: a stack's own image running
// as the image's user fails it, and appUser makes it pass.
func TestAppImageIsJudgedByItsUser(t *testing.T) {
	own := map[string]string{"millionstack:domain": "example.com", "millionstack:appImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1"}
	results := func(config map[string]string) map[string]check.Result {
		out := map[string]check.Result{}
		for _, f := range checkStage(t, "10m", config).Findings {
			if f.Control == "ECS.20" {
				out[f.Name] = f.Result
			}
		}
		return out
	}
	require.NotEmpty(t, results(own))
	for name, r := range results(own) {
		assert.Equal(t, check.Fail, r, name)
	}
	withUser := map[string]string{"millionstack:appUser": "1000:1000"}
	for k, v := range own {
		withUser[k] = v
	}
	for name, r := range results(withUser) {
		assert.Equal(t, check.Pass, r, name)
	}
}
