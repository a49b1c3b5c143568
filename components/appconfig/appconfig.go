// Package appconfig tells the application where its backing services are and
// lets it use them: endpoints go to SSM Parameter Store under one path (never
// into the image or the code), the app gets a CloudWatch log group with a
// retention, and the app's IAM roles get read access to that path, write
// access to that log group, and the scoped policies of the services it talks to.
package appconfig

import (
	"errors"
	"strings"

	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssm"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ConfigType is the Config component's type token.
const ConfigType = "millionstack:appconfig:Config"

// Config is the application's configuration and permissions.
//
// Its children are exported as an escape hatch: read their outputs or
// depend on them (a task that must not start before its grants exist);
// change an input the component sets with pulumi.Transforms on the
// component.
type Config struct {
	pulumi.ResourceState

	// LogGroup is the app's log group.
	LogGroup *cloudwatch.LogGroup
	// Parameters are the SSM parameters by key ("db/writer", "logs/group").
	Parameters map[string]*ssm.Parameter
	// RolePolicies are the inline policies on the app's roles, by
	// "<role>-<policy>" ("web-read", "app-cache").
	RolePolicies map[string]*iam.RolePolicy

	// Path is the SSM prefix the app reads (plain, known at program time).
	Path string
	// ParameterNames are the full parameter names, sorted.
	ParameterNames []string
	// LogGroupName is the app's CloudWatch log group, "<Path>/app" (also in
	// the parameter "logs/group").
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
	// Grants are the policy documents (JSON) every role of Roles gets,
	// keyed as they are attached ("read", "logs" and the keys of
	// Policies): for a role made after the config that must hold them
	// before it runs, such as an ECS task role, which takes them as its
	// own (container.ServiceArgs.TaskPolicies), so its tasks never start
	// without them.
	Grants map[string]pulumi.StringInput
}

// reservedPolicies are the policy keys the component attaches itself.
var reservedPolicies = []string{"read", "logs"}

// NewConfig stores the values as SSM parameters and grants the roles access.
func NewConfig(ctx *pulumi.Context, name string, args ConfigArgs, opts ...pulumi.ResourceOption) (*Config, error) {
	args = args.WithDefaults()
	region := ""
	if args.ExistingLogKMSKeyARN != nil { // a key of your own must be in the config's region
		var err error
		if region, err = awsprovider.CurrentRegion(ctx, opts...); err != nil {
			return nil, err
		}
	}
	if err := errors.Join(validate.ComponentName("appconfig", name), args.validate(name, region)); err != nil {
		return nil, err
	}
	c := &Config{Path: args.Path, Parameters: map[string]*ssm.Parameter{}, RolePolicies: map[string]*iam.RolePolicy{}}
	if err := ctx.RegisterComponentResource(ConfigType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)

	group := &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(args.Path + "/app"),
		RetentionInDays: pulumi.Int(args.LogRetentionDays),
		Tags:            pulumi.ToStringMap(args.Tags),
	}
	if args.ExistingLogKMSKeyARN != nil {
		group.KmsKeyId = args.ExistingLogKMSKeyARN.ToStringOutput()
	}
	logs, err := cloudwatch.NewLogGroup(ctx, name+"-app", group, parent)
	if err != nil {
		return nil, err
	}
	c.LogGroup = logs
	c.LogGroupName = logs.Name
	values := map[string]pulumi.StringInput{"logs/group": logs.Name}
	for k, v := range args.Values {
		values[k] = v
	}

	for _, key := range validate.Keys(values) {
		full := args.Path + "/" + key
		c.ParameterNames = append(c.ParameterNames, full)
		parameter, err := ssm.NewParameter(ctx, name+"-"+strings.ReplaceAll(key, "/", "-"), &ssm.ParameterArgs{
			Name:  pulumi.String(full),
			Type:  ssm.ParameterTypeString,
			Tier:  pulumi.String("Standard"),
			Value: values[key],
			Tags:  pulumi.ToStringMap(args.Tags),
		}, parent)
		if err != nil {
			return nil, err
		}
		c.Parameters[key] = parameter
	}

	readPolicy, err := readPolicy(ctx, args.Path, parent)
	if err != nil {
		return nil, err
	}
	policies := map[string]pulumi.StringInput{"read": readPolicy, "logs": logWritePolicy(logs.Arn)}
	for k, v := range args.Policies {
		policies[k] = v
	}
	c.Grants = policies
	for _, role := range validate.Keys(args.Roles) {
		for _, key := range validate.Keys(policies) {
			attached, err := iam.NewRolePolicy(ctx, name+"-"+role+"-"+key, &iam.RolePolicyArgs{
				Role:   args.Roles[role],
				Policy: policies[key],
			}, parent)
			if err != nil {
				return nil, err
			}
			c.RolePolicies[role+"-"+key] = attached
		}
	}

	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"path":           pulumi.String(c.Path),
		"parameterNames": pulumi.ToStringArray(c.ParameterNames),
		"logGroupName":   c.LogGroupName,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// readPolicy allows reading the parameters under path, in this account,
// region and partition only. The lookups ask the component's own provider
// (parent is the component): SSM is regional, and a config given a provider
// for another region stores its parameters there, so the app of that region
// must be allowed to read them there.
func readPolicy(ctx *pulumi.Context, path string, parent pulumi.ResourceOrInvokeOption) (pulumi.StringInput, error) {
	here, err := awsprovider.Where(ctx, parent)
	if err != nil {
		return nil, err
	}
	arn := here.ARN("ssm", "parameter"+path)
	doc, err := policy.Document{Statement: []policy.Statement{{
		Effect:   "Allow",
		Action:   []string{"ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"},
		Resource: []string{arn, arn + "/*"},
	}}}.JSON()
	if err != nil {
		return nil, err
	}
	return pulumi.String(doc), nil
}

// logWritePolicy lets the app write to its own log group and nothing else.
func logWritePolicy(logGroupARN pulumi.StringOutput) pulumi.StringOutput {
	return logGroupARN.ApplyT(func(arn string) (string, error) {
		return policy.Document{Statement: []policy.Statement{{
			Effect:   "Allow",
			Action:   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
			Resource: []string{arn, arn + ":*"},
		}}}.JSON()
	}).(pulumi.StringOutput)
}
