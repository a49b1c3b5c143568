package graph

import (
	"fmt"
	"io"
	"sort"
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

// size is what a node says under its name, one item a line: its size
// (Detail, itself one or more lines) and the AZs it runs in.
func (n Node) size() string {
	var lines []string
	if n.Detail != "" {
		lines = append(lines, n.Detail)
	}
	switch len(n.AZs) {
	case 0:
	case 1:
		lines = append(lines, "AZ "+shortAZs(n.Region, n.AZs))
	default:
		lines = append(lines, "AZs "+shortAZs(n.Region, n.AZs))
	}
	return strings.Join(lines, "\n")
}

// nodeText is a node's label and size on separate lines, with a changed
// node's previous size, joined by a format's line break.
func nodeText(n Node, newline string) string {
	lines := []string{n.Label}
	if size := n.size(); size != "" {
		lines = append(lines, size)
	}
	if n.Status == Changed && n.OldDetail != n.Detail {
		lines = append(lines, "was: "+n.OldDetail)
	}
	return strings.ReplaceAll(strings.Join(lines, "\n"), "\n", newline)
}

// lanesIn returns, for one region ("" for global), the lanes that hold
// nodes and the nodes of each, in drawing order. Subnet nodes are drawn in
// their AZ boxes instead (zonesIn).
func (m *Model) lanesIn(region string) ([]Lane, map[Lane][]Node) {
	by := map[Lane][]Node{}
	for _, n := range m.Nodes {
		if n.ID == UsersID || n.Region != region || n.AZ != "" {
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

// zonesIn returns a region's Availability Zones in order and the subnet
// nodes of each, public first, then private, then database: the order of
// the lanes, so that each AZ reads left to right as requests travel.
func (m *Model) zonesIn(region string) ([]string, map[string][]Node) {
	by := map[string][]Node{}
	for _, n := range m.Nodes {
		if n.AZ != "" && n.Region == region {
			by[n.AZ] = append(by[n.AZ], n)
		}
	}
	rank := map[Placement]int{}
	for i, p := range placements {
		rank[p] = i
	}
	for _, nodes := range by {
		sort.SliceStable(nodes, func(i, j int) bool {
			if rank[nodes[i].Placement] != rank[nodes[j].Placement] {
				return rank[nodes[i].Placement] < rank[nodes[j].Placement]
			}
			return nodes[i].ID < nodes[j].ID
		})
	}
	return sortedRegions(by), by
}

// drawn reports whether a region gets a box: it holds a piece of the
// architecture or a subnet, not only supporting resources (a certificate,
// a log group).
func (m *Model) drawn(region string) bool {
	lanes, _ := m.lanesIn(region)
	azs, _ := m.zonesIn(region)
	return len(lanes) > 0 || len(azs) > 0
}

// regionTitle names a region's box; the network titles the box of its AZs,
// or the region's when there is none.
func (m *Model) regionTitle(r Region) string {
	if azs, _ := m.zonesIn(r.Name); r.Network == "" || len(azs) > 0 {
		return "Region " + r.Name
	}
	return "Region " + r.Name + " · " + r.Network
}

// stackOrder is the order DOT writes the AZ boxes in: the last AZ first.
// Graphviz's dot stacks the unlinked boxes of one rank from the bottom up
// in a left-to-right drawing, so that AZ a comes out on top. (Mermaid's
// dagre orders such boxes its own way, whatever the order written: there
// the rows may come in any order, each box named by its AZ.)
func stackOrder(azs []string) []string {
	out := make([]string, len(azs))
	for i, az := range azs {
		out[len(azs)-1-i] = az
	}
	return out
}

// zoneChains lists, per AZ, its subnet nodes in drawing order: the renderers
// join them with invisible links so that each AZ lays out as one row.
func (m *Model) zoneChains() [][]string {
	var out [][]string
	for _, r := range m.Regions {
		azs, by := m.zonesIn(r.Name)
		for _, az := range azs {
			if len(by[az]) < 2 {
				continue
			}
			var ids []string
			for _, n := range by[az] {
				ids = append(ids, n.ID)
			}
			out = append(out, ids)
		}
	}
	return out
}

func safeID(s string) string { return nodeID("x", s)[2:] }

// WriteMermaid writes the model as a Mermaid flowchart: the global edge
// and each region as boxes, the lanes inside them, the region's VPC as a
// box of AZ boxes, placements as colors and, in a diff, additions green,
// removals red and changes amber.
//
// The AZs are rows and the tiers columns (public, private, database from
// left to right, as the lanes and the data flow run), the way architects
// draw a left-to-right AWS diagram. Mermaid cannot draw one node across
// several boxes, so the pieces that span AZs (a load balancer, an Auto
// Scaling group, a Multi-AZ database) stay single nodes in their lanes,
// labeled with their AZs, and each AZ box lists its share of them: no node
// or arrow is repeated per AZ, and the data flow reads as before. A subgraph
// with no link leaving it is laid out on its own, by default across its
// parent's direction (mermaid-graphlib.js, extractor: "rankdir === 'TB' ?
// 'LR' : 'TB'"), so both the VPC box and each AZ box say `direction LR`:
// in each AZ box, invisible links (~~~) keep the subnets in order along
// the row; the AZ boxes, linked to nothing, are placed by dagre, stacked
// or, in recent Mermaid, wrapped into a grid, in an order of its own (see
// stackOrder). The invisible links come after every data edge, so
// linkStyle's numbers still count data edges only.
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
	writeZones := func(r Region, prefix, indent string) {
		azs, by := m.zonesIn(r.Name)
		if len(azs) == 0 {
			return
		}
		fmt.Fprintf(w, "%ssubgraph %s_vpc[\"%s\"]\n%s  direction LR\n", indent, prefix, esc(orDefault(r.Network, "VPC")), indent)
		for _, az := range azs {
			fmt.Fprintf(w, "%s  subgraph %s[\"AZ %s\"]\n%s    direction LR\n", indent, nodeID("az", az), az, indent)
			for _, n := range by[az] {
				fmt.Fprintf(w, "%s    %s%s\n", indent, n.ID, shape(n))
			}
			fmt.Fprintf(w, "%s  end\n", indent)
		}
		fmt.Fprintf(w, "%send\n", indent)
	}
	if lanes, _ := m.lanesIn(""); len(lanes) > 0 {
		fmt.Fprintln(w, `  subgraph global["Global edge"]`)
		writeLanes("", "global", "    ")
		fmt.Fprintln(w, "  end")
	}
	for _, r := range m.Regions {
		if !m.drawn(r.Name) {
			continue
		}
		id := "region_" + safeID(r.Name)
		fmt.Fprintf(w, "  subgraph %s[\"%s\"]\n", id, esc(m.regionTitle(r)))
		writeLanes(r.Name, id, "    ")
		writeZones(r, id, "    ")
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
	for _, chain := range m.zoneChains() {
		fmt.Fprintf(w, "  %s\n", strings.Join(chain, " ~~~ "))
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
// With rankdir=LR, invisible edges along each AZ's subnets make them one
// row, and the AZ boxes, sharing those ranks, stack as rows.
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
	writeZones := func(r Region, prefix, indent string) {
		azs, by := m.zonesIn(r.Name)
		if len(azs) == 0 {
			return
		}
		fmt.Fprintf(w, "%ssubgraph cluster_%s_vpc {\n%s  label=%s; style=rounded; color=\"#555555\";\n", indent, prefix, indent, q(orDefault(r.Network, "VPC")))
		for _, az := range stackOrder(azs) {
			fmt.Fprintf(w, "%s  subgraph cluster_%s {\n%s    label=%s; style=\"rounded,dashed\"; color=\"#1f4e9c\";\n", indent, nodeID("az", az), indent, q("AZ "+az))
			for _, n := range by[az] {
				node(n, indent+"    ")
			}
			fmt.Fprintf(w, "%s  }\n", indent)
		}
		fmt.Fprintf(w, "%s}\n", indent)
	}
	if lanes, _ := m.lanesIn(""); len(lanes) > 0 {
		fmt.Fprintln(w, "  subgraph cluster_global {\n    label=\"Global edge\"; style=rounded; color=\"#2e7d32\";")
		writeLanes("", "global", "    ")
		fmt.Fprintln(w, "  }")
	}
	for _, r := range m.Regions {
		if !m.drawn(r.Name) {
			continue
		}
		id := safeID(r.Name)
		fmt.Fprintf(w, "  subgraph cluster_region_%s {\n    label=%s; style=rounded; color=\"#1f4e9c\"; penwidth=2;\n", id, q(m.regionTitle(r)))
		writeLanes(r.Name, "region_"+id, "    ")
		writeZones(r, "region_"+id, "    ")
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
	for _, chain := range m.zoneChains() {
		fmt.Fprintf(w, "  %s [style=invis];\n", strings.Join(chain, " -> "))
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
