package function_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/function"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeComponent = "millionstack:function:Function"
	typeLambda    = "aws:lambda/function:Function"
	typeURL       = "aws:lambda/functionUrl:FunctionUrl"
	typeLogGroup  = "aws:cloudwatch/logGroup:LogGroup"
	typeRole      = "aws:iam/role:Role"
	typePolicy    = "aws:iam/rolePolicy:RolePolicy"
)

// outputs are the Function's exported outputs, read once the program ran.
type outputs struct{ name, arn, roleName, logGroupName, url, urlDomain string }

// record runs NewFunction("api", args) in stack "prelaunch" and returns what it registered.
func record(t *testing.T, args function.FunctionArgs) (*millionstacktest.Inventory, *outputs, error) {
	t.Helper()
	out := &outputs{}
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		fn, err := function.NewFunction(ctx, "api", args)
		if err != nil {
			return err
		}
		pulumi.All(fn.Name, fn.ARN, fn.RoleName, fn.LogGroupName, fn.URL, fn.URLDomain).ApplyT(func(v []interface{}) error {
			out.name, out.arn, out.roleName, out.logGroupName = v[0].(string), v[1].(string), v[2].(string), v[3].(string)
			out.url, out.urlDomain = v[4].(string), v[5].(string)
			return nil
		})
		return nil
	}, millionstacktest.Options{Stack: "prelaunch"})
	return inv, out, err
}

func TestDefaultsAreSecure(t *testing.T) {
	inv, out, err := record(t, function.FunctionArgs{Handler: "api"})
	require.NoError(t, err)
	component := millionstacktest.Named(t, inv, typeComponent, "api")
	logs := millionstacktest.Named(t, inv, typeLogGroup, "api")
	role := millionstacktest.Named(t, inv, typeRole, "api")
	policy := millionstacktest.Named(t, inv, typePolicy, "api")
	fn := millionstacktest.Named(t, inv, typeLambda, "api")
	millionstacktest.ParentedTo(t, component, logs, role, policy, fn)

	assert.Equal(t, "millionstack-prelaunch-api", fn.String("name"))
	assert.Equal(t, "Active", fn.String("tracingConfig.mode"))
	assert.Equal(t, "api.handler", fn.String("handler"))
	assert.Equal(t, "python3.12", fn.String("runtime"))
	assert.Equal(t, 30.0, fn.Inputs["timeout"].NumberValue())
	assert.Equal(t, 256.0, fn.Inputs["memorySize"].NumberValue())
	assert.Equal(t, role.Outputs["arn"].StringValue(), fn.String("role"))
	_, reserved := fn.Input("reservedConcurrentExecutions")
	assert.False(t, reserved, "an unreserved function must not set reservedConcurrentExecutions")
	_, environment := fn.Input("environment")
	assert.False(t, environment, "Lambda refuses an empty environment")
	assert.Subset(t, fn.Dependencies, []string{logs.URN, policy.URN}, "the function must wait for its log group and permissions")

	assert.Regexp(t, `^/aws/lambda/millionstack-prelaunch-api-[a-z0-9]{12}$`, logs.String("name"))
	assert.Equal(t, []string{"name"}, logs.IgnoreChanges, "the name chosen at creation stays")
	assert.Equal(t, logs.Outputs["name"].StringValue(), fn.String("loggingConfig.logGroup"), "the function logs to the component's group")
	assert.Equal(t, "Text", fn.String("loggingConfig.logFormat"))
	assert.Equal(t, 30.0, logs.Inputs["retentionInDays"].NumberValue())
	assert.Equal(t, "api", logs.String("tags.Name"))

	trust := millionstacktest.Statements(t, role, "assumeRolePolicy")
	require.Len(t, trust, 1)
	assert.Equal(t, map[string]interface{}{"Service": "lambda.amazonaws.com"}, trust[0]["Principal"])
	assert.Equal(t, "sts:AssumeRole", trust[0]["Action"])
	assert.Equal(t, map[string]interface{}{"StringEquals": map[string]interface{}{"aws:SourceAccount": millionstacktest.AccountID}}, trust[0]["Condition"])

	assert.Equal(t, role.Outputs["name"].StringValue(), policy.String("role"))
	perms := millionstacktest.Statements(t, policy, "policy")
	require.Len(t, perms, 2)
	assert.Equal(t, []interface{}{"logs:CreateLogStream", "logs:PutLogEvents"}, perms[0]["Action"])
	assert.Equal(t, []interface{}{logs.Outputs["arn"].StringValue() + ":*"}, perms[0]["Resource"], "logs only to the function's own group")
	assert.Equal(t, []interface{}{"xray:PutTraceSegments", "xray:PutTelemetryRecords"}, perms[1]["Action"])

	assert.Empty(t, inv.ByType(typeURL), "no function URL unless asked for")
	assert.Equal(t, outputs{
		name: "millionstack-prelaunch-api", arn: fn.Outputs["arn"].StringValue(), roleName: role.Outputs["name"].StringValue(),
		logGroupName: logs.Outputs["name"].StringValue(),
	}, *out)
}

func TestOverrides(t *testing.T) {
	inv, out, err := record(t, function.FunctionArgs{
		Handler:             "welcome_email",
		Runtime:             "python3.13",
		TimeoutSeconds:      60,
		MemoryMB:            512,
		ReservedConcurrency: 5,
		Environment:         map[string]pulumi.StringInput{"SENDER": pulumi.String("hello@example.com")},
		PolicyStatements: []function.PolicyStatement{{
			Actions:   []string{"ses:SendEmail"},
			Resources: []pulumi.StringInput{pulumi.String("arn:aws:ses:us-east-1:123456789012:identity/example.com")},
		}},
		URL:              true,
		LogRetentionDays: 7,
		Tags:             map[string]string{"team": "growth"},
	})
	require.NoError(t, err)
	fn := millionstacktest.Named(t, inv, typeLambda, "api")
	assert.Equal(t, "welcome_email.handler", fn.String("handler"))
	assert.Equal(t, "python3.13", fn.String("runtime"))
	assert.Equal(t, 60.0, fn.Inputs["timeout"].NumberValue())
	assert.Equal(t, 512.0, fn.Inputs["memorySize"].NumberValue())
	assert.Equal(t, 5.0, fn.Inputs["reservedConcurrentExecutions"].NumberValue())
	assert.Equal(t, "hello@example.com", fn.String("environment.variables.SENDER"))
	assert.Equal(t, "growth", fn.String("tags.team"))
	assert.Equal(t, "api", fn.String("tags.Name"))
	assert.Equal(t, 7.0, millionstacktest.Named(t, inv, typeLogGroup, "api").Inputs["retentionInDays"].NumberValue())

	perms := millionstacktest.Statements(t, millionstacktest.Named(t, inv, typePolicy, "api"), "policy")
	require.Len(t, perms, 3)
	assert.Equal(t, []interface{}{"ses:SendEmail"}, perms[2]["Action"])
	assert.Equal(t, []interface{}{"arn:aws:ses:us-east-1:123456789012:identity/example.com"}, perms[2]["Resource"])

	url := millionstacktest.Named(t, inv, typeURL, "api")
	assert.Equal(t, "AWS_IAM", url.String("authorizationType"))
	assert.Equal(t, fn.Outputs["name"].StringValue(), url.String("functionName"))
	assert.Equal(t, url.Outputs["functionUrl"].StringValue(), out.url)
	assert.Equal(t, "api.lambda-url.us-east-1.on.aws", out.urlDomain)
}

// A package of the caller's own runs in a VPC: its archive and handler
// setting reach Lambda as given, the function is placed in the subnets
// behind the security groups, and the role may manage the network
// interfaces Lambda creates there (and its logs stay scoped to its group).
func TestOwnCodeInAVPC(t *testing.T) {
	archive := pulumi.NewAssetArchive(map[string]interface{}{"bootstrap.py": pulumi.NewStringAsset("def handler(event, context):\n    return {}\n")})
	inv, _, err := record(t, function.FunctionArgs{
		Code: &function.Code{Archive: archive, Handler: "bootstrap.handler"},
		Vpc: &function.Vpc{
			SubnetIDs:        pulumi.StringArray{pulumi.String("subnet-0000000a"), pulumi.String("subnet-0000000b")},
			SecurityGroupIDs: pulumi.StringArray{pulumi.String("sg-0000f00f")},
		},
	})
	require.NoError(t, err)
	fn := millionstacktest.Named(t, inv, typeLambda, "api")
	assert.Equal(t, "bootstrap.handler", fn.String("handler"))
	code := fn.Inputs["code"]
	require.True(t, code.IsArchive())
	assert.Equal(t, []string{"bootstrap.py"}, keys(code.ArchiveValue().Assets), "the caller's package, nothing bundled added")
	assert.Equal(t, []interface{}{"subnet-0000000a", "subnet-0000000b"}, millionstacktest.Input(t, fn, "vpcConfig.subnetIds"))
	assert.Equal(t, []interface{}{"sg-0000f00f"}, millionstacktest.Input(t, fn, "vpcConfig.securityGroupIds"))

	perms := millionstacktest.Statements(t, millionstacktest.Named(t, inv, typePolicy, "api"), "policy")
	require.Len(t, perms, 3)
	assert.ElementsMatch(t, []interface{}{
		"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
		"ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
	}, perms[2]["Action"], "the EC2 actions of AWSLambdaVPCAccessExecutionRole")
	for _, s := range perms {
		for _, action := range s["Action"].([]interface{}) {
			assert.NotEqual(t, "logs:CreateLogGroup", action, "logs stay limited to the function's own group")
		}
	}

	outside, _, err := record(t, function.FunctionArgs{Handler: "api"})
	require.NoError(t, err)
	_, inVPC := millionstacktest.Named(t, outside, typeLambda, "api").Input("vpcConfig")
	assert.False(t, inVPC, "no VPC unless asked for")
}

func keys(m map[string]interface{}) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestLongNamesFitLambda(t *testing.T) {
	long := strings.Repeat("prod.", 12) // stack names may be long and hold dots
	var names []string
	for i := 0; i < 2; i++ {
		inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
			_, err := function.NewFunction(ctx, "thumbnail-worker", function.FunctionArgs{Handler: "thumbnail"})
			return err
		}, millionstacktest.Options{Stack: long})
		name := millionstacktest.Named(t, inv, typeLambda, "thumbnail-worker").String("name")
		assert.Regexp(t, `^/aws/lambda/`+name+`-[a-z0-9]{12}$`, millionstacktest.Named(t, inv, typeLogGroup, "thumbnail-worker").String("name"))
		names = append(names, name)
	}
	assert.Len(t, names[0], 64)
	assert.Regexp(t, `^millionstack-prod-prod-[A-Za-z0-9_-]+-[0-9a-f]{8}$`, names[0])
	assert.Equal(t, names[0], names[1], "the function name must be the same on every run")
}

func TestHandlersAreBundled(t *testing.T) {
	for _, handler := range []function.Handler{function.HandlerAPI, function.HandlerWelcomeEmail, function.HandlerThumbnail} {
		t.Run(string(handler), func(t *testing.T) {
			inv, _, err := record(t, function.FunctionArgs{Handler: handler})
			require.NoError(t, err)
			code := millionstacktest.Named(t, inv, typeLambda, "api").Inputs["code"]
			require.True(t, code.IsArchive(), "code must be an archive")
			assets := code.ArchiveValue().Assets
			require.Contains(t, assets, string(handler)+".py")
			require.Contains(t, assets, "_common.py", "handlers import the shared module")
			assert.Contains(t, assets[string(handler)+".py"].(*resource.Asset).Text, "\ndef handler(")
		})
	}
}

// TestHandlersRun compiles every handler and runs their Python unit tests
// (testdata/test_handlers.py), when python3 is installed.
func TestHandlersRun(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not on PATH")
	}
	sources, err := filepath.Glob("handlers/*.py")
	require.NoError(t, err)
	require.NotEmpty(t, sources)
	env := append(os.Environ(), "PYTHONPYCACHEPREFIX="+t.TempDir(), "PYTHONDONTWRITEBYTECODE=1")

	compile := exec.Command(python, append([]string{"-m", "py_compile"}, sources...)...)
	compile.Env = env
	output, err := compile.CombinedOutput()
	require.NoError(t, err, "%s", output)

	unit := exec.Command(python, "-m", "unittest", "-v", "test_handlers")
	unit.Dir = "testdata"
	unit.Env = append(env, "PYTHONPATH="+filepath.Join("..", "handlers"))
	output, err = unit.CombinedOutput()
	require.NoError(t, err, "%s", output)
}

func TestValidation(t *testing.T) {
	valid := function.FunctionArgs{Handler: "api"}
	cases := map[string]struct {
		change func(*function.FunctionArgs)
		want   string
	}{
		"unknown handler":  {func(a *function.FunctionArgs) { a.Handler = "resize" }, `Handler: "resize" is not supported; allowed: api, log_retention, thumbnail, welcome_email`},
		"missing handler":  {func(a *function.FunctionArgs) { a.Handler = "" }, `Handler: "" is not supported`},
		"runtime":          {func(a *function.FunctionArgs) { a.Runtime = "nodejs20.x" }, `Runtime: "nodejs20.x" cannot run the bundled Python handlers; allowed: python3.11, python3.12, python3.13`},
		"timeout 901":      {func(a *function.FunctionArgs) { a.TimeoutSeconds = 901 }, "TimeoutSeconds: 901 is out of range; allowed: 1 to 900"},
		"negative timeout": {func(a *function.FunctionArgs) { a.TimeoutSeconds = -1 }, "TimeoutSeconds: -1 is out of range"},
		"memory":           {func(a *function.FunctionArgs) { a.MemoryMB = 64 }, "MemoryMB: 64 is out of range; allowed: 128 to 10240"},
		"reserved 1001":    {func(a *function.FunctionArgs) { a.ReservedConcurrency = 1001 }, "ReservedConcurrency: 1001 is out of range; allowed: 0 (unreserved) or 1 to 1000"},
		"retention days":   {func(a *function.FunctionArgs) { a.LogRetentionDays = 10 }, "LogRetentionDays: 10 days is not a CloudWatch Logs retention"},
		"environment key":  {func(a *function.FunctionArgs) { a.Environment = map[string]pulumi.StringInput{"1X": pulumi.String("")} }, `Environment[1X]: "1X" is not a variable name`},
		"reserved environment": {func(a *function.FunctionArgs) {
			a.Environment = map[string]pulumi.StringInput{"AWS_REGION": pulumi.String("")}
		}, `Environment[AWS_REGION]: "AWS_REGION" is reserved`},
		"nil environment value": {func(a *function.FunctionArgs) { a.Environment = map[string]pulumi.StringInput{"SENDER": nil} }, "Environment[SENDER]: has no value"},
		"whole-service action": {func(a *function.FunctionArgs) {
			a.PolicyStatements = []function.PolicyStatement{{Actions: []string{"sqs:*"}, Resources: []pulumi.StringInput{pulumi.String("arn")}}}
		}, `PolicyStatements[0].Actions: "sqs:*" is not allowed`},
		"statement without actions": {func(a *function.FunctionArgs) {
			a.PolicyStatements = []function.PolicyStatement{{Resources: []pulumi.StringInput{pulumi.String("arn")}}}
		}, "PolicyStatements[0].Actions: is required"},
		"statement without resources": {func(a *function.FunctionArgs) {
			a.PolicyStatements = []function.PolicyStatement{{Actions: []string{"sns:Publish"}}}
		}, "PolicyStatements[0].Resources: is required"},
		"nil resource": {func(a *function.FunctionArgs) {
			a.PolicyStatements = []function.PolicyStatement{{Actions: []string{"sns:Publish"}, Resources: []pulumi.StringInput{nil}}}
		}, "PolicyStatements[0].Resources[0]: is nil"},
		"aws tag": {func(a *function.FunctionArgs) { a.Tags = map[string]string{"aws:owner": "x"} }, `Tags: key "aws:owner" uses the reserved prefix "aws:"`},
		"handler and code": {func(a *function.FunctionArgs) {
			a.Code = &function.Code{Archive: pulumi.NewAssetArchive(nil), Handler: "bootstrap.handler"}
		}, `Handler: "api" is set together with Code`},
		"code without archive": {func(a *function.FunctionArgs) {
			a.Handler, a.Code = "", &function.Code{Handler: "bootstrap.handler"}
		}, "Code.Archive: is required"},
		"code handler setting": {func(a *function.FunctionArgs) {
			a.Handler, a.Code = "", &function.Code{Archive: pulumi.NewAssetArchive(nil), Handler: "bootstrap"}
		}, `Code.Handler: "bootstrap" is not a python3.12 handler setting; allowed: <module>.<function>`},
		"one subnet": {func(a *function.FunctionArgs) {
			a.Vpc = &function.Vpc{SubnetIDs: pulumi.StringArray{pulumi.String("subnet-0000000a")}, SecurityGroupIDs: pulumi.StringArray{pulumi.String("sg")}}
		}, "Vpc.SubnetIDs: has 1 subnet(s); allowed: two or more, in different Availability Zones (Security Hub Lambda.5)"},
		"no security group": {func(a *function.FunctionArgs) {
			a.Vpc = &function.Vpc{SubnetIDs: pulumi.StringArray{pulumi.String("a"), pulumi.String("b")}, SecurityGroupIDs: pulumi.StringArray{}}
		}, "Vpc.SecurityGroupIDs: has 0 security group(s); allowed: 1 to 5"},
		"vpc without subnets": {func(a *function.FunctionArgs) {
			a.Vpc = &function.Vpc{SecurityGroupIDs: pulumi.StringArray{pulumi.String("sg")}}
		}, "Vpc.SubnetIDs: is required"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			args := valid
			c.change(&args)
			inv, _, err := record(t, args)
			millionstacktest.Rejected(t, inv, err, `function "api": `+c.want)
		})
	}
}

// Logs that are records (the prelaunch sign-ups) can outlive the function.
func TestLogsCanOutliveTheFunction(t *testing.T) {
	inv, _, err := record(t, function.FunctionArgs{Handler: "api", KeepLogsOnDelete: true})
	require.NoError(t, err)
	assert.True(t, millionstacktest.Named(t, inv, typeLogGroup, "api").RetainOnDelete)
	inv, _, err = record(t, function.FunctionArgs{Handler: "api"})
	require.NoError(t, err)
	assert.False(t, millionstacktest.Named(t, inv, typeLogGroup, "api").RetainOnDelete, "by default the logs go with the function")
}

// keptLogGroup records the "api" function with KeepLogsOnDelete, in the
// deployment seed stands for, and returns its log group.
func keptLogGroup(t *testing.T, seed string) millionstacktest.Resource {
	t.Helper()
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		_, err := function.NewFunction(ctx, "api", function.FunctionArgs{Handler: "api", KeepLogsOnDelete: true})
		return err
	}, millionstacktest.Options{Stack: "prelaunch", RandomSeed: seed})
	return millionstacktest.Named(t, inv, typeLogGroup, "api")
}

// The group kept after the API is removed never blocks the API created
// again on the same stack: CloudWatch Logs refuses a second group of a name,
// and Lambda's default /aws/lambda/<function name> is the same for every
// lifetime of the function. Each lifetime's group has a suffix of its own
// (another seed stands for the deployment that creates the API again), and
// a later run of the same lifetime, though AWS answers another suffix, sends
// the name the group was created with.
func TestARetainedLogGroupNeverBlocksTheNextOne(t *testing.T) {
	first := keptLogGroup(t, "")
	recreated := keptLogGroup(t, "created again")
	require.True(t, first.RetainOnDelete)
	assert.NotEqual(t, first.String("name"), recreated.String("name"))

	later := keptLogGroup(t, "a later run")
	assert.NotEqual(t, first.String("name"), later.String("name"), "the program asks for a new suffix on every run ...")
	sent := millionstacktest.AfterIgnoreChanges(t, first.Inputs, later)
	assert.True(t, first.Inputs.DeepEquals(sent), "... and the engine sends the name chosen at creation: no change")
}

// A prelaunch stack deployed before the suffix has the group
// /aws/lambda/<function name>, holding the sign-ups. Its next deployment
// sends that name again (IgnoreChanges): the group is not renamed, which
// would replace it, and the function is pointed at it (loggingConfig), where
// Lambda wrote all along. The prelaunch -> 1 upgrade then retains it as
// before.
func TestAnExistingLogGroupKeepsItsName(t *testing.T) {
	current := keptLogGroup(t, "")
	created := current.Inputs.Copy()
	created["name"] = resource.NewStringProperty("/aws/lambda/millionstack-prelaunch-api")
	sent := millionstacktest.AfterIgnoreChanges(t, created, current)
	assert.Equal(t, "/aws/lambda/millionstack-prelaunch-api", sent["name"].StringValue())
	assert.True(t, created.DeepEquals(sent), "the log group is unchanged")
}
