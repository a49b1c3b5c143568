// Package tagging builds the tags every component puts on its taggable
// children: the user's Tags plus a Name tag holding the child's logical name,
// so that each resource is identifiable in the AWS console and in cost
// reports without looking up its Pulumi URN.
package tagging

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Named returns the tags of the child called name: the user's tags, then
// each map in extra in order (component-specific tags such as a subnet's
// "Tier"), then Name set to name. Later entries win, so Name always names the
// child and an extra tag the component relies on cannot be overridden by the
// user. The maps passed in are not modified.
func Named(name string, tags map[string]string, extra ...map[string]string) pulumi.StringMap {
	out := make(pulumi.StringMap, len(tags)+1)
	for k, v := range tags {
		out[k] = pulumi.String(v)
	}
	for _, more := range extra {
		for k, v := range more {
			out[k] = pulumi.String(v)
		}
	}
	out["Name"] = pulumi.String(name)
	return out
}

// WithInputs returns tags (as Named builds them) plus extra, tags whose
// values come from other resources, such as the tag a backup plan selects
// data stores by. An extra tag wins over a user's tag of the same key;
// Name keeps naming the child. The maps passed in are not modified.
func WithInputs(tags pulumi.StringMap, extra map[string]pulumi.StringInput) pulumi.StringMap {
	out := make(pulumi.StringMap, len(tags)+len(extra))
	for k, v := range tags {
		out[k] = v
	}
	for k, v := range extra {
		if k != "Name" {
			out[k] = v
		}
	}
	return out
}
