// Package lambdaruntime is the one list of the Lambda runtimes millionstack
// counts as supported: the function component accepts a package of your
// own on them, and `millionstack check` passes Security Hub's Lambda.2
// ("Lambda functions should use supported runtimes") on them. One list, so
// that the component never accepts a runtime its own check fails.
package lambdaruntime

import "slices"

// Supported are the runtimes Lambda supports and has not deprecated as of
// 2026-12 (Lambda developer guide, "Lambda runtimes", Supported runtimes).
// Left out, as deprecated, with the dates of AWS's notices to account
// owners: dotnet8 (2026-11-10, with .NET 8's end of support;
// terraform-linters/tflint-ruleset-aws aws_lambda_function_deprecated_runtime),
// python3.10 (2026-10-31; quoted in CredentialEngine/CredentialRegistry#1030),
// provided.al2 (2026-07-31: the extension of the Amazon Linux 2 runtimes
// does not cover it; quoted in awslabs/ssosync#297), nodejs20.x (2026-04-30,
// with Node.js 20's end of life; quoted in
// awslabs/landing-zone-accelerator-on-aws#961), python3.9, nodejs18.x,
// ruby3.2, dotnet6 and everything older. java8.al2, java11, java17 and
// python3.11 run on Amazon Linux 2 past its end of life on 2026-06-30:
// Lambda extended them by a year (aws-cloudformation/cfn-lint#4532 synced
// the dates from the runtimes page on 2026-06-02).
var Supported = []string{
	"dotnet10",
	"java8.al2", "java11", "java17", "java21", "java25",
	"nodejs22.x", "nodejs24.x",
	"provided.al2023",
	"python3.11", "python3.12", "python3.13", "python3.14",
	"ruby3.3", "ruby3.4",
}

// IsSupported reports whether runtime is one of Supported.
func IsSupported(runtime string) bool { return slices.Contains(Supported, runtime) }
