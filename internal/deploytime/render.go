package deploytime

import (
	"fmt"
	"github.com/millionstack/millionstack/millionstacktest"
	"io"
	"strings"
	"time"
)

// clock renders an offset into the update as m:ss.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Label names a step's resource as "rds:Instance db".
func (s Step) Label() string { return millionstacktest.ShortType(s.Type) + " " + s.Name }

// Headline says the estimate in one line.
func (e *Estimate) Headline() string {
	what := "Fresh deploy of stage " + e.To
	if e.From != "" {
		what = fmt.Sprintf("Upgrade %s -> %s", e.From, e.To)
	}
	if e.Steps == 0 {
		return what + ": nothing to do"
	}
	s := fmt.Sprintf("%s: about %s of `pulumi up` (%d steps", what, Minutes(e.Total), e.Steps)
	if e.Deletions > 0 {
		s += fmt.Sprintf("; %s of creates and updates, then %s of deletions", Minutes(e.Main), Minutes(e.Deletions))
	}
	return s + fmt.Sprintf("; %s if run one at a time)", Minutes(e.Serial))
}

// Write prints the estimate: the headline, the critical path with each
// step's window, the explicit DependsOn edges that lengthen it, and the
// sources of the durations on the path.
func (e *Estimate) Write(w io.Writer) {
	fmt.Fprintln(w, e.Headline())
	writePath := func(title string, path []Step, offset time.Duration) {
		if len(path) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, s := range path {
			why := ""
			if s.Why != "" {
				why = "  (" + s.Why + ")"
			}
			fmt.Fprintf(w, "  %6s -> %6s  %-8s %-52s %8s%s\n", clock(offset+s.Start), clock(offset+s.End), s.Action, millionstacktest.ShortType(s.Type)+" "+s.Name, Minutes(s.Took), why)
		}
	}
	writePath("Critical path", e.Critical, 0)
	writePath("Then the deletions' critical path", e.DeleteCritical, e.Main)
	if len(e.Flags) > 0 {
		fmt.Fprintln(w, "\nExplicit DependsOn on the critical path (no input reads these, no reason is known; each lengthens the update):")
		for _, f := range e.Flags {
			fmt.Fprintf(w, "  %s waits for %s: dropping it would save %s\n", f.Resource, strings.Join(f.WaitsFor, ", "), Minutes(f.Saves))
		}
	}
	if len(e.Kept) > 0 {
		fmt.Fprintln(w, "\nExplicit DependsOn on the critical path kept on purpose (each lengthens the update; AWS needs the order):")
		// One paragraph per reason, in the order of its costliest edge.
		var reasons []Ordering
		edges := map[string][]Kept{}
		for _, k := range e.Kept {
			if edges[k.Reason] == nil {
				reasons = append(reasons, k.Ordering)
			}
			edges[k.Reason] = append(edges[k.Reason], k)
		}
		for _, o := range reasons {
			fmt.Fprintf(w, "  ordered because %s (%s):\n", o.Reason, o.Source)
			for _, k := range edges[o.Reason] {
				fmt.Fprintf(w, "    %s waits for %s: %s\n", k.Resource, strings.Join(k.WaitsFor, ", "), Minutes(k.Costs))
			}
		}
	}
	fmt.Fprintln(w, "\nAssumptions:")
	for _, a := range Assumptions {
		fmt.Fprintf(w, "  - %s\n", a)
	}
	if len(e.Unknown) > 0 {
		fmt.Fprintf(w, "  - types with no measured time (assumed seconds): %s\n", strings.Join(e.Unknown, ", "))
	}
	seen := map[string]bool{}
	var sources []string
	for _, s := range append(append([]Step{}, e.Critical...), e.DeleteCritical...) {
		if s.Took >= time.Minute && !seen[s.Source] {
			seen[s.Source] = true
			sources = append(sources, s.Source)
		}
	}
	if len(sources) > 0 {
		fmt.Fprintln(w, "\nSources of the long steps:")
		for _, s := range sources {
			fmt.Fprintf(w, "  - %s\n", s)
		}
	}
}

// JSON is the estimate with durations in seconds, for --json.
func (e *Estimate) JSON() map[string]any {
	steps := func(path []Step) []map[string]any {
		var out []map[string]any
		for _, s := range path {
			out = append(out, map[string]any{
				"urn": s.URN, "type": s.Type, "name": s.Name, "action": s.Action, "why": s.Why, "source": s.Source,
				"seconds": s.Took.Seconds(), "startSeconds": s.Start.Seconds(), "endSeconds": s.End.Seconds(),
			})
		}
		return out
	}
	var flags, kept []map[string]any
	for _, f := range e.Flags {
		flags = append(flags, map[string]any{"resource": f.Resource, "waitsFor": f.WaitsFor, "savesSeconds": f.Saves.Seconds(), "note": f.Condition})
	}
	for _, k := range e.Kept {
		kept = append(kept, map[string]any{"resource": k.Resource, "waitsFor": k.WaitsFor, "costsSeconds": k.Costs.Seconds(), "reason": k.Reason, "source": k.Source})
	}
	return map[string]any{
		"from": e.From, "to": e.To, "steps": e.Steps,
		"totalSeconds": e.Total.Seconds(), "mainPhaseSeconds": e.Main.Seconds(), "deletePhaseSeconds": e.Deletions.Seconds(),
		"serialSeconds": e.Serial.Seconds(), "criticalPath": steps(e.Critical), "deleteCriticalPath": steps(e.DeleteCritical),
		"explicitDependsOnOnCriticalPath": flags, "orderedOnPurposeOnCriticalPath": kept, "typesNotInTable": e.Unknown, "assumptions": Assumptions,
	}
}
