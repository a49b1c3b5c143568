package logretention_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/millionstack/millionstack/components/logretention"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeComponent  = "millionstack:logretention:Retention"
	typeFunction   = "aws:lambda/function:Function"
	typeInvocation = "aws:lambda/invocation:Invocation"
	typeRolePolicy = "aws:iam/rolePolicy:RolePolicy"
)

// twoInstances are the groups of a PostgreSQL primary and its replica.
func twoInstances() logretention.RetentionArgs {
	exports := []string{"postgresql", "upgrade"}
	return logretention.RetentionArgs{Directories: []logretention.Directory{
		{Path: pulumi.String("/aws/rds/instance/db-1a2b/"), Names: exports},
		{Path: pulumi.Sprintf("/aws/rds/instance/%s/", pulumi.String("db-replica-1-3c4d")), Names: exports},
	}}
}

func record(t *testing.T, args logretention.RetentionArgs) *millionstacktest.Inventory {
	t.Helper()
	return millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		_, err := logretention.NewRetention(ctx, "db-logs", args)
		return err
	}, millionstacktest.Options{})
}

// The invocation hands the function every group's full name and the
// retention (365 days by default), after the function exists.
func TestTheInvocationNamesEveryGroup(t *testing.T) {
	inv := record(t, twoInstances())
	invocation := millionstacktest.Named(t, inv, typeInvocation, "db-logs")
	fn := millionstacktest.Named(t, inv, typeFunction, "db-logs")
	assert.Equal(t, fn.Outputs["name"].StringValue(), invocation.String("functionName"))
	var input struct {
		LogGroupNames   []string `json:"logGroupNames"`
		RetentionInDays int      `json:"retentionInDays"`
	}
	require.NoError(t, json.Unmarshal([]byte(invocation.String("input")), &input))
	assert.Equal(t, []string{
		"/aws/rds/instance/db-1a2b/postgresql", "/aws/rds/instance/db-1a2b/upgrade",
		"/aws/rds/instance/db-replica-1-3c4d/postgresql", "/aws/rds/instance/db-replica-1-3c4d/upgrade",
	}, input.LogGroupNames)
	assert.Equal(t, 365, input.RetentionInDays)
	_, scope := invocation.Input("lifecycleScope")
	assert.False(t, scope, "CREATE_ONLY (the default): a changed input replaces the invocation, which invokes again")

	assert.Equal(t, "log_retention.handler", fn.String("handler"))
	_, inVPC := fn.Input("vpcConfig")
	assert.False(t, inVPC, "CloudWatch Logs is reached without a VPC")
	millionstacktest.ParentedTo(t, millionstacktest.Named(t, inv, typeComponent, "db-logs"), millionstacktest.Named(t, inv, "millionstack:function:Function", "db-logs"), invocation)
}

// The function may create groups and set retentions under the given
// directories only.
func TestTheFunctionIsScopedToTheDirectories(t *testing.T) {
	inv := record(t, twoInstances())
	statements := millionstacktest.Statements(t, millionstacktest.Named(t, inv, typeRolePolicy, "db-logs"), "policy")
	var scoped map[string]interface{}
	for _, s := range statements {
		if s["Action"] != nil && len(s["Action"].([]interface{})) == 2 && s["Action"].([]interface{})[0] == "logs:CreateLogGroup" {
			scoped = s
		}
	}
	require.NotNil(t, scoped, "%v", statements)
	assert.Equal(t, []interface{}{"logs:CreateLogGroup", "logs:PutRetentionPolicy"}, scoped["Action"])
	assert.Equal(t, []interface{}{
		"arn:aws:logs:us-east-1:123456789012:log-group:/aws/rds/instance/db-1a2b/*",
		"arn:aws:logs:us-east-1:123456789012:log-group:/aws/rds/instance/db-replica-1-3c4d/*",
	}, scoped["Resource"])
}

func TestRetentionIsConfigurable(t *testing.T) {
	args := twoInstances()
	args.RetentionDays = 30
	inv := record(t, args)
	assert.Contains(t, millionstacktest.Named(t, inv, typeInvocation, "db-logs").String("input"), `"retentionInDays":30`)
}

// A key of your own: the invocation hands it to the function, which may
// then associate it with groups that exist; without one, neither.
func TestAKeyOfYourOwnEncryptsTheGroups(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	args := twoInstances()
	args.ExistingKMSKeyARN = pulumi.String(key)
	inv := record(t, args)
	var input struct {
		KMSKeyID string `json:"kmsKeyId"`
	}
	require.NoError(t, json.Unmarshal([]byte(millionstacktest.Named(t, inv, typeInvocation, "db-logs").String("input")), &input))
	assert.Equal(t, key, input.KMSKeyID)
	assert.Contains(t, millionstacktest.Named(t, inv, typeRolePolicy, "db-logs").String("policy"), `"logs:AssociateKmsKey"`)

	inv = record(t, twoInstances())
	assert.NotContains(t, millionstacktest.Named(t, inv, typeInvocation, "db-logs").String("input"), "kmsKeyId")
	assert.NotContains(t, millionstacktest.Named(t, inv, typeRolePolicy, "db-logs").String("policy"), "AssociateKmsKey")
}

func TestInvalidArgsRegisterNothing(t *testing.T) {
	for name, c := range map[string]struct {
		args logretention.RetentionArgs
		want string
	}{
		"no directory": {logretention.RetentionArgs{}, "Directories: is empty"},
		"no path":      {logretention.RetentionArgs{Directories: []logretention.Directory{{Names: []string{"a"}}}}, "Directories[0].Path: is required"},
		"no names":     {logretention.RetentionArgs{Directories: []logretention.Directory{{Path: pulumi.String("/x/")}}}, "Directories[0].Names: is empty"},
		"bad name":     {logretention.RetentionArgs{Directories: []logretention.Directory{{Path: pulumi.String("/x/"), Names: []string{"a b"}}}}, `"a b" is not a log group name`},
		"retention": {logretention.RetentionArgs{RetentionDays: 10, Directories: []logretention.Directory{{Path: pulumi.String("/x/"), Names: []string{"a"}}}},
			"RetentionDays: 10 days is not a CloudWatch Logs retention"},
		"key in another region": {logretention.RetentionArgs{ExistingKMSKeyARN: pulumi.String("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"), Directories: []logretention.Directory{{Path: pulumi.String("/x/"), Names: []string{"a"}}}},
			`logretention "db-logs": ExistingKMSKeyARN: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" is in eu-west-1`},
		"alias": {logretention.RetentionArgs{ExistingKMSKeyARN: pulumi.String("arn:aws:kms:us-east-1:123456789012:alias/logs"), Directories: []logretention.Directory{{Path: pulumi.String("/x/"), Names: []string{"a"}}}},
			`ExistingKMSKeyARN: "arn:aws:kms:us-east-1:123456789012:alias/logs"`},
	} {
		t.Run(name, func(t *testing.T) {
			inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
				_, err := logretention.NewRetention(ctx, "db-logs", c.args)
				return err
			}, millionstacktest.Options{})
			millionstacktest.Rejected(t, inv, err, c.want)
		})
	}
}

// The handler's own tests (components/function/testdata/test_log_retention.py),
// when python3 is installed: function_test.go runs test_handlers only.
func TestTheHandlerRuns(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not on PATH")
	}
	testdata := filepath.Join("..", "function", "testdata")
	// go test caches a passing result until a file the test opened changes;
	// python3 opens these, so the test opens them too.
	for _, file := range []string{filepath.Join("..", "function", "handlers", "log_retention.py"), filepath.Join("..", "function", "handlers", "_common.py"), filepath.Join(testdata, "test_log_retention.py")} {
		_, err := os.ReadFile(file)
		require.NoError(t, err)
	}
	unit := exec.Command(python, "-m", "unittest", "-v", "test_log_retention")
	unit.Dir = testdata
	unit.Env = append(os.Environ(), "PYTHONPATH="+filepath.Join("..", "handlers"), "PYTHONPYCACHEPREFIX="+t.TempDir(), "PYTHONDONTWRITEBYTECODE=1")
	output, err := unit.CombinedOutput()
	require.NoError(t, err, "%s", output)
	assert.Contains(t, string(output), "OK")
}
