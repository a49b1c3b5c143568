package providerrules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Violation is one rule a resource's inputs break.
type Violation struct {
	Rule Rule
	// Path is where: "manageMasterUserPassword", "ebsBlockDevices[0].encrypted".
	Path string
	// Message says what is wrong in words, naming the arguments and values.
	Message string
}

// String is the message followed by the rule's source.
func (v Violation) String() string {
	return fmt.Sprintf("%s (%s rule from %s)", v.Message, v.Rule.Kind, v.Rule.Source)
}

// Check holds the inputs of one resource of type typ (plain values, as
// inventory.Resource.Plain returns them: unknown and null inputs are nil)
// against the type's rules and returns every violation, in table order.
func Check(typ string, inputs map[string]interface{}) []Violation {
	rules := For(typ)
	autoNamed := map[string]bool{}
	for _, r := range rules {
		if r.Kind == AutoName && r.Object == "" {
			autoNamed[r.Property] = true
		}
	}
	var out []Violation
	for _, r := range rules {
		for _, o := range objectsAt(inputs, r.Object) {
			names := autoNamed
			if r.Object != "" {
				names = nil // the provider names resources, not nested objects
			}
			if msg := evaluate(r, o.values, names); msg != "" {
				out = append(out, Violation{Rule: r, Path: o.prefix + r.Property, Message: msg})
			}
		}
	}
	return out
}

// object is one instance of a rule's Object in the inputs.
type object struct {
	prefix string // "ebsBlockDevices[0]."
	values map[string]interface{}
}

// objectsAt finds every object a path names: "" is the inputs themselves,
// "a" the object under a, "a[]" each element of the list under a, "a[].b"
// the object b of each element.
func objectsAt(inputs map[string]interface{}, path string) []object {
	objs := []object{{values: inputs}}
	if path == "" {
		return objs
	}
	for _, step := range strings.Split(path, ".") {
		key, each := strings.CutSuffix(step, "[]")
		var next []object
		for _, o := range objs {
			v := o.values[key]
			if each {
				list, _ := v.([]interface{})
				for i, e := range list {
					if m, ok := e.(map[string]interface{}); ok {
						next = append(next, object{prefix: fmt.Sprintf("%s%s[%d].", o.prefix, key, i), values: m})
					}
				}
				continue
			}
			if m, ok := v.(map[string]interface{}); ok {
				next = append(next, object{prefix: o.prefix + key + ".", values: m})
			}
		}
		objs = next
	}
	return objs
}

// evaluate returns what is wrong with one object under one rule, or "".
func evaluate(r Rule, o map[string]interface{}, autoNamed map[string]bool) string {
	p := r.Property
	v, isSet := get(o, p)
	switch r.Kind {
	case Conflicts:
		if !isSet {
			return ""
		}
		for _, other := range r.Others {
			ov, ok := get(o, other)
			if ok && (len(r.OtherValues) == 0 || holds(ov, r.OtherValues)) {
				return fmt.Sprintf("%s (%s) and %s (%s) cannot both be set", p, shown(p, v), other, shown(other, ov))
			}
		}
	case RequiredWith:
		if !isSet || (len(r.When) > 0 && !holds(v, r.When)) {
			return ""
		}
		for _, other := range r.Others {
			ov, ok := get(o, other)
			switch {
			case !ok && len(r.OtherValues) == 0 && !autoNamed[other]:
				return fmt.Sprintf("%s (%s) needs %s, which is not set", p, shown(p, v), other)
			case ok && len(r.OtherValues) > 0 && !holds(ov, r.OtherValues):
				return fmt.Sprintf("%s (%s) needs %s to be %s, not %s", p, shown(p, v), other, strings.Join(r.OtherValues, " or "), shown(other, ov))
			}
		}
	case ExactlyOneOf, AtLeastOneOf:
		group := append([]string{p}, r.Others...)
		var set []string
		for _, g := range group {
			if _, ok := get(o, g); ok || autoNamed[g] {
				set = append(set, g)
			}
		}
		if len(set) == 0 {
			return fmt.Sprintf("one of %s must be set", strings.Join(group, ", "))
		}
		if r.Kind == ExactlyOneOf && len(set) > 1 {
			return fmt.Sprintf("only one of %s may be set, not %s", strings.Join(group, ", "), strings.Join(set, " and "))
		}
	case AllowedValues:
		if !isSet {
			return ""
		}
		for _, e := range elements(v) {
			if !holds(e, r.Values) {
				return fmt.Sprintf("%s is %s; allowed: %s", p, shown(p, e), strings.Join(r.Values, ", "))
			}
		}
	case Range:
		for _, e := range elements(v) {
			f, ok := e.(float64)
			if !ok {
				continue
			}
			if (r.Min != nil && f < *r.Min) || (r.Max != nil && f > *r.Max) {
				return fmt.Sprintf("%s is %s; allowed: %s", p, shown(p, e), bounds(r, ""))
			}
		}
	case Length:
		for _, e := range elements(v) {
			s, ok := e.(string)
			if !ok {
				continue
			}
			n := float64(len([]rune(s)))
			if (r.Min != nil && n < *r.Min) || (r.Max != nil && n > *r.Max) {
				return fmt.Sprintf("%s %s has %d characters; allowed: %s", p, shown(p, s), int(n), bounds(r, " characters"))
			}
		}
	case Pattern:
		re := compiled(r.Pattern)
		for _, e := range elements(v) {
			if s, ok := e.(string); ok && !re.MatchString(s) {
				return fmt.Sprintf("%s %s does not match %s", p, shown(p, s), r.Pattern)
			}
		}
	}
	return ""
}

// get returns an input and whether it is set: present, not null and not an
// empty list or object. false, "" and 0 are set (see Kind); an empty list is
// not, which errs toward no conflict and toward a group with no member.
func get(o map[string]interface{}, key string) (interface{}, bool) {
	v, ok := o[key]
	switch x := v.(type) {
	case nil:
		return nil, false
	case []interface{}:
		return v, ok && len(x) > 0
	case map[string]interface{}:
		return v, ok && len(x) > 0
	}
	return v, ok
}

// elements are the scalars a value holds: itself, or each element of a list.
func elements(v interface{}) []interface{} {
	if list, ok := v.([]interface{}); ok {
		return list
	}
	if v == nil {
		return nil
	}
	return []interface{}{v}
}

// holds reports whether a value (any element, for a list) is one of values,
// compared as text without regard to case: AWS takes "gp3" and the docs
// write `"gp3"`, booleans are true/false.
func holds(v interface{}, values []string) bool {
	for _, e := range elements(v) {
		s := scalar(e)
		for _, want := range values {
			if strings.EqualFold(s, want) {
				return true
			}
		}
	}
	return false
}

func scalar(v interface{}) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// secretWords mark arguments whose values a message never shows.
var secretWords = []string{"password", "secret", "token"}

// shown renders the value of an argument for a message: "[secret]" for the
// text of passwords and the like (a flag such as manageMasterUserPassword
// is shown).
func shown(name string, v interface{}) string {
	if _, text := v.(string); text {
		for _, w := range secretWords {
			if strings.Contains(strings.ToLower(name), w) {
				return "[secret]"
			}
		}
	}
	return show(v)
}

// show renders a value for a message.
func show(v interface{}) string {
	switch x := v.(type) {
	case string:
		if len(x) > 60 {
			return strconv.Quote(x[:57] + "...")
		}
		return strconv.Quote(x)
	case map[string]interface{}, []interface{}:
		return "set"
	}
	return scalar(v)
}

func bounds(r Rule, unit string) string {
	switch {
	case r.Min != nil && r.Max != nil:
		return fmt.Sprintf("%v to %v%s", *r.Min, *r.Max, unit)
	case r.Min != nil:
		return fmt.Sprintf("at least %v%s", *r.Min, unit)
	case r.Max != nil:
		return fmt.Sprintf("at most %v%s", *r.Max, unit)
	}
	return "any"
}

var (
	patternsMu sync.Mutex
	patterns   = map[string]*regexp.Regexp{}
)

func compiled(p string) *regexp.Regexp {
	patternsMu.Lock()
	defer patternsMu.Unlock()
	re, ok := patterns[p]
	if !ok {
		re = regexp.MustCompile(p)
		patterns[p] = re
	}
	return re
}
