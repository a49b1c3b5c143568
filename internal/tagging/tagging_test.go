package tagging_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"

	"github.com/millionstack/millionstack/internal/tagging"
)

// plain turns a StringMap of plain pulumi.String values back into Go strings.
func plain(t *testing.T, m pulumi.StringMap) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k, v := range m {
		s, ok := v.(pulumi.String)
		if !assert.True(t, ok, "tag %q is a %T, not a pulumi.String", k, v) {
			continue
		}
		out[k] = string(s)
	}
	return out
}

func TestNamedAddsNameToTheUserTags(t *testing.T) {
	got := tagging.Named("web-sg", map[string]string{"team": "web", "env": "prod"})
	assert.Equal(t, map[string]string{"team": "web", "env": "prod", "Name": "web-sg"}, plain(t, got))
}

func TestNamedWithoutTagsHoldsOnlyName(t *testing.T) {
	assert.Equal(t, map[string]string{"Name": "db"}, plain(t, tagging.Named("db", nil)))
}

func TestNamedPrecedenceIsUserThenExtrasThenName(t *testing.T) {
	user := map[string]string{"Name": "mine", "Tier": "mine", "team": "web"}
	got := tagging.Named("net-public-a", user,
		map[string]string{"Tier": "public", "Snapshot": "first"},
		map[string]string{"Snapshot": "second"},
	)
	assert.Equal(t, map[string]string{
		"Name":     "net-public-a", // the child's name wins over the user's Name
		"Tier":     "public",       // an extra wins over the user's tag
		"Snapshot": "second",       // a later extra wins over an earlier one
		"team":     "web",
	}, plain(t, got))
	assert.Equal(t, map[string]string{"Name": "mine", "Tier": "mine", "team": "web"}, user, "the user's map is left unchanged")
}

func TestNamedReturnsAFreshMapEachTime(t *testing.T) {
	user := map[string]string{"team": "web"}
	a := tagging.Named("a", user)
	a["extra"] = pulumi.String("x")
	assert.Equal(t, map[string]string{"team": "web", "Name": "b"}, plain(t, tagging.Named("b", user)))
}

func TestWithInputsAddsTagsFromOtherResourcesButNeverRenames(t *testing.T) {
	named := tagging.Named("db", map[string]string{"team": "web", "backup": "mine"})
	got := tagging.WithInputs(named, map[string]pulumi.StringInput{"backup": pulumi.String("vault-1"), "Name": pulumi.String("other")})
	assert.Equal(t, map[string]string{"team": "web", "backup": "vault-1", "Name": "db"}, plain(t, got))
	assert.Equal(t, map[string]string{"team": "web", "backup": "mine", "Name": "db"}, plain(t, named), "the tags passed in are left unchanged")
}
