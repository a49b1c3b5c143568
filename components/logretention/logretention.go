// Package logretention gives a retention to log groups that AWS services
// create themselves, which CloudWatch Logs would otherwise keep forever.
//
// RDS publishes an instance's exported logs to
// /aws/rds/instance/<identifier>/<log>, a group it creates without a
// retention when the instance is created. A program cannot declare that
// group: the identifier is chosen by Pulumi when the instance is registered,
// and the group must exist before the instance does for RDS to use it, so
// declaring it after the instance fails (RDS has created it:
// ResourceAlreadyExistsException). Pulumi cannot adopt it either, as an
// import needs the ID when the program runs.
//
// Retention runs a small function (no VPC, its own least-privilege role)
// through a lambda.Invocation after the instances exist, as the AWS CDK's
// LogRetention construct does with a custom resource: it creates each group
// that does not exist yet (RDS then publishes into it) and sets its
// retention. The invocation runs again whenever what it is given changes (a
// new replica, another retention): an invocation invokes on creation and
// replacement only, and a change of its input replaces it
// (terraform-provider-aws internal/service/lambda/invocation.go,
// customizeDiffInputChangeWithCreateOnlyScope, with the default lifecycle
// scope CREATE_ONLY). A retention changed by hand stays until the next
// change; nothing runs when the groups go.
package logretention

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"

	"github.com/millionstack/millionstack/components/function"
	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// handler is the bundled function handler that sets the retentions
// (components/function/handlers/log_retention.py).
const handler = "log_retention"

// RetentionType is the Retention component's type token.
const RetentionType = "millionstack:logretention:Retention"

// Retention is the function that sets the retention and its invocation.
//
// Both are exported as an escape hatch: read their outputs or depend on
// them (a resource that must not start before the groups have their
// retention); change an input the component sets with pulumi.Transforms on
// the component.
type Retention struct {
	pulumi.ResourceState

	// Function is the function that sets the retentions; Invocation runs it.
	Function   *function.Function
	Invocation *lambda.Invocation

	// FunctionName is the function's name, to invoke it again by hand.
	FunctionName pulumi.StringOutput `pulumi:"functionName"`
}

// RetentionArgs say which log groups get which retention.
type RetentionArgs struct {
	// Directories are where the groups live: each a log group name prefix
	// ending in "/" ("/aws/rds/instance/<identifier>/") with the Names of
	// the groups under it ("postgresql", "upgrade"). The function may create
	// groups and set retentions under these prefixes only. At least one.
	Directories []Directory
	// RetentionDays is how long the groups keep events; one of the periods
	// CloudWatch Logs accepts. Default 365.
	RetentionDays int
	// Tags are applied to every taggable child of the function, with Name.
	Tags map[string]string

	// ExistingKMSKeyARN is a customer-managed KMS key of your own, by its
	// key ARN (not an alias), in the groups' region, that encrypts the
	// groups: the function creates missing groups with it and associates
	// it with groups that exist already (CloudWatch Logs CreateLogGroup
	// kmsKeyId and AssociateKmsKey; only events ingested after that are
	// encrypted with it). Default none: CloudWatch Logs' own encryption.
	// Its key policy must allow the service principal
	// logs.<region>.amazonaws.com kms:Encrypt*, kms:Decrypt*,
	// kms:ReEncrypt*, kms:GenerateDataKey* and kms:Describe*, conditioned on
	// kms:EncryptionContext:aws:logs:arn (CloudWatch Logs user guide,
	// "Encrypt log data in CloudWatch Logs using AWS Key Management
	// Service"); AWS refuses the association otherwise. Changing it
	// associates the new key in place: the invocation runs again. Setting
	// it back to none leaves the key associated with the groups that have
	// it (an association lasts until DisassociateKmsKey, which the function
	// does not call): run `aws logs disassociate-kms-key --log-group-name
	// <group>` for each before you disable or delete the key, or their
	// logs stop arriving.
	ExistingKMSKeyARN pulumi.StringInput
}

// Directory is a log group name prefix and the groups under it.
type Directory struct {
	// Path is the prefix, ending in "/". Required.
	Path pulumi.StringInput
	// Names are the groups' names after Path. At least one.
	Names []string
}

// DefaultRetentionDays is RetentionArgs.RetentionDays when unset.
const DefaultRetentionDays = 365

// logGroupName matches what CloudWatch Logs allows in a log group name
// (CreateLogGroup: letters, digits, '_', '-', '/', '.', '#').
var logGroupName = regexp.MustCompile(`^[A-Za-z0-9_\-/.#]{1,512}$`)

// WithDefaults returns a copy of a with every unset field at its documented default.
func (a RetentionArgs) WithDefaults() RetentionArgs {
	if a.RetentionDays == 0 {
		a.RetentionDays = DefaultRetentionDays
	}
	return a
}

// validate reports every problem with a (after WithDefaults) at once;
// region is where the groups are, "" when not known.
func (a RetentionArgs) validate(name, region string) error {
	p := validate.For("logretention", name)
	p.KeyARN("ExistingKMSKeyARN", a.ExistingKMSKeyARN, region)
	p.Allows("Directories", "at least one directory of log groups").
		RefuseIf(len(a.Directories) == 0, "is empty")
	for i, d := range a.Directories {
		field := fmt.Sprintf("Directories[%d]", i)
		p.Required(field+".Path", d.Path != nil, "")
		p.Allows(field+".Names", "at least one log group name").
			RefuseIf(len(d.Names) == 0, "is empty")
		names := p.Allows(field+".Names", "names of letters, digits, '_', '-', '/', '.' and '#'")
		for _, n := range d.Names {
			names.RefuseIf(!logGroupName.MatchString(n), "%q is not a log group name", n)
		}
	}
	p.LogRetention("RetentionDays", a.RetentionDays)
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewRetention would, without registering anything.
func (a RetentionArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("logretention", name), a.WithDefaults().validate(name, ""))
}

// NewRetention creates the function `<name>` (function.Function running
// the log_retention handler, allowed logs:CreateLogGroup and
// logs:PutRetentionPolicy, with ExistingKMSKeyARN logs:AssociateKmsKey too,
// on the Directories' groups and nothing else) and the invocation `<name>`
// that runs it with every group's name, the retention and the key. It registers nothing when args are invalid.
func NewRetention(ctx *pulumi.Context, name string, args RetentionArgs, opts ...pulumi.ResourceOption) (*Retention, error) {
	args = args.WithDefaults()
	// The region first (a lookup, which registers nothing): a key of your
	// own must be in it.
	groupsRegion, err := awsprovider.CurrentRegion(ctx, opts...)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(validate.ComponentName("logretention", name), args.validate(name, groupsRegion)); err != nil {
		return nil, err
	}
	component := &Retention{}
	if err := ctx.RegisterComponentResource(RetentionType, name, component, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(component)
	here, err := awsprovider.Where(ctx, parent)
	if err != nil {
		return nil, err
	}

	var scope []pulumi.StringInput
	var paths []interface{}
	for _, d := range args.Directories {
		scope = append(scope, pulumi.Sprintf("%s%s*", here.ARN("logs", "log-group:"), d.Path))
		paths = append(paths, d.Path)
	}
	actions := []string{"logs:CreateLogGroup", "logs:PutRetentionPolicy"}
	if args.ExistingKMSKeyARN != nil {
		// Creating a group with a key needs logs:CreateLogGroup only; a
		// group that exists gets it through AssociateKmsKey. The key's
		// own policy, not the function's role, lets CloudWatch Logs use it.
		actions = append(actions, "logs:AssociateKmsKey")
	}
	fn, err := function.NewFunction(ctx, name, function.FunctionArgs{
		Handler:        handler,
		TimeoutSeconds: 120, // room for the handler's retries while IAM propagates
		MemoryMB:       128,
		PolicyStatements: []function.PolicyStatement{{
			Actions:   actions,
			Resources: scope,
		}},
		Tags: args.Tags,
	}, parent)
	if err != nil {
		return nil, err
	}

	// The key, when given, is resolved with the paths, after them.
	if args.ExistingKMSKeyARN != nil {
		paths = append(paths, args.ExistingKMSKeyARN)
	}
	input := pulumi.All(paths...).ApplyT(func(resolved []interface{}) (string, error) {
		var names []string
		for i, d := range args.Directories {
			for _, n := range d.Names {
				names = append(names, resolved[i].(string)+n)
			}
		}
		request := map[string]interface{}{"logGroupNames": names, "retentionInDays": args.RetentionDays}
		if args.ExistingKMSKeyARN != nil {
			request["kmsKeyId"] = resolved[len(args.Directories)]
		}
		out, err := json.Marshal(request)
		return string(out), err
	}).(pulumi.StringOutput)
	invocation, err := lambda.NewInvocation(ctx, name, &lambda.InvocationArgs{
		FunctionName: fn.Name,
		Input:        input,
	}, parent)
	if err != nil {
		return nil, err
	}

	component.Function, component.Invocation = fn, invocation
	component.FunctionName = fn.Name
	return component, ctx.RegisterResourceOutputs(component, pulumi.Map{"functionName": component.FunctionName})
}
