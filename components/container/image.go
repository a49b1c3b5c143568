package container

import (
	"fmt"
	"regexp"

	"github.com/millionstack/millionstack/internal/validate"
)

// imageReference is the grammar of an image reference in the OCI
// distribution reference format (github.com/distribution/reference,
// regexp.go): an optional registry host (with a port), a repository path of
// lower-case components, then a tag, a digest or both.
var imageReference = regexp.MustCompile(`^` +
	`(?:((?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?)/)?` + // registry
	`([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)` + // repository
	`(?::([\w][\w.-]{0,127}))?` + // tag
	`(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?` + // digest
	`$`)

// privateECR is the registry host of a private Amazon ECR repository:
// "<account>.dkr.ecr.<region>.amazonaws.com" (".com.cn" in China).
var privateECR = regexp.MustCompile(`^([0-9]{12})\.dkr\.ecr\.([a-z]{2}(?:-[a-z]+)+-[0-9])\.amazonaws\.com(?:\.cn)?$`)

// registryHost tells a registry from a repository's first component: a dot,
// a port or "localhost" (Docker's rule, distribution/reference normalize.go).
var registryHost = regexp.MustCompile(`[.:]|^localhost$`)

// image is a parsed image reference.
type image struct {
	registry, repository, tag, digest string
}

// parseImage splits ref into its parts; ok is false when ref is not an
// image reference at all. A first path component is a registry only when it
// looks like a host (a dot, a port or "localhost"), as Docker reads it.
func parseImage(ref string) (image, bool) {
	m := imageReference.FindStringSubmatch(ref)
	if m == nil {
		return image{}, false
	}
	img := image{registry: m[1], repository: m[2], tag: m[3], digest: m[4]}
	if img.registry != "" && !registryHost.MatchString(img.registry) {
		img.repository = img.registry + "/" + img.repository
		img.registry = ""
		if !imageReference.MatchString(img.repository) {
			return image{}, false
		}
	}
	return img, true
}

// ecrRepository returns the account, region and name of a private ECR
// repository the image lives in, and whether it lives in one.
func (img image) ecrRepository() (account, region, name string, ok bool) {
	m := privateECR.FindStringSubmatch(img.registry)
	if m == nil {
		return "", "", "", false
	}
	return m[1], m[2], img.repository, true
}

// checkImage reports an image reference that is malformed or not pinned: a
// reference without a tag or digest means "latest", and "latest" means
// whatever was pushed last, so two tasks of one service could run different
// code.
func checkImage(p *validate.Problems, ref string) {
	img, ok := parseImage(ref)
	shape := p.Allows("Image", fmt.Sprintf("[registry/]repository:tag or [registry/]repository@sha256:digest, such as %q", DefaultImage))
	pinned := p.Allows("Image", `a version tag or a digest, not "latest" or none (tasks started later would run whatever was pushed last)`)
	switch {
	case !ok:
		shape.Refuse("%q is not an image reference", ref)
	case img.tag == "" && img.digest == "":
		pinned.Refuse("%q has no tag or digest (an untagged image is whatever \"latest\" is at each pull)", ref)
	case img.tag == "latest" && img.digest == "":
		pinned.Refuse("%q is tagged latest", ref)
	}
}
