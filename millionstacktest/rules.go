package millionstacktest

import (
	"fmt"
	"testing"

	"github.com/millionstack/millionstack/internal/providerrules"
)

// Violation is a rule of the AWS provider that one recorded resource breaks:
// the provider (or AWS through it) would refuse the resource at `pulumi up`,
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
}

// String is one line for a person: which resource, what is wrong, and where
// the rule comes from.
func (v Violation) String() string {
	return fmt.Sprintf("%s %s: %s [%s rule, %s]", ShortType(v.Type), v.Name, v.Message, v.Kind, v.Source)
}

// Violations holds every cloud resource of inv against what the pinned
// pulumi-aws SDK states about the arguments of its type (arguments that
// exclude or need each other, allowed values, ranges, lengths, formats; read
// offline from the SDK's doc comments) and returns what breaks them, in
// registration order.
func Violations(inv *Inventory) []Violation {
	var out []Violation
	for _, r := range inv.Cloud() {
		for _, v := range providerrules.Check(r.Type, r.Plain()) {
			out = append(out, Violation{
				URN: r.URN, Type: r.Type, Name: r.Name, Path: v.Path, Kind: string(v.Rule.Kind),
				Message: v.Message, Source: v.Rule.Source.String(),
			})
		}
	}
	return out
}

// NoViolations fails the test for each provider rule a resource of inv
// breaks (see Violations) and reports whether there was none.
func NoViolations(t testing.TB, inv *Inventory) bool {
	t.Helper()
	vs := Violations(inv)
	for _, v := range vs {
		t.Errorf("a real account would refuse it: %s", v)
	}
	return len(vs) == 0
}
