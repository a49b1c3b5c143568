package graph

import "strings"

// Diff draws an upgrade: the nodes and edges of the target stage, with what
// the upgrade adds, changes (with the previous size) and removes marked,
// and the removed ones kept in the drawing where they were.
func Diff(from, to *Model) *Model {
	out := &Model{Title: from.Title + " -> " + to.Title}
	old := map[string]Node{}
	for _, n := range from.Nodes {
		old[n.ID] = n
	}
	kept := map[string]bool{}
	for _, n := range to.Nodes {
		if prev, ok := old[n.ID]; !ok {
			n.Status = Added
		} else if prev.Label != n.Label || prev.size() != n.size() || prev.Lane != n.Lane || prev.Placement != n.Placement || prev.Region != n.Region || prev.AZ != n.AZ {
			n.Status, n.OldDetail = Changed, prev.Detail
			if prev.size() != prev.Detail && strings.Join(prev.AZs, " ") != strings.Join(n.AZs, " ") {
				n.OldDetail = prev.size() // the AZs changed: say which they were
			}
		}
		kept[n.ID] = true
		out.Nodes = append(out.Nodes, n)
	}
	for _, n := range from.Nodes {
		if !kept[n.ID] {
			n.Status = Removed
			out.Nodes = append(out.Nodes, n)
		}
	}
	oldEdges := map[[2]string]bool{}
	for _, e := range from.Edges {
		oldEdges[[2]string{e.From, e.To}] = true
	}
	newEdges := map[[2]string]bool{}
	for _, e := range to.Edges {
		if !oldEdges[[2]string{e.From, e.To}] {
			e.Status = Added
		}
		newEdges[[2]string{e.From, e.To}] = true
		out.Edges = append(out.Edges, e)
	}
	for _, e := range from.Edges {
		if !newEdges[[2]string{e.From, e.To}] {
			e.Status = Removed
			out.Edges = append(out.Edges, e)
		}
	}
	regions := map[string]Region{}
	for _, r := range from.Regions {
		regions[r.Name] = r
	}
	for _, r := range to.Regions {
		if prev, ok := regions[r.Name]; ok && prev.Network != r.Network && prev.Network != "" {
			r.Network += " (was: " + prev.Network + ")"
		}
		regions[r.Name] = r
	}
	for _, r := range regions {
		out.Regions = append(out.Regions, r)
	}
	out.sort()
	return out
}

// Counts reports how many nodes a diff drawing adds, changes and removes.
func (m *Model) Counts() (added, changed, removed int) {
	for _, n := range m.Nodes {
		switch n.Status {
		case Added:
			added++
		case Changed:
			changed++
		case Removed:
			removed++
		}
	}
	return
}
