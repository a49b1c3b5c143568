package tests

import (
	"fmt"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/internal/plan"
	"github.com/millionstack/millionstack/stages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every priced line is quantity x unit price with a named source, and the
// plan's total is the sum of its resources.
func TestCostLinesAddUpAndCiteTheirSource(t *testing.T) {
	for _, stage := range []string{"1", "10k", "1m"} {
		p, err := plan.Build(stage, nil)
		require.NoError(t, err)
		var total float64
		for _, it := range p.Items {
			var lines float64
			for _, l := range it.Cost.Lines {
				assert.NotEmpty(t, l.Source, "%s %s: %s has no source", it.Type, it.Name, l.Item)
				assert.InDelta(t, l.Quantity*l.UnitUSD, l.MonthlyUSD, 0.006, "%s %s", it.Name, l.Item)
				lines += l.MonthlyUSD
			}
			assert.InDelta(t, lines, it.Cost.MonthlyUSD, 0.006)
			total += it.Cost.MonthlyUSD
		}
		assert.InDelta(t, total, p.MonthlyUSD, 0.05, stage)
		assert.Greater(t, p.MonthlyUSD, 0.0, stage)
	}
}

func line(t *testing.T, p *plan.Plan, typ, name, item string) plan.CostLine {
	t.Helper()
	for _, it := range p.Items {
		if it.Type == typ && it.Name == name {
			for _, l := range it.Cost.Lines {
				if strings.Contains(l.Item, item) {
					return l
				}
			}
			t.Fatalf("%s %s has no %q line: %+v", typ, name, item, it.Cost.Lines)
		}
	}
	t.Fatalf("no %s %s in the plan", typ, name)
	return plan.CostLine{}
}

// The host at stage 1 is priced from the EC2 list price of its type for a
// 730-hour month (t3.micro: $0.0104/h, AWS Pricing API 2026-07-20).
func TestHostIsPricedByTypeAndHours(t *testing.T) {
	p, err := plan.Build("1", nil)
	require.NoError(t, err)
	l := line(t, p, tEC2, "host", "t3.micro")
	assert.Equal(t, float64(plan.HoursPerMonth), l.Quantity)
	assert.Equal(t, 0.0104, l.UnitUSD)
	assert.False(t, l.Unconfirmed)
	eip := line(t, p, tEIP, "host", "IPv4")
	assert.InDelta(t, 3.65, eip.MonthlyUSD, 0.001)
}

// Multi-AZ changes the database's price (standby instance and doubled
// storage), and the web tier is priced at desired capacity with its launch
// template's instance type.
func TestHighAvailabilityIsPricedAsSuch(t *testing.T) {
	before, err := plan.Build("100", nil)
	require.NoError(t, err)
	after, err := plan.Build("1k", nil)
	require.NoError(t, err)
	single := line(t, before, tRDS, "db", "Single-AZ")
	multi := line(t, after, tRDS, "db", "Multi-AZ")
	assert.Greater(t, multi.UnitUSD, single.UnitUSD)
	assert.Greater(t, line(t, after, tRDS, "db", "storage").UnitUSD, line(t, before, tRDS, "db", "storage").UnitUSD)
	web := line(t, after, tASG, "web", "t3.small")
	assert.Equal(t, 2.0*plan.HoursPerMonth, web.Quantity, "two instances, a month each")
	nat := line(t, after, tNAT, "network-nat-us-east-1a", "NAT")
	assert.Greater(t, nat.MonthlyUSD, 0.0)
}

// A type with no list price in the table is not silently free: the plan says so.
func TestUnpricedTypesAreNamed(t *testing.T) {
	p, err := plan.Build("1", map[string]string{"millionstack:hostInstanceType": "x2iedn.32xlarge"})
	require.NoError(t, err)
	for _, it := range p.Items {
		if it.Type == tEC2 {
			assert.Contains(t, it.Cost.Unpriced, "x2iedn.32xlarge")
			return
		}
	}
	t.Fatal("no instance")
}

// The plan counts what a stage takes of RDS's default quotas in each
// region and warns before one is exceeded: at 10m each cluster is a
// writer and two readers in the first region and one instance in the
// second, besides the users database (with its replicas) and its copy.
// Eleven shards take the first region past 40 DB instances; 64 take both
// regions past 40 clusters.
func TestPlanWarnsOfRDSQuotas(t *testing.T) {
	settings, err := stages.Describe("10m")
	require.NoError(t, err)
	members, replicas := len(settings.Data.Members), settings.Database.ReadReplicas
	uses := func(p *plan.Plan) map[string]int {
		out := map[string]int{}
		for _, u := range p.Quotas {
			out[u.Region+" "+u.What] = u.Count
			assert.Equal(t, map[string]int{"DB instances": 40, "DB clusters": 40, "DB subnet groups": 50, "DB cluster parameter groups": 50, "DB parameter groups": 50}[u.What], u.Default, u.What)
		}
		return out
	}
	warnings := func(p *plan.Plan) []string {
		var out []string
		for _, n := range p.Notes {
			if strings.HasPrefix(n, "WARNING") {
				out = append(out, n)
			}
		}
		return out
	}

	two, err := plan.Build("10m", nil)
	require.NoError(t, err)
	clusters := members + settings.Data.Shards
	assert.Equal(t, 3*clusters+1+replicas, uses(two)["us-east-1 DB instances"])
	assert.Equal(t, clusters, uses(two)["us-east-1 DB clusters"])
	assert.Equal(t, clusters+1, uses(two)["us-west-2 DB instances"], "a secondary instance each, and the users replica")
	assert.Equal(t, clusters+1, uses(two)["us-west-2 DB subnet groups"])
	assert.Empty(t, warnings(two))
	var out strings.Builder
	two.WriteTree(&out)
	assert.Contains(t, out.String(), "RDS quotas in us-west-2 (account defaults, shared with the account's other stacks): ")

	eleven, err := plan.Build("10m", map[string]string{"millionstack:shards": "11"})
	require.NoError(t, err)
	instances := 3*(members+11) + 1 + replicas
	require.Greater(t, instances, 40)
	assert.Equal(t, []string{fmt.Sprintf("WARNING: %d DB instances in us-east-1 exceed the default quota of 40 per region: ask for more in Service Quotas (Amazon RDS) before `pulumi up`, or it fails midway", instances)}, warnings(eleven))

	most, err := plan.Build("10m", map[string]string{"millionstack:shards": fmt.Sprint(stages.MaxShards)})
	require.NoError(t, err)
	for _, region := range []string{"us-east-1", "us-west-2"} {
		assert.Equal(t, members+stages.MaxShards, uses(most)[region+" DB clusters"])
		found := false
		for _, w := range warnings(most) {
			found = found || strings.Contains(w, fmt.Sprintf("%d DB clusters in %s exceed", members+stages.MaxShards, region))
		}
		assert.True(t, found, "%s: %v", region, warnings(most))
	}

	// Below 10m one database, and one region.
	small, err := plan.Build("10", nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"us-east-1 DB instances": 1, "us-east-1 DB subnet groups": 1, "us-east-1 DB parameter groups": 1}, uses(small))
}
