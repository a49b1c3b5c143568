package main

import (
	"regexp"
	"strings"
)

// note matches the "> **NOTE:**" call-outs the docs run into the text.
var note = regexp.MustCompile(`\s*>\s*\*\*(?:NOTE|Note)\*?\*?:?\*?\*?\s*`)

// sentences splits a doc paragraph into sentences. A sentence ends at '.',
// '!' or '?' followed by a space and an upper-case letter, a backtick, a
// bracket or an asterisk (so decimals and "e.g. `x`" stay whole), at a
// "> **NOTE:**" call-out, and after a code span followed by a capitalised
// word, where the docs forgot the full stop ("`/_+=.@-` Conflicts with").
func sentences(doc string) []string {
	var out []string
	for _, chunk := range note.Split(doc, -1) {
		out = append(out, split(chunk)...)
	}
	return out
}

func split(doc string) []string {
	var out []string
	start, inCode := 0, false
	emit := func(end, next int) {
		if s := strings.TrimSpace(doc[start:end]); s != "" {
			out = append(out, s)
		}
		start = next
	}
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		if c == '`' {
			inCode = !inCode
			if !inCode && i+3 < len(doc) && doc[i+1] == ' ' && isUpper(doc[i+2]) && isLower(doc[i+3]) {
				emit(i+1, i+2)
			}
			continue
		}
		if inCode || (c != '.' && c != '!' && c != '?') {
			continue
		}
		if i+2 >= len(doc) || doc[i+1] != ' ' {
			continue
		}
		next := doc[i+2]
		if !isUpper(next) && next != '`' && next != '[' && next != '(' && next != '*' {
			continue
		}
		if abbreviation(doc[start : i+1]) {
			continue
		}
		emit(i+1, i+2)
	}
	emit(len(doc), len(doc))
	return out
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

// abbreviation reports whether text ends in an abbreviation that does not
// end a sentence.
func abbreviation(text string) bool {
	for _, a := range []string{"e.g.", "i.e.", "etc.", "vs.", "approx."} {
		if strings.HasSuffix(strings.ToLower(text), a) {
			return true
		}
	}
	return false
}
