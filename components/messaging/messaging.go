// Package messaging provides the asynchronous backbone of stage 1m: Topic,
// an encrypted SNS topic that only accepts TLS, and Flow, an encrypted SQS
// queue with a dead-letter queue, optionally subscribed to a Topic, drained
// by a Lambda worker (a function.Function) that reports partial batch
// failures. A Topic fans out to as many Flows as there are kinds of work.
package messaging

import (
	"encoding/json"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/millionstack/millionstack/internal/validate"
)

// policyDocument and statement are the JSON shape of a resource policy.
type policyDocument struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

type statement struct {
	Sid       string                       `json:"Sid"`
	Effect    string                       `json:"Effect"`
	Principal interface{}                  `json:"Principal"` // "*" or {"AWS": ...} / {"Service": ...}
	Action    []string                     `json:"Action"`
	Resource  []string                     `json:"Resource"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

func (d policyDocument) String() string {
	out, _ := json.Marshal(d) // plain strings, slices and maps always marshal
	return string(out)
}

// denyInsecureTransport refuses every action on resource over plain HTTP,
// whoever asks: the TLS-only policy Security Hub and AWS guidance expect.
func denyInsecureTransport(action, resource string) statement {
	return statement{
		Sid:       "DenyInsecureTransport",
		Effect:    "Deny",
		Principal: "*",
		Action:    []string{action},
		Resource:  []string{resource},
		Condition: map[string]map[string]string{"Bool": {"aws:SecureTransport": "false"}},
	}
}

// tagsFor returns the caller's tags for a taggable child, with Name set to
// the logical name unless the caller sets a Name of their own.
func tagsFor(name string, tags map[string]string) pulumi.StringMap {
	return pulumi.ToStringMap(mergeTags(map[string]string{"Name": name}, tags))
}

// mergeTags returns base overlaid with override, leaving both unchanged.
func mergeTags(base, override map[string]string) map[string]string {
	out := make(map[string]string, len(base)+len(override))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range override {
		out[k] = v
	}
	return out
}

// checkTags reports tag keys AWS refuses.
func checkTags(p *validate.Problems, tags map[string]string) {
	for _, key := range validate.Keys(tags) {
		if key == "" || strings.HasPrefix(strings.ToLower(key), "aws:") {
			p.Addf("Tags", "key %q is not allowed; allowed: a non-empty key not starting with \"aws:\"", key)
		}
	}
}
