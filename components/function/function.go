// Package function provides Function, a Lambda function deployed the way
// Security Hub expects: a least-privilege role, logs with a retention, X-Ray
// tracing, and, when asked for, a function URL that only IAM-signed requests
// (CloudFront's origin access control) can call, or a place in a VPC. Its
// code is one of the Python handlers bundled in handlers/, or a package the
// caller brings (FunctionArgs.Code), so deploying needs no build step.
package function

import (
	"errors"
	"strings"

	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// FunctionType is the Function component's type token.
const FunctionType = "millionstack:function:Function"

// Function is a Lambda function with its role, log group and optional URL.
//
// Its children are exported as an escape hatch: read their outputs or
// depend on them. To change an input the component sets, use
// pulumi.Transforms on the component, e.g. to add a layer:
//
//	function.NewFunction(ctx, "api", args, pulumi.Transforms([]pulumi.XResourceTransform{addLayer}))
type Function struct {
	pulumi.ResourceState

	// Function is the Lambda function.
	Function *lambda.Function
	// Role and RolePolicy are the execution role and its inline policy,
	// nil with ExistingRoleARN.
	Role       *iam.Role
	RolePolicy *iam.RolePolicy
	// LogGroup is the function's log group.
	LogGroup *cloudwatch.LogGroup
	// FunctionURL is the function URL, nil without FunctionArgs.URL.
	FunctionURL *lambda.FunctionUrl

	// Name is the physical function name (project-stack-name).
	Name pulumi.StringOutput `pulumi:"name"`
	// ARN is the function's ARN, for event sources and permissions.
	ARN pulumi.StringOutput `pulumi:"arn"`
	// RoleName is the execution role, for attaching more permissions later
	// (the name in ExistingRoleARN with a role of your own).
	RoleName pulumi.StringOutput `pulumi:"roleName"`
	// LogGroupName is the CloudWatch log group the function writes to,
	// `/aws/lambda/<function name>-<suffix chosen at creation>`.
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
	// URL is the function URL ("https://<id>.lambda-url.<region>.on.aws/"),
	// or "" when FunctionArgs.URL is false.
	URL pulumi.StringOutput `pulumi:"url"`
	// URLDomain is the host part of URL, what a CloudFront origin needs;
	// "" without a URL.
	URLDomain pulumi.StringOutput `pulumi:"urlDomain"`
}

// NewFunction deploys the handler named in args (or the package args.Code)
// as a Lambda function: log group `<name>`, role and inline policy
// `<name>`, function `<name>` and, with URL, function URL `<name>`.
func NewFunction(ctx *pulumi.Context, name string, args FunctionArgs, opts ...pulumi.ResourceOption) (*Function, error) {
	args = args.WithDefaults()
	// The region first (a lookup, which registers nothing), when a key of
	// your own must be in it.
	region := ""
	if args.ExistingLogKMSKeyARN != nil {
		var err error
		if region, err = awsprovider.CurrentRegion(ctx, opts...); err != nil {
			return nil, err
		}
	}
	if err := errors.Join(validate.ComponentName("function", name), args.validate(name, region)); err != nil {
		return nil, err
	}
	fn := &Function{}
	if err := ctx.RegisterComponentResource(FunctionType, name, fn, opts...); err != nil {
		return nil, err
	}
	physical := PhysicalName(ctx.Project(), ctx.Stack(), name)
	logs, err := newLogGroup(ctx, fn, name, physical, args)
	if err != nil {
		return nil, err
	}
	fn.LogGroup = logs
	roleARN, err := newRole(ctx, fn, name, logs, args)
	if err != nil {
		return nil, err
	}
	code, handler := codeArchive(args.Handler), string(args.Handler)+".handler"
	if args.Code != nil {
		code, handler = args.Code.Archive, args.Code.Handler
	}
	lambdaArgs := &lambda.FunctionArgs{
		Name:          pulumi.String(physical),
		Role:          roleARN,
		Runtime:       pulumi.String(args.Runtime),
		Handler:       pulumi.String(handler),
		Code:          code,
		Architectures: pulumi.StringArray{pulumi.String(string(args.Architecture))},
		Timeout:       pulumi.Int(args.TimeoutSeconds),
		MemorySize:    pulumi.Int(args.MemoryMB),
		TracingConfig: &lambda.FunctionTracingConfigArgs{Mode: pulumi.String("Active")},
		// Logs go to the component's own group (see newLogGroup), as plain
		// text lines, Lambda's default format.
		LoggingConfig: &lambda.FunctionLoggingConfigArgs{LogFormat: pulumi.String("Text"), LogGroup: logs.Name},
		Tags:          tagging.Named(name, args.Tags),
	}
	if args.ReservedConcurrency > 0 {
		lambdaArgs.ReservedConcurrentExecutions = pulumi.Int(args.ReservedConcurrency)
	}
	if len(args.Environment) > 0 {
		lambdaArgs.Environment = &lambda.FunctionEnvironmentArgs{Variables: pulumi.StringMap(args.Environment)}
	}
	if args.Vpc != nil {
		lambdaArgs.VpcConfig = &lambda.FunctionVpcConfigArgs{SubnetIds: args.Vpc.SubnetIDs, SecurityGroupIds: args.Vpc.SecurityGroupIDs}
	}
	waitFor := []pulumi.Resource{logs}
	if fn.RolePolicy != nil {
		waitFor = append(waitFor, fn.RolePolicy)
	}
	function, err := lambda.NewFunction(ctx, name, lambdaArgs, pulumi.Parent(fn), pulumi.DependsOn(waitFor))
	if err != nil {
		return nil, err
	}

	fn.Function = function
	fn.Name, fn.ARN, fn.LogGroupName = function.Name, function.Arn, logs.Name
	if fn.Role != nil {
		fn.RoleName = fn.Role.Name
	} else {
		fn.RoleName = validate.ARNName(args.ExistingRoleARN)
	}
	fn.URL = pulumi.String("").ToStringOutput()
	if args.URL {
		url, err := lambda.NewFunctionUrl(ctx, name, &lambda.FunctionUrlArgs{
			FunctionName:      function.Name,
			AuthorizationType: pulumi.String("AWS_IAM"),
		}, pulumi.Parent(fn))
		if err != nil {
			return nil, err
		}
		fn.FunctionURL = url
		fn.URL = url.FunctionUrl
	}
	fn.URLDomain = fn.URL.ApplyT(func(u string) string {
		return strings.TrimSuffix(strings.TrimPrefix(u, "https://"), "/")
	}).(pulumi.StringOutput)
	return fn, ctx.RegisterResourceOutputs(fn, pulumi.Map{
		"name": fn.Name, "arn": fn.ARN, "roleName": fn.RoleName, "logGroupName": fn.LogGroupName, "url": fn.URL, "urlDomain": fn.URLDomain,
	})
}

// InvokePolicy returns an IAM policy document that lets its holder invoke
// the function (lambda:InvokeFunction on it and its versions and aliases)
// and nothing else: for a producer that calls it directly.
func (f *Function) InvokePolicy() pulumi.StringOutput {
	return f.ARN.ApplyT(func(arn string) (string, error) {
		return policy.Document{Statement: []policy.Statement{{
			Sid:      "InvokeFunction",
			Effect:   "Allow",
			Action:   []string{"lambda:InvokeFunction"},
			Resource: []string{arn, arn + ":*"},
		}}}.JSON()
	}).(pulumi.StringOutput)
}

// AlarmTarget is what components/monitoring watches of the function
// (monitoring.MonitoringArgs.Functions): the function, by name.
func (f *Function) AlarmTarget() pulumi.StringInput { return f.Name }
