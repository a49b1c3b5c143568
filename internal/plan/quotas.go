package plan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/millionstack/millionstack/millionstacktest"
)

// quota is a default per-region quota of an AWS account on one kind of
// resource, and the resource types that count against it.
type quota struct {
	what  string
	types []string
	limit int
}

// rdsQuotas are the default quotas of RDS and Aurora in each region of an
// account (Aurora user guide, "Quotas and constraints for Amazon Aurora",
// and RDS user guide, "Quotas and constraints for Amazon RDS": DB
// instances 40, DB clusters 40, DB subnet groups 50, DB cluster parameter
// groups 50, DB parameter groups 50, each adjustable in Service Quotas;
// ap-south-1 starts lower, at 20 instances and 20 subnet groups). The
// instance quota counts RDS and Aurora instances together (and Neptune's
// and DocumentDB's). Past one, the create call fails with a quota error
// midway through `pulumi up`, after everything before it was created.
var rdsQuotas = []quota{
	{what: "DB instances", types: []string{"aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"}, limit: 40},
	{what: "DB clusters", types: []string{"aws:rds/cluster:Cluster"}, limit: 40},
	{what: "DB subnet groups", types: []string{"aws:rds/subnetGroup:SubnetGroup"}, limit: 50},
	{what: "DB cluster parameter groups", types: []string{"aws:rds/clusterParameterGroup:ClusterParameterGroup"}, limit: 50},
	{what: "DB parameter groups", types: []string{"aws:rds/parameterGroup:ParameterGroup"}, limit: 50},
}

// QuotaUse is how much of one default quota a stack takes in one region.
type QuotaUse struct {
	Region  string `json:"region"`
	What    string `json:"what"`
	Count   int    `json:"count"`
	Default int    `json:"default"`
}

// Exceeds reports whether the stack alone needs more than the default.
func (u QuotaUse) Exceeds() bool { return u.Count > u.Default }

// quotaUses counts, per region (the stack's own first, then by name), what
// the recording holds of each RDS quota, leaving out kinds it holds none
// of. The account's other stacks count against the same quotas.
func quotaUses(inv *millionstacktest.Inventory, home string) []QuotaUse {
	counts := map[string]map[string]int{} // region -> what -> count
	for _, r := range inv.Cloud() {
		for _, q := range rdsQuotas {
			for _, t := range q.types {
				if r.Type == t {
					region := inv.RegionOf(r)
					if counts[region] == nil {
						counts[region] = map[string]int{}
					}
					counts[region][q.what]++
				}
			}
		}
	}
	var regions []string
	for region := range counts {
		regions = append(regions, region)
	}
	sort.Slice(regions, func(i, j int) bool {
		if (regions[i] == home) != (regions[j] == home) {
			return regions[i] == home
		}
		return regions[i] < regions[j]
	})
	var out []QuotaUse
	for _, region := range regions {
		for _, q := range rdsQuotas {
			if n := counts[region][q.what]; n > 0 {
				out = append(out, QuotaUse{Region: region, What: q.what, Count: n, Default: q.limit})
			}
		}
	}
	return out
}

// quotaNotes are the plan's notes on the RDS quotas: one per region with
// what the stack takes of each, and one warning per default it exceeds.
func quotaNotes(uses []QuotaUse) []string {
	var notes, warnings []string
	var region string
	var parts []string
	flush := func() {
		if region != "" {
			notes = append(notes, fmt.Sprintf("RDS quotas in %s (account defaults, shared with the account's other stacks): %s", region, strings.Join(parts, ", ")))
		}
	}
	for _, u := range uses {
		if u.Region != region {
			flush()
			region, parts = u.Region, nil
		}
		parts = append(parts, fmt.Sprintf("%d of %d %s", u.Count, u.Default, u.What))
		if u.Exceeds() {
			warnings = append(warnings, fmt.Sprintf("WARNING: %d %s in %s exceed the default quota of %d per region: ask for more in Service Quotas (Amazon RDS) before `pulumi up`, or it fails midway", u.Count, u.What, u.Region, u.Default))
		}
	}
	flush()
	return append(warnings, notes...)
}
