package tests

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/millionstack/millionstack/internal/cli"
	"github.com/millionstack/millionstack/internal/graph"
	"github.com/millionstack/millionstack/internal/stagedocs"
	"github.com/millionstack/millionstack/stages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func drawing(t *testing.T, stage string, config map[string]string) *graph.Model {
	t.Helper()
	return graph.Build("Stage "+stage, record(t, stage, config))
}

// reachable returns the nodes reachable from the users along the edges.
func reachable(m *graph.Model) map[string]bool {
	seen := map[string]bool{graph.UsersID: true}
	for changed := true; changed; {
		changed = false
		for _, e := range m.Edges {
			if seen[e.From] && !seen[e.To] {
				seen[e.To], changed = true, true
			}
		}
	}
	return seen
}

// Every stage draws: each edge joins two nodes, every piece of the
// architecture is reached from the users (nothing drawn hangs loose), and
// the Mermaid text is the same on every run.
func TestEveryStageDraws(t *testing.T) {
	for _, name := range stages.Names() {
		name := name
		t.Run(name, func(t *testing.T) {
			m := drawing(t, name, nil)
			ids := map[string]bool{}
			for _, n := range m.Nodes {
				assert.False(t, ids[n.ID], "node %s twice", n.ID)
				ids[n.ID] = true
			}
			lanes := map[string]graph.Lane{}
			for _, n := range m.Nodes {
				lanes[n.ID] = n.Lane
			}
			subnets := map[string]bool{}
			regionAZs := map[string][]string{}
			for _, r := range m.Regions {
				regionAZs[r.Name] = r.AZs
			}
			for _, n := range m.Nodes {
				if n.AZ != "" {
					subnets[n.ID] = true
					assert.Contains(t, regionAZs[n.Region], n.AZ, "%s is drawn in an AZ of its region", n.ID)
				}
			}
			for _, e := range m.Edges {
				assert.True(t, ids[e.From] && ids[e.To], "edge %s -> %s joins unknown nodes", e.From, e.To)
				assert.NotEqual(t, graph.LaneOps, lanes[e.From], "operations carry no data flow: %s -> %s", e.From, e.To)
				assert.False(t, subnets[e.From] || subnets[e.To], "a subnet shows what sits in it and carries no flow: %s -> %s", e.From, e.To)
			}
			seen := reachable(m)
			for _, n := range m.Nodes {
				if n.Lane != graph.LaneOps && !subnets[n.ID] {
					assert.True(t, seen[n.ID], "%s (%s) is not reached from the users", n.ID, n.Label)
				}
			}
			var a, b bytes.Buffer
			m.WriteMermaid(&a)
			drawing(t, name, nil).WriteMermaid(&b)
			assert.Equal(t, a.String(), b.String(), "Mermaid output is deterministic")
			assert.True(t, strings.HasPrefix(a.String(), "flowchart LR\n"))
		})
	}
}

func hasEdge(m *graph.Model, from, to string) bool {
	for _, e := range m.Edges {
		if e.From == from && e.To == to {
			return true
		}
	}
	return false
}

func node(t *testing.T, m *graph.Model, id string) graph.Node {
	t.Helper()
	n, ok := m.Node(id)
	require.True(t, ok, "no node %s", id)
	return n
}

// The million-user stage draws as an architect would: users through the
// firewall to the public load balancer, web instances calling the internal
// app tier, the app reaching the data stores, topics feeding queues feeding
// workers; sizes on the nodes, subnets as placements.
func TestMillionStageDrawsTheDataFlow(t *testing.T) {
	m := drawing(t, "1m", map[string]string{"millionstack:domain": "example.com"})
	for _, e := range [][2]string{
		{"users", "waf_waf"}, {"waf_waf", "lb_web"}, {"lb_web", "asg_web"}, {"asg_web", "lb_app"}, {"lb_app", "asg_app"},
		{"asg_app", "rds_db"}, {"asg_app", "cache_cache"}, {"asg_web", "table_sessions"}, {"asg_app", "topic_signups"},
		{"topic_signups", "queue_welcome_email"}, {"queue_welcome_email", "fn_welcome_email_worker"},
		{"users", "waf_edge_waf"}, {"waf_edge_waf", "cdn_assets"}, {"cdn_assets", "s3_assets"},
	} {
		assert.True(t, hasEdge(m, e[0], e[1]), "%s -> %s", e[0], e[1])
	}
	assert.False(t, hasEdge(m, "users", "lb_web"), "the public load balancer is reached through the firewall only")
	assert.False(t, hasEdge(m, "fn_welcome_email_worker", "queue_welcome_email"), "a worker's read permission is no flow back")

	db := node(t, m, "rds_db")
	assert.Equal(t, "postgres 16 db.r5.large Multi-AZ + 2 replicas", db.Detail)
	assert.Equal(t, graph.IsolatedSubnet, db.Placement)
	assert.Len(t, db.URNs, 3, "the replicas are folded into the database")
	assert.Equal(t, graph.PublicSubnet, node(t, m, "lb_web").Placement)
	app := node(t, m, "lb_app")
	assert.Equal(t, graph.PrivateSubnet, app.Placement)
	assert.Equal(t, graph.LaneApp, app.Lane)
	assert.Contains(t, app.Detail, "internal, HTTPS")
	assert.Equal(t, "m5.large × 3–40", node(t, m, "asg_web").Detail)
	assert.Equal(t, "with dead-letter queue", node(t, m, "queue_thumbnails").Detail)
	assert.Equal(t, graph.Global, node(t, m, "waf_edge_waf").Placement)
	require.Len(t, m.Regions, 2, "the stack's region and the one its backups are copied to")
	assert.Equal(t, []string{"us-east-1a", "us-east-1b", "us-east-1c"}, m.Regions[0].AZs)
	assert.Contains(t, m.Regions[0].Network, "NAT per AZ")
	assert.Equal(t, "us-west-2", m.Regions[1].Name)
	assert.Contains(t, node(t, m, "ops_us_west_2").Detail, "1 backup vault")
}

// Resources on a provider in another region are drawn in that region: a
// stack in us-west-2 keeps its CloudFront web ACL in us-east-1 (global).
func TestDrawingPlacesProvidersRegions(t *testing.T) {
	m := drawing(t, "500k", map[string]string{"aws:region": "us-west-2", "millionstack:backupCopyRegion": "eu-west-1"})
	assert.Equal(t, "us-west-2", node(t, m, "rds_db").Region)
	assert.Equal(t, graph.Global, node(t, m, "waf_edge_waf").Placement)
	var out bytes.Buffer
	m.WriteMermaid(&out)
	assert.Contains(t, out.String(), "Region us-west-2")
	assert.NotContains(t, out.String(), "Region us-east-1", "no box for a region that holds only supporting resources")
}

// An upgrade's drawing marks what is added, changed and removed.
func TestUpgradeDrawing(t *testing.T) {
	a := graph.Build("100", record(t, "100", nil))
	b, err := recordOn("1k", "100")
	require.NoError(t, err)
	d := graph.Diff(a, graph.Build("1k", b))
	assert.Equal(t, graph.Removed, node(t, d, "ec2_host").Status)
	assert.Equal(t, graph.Added, node(t, d, "lb_web").Status)
	db := node(t, d, "rds_db")
	assert.Equal(t, graph.Changed, db.Status)
	assert.Contains(t, db.OldDetail, "single-AZ")
	assert.Contains(t, db.Detail, "Multi-AZ")
	added, changed, removed := d.Counts()
	assert.Positive(t, added)
	assert.Positive(t, changed)
	assert.Positive(t, removed)
	public := node(t, d, "subnet_network_public_us_east_1a")
	assert.Equal(t, graph.Changed, public.Status, "the host leaves AZ a's public subnet, the load balancer and the NAT gateway arrive")
	assert.Contains(t, public.OldDetail, "host: EC2 instance")
	assert.Contains(t, public.Detail, "NAT gateway")
	var out bytes.Buffer
	d.WriteMermaid(&out)
	assert.Contains(t, out.String(), "class ec2_host removed")
	assert.Contains(t, out.String(), "linkStyle")
}

// boxes reads a Mermaid or DOT drawing back: for every node, the boxes
// (subgraphs) it is drawn in, outermost first.
func boxes(t *testing.T, text string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	var stack []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "subgraph "):
			id := strings.TrimPrefix(line, "subgraph ")
			id = strings.TrimPrefix(id[:strings.IndexAny(id, "[ {")], "cluster_")
			stack = append(stack, id)
		case line == "end" || line == "}":
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case len(stack) == 0, strings.Contains(line, "->"), strings.Contains(line, "~~~"),
			strings.HasPrefix(line, "direction "), strings.HasPrefix(line, "label="):
			// outside every box, an edge, a layout hint, a box's attributes
		default:
			if i := strings.IndexAny(line, "[({/ "); i > 0 {
				out[line[:i]] = append([]string(nil), stack...)
			}
		}
	}
	return out
}

// Each region's VPC is drawn as one box per Availability Zone, each holding
// that AZ's subnets, in every format; and the subnets list what sits in them
// as the stage configures it: a NAT gateway where the network puts one,
// the load balancer's node and the group's share of instances in every AZ
// they span, the Multi-AZ database's primary or standby in its subnets.
func TestAvailabilityZonesAreBoxes(t *testing.T) {
	for stage, want := range map[string]map[string][]string{
		"1k":   {"us-east-1": {"us-east-1a", "us-east-1b"}},
		"500k": {"us-east-1": {"us-east-1a", "us-east-1b", "us-east-1c"}},
		"10m":  {"us-east-1": {"us-east-1a", "us-east-1b", "us-east-1c"}, "us-west-2": {"us-west-2a", "us-west-2b", "us-west-2c"}},
	} {
		m := drawing(t, stage, nil)
		var mermaid, dot bytes.Buffer
		m.WriteMermaid(&mermaid)
		m.WriteDOT(&dot)
		for format, text := range map[string]string{"mermaid": mermaid.String(), "dot": dot.String()} {
			in := boxes(t, text)
			drawn := map[string]map[string]int{} // region box -> AZ box -> subnets in it
			for _, n := range m.Nodes {
				if n.AZ == "" {
					continue
				}
				path := in[n.ID]
				require.Len(t, path, 3, "%s %s: %s is drawn in region > VPC > AZ, not in %v", stage, format, n.ID, path)
				assert.Equal(t, path[0]+"_vpc", path[1], "%s %s: %s", stage, format, n.ID)
				if drawn[path[0]] == nil {
					drawn[path[0]] = map[string]int{}
				}
				drawn[path[0]][path[2]]++
			}
			for region, azs := range want {
				box := "region_" + strings.ReplaceAll(region, "-", "_")
				require.Len(t, drawn[box], len(azs), "%s %s: %s has one box per AZ", stage, format, region)
				for _, az := range azs {
					assert.Equal(t, 3, drawn[box]["az_"+strings.ReplaceAll(az, "-", "_")], "%s %s: AZ %s holds a public, a private and a database subnet", stage, format, az)
				}
			}
			assert.Len(t, drawn, len(want), "%s %s: no AZ boxes outside the regions with subnets", stage, format)
		}
	}

	holding := func(m *graph.Model, what string) []string {
		var azs []string
		for _, n := range m.Nodes {
			if n.AZ != "" && strings.Contains(n.Detail, what) {
				azs = append(azs, n.AZ)
			}
		}
		return azs
	}
	m := drawing(t, "1k", nil)
	assert.Equal(t, []string{"us-east-1a"}, holding(m, "NAT gateway"), "1k has one NAT gateway")
	assert.ElementsMatch(t, []string{"us-east-1a", "us-east-1b"}, holding(m, "web: ALB node"))
	assert.ElementsMatch(t, []string{"us-east-1a", "us-east-1b"}, holding(m, "web: 1 instance"), "two instances balanced over two AZs")
	assert.ElementsMatch(t, []string{"us-east-1a", "us-east-1b"}, holding(m, "db: primary or standby"))
	for _, id := range []string{"lb_web", "asg_web", "rds_db"} {
		assert.Equal(t, []string{"us-east-1a", "us-east-1b"}, node(t, m, id).AZs, "%s spans both AZs", id)
	}
	var mermaid bytes.Buffer
	m.WriteMermaid(&mermaid)
	assert.Contains(t, mermaid.String(), "AZs a, b", "a piece spanning AZs says which")

	m = drawing(t, "1", nil)
	assert.Equal(t, []string{"us-east-1a"}, holding(m, "host: EC2 instance"), "the host sits in the AZ it names")
	assert.Equal(t, []string{"us-east-1a"}, node(t, m, "ec2_host").AZs)
	assert.Empty(t, holding(m, "NAT gateway"), "stage 1 has no NAT gateway")

	m = drawing(t, "500k", nil)
	assert.ElementsMatch(t, []string{"us-east-1a", "us-east-1b", "us-east-1c"}, holding(m, "NAT gateway"), "a NAT gateway per AZ")
	assert.ElementsMatch(t, []string{"us-east-1a", "us-east-1b", "us-east-1c"}, holding(m, "web: 1–10 instances"), "3–30 instances over three AZs")

	m = drawing(t, "10m", nil)
	assert.ElementsMatch(t, []string{"us-east-1a", "us-east-1b", "us-east-1c"}, holding(m, "db-forum: 1 instance"), "each Aurora instance in the AZ it names")
	assert.Equal(t, []string{"us-west-2a"}, holding(m, "db-forum-secondary: 1 instance"))
	// A node's AZ line says where its instances are, not what its subnet
	// group offers: the secondary's one instance is in one AZ.
	seen := 0
	for _, n := range m.Nodes {
		switch n.Label {
		case "db-forum-secondary: Aurora cluster":
			assert.Equal(t, []string{"us-west-2a"}, n.AZs)
			seen++
		case "db-forum: Aurora cluster":
			assert.Len(t, n.AZs, 3)
			seen++
		}
	}
	assert.Equal(t, 2, seen, "both clusters are drawn")
}

// The CLI draws Mermaid, DOT and, in-process, SVG.
func TestCLIGraph(t *testing.T) {
	code, out, _ := runCLI("graph", "10k")
	require.Equal(t, cli.ExitOK, code)
	assert.Contains(t, out, "flowchart LR")
	assert.Contains(t, out, "rds_db[(")

	code, out, _ = runCLI("graph", "10k", "--format", "dot")
	require.Equal(t, cli.ExitOK, code)
	assert.True(t, strings.HasPrefix(out, "digraph millionstack {"))

	file := filepath.Join(t.TempDir(), "1m.svg")
	start := time.Now()
	code, out, errOut := runCLI("graph", "1m", "--format", "svg", "--out", file)
	t.Logf("graph 1m --format svg: %s", time.Since(start))
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Contains(t, out, "wrote "+file)
	svg, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Contains(t, string(svg), "<svg")
	assert.Contains(t, string(svg), "db: RDS")
	assert.Contains(t, string(svg), "AZ us&#45;east&#45;1c", "the AZ boxes are drawn")

	code, out, _ = runCLI("graph", "--diff", "100", "1k")
	require.Equal(t, cli.ExitOK, code)
	assert.Contains(t, out, "class ec2_host removed")

	for _, args := range [][]string{{"graph", "1k", "--format", "svg"}, {"graph", "1k", "--format", "png"}, {"graph", "--diff", "1k"}} {
		code, _, _ := runCLI(args...)
		assert.Equal(t, cli.ExitUsage, code, "%v", args)
	}
}

// The generated pages and README sections are what the generator writes
// today: regenerate with `go run ./cmd/millionstack docs` when this fails.
func TestGeneratedDocsAreCurrent(t *testing.T) {
	files, err := stagedocs.Generate("..")
	require.NoError(t, err)
	stale, err := stagedocs.Stale("..", files)
	require.NoError(t, err)
	assert.Empty(t, stale, "stale generated files: run go run ./cmd/millionstack docs")

	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	for _, name := range stages.Names() {
		page := files[filepath.Join(stagedocs.Dir, name+".md")]
		assert.True(t, strings.HasPrefix(page, "<!-- Generated by `"+stagedocs.Generator+"`"), "%s names its generator on the first line", name)
		assert.Contains(t, string(readme), "(docs/stages/"+name+".md)", "the README ladder links %s", name)
	}
	assert.Contains(t, string(readme), "```mermaid", "the README shows a diagram")
}

// The 10m stage draws both regions, each with its network, its web and app
// tiers and its cache, and the app tier of each on ECS behind its internal
// load balancer.
func TestTenMillionDrawsTwoRegions(t *testing.T) {
	m := drawing(t, "10m", withDomain)
	var names []string
	for _, r := range m.Regions {
		names = append(names, r.Name)
		assert.Contains(t, r.Network, "3 AZs", r.Name)
	}
	assert.Equal(t, []string{"us-east-1", "us-west-2"}, names)
	for id, region := range map[string]string{
		"lb_web": "us-east-1", "ecs_app_service": "us-east-1",
		"lb_web_secondary": "us-west-2", "ecs_app_service_secondary": "us-west-2", "cache_cache_secondary": "us-west-2",
	} {
		assert.Equal(t, region, node(t, m, id).Region, id)
	}
	assert.True(t, hasEdge(m, "lb_app_secondary", "ecs_app_service_secondary"), "the internal load balancer forwards to the tasks")
}
