package function

import (
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newRole creates the function's execution role and its inline policy
// (fn.Role, fn.RolePolicy, which the function waits for: a function, or an
// event source mapping, that starts before its permissions exist fails),
// and returns the role's ARN; with ExistingRoleARN it creates nothing and
// returns that one.
//
// Only Lambda, on behalf of this account (aws:SourceAccount), may assume the
// role. The policy allows writing to the function's own log group, sending
// X-Ray traces (which support no resource scoping), managing the network
// interfaces of a function in a VPC, and the caller's PolicyStatements,
// nothing else.
func newRole(ctx *pulumi.Context, fn *Function, name string, logs *cloudwatch.LogGroup, args FunctionArgs) (pulumi.StringOutput, error) {
	if args.ExistingRoleARN != nil {
		return args.ExistingRoleARN.ToStringOutput(), nil
	}
	account, err := aws.GetCallerIdentity(ctx, nil, pulumi.Parent(fn))
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	trust, err := policy.AssumeRoleFromAccount("lambda.amazonaws.com", account.AccountId).JSON()
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(trust),
		Description:      pulumi.String("Execution role of the " + name + " Lambda function"),
		Tags:             tagging.Named(name, args.Tags),
	}, pulumi.Parent(fn))
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	rolePolicy, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
		Role:   role.Name,
		Policy: permissions(logs.Arn, args.Vpc != nil, args.PolicyStatements),
	}, pulumi.Parent(fn))
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	fn.Role, fn.RolePolicy = role, rolePolicy
	return role.Arn, nil
}

// vpcActions are what Lambda does with the role when it places a function's
// network interfaces in a VPC: the EC2 actions of the AWS managed policy
// AWSLambdaVPCAccessExecutionRole (version 3, 2024-01-05). The managed
// policy is not attached because it also grants logs:CreateLogGroup,
// CreateLogStream and PutLogEvents on every log group, where this role
// writes to its own group only. The actions stay on "*", as in the managed
// policy: DescribeNetworkInterfaces and DescribeSubnets take no resource,
// and the interfaces Lambda creates do not exist yet when the role is
// written (Lambda developer guide, Giving Lambda functions access to
// resources in an Amazon VPC, Required IAM permissions). Lambda checks them
// when the function is created, which is why the function waits for the
// policy.
var vpcActions = []string{
	"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
	"ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
}

// permissions renders the role's inline policy once every ARN is known.
func permissions(logGroupARN pulumi.StringOutput, inVPC bool, extra []PolicyStatement) pulumi.StringOutput {
	resources := []interface{}{logGroupARN}
	for _, s := range extra {
		for _, r := range s.Resources {
			resources = append(resources, r)
		}
	}
	return pulumi.All(resources...).ApplyT(func(arns []interface{}) (string, error) {
		doc := policy.Document{Statement: []policy.Statement{
			{Effect: "Allow", Action: []string{"logs:CreateLogStream", "logs:PutLogEvents"}, Resource: []string{arns[0].(string) + ":*"}},
			{Effect: "Allow", Action: []string{"xray:PutTraceSegments", "xray:PutTelemetryRecords"}, Resource: []string{"*"}},
		}}
		if inVPC {
			doc.Statement = append(doc.Statement, policy.Statement{Effect: "Allow", Action: vpcActions, Resource: []string{"*"}})
		}
		next := 1
		for _, s := range extra {
			var scoped []string
			for range s.Resources {
				scoped = append(scoped, arns[next].(string))
				next++
			}
			doc.Statement = append(doc.Statement, policy.Statement{Effect: "Allow", Action: s.Actions, Resource: scoped})
		}
		return doc.JSON()
	}).(pulumi.StringOutput)
}
