// Package deploytime estimates how long `pulumi up` takes: a fresh deploy
// of a stage, or an upgrade from one stage to another. It schedules every
// step of the update on the recorded dependency graph as the Pulumi engine
// runs it, each step taking the typical time its resource type takes
// (durations.go, each with a source), and reports the wall time and the
// critical path: the chain of steps that decides it. Explicit DependsOn
// edges that lengthen it are reported: as kept on purpose, with the reason
// and source of an Ordering (orderings.go), or else as candidates to drop.
//
// What the engine waits for: a resource is registered once the inputs it
// reads are resolved and its explicit DependsOn resources are done (the
// SDK expands a component in DependsOn to the component's resources);
// a resource also waits for its parent (and so for whatever its ancestor
// components waited for) and for its explicit provider. Independent steps
// run in parallel: Pulumi's default parallelism is unbounded (Automation
// API optup.Parallel: "Defaults to unbounded"; `pulumi up --parallel`).
// Deletions (removed resources and the old copies of replaced ones) run
// after every create and update, each after the resources that depended on
// it are gone, also in parallel.
package deploytime

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/millionstack/millionstack/internal/plan"
	"github.com/millionstack/millionstack/millionstacktest"
)

// Step is one resource operation of the update, scheduled.
type Step struct {
	URN    string
	Type   string
	Name   string
	Action plan.Action
	Took   time.Duration
	Start  time.Duration
	End    time.Duration
	// Why names the changed inputs that decide an update's duration.
	Why    string
	Source string
}

// Flag is an explicit DependsOn edge on the critical path: an ordering with
// no input behind it, and no reason in Orderings, that makes the update
// longer.
type Flag struct {
	Resource  string
	WaitsFor  []string
	Saves     time.Duration
	Condition string
}

// Kept is an explicit DependsOn on the critical path that is there on
// purpose: it makes the update longer by Costs, for the Ordering's reason.
type Kept struct {
	Resource string
	WaitsFor []string
	Costs    time.Duration
	Ordering
}

// Estimate is the wall time of one `pulumi up`.
type Estimate struct {
	From string
	To   string
	// Total is the wall time: the create-and-update phase, then deletions.
	Total     time.Duration
	Main      time.Duration
	Deletions time.Duration
	Steps     int
	// Serial is what the same steps would take one at a time (--parallel 1).
	Serial   time.Duration
	Critical []Step
	// DeleteCritical is the critical path of the delete phase.
	DeleteCritical []Step
	Flags          []Flag
	Kept           []Kept
	Unknown        []string
}

// Assumptions every estimate rests on.
var Assumptions = []string{
	"unbounded parallelism (Pulumi's default): independent steps run at the same time",
	"typical AWS times per resource type (sources in internal/deploytime/durations.go); an empty database and no traffic",
	"deletions after all creates and updates, replacements create-before-delete (Pulumi's defaults)",
	"not counted: the program run and preview (seconds), API throttling, a DNS validation that waits on delegation",
}

// Fresh estimates deploying inv onto an empty stack.
func Fresh(stage string, inv *millionstacktest.Inventory) *Estimate {
	actions := map[string]change{}
	for _, r := range inv.Resources {
		actions[r.URN] = change{action: plan.Add}
	}
	e := schedule(inv, nil, actions)
	e.To = stage
	return e
}

// Upgrade estimates moving a stack recorded as from to to, with the
// changes plan.Compare finds.
func Upgrade(fromStage, toStage string, from, to *millionstacktest.Inventory) *Estimate {
	d := plan.Compare(from, to)
	actions := map[string]change{}
	for _, e := range d.Entries {
		c := change{action: e.Action}
		for _, p := range e.Changes {
			c.properties = append(c.properties, p.Property)
		}
		actions[e.URN] = c
		if e.RenamedFrom != "" {
			actions[e.RenamedFrom] = change{action: plan.Retain} // the old identity goes with the alias, nothing deleted
		}
	}
	est := schedule(to, from, actions)
	est.From, est.To = fromStage, toStage
	return est
}

type change struct {
	action     plan.Action
	properties []string
}

// duration is what one action on r takes, and why.
func duration(r millionstacktest.Resource, c change) (time.Duration, string, string, bool) {
	if !r.Custom || r.IsProvider() {
		return 0, "", "", true
	}
	t, known := timingOf(r.Type)
	switch c.action {
	case plan.Add, plan.Replace:
		d, why := t.Create, ""
		for _, cond := range sortedKeys(t.CreateWhen) {
			c := t.CreateWhen[cond]
			path, value, hasValue := strings.Cut(cond, "=")
			if v := r.String(path); v != "" && (!hasValue || v == value) && c > d {
				d, why = c, cond
			}
		}
		return d, why, t.Source, known
	case plan.Update:
		d, why := t.Update, ""
		for _, p := range c.properties {
			if u, ok := t.UpdateBy[p]; ok && u > d {
				d, why = u, p
			}
		}
		if why == "" {
			why = strings.Join(c.properties, ", ")
		}
		return d, why, t.Source, known
	case plan.Delete:
		return t.Delete, "", t.Source, known
	}
	return 0, "", "", true
}

// waitsFor returns what the engine makes r wait for: its dependencies, its
// ancestors' dependencies, a custom parent, its explicit provider. skip
// drops some of r's own dependencies (to measure an explicit edge).
func waitsFor(r millionstacktest.Resource, byURN map[string]millionstacktest.Resource, skip map[string]bool) []string {
	var out []string
	for _, d := range r.Dependencies {
		if !skip[d] {
			out = append(out, d)
		}
	}
	for p := r.Parent; p != ""; {
		parent, ok := byURN[p]
		if !ok {
			break
		}
		if parent.Custom {
			out = append(out, parent.URN)
		}
		out = append(out, parent.Dependencies...)
		p = parent.Parent
	}
	if p := r.ProviderURN(); p != "" {
		out = append(out, p)
	}
	return out
}

// schedule runs the steps on the graph of to (creates and updates) and then
// the deletions on the graph of from.
func schedule(to, from *millionstacktest.Inventory, actions map[string]change) *Estimate {
	e := &Estimate{}
	unknown := map[string]bool{}
	main, ends := longest(to, actions, nil, &e.Serial, &e.Steps, unknown)
	e.Main = main
	e.Critical = criticalPath(to, actions, ends, nil)
	e.Flags, e.Kept = flags(to, actions, main)
	if from != nil {
		del := map[string]change{}
		for urn, c := range actions {
			if c.action == plan.Delete || c.action == plan.Replace {
				del[urn] = change{action: plan.Delete}
			}
		}
		e.Deletions, e.DeleteCritical = deletions(from, del, &e.Serial, &e.Steps, unknown)
	}
	e.Total = e.Main + e.Deletions
	for t := range unknown {
		e.Unknown = append(e.Unknown, t)
	}
	sort.Strings(e.Unknown)
	return e
}

// longest computes each resource's end time: the latest end of what it
// waits for plus its own duration. Registration order is a topological
// order (a resource can only name resources registered before it).
func longest(inv *millionstacktest.Inventory, actions map[string]change, skip map[string]map[string]bool,
	serial *time.Duration, steps *int, unknown map[string]bool) (time.Duration, map[string]time.Duration) {
	byURN := inv.ByURN()
	end := map[string]time.Duration{}
	var total time.Duration
	for _, r := range inv.Resources {
		var start time.Duration
		for _, d := range waitsFor(r, byURN, skip[r.URN]) {
			if end[d] > start {
				start = end[d]
			}
		}
		took := time.Duration(0)
		if c, ok := actions[r.URN]; ok {
			var known bool
			took, _, _, known = duration(r, c)
			if serial != nil && r.Custom && !r.IsProvider() {
				*serial += took
				*steps++
				if !known && unknown != nil {
					unknown[r.Type] = true
				}
			}
		}
		end[r.URN] = start + took
		if end[r.URN] > total {
			total = end[r.URN]
		}
	}
	return total, end
}

// criticalPath walks back from the resource that ends last through the
// dependency that ended last, listing the steps that take time.
func criticalPath(inv *millionstacktest.Inventory, actions map[string]change, end map[string]time.Duration, skip map[string]map[string]bool) []Step {
	byURN := inv.ByURN()
	last := ""
	for _, r := range inv.Resources {
		if last == "" || later(end, r.URN, last) {
			last = r.URN
		}
	}
	var path []Step
	for cur := last; cur != ""; {
		r := byURN[cur]
		c := actions[cur]
		took, why, source, _ := duration(r, c)
		if took > 0 {
			path = append(path, Step{URN: r.URN, Type: r.Type, Name: r.Name, Action: c.action, Took: took, Start: end[cur] - took, End: end[cur], Why: why, Source: source})
		}
		next := ""
		for _, d := range waitsFor(r, byURN, skip[cur]) {
			if _, ok := byURN[d]; ok && (next == "" || later(end, d, next)) {
				next = d
			}
		}
		if next == "" || end[next] == 0 {
			break
		}
		cur = next
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path
}

// flags finds the explicit DependsOn edges (dependencies no input reads)
// whose removal would shorten the update: those without a reason to flag,
// and, grouped by their reason, those kept on purpose (Orderings).
func flags(inv *millionstacktest.Inventory, actions map[string]change, total time.Duration) ([]Flag, []Kept) {
	byURN := inv.ByURN()
	var flagged []Flag
	var kept []Kept
	// saving is how much sooner the update ends without r's edges to deps.
	saving := func(r millionstacktest.Resource, deps []string) (time.Duration, []string) {
		skip := map[string]map[string]bool{r.URN: {}}
		var names []string
		for _, d := range deps {
			skip[r.URN][d] = true
			names = append(names, byURN[d].Type+" "+byURN[d].Name)
		}
		without, _ := longest(inv, actions, skip, nil, nil, nil)
		return total - without, names
	}
	for _, r := range inv.Resources {
		var unexplained []string
		var reasons []Ordering
		because := map[string][]string{} // reason -> the dependencies it explains
		for _, d := range r.ExplicitDependencies() {
			o, ok := explain(r, byURN[d])
			if !ok {
				unexplained = append(unexplained, d)
				continue
			}
			if because[o.Reason] == nil {
				reasons = append(reasons, o)
			}
			because[o.Reason] = append(because[o.Reason], d)
		}
		if len(unexplained) > 0 {
			if saves, names := saving(r, unexplained); saves > 0 {
				flagged = append(flagged, Flag{
					Resource: r.Type + " " + r.Name, WaitsFor: names, Saves: saves,
					Condition: "DependsOn with no input reading it: keep it only if AWS needs the order (say why in the code and in deploytime.Orderings)",
				})
			}
		}
		for _, o := range reasons {
			if costs, names := saving(r, because[o.Reason]); costs > 0 {
				kept = append(kept, Kept{Resource: r.Type + " " + r.Name, WaitsFor: names, Costs: costs, Ordering: o})
			}
		}
	}
	sort.Slice(flagged, func(i, j int) bool {
		if flagged[i].Saves != flagged[j].Saves {
			return flagged[i].Saves > flagged[j].Saves
		}
		return flagged[i].Resource < flagged[j].Resource
	})
	sort.Slice(kept, func(i, j int) bool {
		if kept[i].Costs != kept[j].Costs {
			return kept[i].Costs > kept[j].Costs
		}
		return kept[i].Resource < kept[j].Resource
	})
	return flagged, kept
}

// deletions schedules the delete phase on the old graph: a resource is
// deleted once every deleted resource that depended on it is gone.
func deletions(from *millionstacktest.Inventory, del map[string]change, serial *time.Duration, steps *int, unknown map[string]bool) (time.Duration, []Step) {
	byURN := from.ByURN()
	dependents := map[string][]string{}
	for _, r := range from.Resources {
		for _, d := range waitsFor(r, byURN, nil) {
			dependents[d] = append(dependents[d], r.URN)
		}
	}
	end := map[string]time.Duration{}
	next := map[string]string{}
	var total time.Duration
	last := ""
	// Reverse registration order is a topological order of "depended on by".
	for i := len(from.Resources) - 1; i >= 0; i-- {
		r := from.Resources[i]
		var start time.Duration
		for _, d := range dependents[r.URN] {
			if end[d] > start || (end[d] == start && start > 0 && d < next[r.URN]) {
				start, next[r.URN] = end[d], d
			}
		}
		took := time.Duration(0)
		if c, ok := del[r.URN]; ok {
			var known bool
			took, _, _, known = duration(r, c)
			if r.Custom && !r.IsProvider() {
				*serial += took
				*steps++
				if !known {
					unknown[r.Type] = true
				}
			}
		}
		end[r.URN] = start + took
		if end[r.URN] > total || (end[r.URN] == total && total > 0 && r.URN < last) {
			total, last = end[r.URN], r.URN
		}
	}
	var path []Step
	for cur := last; cur != "" && end[cur] > 0; cur = next[cur] {
		r := byURN[cur]
		if c, ok := del[cur]; ok {
			took, _, source, _ := duration(r, c)
			if took > 0 {
				path = append(path, Step{URN: cur, Type: r.Type, Name: r.Name, Action: plan.Delete, Took: took, Start: end[cur] - took, End: end[cur], Source: source})
			}
		}
	}
	// path runs from the last deletion back to the first: show it in order.
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return total, path
}

// later orders two resources by end time, ties by URN, so the same graph
// always yields the same critical path whatever the registration order.
func later(end map[string]time.Duration, a, b string) bool {
	if end[a] != end[b] {
		return end[a] > end[b]
	}
	return a < b
}

func sortedKeys(m map[string]time.Duration) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Minutes renders a duration as "12 min" or "45 s".
func Minutes(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d s", int(d.Seconds()))
	}
	m := d.Minutes()
	if m == float64(int(m)) {
		return fmt.Sprintf("%d min", int(m))
	}
	return fmt.Sprintf("%.1f min", m)
}
