package plan

import (
	"fmt"
	"io"
	"strings"

	"github.com/millionstack/millionstack/internal/inventory"
	"github.com/millionstack/millionstack/internal/providerrules"
)

// Violation is a provider rule that one recorded resource breaks: the
// provider (or AWS through it) would refuse the resource at `pulumi up`,
// although the mock engine accepted it.
type Violation struct {
	URN  string `json:"urn"`
	Type string `json:"type"`
	Name string `json:"name"`
	// Path is the argument the rule is about ("manageMasterUserPassword",
	// "blockDeviceMappings[0].ebs.encrypted").
	Path    string `json:"path"`
	Kind    string `json:"rule"`
	Message string `json:"message"`
	// Source is the SDK file and sentence the rule was read from.
	Source string `json:"source"`

	rule providerrules.Rule
}

// String is one line for a person: which resource, what is wrong, and where
// the rule comes from.
func (v Violation) String() string {
	return fmt.Sprintf("%s %s: %s [%s rule, %s]", shortType(v.Type), v.Name, v.Message, v.Kind, v.Source)
}

// Check holds every cloud resource of an inventory against the provider
// rules of its type (internal/providerrules) and returns what breaks them,
// in registration order.
func Check(inv *inventory.Inventory) []Violation {
	var out []Violation
	for _, r := range inv.Cloud() {
		for _, v := range providerrules.Check(r.Type, r.Plain()) {
			out = append(out, Violation{
				URN: r.URN, Type: r.Type, Name: r.Name, Path: v.Path, Kind: string(v.Rule.Kind),
				Message: v.Message, Source: v.Rule.Source.String(), rule: v.Rule,
			})
		}
	}
	return out
}

// knownViolation names a provider-rule violation the stages are known to
// have while its fix waits on another branch.
type knownViolation struct {
	Type     string
	Kind     providerrules.Kind
	Property string
	Other    string
	Why      string
}

// knownViolations are reported as warnings by Build and Between instead of
// failing them. Delete an entry when the branch that fixes it is merged.
var knownViolations = []knownViolation{{
	Type: "aws:rds/instance:Instance", Kind: providerrules.Conflicts, Property: "manageMasterUserPassword", Other: "password",
	// components/database in MasterPassword "stored" mode (10k, 500k, 1m)
	// sends manageMasterUserPassword=false next to password.
	Why: "fixed on branch fixdata: the database leaves manageMasterUserPassword unset when it stores the password",
}}

// known returns the entry that excuses v, if any.
func known(v Violation) (knownViolation, bool) {
	for _, k := range knownViolations {
		if k.Type == v.Type && k.Kind == v.rule.Kind && k.Property == v.rule.Property {
			for _, o := range v.rule.Others {
				if o == k.Other {
					return k, true
				}
			}
		}
	}
	return knownViolation{}, false
}

// splitKnown separates the violations knownViolations excuses from the rest.
func splitKnown(vs []Violation) (unknown, excused []Violation) {
	for _, v := range vs {
		if _, ok := known(v); ok {
			excused = append(excused, v)
		} else {
			unknown = append(unknown, v)
		}
	}
	return unknown, excused
}

// ViolationsError is what Build and Between return when a stage breaks
// provider rules: the stage would fail at `pulumi up`.
type ViolationsError struct {
	Stage      string
	Violations []Violation
}

func (e *ViolationsError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "stage %s breaks %d provider rule(s); a real account would refuse it:", e.Stage, len(e.Violations))
	for _, v := range e.Violations {
		b.WriteString("\n  - " + v.String())
	}
	return b.String()
}

// checked holds a stage's inventory against the provider rules and returns
// the excused violations, or an error listing the others.
func checked(stage string, inv *inventory.Inventory) ([]Violation, error) {
	unknown, excused := splitKnown(Check(inv))
	if len(unknown) > 0 {
		return nil, &ViolationsError{Stage: stage, Violations: unknown}
	}
	return excused, nil
}

// writeKnown prints the excused violations as a warning.
func writeKnown(w io.Writer, vs []Violation) {
	if len(vs) == 0 {
		return
	}
	fmt.Fprintf(w, "\nWARNING: %d known provider-rule violation(s), excused until their fix is merged:\n", len(vs))
	for _, v := range vs {
		k, _ := known(v)
		fmt.Fprintf(w, "  - %s\n    (%s)\n", v, k.Why)
	}
}
