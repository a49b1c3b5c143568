package tests

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/stages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The README documents every config key the stages read.
func TestReadmeListsEveryConfigKey(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	for _, k := range stages.ConfigKeys {
		assert.Contains(t, string(readme), "`"+k.Name+"`", "README does not mention config key %s", k.Name)
	}
}

// Every stack file names a stage that exists, and every millionstack key in
// it (set or shown commented out) is one the stages read: a typo there would
// be kept silently by Pulumi.
func TestStackFilesUseOnlyKnownKeys(t *testing.T) {
	files, err := filepath.Glob("../Pulumi.*.yaml")
	require.NoError(t, err)
	require.Len(t, files, len(stages.Names()), "one stack file per stage")
	key := regexp.MustCompile(`(millionstack:[A-Za-z]+):`)
	for _, f := range files {
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		stage := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml")
		assert.Contains(t, string(text), `millionstack:stage: "`+stage+`"`, f)
		_, err = stages.Describe(stage)
		assert.NoError(t, err, f)
		for _, m := range key.FindAllStringSubmatch(string(text), -1) {
			assert.True(t, stages.IsConfigKey(m[1]), "%s: %s is not a config key", f, m[1])
		}
	}
}
