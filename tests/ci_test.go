package tests

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startPostgresAs runs .ci/postgres.sh's start_test_postgres in a shell
// where `id` answers uid (so a root CI machine can play another user) and
// no PostgreSQL server is found (PG_BINDIR names nothing), with the extra
// environment env; it returns the exit status, what the shell printed,
// and whether the server's variables were exported.
func startPostgresAs(t *testing.T, uid string, env ...string) (int, string, bool) {
	t.Helper()
	script := `id() { echo ` + uid + `; }
. .ci/postgres.sh
start_test_postgres
status=$?
echo "required=${MILLIONSTACK_REQUIRE_PG:-}"
exit $status`
	command := exec.Command("bash", "-c", script)
	command.Dir = ".."
	command.Env = append([]string{"PATH=/usr/bin:/bin", "PG_BINDIR=/nonexistent"}, env...)
	output, err := command.CombinedOutput()
	status := 0
	if err != nil {
		exit, ok := err.(*exec.ExitError)
		require.True(t, ok, "%v: %s", err, output)
		status = exit.ExitCode()
	}
	return status, string(output), strings.Contains(string(output), "required=1")
}

// Without PostgreSQL and without root to install it, .ci/run fails (its
// set -e stops at start_test_postgres), naming what is missing and the
// opt-out, rather than passing with the bootstrap's integration tests
// skipped; MILLIONSTACK_SKIP_PG=1 skips them on purpose.
func TestCIFailsWithoutPostgreSQLUnlessToldToSkip(t *testing.T) {
	status, output, required := startPostgresAs(t, "1000")
	assert.NotEqual(t, 0, status, output)
	assert.Contains(t, output, "missing postgresql")
	assert.Contains(t, output, "MILLIONSTACK_SKIP_PG=1")
	assert.False(t, required)

	status, output, required = startPostgresAs(t, "1000", "MILLIONSTACK_SKIP_PG=1")
	assert.Equal(t, 0, status, output)
	assert.Contains(t, output, "the bootstrap integration tests will be skipped")
	assert.False(t, required, "a skipped server requires nothing")
}
