package function

import (
	"encoding/json"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// policyDocument and statement are the JSON shape of an IAM policy.
type policyDocument struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

type statement struct {
	Effect    string                       `json:"Effect"`
	Principal map[string]string            `json:"Principal,omitempty"`
	Action    []string                     `json:"Action"`
	Resource  []string                     `json:"Resource,omitempty"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

func (d policyDocument) String() string {
	out, _ := json.Marshal(d) // plain strings, slices and maps always marshal
	return string(out)
}

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
	trust := policyDocument{Version: "2012-10-17", Statement: []statement{{
		Effect:    "Allow",
		Principal: map[string]string{"Service": "lambda.amazonaws.com"},
		Action:    []string{"sts:AssumeRole"},
		Condition: map[string]map[string]string{"StringEquals": {"aws:SourceAccount": account.AccountId}},
	}}}
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(trust.String()),
		Description:      pulumi.String("Execution role of the " + name + " Lambda function"),
		Tags:             tagsFor(name, args.Tags),
	}, pulumi.Parent(fn))
	if err != nil {
		return nil, nil, err
	}
	policy, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
		Role:   role.Name,
		Policy: permissions(logs.Arn, args.PolicyStatements),
	}, pulumi.Parent(fn))
	return role, policy, err
}

// permissions renders the role's inline policy once every ARN is known.
func permissions(logGroupARN pulumi.StringOutput, extra []PolicyStatement) pulumi.StringOutput {
	resources := []interface{}{logGroupARN}
	for _, s := range extra {
		for _, r := range s.Resources {
			resources = append(resources, r)
		}
	}
	return pulumi.All(resources...).ApplyT(func(arns []interface{}) string {
		doc := policyDocument{Version: "2012-10-17", Statement: []statement{
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
			doc.Statement = append(doc.Statement, statement{Effect: "Allow", Action: s.Actions, Resource: scoped})
		}
		return doc.String()
	}).(pulumi.StringOutput)
}
