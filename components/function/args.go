package function

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/millionstack/millionstack/internal/lambdaruntime"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// FunctionArgs configure a Function. A zero value means the default written
// on the field; WithDefaults applies them all in one place.
type FunctionArgs struct {
	// Handler names the bundled Python handler to deploy: the file name,
	// without ".py", of a module in components/function/handlers ("api",
	// "welcome_email", "thumbnail"). Exactly one of Handler and Code is set.
	Handler Handler
	// Code is a deployment package of your own instead of a bundled
	// handler: your code, in any runtime Lambda supports (the database
	// component's bootstrap function is one). Exactly one of Handler and
	// Code is set. A change of the archive's content updates the function
	// in place.
	Code *Code
	// Runtime is the Lambda runtime. Default "python3.12". With a bundled
	// Handler, one of the Python runtimes of Runtimes; with Code, any of
	// LambdaRuntimes. Changing it updates the function in place.
	Runtime string
	// Architecture is the instruction set the function runs on: "arm64"
	// (default: Graviton, about 20% cheaper for the same code) or
	// "x86_64", for a package of your own built for it (native modules,
	// a compiled bootstrap for provided.al2023). Changing it updates the
	// function in place.
	Architecture Architecture
	// TimeoutSeconds bounds one invocation. Default 30; 1 to 900.
	TimeoutSeconds int
	// MemoryMB is the memory (and, proportionally, CPU) of one invocation.
	// Default 256; 128 to 10240.
	MemoryMB int
	// ReservedConcurrency caps, and guarantees, concurrent invocations.
	// Default 0, which leaves the function unreserved; otherwise 1 to 1000.
	ReservedConcurrency int
	// Environment holds the function's environment variables (for example
	// SIGNUP_TOPIC_ARN, SENDER, OUTPUT_BUCKET). Default none. Keys are
	// letters, digits and underscores, and not one Lambda reserves.
	Environment map[string]pulumi.StringInput
	// PolicyStatements grant the role more permissions, each scoped to the
	// resources it names. Default none: the role may only write its own logs
	// and traces.
	PolicyStatements []PolicyStatement
	// Vpc runs the function in a VPC: its network interfaces are placed in
	// the given subnets, behind the given security groups, and the role may
	// manage them. Default nil: the function runs outside any VPC.
	Vpc *Vpc
	// URL adds a function URL with IAM authentication (AWS_IAM, never NONE),
	// the origin CloudFront signs its requests to. Default false.
	URL bool
	// LogRetentionDays is how long the function's log group keeps logs.
	// Default 30; one of the retentions CloudWatch Logs accepts.
	LogRetentionDays int
	// KeepLogsOnDelete keeps the log group (with its retention) in AWS when
	// the function is removed from the stack, for a function whose logs are
	// records someone still needs: the prelaunch API logs its sign-ups.
	// Default false.
	KeepLogsOnDelete bool
	// Tags are applied, with Name, to every taggable child. Default none.
	Tags map[string]string

	// ExistingRoleARN is an execution role of your own the function runs
	// as, instead of the role `<name>` the component creates. Default
	// none. Not with PolicyStatements: a role of your own is yours to
	// grant. It must trust lambda.amazonaws.com and allow what the
	// component's role would: logs:CreateLogStream and logs:PutLogEvents on
	// the function's log group (Function.LogGroupName; the AWS managed
	// AWSLambdaBasicExecutionRole allows every group),
	// xray:PutTraceSegments and xray:PutTelemetryRecords (tracing is on),
	// and, with VPC, the network interface actions of the AWS managed
	// AWSLambdaVPCAccessExecutionRole (Lambda developer guide, "Defining
	// Lambda function permissions with an execution role"). Changing it
	// updates the function in place.
	ExistingRoleARN pulumi.StringInput
	// ExistingLogKMSKeyARN is a customer-managed KMS key of your own, by
	// its key ARN, in the function's region, that encrypts its log group.
	// Default none: CloudWatch Logs' own encryption. Its key policy must
	// allow the service principal logs.<region>.amazonaws.com
	// kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey* and
	// kms:Describe* (CloudWatch Logs user guide, "Encrypt log data in
	// CloudWatch Logs using AWS Key Management Service"). Changing it
	// modifies the group in place.
	ExistingLogKMSKeyARN pulumi.StringInput
}

// PolicyStatement allows Actions on Resources. It is how a caller grants the
// function exactly what its handler touches, such as sns:Publish on one topic.
type PolicyStatement struct {
	// Actions are IAM actions ("sqs:ReceiveMessage", "s3:Get*"); wildcards
	// that grant a whole service ("sqs:*", "*") are refused.
	Actions []string
	// Resources are the ARNs the actions apply to. At least one.
	Resources []pulumi.StringInput
}

// Code is a deployment package of your own: its files at the root of
// Archive, the entry point named by Handler.
type Code struct {
	// Archive holds the function's files at its root: a directory
	// (pulumi.NewFileArchive("./worker")), a .zip file, or assets built in
	// the program (pulumi.NewAssetArchive). Required.
	Archive pulumi.Archive
	// Handler is Lambda's handler setting, in the runtime's form (Lambda
	// developer guide, "Define Lambda function handler in <language>"):
	// Python "<module>.<function>" ("worker.handler", or
	// "package.module.handler"), Node.js "<file>.<export>"
	// ("index.handler"), Java "<package>.<Class>::<method>", .NET
	// "<Assembly>::<Namespace>.<Class>::<Method>", Ruby "<file>.<method>";
	// the OS-only runtimes (provided.*) run the archive's bootstrap and
	// take any handler ("bootstrap"). Required.
	Handler string
}

// Vpc places a function's network interfaces in a VPC.
type Vpc struct {
	// SubnetIDs are the subnets the function runs in. Required; two or
	// more, in different Availability Zones, so that the function survives
	// the loss of one (Security Hub Lambda.5).
	SubnetIDs pulumi.StringArrayInput
	// SecurityGroupIDs are the function's security groups, 1 to 5 (Lambda's
	// limit, API reference VpcConfig). Required: they say what the function
	// may reach.
	SecurityGroupIDs pulumi.StringArrayInput
}

// WithDefaults returns a copy of a with every unset field at its documented
// default. It is exported so that components embedding a Function (a
// messaging Flow's worker) can read the effective settings before they
// register anything.
func (a FunctionArgs) WithDefaults() FunctionArgs {
	if a.Runtime == "" {
		a.Runtime = "python3.12"
	}
	if a.Architecture == "" {
		a.Architecture = ARM64
	}
	if a.TimeoutSeconds == 0 {
		a.TimeoutSeconds = 30
	}
	if a.MemoryMB == 0 {
		a.MemoryMB = 256
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = 30
	}
	return a
}

// Runtimes are the Lambda runtimes the bundled Python handlers run on.
var Runtimes = []string{"python3.11", "python3.12", "python3.13"}

// LambdaRuntimes are the runtimes a package of your own (Code) may name:
// those Lambda supports and has not deprecated (lambdaruntime.Supported,
// the list `millionstack check` judges Lambda.2 by) that the pinned
// provider knows (pulumi-aws v6.83.0 lambda.Runtime: a runtime it does not
// know fails its validation at `pulumi up`). Deprecated runtimes
// (dotnet8, python3.10, provided.al2, nodejs20.x, python3.9, ...) are refused:
// Security Hub flags them, and Lambda then blocks creating and updating
// functions on them.
var LambdaRuntimes = supportedByProvider()

// providerRuntimes are the runtimes the pinned provider's lambda.Runtime
// names and does not mark deprecated.
var providerRuntimes = []lambda.Runtime{
	lambda.RuntimeDotnet8,
	lambda.RuntimeJava11, lambda.RuntimeJava17, lambda.RuntimeJava21, lambda.RuntimeJava8AL2,
	lambda.RuntimeNodeJS20dX, lambda.RuntimeNodeJS22dX,
	lambda.RuntimeCustomAL2, lambda.RuntimeCustomAL2023,
	lambda.RuntimePython3d10, lambda.RuntimePython3d11, lambda.RuntimePython3d12, lambda.RuntimePython3d13,
	lambda.RuntimeRuby3d3,
}

func supportedByProvider() []string {
	var out []string
	for _, r := range lambdaruntime.Supported {
		if slices.Contains(providerRuntimes, lambda.Runtime(r)) {
			out = append(out, r)
		}
	}
	return out
}

// Architecture is an instruction set Lambda runs functions on.
type Architecture string

// The instruction sets Lambda runs functions on.
const (
	ARM64  Architecture = "arm64"
	X86_64 Architecture = "x86_64"
)

// Architectures are the instruction sets Lambda runs functions on.
var Architectures = []Architecture{ARM64, X86_64}

// reservedEnvironment are the variables the Lambda runtime sets itself and
// refuses to take from the function's configuration.
var reservedEnvironment = []string{
	"_HANDLER", "_X_AMZN_TRACE_ID", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_DEFAULT_REGION",
	"AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_NAME",
	"AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
	"AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_RUNTIME_API", "AWS_REGION", "AWS_SECRET_ACCESS_KEY",
	"AWS_SESSION_TOKEN", "LAMBDA_RUNTIME_DIR", "LAMBDA_TASK_ROOT",
}

var (
	environmentKey = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	iamAction      = regexp.MustCompile(`^[a-z0-9-]+:[A-Za-z0-9*]+$`)
	// handlerSettings are the handler settings of each runtime family
	// (Lambda developer guide, "Define Lambda function handler in
	// <language>"), with an example for messages. Python: module.function,
	// the module optionally in packages ("file name.handler method name").
	handlerSettings = map[string]struct {
		pattern *regexp.Regexp
		example string
	}{
		"python":   {regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*[./])*[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$`), "<module>.<function>, such as \"worker.handler\""},
		"nodejs":   {regexp.MustCompile(`^[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.[A-Za-z_$][A-Za-z0-9_$]*$`), "<file>.<export>, such as \"index.handler\""},
		"java":     {regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*(::[A-Za-z_$][A-Za-z0-9_$]*)?$`), "<package>.<Class>::<method>, such as \"example.Handler::handleRequest\""},
		"dotnet":   {regexp.MustCompile(`^[A-Za-z0-9_.]+(::[A-Za-z0-9_.]+::[A-Za-z0-9_]+)?$`), "<Assembly>::<Namespace>.<Class>::<Method>, such as \"Worker::Worker.Function::Handler\""},
		"ruby":     {regexp.MustCompile(`^[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.[A-Za-z_][A-Za-z0-9_:.]*$`), "<file>.<method>, such as \"function.handler\""},
		"provided": {regexp.MustCompile(`^\S{1,128}$`), "any word, such as \"bootstrap\""},
	}
)

// runtimeFamily is the language of a runtime ("python3.12" -> "python").
func runtimeFamily(runtime string) string {
	return strings.TrimRight(strings.SplitN(runtime, ".", 2)[0], "0123456789")
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewFunction would, without registering anything: a component that embeds a
// Function, or a stage, checks it before registering anything of its own.
func (a FunctionArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("function", name), a.WithDefaults().validate(name, ""))
}

// validate reports every problem with a (after WithDefaults) at once;
// region is the function's, "" when not known.
func (a FunctionArgs) validate(name, region string) error {
	p := validate.For("function", name)
	p.KeyARN("ExistingLogKMSKeyARN", a.ExistingLogKMSKeyARN, region)
	a.validateCode(p)
	validate.OneOf(p, "Architecture", a.Architecture, Architectures...)
	p.RoleARN("ExistingRoleARN", a.ExistingRoleARN)
	p.Conflict("ExistingRoleARN", "PolicyStatements", a.ExistingRoleARN != nil && len(a.PolicyStatements) > 0, "a role of your own is yours to grant")
	p.IntRange("TimeoutSeconds", a.TimeoutSeconds, 1, 900)
	p.IntRange("MemoryMB", a.MemoryMB, 128, 10240)
	p.Allows("ReservedConcurrency", "0 (unreserved) or 1 to 1000").
		RefuseIf(a.ReservedConcurrency < 0 || a.ReservedConcurrency > 1000, "%d is out of range", a.ReservedConcurrency)
	names := p.Allows("Environment", "keys of a letter, then letters, digits and underscores")
	reserved := p.Allows("Environment", "keys the Lambda runtime does not reserve ("+strings.Join(reservedEnvironment, ", ")+")")
	values := p.Allows("Environment", "a value for every key")
	for _, key := range validate.Keys(a.Environment) {
		field := fmt.Sprintf("Environment[%s]", key)
		switch {
		case !environmentKey.MatchString(key):
			names.RefuseAt(field, "%q is not a variable name", key)
		case slices.Contains(reservedEnvironment, key):
			reserved.RefuseAt(field, "%q is reserved by the Lambda runtime", key)
		case a.Environment[key] == nil:
			values.RefuseAt(field, "has no value")
		}
	}
	actions := p.Allows("PolicyStatements.Actions", `one service's actions, such as "sqs:ReceiveMessage" or "s3:Get*", never a whole service`)
	resources := p.Allows("PolicyStatements.Resources", "the ARNs the actions apply to, none nil")
	for i, s := range a.PolicyStatements {
		field := fmt.Sprintf("PolicyStatements[%d]", i)
		if len(s.Actions) == 0 {
			actions.RefuseAt(field+".Actions", "is required")
		}
		for _, action := range s.Actions {
			if !iamAction.MatchString(action) || strings.HasSuffix(action, ":*") {
				actions.RefuseAt(field+".Actions", "%q is not allowed", action)
			}
		}
		if len(s.Resources) == 0 {
			resources.RefuseAt(field+".Resources", "is required")
		}
		for j, r := range s.Resources {
			if r == nil {
				resources.RefuseAt(fmt.Sprintf("%s.Resources[%d]", field, j), "is nil")
			}
		}
	}
	a.validateVpc(p)
	p.LogRetention("LogRetentionDays", a.LogRetentionDays)
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// validateCode checks that the function has exactly one source of code: a
// bundled handler on a Python runtime, or a package with a runtime Lambda
// supports and a handler setting of that runtime's form.
func (a FunctionArgs) validateCode(p *validate.Problems) {
	if a.Code == nil {
		validate.OneOf(p, "Handler", a.Handler, Handlers...)
		p.Allows("Runtime", fmt.Sprintf("%s for a bundled handler (or Code, a package of your own, for another runtime)", strings.Join(Runtimes, ", "))).
			RefuseIf(!slices.Contains(Runtimes, a.Runtime), "%q cannot run the bundled Python handlers", a.Runtime)
		return
	}
	p.Allows("Runtime", fmt.Sprintf("%s with Code (the runtimes Lambda supports)", strings.Join(LambdaRuntimes, ", "))).
		RefuseIf(!slices.Contains(LambdaRuntimes, a.Runtime), "%q is not a runtime Lambda supports", a.Runtime)
	p.Allows("Handler", "\"\" with Code: a bundled handler or a package of your own, not both").
		RefuseIf(a.Handler != "", "%q is set together with Code", a.Handler)
	p.Required("Code.Archive", a.Code.Archive != nil, "the deployment package, with the handler's module at its root")
	if setting, known := handlerSettings[runtimeFamily(a.Runtime)]; known {
		p.Allows("Code.Handler", fmt.Sprintf("%s (%s)", setting.example, runtimeFamily(a.Runtime))).
			RefuseIf(!setting.pattern.MatchString(a.Code.Handler) || len(a.Code.Handler) > 128, "%q is not a %s handler setting", a.Code.Handler, a.Runtime)
	}
}

// validateVPC checks the VPC placement: subnets and security groups both
// given, and, where the lists are known now, as many as Lambda and Security
// Hub ask for.
func (a FunctionArgs) validateVpc(p *validate.Problems) {
	if a.Vpc == nil {
		return
	}
	p.Required("Vpc.SubnetIDs", a.Vpc.SubnetIDs != nil, "the subnets the function runs in")
	p.SubnetIDs("Vpc.SubnetIDs", a.Vpc.SubnetIDs)
	p.SecurityGroupIDs("Vpc.SecurityGroupIDs", a.Vpc.SecurityGroupIDs)
	subnets, known := a.Vpc.SubnetIDs.(pulumi.StringArray)
	p.Allows("Vpc.SubnetIDs", "two or more, in different Availability Zones (Security Hub Lambda.5)").
		RefuseIf(known && len(subnets) < 2, "has %d subnet(s)", len(subnets))
	p.Required("Vpc.SecurityGroupIDs", a.Vpc.SecurityGroupIDs != nil, "the security groups that say what the function may reach")
	groups, known := a.Vpc.SecurityGroupIDs.(pulumi.StringArray)
	p.Allows("Vpc.SecurityGroupIDs", "1 to 5").
		RefuseIf(known && (len(groups) < 1 || len(groups) > 5), "has %d security group(s)", len(groups))
}
