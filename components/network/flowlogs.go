package network

import (
	"fmt"
	"github.com/millionstack/millionstack/internal/naming"

	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// flowLogWriteActions are all the flow logs service does with the log group
// it writes to (it need not create the group: the network creates it).
var flowLogWriteActions = []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"}

// flowLogs records all of the VPC's traffic, accepted and rejected (Security
// Hub EC2.6), to a CloudWatch log group "<name>-flow-logs" kept for
// retentionDays. The flow logs service writes through an IAM role of the same
// name that only it can assume, and only for flow logs of this account and
// region, and that can only write to that one log group. The group is
// encrypted with key when one is given (ExistingKMSKeyARN). It returns the
// log group.
func (b *builder) flowLogs(c *core, retentionDays int, key pulumi.StringInput) (*cloudwatch.LogGroup, error) {
	name := naming.Child(b.name, "flow-logs")
	groupArgs := &cloudwatch.LogGroupArgs{
		RetentionInDays: pulumi.Int(retentionDays),
		Tags:            tagging.Named(name, b.tags),
	}
	if key != nil {
		groupArgs.KmsKeyId = key.ToStringOutput()
	}
	group, err := cloudwatch.NewLogGroup(b.ctx, name, groupArgs, b.parent)
	if err != nil {
		return nil, err
	}

	trust, err := b.flowLogTrustPolicy()
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(b.ctx, name, &iam.RoleArgs{
		Description:      pulumi.String("Lets VPC flow logs write to " + name),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             tagging.Named(name, b.tags),
	}, b.parent)
	if err != nil {
		return nil, err
	}
	writePolicy, err := iam.NewRolePolicy(b.ctx, name, &iam.RolePolicyArgs{
		Role:   role.ID(),
		Policy: group.Arn.ApplyT(flowLogWritePolicy).(pulumi.StringOutput),
	}, b.parent)
	if err != nil {
		return nil, err
	}

	// The flow log waits for the role's policy: created before it, the
	// first deliveries would fail with an access error.
	if _, err := ec2.NewFlowLog(b.ctx, name, &ec2.FlowLogArgs{
		VpcId:              c.vpc.ID(),
		TrafficType:        pulumi.String("ALL"),
		LogDestinationType: pulumi.String("cloud-watch-logs"),
		LogDestination:     group.Arn,
		IamRoleArn:         role.Arn,
		Tags:               tagging.Named(name, b.tags),
	}, b.parent, pulumi.DependsOn([]pulumi.Resource{writePolicy})); err != nil {
		return nil, err
	}
	return group, nil
}

// flowLogTrustPolicy lets only the flow logs service assume the role, and
// only on behalf of flow logs in this account and region (the confused
// deputy guard AWS recommends).
func (b *builder) flowLogTrustPolicy() (string, error) {
	account, err := aws.GetCallerIdentity(b.ctx, nil, b.parent)
	if err != nil {
		return "", err
	}
	partition, err := aws.GetPartition(b.ctx, nil, b.parent)
	if err != nil {
		return "", err
	}
	trust := policy.AssumeRoleFromAccount("vpc-flow-logs.amazonaws.com", account.AccountId)
	trust.Statement[0].Condition["ArnLike"] = map[string]interface{}{
		"aws:SourceArn": fmt.Sprintf("arn:%s:ec2:%s:%s:vpc-flow-log/*", partition.Partition, b.region, account.AccountId),
	}
	return trust.JSON()
}

// flowLogWritePolicy allows the flow log actions on one log group (its ARN,
// and its streams under ":*") and nothing else.
func flowLogWritePolicy(logGroupArn string) (string, error) {
	return policy.Document{Statement: []policy.Statement{{
		Effect:   "Allow",
		Action:   flowLogWriteActions,
		Resource: []string{logGroupArn, logGroupArn + ":*"},
	}}}.JSON()
}
