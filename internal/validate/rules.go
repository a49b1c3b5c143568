package validate

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// Rule is what one check allows of one field: "1 to 35", "a security
// group ID such as ...". A check records its rule every time it runs,
// whether the value passes or not, and ends every problem it reports with
// "; allowed: " and the rule's phrase. The component reference
// (internal/componentdocs) collects the rules by running each component's
// Validate under Describe and shows them in its Allowed column: the
// reference and the errors say what is allowed in the same words, because
// they are the same words.
//
// A rule's phrase describes the field, not the value at hand: it may name
// other fields ("at least 10% above AllocatedStorageGiB") or the
// component's region, which is filled in when it is known.
type Rule struct {
	// Field is the Args field (or config key) with its path below the
	// Args, as in Problem.Field ("Records[1].Name").
	Field string
	// Allowed says what the field allows.
	Allowed string
}

// Check applies one rule: it reports the values the rule refuses.
type Check struct {
	p    *Problems
	rule Rule
}

// Allows records the rule that field allows what allowed says and returns
// the Check that reports the values it refuses. Call it where the field is
// checked, before the test of the value, so that the rule is recorded
// however the value turns out; a rule of every element of a list or map
// is recorded once before the loop over them.
func (p *Problems) Allows(field, allowed string) Check {
	rule := Rule{Field: field, Allowed: allowed}
	if p.sink != nil {
		p.sink.add(rule)
	}
	return Check{p: p, rule: rule}
}

// Refuse reports the value as a problem of the rule's field: format (with
// args) says what is wrong with it, and "; allowed: " and the rule's
// phrase follow.
func (c Check) Refuse(format string, args ...interface{}) {
	c.RefuseAt(c.rule.Field, format, args...)
}

// RefuseIf reports the value as Refuse does when refused is true.
func (c Check) RefuseIf(refused bool, format string, args ...interface{}) {
	if refused {
		c.Refuse(format, args...)
	}
}

// RefuseAt reports a problem as Refuse does, of field: an element of the
// rule's field ("Subnets[2]" of a rule of "Subnets").
func (c Check) RefuseAt(field, format string, args ...interface{}) {
	c.p.errs = append(c.p.errs, &Problem{
		Scope:   c.p.scope,
		Field:   field,
		Message: fmt.Sprintf(format, args...) + "; allowed: " + c.rule.Allowed,
		allowed: c.rule.Allowed,
	})
}

// Required records that field must be set and reports it when it is not:
// "is required", then why (": the private subnets the tasks run in") when
// there is more to say. Call it only where the field is required.
func (p *Problems) Required(field string, set bool, why string) {
	phrase := "required"
	if why != "" {
		phrase += ": " + why
	}
	p.Allows(field, phrase)
	if !set {
		p.errs = append(p.errs, &Problem{Scope: p.scope, Field: field, Message: "is " + phrase, allowed: phrase})
	}
}

// Describe runs check, a validation such as an Args type's Validate, with
// a component name of its own, and returns the rules applied by every
// check of the problems started for that name (For(kind, name)), with the
// error check returned. Calls may run at the same time: each has a name of
// its own.
func Describe(check func(name string) error) ([]Rule, error) {
	name := fmt.Sprintf("describe-%d", describeCount.Add(1))
	s := &sink{}
	sinks.Store(name, s)
	defer sinks.Delete(name)
	err := check(name)
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Rule(nil), s.rules...), err
}

var (
	// sinks are the rule sinks of the validations Describe is running, by
	// component name.
	sinks         sync.Map
	describeCount atomic.Int64
)

// sink collects the rules of one validation Describe runs (or Within
// nests), and the kind of component it validates.
type sink struct {
	mu    sync.Mutex
	rules []Rule
	kind  string
}

// sinkOf returns the sink of the validation of the component called name,
// or nil when no Describe runs it.
func sinkOf(name string) *sink {
	if s, ok := sinks.Load(name); ok {
		return s.(*sink)
	}
	return nil
}

func (s *sink) add(r Rule) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules = append(s.rules, r)
}

// validates records the kind of component the validation is of (the first
// one For starts problems of).
func (s *sink) validates(kind string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.kind == "" {
		s.kind = kind
	}
}

// kindOf returns the kind of component the validation is of, "" when it
// started no problems.
func (s *sink) kindOf() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kind
}
