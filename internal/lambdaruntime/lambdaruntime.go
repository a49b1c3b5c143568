// Package lambdaruntime is the one list of the Lambda runtimes millionstack
// counts as supported: the function component accepts a package of your
// own on them, and `millionstack check` passes Security Hub's Lambda.2
// ("Lambda functions should use supported runtimes") on them. One list, so
// that the component never accepts a runtime its own check fails.
package lambdaruntime

import "slices"

// Supported are the runtimes Lambda supports and has not deprecated as of
// 2026-12 (Lambda developer guide, "Lambda runtimes", Supported runtimes).
// Left out, as deprecated: nodejs20.x (2026-04-30, with Node.js 20's end
// of life; AWS's notice to account owners, quoted in
// awslabs/landing-zone-accelerator-on-aws#961), nodejs18.x (2025-09-01),
// python3.9 (2025-12-15), ruby3.2, dotnet6 and everything older. The
// runtimes of Amazon Linux 2 (java8.al2, java11, java17, python3.10,
// python3.11, provided.al2) outlive its end of life on 2026-06-30: Lambda
// keeps patching them until their own dates (the same page's note on
// Amazon Linux 2; aws-cloudformation/cfn-lint#4532 synced those dates
// from it on 2026-06-02).
var Supported = []string{
	"dotnet8", "dotnet10",
	"java8.al2", "java11", "java17", "java21", "java25",
	"nodejs22.x", "nodejs24.x",
	"provided.al2", "provided.al2023",
	"python3.10", "python3.11", "python3.12", "python3.13", "python3.14",
	"ruby3.3", "ruby3.4",
}

// IsSupported reports whether runtime is one of Supported.
func IsSupported(runtime string) bool { return slices.Contains(Supported, runtime) }
