package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/millionstack/millionstack/internal/check"
	"github.com/millionstack/millionstack/internal/componentdocs"
	"github.com/millionstack/millionstack/internal/deploytime"
	"github.com/millionstack/millionstack/internal/graph"
	"github.com/millionstack/millionstack/internal/graph/svg"
	"github.com/millionstack/millionstack/internal/plan"
	"github.com/millionstack/millionstack/internal/stagedocs"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/millionstack/millionstack/stages"
)

// Recorder runs a stage program under the mock engine (plan.Record) for
// every command. It is a variable so that a test can hand the commands a
// stage that breaks a provider rule.
var Recorder = plan.Record

// record runs a stage on a stack (the stage's own name for a fresh stack,
// the from stage's for an upgrade), failing with the stage's name, and
// holds it against the provider's rules: every command refuses a stage that
// a real account would refuse (exit code 3, with the resource, the
// arguments and the rule's source).
func record(stage, stack string, config map[string]string) (*millionstacktest.Inventory, error) {
	inv, err := Recorder(stage, stack, config)
	if err != nil {
		return nil, fmt.Errorf("stage %s does not build: %w", stage, err)
	}
	if err := plan.Checked(stage, inv); err != nil {
		return nil, err
	}
	return inv, nil
}

// upgrade records both stages on the from stage's stack, as changing
// millionstack:stage on a live stack would.
func upgrade(from, to string, opts options) (*millionstacktest.Inventory, *millionstacktest.Inventory, error) {
	stack := opts.stackFor(from)
	a, err := record(from, stack, opts.config)
	if err != nil {
		return nil, nil, err
	}
	b, err := record(to, stack, opts.config)
	return a, b, err
}

// minuteOrMore is how long a step must take for diff to name it.
const minuteOrMore = time.Minute

// diff prints what an upgrade changes and how long it takes.
func diff(w io.Writer, from, to string, opts options) (int, error) {
	a, b, err := upgrade(from, to, opts)
	if err != nil {
		return 0, err
	}
	d := plan.Compare(a, b)
	d.From, d.To = from, to
	d.FromUSD = plan.FromInventory(from, a).MonthlyUSD
	d.ToUSD = plan.FromInventory(to, b).MonthlyUSD
	est := deploytime.Upgrade(from, to, a, b)
	if opts.json {
		// The diff's own fields, plus the deploy time.
		var out map[string]any
		raw, err := json.Marshal(d)
		if err != nil {
			return 0, err
		}
		if err := json.Unmarshal(raw, &out); err != nil {
			return 0, err
		}
		out["deployTime"] = est.JSON()
		err = writeJSON(w, out)
		return diffCode(d), err
	}
	d.Write(w)
	fmt.Fprintf(w, "\nDeploy time: %s\n", est.Headline())
	for _, s := range est.Critical {
		if s.Took >= minuteOrMore {
			fmt.Fprintf(w, "  critical: %s %s %s\n", s.Action, s.Label(), deploytime.Minutes(s.Took))
		}
	}
	fmt.Fprintf(w, "(millionstack deploy-time %s %s shows the critical path and its sources)\n", from, to)
	return diffCode(d), nil
}

func diffCode(d *plan.Diff) int {
	if len(d.DataLosses) > 0 {
		return ExitDataLoss
	}
	return ExitOK
}

// graphCommand draws a stage, or an upgrade with --diff.
func graphCommand(w io.Writer, positional []string, opts options) (int, error) {
	want := 1
	if opts.diff {
		want = 2
	}
	if err := wantArgs("graph", positional, want); err != nil {
		return 0, err
	}
	if err := knownStages(positional...); err != nil {
		return 0, err
	}
	var m *graph.Model
	if opts.diff {
		a, b, err := upgrade(positional[0], positional[1], opts)
		if err != nil {
			return 0, err
		}
		m = graph.Diff(graph.Build(stageTitle(positional[0]), a), graph.Build(stageTitle(positional[1]), b))
	} else {
		inv, err := record(positional[0], opts.stackFor(positional[0]), opts.config)
		if err != nil {
			return 0, err
		}
		m = graph.Build(stageTitle(positional[0]), inv)
	}
	var out bytes.Buffer
	switch opts.format {
	case "mermaid":
		m.WriteMermaid(&out)
	case "dot":
		m.WriteDOT(&out)
	case "svg":
		if opts.out == "" {
			return 0, usageError{"graph --format svg writes a file: give --out FILE"}
		}
		var dot bytes.Buffer
		m.WriteDOT(&dot)
		rendered, err := svg.Render(context.Background(), dot.Bytes())
		if err != nil {
			return 0, err
		}
		out.Write(rendered)
	default:
		return 0, usageError{fmt.Sprintf("graph: unknown --format %q; valid formats: mermaid, dot, svg", opts.format)}
	}
	if opts.json {
		return ExitOK, writeJSON(w, m)
	}
	if opts.out != "" {
		if err := os.WriteFile(opts.out, out.Bytes(), 0o644); err != nil {
			return 0, err
		}
		fmt.Fprintf(w, "wrote %s (%s, %d bytes)\n", opts.out, opts.format, out.Len())
		return ExitOK, nil
	}
	_, err := w.Write(out.Bytes())
	return ExitOK, err
}

// stageTitle names a stage in drawings.
func stageTitle(name string) string {
	s, _ := stages.Describe(name)
	return fmt.Sprintf("Stage %s (%s users)", s.Name, s.Users)
}

// checkCommand evaluates the controls on a stage.
func checkCommand(w io.Writer, positional []string, opts options) (int, error) {
	rules := check.Rules()
	if opts.rules {
		check.WriteRules(w, rules)
		return ExitOK, nil
	}
	if err := wantArgs("check", positional, 1); err != nil {
		return 0, err
	}
	if err := knownStages(positional...); err != nil {
		return 0, err
	}
	sups, err := suppressions(opts.config, rules)
	if err != nil {
		return 0, usageError{err.Error()}
	}
	stage := positional[0]
	inv, err := record(stage, opts.stackFor(stage), opts.config)
	if err != nil {
		return 0, err
	}
	rep := check.Run(inv, rules, check.Options{Stage: stage, Ladder: stages.Names(), Suppressions: sups})
	code := ExitOK
	if rep.Failed > 0 {
		code = ExitFindings
	}
	switch {
	case opts.sarif:
		// The results point at the stack file the suppressions live in,
		// relative to the working directory (the repository's root, for a
		// code-scanning upload), with forward slashes.
		stackFile := "Pulumi." + stage + ".yaml"
		if opts.stackFile != "" {
			stackFile = filepath.ToSlash(opts.stackFile)
			if wd, err := os.Getwd(); err == nil {
				if rel, err := filepath.Rel(wd, opts.stackFile); err == nil && !strings.HasPrefix(rel, "..") {
					stackFile = filepath.ToSlash(rel)
				}
			}
		}
		doc, err := rep.SARIF(rules, stackFile)
		if err != nil {
			return 0, err
		}
		_, err = fmt.Fprintln(w, string(doc))
		return code, err
	case opts.json:
		return code, writeJSON(w, rep)
	}
	s, _ := stages.Describe(stage)
	fmt.Fprintf(w, "Stage %s (%s users): %d Security Hub controls on %d resources (offline, from the recorded program)\n",
		stage, s.Users, len(rules)-len(rep.NotApplicable), len(inv.Cloud()))
	rep.WriteText(w, opts.verbose)
	return code, nil
}

// suppressions reads millionstack:suppress: a JSON list of accepted failures.
func suppressions(config map[string]string, rules []check.Rule) ([]check.Suppression, error) {
	raw := config["millionstack:suppress"]
	if raw == "" {
		return nil, nil
	}
	var sups []check.Suppression
	if err := json.Unmarshal([]byte(raw), &sups); err != nil {
		return nil, fmt.Errorf(`millionstack:suppress is not a JSON list of {"control", "resource", "reason"}: %v`, err)
	}
	if err := check.Validate(sups, rules); err != nil {
		return nil, fmt.Errorf("millionstack:suppress: %v", err)
	}
	return sups, nil
}

// deployTimeCommand estimates a fresh deploy of a stage, or an upgrade.
func deployTimeCommand(w io.Writer, positional []string, opts options) (int, error) {
	if len(positional) != 1 && len(positional) != 2 {
		return 0, wantArgs("deploy-time", positional, -1)
	}
	if err := knownStages(positional...); err != nil {
		return 0, err
	}
	var est *deploytime.Estimate
	if len(positional) == 1 {
		inv, err := record(positional[0], opts.stackFor(positional[0]), opts.config)
		if err != nil {
			return 0, err
		}
		est = deploytime.Fresh(positional[0], inv)
	} else {
		a, b, err := upgrade(positional[0], positional[1], opts)
		if err != nil {
			return 0, err
		}
		est = deploytime.Upgrade(positional[0], positional[1], a, b)
	}
	if opts.json {
		return ExitOK, writeJSON(w, est.JSON())
	}
	est.Write(w)
	return ExitOK, nil
}

// docsCommand writes (or, with --check, compares) the generated pages:
// the stage pages and README sections (internal/stagedocs), the component
// reference and UPGRADE.md (internal/componentdocs).
func docsCommand(w io.Writer, opts options) (int, error) {
	files, err := stagedocs.Generate(".")
	if err != nil {
		return 0, err
	}
	reference, err := componentdocs.Generate(".")
	if err != nil {
		return 0, err
	}
	for path, text := range reference {
		files[path] = text
	}
	orphans, err := componentdocs.Orphans(".", files)
	if err != nil {
		return 0, err
	}
	if opts.check {
		stale, err := stagedocs.Stale(".", files)
		if err != nil {
			return 0, err
		}
		for _, f := range stale {
			fmt.Fprintf(w, "stale: %s (run: go run ./cmd/millionstack docs)\n", f)
		}
		for _, f := range orphans {
			fmt.Fprintf(w, "stale: %s is generated no more (run: go run ./cmd/millionstack docs)\n", f)
		}
		if len(stale)+len(orphans) > 0 {
			return ExitFindings, nil
		}
		fmt.Fprintf(w, "%d generated files are current\n", len(files))
		return ExitOK, nil
	}
	for _, f := range orphans {
		if err := os.Remove(f); err != nil {
			return 0, err
		}
		fmt.Fprintf(w, "removed %s\n", f)
	}
	written, err := stagedocs.Write(".", files)
	for _, f := range written {
		fmt.Fprintf(w, "wrote %s\n", f)
	}
	if err == nil && len(written)+len(orphans) == 0 {
		fmt.Fprintf(w, "%d generated files already current\n", len(files))
	}
	return ExitOK, err
}
