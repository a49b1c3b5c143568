package millionstacktest

// This file holds the helpers for tests: recording a program that must
// succeed or must be rejected, fetching resources and inputs that must
// exist, checking parentage, listing names, decoding JSON documents held in
// inputs and applying a resource's IgnoreChanges as the engine does on an
// update. Every helper that can fail takes a testing.TB, marks itself as a
// helper and stops the test (require) when what it fetches is missing, so a
// test reads as a list of assertions about what the program registered.

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// MustRecord runs program under the recording mocks with opts (see Record)
// and stops the test if the program fails.
func MustRecord(t testing.TB, program pulumi.RunFunc, opts Options) *Inventory {
	t.Helper()
	inv, err := Record(program, opts)
	require.NoError(t, err)
	return inv
}

// Rejected checks that a program run failed with an error containing every
// want and that it registered nothing.
func Rejected(t testing.TB, inv *Inventory, err error, want ...string) {
	t.Helper()
	require.Error(t, err)
	for _, w := range want {
		assert.Contains(t, err.Error(), w)
	}
	NothingRegistered(t, inv)
}

// NothingRegistered checks that a run registered no resource at all: no
// component, no cloud resource and no provider.
func NothingRegistered(t testing.TB, inv *Inventory) {
	t.Helper()
	assert.Empty(t, inv.Resources, "nothing may be registered when the arguments are invalid")
}

// Named returns the resource with a type and logical name, stopping the test
// when there is none.
func Named(t testing.TB, inv *Inventory, typ, name string) Resource {
	t.Helper()
	r, ok := inv.Named(typ, name)
	require.True(t, ok, "%s %q is not registered", typ, name)
	return r
}

// Only returns the single resource of a type, stopping the test unless there
// is exactly one.
func Only(t testing.TB, inv *Inventory, typ string) Resource {
	t.Helper()
	rs := inv.ByType(typ)
	require.Len(t, rs, 1, typ)
	return rs[0]
}

// Input returns the input of r at a dotted path (see Resource.Input),
// stopping the test when it is unset.
func Input(t testing.TB, r Resource, path string) interface{} {
	t.Helper()
	v, ok := r.Input(path)
	require.True(t, ok, "%s %s has no input %s", r.Type, r.Name, path)
	return v
}

// Value returns the input of r at a dotted path, or nil when it is unset; for
// assertions where an unset input simply fails the comparison.
func Value(r Resource, path string) interface{} {
	v, _ := r.Input(path)
	return v
}

// ParentedTo checks that each child's parent is the resource parent.
func ParentedTo(t testing.TB, parent Resource, children ...Resource) {
	t.Helper()
	for _, r := range children {
		assert.Equal(t, parent.URN, r.Parent, "%s %s is not a child of %s %s", r.Type, r.Name, parent.Type, parent.Name)
	}
}

// Under returns the resources of a type below the resource with URN parent,
// at any depth, in registration order.
func Under(inv *Inventory, parent, typ string) []Resource {
	byURN := inv.ByURN()
	var out []Resource
	for _, r := range inv.ByType(typ) {
		for p := r.Parent; p != ""; p = byURN[p].Parent {
			if p == parent {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// Names returns the logical names of rs, in their order.
func Names(rs []Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Name)
	}
	return out
}

// Labels returns "type name" for each of rs, in their order, for comparing
// what a component registered against a list.
func Labels(rs []Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Type+" "+r.Name)
	}
	return out
}

// JSON decodes the JSON document held in the input of r at path into into,
// stopping the test when it is not valid JSON (or unset).
func JSON(t testing.TB, r Resource, path string, into interface{}) {
	t.Helper()
	require.NoError(t, json.Unmarshal([]byte(r.String(path)), into), "%s %s: input %s: %s", r.Type, r.Name, path, r.String(path))
}

// Document decodes the JSON document (an IAM policy, say) held in the input
// of r at path as a plain map.
func Document(t testing.TB, r Resource, path string) map[string]interface{} {
	t.Helper()
	var doc map[string]interface{}
	JSON(t, r, path, &doc)
	return doc
}

// Statements decodes the policy document held in the input of r at path and
// returns its statements.
func Statements(t testing.TB, r Resource, path string) []map[string]interface{} {
	t.Helper()
	var doc struct{ Statement []map[string]interface{} }
	JSON(t, r, path, &doc)
	return doc.Statement
}

// AfterIgnoreChanges returns the inputs the Pulumi engine hands the provider
// when next updates a resource that exists with the inputs old: each path in
// next.IgnoreChanges is reset to its value in old, or removed when old has
// none, as the engine's processIgnoreChanges does with
// resource.PropertyPath.Reset (pulumi/pulumi
// pkg/resource/deploy/step_generator.go). The mocks record a program's
// inputs as if every resource were new; this is what a later run sends.
func AfterIgnoreChanges(t testing.TB, old resource.PropertyMap, next Resource) resource.PropertyMap {
	t.Helper()
	sent := next.Inputs.Copy()
	for _, p := range next.IgnoreChanges {
		path, err := resource.ParsePropertyPath(p)
		require.NoError(t, err, "%s %s: ignoreChanges %q", next.Type, next.Name, p)
		require.True(t, path.Reset(old, sent), "%s %s: the engine refuses ignoreChanges %q", next.Type, next.Name, p)
	}
	return sent
}

// Resolve waits for the value of out, an output of a recorded program's
// component (an output field, a grant helper's policy document), so that a
// test can assert on it. Call it after Record has returned: the mocks have
// answered by then.
func Resolve(t testing.TB, out pulumi.StringOutput) string {
	t.Helper()
	got := make(chan string, 1)
	out.ApplyT(func(v string) string { got <- v; return v })
	return <-got
}

// ResolveStrings is Resolve for a list output (subnet IDs, replica IDs).
func ResolveStrings(t testing.TB, out pulumi.StringArrayOutput) []string {
	t.Helper()
	got := make(chan []string, 1)
	out.ApplyT(func(v []string) []string { got <- v; return v })
	return <-got
}
