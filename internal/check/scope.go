package check

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/millionstack/millionstack/millionstacktest"
)

// Scope is the inventory as the rules query it: resources by URN and, for
// each resource, the resources whose inputs were computed from it (a
// bucket's policy, a load balancer's listeners, a VPC's flow log).
type Scope struct {
	inv      *millionstacktest.Inventory
	byURN    map[string]millionstacktest.Resource
	attached map[string][]attachment
}

type attachment struct {
	r        millionstacktest.Resource
	property string
}

// NewScope indexes an inventory for the rules.
func NewScope(inv *millionstacktest.Inventory) *Scope {
	s := &Scope{inv: inv, byURN: inv.ByURN(), attached: map[string][]attachment{}}
	for _, r := range inv.Resources {
		for property, urns := range r.PropertyDependencies {
			for _, u := range urns {
				s.attached[u] = append(s.attached[u], attachment{r, property})
			}
		}
	}
	return s
}

// Attached returns the resources of type typ with an input computed from r
// (any input when properties is empty, else one of those inputs), in
// registration order.
func (s *Scope) Attached(r millionstacktest.Resource, typ string, properties ...string) []millionstacktest.Resource {
	var out []millionstacktest.Resource
	seen := map[string]bool{}
	for _, a := range s.attached[r.URN] {
		if a.r.Type != typ || seen[a.r.URN] {
			continue
		}
		if len(properties) > 0 && !contains(properties, a.property) {
			continue
		}
		seen[a.r.URN] = true
		out = append(out, a.r)
	}
	return out
}

// Sources returns the resources of type typ that r's input property was
// computed from (the subnets of a load balancer's "subnets").
func (s *Scope) Sources(r millionstacktest.Resource, property, typ string) []millionstacktest.Resource {
	var out []millionstacktest.Resource
	for _, u := range r.PropertyDependencies[property] {
		if dep, ok := s.byURN[u]; ok && dep.Type == typ {
			out = append(out, dep)
		}
	}
	return out
}

// ByType returns the inventory's resources of a type.
func (s *Scope) ByType(typ string) []millionstacktest.Resource { return s.inv.ByType(typ) }

// Region is the region r lives in.
func (s *Scope) Region(r millionstacktest.Resource) string { return s.inv.RegionOf(r) }

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// isTrue reports whether the input at path is the boolean true (or "true":
// some inputs are strings in the SDK).
func isTrue(r millionstacktest.Resource, path string) bool { return r.String(path) == "true" }

// isSet reports whether the input at path is set to a non-empty value.
func isSet(r millionstacktest.Resource, path string) bool { return r.String(path) != "" }

// number returns the input at path as a number (0 when unset or not numeric).
func number(r millionstacktest.Resource, path string) float64 {
	var f float64
	fmt.Sscanf(r.String(path), "%g", &f)
	return f
}

// list returns the input at path as a list (nil when unset).
func list(r millionstacktest.Resource, path string) []interface{} {
	v, _ := r.Input(path)
	l, _ := v.([]interface{})
	return l
}

// maps returns the input at path as a list of objects.
func maps(r millionstacktest.Resource, path string) []map[string]interface{} {
	var out []map[string]interface{}
	for _, e := range list(r, path) {
		if m, ok := e.(map[string]interface{}); ok {
			out = append(out, m)
		}
	}
	return out
}

// get reads a dotted path inside a plain map.
func get(m map[string]interface{}, path string) interface{} {
	var cur interface{} = m
	for _, k := range strings.Split(path, ".") {
		node, ok := cur.(map[string]interface{})
		if !ok {
			return nil
		}
		cur = node[k]
	}
	return cur
}

// str reads a dotted path inside a plain map as a string ("" when unset).
func str(m map[string]interface{}, path string) string {
	v := get(m, path)
	if v == nil {
		return ""
	}
	if f, ok := v.(float64); ok {
		return fmt.Sprintf("%g", f)
	}
	return fmt.Sprint(v)
}

// statement is one statement of a policy document.
type statement struct {
	Effect    string
	Principal interface{}
	Action    interface{}
	Resource  interface{}
	Condition map[string]interface{}
}

// statements parses the policy document held in r's input at path; an
// unparseable document yields no statements and an error.
func statements(r millionstacktest.Resource, path string) ([]statement, error) {
	text := r.String(path)
	if text == "" {
		return nil, nil
	}
	var doc struct {
		Statement json.RawMessage
	}
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		return nil, err
	}
	var many []statement
	if err := json.Unmarshal(doc.Statement, &many); err == nil {
		return many, nil
	}
	var one statement
	err := json.Unmarshal(doc.Statement, &one)
	return []statement{one}, err
}

// strings returns a policy field (a string or a list of them) as a list.
func (st statement) values(v interface{}) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []interface{}:
		var out []string
		for _, e := range x {
			out = append(out, fmt.Sprint(e))
		}
		return out
	}
	return nil
}

// public reports whether an Allow statement admits anyone ("*" principal)
// without a condition narrowing it (source account, ARN, VPC, org).
func (st statement) public() bool {
	if st.Effect != "Allow" || len(st.Condition) > 0 {
		return false
	}
	switch p := st.Principal.(type) {
	case string:
		return p == "*"
	case map[string]interface{}:
		for _, v := range st.values(p["AWS"]) {
			if v == "*" {
				return true
			}
		}
	}
	return false
}
