// Command gen writes the provider rules table (../rules_gen.go) from the doc
// comments of the pinned pulumi-aws SDK in the module cache, offline:
//
//	go generate ./internal/providerrules
//
// It prints how many rules of each kind it extracted and every sentence that
// speaks of a rule it could not read (the "unparsed" list), with the reason.
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
)

func main() {
	out := flag.String("o", "rules_gen.go", "file to write")
	dump := flag.Bool("dump", false, "print every documented argument's sentences instead (to review phrasings)")
	rules := flag.Bool("rules", false, "also print every rule extracted")
	flag.Parse()
	sdk, err := locateSDK()
	if err != nil {
		fail(err)
	}
	if *dump {
		if err := dumpSentences(sdk); err != nil {
			fail(err)
		}
		return
	}
	res, err := extract(sdk, Types)
	if err != nil {
		fail(err)
	}
	src, err := render(res)
	if err != nil {
		fail(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fail(err)
	}
	report(res, *rules)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}

// report prints the counts per kind and phrasing, the dropped rules and the
// unparsed sentences.
func report(res *result, all bool) {
	kinds, phrases := map[string]int{}, map[string]int{}
	for _, r := range res.Rules {
		kinds[r.Kind]++
		phrases[r.Phrase]++
		if all {
			fmt.Printf("rule\t%s\t%s\t%s\t%s\n", r.Type, join(r.Object, r.Property), r.Kind, describe(r))
		}
	}
	fmt.Printf("%s %s: %d types, %d rules\n", sdkModule, res.Version, len(res.Types), len(res.Rules))
	for _, k := range sortedKeys(kinds) {
		fmt.Printf("  %-14s %4d\n", k, kinds[k])
	}
	fmt.Println("by phrasing:")
	for _, k := range sortedKeys(phrases) {
		fmt.Printf("  %-34s %4d\n", k, phrases[k])
	}
	for _, r := range res.Dropped {
		fmt.Printf("dropped after review: %s %s %s: %s\n", r.Type, join(r.Object, r.Property), r.Kind, r.Sentence)
	}
	fmt.Printf("unparsed: %d sentences\n", len(res.Unparsed))
	for _, u := range res.Unparsed {
		fmt.Printf("unparsed\t%s\t%s\t%s\t%s\n", u.Type, u.Path, u.Reason, u.Sentence)
	}
}

func describe(r rule) string {
	s := ""
	if len(r.When) > 0 {
		s += fmt.Sprintf(" when=%v", r.When)
	}
	if len(r.Others) > 0 {
		s += fmt.Sprintf(" others=%v", r.Others)
	}
	if len(r.OtherValues) > 0 {
		s += fmt.Sprintf(" otherValues=%v", r.OtherValues)
	}
	if len(r.Values) > 0 {
		s += fmt.Sprintf(" values=%v", r.Values)
	}
	if r.Min != nil {
		s += fmt.Sprintf(" min=%v", *r.Min)
	}
	if r.Max != nil {
		s += fmt.Sprintf(" max=%v", *r.Max)
	}
	if r.Pattern != "" {
		s += " pattern=" + r.Pattern
	}
	return s
}

func sortedKeys(m map[string]int) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// dumpSentences prints type, argument path and sentence for every documented
// argument: the raw material for finding phrasings the parser should learn.
func dumpSentences(sdk SDK) error {
	l := newLoader(sdk)
	for _, t := range Types {
		r, err := l.load(t)
		if err != nil {
			return err
		}
		walk(r.Fields, "", func(path string, f field) {
			for _, s := range sentences(f.Doc) {
				fmt.Printf("%s\t%s\t%s\n", t, path, s)
			}
		})
	}
	return nil
}

// walk visits every field, depth first, with its dotted path ("a.b[].c").
func walk(fields []field, prefix string, visit func(path string, f field)) {
	for _, f := range fields {
		path := prefix + f.Name
		visit(path, f)
		sub := path
		if f.List {
			sub += "[]"
		}
		walk(f.Fields, sub+".", visit)
	}
}
