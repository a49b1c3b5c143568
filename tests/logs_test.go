package tests

import (
	"encoding/json"
	"testing"

	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/millionstack/millionstack/stages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The log groups RDS creates for the exported logs of the primary and of
// every replica get a retention from the stage on which the database
// appears: the invocation names each of them, with the primary's and the
// replicas' identifiers, which RDS puts in the groups' names.
func TestRDSLogGroupsGetARetention(t *testing.T) {
	for _, name := range stages.Names() {
		t.Run(name, func(t *testing.T) {
			inv := record(t, name, nil)
			invocations := inv.ByType("aws:lambda/invocation:Invocation")
			var instances []millionstacktest.Resource // db's, in the stack's region (the second region's: TestDataTierLogGroupsGetARetention)
			for _, db := range inv.ByType(tRDS) {
				if inv.RegionOf(db) == inv.Region {
					instances = append(instances, db)
				}
			}
			if len(instances) == 0 {
				assert.Empty(t, invocations)
				return
			}
			invocation := millionstacktest.Named(t, inv, "aws:lambda/invocation:Invocation", "db-logs")
			var input struct {
				LogGroupNames   []string `json:"logGroupNames"`
				RetentionInDays int      `json:"retentionInDays"`
			}
			require.NoError(t, json.Unmarshal([]byte(invocation.String("input")), &input))
			var want []string
			for _, db := range instances {
				for _, log := range []string{"postgresql", "upgrade"} {
					want = append(want, "/aws/rds/instance/"+db.Outputs["identifier"].StringValue()+"/"+log)
				}
				exports, _ := db.Input("enabledCloudwatchLogsExports")
				assert.Equal(t, []interface{}{"postgresql", "upgrade"}, exports, db.Name)
			}
			assert.ElementsMatch(t, want, input.LogGroupNames)
			assert.Equal(t, 365, input.RetentionInDays)
		})
	}
}
