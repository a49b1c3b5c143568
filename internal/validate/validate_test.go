package validate_test

import (
	"strings"
	"testing"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProblemsCollectsEveryMessageWithScopeAndField(t *testing.T) {
	p := validate.For("database", "orders")
	assert.NoError(t, p.Err(), "no problem, no error")
	p.IntRange("ReadReplicas", 6, 0, 5)
	validate.OneOf(p, "Engine", "oracle", "postgres", "mysql")
	err := p.Err()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `database "orders": ReadReplicas: 6 is out of range; allowed: 0 to 5`)
	assert.Contains(t, err.Error(), `database "orders": Engine: "oracle" is not supported; allowed: postgres, mysql`)
}

func TestChecksAcceptGoodAndRejectBadValues(t *testing.T) {
	runChecks(t, []check{
		{"range inside", func(p *validate.Problems) { p.IntRange("N", 5, 1, 5) }, true},
		{"range below", func(p *validate.Problems) { p.IntRange("N", 0, 1, 5) }, false},
		{"one of", func(p *validate.Problems) { validate.OneOf(p, "E", "mysql", "postgres", "mysql") }, true},
		{"not empty", func(p *validate.Problems) { p.NotEmpty("S", "  ") }, false},
		{"prefix", func(p *validate.Problems) { p.Prefix("C", "db.t3.micro", "db.", "db.t3.micro") }, true},
		{"prefix alone", func(p *validate.Problems) { p.Prefix("C", "db.", "db.", "db.t3.micro") }, false},
		{"instance type", func(p *validate.Problems) { p.InstanceType("T", "m5.large", "", "t3.micro") }, true},
		{"db class", func(p *validate.Problems) { p.InstanceType("C", "db.r6g.large", "db.", "db.t3.micro") }, true},
		{"db class without prefix", func(p *validate.Problems) { p.InstanceType("C", "r6g.large", "db.", "db.t3.micro") }, false},
		{"instance type junk", func(p *validate.Problems) { p.InstanceType("T", "huge", "", "t3.micro") }, false},
		{"retention allowed", func(p *validate.Problems) { p.LogRetention("R", 365) }, true},
		{"retention not allowed", func(p *validate.Problems) { p.LogRetention("R", 100) }, false},
		{"domain", func(p *validate.Problems) { p.DomainName("D", "app.example.com") }, true},
		{"domain one label", func(p *validate.Problems) { p.DomainName("D", "localhost") }, false},
		{"domain upper case", func(p *validate.Problems) { p.DomainName("D", "Example.com") }, false},
		{"domain bad label", func(p *validate.Problems) { p.DomainName("D", "-a.example.com") }, false},
		{"email", func(p *validate.Problems) { p.Email("E", "ops@example.com") }, true},
		{"email without at", func(p *validate.Problems) { p.Email("E", "ops.example.com") }, false},
		{"email with name", func(p *validate.Problems) { p.Email("E", "Ops <ops@example.com>") }, false},
		{"email bad domain", func(p *validate.Problems) { p.Email("E", "ops@localhost") }, false},
		{"bucket", func(p *validate.Problems) { p.BucketName("B", "my-assets.example") }, true},
		{"bucket upper case", func(p *validate.Problems) { p.BucketName("B", "My_Bucket") }, false},
		{"bucket short", func(p *validate.Problems) { p.BucketName("B", "ab") }, false},
		{"bucket too long", func(p *validate.Problems) { p.BucketName("B", strings.Repeat("a", 64)) }, false},
		{"bucket double dot", func(p *validate.Problems) { p.BucketName("B", "a..b") }, false},
		{"bucket ip", func(p *validate.Problems) { p.BucketName("B", "192.168.5.4") }, false},
		{"bucket reserved prefix", func(p *validate.Problems) { p.BucketName("B", "xn--bucket") }, false},
		{"region", func(p *validate.Problems) { p.Region("R", "us-west-2") }, true},
		{"region gov", func(p *validate.Problems) { p.Region("R", "us-gov-west-1") }, true},
		{"region zone", func(p *validate.Problems) { p.Region("R", "us-west-2a") }, false},
		{"region word", func(p *validate.Problems) { p.Region("R", "oregon") }, false},
	})
}

// A component's name prefixes AWS names: only what every service accepts.
func TestComponentName(t *testing.T) {
	for _, good := range []string{"db", "web", "edge-waf", "welcome-email", strings.Repeat("a", validate.MaxComponentNameLength)} {
		assert.NoError(t, validate.ComponentName("x", good), good)
	}
	for _, bad := range []string{"", "Web", "my_db", "2nd", "a--b", "b-", "-a", "a.b", strings.Repeat("a", validate.MaxComponentNameLength+1)} {
		err := validate.ComponentName("webtier", bad)
		require.Error(t, err, bad)
		assert.Contains(t, err.Error(), `webtier "`+bad+`": name: "`+bad+`"`)
	}
}

// check is one call of a validation helper and whether it must pass.
type check struct {
	name  string
	check func(p *validate.Problems)
	ok    bool
}

// runChecks runs each check on problems of its own: the helper must report
// nothing when ok and a problem otherwise.
func runChecks(t *testing.T, checks []check) {
	t.Helper()
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			p := validate.In("test")
			c.check(p)
			if c.ok {
				assert.NoError(t, p.Err())
			} else {
				assert.Error(t, p.Err())
			}
		})
	}
}
