package function_test

import (
	"encoding/json"
	"testing"

	"github.com/millionstack/millionstack/components/function"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	ownRole = "arn:aws:iam::123456789012:role/service-role/orders-worker"
	ownKey  = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// Your own code in any runtime Lambda supports, on the architecture it was
// built for, running as your own role, logging into a group your key
// encrypts: the component creates no role, and RoleName is your role's.
func TestYourOwnCodeRoleAndLogKey(t *testing.T) {
	args := function.FunctionArgs{
		Code:                 &function.Code{Archive: pulumi.NewAssetArchive(map[string]interface{}{"index.mjs": pulumi.NewStringAsset("export const handler = async () => {};")}), Handler: "index.handler"},
		Runtime:              "nodejs22.x",
		Architecture:         "x86_64",
		ExistingRoleARN:      pulumi.String(ownRole),
		ExistingLogKMSKeyARN: pulumi.String(ownKey),
	}
	inv, out, err := record(t, args)
	require.NoError(t, err)
	fn := millionstacktest.Named(t, inv, typeLambda, "api")
	assert.Equal(t, "nodejs22.x", fn.String("runtime"))
	assert.Equal(t, "index.handler", fn.String("handler"))
	assert.Equal(t, []interface{}{"x86_64"}, millionstacktest.Value(fn, "architectures"))
	assert.Equal(t, ownRole, fn.String("role"))
	assert.Empty(t, inv.ByType(typeRole))
	assert.Empty(t, inv.ByType(typePolicy))
	assert.Equal(t, ownKey, millionstacktest.Named(t, inv, typeLogGroup, "api").String("kmsKeyId"))
	assert.Equal(t, "orders-worker", out.roleName)
}

// Each runtime family takes handlers of its own form; the bundled handlers
// take Python runtimes only; a deprecated runtime is refused.
func TestRuntimesAndHandlers(t *testing.T) {
	archive := pulumi.NewAssetArchive(nil)
	for _, c := range []struct {
		runtime, handler, want string
	}{
		{"python3.13", "worker.handler", ""},
		{"python3.12", "jobs/worker.handler", ""},
		{"nodejs22.x", "src/index.handler", ""},
		{"java21", "example.Handler::handleRequest", ""},
		{"dotnet8", "Worker::Worker.Function::Handler", `Runtime: "dotnet8" is not a runtime Lambda supports`}, // deprecated 2026-11-10
		{"ruby3.3", "function.handler", ""},
		{"provided.al2023", "bootstrap", ""},
		{"nodejs22.x", "index", `Code.Handler: "index" is not a nodejs22.x handler setting; allowed: <file>.<export>`},
		{"java17", "example.Handler::", `Code.Handler: "example.Handler::" is not a java17 handler setting`},
		{"provided.al2023", "", `Code.Handler: "" is not a provided.al2023 handler setting`},
		{"provided.al2", "bootstrap", `Runtime: "provided.al2" is not a runtime Lambda supports`}, // deprecated 2026-07-31
		{"nodejs18.x", "index.handler", `Runtime: "nodejs18.x" is not a runtime Lambda supports; allowed: java8.al2, java11`},
		{"nodejs20.x", "index.handler", `Runtime: "nodejs20.x" is not a runtime Lambda supports`}, // deprecated 2026-04-30
		{"go1.x", "main", `Runtime: "go1.x" is not a runtime Lambda supports`},
	} {
		err := function.FunctionArgs{Runtime: c.runtime, Code: &function.Code{Archive: archive, Handler: c.handler}}.Validate("fn")
		if c.want == "" {
			assert.NoError(t, err, c.runtime)
		} else {
			assert.ErrorContains(t, err, `function "fn": `+c.want, c.runtime)
		}
	}
}

// A role of your own comes without PolicyStatements; a bad role, key,
// architecture are refused before anything is registered.
func TestYourOwnRoleRefusals(t *testing.T) {
	args := function.FunctionArgs{
		Handler:              "api",
		ExistingRoleARN:      pulumi.String("arn:aws:iam::123456789012:policy/app"),
		ExistingLogKMSKeyARN: pulumi.String("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
		Architecture:         "amd64",
		PolicyStatements:     []function.PolicyStatement{{Actions: []string{"sns:Publish"}, Resources: []pulumi.StringInput{pulumi.String("arn:aws:sns:us-east-1:123456789012:t")}}},
	}
	inv, _, err := record(t, args)
	millionstacktest.Rejected(t, inv, err,
		`function "api": ExistingRoleARN: "arn:aws:iam::123456789012:policy/app" is not the ARN of an IAM role`,
		`function "api": ExistingRoleARN and PolicyStatements: a role of your own is yours to grant; allowed: one of them`,
		`function "api": ExistingLogKMSKeyARN: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" is in eu-west-1; allowed: a KMS key (its key ARN, not an alias) in us-east-1`,
		`function "api": Architecture: "amd64" is not supported; allowed: arm64, x86_64`,
	)
}

// InvokePolicy lets its holder invoke this function (and its versions and
// aliases) only; the children are exported; AlarmTarget is the name.
func TestInvokePolicyAndChildren(t *testing.T) {
	var fn *function.Function
	millionstacktest.MustRecord(t, func(ctx *pulumi.Context) (err error) {
		fn, err = function.NewFunction(ctx, "api", function.FunctionArgs{Handler: "api", URL: true})
		return err
	}, millionstacktest.Options{Stack: "prelaunch"})
	got := make(chan [2]string, 1)
	pulumi.All(fn.InvokePolicy(), fn.ARN).ApplyT(func(v []interface{}) error {
		got <- [2]string{v[0].(string), v[1].(string)}
		return nil
	})
	v := <-got
	var doc struct {
		Statement []struct {
			Action   []string
			Resource []string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(v[0]), &doc))
	require.Len(t, doc.Statement, 1)
	assert.Equal(t, []string{"lambda:InvokeFunction"}, doc.Statement[0].Action)
	assert.Equal(t, []string{v[1], v[1] + ":*"}, doc.Statement[0].Resource)
	for _, child := range []interface{}{fn.Function, fn.Role, fn.RolePolicy, fn.LogGroup, fn.FunctionURL} {
		assert.NotNil(t, child)
	}
	assert.Equal(t, fn.Name, fn.AlarmTarget())
}
