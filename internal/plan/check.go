package plan

import (
	"fmt"
	"strings"

	"github.com/millionstack/millionstack/millionstacktest"
)

// Violation is a provider rule that one recorded resource breaks (see
// millionstacktest.Violations).
type Violation = millionstacktest.Violation

// Check holds every cloud resource of an inventory against the provider
// rules of its type (internal/providerrules) and returns what breaks them,
// in registration order.
func Check(inv *millionstacktest.Inventory) []Violation { return millionstacktest.Violations(inv) }

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

// Checked holds a stage's inventory against the provider rules and returns
// a *ViolationsError listing every violation, nil when there is none.
func Checked(stage string, inv *millionstacktest.Inventory) error {
	if vs := Check(inv); len(vs) > 0 {
		return &ViolationsError{Stage: stage, Violations: vs}
	}
	return nil
}
