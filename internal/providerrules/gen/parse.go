package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The parser works on a sentence's skeleton: every backticked span is
// replaced by ⟨i⟩, i indexing the spans, so that patterns can say "a code
// span" without caring what is inside. Patterns are anchored on the whole
// sentence: a sentence that says more than the pattern knows is not a rule
// (it goes to the unparsed list), because a rule read too broadly blocks a
// deploy AWS would accept.

// scope is what a sentence is about: the argument it documents and the other
// arguments of the same object, which backticked names may refer to.
type scope struct {
	Type     string
	File     string
	Object   string   // "" for the resource's own arguments, "a[].b" for nested ones
	Self     string   // the documented argument's name
	Siblings []string // every argument of the object, Self included
}

// sentenceParse is one sentence split into its skeleton and code spans.
type sentenceParse struct {
	text     string
	skeleton string
	codes    []string
}

func skeletonOf(s string) sentenceParse {
	p := sentenceParse{text: s}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '`')
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.IndexByte(s[i+1:], '`')
		if j < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		fmt.Fprintf(&b, "⟨%d⟩", len(p.codes))
		p.codes = append(p.codes, s[i+1:i+1+j])
		s = s[i+1+j+1:]
	}
	p.skeleton = strings.TrimSpace(b.String())
	return p
}

// Building blocks of the patterns.
const (
	item = `⟨\d+⟩`
	// list: code spans separated by commas, "and", "or", "&", with an
	// optional article before an item.
	list = `((?:(?:a |an |the )?` + item + `)(?:(?:,\s*|\s*,?\s+(?:and|or|&)\s+)(?:a |an |the )?` + item + `)*)`
	// vals: values (code spans, double-quoted words or bare numbers) with
	// optional annotations such as "(default)", checked by parseValues.
	vals = `(.+?)`
	num  = `(⟨\d+⟩|-?\d+(?:\.\d+)?)`
	// unit: what a bound may be followed by ("(72 hours)", "seconds").
	unit = `(?: \([^)⟨]*\)| (?:seconds|minutes|hours|days))?`
	end  = `\.?$`
)

// pattern is one phrasing the generator understands.
type pattern struct {
	id    string
	re    *regexp.Regexp
	build func(m []string, sp sentenceParse, sc scope) ([]rule, error)
}

func re(s string) *regexp.Regexp { return regexp.MustCompile(`(?i)^` + s) }

// patterns are tried in order; the first that matches the whole sentence
// decides (its error, if any, sends the sentence to the unparsed list).
var patterns = []pattern{
	// Arguments that exclude each other.
	{"conflicts-with", re(`(?:.*\s)?conflicts with ` + list + `(?: (?:argument|attribute)s?)?(?: as [^⟨]+)?` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return conflicts(sc, m[1], sp, nil)
	}},
	{"cannot-be-set-with", re(`cannot be (?:set|specified|used)(?: together)? with ` + list + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return conflicts(sc, m[1], sp, nil)
	}},
	{"cannot-be-set-if-provided", re(`cannot be (?:set|specified) if ` + list + ` (?:is|are) (?:provided|set|specified)` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return conflicts(sc, m[1], sp, nil)
	}},
	{"cannot-be-set-if-value", re(`cannot be (?:set|specified) if (` + item + `) is set to (` + item + `)` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		v, err := parseValues(m[2], sp, 1)
		if err != nil {
			return nil, err
		}
		return conflicts(sc, m[1], sp, v)
	}},
	{"if-set-cannot-be-set", re(`if (` + item + `) is (?:set|specified), the (` + item + `) (?:parameter|argument) cannot be (?:set|specified)` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		a, err := names(sc, m[1], sp)
		if err != nil {
			return nil, err
		}
		b, err := names(sc, m[2], sp)
		if err != nil {
			return nil, err
		}
		return []rule{{Kind: kindConflicts, Property: a[0], Others: b}}, nil
	}},
	{"only-one-of", re(`only one of ` + list + ` (?:can|may|must) be (?:set|specified|provided)` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		ns, err := names(sc, m[1], sp)
		if err != nil {
			return nil, err
		}
		var out []rule
		for i := range ns {
			out = append(out, rule{Kind: kindConflicts, Property: ns[i], Others: without(ns, ns[i])})
		}
		return out, nil
	}},

	// One argument of a group is required.
	{"exactly-one-of", re(`exactly one of ` + list + ` (?:must be specified|is required)(?:: [^⟨]+)?` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return group(kindExactlyOneOf, sc, m[1], sp)
	}},
	{"either-must-be-set", re(`(?:please note that one of )?either ` + list + ` (?:must be (?:set|specified)|is required)` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return group(kindAtLeastOneOf, sc, m[1], sp)
	}},
	{"at-least-one-of", re(`at least one of ` + list + ` (?:is|are) required` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return group(kindAtLeastOneOf, sc, m[1], sp)
	}},
	{"either-this-or", re(`either this or (` + item + `) is required` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		ns, err := names(sc, m[1], sp)
		if err != nil {
			return nil, err
		}
		return []rule{{Kind: kindAtLeastOneOf, Property: sc.Self, Others: ns}}, nil
	}},

	// An argument that needs another.
	{"requires", re(`requires (?:specifying )?(?:a |an |the )?(` + item + `)(?: argument)?(?: to be set(?: with [^⟨]+)?)?` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return requires(sc, sc.Self, nil, m[1], sp, nil)
	}},
	{"can-only-be-set-with", re(`can only be (?:set|used|specified) with (` + item + `)` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return requires(sc, sc.Self, nil, m[1], sp, nil)
	}},
	{"if-set-must-include", re(`if set, configuration must also include (` + item + `)` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return requires(sc, sc.Self, nil, m[1], sp, nil)
	}},
	{"can-only-be-set-if-set", re(`can(?: only)? be (?:set|used|specified)(?: only)? (?:if|when) (` + item + `) is (?:set|specified|provided)` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return requires(sc, sc.Self, nil, m[1], sp, nil)
	}},
	{"can-only-be-set-if-value", re(`(?:can(?: only)? be (?:set|used|specified)(?: only)?|only valid) (?:if|when|for) (` + item + `) (?:is|of|is set to) ` + vals + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		v, err := parseValues(m[2], sp, 1)
		if err != nil {
			return nil, err
		}
		return requires(sc, sc.Self, nil, m[1], sp, v)
	}},
	{"can-only-be-set-if-assignment", re(`can(?: only)? be (?:set|specified)(?: only)? (?:if|when) (` + item + `)` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		name, value, ok := assignment(sp, m[1])
		if !ok {
			return nil, fmt.Errorf("%s is not `name = value`", m[1])
		}
		return requires(sc, sc.Self, nil, name, sp, []string{value})
	}},
	{"must-be-set-to-to-use", re(`(` + item + `) must be set to ?(` + item + `) (?:to use this attribute|to allow this|when this is set)` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		v, err := parseValues(m[2], sp, 1)
		if err != nil {
			return nil, err
		}
		return requires(sc, sc.Self, nil, m[1], sp, v)
	}},
	{"if-true-must-be-enabled", re(`if (` + item + `), (` + item + `) must (?:also )?be enabled` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		when, err := parseValues(m[1], sp, 1)
		if err != nil {
			return nil, err
		}
		return requires(sc, sc.Self, when, m[2], sp, []string{"true"})
	}},
	{"when-set-required", re(`when (` + item + `) is set, (` + item + `) is required` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		a, err := names(sc, m[1], sp)
		if err != nil {
			return nil, err
		}
		return requires(sc, a[0], nil, m[2], sp, nil)
	}},
	{"arguments-must-be-specified-when", re(`the ` + list + ` arguments? must be specified when (?:configured|set to (` + item + `))` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		var when []string
		if m[2] != "" {
			v, err := parseValues(m[2], sp, 1)
			if err != nil {
				return nil, err
			}
			when = v
		}
		return requires(sc, sc.Self, when, m[1], sp, nil)
	}},
	{"required-if-set", re(`required if (?:you specify |using )?` + list + `(?: is (?:specified|set|provided))?` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		ns, err := names(sc, m[1], sp)
		if err != nil {
			return nil, err
		}
		var out []rule
		for _, n := range ns {
			out = append(out, rule{Kind: kindRequiredWith, Property: n, Others: []string{sc.Self}})
		}
		return out, nil
	}},
	{"required-if-value", re(`(?:required|must be (?:set|provided|specified)) (?:if|when) (` + item + `) is (?:set to )?` + vals + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		when, err := parseValues(m[2], sp, 1)
		if err != nil {
			return nil, err
		}
		a, err := names(sc, m[1], sp)
		if err != nil {
			return nil, err
		}
		return []rule{{Kind: kindRequiredWith, Property: a[0], When: when, Others: []string{sc.Self}}}, nil
	}},
	{"if-value-this-field-is-required", re(`if (?:the )?(` + item + `) is ` + vals + `,? this field is required` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		when, err := parseValues(m[2], sp, 1)
		if err != nil {
			return nil, err
		}
		a, err := names(sc, m[1], sp)
		if err != nil {
			return nil, err
		}
		return []rule{{Kind: kindRequiredWith, Property: a[0], When: when, Others: []string{sc.Self}}}, nil
	}},

	// Allowed values.
	{"valid-values", re(`(?:the )?(?:current )?(?:valid|allowed|possible|supported|accepted) values (?:are|is):? ` + vals + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return allowed(m[1], sp, 1)
	}},
	{"valid-values-colon", re(`(?:valid|allowed) values: ` + vals + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return allowed(m[1], sp, 1)
	}},
	{"only-valid-value", re(`the only valid values?(?: at this time)? (?:is|are) ` + vals + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return allowed(m[1], sp, 1)
	}},
	{"can-be-one-of", re(`(?:can be one of|can be either|can be|one of|must be one of:?|must be either|must be set to either|valid options are) ` + vals + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return allowed(m[1], sp, 2)
	}},
	{"valid-values-for-self", re(`(?:the )?valid values for (` + item + `) are ` + vals + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		a, err := names(sc, m[1], sp)
		if err != nil {
			return nil, err
		}
		if a[0] != sc.Self {
			return nil, fmt.Errorf("the values are for %s, not %s", a[0], sc.Self)
		}
		return allowed(m[2], sp, 1)
	}},
	{"are-valid-values", re(vals + ` are (?:the )?valid values` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return allowed(m[1], sp, 2)
	}},

	{"also-valid", re(`(?:[A-Za-z]+ )?` + list + ` (?:are|is) also (?:valid|supported)(?: but partially supported)?` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		v, err := parseValues(m[1], sp, 1)
		if err != nil {
			return nil, err
		}
		return []rule{{Kind: kindAlsoAllowed, Values: v}}, nil
	}},

	// Numeric ranges.
	{"must-be-between", re(`(?:must|values must|value must) be between ` + num + ` and ` + num + unit + `(?:,? inclusive)?(?:, defaults to ` + num + `)?` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return numRange(m[1], m[2], sp)
	}},
	{"valid-values-between", re(`valid values are (?:integers? )?(?:between|from) ` + num + ` (?:and|to|through) ` + num + `(?:,? inclusive)?` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return numRange(m[1], m[2], sp)
	}},
	{"valid-values-through", re(`valid values are ` + num + ` (?:through|to) ` + num + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return numRange(m[1], m[2], sp)
	}},
	{"range-is", re(`(?:the )?(?:valid )?range is (?:between )?` + num + ` ?(?:-|–| to | and ) ?` + num + `(?: (?:seconds|minutes|hours|days))?` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return numRange(m[1], m[2], sp)
	}},
	{"must-be-between-dash", re(`must be between (\d+)-(\d+)` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return numRange(m[1], m[2], sp)
	}},
	{"if-you-specify-between", re(`if you specify a value, it must be between ` + num + ` and ` + num + `,? inclusive` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return numRange(m[1], m[2], sp)
	}},
	{"integer-from-to", re(`can be an integer from ` + num + ` to ` + num + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return numRange(m[1], m[2], sp)
	}},

	// Lengths and formats.
	{"length-at-most", re(`must be (lowercase and )?less than or equal to (\d+) characters in length` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		out := []rule{lengthRule(-1, m[2])}
		if m[1] != "" {
			out = append(out, rule{Kind: kindPattern, Pattern: `^[^A-Z]*$`})
		}
		return out, nil
	}},
	{"length-between", re(`must be between (\d+) and (\d+) characters in length` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return []rule{lengthRule(atoi(m[1]), m[2])}, nil
	}},
	{"cannot-be-longer", re(`(?:the value )?cannot be longer than (\d+) characters` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return []rule{lengthRule(-1, m[1])}, nil
	}},
	{"characters-long", re(`[^⟨]*, and must be between (\d+) and (\d+) characters long` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		// "Queue names must be made up of only ... letters, numbers,
		// underscores, and hyphens, and must be between 1 and 80 characters
		// long": the length only; the character class leaves out the
		// ".fifo" suffix FIFO queues need, so it is not a rule.
		return []rule{lengthRule(atoi(m[1]), m[2])}, nil
	}},
	{"name-format", re(`(?:the value must|this name must be unique (?:within your AWS account|per region per account),) ([^⟨]+)` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return nameFormat(m[1])
	}},

	// Replace triggers.
	{"changing-forces-new", re(`changing (?:this|(?:the )?(` + item + `))(?: argument| value| parameter)? (?:forces|will force) (?:a )?(?:new resource|replacement)(?: to be created)?` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		if m[1] != "" {
			a, err := names(sc, m[1], sp)
			if err != nil {
				return nil, err
			}
			if a[0] != sc.Self {
				return nil, fmt.Errorf("the sentence is about %s, not %s", a[0], sc.Self)
			}
		}
		return []rule{{Kind: kindForceNew}}, nil
	}},
	{"cannot-be-changed", re(`this can(?:'|no)t be changed` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return []rule{{Kind: kindForceNew}}, nil
	}},
	{"only-set-on-creation", re(`the (` + item + `) can only be set on creation` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		a, err := names(sc, m[1], sp)
		if err != nil {
			return nil, err
		}
		if a[0] != sc.Self {
			return nil, fmt.Errorf("the sentence is about %s, not %s", a[0], sc.Self)
		}
		return []rule{{Kind: kindForceNew}}, nil
	}},

	// Names the provider makes up when the program gives none.
	{"auto-name", re(`(?:.*[,.] )?(?:if omitted, (?:this|the) provider will assign a random, unique (?:name|identifier)|if omitted, pulumi will assign a random, unique identifier|if you leave this blank, the provider will auto-generate a unique name)` + end), func(m []string, sp sentenceParse, sc scope) ([]rule, error) {
		return []rule{{Kind: kindAutoName}}, nil
	}},
}

// alsoValid matches a sentence that adds values to a list of valid ones.
var alsoValid = regexp.MustCompile(`(?i)also (?:valid|supported|accepted)`)

// trigger matches sentences that speak of a rule: a sentence that matches
// it and no pattern is reported as unparsed.
var trigger = regexp.MustCompile(`(?i)conflicts? with|cannot be (?:set|specified|used)|can't be (?:set|used|specified)|only one of|exactly one of|at least one of|one of either|either .* (?:must|is required)|must be (?:set|provided|specified) (?:if|when)|required (?:if|when|with|unless)|\brequires |can only be (?:set|used|specified)|only valid|valid values|allowed values|possible values|supported values|valid options|^one of|^can be ` + "`" + `|must be one of|must be between|range is|characters in length|characters long|cannot be longer|maximum of \d+ characters|forces? (?:a )?new|force a new|recreat|can't be changed|cannot be changed|only be set on creation|must also|must be set to|if omitted`)

// parseSentence turns one sentence into rules, or says why it cannot.
// matched is false when the sentence states no rule the generator looks for.
func parseSentence(s string, sc scope) (rules []rule, matched bool, err error) {
	sp := skeletonOf(s)
	var first error
	for _, p := range patterns {
		m := p.re.FindStringSubmatch(sp.skeleton)
		if m == nil {
			continue
		}
		rs, err := p.build(m, sp, sc)
		if err != nil {
			// Another pattern may read the sentence ("Valid values are
			// between `1` and `5`" is a range, not a list).
			if first == nil {
				first = fmt.Errorf("%s: %v", p.id, err)
			}
			continue
		}
		for i := range rs {
			r := &rs[i]
			r.Type, r.Object, r.File, r.Sentence, r.Phrase = sc.Type, sc.Object, sc.File, s, p.id
			if r.Property == "" {
				r.Property = sc.Self
			}
		}
		return rs, true, nil
	}
	if first != nil {
		return nil, true, first
	}
	if trigger.MatchString(s) {
		return nil, true, fmt.Errorf("phrasing not understood")
	}
	return nil, false, nil
}

// names maps the code spans of a list to argument names of the scope.
func names(sc scope, listText string, sp sentenceParse) ([]string, error) {
	var out []string
	for _, idx := range codeIndexes(listText) {
		n, err := resolve(sc, sp.codes[idx])
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no argument named")
	}
	return out, nil
}

var codeRef = regexp.MustCompile(`⟨(\d+)⟩`)

func codeIndexes(s string) []int {
	var out []int
	for _, m := range codeRef.FindAllStringSubmatch(s, -1) {
		out = append(out, atoi(m[1]))
	}
	return out
}

// resolve maps a backticked name to an argument of the scope: the name
// itself, its camelCase form if it is snake_case (the docs keep some
// Terraform names), or its plural (Pulumi names list blocks in the plural:
// `grant` is `grants`, `eventSelector` is `eventSelectors`).
func resolve(sc scope, name string) (string, error) {
	name = strings.TrimSpace(name)
	if renamed, ok := renames[sc.Type][name]; ok && sc.Object == "" {
		name = renamed
	}
	has := map[string]bool{}
	for _, s := range sc.Siblings {
		has[s] = true
	}
	candidates := []string{name}
	if strings.Contains(name, "_") && !strings.ContainsAny(name, ". ") {
		candidates = append(candidates, camel(name))
	}
	for _, c := range append([]string(nil), candidates...) {
		candidates = append(candidates, c+"s", c+"es")
		if strings.HasSuffix(c, "y") {
			candidates = append(candidates, strings.TrimSuffix(c, "y")+"ies")
		}
	}
	for _, c := range candidates {
		if has[c] {
			return c, nil
		}
	}
	return "", fmt.Errorf("`%s` is not an argument of %s", name, where(sc))
}

func where(sc scope) string {
	if sc.Object != "" {
		return sc.Object
	}
	return "the resource"
}

// renames are the Terraform arguments pulumi-aws names differently, where
// the docs keep the Terraform name: lambda's `filename` is the Pulumi `code`
// archive (the doc comment of `code` is the one of `filename`: "Path to the
// function's deployment package within the local filesystem").
var renames = map[string]map[string]string{
	"aws:lambda/function:Function": {"filename": "code"},
}

func camel(snake string) string {
	parts := strings.Split(snake, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

func without(list []string, x string) []string {
	var out []string
	for _, s := range list {
		if s != x {
			out = append(out, s)
		}
	}
	return out
}

// conflicts builds "Self cannot be set together with each of list", only
// while the others hold one of otherValues when those are given.
func conflicts(sc scope, listText string, sp sentenceParse, otherValues []string) ([]rule, error) {
	// A conflict with a subset of the list still holds, so names the SDK
	// does not have (Terraform's write-only `passwordWo`) are left out; the
	// generator reports them.
	var ns, missing []string
	for _, idx := range codeIndexes(listText) {
		if n, err := resolve(sc, sp.codes[idx]); err == nil {
			ns = append(ns, n)
		} else {
			missing = append(missing, err.Error())
		}
	}
	if len(ns) == 0 {
		return nil, fmt.Errorf("no name of the list is an argument of %s", where(sc))
	}
	note := ""
	if len(missing) > 0 {
		note = "rule kept for the other names: " + strings.Join(missing, "; ")
	}
	for _, n := range ns {
		if n == sc.Self {
			return nil, fmt.Errorf("%s conflicts with itself", n)
		}
	}
	return []rule{{Kind: kindConflicts, Others: ns, OtherValues: otherValues, Note: note}}, nil
}

// requires builds "when property is set (holding one of when, if given),
// each argument of listText must be set (holding one of otherValues, if
// given)".
func requires(sc scope, property string, when []string, listText string, sp sentenceParse, otherValues []string) ([]rule, error) {
	var ns []string
	if strings.Contains(listText, "⟨") {
		var err error
		if ns, err = names(sc, listText, sp); err != nil {
			return nil, err
		}
	} else {
		n, err := resolve(sc, listText)
		if err != nil {
			return nil, err
		}
		ns = []string{n}
	}
	return []rule{{Kind: kindRequiredWith, Property: property, When: when, Others: ns, OtherValues: otherValues}}, nil
}

// group builds a rule over a group of arguments (one of which must be set).
func group(kind string, sc scope, listText string, sp sentenceParse) ([]rule, error) {
	ns, err := names(sc, listText, sp)
	if err != nil {
		return nil, err
	}
	if len(ns) < 2 {
		return nil, fmt.Errorf("a group of one")
	}
	return []rule{{Kind: kind, Property: ns[0], Others: ns[1:]}}, nil
}

// assignment reads a code span written as `name = value`.
func assignment(sp sentenceParse, ref string) (string, string, bool) {
	idx := codeIndexes(ref)
	if len(idx) != 1 {
		return "", "", false
	}
	name, value, ok := strings.Cut(sp.codes[idx[0]], "=")
	if !ok {
		return "", "", false
	}
	value = cleanValue(value)
	return strings.TrimSpace(name), value, value != ""
}

func allowed(text string, sp sentenceParse, min int) ([]rule, error) {
	v, err := parseValues(text, sp, min)
	if err != nil {
		return nil, err
	}
	return []rule{{Kind: kindAllowedValues, Values: v}}, nil
}

// valueToken is one item of a list of values: a code span, a double-quoted
// word or a bare number, then optional annotations: "(default)", "(Default:
// `gp2`)", "(string)".
var valueToken = regexp.MustCompile(`^(?:⟨(\d+)⟩|"([^"\s]+)"|(-?\d+(?:\.\d+)?))(?:\s*\((?:[Dd]efault(?::? ⟨\d+⟩)?|[A-Za-z ]+)\))?`)

// valueSep separates items of a list of values.
var valueSep = regexp.MustCompile(`(?i)^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)`)

// parseValues reads a plain list of at least min values; anything else in
// the text (a condition, "or any multiple of", a value with a space in it)
// makes it not a list.
func parseValues(text string, sp sentenceParse, min int) ([]string, error) {
	rest := strings.TrimSpace(text)
	var out []string
	for {
		m := valueToken.FindStringSubmatch(rest)
		if m == nil {
			return nil, fmt.Errorf("%q is not a plain list of values", text)
		}
		var v string
		switch {
		case m[1] != "":
			v = cleanValue(sp.codes[atoi(m[1])])
		case m[2] != "":
			v = m[2]
		default:
			v = m[3]
		}
		if v == "" || strings.ContainsAny(v, " *[]{}") {
			return nil, fmt.Errorf("%q is not a literal value", v)
		}
		out = append(out, v)
		rest = rest[len(m[0]):]
		if rest == "" {
			break
		}
		sep := valueSep.FindString(rest)
		if sep == "" {
			return nil, fmt.Errorf("%q is not a plain list of values", text)
		}
		rest = rest[len(sep):]
	}
	if len(out) < min {
		return nil, fmt.Errorf("a single value is not a list")
	}
	return out, nil
}

// cleanValue strips the quotes some docs put inside code spans (`"gp3"`).
func cleanValue(v string) string {
	return strings.Trim(strings.TrimSpace(v), `"`)
}

func numRange(a, b string, sp sentenceParse) ([]rule, error) {
	lo, err := number(a, sp)
	if err != nil {
		return nil, err
	}
	hi, err := number(b, sp)
	if err != nil {
		return nil, err
	}
	if lo > hi {
		return nil, fmt.Errorf("range %v to %v is empty", lo, hi)
	}
	return []rule{{Kind: kindRange, Min: &lo, Max: &hi}}, nil
}

func number(s string, sp sentenceParse) (float64, error) {
	if idx := codeIndexes(s); len(idx) == 1 {
		s = cleanValue(sp.codes[idx[0]])
	}
	return strconv.ParseFloat(s, 64)
}

func lengthRule(min int, max string) rule {
	hi := float64(atoi(max))
	r := rule{Kind: kindLength, Max: &hi}
	if min >= 0 {
		lo := float64(min)
		r.Min = &lo
	}
	return r
}

// formatClauses are the name formats the docs state in plain words, each
// with the regular expression a value must match. A sentence made of these
// clauses (and a maximum length) becomes rules; one unknown clause and it is
// left out.
var formatClauses = map[string][]string{
	"begin with a letter":                                      {`^[A-Za-z]`},
	"only contain alphanumeric characters and hyphens":         {`^[A-Za-z0-9-]*$`},
	"must contain only alphanumeric characters or hyphens":     {`^[A-Za-z0-9-]*$`},
	"not end with a hyphen or contain two consecutive hyphens": {`(?:^|[^-])$`, `^(?:[^-]|-[^-])*-?$`},
	"must not begin or end with a hyphen":                      {`^(?:[^-](?:.*[^-])?)?$`},
}

var maxChars = regexp.MustCompile(`^can have a maximum of (\d+) characters$`)

func nameFormat(text string) ([]rule, error) {
	var out []rule
	text = strings.TrimSuffix(strings.TrimSpace(text), ".")
	for _, clause := range regexp.MustCompile(`,\s*(?:and\s+)?`).Split(text, -1) {
		clause = strings.TrimSpace(clause)
		if m := maxChars.FindStringSubmatch(clause); m != nil {
			out = append(out, lengthRule(-1, m[1]))
			continue
		}
		res, ok := formatClauses[clause]
		if !ok {
			return nil, fmt.Errorf("unknown format clause %q", clause)
		}
		for _, p := range res {
			out = append(out, rule{Kind: kindPattern, Pattern: p})
		}
	}
	return out, nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
