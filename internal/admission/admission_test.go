package admission_test

import (
	"testing"

	"github.com/millionstack/millionstack/internal/admission"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const ingressType = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"

type component struct{ pulumi.ResourceState }

// group records a component "db" whose group admits through g, made by
// configure, and runs allow on it.
func group(t *testing.T, configure func(g *admission.Group), allow func(g *admission.Group) error) (*millionstacktest.Inventory, error) {
	t.Helper()
	return millionstacktest.Record(func(ctx *pulumi.Context) error {
		c := &component{}
		if err := ctx.RegisterComponentResource("test:index:Component", "db", c); err != nil {
			return err
		}
		g := &admission.Group{
			Ctx: ctx, Scope: `database "db"`, Name: "db", Component: c, GroupID: pulumi.String("sg-0123456789abcdef0"),
			What: "the database's security group", Existing: "ExistingSecurityGroupID", Port: 5432,
			Tags: map[string]string{"team": "data"}, Taken: map[string]bool{"app": true},
		}
		if configure != nil {
			configure(g)
		}
		return allow(g)
	}, millionstacktest.Options{})
}

func TestAllowFromCreatesOneRuleOnThePort(t *testing.T) {
	inv, err := group(t, nil, func(g *admission.Group) error { return g.AllowFrom("reports", pulumi.String("sg-0fedcba9876543210")) })
	require.NoError(t, err)
	rule := millionstacktest.Named(t, inv, ingressType, "db-from-reports")
	millionstacktest.ParentedTo(t, millionstacktest.Only(t, inv, "test:index:Component"), rule)
	assert.Equal(t, "sg-0123456789abcdef0", rule.String("securityGroupId"))
	assert.Equal(t, "sg-0fedcba9876543210", rule.String("referencedSecurityGroupId"))
	assert.Equal(t, "tcp", rule.String("ipProtocol"))
	assert.Equal(t, 5432.0, millionstacktest.Input(t, rule, "fromPort"))
	assert.Equal(t, 5432.0, millionstacktest.Input(t, rule, "toPort"))
	assert.Equal(t, "db-from-reports", rule.String("tags.Name"))
	assert.Equal(t, "data", rule.String("tags.team"))
}

func TestAllowFromRefuses(t *testing.T) {
	for name, c := range map[string]struct {
		configure func(g *admission.Group)
		allow     func(g *admission.Group) error
		want      string
	}{
		"a group of the user's": {func(g *admission.Group) { g.GroupID = nil }, func(g *admission.Group) error {
			return g.AllowFrom("reports", pulumi.String("sg-0fedcba9876543210"))
		}, `database "db": AllowFrom: "reports": the database's security group is ExistingSecurityGroupID, a group of your own; allowed: a rule of your own on it`},
		"a taken name": {nil, func(g *admission.Group) error { return g.AllowFrom("app", pulumi.String("sg-0fedcba9876543210")) },
			`database "db": AllowFrom: name "app" is taken`},
		"a bad name": {nil, func(g *admission.Group) error { return g.AllowFrom("-x", pulumi.String("sg-0fedcba9876543210")) },
			`database "db": AllowFrom: name "-x" cannot name a rule`},
		"no group": {nil, func(g *admission.Group) error { return g.AllowFrom("reports", nil) },
			`database "db": AllowFrom: "reports": the security group is not set`},
		"not a group ID": {nil, func(g *admission.Group) error { return g.AllowFrom("reports", pulumi.String("reports")) },
			`database "db": AllowFrom: "reports" is not a security group ID`},
		"not registered": {nil, func(*admission.Group) error {
			var none *admission.Group
			return none.AllowFrom("reports", pulumi.String("sg-0fedcba9876543210"))
		}, "AllowFrom: the component is not registered"},
	} {
		t.Run(name, func(t *testing.T) {
			inv, err := group(t, c.configure, c.allow)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.Empty(t, inv.ByType(ingressType))
		})
	}
}
