package database

import (
	"embed"
	"encoding/json"
	"errors"
	"github.com/millionstack/millionstack/internal/naming"
	"github.com/millionstack/millionstack/internal/validate"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/millionstack/millionstack/components/function"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// bootstrapSources are the modules of the bootstrap function, which creates
// the application's database user, authenticated with IAM, at deploy time:
// bootstrap/bootstrap.py says what it does, bootstrap/pgwire.py is its
// PostgreSQL client. They need only the Python standard library and boto3,
// which the Lambda Python runtimes ship, and are embedded in the Go binary,
// so deploying needs no build step. The tests beside them are not shipped.
//
//go:embed bootstrap/bootstrap.py bootstrap/pgwire.py
var bootstrapSources embed.FS

// bootstrapHandler is the bootstrap function's handler setting: module
// bootstrap, function handler.
const bootstrapHandler = "bootstrap.handler"

// bootstrapFiles are the bootstrap function's modules, by file name, in
// name order.
func bootstrapFiles() map[string]string {
	files, _ := fs.Glob(bootstrapSources, "bootstrap/*.py") // the pattern is valid, so Glob cannot fail
	sources := map[string]string{}
	for _, file := range files {
		source, _ := bootstrapSources.ReadFile(file) // embedded files are always readable
		sources[path.Base(file)] = string(source)
	}
	return sources
}

// bootstrapCode is the bootstrap function's deployment package: its modules
// at the root of the archive, where the handler setting finds them.
func bootstrapCode() pulumi.Archive {
	assets := map[string]interface{}{}
	for name, source := range bootstrapFiles() {
		assets[name] = pulumi.NewStringAsset(source)
	}
	return pulumi.NewAssetArchive(assets)
}

// bootstrapDigest is the SHA-256 of the bootstrap function's modules, names
// and contents, in name order: it changes exactly when the code does.
func bootstrapDigest() string {
	files := bootstrapFiles()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var all strings.Builder
	for _, name := range names {
		all.WriteString(name + "\x00" + files[name] + "\x00")
	}
	return naming.Hash(all.String(), 32)
}

// The bootstrap function's settings. Python 3.13 is the newest Python
// runtime the pinned provider knows (lambda.RuntimePython3d13) and the one
// Lambda supports longest. One run takes a few round trips to Secrets
// Manager and the database, each bounded by the function's own 10-second
// timeouts, so two minutes and the smallest memory are plenty.
const (
	bootstrapKey     = "bootstrap"
	bootstrapRuntime = "python3.13"
	bootstrapTimeout = 120
	bootstrapMemory  = 128
)

// bootstrapEvent is what the invocation hands the bootstrap function (see
// bootstrap/bootstrap.py): where the database is, which secret holds the
// master credentials, and the user and schema to create. No credential is
// in it: the function reads the secret itself.
type bootstrapEvent struct {
	Host      string `json:"host"`
	Port      int    `json:"port"`
	Database  string `json:"database"`
	SecretARN string `json:"secretArn"`
	User      string `json:"user"`
	Schema    string `json:"schema"`
}

// newBootstrap deploys the bootstrap function `<name>-bootstrap` in the
// site's subnets and runs it once with a lambda.Invocation
// `<name>-bootstrap` against the writer's host, and returns the invocation.
//
// The function may read the master secret and nothing else
// (secretsmanager:GetSecretValue on that one ARN). The secret is encrypted
// with Secrets Manager's AWS managed key, whose key policy lets any
// principal of the account decrypt through Secrets Manager, so no kms
// permission is needed. It reaches the database through its own security
// group, which the database (its security group: database) admits, and
// Secrets Manager through the site's route to it.
//
// The invocation runs the function when it is created and again whenever
// it is replaced, which happens when one of its inputs changes (in the
// Terraform provider pulumi-aws wraps, internal/service/lambda/invocation.go:
// function_name, qualifier and triggers are ForceNew, and with the default
// lifecycle_scope CREATE_ONLY a change of input forces a new resource too,
// customizeDiffInputChangeWithCreateOnlyScope; deleting a CREATE_ONLY
// invocation calls nothing). So the bootstrap runs again when the host,
// the database, the secret (at the switch to a stored password), the user
// or the schema change, and, through the trigger "code", when its code
// does; otherwise `pulumi up` leaves it alone. The function's failure
// fails the deployment with its message (the provider reports
// FunctionError with the payload).
func newBootstrap(ctx *pulumi.Context, name string, at site, database pulumi.StringInput, host pulumi.StringOutput, databaseName string, user appUser, secretARN pulumi.StringOutput, parent pulumi.ResourceOption) (*lambda.Invocation, error) {
	place, err := newFunctionNetwork(ctx, name, bootstrapKey, at, database, parent)
	if err != nil {
		return nil, err
	}
	fn, err := function.NewFunction(ctx, name+"-"+bootstrapKey, function.FunctionArgs{
		Code:           &function.Code{Archive: bootstrapCode(), Handler: bootstrapHandler},
		Runtime:        bootstrapRuntime,
		TimeoutSeconds: bootstrapTimeout,
		MemoryMB:       bootstrapMemory,
		Vpc: &function.Vpc{
			SubnetIDs:        at.subnetIDs,
			SecurityGroupIDs: pulumi.StringArray{place.securityGroup.ID()},
		},
		PolicyStatements: []function.PolicyStatement{{
			Actions:   []string{"secretsmanager:GetSecretValue"},
			Resources: []pulumi.StringInput{secretARN},
		}},
		Tags: at.tags,
	}, parent)
	if err != nil {
		return nil, err
	}
	input := pulumi.All(host, secretARN).ApplyT(func(v []interface{}) (string, error) {
		event, err := json.Marshal(bootstrapEvent{
			Host: v[0].(string), Port: at.port, Database: databaseName, SecretARN: v[1].(string),
			User: user.name, Schema: user.schema,
		})
		return string(event), err
	}).(pulumi.StringOutput)
	// The invocation names the function (FunctionName), so it waits for it,
	// and the function waits for its role's policy. Waiting on the function
	// component itself would add nothing but nondeterminism: the engine
	// expands a component into the children it knows at that moment.
	waitFor := append([]pulumi.Resource{place.admitted}, at.secretsManagerRoute...)
	return lambda.NewInvocation(ctx, name+"-"+bootstrapKey, &lambda.InvocationArgs{
		FunctionName: fn.Name,
		Input:        input,
		Triggers:     pulumi.StringMap{"code": pulumi.String(bootstrapDigest())},
	}, parent, pulumi.DependsOn(waitFor))
}

// bootstrappedUser is the application user's name from the bootstrap's
// result ({"database", "user", "schema", "changes"}): it is known only once
// the function has made the user, so what is wired to it (the app's
// configuration) waits for the user to exist.
func bootstrappedUser(name string, invocation *lambda.Invocation) pulumi.StringOutput {
	return invocation.Result.ApplyT(func(result string) (string, error) {
		var answer struct {
			User string `json:"user"`
		}
		if err := json.Unmarshal([]byte(result), &answer); err != nil || answer.User == "" {
			return "", errors.New(validate.Scope("database", name) + ": the bootstrap function answered no user: " + result)
		}
		return answer.User, nil
	}).(pulumi.StringOutput)
}
