// Package providerrules is what the pinned pulumi-aws provider says about the
// arguments of every resource type millionstack registers: arguments that
// exclude each other, arguments that need others, allowed values, numeric
// ranges, lengths and formats, the arguments whose change replaces the
// resource, and the names the provider makes up when a program gives none.
//
// The Pulumi mock engine accepts any inputs, so a program that a real
// account would refuse passes every mock test. Check closes that gap for what
// the provider knows: it holds recorded inputs against the rules, each of
// which names the SDK file and the sentence it was read from.
//
// The table (rules_gen.go) is generated offline from the doc comments of the
// SDK in the module cache (go generate ./internal/providerrules) and is
// checked in; a test fails when it no longer matches the pinned SDK.
package providerrules

import "sync"

//go:generate go run ./gen

// Kind is what a rule says.
type Kind string

// The rule kinds. "Set" means present in the inputs with a non-null value:
// false, "" and 0 are set. That is how Terraform, which the AWS provider is
// built on, decides ConflictsWith: validateConflictingAttributes in
// terraform-plugin-sdk/v2 helper/schema/schema.go fails as soon as
// ResourceConfig.Get finds the other key in the configuration, whatever its
// value (only an unknown value defers the check), so an explicit
// `manage_master_user_password = false` next to `password` is refused
// (hashicorp/terraform-provider-aws#32002). An empty list or object is not
// set: whether the provider sees `[]` as present is not stated anywhere we
// can cite, so the check takes the reading that refuses less.
const (
	// Conflicts: Property and each of Others cannot both be set (when
	// OtherValues is given, only while the other holds one of them).
	Conflicts Kind = "Conflicts"
	// RequiredWith: when Property is set (and holds one of When, if given),
	// each of Others must be set (and hold one of OtherValues, if given;
	// an unset other is then not judged: its default is the provider's).
	RequiredWith Kind = "RequiredWith"
	// ExactlyOneOf: exactly one of Property and Others is set.
	ExactlyOneOf Kind = "ExactlyOneOf"
	// AtLeastOneOf: at least one of Property and Others is set.
	AtLeastOneOf Kind = "AtLeastOneOf"
	// AllowedValues: Property (each element, for a list) is one of Values,
	// compared without regard to case.
	AllowedValues Kind = "AllowedValues"
	// Range: Property is a number within [Min, Max].
	Range Kind = "Range"
	// Length: Property is a string of Min to Max characters.
	Length Kind = "Length"
	// Pattern: Property is a string that matches the regular expression Pattern.
	Pattern Kind = "Pattern"
	// ForceNew: a change to Property replaces the resource. Not checked by
	// Check; the planner's diff reads it.
	ForceNew Kind = "ForceNew"
	// AutoName: the provider names the resource with Property when the
	// program does not, so a rule that requires Property is met.
	AutoName Kind = "AutoName"
)

// Rule is one thing the provider states about one argument.
type Rule struct {
	// Type is the resource type token, "aws:rds/instance:Instance".
	Type string
	Kind Kind
	// Object is where Property lives: "" for the resource's own arguments,
	// "restoreToPointInTime" for a nested object, "ebsBlockDevices[]" for
	// each element of a list of objects. Others live in the same object.
	Object      string
	Property    string
	When        []string
	Others      []string
	OtherValues []string
	Values      []string
	Min, Max    *float64
	Pattern     string
	Source      Source
}

// Source is where a rule was read.
type Source struct {
	// File is the SDK file, relative to the module root ("go/aws/rds/instance.go").
	File string
	// Sentence is the doc comment sentence the rule was read from.
	Sentence string
}

// String names the source for a message: the SDK, its file and the sentence.
func (s Source) String() string {
	return SDKModule + "@" + SDKVersion + " " + s.File + ": " + quote(s.Sentence)
}

func quote(s string) string { return "\"" + s + "\"" }

// Unparsed is a doc sentence that speaks of a rule the generator could not
// turn into one: a phrasing it does not understand yet, or a name that is no
// argument of the SDK. Kept so that what the table does not know is visible.
type Unparsed struct {
	Type, Path, Sentence, Reason string
}

// For returns the rules of one resource type, in table order.
func For(typ string) []Rule {
	return byType()[typ]
}

// All returns every rule of the table.
func All() []Rule {
	return append([]Rule(nil), generated...)
}

// Covered reports whether the table was built from the type's SDK file, so
// that a type without rules is known to have none rather than unread.
func Covered(typ string) bool {
	for _, t := range covered {
		if t == typ {
			return true
		}
	}
	return false
}

// Types returns the covered types, sorted.
func Types() []string {
	return append([]string(nil), covered...)
}

// NotUnderstood returns the sentences the generator could not read.
func NotUnderstood() []Unparsed {
	return append([]Unparsed(nil), unparsed...)
}

// ForceNewProperties returns the top-level arguments of a type whose change
// the SDK docs say replaces the resource.
func ForceNewProperties(typ string) []string {
	var out []string
	for _, r := range For(typ) {
		if r.Kind == ForceNew && r.Object == "" {
			out = append(out, r.Property)
		}
	}
	return out
}

var (
	indexOnce sync.Once
	index     map[string][]Rule
)

func byType() map[string][]Rule {
	indexOnce.Do(func() {
		index = map[string][]Rule{}
		for _, r := range generated {
			index[r.Type] = append(index[r.Type], r)
		}
	})
	return index
}

func num(f float64) *float64 { return &f }
