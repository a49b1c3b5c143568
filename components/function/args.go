package function

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// FunctionArgs configure a Function. A zero value means the default written
// on the field; WithDefaults applies them all in one place.
type FunctionArgs struct {
	// Handler names the bundled Python handler to deploy: the file name,
	// without ".py", of a module in components/function/handlers ("api",
	// "welcome_email", "thumbnail"). Exactly one of Handler and Code is set.
	Handler string
	// Code is a deployment package the caller brings instead of a bundled
	// handler (the database component's bootstrap function). Exactly one of
	// Handler and Code is set.
	Code *Code
	// Runtime is the Lambda runtime. Default "python3.12"; the bundled
	// handlers are Python, so only supported Python runtimes are allowed.
	Runtime string
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
	// VPC runs the function in a VPC: its network interfaces are placed in
	// the given subnets, behind the given security groups, and the role may
	// manage them. Default nil: the function runs outside any VPC.
	VPC *VPC
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

// Code is a deployment package of the caller's own: its modules at the
// root of Archive, the entry point named by Handler.
type Code struct {
	// Archive holds the function's modules at its root. Required.
	Archive pulumi.Archive
	// Handler is Lambda's handler setting, "<module>.<function>" (such as
	// "bootstrap.handler"): a Python module at the archive's root and a
	// function in it. Required.
	Handler string
}

// VPC places a function's network interfaces in a VPC.
type VPC struct {
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
	// handlerSetting is a Python handler setting: module.function, both
	// Python identifiers (Lambda developer guide, Define Lambda function
	// handler in Python: "file name.handler method name").
	handlerSetting = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$`)
)

// Validate applies the defaults and reports every problem with the args, as
// NewFunction would, without registering anything: a component that embeds a
// Function, or a stage, checks it before registering anything of its own.
func (a FunctionArgs) Validate() error { return a.WithDefaults().validate() }

// validate reports every problem with a (after WithDefaults) at once.
func (a FunctionArgs) validate() error {
	p := validate.For("function")
	a.validateCode(p)
	p.OneOf("Runtime", a.Runtime, Runtimes...)
	p.IntRange("TimeoutSeconds", a.TimeoutSeconds, 1, 900)
	p.IntRange("MemoryMB", a.MemoryMB, 128, 10240)
	if a.ReservedConcurrency != 0 {
		p.IntRange("ReservedConcurrency", a.ReservedConcurrency, 1, 1000)
	}
	for _, key := range validate.Keys(a.Environment) {
		field := fmt.Sprintf("Environment[%s]", key)
		switch {
		case !environmentKey.MatchString(key):
			p.Addf(field, "%q is not a variable name; allowed: a letter, then letters, digits and underscores", key)
		case slices.Contains(reservedEnvironment, key):
			p.Addf(field, "%q is reserved by the Lambda runtime", key)
		case a.Environment[key] == nil:
			p.Addf(field, "has no value")
		}
	}
	for i, s := range a.PolicyStatements {
		field := fmt.Sprintf("PolicyStatements[%d]", i)
		if len(s.Actions) == 0 {
			p.Addf(field+".Actions", "is required")
		}
		for _, action := range s.Actions {
			if !iamAction.MatchString(action) || strings.HasSuffix(action, ":*") {
				p.Addf(field+".Actions", "%q is not allowed; allowed: one service's actions, such as \"sqs:ReceiveMessage\" or \"s3:Get*\", never a whole service", action)
			}
		}
		if len(s.Resources) == 0 {
			p.Addf(field+".Resources", "is required: name the ARNs the actions apply to")
		}
		for j, r := range s.Resources {
			if r == nil {
				p.Addf(fmt.Sprintf("%s.Resources[%d]", field, j), "is nil")
			}
		}
	}
	a.validateVPC(p)
	p.LogRetention("LogRetentionDays", a.LogRetentionDays)
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// validateCode checks that the function has exactly one source of code: a
// bundled handler, or a package with a handler setting Lambda accepts.
func (a FunctionArgs) validateCode(p *validate.Problems) {
	if a.Code == nil {
		p.OneOf("Handler", a.Handler, validate.Keys(handlers)...)
		return
	}
	if a.Handler != "" {
		p.Addf("Handler", "%q is set together with Code; allowed: one of them, a bundled handler or a package of your own", a.Handler)
	}
	if a.Code.Archive == nil {
		p.Addf("Code.Archive", "is required: the deployment package, with the handler's module at its root")
	}
	if !handlerSetting.MatchString(a.Code.Handler) {
		p.Addf("Code.Handler", "%q is not a Python handler setting; allowed: <module>.<function>, such as \"bootstrap.handler\"", a.Code.Handler)
	}
}

// validateVPC checks the VPC placement: subnets and security groups both
// given, and, where the lists are known now, as many as Lambda and Security
// Hub ask for.
func (a FunctionArgs) validateVPC(p *validate.Problems) {
	if a.VPC == nil {
		return
	}
	if a.VPC.SubnetIDs == nil {
		p.Addf("VPC.SubnetIDs", "is required: the subnets the function runs in")
	} else if ids, ok := a.VPC.SubnetIDs.(pulumi.StringArray); ok && len(ids) < 2 {
		p.Addf("VPC.SubnetIDs", "has %d subnet(s); allowed: two or more, in different Availability Zones (Security Hub Lambda.5)", len(ids))
	}
	if a.VPC.SecurityGroupIDs == nil {
		p.Addf("VPC.SecurityGroupIDs", "is required: the security groups that say what the function may reach")
	} else if ids, ok := a.VPC.SecurityGroupIDs.(pulumi.StringArray); ok && (len(ids) < 1 || len(ids) > 5) {
		p.Addf("VPC.SecurityGroupIDs", "has %d security group(s); allowed: 1 to 5", len(ids))
	}
}
