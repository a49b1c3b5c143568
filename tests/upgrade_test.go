package tests

import (
	"fmt"
	"testing"

	"github.com/millionstack/millionstack/internal/plan"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/millionstack/millionstack/stages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Moving a live stack one rung up never replaces or deletes a stateful
// resource, with or without a domain. The diff records both stages on the same
// stack, exactly as changing millionstack:stage would.
func TestEveryUpgradeIsInPlace(t *testing.T) {
	names := stages.Names()
	for _, cfg := range []map[string]string{nil, {"millionstack:domain": "example.com"}} {
		for i := 0; i+1 < len(names); i++ {
			from, to := names[i], names[i+1]
			t.Run(fmt.Sprintf("%s->%s domain=%v", from, to, cfg != nil), func(t *testing.T) {
				d, err := plan.Between(from, to, cfg)
				require.NoError(t, err)
				for _, e := range d.DataLosses {
					t.Errorf("%s %s %s: %+v", e.Action, e.Type, e.Name, e.Changes)
				}
			})
		}
	}
}

// The stateful resources of each stage are still there one rung up with the
// same URN, parent and replace-triggering inputs: checked directly on the
// recorded registrations, independently of the diff's own tables.
func TestStatefulResourcesKeepIdentity(t *testing.T) {
	keep := map[string][]string{
		"aws:ec2/vpc:Vpc":       {"cidrBlock"},
		tSubnet:                 {"cidrBlock", "availabilityZone", "vpcId"},
		tRDS:                    {"engine", "username", "dbName", "storageEncrypted", "dbSubnetGroupName", "availabilityZone", "identifier"},
		tRG:                     {"replicationGroupId", "atRestEncryptionEnabled", "subnetGroupName", "port", "engine"},
		tBucket:                 {"bucket", "bucketPrefix"},
		tTable:                  {"name", "hashKey"},
		tQueue:                  {"name", "fifoQueue"},
		"aws:kms/key:Key":       {"keyUsage"},
		"aws:ebs/volume:Volume": {"availabilityZone", "encrypted"},
		"aws:elasticache/subnetGroup:SubnetGroup": {"name"},
		"aws:backup/vault:Vault":                  {"name", "kmsKeyArn"},
	}
	names := stages.Names()
	for i := 0; i+1 < len(names); i++ {
		from, to := names[i], names[i+1]
		t.Run(from+"->"+to, func(t *testing.T) {
			a, err := plan.Record(from, from, nil)
			require.NoError(t, err)
			b, err := plan.Record(to, from, nil)
			require.NoError(t, err)
			after := b.ByURN()
			checked := 0
			for _, r := range a.Resources {
				props, stateful := keep[r.Type]
				if !stateful || !millionstacktest.IsStateful(r) {
					continue
				}
				next, ok := after[r.URN]
				if !ok {
					if r.RetainOnDelete {
						continue // removed from the stack, kept in AWS (the retired host's data volume)
					}
					t.Errorf("%s %s is gone after the upgrade", r.Type, r.Name)
					continue
				}
				checked++
				assert.Equal(t, r.Parent, next.Parent, "%s %s parent", r.Type, r.Name)
				for _, p := range props {
					assert.Equal(t, millionstacktest.Value(r, p), millionstacktest.Value(next, p), "%s %s %s", r.Type, r.Name, p)
				}
			}
			if from != "prelaunch" {
				assert.NotZero(t, checked, "no stateful resource compared")
			}
		})
	}
}

// The diff is not blind: a change that would destroy data is reported as a
// replacement of a stateful resource and fails the upgrade.
func TestDiffFlagsStatefulReplacement(t *testing.T) {
	// Record 10 with the default CIDR and 100 with another: the VPC and every subnet is replaced.
	a, err := plan.Record("10", "10", nil)
	require.NoError(t, err)
	b, err := plan.Record("100", "10", map[string]string{"millionstack:vpcCidr": "10.1.0.0/16"})
	require.NoError(t, err)
	cmp := plan.Compare(a, b)
	var replaced []string
	for _, e := range cmp.DataLosses {
		replaced = append(replaced, e.Type)
	}
	assert.Contains(t, replaced, "aws:ec2/vpc:Vpc")
	assert.Contains(t, replaced, tSubnet)
}

// Upgrades report what they change: 10 -> 100 resizes the database in place.
func TestDiffShowsInPlaceResize(t *testing.T) {
	d, err := plan.Between("10", "100", nil)
	require.NoError(t, err)
	var found bool
	for _, e := range d.Entries {
		if e.Type == tRDS && e.Name == "db" {
			found = true
			assert.Equal(t, plan.Update, e.Action)
			var class bool
			for _, c := range e.Changes {
				if c.Property == "instanceClass" {
					class = true
					assert.Equal(t, "db.t3.micro", c.Old)
					assert.Equal(t, "db.t3.small", c.New)
				}
			}
			assert.True(t, class, "instanceClass change listed")
		}
	}
	assert.True(t, found, "database change listed")
	assert.Greater(t, d.ToUSD, d.FromUSD)
}

// The switch to a stored master password at 10k is an in-place update of the
// primary that never prints the password: manageMasterUserPassword goes from
// true to unset (the provider refuses it next to a password, even false) and
// the password is set, which the provider sends as one ModifyDBInstance with
// ManageMasterUserPassword=false and MasterUserPassword.
func TestMasterPasswordMovesInPlaceAndStaysHidden(t *testing.T) {
	d, err := plan.Between("1k", "10k", nil)
	require.NoError(t, err)
	var primary *plan.Entry
	for i, e := range d.Entries {
		if e.Type == tRDS && e.Name == "db" {
			primary = &d.Entries[i]
		}
	}
	require.NotNil(t, primary, "the primary's change is not in the diff")
	assert.Equal(t, plan.Update, primary.Action)
	changes := map[string]plan.Change{}
	for _, c := range primary.Changes {
		changes[c.Property] = c
	}
	require.Contains(t, changes, "manageMasterUserPassword")
	assert.Equal(t, "true", changes["manageMasterUserPassword"].Old)
	assert.Equal(t, "(unset)", changes["manageMasterUserPassword"].New)
	require.Contains(t, changes, "password")
	assert.Equal(t, "(unset)", changes["password"].Old, "the old primary had no password of its own")
	assert.Equal(t, "[secret]", changes["password"].New)
	for _, c := range primary.Changes {
		assert.False(t, c.Replaces, "%s replaces the primary", c.Property)
	}

	// The diff hides the password; the recording shows it is really sent.
	inv, err := plan.Record("10k", "1k", nil)
	require.NoError(t, err)
	after := millionstacktest.Named(t, inv, tRDS, "db")
	_, managed := after.Input("manageMasterUserPassword")
	assert.False(t, managed)
	assert.NotEmpty(t, after.String("password"))
}
