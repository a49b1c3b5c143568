package webtier

import (
	"slices"
	"strings"
)

// sameSizeFamilies are families whose types of one size have the same
// vCPUs and memory, on x86_64 (the default image's architecture): t3 and
// t3a; m5, m5a, m6i, m6a and m7i; c5, c5a, c6i, c6a and c7i; r5, r5a, r6i,
// r6a and r7i (Amazon EC2 instance types specifications, General purpose,
// Compute optimized and Memory optimized: for instance every .large of the
// second list has 2 vCPUs and 8 GiB). Each list is in order of preference
// as an alternative: the older, more widely offered families first.
var sameSizeFamilies = [][]string{
	{"t3", "t3a"},
	{"m5", "m5a", "m6i", "m6a", "m7i"},
	{"c5", "c5a", "c6i", "c6a", "c7i"},
	{"r5", "r5a", "r6i", "r6a", "r7i"},
}

// sameSizeSizes are the sizes every family of a list offers, with the same
// vCPUs and memory (larger sizes differ between generations: c5.9xlarge,
// c6i.8xlarge).
var sameSizeSizes = map[string][]string{
	"t3": {"nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"},
	"m5": {"large", "xlarge", "2xlarge", "4xlarge"},
	"c5": {"large", "xlarge", "2xlarge", "4xlarge"},
	"r5": {"large", "xlarge", "2xlarge", "4xlarge"},
}

// maxAlternatives is how many alternatives sameSizeAlternatives offers: two
// other types are enough for a group to ride out a shortage of one, and
// fewer types keep the fleet uniform.
const maxAlternatives = 2

// maxInstanceTypes is the most instance types a mixed instances policy
// takes (Amazon EC2 Auto Scaling API reference, LaunchTemplate, Overrides:
// at most 40 items).
const maxInstanceTypes = 40

// sameSizeAlternatives returns up to maxAlternatives types with the vCPUs
// and memory of instanceType, from other families of its list, or nil when
// the table has none for it.
func sameSizeAlternatives(instanceType string) []string {
	family, size, ok := strings.Cut(instanceType, ".")
	if !ok {
		return nil
	}
	for _, families := range sameSizeFamilies {
		if !slices.Contains(families, family) || !slices.Contains(sameSizeSizes[families[0]], size) {
			continue
		}
		var out []string
		for _, f := range families {
			if f != family && len(out) < maxAlternatives {
				out = append(out, f+"."+size)
			}
		}
		return out
	}
	return nil
}
