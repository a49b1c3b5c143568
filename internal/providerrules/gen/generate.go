package main

import (
	"fmt"
	"sort"
	"strings"
)

// result is what the generator read from the SDK.
type result struct {
	Version  string
	Types    []string
	Rules    []rule
	Unparsed []unparsed
	Dropped  []rule // rules a reviewed exception removed
}

// extract reads every type of Types from the SDK and parses the doc comment
// of every argument, at the top level and in nested input types.
func extract(sdk SDK, types []string) (*result, error) {
	l := newLoader(sdk)
	res := &result{Version: sdk.Version, Types: append([]string(nil), types...)}
	sort.Strings(res.Types)
	for _, t := range res.Types {
		r, err := l.load(t)
		if err != nil {
			return nil, err
		}
		parseFields(res, r, r.Fields, "")
	}
	res.Rules = dedupe(res.Rules)
	var err error
	if res.Rules, res.Dropped, err = applyReviews(res.Rules); err != nil {
		return nil, err
	}
	for _, r := range res.Dropped {
		res.Unparsed = append(res.Unparsed, unparsed{Type: r.Type, Path: join(r.Object, r.Property), Sentence: r.Sentence, Reason: "dropped after review: " + reviewOf(r).Reason})
	}
	sort.SliceStable(res.Rules, func(i, j int) bool { return ruleKey(res.Rules[i]) < ruleKey(res.Rules[j]) })
	return res, nil
}

// parseFields parses the docs of one object's arguments, then its nested objects.
func parseFields(res *result, r resource, fields []field, object string) {
	var siblings []string
	for _, f := range fields {
		siblings = append(siblings, f.Name)
	}
	for _, f := range fields {
		sc := scope{Type: r.Token, File: r.File, Object: object, Self: f.Name, Siblings: siblings}
		var rules []rule
		openList := false // a sentence adds values the parser could not read
		for _, s := range sentences(f.Doc) {
			rs, matched, err := parseSentence(s, sc)
			if !matched {
				continue
			}
			if err != nil {
				res.Unparsed = append(res.Unparsed, unparsed{Type: r.Token, Path: join(object, f.Name), Sentence: s, Reason: err.Error()})
				openList = openList || alsoValid.MatchString(s)
				continue
			}
			for _, r := range rs {
				if r.Note != "" {
					res.Unparsed = append(res.Unparsed, unparsed{Type: r.Type, Path: join(object, f.Name), Sentence: s, Reason: r.Note})
				}
			}
			rules = append(rules, rs...)
		}
		res.Rules = append(res.Rules, mergeValues(rules, openList)...)
		if len(f.Fields) > 0 {
			sub := join(object, f.Name)
			if f.List {
				sub += "[]"
			}
			parseFields(res, r, f.Fields, sub)
		}
	}
}

// mergeValues folds the values of "also valid" sentences into the
// argument's AllowedValues rule, and drops that rule when the doc adds
// values the parser could not read: a list that is not closed is no rule.
func mergeValues(rules []rule, openList bool) []rule {
	var also, alsoSentences []string
	var out []rule
	for _, r := range rules {
		if r.Kind == kindAlsoAllowed {
			also = append(also, r.Values...)
			alsoSentences = append(alsoSentences, r.Sentence)
		}
	}
	for _, r := range rules {
		switch {
		case r.Kind == kindAlsoAllowed:
			continue
		case r.Kind == kindAllowedValues && openList:
			continue
		case r.Kind == kindAllowedValues && len(also) > 0:
			r.Values = append(append([]string(nil), r.Values...), also...)
			r.Sentence = strings.Join(append([]string{r.Sentence}, alsoSentences...), " ")
			r.Phrase += "+also-valid"
		}
		out = append(out, r)
	}
	return out
}

func join(object, name string) string {
	if object == "" {
		return name
	}
	return object + "." + name
}

// ruleKey orders and identifies rules: type, object, property, kind, then
// what the rule says.
func ruleKey(r rule) string {
	return strings.Join([]string{r.Type, r.Object, r.Property, r.Kind, strings.Join(r.Others, ","),
		strings.Join(r.When, ","), strings.Join(r.OtherValues, ","), strings.Join(r.Values, ","),
		fmtNum(r.Min), fmtNum(r.Max), r.Pattern, r.Sentence}, "\x00")
}

func fmtNum(f *float64) string {
	if f == nil {
		return ""
	}
	return fmt.Sprint(*f)
}

// dedupe drops a rule stated twice by the same sentence (the same doc
// comment on two arguments that both parse to one group rule).
func dedupe(rules []rule) []rule {
	seen := map[string]bool{}
	var out []rule
	for _, r := range rules {
		k := strings.Join([]string{r.Type, r.Object, r.Property, r.Kind, strings.Join(r.Others, ","), strings.Join(r.When, ","),
			strings.Join(r.OtherValues, ","), strings.Join(r.Values, ","), fmtNum(r.Min), fmtNum(r.Max), r.Pattern}, "\x00")
		if r.Kind == kindExactlyOneOf || r.Kind == kindAtLeastOneOf {
			members := append([]string{r.Property}, r.Others...)
			sort.Strings(members)
			k = strings.Join([]string{r.Type, r.Object, r.Kind, strings.Join(members, ",")}, "\x00")
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, r)
	}
	return out
}
