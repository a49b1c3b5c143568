package millionstacktest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// Action is what changing a stack's program does to one resource.
type Action string

// The actions a change can take, from harmless to data-losing.
const (
	Add     Action = "add"
	Update  Action = "update"
	Replace Action = "replace" // delete and recreate: a stateful one loses its data
	Delete  Action = "delete"
	Retain  Action = "retain" // removed from the stack but kept in AWS (RetainOnDelete)
)

// Change is one input that differs between two recordings of a resource.
type Change struct {
	Property string `json:"property"`
	Old      string `json:"old"`
	New      string `json:"new"`
	Replaces bool   `json:"replaces,omitempty"`
}

// Entry is one resource that a change of program touches.
type Entry struct {
	URN      string   `json:"urn"`
	Type     string   `json:"type"`
	Name     string   `json:"name"`
	Action   Action   `json:"action"`
	Stateful bool     `json:"stateful,omitempty"`
	Changes  []Change `json:"changes,omitempty"`
	// RenamedFrom is the old URN when an alias carries the resource over.
	RenamedFrom string `json:"renamedFrom,omitempty"`
}

// Loses reports whether the entry destroys data: a stateful resource
// replaced or deleted (retained ones are kept in AWS).
func (e Entry) Loses() bool {
	return e.Stateful && (e.Action == Replace || e.Action == Delete)
}

// Diff is what deploying one recording of a stack over another would do:
// the resources touched, sorted by URN, and those that lose data.
type Diff struct {
	// Entries are the resources added, updated, replaced, deleted or
	// retained, sorted by URN.
	Entries []Entry
	// Unchanged counts the resources whose inputs, parent and provider are
	// the same.
	Unchanged int
	// DataLosses are the stateful resources replaced or deleted (see
	// IsStateful), in the order of Entries.
	DataLosses []Entry
}

// Compare diffs two recordings of the same stack by URN (following
// aliases), as `pulumi up` of the program of to on a stack deployed with the
// program of from would: what is added, updated (with each input's old and
// new value), replaced (an input the provider cannot change in place, see
// ReplaceTriggers; a ReplaceOnChanges of the program; a move to another
// provider) and deleted. Inputs a resource lists in IgnoreChanges keep their
// old value, as Pulumi does. Components are compared too: a component that
// moves takes its children's URNs with it.
func Compare(from, to *Inventory) *Diff {
	d := &Diff{}
	old := from.ByURN()
	matched := map[string]bool{}
	for _, r := range to.Resources {
		if r.IsProvider() {
			continue
		}
		prev, ok := old[r.URN]
		renamed := ""
		if !ok {
			if prev, ok = aliasMatch(r, old, to); ok {
				renamed = prev.URN
			}
		}
		if !ok {
			d.Entries = append(d.Entries, Entry{URN: r.URN, Type: r.Type, Name: r.Name, Action: Add, Stateful: IsStateful(r)})
			continue
		}
		matched[prev.URN] = true
		changes := propertyChanges(prev, r)
		if c, moved := providerChange(prev, r); moved {
			changes = append([]Change{c}, changes...)
		}
		if len(changes) == 0 && renamed == "" {
			d.Unchanged++
			continue
		}
		action := Update
		for _, c := range changes {
			if c.Replaces {
				action = Replace
			}
		}
		d.Entries = append(d.Entries, Entry{
			URN: r.URN, Type: r.Type, Name: r.Name, Action: action,
			Stateful: IsStateful(prev), Changes: changes, RenamedFrom: renamed,
		})
	}
	for _, r := range from.Resources {
		if r.IsProvider() || matched[r.URN] {
			continue
		}
		action := Delete
		if r.RetainOnDelete {
			action = Retain
		}
		d.Entries = append(d.Entries, Entry{URN: r.URN, Type: r.Type, Name: r.Name, Action: action, Stateful: IsStateful(r)})
	}
	sort.SliceStable(d.Entries, func(i, j int) bool { return d.Entries[i].URN < d.Entries[j].URN })
	for _, e := range d.Entries {
		if e.Loses() {
			d.DataLosses = append(d.DataLosses, e)
		}
	}
	return d
}

// aliasMatch finds the old resource one of r's aliases names.
func aliasMatch(r Resource, old map[string]Resource, in *Inventory) (Resource, bool) {
	for _, a := range r.Aliases {
		urn := a.URN
		if urn == "" {
			name, typ, parent := orDefault(a.Name, r.Name), orDefault(a.Type, r.Type), orDefault(a.Parent, r.Parent)
			urn = urnOf(in.Stack, in.project(), parent, typ, name)
		}
		if prev, ok := old[urn]; ok {
			return prev, true
		}
	}
	return Resource{}, false
}

// propertyChanges lists the top-level inputs that differ, marking those that
// force a replacement. An input the new registration lists in IgnoreChanges
// keeps its old value, as Pulumi does.
func propertyChanges(prev, next Resource) []Change {
	a, b := prev.Plain(), withIgnored(prev.Plain(), next.Plain(), next.IgnoreChanges)
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var out []Change
	for _, k := range sortedSet(keys) {
		if k == "__defaults" || reflect.DeepEqual(a[k], b[k]) {
			continue
		}
		change := Change{Property: k, Old: renderValue(a[k]), New: renderValue(b[k]), Replaces: triggersReplace(next, k, a[k], b[k])}
		if sensitive[k] {
			change.Old, change.New = masked(a[k]), masked(b[k])
		}
		out = append(out, change)
	}
	return out
}

// ProviderProperty is the pseudo-property a diff reports when a resource
// moves to another provider.
const ProviderProperty = "(provider)"

// providerChange reports a resource that moves to another provider
// instance: from the default provider to an explicit one, or between
// explicit ones. The engine deletes the resource through the old provider and
// creates it through the new one (pulumi/pulumi#8959), so it counts as a
// replacement; two stages must keep every resource on the provider it has.
// Providers are compared by URN: the ID part of a reference changes only
// when the provider itself is replaced, which is not a move.
func providerChange(prev, next Resource) (Change, bool) {
	before, after := providerURN(prev.Provider), providerURN(next.Provider)
	if before == after {
		return Change{}, false
	}
	return Change{Property: ProviderProperty, Old: orDefault(before, "default provider"), New: orDefault(after, "default provider"), Replaces: true}, true
}

// providerURN is the URN part of a provider reference ("<urn>::<id>"); ""
// for the default provider.
func providerURN(ref string) string {
	if i := strings.LastIndex(ref, "::"); i >= 0 && strings.HasPrefix(ref, "urn:") {
		return ref[:i]
	}
	return ref
}

// withIgnored returns next with the value of every path it ignores taken
// from prev (removed where prev has none): Pulumi keeps the old value of an
// ignored input. Paths are Pulumi property paths; "*" ignores every input,
// a dotted path ("rootBlockDevice.volumeSize") one field of an object. A
// path into a list ("ingress[0].cidrBlocks") is not followed: the change is
// shown, which errs toward reporting.
func withIgnored(prev, next map[string]interface{}, paths []string) map[string]interface{} {
	if len(paths) == 0 {
		return next
	}
	out := copyMap(next)
	for _, p := range paths {
		if p == "*" {
			return prev
		}
		if strings.ContainsAny(p, "[]\"") {
			continue
		}
		keepOld(prev, out, strings.Split(p, "."))
	}
	return out
}

// keepOld sets path in next to its value in prev, copying the objects on the
// way so that next's inputs are not changed in place.
func keepOld(prev, next map[string]interface{}, path []string) {
	key := path[0]
	old, had := prev[key]
	if len(path) == 1 {
		if had {
			next[key] = old
		} else {
			delete(next, key)
		}
		return
	}
	oldObj, _ := old.(map[string]interface{})
	newObj, ok := next[key].(map[string]interface{})
	if !ok {
		return
	}
	newObj = copyMap(newObj)
	next[key] = newObj
	keepOld(oldObj, newObj, path[1:])
}

func copyMap(m map[string]interface{}) map[string]interface{} {
	out := make(map[string]interface{}, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// sensitive are the inputs whose values a diff never shows. (The provider
// also marks every SSM parameter value secret; the app's endpoints are not,
// and seeing them change is the point of the diff.)
var sensitive = map[string]bool{"password": true, "secretString": true, "secretBinary": true, "authToken": true}

// masked hides a sensitive value but says whether there is one: a
// password that appears (the switch to a stored master password) reads
// "(unset) -> [secret]".
func masked(v interface{}) string {
	if v == nil {
		return renderValue(v)
	}
	return "[secret]"
}

// renderValue shows an input value on one line, clipped.
func renderValue(v interface{}) string {
	if v == nil {
		return "(unset)"
	}
	if s, ok := v.(string); ok {
		return clip(s)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return clip(fmt.Sprint(v))
	}
	return clip(string(b))
}

func clip(s string) string {
	s = strings.ReplaceAll(s, "\n", "\\n")
	if len(s) > 120 {
		return s[:117] + "..."
	}
	return s
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Breaks returns what the diff does that an in-place change of a stack must
// not: every resource it replaces (a stateful one loses its data; any other
// is an outage or a new address) and every stateful resource it deletes.
// Deleting a resource that holds no data, or retaining one
// (RetainOnDelete), is a change of architecture, not a break.
func (d *Diff) Breaks() []Entry {
	var out []Entry
	for _, e := range d.Entries {
		if e.Action == Replace || e.Loses() {
			out = append(out, e)
		}
	}
	return out
}

// AssertInPlace compares two recordings of a stack (see Compare) and fails
// the test for each resource the change from before to after replaces and
// each stateful one it deletes (Diff.Breaks), naming the inputs that force
// it. Record both on the same stack and project, as `pulumi up` of the new
// program on a stack deployed with the old would see them. It reports
// whether the change is in place.
func AssertInPlace(t testing.TB, before, after *Inventory) bool {
	t.Helper()
	breaks := Compare(before, after).Breaks()
	for _, e := range breaks {
		var why []string
		for _, c := range e.Changes {
			if c.Replaces {
				why = append(why, fmt.Sprintf("%s: %s -> %s", c.Property, c.Old, c.New))
			}
		}
		what := "replaces"
		if e.Action == Delete {
			what = "deletes"
		}
		loses := ""
		if e.Stateful {
			loses = ", losing its data"
		}
		t.Errorf("the change %s %s %s%s %s", what, e.Type, e.Name, loses, strings.Join(why, "; "))
	}
	return len(breaks) == 0
}

// orDefault returns v, or def when v is empty.
func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
