// Package plan is the offline planner: it runs a stage's Pulumi program under
// the recording mock engine (no AWS account, no Pulumi CLI) and turns what
// the program registered into a tree of components and resources with the
// settings that matter, an estimated monthly cost, and the difference between
// two stages.
package plan

import (
	"sort"

	"github.com/millionstack/millionstack/internal/inventory"
	"github.com/millionstack/millionstack/stages"
)

// Record runs a stage as stack `stack` with config, as `pulumi up` would on
// that stack, and returns what it registers. config holds fully qualified
// keys ("millionstack:domain"); the stage is also written to
// millionstack:stage, so recording stage B on stack A is exactly an upgrade
// of A to B.
func Record(stage, stack string, config map[string]string) (*inventory.Inventory, error) {
	program, err := stages.Program(stage)
	if err != nil {
		return nil, err
	}
	cfg := map[string]string{stages.StageConfigKey: stage}
	for k, v := range config {
		cfg[k] = v
	}
	return inventory.Record(program, inventory.Options{Stack: stack, Config: cfg})
}

// Item is one resource of a plan with what the tree and JSON show of it.
type Item struct {
	URN      string            `json:"urn"`
	Type     string            `json:"type"`
	Name     string            `json:"name"`
	Parent   string            `json:"parent,omitempty"`
	Custom   bool              `json:"custom"`
	Settings map[string]string `json:"settings,omitempty"`
	Cost     Cost              `json:"cost"`
}

// Plan is what one stage creates and what it costs.
type Plan struct {
	Stage string `json:"stage"`
	// Items are every registration, components and cloud resources, in
	// registration order.
	Items []Item `json:"resources"`
	// Counts are the cloud resources by type.
	Counts map[string]int `json:"counts"`
	// Components and CloudResources count the two kinds of Items.
	Components     int     `json:"components"`
	CloudResources int     `json:"cloudResources"`
	MonthlyUSD     float64 `json:"estimatedMonthlyUSD"`
	// Unconfirmed is true when some line rests on an expected, unconfirmed price.
	Unconfirmed bool `json:"someUnconfirmedPrices"`
	// Notes say what is not priced (traffic, requests) and the assumptions.
	Notes []string `json:"notes"`

	inv *inventory.Inventory
}

// Assumptions every estimate rests on.
var Assumptions = []string{
	"us-east-1 on-demand list prices, 730 hours a month, no free tier, no savings plans",
	"auto scaling groups at their desired capacity",
	"not priced: data transfer, requests, LCUs, log ingestion, storage that grows with use, backups beyond the free allocation",
}

// Build records a stage, holds every resource against the provider rules
// (an error names each one a real account would refuse) and prices it.
func Build(stage string, config map[string]string) (*Plan, error) {
	inv, err := Record(stage, stage, config)
	if err != nil {
		return nil, err
	}
	if err := checked(stage, inv); err != nil {
		return nil, err
	}
	return FromInventory(stage, inv), nil
}

// FromInventory prices and summarises a recorded inventory.
func FromInventory(stage string, inv *inventory.Inventory) *Plan {
	p := &Plan{Stage: stage, Counts: map[string]int{}, Notes: append([]string(nil), Assumptions...), inv: inv}
	for _, r := range inv.Resources {
		if r.IsProvider() {
			continue
		}
		it := Item{URN: r.URN, Type: r.Type, Name: r.Name, Parent: r.Parent, Custom: r.Custom, Settings: Highlights(r)}
		if r.Custom {
			it.Cost = Estimate(r, inv)
			p.CloudResources++
			p.Counts[r.Type]++
			p.MonthlyUSD += it.Cost.MonthlyUSD
			for _, l := range it.Cost.Lines {
				p.Unconfirmed = p.Unconfirmed || l.Unconfirmed
			}
		} else {
			p.Components++
		}
		p.Items = append(p.Items, it)
	}
	p.MonthlyUSD = round2(p.MonthlyUSD)
	return p
}

// children returns the items whose parent is urn, components last, each
// group sorted by type and name so the tree reads the same every run.
func (p *Plan) children(urn string) []Item {
	var out []Item
	for _, it := range p.Items {
		if it.Parent == urn {
			out = append(out, it)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Custom != out[j].Custom {
			return out[i].Custom
		}
		if out[i].Type != out[j].Type {
			return out[i].Type < out[j].Type
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// total sums the cost of an item and everything under it.
func (p *Plan) total(it Item) float64 {
	sum := it.Cost.MonthlyUSD
	for _, c := range p.children(it.URN) {
		sum += p.total(c)
	}
	return round2(sum)
}
