package graph

import (
	"fmt"
	"io"
	"strings"
)

// Status marks what an upgrade does to a node or edge in a diff drawing.
type Status string

// Statuses; the zero value is "unchanged".
const (
	Added   Status = "added"
	Removed Status = "removed"
	Changed Status = "changed"
)

// Colors of the placements (security boundaries) and of diff statuses,
// shared by the Mermaid and DOT renderings.
var (
	placementFill = map[Placement]string{
		Global: "#e3f2e1", PublicSubnet: "#fde2c8", PrivateSubnet: "#d8e8fb", IsolatedSubnet: "#e7dcf5", Regional: "#eeeeee",
	}
	placementLegend = map[Placement]string{
		Global: "global edge service", PublicSubnet: "public subnets (internet-facing)", PrivateSubnet: "private subnets (egress via NAT)",
		IsolatedSubnet: "database subnets (no internet route)", Regional: "regional service outside the VPC",
	}
	statusColor = map[Status]string{Added: "#1a7f37", Removed: "#cf222e", Changed: "#bf8700"}
)

var placements = []Placement{Global, PublicSubnet, PrivateSubnet, IsolatedSubnet, Regional}

// nodeText is a node's label and size on separate lines, with a changed
// node's previous size.
func nodeText(n Node, newline string) string {
	text := n.Label
	if n.Detail != "" {
		text += newline + n.Detail
	}
	if n.Status == Changed && n.OldDetail != n.Detail {
		text += newline + "was: " + n.OldDetail
	}
	return text
}

// lanesIn returns, for one region ("" for global), the lanes that hold
// nodes and the nodes of each, in drawing order.
func (m *Model) lanesIn(region string) ([]Lane, map[Lane][]Node) {
	by := map[Lane][]Node{}
	for _, n := range m.Nodes {
		if n.ID == UsersID || n.Region != region {
			continue
		}
		by[n.Lane] = append(by[n.Lane], n)
	}
	var lanes []Lane
	for _, l := range Lanes {
		if len(by[l]) > 0 {
			lanes = append(lanes, l)
		}
	}
	return lanes, by
}

func (m *Model) regionTitle(r Region) string {
	if r.Network == "" {
		return "Region " + r.Name
	}
	return "Region " + r.Name + " · " + r.Network
}

func safeID(s string) string { return nodeID("x", s)[2:] }

// WriteMermaid writes the model as a Mermaid flowchart: the global edge
// and each region as boxes, the lanes inside them, placements as colors
// and, in a diff, additions green, removals red and changes amber.
func (m *Model) WriteMermaid(w io.Writer) {
	esc := func(s string) string { return strings.ReplaceAll(s, `"`, "#quot;") }
	shape := func(n Node) string {
		t := `"` + esc(nodeText(n, "<br/>")) + `"`
		switch n.Shape {
		case "users":
			return "((" + t + "))"
		case "store":
			return "[(" + t + ")]"
		case "queue":
			return "[/" + t + "/]"
		case "shield":
			return "{{" + t + "}}"
		case "balancer":
			return "([" + t + "])"
		}
		return "[" + t + "]"
	}
	fmt.Fprintln(w, "flowchart LR")
	if m.Title != "" {
		fmt.Fprintf(w, "  %%%% %s\n", m.Title)
	}
	if u, ok := m.Node(UsersID); ok {
		fmt.Fprintf(w, "  %s%s\n", u.ID, shape(u))
	}
	writeLanes := func(region, prefix, indent string) {
		lanes, by := m.lanesIn(region)
		for _, l := range lanes {
			fmt.Fprintf(w, "%ssubgraph %s_%s[\"%s\"]\n", indent, prefix, l, laneTitle[l])
			for _, n := range by[l] {
				fmt.Fprintf(w, "%s  %s%s\n", indent, n.ID, shape(n))
			}
			fmt.Fprintf(w, "%send\n", indent)
		}
	}
	if lanes, _ := m.lanesIn(""); len(lanes) > 0 {
		fmt.Fprintln(w, `  subgraph global["Global edge"]`)
		writeLanes("", "global", "    ")
		fmt.Fprintln(w, "  end")
	}
	for _, r := range m.Regions {
		if lanes, _ := m.lanesIn(r.Name); len(lanes) == 0 {
			continue // only supporting resources there (a certificate, a log group)
		}
		id := "region_" + safeID(r.Name)
		fmt.Fprintf(w, "  subgraph %s[\"%s\"]\n", id, esc(m.regionTitle(r)))
		writeLanes(r.Name, id, "    ")
		fmt.Fprintln(w, "  end")
	}
	for i, e := range m.Edges {
		arrow := "-->"
		if e.Dashed || e.Status == Removed {
			arrow = "-.->"
		}
		if e.Label != "" {
			fmt.Fprintf(w, "  %s %s|%s| %s\n", e.From, arrow, esc(e.Label), e.To)
		} else {
			fmt.Fprintf(w, "  %s %s %s\n", e.From, arrow, e.To)
		}
		if c := statusColor[e.Status]; c != "" {
			fmt.Fprintf(w, "  linkStyle %d stroke:%s,stroke-width:2px\n", i, c)
		}
	}
	for _, p := range placements {
		fmt.Fprintf(w, "  classDef %s fill:%s,stroke:#555\n", p, placementFill[p])
	}
	for _, s := range []Status{Added, Removed, Changed} {
		dash := ""
		if s == Removed {
			dash = ",stroke-dasharray:4 3"
		}
		fmt.Fprintf(w, "  classDef %s stroke:%s,stroke-width:3px%s\n", s, statusColor[s], dash)
	}
	for _, p := range placements {
		if ids := m.ids(func(n Node) bool { return n.Placement == p && n.ID != UsersID }); ids != "" {
			fmt.Fprintf(w, "  class %s %s\n", ids, p)
		}
	}
	for _, s := range []Status{Added, Removed, Changed} {
		if ids := m.ids(func(n Node) bool { return n.Status == s }); ids != "" {
			fmt.Fprintf(w, "  class %s %s\n", ids, s)
		}
	}
}

// ids lists the IDs of the nodes that match, comma-separated.
func (m *Model) ids(match func(Node) bool) string {
	var out []string
	for _, n := range m.Nodes {
		if match(n) {
			out = append(out, n.ID)
		}
	}
	return strings.Join(out, ",")
}

// WriteDOT writes the model as a Graphviz digraph with the same boxes,
// lanes and colors as the Mermaid drawing, plus a legend of the colors.
func (m *Model) WriteDOT(w io.Writer) {
	q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` } // labels hold no backslashes but the \n line breaks
	shape := map[string]string{"users": "circle", "store": "cylinder", "queue": "parallelogram", "shield": "hexagon", "balancer": "box"}
	fmt.Fprintln(w, "digraph millionstack {")
	fmt.Fprintf(w, "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, labeljust=l, nodesep=0.3, ranksep=0.6, label=%s, labelloc=t];\n", q(m.Title))
	fmt.Fprintln(w, `  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, color="#555555"];`)
	fmt.Fprintln(w, `  edge [fontname="Helvetica", fontsize=9, color="#444444"];`)
	node := func(n Node, indent string) {
		s := shape[n.Shape]
		if s == "" {
			s = "box"
		}
		fill := placementFill[n.Placement]
		if n.ID == UsersID {
			fill = "#ffffff"
		}
		attrs := fmt.Sprintf("label=%s, shape=%s, fillcolor=%q", q(nodeText(n, `\n`)), s, fill)
		if c := statusColor[n.Status]; c != "" {
			attrs += fmt.Sprintf(", color=%q, penwidth=3", c)
			if n.Status == Removed {
				attrs += `, style="rounded,filled,dashed"`
			}
		}
		fmt.Fprintf(w, "%s%s [%s];\n", indent, n.ID, attrs)
	}
	if u, ok := m.Node(UsersID); ok {
		node(u, "  ")
	}
	writeLanes := func(region, prefix, indent string) {
		lanes, by := m.lanesIn(region)
		for _, l := range lanes {
			fmt.Fprintf(w, "%ssubgraph cluster_%s_%s {\n%s  label=%s; style=\"rounded,dashed\"; color=\"#999999\";\n", indent, prefix, l, indent, q(laneTitle[l]))
			for _, n := range by[l] {
				node(n, indent+"  ")
			}
			fmt.Fprintf(w, "%s}\n", indent)
		}
	}
	if lanes, _ := m.lanesIn(""); len(lanes) > 0 {
		fmt.Fprintln(w, "  subgraph cluster_global {\n    label=\"Global edge\"; style=rounded; color=\"#2e7d32\";")
		writeLanes("", "global", "    ")
		fmt.Fprintln(w, "  }")
	}
	for _, r := range m.Regions {
		if lanes, _ := m.lanesIn(r.Name); len(lanes) == 0 {
			continue
		}
		id := safeID(r.Name)
		fmt.Fprintf(w, "  subgraph cluster_region_%s {\n    label=%s; style=rounded; color=\"#1f4e9c\"; penwidth=2;\n", id, q(m.regionTitle(r)))
		writeLanes(r.Name, "region_"+id, "    ")
		fmt.Fprintln(w, "  }")
	}
	for _, e := range m.Edges {
		attrs := []string{}
		if e.Label != "" {
			attrs = append(attrs, "label="+q(e.Label))
		}
		if e.Dashed || e.Status == Removed {
			attrs = append(attrs, "style=dashed")
		}
		if c := statusColor[e.Status]; c != "" {
			attrs = append(attrs, fmt.Sprintf("color=%q, penwidth=2", c))
		}
		fmt.Fprintf(w, "  %s -> %s [%s];\n", e.From, e.To, strings.Join(attrs, ", "))
	}
	fmt.Fprintln(w, "  subgraph cluster_legend {\n    label=\"Legend\"; style=rounded; color=\"#999999\"; fontsize=10;")
	for i, p := range placements {
		fmt.Fprintf(w, "    legend_%d [label=%s, fillcolor=%q, fontsize=9];\n", i, q(placementLegend[p]), placementFill[p])
	}
	for i := 1; i < len(placements); i++ {
		fmt.Fprintf(w, "    legend_%d -> legend_%d [style=invis];\n", i-1, i)
	}
	fmt.Fprintln(w, "  }")
	fmt.Fprintln(w, "}")
}
