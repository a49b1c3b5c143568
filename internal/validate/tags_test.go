package validate_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/millionstack/millionstack/internal/validate"
)

func TestTagsAcceptsWhatAWSAccepts(t *testing.T) {
	p := validate.For("network", "network")
	p.Tags("Tags", map[string]string{
		"team":                   "web",
		strings.Repeat("k", 128): strings.Repeat("v", 256),
		"Name":                   "",
		"awsome":                 "prefix without the colon",
		"millionstack:stack":     "dev",
		"cost-center/department": "42",
	})
	p.Tags("Tags", nil)
	assert.NoError(t, p.Err())
}

func TestTagsNamesTheKeyWhatItHasAndWhatIsAllowed(t *testing.T) {
	long := strings.Repeat("k", 129)
	cases := map[string]struct {
		tags map[string]string
		want string
	}{
		"empty key":      {map[string]string{"": "x"}, `network "network": Tags: key "" has 0 characters; allowed: keys of 1 to 128 characters, not starting with "aws:" in any case`},
		"long key":       {map[string]string{long: "x"}, `network "network": Tags: key "` + long + `" has 129 characters; allowed: keys of 1 to 128 characters`},
		"reserved":       {map[string]string{"aws:owner": "x"}, `network "network": Tags: key "aws:owner" uses the reserved prefix "aws:"; allowed: keys of 1 to 128 characters, not starting with "aws:"`},
		"reserved upper": {map[string]string{"AWS:Owner": "x"}, `network "network": Tags: key "AWS:Owner" uses the reserved prefix "aws:"`},
		"long value":     {map[string]string{"team": strings.Repeat("v", 257)}, `network "network": Tags: value of "team" has 257 characters; allowed: values of at most 256 characters`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			p := validate.For("network", "network")
			p.Tags("Tags", c.tags)
			err := p.Err()
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestTagsReportsEveryProblemInKeyOrderUnderTheGivenField(t *testing.T) {
	p := validate.For("webtier", "web")
	p.Tags("Worker.Tags", map[string]string{
		"b":     strings.Repeat("v", 300),
		"aws:x": strings.Repeat("v", 300),
		"ok":    "fine",
	})
	err := p.Err()
	require.Error(t, err)
	assert.Equal(t, strings.Join([]string{
		`webtier "web": Worker.Tags: key "aws:x" uses the reserved prefix "aws:"; allowed: keys of 1 to 128 characters, not starting with "aws:" in any case`,
		`webtier "web": Worker.Tags: value of "aws:x" has 300 characters; allowed: values of at most 256 characters`,
		`webtier "web": Worker.Tags: value of "b" has 300 characters; allowed: values of at most 256 characters`,
	}, "\n"), err.Error())
}

// Tags whose values come from other resources have their keys checked as
// Tags does, and a missing value is reported.
func TestInputTags(t *testing.T) {
	p := validate.For("host", "host")
	p.InputTags("BackupTags", map[string]pulumi.StringInput{
		"millionstack:backup": pulumi.String("vault"),
		"aws:backup":          pulumi.String("x"),
		"empty":               nil,
	})
	err := p.Err()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `BackupTags: key "aws:backup" uses the reserved prefix "aws:"`)
	assert.Contains(t, err.Error(), `BackupTags: value of "empty" is not set`)
	assert.NotContains(t, err.Error(), "millionstack:backup")
}
