// Package graph draws a recorded stack the way a cloud architect would:
// not the raw resource graph but regions as boxes, tiers (edge, public, app,
// data, async, ops) as lanes, one node per piece a person would name (a
// load balancer, an Auto Scaling group, a database with its replicas, a
// queue with its dead-letter queue) labeled with its size, and arrows for
// the data flow. Everything is derived from the inventory by resource type:
// which resource talks to which comes from security group rules (who may
// connect to whom), IAM policies (who may publish or read what), load
// balancer targets, CloudFront origins, subscriptions and event source
// mappings, so a new component or stage is drawn without this package
// knowing it. Inside each region the VPC is a box of Availability Zones,
// one box per AZ holding its subnets and what sits in each (a NAT gateway,
// load balancer nodes, an Auto Scaling group's share of instances, a
// database's primary or standby): the data-flow nodes stay in the lanes,
// labeled with the AZs they span, and the AZ boxes show where they run.
// Output is Mermaid (GitHub renders it), Graphviz DOT, and SVG rendered
// from the DOT in-process (package graph/svg).
package graph

import (
	"fmt"
	"sort"
	"strings"
)

// Lane is a tier of the architecture.
type Lane string

// Lanes, in the order they are drawn (the direction requests travel).
const (
	LaneEdge   Lane = "edge"
	LanePublic Lane = "public"
	LaneApp    Lane = "app"
	LaneData   Lane = "data"
	LaneAsync  Lane = "async"
	LaneOps    Lane = "ops"
)

// Lanes lists the lanes in drawing order.
var Lanes = []Lane{LaneEdge, LanePublic, LaneApp, LaneData, LaneAsync, LaneOps}

// laneTitle is what each lane's box says.
var laneTitle = map[Lane]string{
	LaneEdge: "Edge", LanePublic: "Public tier", LaneApp: "App tier", LaneData: "Data tier", LaneAsync: "Async work", LaneOps: "Operations",
}

// Placement says where a node sits relative to the network: the security
// boundary it is behind.
type Placement string

// Placements.
const (
	Global         Placement = "global"   // outside any region (CloudFront, Route 53, a CLOUDFRONT web ACL)
	PublicSubnet   Placement = "public"   // in public subnets: reachable from the internet
	PrivateSubnet  Placement = "private"  // in private subnets: egress only through NAT
	IsolatedSubnet Placement = "isolated" // in database subnets: no route to the internet
	Regional       Placement = "regional" // a regional service outside the VPC (S3, DynamoDB, SNS, SQS, Lambda)
)

// Node is one piece of the architecture.
type Node struct {
	ID        string    `json:"id"`
	Label     string    `json:"label"`
	Detail    string    `json:"detail,omitempty"` // the size: classes, counts, modes
	Lane      Lane      `json:"lane"`
	Region    string    `json:"region"` // "" for global nodes
	Placement Placement `json:"placement"`
	Shape     string    `json:"shape"` // box, store, queue, shield, balancer, users
	// AZs are the Availability Zones a piece placed in subnets runs in
	// (its subnets' zones), shown on its label: "AZs a, b, c".
	AZs []string `json:"azs,omitempty"`
	// AZ is set on subnet nodes only: the Availability Zone whose box the
	// node is drawn in. A subnet node lists what sits in the subnet and
	// carries no data flow.
	AZ string `json:"az,omitempty"`
	// URNs are the resources the node stands for (the primary one first).
	URNs []string `json:"urns"`
	// Status and OldDetail are set in a diff drawing: OldDetail is a changed
	// node's previous size, with its previous AZs when those changed.
	Status    Status `json:"status,omitempty"`
	OldDetail string `json:"oldDetail,omitempty"`
}

// Edge is data flowing from one node to another.
type Edge struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Label string `json:"label,omitempty"`
	// Dashed marks a control relationship rather than a data flow
	// (a firewall protecting an entry point, DNS pointing at one).
	Dashed bool   `json:"dashed,omitempty"`
	Status Status `json:"status,omitempty"`
}

// Region is one AWS region of the stack with its network.
type Region struct {
	Name string `json:"name"`
	// Network describes the VPC: CIDR, number of AZs, NAT gateways ("" without
	// a VPC). It titles the box that holds the region's AZ boxes.
	Network string `json:"network,omitempty"`
	// AZs are the Availability Zones the stack's subnets are in.
	AZs []string `json:"azs,omitempty"`
}

// Model is the architecture of one recorded stack.
type Model struct {
	Title   string   `json:"title"`
	Regions []Region `json:"regions"`
	Nodes   []Node   `json:"nodes"`
	Edges   []Edge   `json:"edges"`
}

// UsersID is the node the internet's requests start from.
const UsersID = "users"

// Node returns the node with an ID.
func (m *Model) Node(id string) (Node, bool) {
	for _, n := range m.Nodes {
		if n.ID == id {
			return n, true
		}
	}
	return Node{}, false
}

// sort orders nodes by lane, region and ID and edges by endpoints, so the
// same stack always draws the same text.
func (m *Model) sort() {
	rank := map[Lane]int{}
	for i, l := range Lanes {
		rank[l] = i
	}
	sort.SliceStable(m.Nodes, func(i, j int) bool {
		a, b := m.Nodes[i], m.Nodes[j]
		if a.ID == UsersID || b.ID == UsersID {
			return a.ID == UsersID && b.ID != UsersID
		}
		if rank[a.Lane] != rank[b.Lane] {
			return rank[a.Lane] < rank[b.Lane]
		}
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		return a.ID < b.ID
	})
	sort.SliceStable(m.Edges, func(i, j int) bool {
		a, b := m.Edges[i], m.Edges[j]
		if a.From != b.From {
			return a.From < b.From
		}
		return a.To < b.To
	})
	sort.Slice(m.Regions, func(i, j int) bool { return m.Regions[i].Name < m.Regions[j].Name })
}

// nodeID makes a Mermaid- and DOT-safe identifier from a kind and a
// logical name ("lb", "web" -> "lb_web").
func nodeID(kind, name string) string {
	var b strings.Builder
	b.WriteString(kind)
	b.WriteByte('_')
	for _, c := range strings.ToLower(name) {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			b.WriteRune(c)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// shortAZs turns ["us-east-1a", "us-east-1b"] into "a, b" for labels.
func shortAZs(region string, azs []string) string {
	var out []string
	for _, az := range azs {
		out = append(out, strings.TrimPrefix(az, region))
	}
	return strings.Join(out, ", ")
}
