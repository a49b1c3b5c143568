package naming_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/internal/naming"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestChildJoinsTheRoles(t *testing.T) {
	assert.Equal(t, "db", naming.Child("db"))
	assert.Equal(t, "db-sg", naming.Child("db", "sg"))
	assert.Equal(t, "network-private-us-east-1a", naming.Child("network", "private", "us-east-1a"))
}

// A name within the limit is kept; a longer one is cut to the limit and
// ends in a hash of the whole, so two long names that share their start
// stay apart, and the joint never doubles a separator.
func TestFitCutsLongNamesToDistinctOnes(t *testing.T) {
	assert.Equal(t, "short-name", naming.Fit("short-name", 10))
	long := strings.Repeat("a", 70)
	a, b := naming.Fit(long+"-one", 64), naming.Fit(long+"-two", 64)
	assert.Len(t, a, 64)
	assert.Len(t, b, 64)
	assert.NotEqual(t, a, b)
	assert.True(t, strings.HasPrefix(a, strings.Repeat("a", 55)), a)
	assert.Regexp(t, `-[0-9a-f]{8}$`, a)
	assert.Equal(t, naming.Fit(long+"-one", 64), a, "the same name fits the same way on every run")

	// The cut lands on separators: they are dropped before the hash.
	cut := naming.Fit(strings.Repeat("a", 52)+"-_-x"+strings.Repeat("b", 20), 64)
	assert.Equal(t, strings.Repeat("a", 52)+"-"+naming.Hash(strings.Repeat("a", 52)+"-_-x"+strings.Repeat("b", 20), 4), cut)
	assert.NotRegexp(t, `[-_]{2}`, cut)
}

func TestPhysicalReplacesWhatTheServiceRefuses(t *testing.T) {
	invalid := regexp.MustCompile(`[^A-Za-z0-9_-]+`)
	assert.Equal(t, "shop-prod-eu-api", naming.Physical("shop", "prod.eu", "api", invalid, 64))
	assert.Equal(t, "shop-my-stack-api", naming.Physical("shop", "my  stack", "api", invalid, 64), "a run of refused characters is one hyphen")
	assert.Len(t, naming.Physical("shop", strings.Repeat("s", 80), "api", invalid, 64), 64)
}

// Lifetime answers 12 lower-case letters and digits, asked once through the
// options given, and anew for another seed (another lifetime).
func TestLifetimeIsRandomLowerCaseAndDigits(t *testing.T) {
	suffix := func(seed string) string {
		var got string
		_, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
			var err error
			got, err = naming.Lifetime(ctx)
			return err
		}, millionstacktest.Options{RandomSeed: seed})
		require.NoError(t, err)
		return got
	}
	first := suffix("a")
	assert.Regexp(t, `^[a-z0-9]{12}$`, first)
	assert.Equal(t, first, suffix("a"))
	assert.NotEqual(t, first, suffix("b"))
}

// A CloudFormation stack name holds letters, digits and hyphens only and
// starts with a letter: what Pulumi takes in project and stack names
// besides ("_", ".", a digit first) is mended, and a name that meets the
// rule already stays as Physical makes it.
func TestStackNameMeetsCloudFormationsRule(t *testing.T) {
	rule := regexp.MustCompile(`^[A-Za-z][-A-Za-z0-9]*$`)
	for _, c := range []struct{ project, stack, want string }{
		{"millionstack", "prod", "millionstack-prod-db-rotation"},
		{"millionstack", "prod_eu", "millionstack-prod-eu-db-rotation"},
		{"shop.io", "10k", "shop-io-10k-db-rotation"},
		{"1shop", "prod", "stack-1shop-prod-db-rotation"},
		{"_shop", "prod", "shop-prod-db-rotation"},
		{".9", "prod", "stack-9-prod-db-rotation"},
	} {
		got := naming.StackName(c.project, c.stack, "db-rotation", 64)
		assert.Equal(t, c.want, got, "%s %s", c.project, c.stack)
		assert.Regexp(t, rule, got)
	}
	// Every name that deployed before keeps its name (a new one would
	// replace the stack): the old name was the rotation function's,
	// naming.Physical with Lambda's characters (function.PhysicalName), and
	// the names that deployed are those that already met CloudFormation's
	// rule.
	lambdaName := regexp.MustCompile(`[^A-Za-z0-9_-]+`)
	for _, c := range [][2]string{{"millionstack", "prod"}, {"shop-io", "10k"}, {"Shop", "eu-west-1"}, {"millionstack", strings.Repeat("long", 20)}} {
		old := naming.Physical(c[0], c[1], "db-rotation", lambdaName, 64)
		require.Regexp(t, rule, old, "deployable before")
		assert.Equal(t, old, naming.StackName(c[0], c[1], "db-rotation", 64), "%s %s", c[0], c[1])
	}
	long := naming.StackName("1shop", strings.Repeat("s", 100), "db-rotation", 64)
	assert.Len(t, long, 64)
	assert.Regexp(t, rule, long)
	assert.LessOrEqual(t, len(naming.StackName("p", strings.Repeat("s", 200), "x", naming.MaxStackName)), naming.MaxStackName)
}
