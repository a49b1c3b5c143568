// Package check evaluates a recorded stage against security and reliability
// rules mapped to AWS Security Hub controls (the Foundational Security Best
// Practices standard, with the CIS AWS Foundations Benchmark requirement
// where one applies). It reads only the recorded inventory: every resource
// is judged by its type and the inputs the program sent, and resources are
// related to each other through the dependencies the engine recorded (a
// bucket policy belongs to the bucket its "bucket" input came from), so a
// new component or stage is checked without the rules knowing it.
package check

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/millionstack/millionstack/millionstacktest"
)

// Severity is a control's severity as Security Hub lists it.
type Severity string

// Severities, most severe first.
const (
	Critical Severity = "critical"
	High     Severity = "high"
	Medium   Severity = "medium"
	Low      Severity = "low"
)

// Rule is one Security Hub control, evaluated on every resource of the types
// it covers (or once per stack for an account-level control).
type Rule struct {
	// ID and Title are the control's, as the Security Hub controls reference
	// lists them ("RDS.5", "RDS DB instances should be configured with
	// multiple Availability Zones").
	ID    string
	Title string
	// Service is the AWS service the control belongs to ("RDS").
	Service  string
	Severity Severity
	// CIS names the CIS AWS Foundations Benchmark requirement the control
	// maps to, when there is one ("CIS v3.0.0 2.3.1").
	CIS string
	// From is the first stage the control applies to ("1k" for Multi-AZ),
	// empty when it applies at every stage; Why says why it starts there.
	From, Why string
	// Types are the resource types the control evaluates.
	Types []string
	// Eval judges one resource: ok, and a short reason (why it fails; on a
	// pass, what makes it pass, or empty).
	Eval func(r millionstacktest.Resource, s *Scope) (ok bool, reason string)
	// Account, instead of Types and Eval, judges the whole stack once (a
	// control about the account, such as "a multi-Region trail exists").
	Account func(s *Scope) (ok bool, reason string)
}

// Result is the outcome of one control on one resource.
type Result string

// Results.
const (
	Pass       Result = "pass"
	Fail       Result = "fail"
	Suppressed Result = "suppressed" // failed, but the user accepted it with a reason
	Accepted   Result = "accepted"   // failed, and millionstack's design accepts it: see Acceptances
)

// Finding is one control evaluated on one resource.
type Finding struct {
	Control  string   `json:"control"`
	Title    string   `json:"title"`
	Service  string   `json:"service"`
	Severity Severity `json:"severity"`
	URN      string   `json:"urn"`
	Type     string   `json:"type"`
	Name     string   `json:"name"`
	Result   Result   `json:"result"`
	Reason   string   `json:"reason,omitempty"`
	// Suppression is the user's reason for accepting a failure.
	Suppression string `json:"suppression,omitempty"`
}

// NotApplicable is a control that does not apply at the stage checked.
type NotApplicable struct {
	Control string `json:"control"`
	Title   string `json:"title"`
	From    string `json:"from"`
	Why     string `json:"why"`
}

// Report is a stage's findings.
type Report struct {
	Stage         string          `json:"stage"`
	Findings      []Finding       `json:"findings"`
	NotApplicable []NotApplicable `json:"notApplicable,omitempty"`
	Passed        int             `json:"passed"`
	Failed        int             `json:"failed"`
	Suppressed    int             `json:"suppressed"`
	// Accepted are failures millionstack's own design accepts, each with
	// its reason (Acceptances): Security Hub would report them too.
	Accepted int `json:"accepted"`
	// Unused are suppressions that matched no failure: stale config.
	Unused []Suppression `json:"unusedSuppressions,omitempty"`
}

// Options say which stage is checked and what the user accepts.
type Options struct {
	// Stage is the stage the inventory is of; with Ladder it decides which
	// controls apply. Empty: every control applies.
	Stage string
	// Ladder is the stages in order (stages.Names()).
	Ladder []string
	// Suppressions are the failures the user accepts, each with a reason.
	Suppressions []Suppression
}

// Run evaluates every rule on the inventory.
func Run(inv *millionstacktest.Inventory, rules []Rule, opts Options) *Report {
	s := NewScope(inv)
	rep := &Report{Stage: opts.Stage}
	used := make([]bool, len(opts.Suppressions))
	for _, rule := range rules {
		if !applies(rule, opts) {
			rep.NotApplicable = append(rep.NotApplicable, NotApplicable{rule.ID, rule.Title, rule.From, rule.Why})
			continue
		}
		add := func(r millionstacktest.Resource, ok bool, reason string) {
			f := Finding{
				Control: rule.ID, Title: rule.Title, Service: rule.Service, Severity: rule.Severity,
				URN: r.URN, Type: r.Type, Name: r.Name, Result: Pass, Reason: reason,
			}
			if !ok {
				f.Result = Fail
				if a, found := acceptance(rule.ID, r, s); found {
					f.Result, f.Suppression = Accepted, a.Reason
					rep.Findings = append(rep.Findings, f)
					return
				}
				for i, sup := range opts.Suppressions {
					if sup.Matches(rule.ID, r) {
						f.Result, f.Suppression, used[i] = Suppressed, sup.Reason, true
						break
					}
				}
			}
			rep.Findings = append(rep.Findings, f)
		}
		if rule.Account != nil {
			ok, reason := rule.Account(s)
			add(accountResource(inv), ok, reason)
			continue
		}
		for _, typ := range rule.Types {
			for _, r := range inv.ByType(typ) {
				if !r.Custom {
					continue
				}
				ok, reason := rule.Eval(r, s)
				add(r, ok, reason)
			}
		}
	}
	for i, sup := range opts.Suppressions {
		if !used[i] {
			rep.Unused = append(rep.Unused, sup)
		}
	}
	for _, f := range rep.Findings {
		switch f.Result {
		case Pass:
			rep.Passed++
		case Fail:
			rep.Failed++
		case Suppressed:
			rep.Suppressed++
		case Accepted:
			rep.Accepted++
		}
	}
	return rep
}

// accountResource stands for the AWS account in findings of account-level
// controls: the stack itself.
func accountResource(inv *millionstacktest.Inventory) millionstacktest.Resource {
	stack := fmt.Sprintf("urn:pulumi:%s::%s::pulumi:pulumi:Stack::%s-%s", inv.Stack, millionstacktest.DefaultProject, millionstacktest.DefaultProject, inv.Stack)
	return millionstacktest.Resource{URN: stack, Type: "pulumi:pulumi:Stack", Name: millionstacktest.DefaultProject + "-" + inv.Stack}
}

// applies reports whether a rule applies at the stage checked: always when
// the rule has no From, the stage is unknown or not on the ladder (a stage
// above the ladder's known ones inherits every control).
func applies(rule Rule, opts Options) bool {
	if rule.From == "" || opts.Stage == "" {
		return true
	}
	at, from := indexOf(opts.Ladder, opts.Stage), indexOf(opts.Ladder, rule.From)
	if at < 0 || from < 0 {
		return true
	}
	return at >= from
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// Failures returns the findings that failed (not the suppressed ones).
func (r *Report) Failures() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Result == Fail {
			out = append(out, f)
		}
	}
	return out
}

// Suppression is a failure the user accepts: a control, the resources it is
// accepted on and why. Resource is a URN, a logical name, or a glob over
// either ("web-*", "*").
type Suppression struct {
	Control  string `json:"control"`
	Resource string `json:"resource"`
	Reason   string `json:"reason"`
}

// Matches reports whether the suppression covers control on r.
func (s Suppression) Matches(control string, r millionstacktest.Resource) bool {
	if !strings.EqualFold(s.Control, control) {
		return false
	}
	for _, candidate := range []string{r.URN, r.Name} {
		if s.Resource == candidate {
			return true
		}
		if ok, err := path.Match(s.Resource, candidate); err == nil && ok {
			return true
		}
	}
	return false
}

// Validate checks suppressions against the rules: every one names a known
// control, a resource pattern and a reason. It returns every problem.
func Validate(sups []Suppression, rules []Rule) error {
	known := map[string]bool{}
	for _, r := range rules {
		known[strings.ToLower(r.ID)] = true
	}
	var problems []string
	for i, s := range sups {
		where := fmt.Sprintf("suppression %d", i+1)
		if !known[strings.ToLower(s.Control)] {
			problems = append(problems, fmt.Sprintf("%s: control %q is not a rule of millionstack check (see millionstack check --rules)", where, s.Control))
		}
		if strings.TrimSpace(s.Resource) == "" {
			problems = append(problems, where+": resource is empty; give a URN, a logical name or a glob (\"web-*\")")
		} else if _, err := path.Match(s.Resource, ""); err != nil {
			problems = append(problems, fmt.Sprintf("%s: resource %q is not a valid glob: %v", where, s.Resource, err))
		}
		if strings.TrimSpace(s.Reason) == "" {
			problems = append(problems, where+": reason is empty; say why the failure is accepted")
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// Sorted returns the findings ordered for reading: failures first, then
// suppressed, then passes, each by control and resource.
func (r *Report) Sorted() []Finding {
	out := append([]Finding(nil), r.Findings...)
	rank := map[Result]int{Fail: 0, Suppressed: 1, Pass: 2}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank[a.Result] != rank[b.Result] {
			return rank[a.Result] < rank[b.Result]
		}
		if a.Control != b.Control {
			return controlLess(a.Control, b.Control)
		}
		return a.URN < b.URN
	})
	return out
}

// controlLess orders control IDs by service, then by number (EC2.2 before EC2.10).
func controlLess(a, b string) bool {
	sa, na := splitID(a)
	sb, nb := splitID(b)
	if sa != sb {
		return sa < sb
	}
	return na < nb
}

func splitID(id string) (string, int) {
	service, num, _ := strings.Cut(id, ".")
	n := 0
	fmt.Sscanf(num, "%d", &n)
	return service, n
}
