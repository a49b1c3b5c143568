package plan

import (
	"fmt"
	"github.com/millionstack/millionstack/millionstacktest"
	"io"
	"sort"
	"strings"

	"github.com/millionstack/millionstack/stages"
)

// WriteHeader says which stage the plan is of and that nothing was deployed.
func (p *Plan) WriteHeader(w io.Writer) {
	s, _ := stages.Describe(p.Stage)
	fmt.Fprintf(w, "Stage %s (%s users): %s\n", s.Name, s.Users, s.Summary)
	fmt.Fprintln(w, "Offline plan: the stage program ran under Pulumi's mock engine; nothing was deployed.")
	fmt.Fprintln(w)
}

// WriteTree prints the plan as a tree of components and resources, each with
// its highlighted settings and monthly cost, then the totals and what is not
// priced.
func (p *Plan) WriteTree(w io.Writer) {
	tops := p.children(p.stackURN())
	fmt.Fprintln(w, "By component:")
	for _, top := range tops {
		fmt.Fprintf(w, "  %-28s %-32s %4d resources %14s\n", top.Name, millionstacktest.ShortType(top.Type), p.count(top), USD(p.total(top)))
	}
	fmt.Fprintln(w)
	for _, top := range tops {
		p.writeItem(w, top, "", "")
	}
	fmt.Fprintf(w, "\n%d components, %d resources. Estimated cost: %s a month", p.Components, p.CloudResources, USD(p.MonthlyUSD))
	if p.Unconfirmed {
		fmt.Fprint(w, " (* rests on unconfirmed list prices)")
	}
	fmt.Fprintln(w)
	p.writeRegions(w)
	fmt.Fprintln(w, "\nResources by type:")
	for _, t := range sortedCounts(p.Counts) {
		fmt.Fprintf(w, "  %4d  %s\n", p.Counts[t], millionstacktest.ShortType(t))
	}
	fmt.Fprintln(w, "\nNotes:")
	for _, n := range p.Notes {
		fmt.Fprintf(w, "  - %s\n", n)
	}
	if unpriced := p.unpriced(); len(unpriced) > 0 {
		fmt.Fprintln(w, "\nComes on top with use (not priced):")
		for _, u := range unpriced {
			fmt.Fprintf(w, "  - %s\n", u)
		}
	}
}

// writeRegions prints the cost of each region and the cost per million
// users, when there is more than one region or an audience to divide by.
func (p *Plan) writeRegions(w io.Writer) {
	if len(p.Regions) > 1 {
		var parts []string
		for _, r := range p.Regions {
			parts = append(parts, r.Region+" "+USD(r.MonthlyUSD))
		}
		fmt.Fprintf(w, "By region: %s\n", strings.Join(parts, ", "))
	}
	if p.Users > 0 {
		users := thousands(p.Users) + " users"
		if p.Users == 1 {
			users = "1 user"
		}
		fmt.Fprintf(w, "Per million users: %s a month (at %s, the most the stage is sized for)\n", USD(p.PerMillionUsersUSD), users)
	}
}

// thousands writes n with thousands separators: 10,000,000.
func thousands(n int) string {
	s := USD(float64(n))
	return s[1 : len(s)-3]
}

// count is the number of cloud resources at or under an item.
func (p *Plan) count(it Item) int {
	n := 0
	if it.Custom {
		n++
	}
	for _, c := range p.children(it.URN) {
		n += p.count(c)
	}
	return n
}

// stackURN is the parent of the top-level items: the stack, which the mock
// engine does not register, so it is the one parent no item is.
func (p *Plan) stackURN() string {
	known := map[string]bool{}
	for _, it := range p.Items {
		known[it.URN] = true
	}
	for _, it := range p.Items {
		if !known[it.Parent] {
			return it.Parent
		}
	}
	return ""
}

func (p *Plan) writeItem(w io.Writer, it Item, indent, branch string) {
	label := fmt.Sprintf("%s%s%s %s", indent, branch, millionstacktest.ShortType(it.Type), it.Name)
	if s := formatSettings(it.Type, it.Settings); s != "" {
		label += "  " + s
	}
	cost := ""
	if it.Custom && it.Cost.MonthlyUSD > 0 {
		cost = USD(it.Cost.MonthlyUSD)
	} else if !it.Custom {
		if t := p.total(it); t > 0 {
			cost = "[" + USD(t) + "]"
		}
	}
	if it.Custom && unconfirmed(it.Cost) {
		cost += "*"
	}
	fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf("%-100s %12s", label, cost), " "))

	kids := p.children(it.URN)
	next := indent
	switch branch {
	case "├─ ":
		next += "│  "
	case "└─ ":
		next += "   "
	}
	for i, k := range kids {
		b := "├─ "
		if i == len(kids)-1 {
			b = "└─ "
		}
		p.writeItem(w, k, next, b)
	}
}

// unpriced lists, once per resource type, the usage charges that come on top.
func (p *Plan) unpriced() []string {
	seen := map[string]bool{}
	var out []string
	for _, it := range p.Items {
		var parts []string
		for _, u := range it.Cost.Usage {
			parts = append(parts, u.String())
		}
		if it.Cost.Unpriced != "" && !strings.HasPrefix(it.Cost.Unpriced, "at desired capacity") {
			parts = append(parts, it.Cost.Unpriced)
		}
		if len(parts) == 0 {
			continue
		}
		s := millionstacktest.ShortType(it.Type) + ": " + strings.Join(parts, ", ")
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func unconfirmed(c Cost) bool {
	for _, l := range c.Lines {
		if l.Unconfirmed {
			return true
		}
	}
	return false
}

// USD shows an amount of dollars as people write it: "$1,234.50".
func USD(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	intPart, frac := s[:len(s)-3], s[len(s)-3:]
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return "$" + b.String() + frac
}

func sortedCounts(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if m[out[i]] != m[out[j]] {
			return m[out[i]] > m[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}
