// Package plan is the offline planner: it runs a stage's Pulumi program under
// the recording mock engine (no AWS account, no Pulumi CLI) and turns what
// the program registered into a tree of components and resources with the
// settings that matter, an estimated monthly cost, and the difference between
// two stages.
package plan

import (
	"sort"
	"strconv"
	"strings"

	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/millionstack/millionstack/stages"
)

// Record runs a stage as stack `stack` with config, as `pulumi up` would on
// that stack, and returns what it registers. config holds fully qualified
// keys ("millionstack:domain"); the stage is also written to
// millionstack:stage, so recording stage B on stack A is exactly an upgrade
// of A to B.
func Record(stage, stack string, config map[string]string) (*millionstacktest.Inventory, error) {
	program, err := stages.Program(stage)
	if err != nil {
		return nil, err
	}
	cfg := map[string]string{stages.StageConfigKey: stage}
	for k, v := range config {
		cfg[k] = v
	}
	return millionstacktest.Record(program, millionstacktest.Options{Stack: stack, Config: cfg})
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
	// Notes say what is not priced (traffic, requests) and the assumptions,
	// then how much of RDS's default quotas the stack takes per region,
	// warnings first when it needs more (Quotas).
	Notes []string `json:"notes"`
	// Quotas is what the stack takes, per region, of each default RDS
	// quota it uses.
	Quotas []QuotaUse `json:"quotas,omitempty"`
	// Regions is the monthly cost per region, the stack's own first, then
	// the others by name, then "global": the services that belong to no
	// region (CloudFront, Route 53, IAM, Budgets).
	Regions []RegionCost `json:"regions"`
	// Users is the most users the stage is sized for: the top of its Users
	// range ("5,000,000-10,000,000" is 10,000,000). 0 for a stage sized for
	// none (prelaunch).
	Users int `json:"users"`
	// PerMillionUsersUSD is MonthlyUSD per million of Users: what a month
	// costs per million users when the stage is as full as it is sized
	// for (more, at any smaller audience). 0 when Users is 0.
	PerMillionUsersUSD float64 `json:"perMillionUsersUSD,omitempty"`

	inv *millionstacktest.Inventory
}

// Assumptions every estimate rests on.
var Assumptions = []string{
	"us-east-1 on-demand list prices, for every region the stack uses (another region's own list prices may differ), 730 hours a month, no free tier, no savings plans",
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
	if err := Checked(stage, inv); err != nil {
		return nil, err
	}
	return FromInventory(stage, inv), nil
}

// RegionCost is what the resources of one region cost a month.
type RegionCost struct {
	Region     string  `json:"region"`
	MonthlyUSD float64 `json:"monthlyUSD"`
}

// Global is the "region" of the services that belong to none.
const Global = "global"

// globalTypes are the type prefixes of services without a region: their
// resources are billed once, wherever the provider that made them points.
var globalTypes = []string{"aws:cloudfront/", "aws:route53/", "aws:iam/", "aws:budgets/"}

// regionOf is where r is billed: Global for a global service, else the
// region of its provider.
func regionOf(r millionstacktest.Resource, inv *millionstacktest.Inventory) string {
	for _, prefix := range globalTypes {
		if strings.HasPrefix(r.Type, prefix) {
			return Global
		}
	}
	return inv.RegionOf(r)
}

// FromInventory prices and summarises a recorded inventory.
func FromInventory(stage string, inv *millionstacktest.Inventory) *Plan {
	p := &Plan{Stage: stage, Counts: map[string]int{}, Notes: append([]string(nil), Assumptions...), inv: inv}
	byRegion := map[string]float64{}
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
			byRegion[regionOf(r, inv)] += it.Cost.MonthlyUSD
			for _, l := range it.Cost.Lines {
				p.Unconfirmed = p.Unconfirmed || l.Unconfirmed
			}
		} else {
			p.Components++
		}
		p.Items = append(p.Items, it)
	}
	p.MonthlyUSD = round2(p.MonthlyUSD)
	home := inv.RegionOf(millionstacktest.Resource{}) // where the default provider deploys
	p.Regions = regionCosts(byRegion, home)
	p.Quotas = quotaUses(inv, home)
	p.Notes = append(quotaNotes(p.Quotas), p.Notes...)
	if s, err := stages.Describe(stage); err == nil {
		p.Users = topOfRange(s.Users)
	}
	if p.Users > 0 {
		p.PerMillionUsersUSD = round2(p.MonthlyUSD / (float64(p.Users) / 1e6))
	}
	return p
}

// regionCosts orders the cost of each region: home (the stack's region)
// first, then the others by name, Global last (when it costs anything).
func regionCosts(byRegion map[string]float64, home string) []RegionCost {
	var names []string
	for name := range byRegion {
		if name != home && name != Global {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	out := []RegionCost{{Region: home, MonthlyUSD: round2(byRegion[home])}}
	for _, name := range names {
		out = append(out, RegionCost{Region: name, MonthlyUSD: round2(byRegion[name])})
	}
	if cost := round2(byRegion[Global]); cost > 0 {
		out = append(out, RegionCost{Region: Global, MonthlyUSD: cost})
	}
	return out
}

// topOfRange reads the most users of a stage's Users ("10,000-100,000" is
// 100,000; "1,000,000" is itself); 0 when it does not read as a number.
func topOfRange(users string) int {
	top := users
	if i := strings.LastIndex(users, "-"); i >= 0 {
		top = users[i+1:]
	}
	n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(top), ",", ""))
	if err != nil {
		return 0
	}
	return n
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
