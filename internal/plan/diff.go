package plan

import (
	"fmt"
	"io"
	"strings"

	"github.com/millionstack/millionstack/millionstacktest"
)

// The diff's vocabulary is the test kit's (millionstacktest.Compare), which
// holds the replace triggers and the stateful types: a user's test of an
// upgrade and `millionstack diff` judge it the same way.
type (
	// Action is what an upgrade does to one resource.
	Action = millionstacktest.Action
	// Change is one property that differs between two stages.
	Change = millionstacktest.Change
	// Entry is one resource that an upgrade touches.
	Entry = millionstacktest.Entry
)

// The actions an upgrade can take, from harmless to data-losing.
const (
	Add     = millionstacktest.Add
	Update  = millionstacktest.Update
	Replace = millionstacktest.Replace
	Delete  = millionstacktest.Delete
	Retain  = millionstacktest.Retain
)

// ProviderProperty is the pseudo-property a diff reports when a resource
// moves to another provider.
const ProviderProperty = millionstacktest.ProviderProperty

// Diff is what moving a stack from one stage to another does.
type Diff struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Entries are the resources the upgrade touches, sorted by URN.
	Entries    []Entry `json:"changes"`
	FromUSD    float64 `json:"fromMonthlyUSD"`
	ToUSD      float64 `json:"toMonthlyUSD"`
	Unchanged  int     `json:"unchanged"`
	DataLosses []Entry `json:"statefulReplacementsOrDeletions"`
}

// Between records both stages on the same stack (the from stage's), exactly as
// changing millionstack:stage on a live stack would, holds both against the
// provider rules (an error names each resource a real account would
// refuse) and compares them.
func Between(from, to string, config map[string]string) (*Diff, error) {
	a, err := Record(from, from, config)
	if err != nil {
		return nil, fmt.Errorf("stage %s: %w", from, err)
	}
	b, err := Record(to, from, config)
	if err != nil {
		return nil, fmt.Errorf("stage %s: %w", to, err)
	}
	if err := Checked(from, a); err != nil {
		return nil, err
	}
	if err := Checked(to, b); err != nil {
		return nil, err
	}
	d := Compare(a, b)
	d.From, d.To = from, to
	d.FromUSD = FromInventory(from, a).MonthlyUSD
	d.ToUSD = FromInventory(to, b).MonthlyUSD
	return d, nil
}

// Compare diffs two inventories of the same stack (millionstacktest.Compare).
func Compare(from, to *millionstacktest.Inventory) *Diff {
	c := millionstacktest.Compare(from, to)
	return &Diff{Entries: c.Entries, Unchanged: c.Unchanged, DataLosses: c.DataLosses}
}

// Write prints the diff for a person: counts, a loud warning for every
// stateful replacement or deletion, then each change with its properties.
func (d *Diff) Write(w io.Writer) {
	count := map[Action]int{}
	for _, e := range d.Entries {
		count[e.Action]++
	}
	fmt.Fprintf(w, "Upgrade %s -> %s: %d to add, %d to update, %d to replace, %d to delete, %d retained in AWS, %d unchanged\n",
		d.From, d.To, count[Add], count[Update], count[Replace], count[Delete], count[Retain], d.Unchanged)
	fmt.Fprintf(w, "Estimated cost: %s -> %s a month\n", USD(d.FromUSD), USD(d.ToUSD))
	if len(d.DataLosses) > 0 {
		fmt.Fprintf(w, "\n!!! WARNING: %d stateful resource(s) would be REPLACED or DELETED, losing their data:\n", len(d.DataLosses))
		for _, e := range d.DataLosses {
			fmt.Fprintf(w, "!!!   %s %s %s\n", strings.ToUpper(string(e.Action)), millionstacktest.ShortType(e.Type), e.Name)
		}
	} else {
		fmt.Fprintln(w, "\nNo stateful resource is replaced or deleted: the upgrade is in place.")
	}
	for _, a := range []Action{Add, Update, Replace, Delete, Retain} {
		var group []Entry
		for _, e := range d.Entries {
			if e.Action == a {
				group = append(group, e)
			}
		}
		if len(group) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s (%d):\n", strings.ToUpper(string(a)), len(group))
		for _, e := range group {
			mark := ""
			if e.Stateful {
				mark = " [stateful]"
			}
			fmt.Fprintf(w, "  %s %s%s\n", millionstacktest.ShortType(e.Type), e.Name, mark)
			if e.RenamedFrom != "" {
				fmt.Fprintf(w, "      (alias of %s)\n", e.RenamedFrom)
			}
			for _, c := range e.Changes {
				rep := ""
				if c.Replaces {
					rep = "  (forces replacement)"
				}
				fmt.Fprintf(w, "      %s: %s -> %s%s\n", c.Property, c.Old, c.New, rep)
			}
		}
	}
}
