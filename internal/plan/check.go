package plan

import (
	"fmt"
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
// an error listing every violation.
func checked(stage string, inv *inventory.Inventory) error {
	if vs := Check(inv); len(vs) > 0 {
		return &ViolationsError{Stage: stage, Violations: vs}
	}
	return nil
}
