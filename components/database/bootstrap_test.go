package database_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/database"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBootstrapCode checks the bootstrap function's deployment package: every
// module of bootstrap/ at the archive's root, as it is on disk (a module left
// out of the go:embed list would fail at run time with an ImportError), the
// handler its setting names, and no tests.
func TestBootstrapCode(t *testing.T) {
	assets := database.BootstrapCode().Assets()
	files, err := filepath.Glob("bootstrap/*.py")
	require.NoError(t, err)
	var modules []string
	for _, file := range files {
		name := filepath.Base(file)
		if strings.HasPrefix(name, "test_") {
			assert.NotContains(t, assets, name, "tests are not shipped")
			continue
		}
		modules = append(modules, name)
		source, err := os.ReadFile(file)
		require.NoError(t, err)
		require.Contains(t, assets, name)
		assert.Equal(t, string(source), assets[name].(pulumi.Asset).Text(), name)
	}
	assert.Len(t, assets, len(modules))
	assert.Contains(t, modules, "pgwire.py")

	module, function, found := strings.Cut(database.BootstrapHandler, ".")
	require.True(t, found, "a Python handler setting is module.function")
	require.Contains(t, assets, module+".py")
	assert.Contains(t, assets[module+".py"].(pulumi.Asset).Text(), "\ndef "+function+"(event, context):")
}

// The environment the bootstrap function's integration tests read; .ci/run
// sets all three (see .ci/postgres.sh).
const (
	pgDSNVariable     = "MILLIONSTACK_TEST_PG_DSN"
	pgCAVariable      = "MILLIONSTACK_TEST_PG_CA"
	pgRequireVariable = "MILLIONSTACK_REQUIRE_PG"
)

// TestBootstrapFunction runs the bootstrap function's Python tests
// (bootstrap/test_bootstrap.py): the unit layer always; the integration layer
// against the PostgreSQL server MILLIONSTACK_TEST_PG_DSN names. Without a
// server the integration layer is skipped, saying how to run it, unless
// MILLIONSTACK_REQUIRE_PG=1: then a missing or unreachable server fails.
func TestBootstrapFunction(t *testing.T) {
	required := os.Getenv(pgRequireVariable) == "1"
	python, err := exec.LookPath("python3")
	if err != nil {
		if required {
			t.Fatalf("python3 is not on PATH; %s=1 requires the bootstrap tests to run", pgRequireVariable)
		}
		t.Skip("python3 is not on PATH")
	}

	t.Run("unit", func(t *testing.T) {
		var env []string
		for _, v := range os.Environ() {
			name, _, _ := strings.Cut(v, "=")
			if name != pgDSNVariable && name != pgCAVariable && name != pgRequireVariable {
				env = append(env, v)
			}
		}
		runPythonTests(t, python, env, "test_bootstrap")
	})

	t.Run("postgres", func(t *testing.T) {
		if os.Getenv(pgDSNVariable) == "" && !required {
			t.Skipf("no PostgreSQL server: set %s=postgresql://<master>:<password>@<host>:<port>/<database> "+
				"(a TLS server with a role rds_iam, whose master user is not a superuser, as on RDS) or run "+
				"bash .ci/run, which starts one", pgDSNVariable)
		}
		output := runPythonTests(t, python, os.Environ(), "test_bootstrap.Integration")
		if skipped := "setUpClass (test_bootstrap.Integration) ... skipped"; strings.Contains(output, skipped) {
			t.Skip(output) // the server is unreachable, and not required
		}
	})
}

// readmeFile is the repository's README, whose SQL for moving the app's
// tables to its user the integration layer runs.
const readmeFile = "../../README.md"

// runPythonTests runs python -m unittest on tests in bootstrap/ with env, and
// fails the test when they fail; it returns their output.
func runPythonTests(t *testing.T, python string, env []string, tests string) string {
	t.Helper()
	// go test caches a passing result until a file the test opened changes;
	// it cannot see what python3 reads, so the test opens the files itself.
	files, err := filepath.Glob("bootstrap/*.py")
	require.NoError(t, err)
	for _, file := range append(files, namesFile, readmeFile) {
		_, err := os.ReadFile(file)
		require.NoError(t, err)
	}
	command := exec.Command(python, "-m", "unittest", "-v", tests)
	command.Dir = "bootstrap"
	command.Env = append(env, "PYTHONDONTWRITEBYTECODE=1", "PYTHONPYCACHEPREFIX="+t.TempDir())
	output, err := command.CombinedOutput()
	require.NoError(t, err, "%s", output)
	return string(output)
}
