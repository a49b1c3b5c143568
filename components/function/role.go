package function

import (
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newRole creates the function's execution role and its inline policy, and
// returns the policy so the function can wait for it: a function (or an
// event source mapping) that starts before its permissions exist fails.
//
// Only Lambda, on behalf of this account (aws:SourceAccount), may assume the
// role. The policy allows writing to the function's own log group, sending
// X-Ray traces (which support no resource scoping) and the caller's
// PolicyStatements, nothing else.
func newRole(ctx *pulumi.Context, fn *Function, name string, logs *cloudwatch.LogGroup, args FunctionArgs) (*iam.Role, *iam.RolePolicy, error) {
	account, err := aws.GetCallerIdentity(ctx, nil, pulumi.Parent(fn))
	if err != nil {
		return nil, nil, err
	}
	trust, err := policy.AssumeRoleFromAccount("lambda.amazonaws.com", account.AccountId).JSON()
	if err != nil {
		return nil, nil, err
	}
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(trust),
		Description:      pulumi.String("Execution role of the " + name + " Lambda function"),
		Tags:             tagging.Named(name, args.Tags),
	}, pulumi.Parent(fn))
	if err != nil {
		return nil, nil, err
	}
	rolePolicy, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
		Role:   role.Name,
		Policy: permissions(logs.Arn, args.PolicyStatements),
	}, pulumi.Parent(fn))
	return role, rolePolicy, err
}

// permissions renders the role's inline policy once every ARN is known.
func permissions(logGroupARN pulumi.StringOutput, extra []PolicyStatement) pulumi.StringOutput {
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
