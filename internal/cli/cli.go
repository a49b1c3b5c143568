// Package cli is the offline millionstack command: it lists the ladder, plans
// a stage (what it creates and what it costs), diffs two stages, draws a
// stage's architecture, checks it against Security Hub controls, estimates
// how long `pulumi up` takes and writes the stage pages, all under Pulumi's
// mock engine, with no AWS account and no Pulumi CLI.
package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/millionstack/millionstack/internal/plan"
	"github.com/millionstack/millionstack/internal/version"
	"github.com/millionstack/millionstack/stages"
)

// Exit codes.
const (
	ExitOK       = 0
	ExitDataLoss = 1 // diff: an upgrade would replace or delete a stateful resource
	ExitFindings = 1 // check: a control failed (and no suppression accepts it); docs --check: pages are stale
	ExitUsage    = 2 // unknown command, stage or flag
	ExitFailed   = 3 // the stage program failed (e.g. invalid config) or breaks a provider rule
)

const usage = `millionstack: offline planner for the millionstack stage ladder (no AWS account needed)

Usage:
  millionstack stages [--json]                     list the ladder, one line per stage
  millionstack plan <stage> [flags]                what a stage creates and what it costs a month
  millionstack diff <from> <to> [flags]            what moving a stack from one stage to another changes, and how long it takes
  millionstack graph <stage> [flags]               the architecture as a picture (Mermaid; --format dot|svg --out FILE)
  millionstack graph --diff <from> <to> [flags]    what an upgrade adds (green), changes (amber) and removes (red)
  millionstack check <stage> [flags]               Security Hub controls on every resource (--json, --sarif, --verbose, --rules)
  millionstack deploy-time <stage> [<to>] [flags]  how long pulumi up takes: a fresh deploy, or the upgrade to <to>
  millionstack docs [--check]                      write docs/stages/*.md, docs/components/*.md, UPGRADE.md and the README's generated tables (--check: exit 1 if stale)
  millionstack version                             the release (CHANGELOG.md says what changed)

Flags:
  --json                 machine-readable output
  --domain example.com   plan with millionstack:domain set (DNS records, certificates)
  --config key=value     set any config key (repeatable), e.g. --config millionstack:dbInstanceClass=db.m5.large
  --stack FILE           take the config of a Pulumi stack file (Pulumi.<stack>.yaml; the stage comes from the
                         command line; --config and --domain override the file's keys)
  --format mermaid|dot|svg, --out FILE   graph output (svg needs --out)
  --sarif                check: SARIF 2.1.0 for code-scanning UIs
  --verbose              check: list passing findings too
  --rules                check: list the controls and exit

Suppressions: millionstack:suppress in the stack file, read with --stack Pulumi.<stack>.yaml, or
--config 'suppress=[{"control":"S3.9","resource":"*-logs","reason":"..."}]'; each needs a reason
and is shown in the report.

Exit codes: 0 done; 1 diff found a stateful resource replaced or deleted,
check found a failing control, docs --check found stale pages;
2 unknown command, stage, flag or config key; 3 the stage program failed
(for example an invalid config value) or a resource breaks a rule the AWS
provider enforces.
`

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// Run executes the command line args (without the program name) and returns
// the process exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	code, err := run(args, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "error:", err)
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprint(stderr, "\n"+usage)
			return ExitUsage
		}
		return ExitFailed
	}
	return code
}

func run(args []string, stdout io.Writer) (int, error) {
	if len(args) == 0 {
		return 0, usageError{"no command given; valid commands: " + commands}
	}
	cmd, rest := args[0], args[1:]
	opts, positional, err := parseFlags(cmd, rest)
	if err != nil {
		return 0, err
	}
	switch cmd {
	case "stages":
		if err := wantArgs(cmd, positional, 0); err != nil {
			return 0, err
		}
		return ExitOK, listStages(stdout, opts.json)
	case "plan":
		if err := wantArgs(cmd, positional, 1); err != nil {
			return 0, err
		}
		if err := knownStages(positional...); err != nil {
			return 0, err
		}
		inv, err := record(positional[0], opts.stackFor(positional[0]), opts.config)
		if err != nil {
			return 0, err
		}
		p := plan.FromInventory(positional[0], inv)
		if opts.json {
			return ExitOK, writeJSON(stdout, p)
		}
		p.WriteHeader(stdout)
		p.WriteTree(stdout)
		return ExitOK, nil
	case "diff":
		if err := wantArgs(cmd, positional, 2); err != nil {
			return 0, err
		}
		if err := knownStages(positional...); err != nil {
			return 0, err
		}
		return diff(stdout, positional[0], positional[1], opts)
	case "graph":
		return graphCommand(stdout, positional, opts)
	case "check":
		return checkCommand(stdout, positional, opts)
	case "deploy-time":
		return deployTimeCommand(stdout, positional, opts)
	case "docs":
		if err := wantArgs(cmd, positional, 0); err != nil {
			return 0, err
		}
		return docsCommand(stdout, opts)
	case "version", "--version":
		if err := wantArgs(cmd, positional, 0); err != nil {
			return 0, err
		}
		fmt.Fprintln(stdout, "millionstack", version.Version)
		return ExitOK, nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		fmt.Fprintln(stdout, "\nConfig keys (namespace millionstack:, all optional):")
		for _, k := range stages.ConfigKeys {
			fmt.Fprintf(stdout, "  %-20s %s\n", k.Name, k.Help)
		}
		return ExitOK, nil
	}
	return 0, usageError{fmt.Sprintf("unknown command %q; valid commands: %s", cmd, commands)}
}

const commands = "stages, plan, diff, graph, check, deploy-time, docs, version, help"

type options struct {
	json   bool
	config map[string]string
	// stackFile is the Pulumi stack file the config came from (--stack),
	// stack the stack it is for: Pulumi.<stack>.yaml.
	stackFile, stack string
	// graph
	format, out string
	diff        bool
	// check
	sarif, verbose, rules bool
	// docs
	check bool
}

// stackFor is the stack a command records stage on: the stack file's
// (--stack), so that names, URNs and suppressions are the live stack's,
// else the stage's own name, as a fresh stack per stage is named.
func (o options) stackFor(stage string) string {
	if o.stack != "" {
		return o.stack
	}
	return stage
}

// parseFlags accepts flags before, between and after the positional arguments.
func parseFlags(cmd string, args []string) (options, []string, error) {
	opts := options{config: map[string]string{}}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&opts.json, "json", false, "machine-readable output")
	fs.StringVar(&opts.format, "format", "mermaid", "graph output format")
	fs.StringVar(&opts.out, "out", "", "graph output file")
	fs.BoolVar(&opts.diff, "diff", false, "graph an upgrade")
	fs.BoolVar(&opts.sarif, "sarif", false, "check: SARIF output")
	fs.BoolVar(&opts.verbose, "verbose", false, "check: list passes")
	fs.BoolVar(&opts.rules, "rules", false, "check: list the controls")
	fs.BoolVar(&opts.check, "check", false, "docs: only compare")
	domain := fs.String("domain", "", "millionstack:domain")
	fs.StringVar(&opts.stackFile, "stack", "", "a Pulumi stack file whose config the command uses")
	fs.Func("config", "key=value", func(kv string) error {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return fmt.Errorf("%q is not key=value", kv)
		}
		if !strings.Contains(k, ":") {
			k = "millionstack:" + k
		}
		if err := stages.CheckConfigKey(k); err != nil {
			return err
		}
		opts.config[k] = v
		return nil
	})
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return opts, nil, usageError{fmt.Sprintf("%s: %v; valid flags: --json, --domain <name>, --config key=value, --stack FILE, --format, --out, --diff, --sarif, --verbose, --rules, --check", cmd, err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	if opts.stackFile != "" {
		// The stack file first; --config and --domain override it.
		fromFile, err := stackFileConfig(opts.stackFile, opts.config)
		if err != nil {
			return opts, nil, usageError{fmt.Sprintf("%s: --stack: %v", cmd, err)}
		}
		for k, v := range fromFile {
			opts.config[k] = v
		}
		opts.stack = stackName(opts.stackFile)
	}
	if *domain != "" {
		opts.config["millionstack:domain"] = *domain
	}
	return opts, positional, nil
}

func wantArgs(cmd string, got []string, n int) error {
	if len(got) != n {
		names := map[string]string{
			"stages": "no arguments", "plan": "one stage", "diff": "two stages (from, to)", "graph": "one stage, or two with --diff",
			"check": "one stage", "deploy-time": "one stage, or two (from, to)", "docs": "no arguments", "version": "no arguments",
		}
		return usageError{fmt.Sprintf("%s takes %s, got %d: %s", cmd, names[cmd], len(got), strings.Join(got, " "))}
	}
	return nil
}

func knownStages(names ...string) error {
	for _, n := range names {
		if _, err := stages.Describe(n); err != nil {
			return usageError{err.Error()}
		}
	}
	return nil
}

// stageLine is one rung of the ladder for `stages`.
type stageLine struct {
	Name    string `json:"name"`
	Users   string `json:"users"`
	Summary string `json:"summary"`
}

func listStages(w io.Writer, asJSON bool) error {
	var lines []stageLine
	for _, n := range stages.Names() {
		s, _ := stages.Describe(n)
		lines = append(lines, stageLine{n, s.Users, s.Summary})
	}
	if asJSON {
		return writeJSON(w, lines)
	}
	for _, l := range lines {
		fmt.Fprintf(w, "%-10s %-21s %s\n", l.Name, l.Users+" users", l.Summary)
	}
	return nil
}

func writeJSON(w io.Writer, v interface{}) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
