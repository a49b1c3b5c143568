// Package dns provides the names in front of a stage's entry point: the
// Route 53 hosted zone (Zone), a DNS-validated ACM certificate
// (Certificate) and the records that point the domain at an Elastic IP, a
// load balancer or a CloudFront distribution (Records).
//
// Records are named by label and type, never by position, so a stage that
// moves the apex from an Elastic IP to a load balancer updates the same
// record in place instead of deleting and recreating it.
package dns

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/millionstack/millionstack/internal/validate"
)

// tagsFor returns the user's tags plus a Name tag naming the child.
func tagsFor(tags map[string]string, childName string) pulumi.StringMap {
	out := pulumi.StringMap{}
	for k, v := range tags {
		out[k] = pulumi.String(v)
	}
	out["Name"] = pulumi.String(childName)
	return out
}

// validateTags checks the tag limits AWS enforces on every service, so that a
// bad tag fails here rather than half-way through a deployment.
func validateTags(p *validate.Problems, tags map[string]string) {
	for _, k := range validate.Keys(tags) {
		switch {
		case k == "" || len(k) > 128:
			p.Addf("Tags", "key %q has %d characters; allowed: 1 to 128", k, len(k))
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			p.Addf("Tags", "key %q uses the reserved prefix \"aws:\"; allowed: any other key", k)
		}
		if v := tags[k]; len(v) > 256 {
			p.Addf("Tags", "value of %q has %d characters; allowed: at most 256", k, len(v))
		}
	}
}
