package tests

import (
	"strings"
	"testing"

	"github.com/millionstack/millionstack/internal/plan"
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
