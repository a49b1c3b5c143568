// Package naming makes the names components give their children: logical
// names (`<component>-<role>`), and the AWS names a component must choose
// itself where Pulumi's auto-naming does not reach (a Lambda function whose
// name another resource refers to, a task definition family, a global
// database, a trail). An AWS name is unique per project and stack, so
// stacks sharing an account never collide, stays the same over a stack's
// life, so that no upgrade renames (and so replaces) what it names, and
// fits the service's length limit, ending in a hash of the whole name when
// it is cut, so that two long names stay two names.
package naming

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Child is the logical name of a component's child: the component's name
// and the child's role, joined by hyphens: Child("db", "replica", "1") is
// "db-replica-1". A role names what the child is, never a list index of
// anything stateful, so that identity survives adding an AZ, a replica, a
// subscriber.
func Child(name string, role ...string) string {
	for _, r := range role {
		name += "-" + r
	}
	return name
}

// Hash is the first n bytes of SHA-256 of s, in hex (2n digits).
func Hash(s string, n int) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:n])
}

// hashBytes is the length of the hash Fit ends a cut name with: 8 hex
// digits, 4e9 values.
const hashBytes = 4

// Fit returns name when it is at most max bytes long. A longer name keeps
// its start and ends with "-" and a hash of the whole name, max bytes in
// all; separators ("-", "_") at the end of the kept start are dropped, so
// the joint never holds two in a row, which RDS identifiers and CloudTrail
// names refuse.
func Fit(name string, max int) string {
	if len(name) <= max {
		return name
	}
	suffix := "-" + Hash(name, hashBytes)
	return strings.TrimRight(name[:max-len(suffix)], "-_") + suffix
}

// Physical is the AWS name of a child a component names itself:
// "<project>-<stack>-<name>", each run of characters that invalid matches
// replaced by one "-", fitted to max (Fit).
func Physical(project, stack, name string, invalid *regexp.Regexp, max int) string {
	return Fit(invalid.ReplaceAllString(project+"-"+stack+"-"+name, "-"), max)
}

// notInStackName matches what a CloudFormation stack name refuses: it
// holds letters, digits and hyphens only, starts with a letter and is at
// most MaxStackName characters long (CloudFormation API reference,
// CreateStack, StackName; the Serverless Application Repository's
// CreateCloudFormationChangeSet checks the name it is given against the
// same pattern, [a-zA-Z][-a-zA-Z0-9]*, before it adds its prefix).
var notInStackName = regexp.MustCompile(`[^A-Za-z0-9-]+`)

// MaxStackName is the longest name CloudFormation takes for a stack.
const MaxStackName = 128

// stackNameLead starts a stack name whose project and stack begin with
// something other than a letter (Pulumi takes a digit, "_", "." or "-"
// first in both).
const stackNameLead = "stack-"

// StackName is the name of a CloudFormation stack a component creates:
// "<project>-<stack>-<name>", each run of characters CloudFormation
// refuses ("_", ".") replaced by one "-", hyphens at the start dropped,
// and "stack-" in front when it still does not start with a letter;
// fitted to max (Fit), which leaves room for a prefix the creating service
// adds (the Serverless Application Repository's "serverlessrepo-"). A name
// that meets CloudFormation's rule already is Physical's, unchanged.
func StackName(project, stack, name string, max int) string {
	full := strings.TrimLeft(notInStackName.ReplaceAllString(project+"-"+stack+"-"+name, "-"), "-")
	if full == "" || !isLetter(full[0]) {
		full = stackNameLead + full
	}
	return Fit(full, max)
}

func isLetter(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }

// SuffixLength is the length of a Lifetime suffix: 36^12, about 5e18
// values.
const SuffixLength = 12

// Lifetime returns SuffixLength random lower-case letters and digits, for
// the name of something that may outlive one lifetime of its resource and
// would block the next one's name: a final snapshot, a log group kept
// after its function or service. It comes from
// secretsmanager.GetRandomPassword (pulumi-random is not available), which
// answers anew on every run: the resource that takes the name must ignore
// changes to it (pulumi.IgnoreChanges), so the name chosen when it was
// created stays for its life and a re-created one chooses a new one. opts
// route the lookup (pulumi.Parent of the component: its provider). The
// characters suit every service's names: no capitals (RDS stores
// identifiers in lower case), no punctuation.
func Lifetime(ctx *pulumi.Context, opts ...pulumi.InvokeOption) (string, error) {
	suffix, err := secretsmanager.GetRandomPassword(ctx, &secretsmanager.GetRandomPasswordArgs{
		PasswordLength:     pulumi.IntRef(SuffixLength),
		ExcludeUppercase:   pulumi.BoolRef(true),
		ExcludePunctuation: pulumi.BoolRef(true),
	}, opts...)
	if err != nil {
		return "", err
	}
	return suffix.RandomPassword, nil
}
