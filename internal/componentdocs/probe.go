package componentdocs

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// What changing a field does is not taken from its doc comment but
// measured: the component is recorded under the mock engine with a
// fixture's args and again with one field changed, and the two recordings
// are compared as `pulumi up` would see them (millionstacktest.Compare,
// which knows the provider's replace triggers, IgnoreChanges and moves
// between providers).
//
// What a field allows is not taken from its doc comment either: every
// program the probe records first runs the args' Validate under
// validate.Describe, which returns the rules its checks applied (each
// check's "allowed" phrase, the one its error messages end with) and the
// problems it found. The fixture shows the rules of the defaults; the
// changes reach the checks of the other branches (a stored master
// password's rotation, a key of your own).

// Spec is what the registry knows of one Args type A: how to register the
// component with it, the smallest args it accepts, and how to change the
// fields that cannot be changed by rule (see probeCandidates).
type Spec[A any] struct {
	// Prepare, when set, registers what the args refer to (the database a
	// replica copies, the networks a peering joins) and completes args
	// with it, before the args' Validate and Register see them.
	Prepare func(ctx *pulumi.Context, args *A) error
	// Register registers the component (and whatever else it needs, such
	// as a provider for another region) with args.
	Register func(ctx *pulumi.Context, args A) error
	// Base returns the fixture: args the component accepts, with as few
	// fields set as it takes.
	Base func() A
	// Probes say how to change a field, by field name. A field without an
	// entry is changed by rule when its type allows.
	Probes map[string]Probe[A]
}

// Probe says how to change one field.
type Probe[A any] struct {
	// Given is applied to the fixture before the field is changed, in
	// both recordings: a setting without which no change of the field is
	// valid (read replicas need a stored master password). GivenNote says
	// what it sets.
	Given     func(*A)
	GivenNote string
	// Values are the field's alternates, tried in turn (a Go string for a
	// pulumi.StringInput, a []string for a pulumi.StringArrayInput, a
	// plain value for a pointer field are accepted).
	Values []any
	// Edits change the args inside the program, for changes that take
	// more than one field or a resource of the program (a provider).
	Edits []Edit[A]
	// Skip says why the field is not changed at all.
	Skip string
}

// Edit is a change of args that is not a value of one field.
type Edit[A any] struct {
	// Note says what the edit does, as the reference page shows it.
	Note  string
	Apply func(ctx *pulumi.Context, args *A) error
}

// Effect is what a change does to one resource.
type Effect struct {
	Action   millionstacktest.Action
	Type     string
	Name     string
	Stateful bool
	// Properties are the inputs that force the replacement (Replace) or
	// that change (Update).
	Properties []string
}

// Trial is one change of a field and what it does, or why the component
// refused it.
type Trial struct {
	// Change says what the field was changed to.
	Change  string
	Effects []Effect
	// Refused is the component's error when it refused the change.
	Refused string
}

// FieldResult is what changing one field does.
type FieldResult struct {
	Field string
	// Given is the Probe's GivenNote.
	Given string
	// Trials are the accepted changes, Refused the rejected ones.
	Trials, Refused []Trial
	// Skip is the registry's reason not to change the field.
	Skip string
}

// Outcome summarises a field's trials, from harmless to data-losing.
type Outcome int

// The outcomes of changing a field.
const (
	NotProbed Outcome = iota // no accepted change to measure
	NoChange                 // no resource input changes
	InPlace                  // resources are updated in place
	Creates                  // resources are added (and others may be updated)
	Deletes                  // resources the stack had are deleted
	Replaces                 // resources are replaced
)

func (o Outcome) String() string {
	return [...]string{"not probed", "no change", "in place", "creates", "deletes", "replaces"}[o]
}

// Actions returns which of add, delete and replace the trials do, and
// whether any replaced or deleted resource is stateful.
func (r FieldResult) Actions() (add, del, replace, stateful bool) {
	for _, t := range r.Trials {
		for _, e := range t.Effects {
			switch e.Action {
			case millionstacktest.Add:
				add = true
			case millionstacktest.Delete:
				del = true
				stateful = stateful || e.Stateful
			case millionstacktest.Replace:
				replace = true
				stateful = stateful || e.Stateful
			}
		}
	}
	return
}

// Outcome is the worst thing any accepted change of the field does.
func (r FieldResult) Outcome() Outcome {
	if len(r.Trials) == 0 {
		return NotProbed
	}
	add, del, replace, _ := r.Actions()
	switch {
	case replace:
		return Replaces
	case del:
		return Deletes
	case add:
		return Creates
	}
	for _, t := range r.Trials {
		if len(t.Effects) > 0 {
			return InPlace
		}
	}
	return NoChange
}

// Breaks reports whether a change of the field replaces or deletes a
// resource: what UPGRADE.md lists.
func (r FieldResult) Breaks() bool {
	_, del, replace, _ := r.Actions()
	return del || replace
}

// Validation is what the args' Validate said over every program the probe
// recorded.
type Validation struct {
	// Rules are the rules its checks applied, each once, in the order they
	// were first applied.
	Rules []validate.Rule
	// Problems are the problems it found with the changes the component
	// refused, each once.
	Problems []*validate.Problem
}

// add records what one run of Validate applied and found.
func (v *Validation) add(rules []validate.Rule, err error) {
	for _, r := range rules {
		if !slices.Contains(v.Rules, r) {
			v.Rules = append(v.Rules, r)
		}
	}
	for _, p := range problemsOf(err) {
		if !slices.ContainsFunc(v.Problems, func(q *validate.Problem) bool { return q.Error() == p.Error() }) {
			v.Problems = append(v.Problems, p)
		}
	}
}

// problemsOf returns the Problems err joins, however deep.
func problemsOf(err error) []*validate.Problem {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*validate.Problem
		for _, e := range joined.Unwrap() {
			out = append(out, problemsOf(e)...)
		}
		return out
	}
	var p *validate.Problem
	if errors.As(err, &p) {
		return []*validate.Problem{p}
	}
	return nil
}

// entry is a Spec with its type parameter erased, as the registry holds it.
type entry interface {
	argsType() reflect.Type
	// defaults are the zero args after WithDefaults.
	defaults() reflect.Value
	// probe records the fixture, then each field changed, and returns what
	// each change did and what Validate said of them all.
	probe(enums map[string]*Enum) ([]FieldResult, *Validation, error)
}

func (s Spec[A]) argsType() reflect.Type { return reflect.TypeOf((*A)(nil)).Elem() }

func (s Spec[A]) defaults() reflect.Value {
	var zero A
	return withDefaults(reflect.ValueOf(zero))
}

// withDefaults calls args.WithDefaults(), which every Args type has.
func withDefaults(args reflect.Value) reflect.Value {
	m := args.MethodByName("WithDefaults")
	if !m.IsValid() {
		panic(fmt.Sprintf("%s has no WithDefaults method", args.Type()))
	}
	return m.Call(nil)[0]
}

// validator is what every Args type has: a Validate that reports every
// problem of the component called name without registering anything.
type validator interface {
	Validate(name string) error
}

// record records the program that registers the component with args,
// after edit (if any) changed them inside the program, and adds to seen
// what the args' Validate says of them.
func (s Spec[A]) record(args A, edit *Edit[A], seen *Validation) (*millionstacktest.Inventory, error) {
	return millionstacktest.Record(func(ctx *pulumi.Context) error {
		a := args
		if edit != nil {
			if err := edit.Apply(ctx, &a); err != nil {
				return err
			}
		}
		if s.Prepare != nil {
			if err := s.Prepare(ctx, &a); err != nil {
				return err
			}
		}
		v, ok := any(a).(validator)
		if !ok {
			return fmt.Errorf("%s has no Validate(name string) error method", s.argsType())
		}
		seen.add(validate.Describe(v.Validate))
		return s.Register(ctx, a)
	}, millionstacktest.Options{Stack: "dev"})
}

func (s Spec[A]) probe(enums map[string]*Enum) ([]FieldResult, *Validation, error) {
	typ := s.argsType()
	for name := range s.Probes {
		if _, ok := typ.FieldByName(name); !ok {
			return nil, nil, fmt.Errorf("%s: the registry probes field %s, which %s does not have", typ, name, typ.Name())
		}
	}
	seen := &Validation{}
	fixture, err := s.record(s.Base(), nil, seen)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: the registry's fixture is refused: %w", typ, err)
	}
	var out []FieldResult
	for i := 0; i < typ.NumField(); i++ {
		if f := typ.Field(i); f.IsExported() {
			res, err := s.probeField(f, fixture, enums, seen)
			if err != nil {
				return nil, nil, fmt.Errorf("%s.%s: %w", typ.Name(), f.Name, err)
			}
			out = append(out, res)
		}
	}
	return out, seen, nil
}

// probeField changes one field of the fixture in each way the registry or
// the field's type offers, and compares each recording with the
// fixture's. An error is a mistake of the registry's.
func (s Spec[A]) probeField(f reflect.StructField, fixture *millionstacktest.Inventory, enums map[string]*Enum, seen *Validation) (FieldResult, error) {
	p := s.Probes[f.Name]
	res := FieldResult{Field: f.Name, Given: p.GivenNote, Skip: p.Skip}
	if p.Skip != "" {
		return res, nil
	}
	base, before := s.Base(), fixture
	if p.Given != nil {
		p.Given(&base)
		var err error
		if before, err = s.record(base, nil, seen); err != nil {
			return res, fmt.Errorf("the registry's Given is refused: %w", err)
		}
	}
	try := func(change string, args A, edit *Edit[A]) bool {
		after, err := s.record(args, edit, seen)
		if err != nil {
			res.Refused = append(res.Refused, Trial{Change: change, Refused: err.Error()})
			return false
		}
		res.Trials = append(res.Trials, Trial{Change: change, Effects: effects(millionstacktest.Compare(before, after))})
		return true
	}
	for i := range p.Edits {
		try(p.Edits[i].Note, base, &p.Edits[i])
	}
	effective := withDefaults(reflect.ValueOf(base)).FieldByName(f.Name)
	values, firstOnly := p.Values, false
	if len(p.Values) == 0 && len(p.Edits) == 0 {
		own := enums
		if f.Type.PkgPath() != s.argsType().PkgPath() {
			own = nil // an enum of another package: its constants are not parsed here
		}
		values, firstOnly = candidates(f.Type, effective, own)
		if f.Name == "Tags" && f.Type == reflect.TypeOf(map[string]string(nil)) {
			values = []any{tagsCandidate(effective.Interface().(map[string]string))}
		}
	}
	current := Render(effective)
	for _, v := range values {
		args := base
		field := reflect.ValueOf(&args).Elem().FieldByName(f.Name)
		if err := assign(field, v); err != nil {
			return res, err
		}
		if Render(withDefaults(reflect.ValueOf(args)).FieldByName(f.Name)) == current {
			return res, fmt.Errorf("the registry's alternate %s is the value the field has already", Render(field))
		}
		if try("to "+Render(field), args, nil) && firstOnly {
			break
		}
	}
	return res, nil
}

// effects turns a diff into the effects of a change, in the diff's order.
func effects(d *millionstacktest.Diff) []Effect {
	var out []Effect
	for _, e := range d.Entries {
		eff := Effect{Action: e.Action, Type: e.Type, Name: e.Name, Stateful: e.Stateful}
		for _, c := range e.Changes {
			if e.Action != millionstacktest.Replace || c.Replaces {
				eff.Properties = append(eff.Properties, c.Property)
			}
		}
		out = append(out, eff)
	}
	return out
}

// candidates are the changes of a field that follow from its type, given
// its effective value (after WithDefaults): a bool flipped; every other
// constant of a string enum; for a number, the first the component
// accepts of value+1, value*2 and value-1 (firstOnly). Other types need
// the registry's alternates (or, for Tags, tagsCandidate).
func candidates(t reflect.Type, effective reflect.Value, enums map[string]*Enum) (values []any, firstOnly bool) {
	elem := t
	if t.Kind() == reflect.Pointer {
		elem = t.Elem()
	}
	if e, ok := enums[t.Name()]; ok && t.Kind() == reflect.String {
		// enums holds the constants of the Args' own package only.
		for _, v := range e.Values {
			if v.Value != effective.String() {
				values = append(values, reflect.ValueOf(v.Value).Convert(t).Interface())
			}
		}
		return values, false
	}
	cur := effective
	if cur.Kind() == reflect.Pointer {
		if cur.IsNil() {
			if elem.Kind() == reflect.Bool {
				return []any{true, false}, false // no default to flip: both
			}
			cur = reflect.Zero(elem)
		} else {
			cur = cur.Elem()
		}
	}
	switch elem.Kind() {
	case reflect.Bool:
		return []any{!cur.Bool()}, false
	case reflect.Int, reflect.Int32, reflect.Int64:
		d := cur.Int()
		for _, n := range distinct(d, d+1, 2*d, d-1) {
			values = append(values, reflect.ValueOf(n).Convert(elem).Interface())
		}
		return values, true
	case reflect.Float64:
		d := cur.Float()
		for _, n := range distinct(d, d+1, 2*d, d-1) {
			values = append(values, n)
		}
		return values, true
	}
	return nil, false
}

// tagsCandidate is a Tags map with one tag more.
func tagsCandidate(tags map[string]string) map[string]string {
	out := map[string]string{"CostCenter": "1234"}
	for k, v := range tags {
		out[k] = v
	}
	return out
}

// distinct returns the candidates that differ from the current value and
// from each other, in order.
func distinct[N int64 | float64](cur N, cands ...N) []N {
	var out []N
	seen := map[N]bool{cur: true}
	for _, c := range cands {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// assign sets field to v, converting what the registry writes plainly:
// a string for a pulumi.StringInput, a []string for a
// pulumi.StringArrayInput, a value for a pointer to one.
func assign(field reflect.Value, v any) error {
	val := reflect.ValueOf(v)
	t := field.Type()
	switch {
	case !val.IsValid():
		field.Set(reflect.Zero(t))
		return nil
	case val.Type().AssignableTo(t):
	case val.Kind() == reflect.String && reflect.TypeOf(pulumi.String("")).AssignableTo(t) && val.Type() == reflect.TypeOf(""):
		val = reflect.ValueOf(pulumi.String(val.String()))
	case val.Type() == reflect.TypeOf([]string(nil)) && reflect.TypeOf(pulumi.StringArray(nil)).AssignableTo(t):
		val = reflect.ValueOf(pulumi.ToStringArray(v.([]string)))
	case t.Kind() == reflect.Pointer && val.Type().ConvertibleTo(t.Elem()) && (val.Kind() == t.Elem().Kind() || isNumber(val.Kind()) && isNumber(t.Elem().Kind())):
		p := reflect.New(t.Elem())
		p.Elem().Set(val.Convert(t.Elem()))
		val = p
	case val.Type().ConvertibleTo(t) && (val.Kind() == t.Kind() || isNumber(val.Kind()) && isNumber(t.Kind())):
		val = val.Convert(t)
	default:
		return fmt.Errorf("alternate %v (%s) does not fit the field's type %s", v, val.Type(), t)
	}
	field.Set(val)
	return nil
}

func isNumber(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Float64
}

// Render shows a Go value as the reference pages do: strings quoted,
// numbers and bools plain, pointers followed, pulumi inputs by their plain
// value, slices, maps (sorted) and structs (their set fields) compactly.
// An unset value (nil, or an empty slice or map) renders as "".
func Render(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Invalid:
		return ""
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ""
		}
		if _, ok := v.Interface().(pulumi.Resource); ok {
			return "(" + strings.TrimPrefix(v.Type().String(), "*") + ")"
		}
		return Render(v.Elem())
	case reflect.String:
		return strconv.Quote(v.String())
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'f', -1, 64)
	case reflect.Slice, reflect.Array:
		if v.Len() == 0 {
			return "" // empty is unset
		}
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = Render(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case reflect.Map:
		if v.Len() == 0 {
			return ""
		}
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = Render(k) + ": " + Render(v.MapIndex(k))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case reflect.Struct:
		if _, ok := v.Interface().(pulumi.Output); ok {
			return "(output)"
		}
		var parts []string
		for i := 0; i < v.NumField(); i++ {
			if f := v.Type().Field(i); f.IsExported() && !v.Field(i).IsZero() {
				parts = append(parts, f.Name+": "+Render(v.Field(i)))
			}
		}
		return v.Type().Name() + "{" + strings.Join(parts, ", ") + "}"
	case reflect.Func:
		return "(func)"
	}
	return fmt.Sprint(v.Interface())
}
