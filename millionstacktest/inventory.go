package millionstacktest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// DefaultProject is the Pulumi project a program is recorded in when
// Options.Project is empty: millionstack's own (its Pulumi.yaml), so that
// the stages' recorded URNs equal the URNs of a real deployment.
const DefaultProject = "millionstack"

// Resource is one registration the program made: a component, a custom
// (cloud) resource or a provider.
type Resource struct {
	URN    string
	Type   string
	Name   string
	Parent string // URN of the parent: the stack's URN for top-level resources.
	Custom bool   // true for resources managed by a provider, false for components.

	// Inputs are the properties the program sent, with outputs of other
	// resources resolved to the values the mocks returned.
	Inputs resource.PropertyMap
	// Outputs are what the mocks answered (inputs plus synthesised IDs, ARNs
	// and endpoints).
	Outputs resource.PropertyMap

	Dependencies     []string // URNs the resource depends on.
	IgnoreChanges    []string
	ReplaceOnChanges []string
	Protect          bool
	RetainOnDelete   bool
	Aliases          []Alias
	Provider         string // provider reference, empty for the default provider.

	// PropertyDependencies are, per input property, the URNs whose outputs
	// the property was computed from. A dependency in Dependencies but in no
	// property's list is an explicit DependsOn: an ordering with no data
	// behind it.
	PropertyDependencies map[string][]string
	// DeleteBeforeReplace: a replacement deletes the old resource before it
	// creates the new one (pulumi.DeleteBeforeReplace).
	DeleteBeforeReplace bool
}

// Alias is a previous identity of a resource (pulumi.Alias) as sent to the engine.
type Alias struct {
	URN    string
	Name   string
	Type   string
	Parent string
}

// IsProvider reports whether the registration is a provider instance
// (pulumi:providers:aws) rather than a resource of the architecture.
func (r Resource) IsProvider() bool {
	return strings.HasPrefix(r.Type, "pulumi:providers:")
}

// Input returns the input at a dotted path ("metadataOptions.httpTokens",
// "ingress[0].fromPort") as a plain Go value (string, float64, bool,
// []interface{}, map[string]interface{}) and whether it was set.
func (r Resource) Input(path string) (interface{}, bool) {
	return lookup(r.Inputs, path)
}

// String returns the input at path as a string ("" when unset), for terse assertions.
func (r Resource) String(path string) string {
	v, ok := r.Input(path)
	if !ok || v == nil {
		return ""
	}
	if f, isFloat := v.(float64); isFloat {
		return strconv.FormatFloat(f, 'f', -1, 64) // 5368709120, not 5.36870912e+09
	}
	return fmt.Sprint(v)
}

// Inventory is everything one program run registered, in registration order.
type Inventory struct {
	// Stack and Project are the stack and project the program ran as
	// (Options.Stack and Options.Project, defaults applied): the parts of
	// every URN.
	Stack     string
	Project   string
	Resources []Resource
	// Invokes are the data-source lookups the program made, in order.
	Invokes []Invoke

	// Region is the stack's region (aws:region): where every resource on
	// the default provider lives.
	Region string
}

// Invoke is one data-source lookup the program made (aws.GetRegion, ...).
type Invoke struct {
	Token    string // "aws:index/getRegion:getRegion"
	Provider string // provider reference, empty for the default provider.
}

// ProviderURN returns the URN of the explicit provider r was registered
// with (Provider is "<provider URN>::<provider ID>"), or "" when it uses the
// default provider.
func (r Resource) ProviderURN() string {
	if r.Provider == "" {
		return ""
	}
	if i := strings.LastIndex(r.Provider, "::"); i >= 0 {
		return r.Provider[:i]
	}
	return r.Provider
}

// RegionOf returns the AWS region r lives in: its explicit provider's region
// when it has one that sets it, else the stack's.
func (inv *Inventory) RegionOf(r Resource) string {
	if urn := r.ProviderURN(); urn != "" {
		for _, p := range inv.Resources {
			if p.URN == urn {
				if region := p.String("region"); region != "" {
					return region
				}
			}
		}
	}
	if inv.Region == "" {
		return DefaultRegion
	}
	return inv.Region
}

// ExplicitDependencies returns the dependencies of r that no input property
// accounts for: the DependsOn edges, which order resources without passing
// data between them.
func (r Resource) ExplicitDependencies() []string {
	data := map[string]bool{}
	for _, urns := range r.PropertyDependencies {
		for _, u := range urns {
			data[u] = true
		}
	}
	var out []string
	for _, d := range r.Dependencies {
		if !data[d] {
			out = append(out, d)
		}
	}
	return out
}

// project is the recording's project, DefaultProject for an Inventory
// built by hand.
func (inv *Inventory) project() string {
	if inv.Project == "" {
		return DefaultProject
	}
	return inv.Project
}

// ByType returns the resources of one type token, in registration order.
func (inv *Inventory) ByType(typ string) []Resource {
	var out []Resource
	for _, r := range inv.Resources {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// Named returns the resource with a type and logical name, and whether it exists.
func (inv *Inventory) Named(typ, name string) (Resource, bool) {
	for _, r := range inv.Resources {
		if r.Type == typ && r.Name == name {
			return r, true
		}
	}
	return Resource{}, false
}

// ByURN indexes the resources by URN.
func (inv *Inventory) ByURN() map[string]Resource {
	out := make(map[string]Resource, len(inv.Resources))
	for _, r := range inv.Resources {
		out[r.URN] = r
	}
	return out
}

// Children returns the direct children of a URN, resources before
// sub-components, each sorted by type and name.
func (inv *Inventory) Children(parent string) []Resource {
	var out []Resource
	for _, r := range inv.Resources {
		if r.Parent == parent && !r.IsProvider() {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Custom != out[j].Custom {
			return out[i].Custom // resources before sub-components
		}
		if out[i].Type != out[j].Type {
			return out[i].Type < out[j].Type
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Cloud returns the custom resources (what AWS would hold), without providers.
func (inv *Inventory) Cloud() []Resource {
	var out []Resource
	for _, r := range inv.Resources {
		if r.Custom && !r.IsProvider() {
			out = append(out, r)
		}
	}
	return out
}

// Plain returns the inputs as plain Go values (maps, slices, strings,
// float64, bool), with secrets unwrapped (the mocks hold no real secret) and
// unknown values as nil.
func (r Resource) Plain() map[string]interface{} {
	return plainMap(r.Inputs)
}

func plainMap(m resource.PropertyMap) map[string]interface{} {
	out := make(map[string]interface{}, len(m))
	for k, v := range m {
		out[string(k)] = plain(v)
	}
	return out
}

func plain(v resource.PropertyValue) interface{} {
	switch {
	case v.IsSecret():
		return plain(v.SecretValue().Element)
	case v.IsOutput():
		return plain(v.OutputValue().Element)
	case v.IsComputed(), v.IsNull():
		return nil
	case v.IsArray():
		out := make([]interface{}, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			out[i] = plain(e)
		}
		return out
	case v.IsObject():
		return plainMap(v.ObjectValue())
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN)
	}
	return v.Mappable()
}

func lookup(m resource.PropertyMap, path string) (interface{}, bool) {
	var cur interface{} = plainMap(m)
	for _, part := range splitPath(path) {
		switch node := cur.(type) {
		case map[string]interface{}:
			v, ok := node[part.key]
			if !ok {
				return nil, false
			}
			cur = v
		default:
			return nil, false
		}
		if part.index >= 0 {
			list, ok := cur.([]interface{})
			if !ok || part.index >= len(list) {
				return nil, false
			}
			cur = list[part.index]
		}
	}
	return cur, true
}

type pathPart struct {
	key   string
	index int
}

func splitPath(path string) []pathPart {
	var parts []pathPart
	for _, seg := range strings.Split(path, ".") {
		p := pathPart{key: seg, index: -1}
		if i := strings.IndexByte(seg, '['); i >= 0 && strings.HasSuffix(seg, "]") {
			fmt.Sscanf(seg[i+1:len(seg)-1], "%d", &p.index)
			p.key = seg[:i]
		}
		parts = append(parts, p)
	}
	return parts
}

// ShortType turns a type token into the short form people read:
// "aws:ec2/securityGroup:SecurityGroup" into "ec2:SecurityGroup",
// "millionstack:network:Network" into "network:Network".
func ShortType(t string) string {
	parts := strings.Split(t, ":")
	if len(parts) != 3 {
		return t
	}
	mod, _, _ := strings.Cut(parts[1], "/")
	return mod + ":" + parts[2]
}
