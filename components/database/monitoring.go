package database

import (
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// enhancedMonitoring is what an instance needs for Enhanced Monitoring: the role RDS
// publishes OS metrics with, and the attachment that must exist before RDS
// checks the role. roleARN is nil when monitoring is off; role is nil when
// it is off or the role is the user's own (ExistingMonitoringRoleARN).
type enhancedMonitoring struct {
	roleARN   pulumi.StringPtrInput
	dependsOn []pulumi.Resource
	role      *iam.Role
}

// newMonitoring creates the role `<name>-monitoring` with AWS's managed
// AmazonRDSEnhancedMonitoringRole policy (CloudWatch Logs writes to the
// RDSOSMetrics group only) when intervalSeconds, the Enhanced Monitoring
// granularity, is above zero, unless existingRole, the ARN of a role of
// the user's own, is given: RDS then publishes with that one, which must
// trust monitoring.rds.amazonaws.com and carry the same managed policy (RDS
// user guide, "Setting up and enabling Enhanced Monitoring").
func newMonitoring(ctx *pulumi.Context, name string, intervalSeconds int, existingRole pulumi.StringInput, tags map[string]string, parent pulumi.ResourceOrInvokeOption) (enhancedMonitoring, error) {
	if intervalSeconds == 0 {
		return enhancedMonitoring{}, nil
	}
	if existingRole != nil {
		return enhancedMonitoring{roleARN: existingRole.ToStringOutput().ToStringPtrOutput()}, nil
	}
	// Only the RDS monitoring service may assume the role.
	trust, err := policy.AssumeRole("monitoring.rds.amazonaws.com").JSON()
	if err != nil {
		return enhancedMonitoring{}, err
	}
	partition, err := aws.GetPartition(ctx, nil, parent)
	if err != nil {
		return enhancedMonitoring{}, err
	}
	roleName := name + "-monitoring"
	role, err := iam.NewRole(ctx, roleName, &iam.RoleArgs{
		Description:      pulumi.String("Enhanced Monitoring of database " + name),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             tagging.Named(roleName, tags),
	}, parent)
	if err != nil {
		return enhancedMonitoring{}, err
	}
	attachment, err := iam.NewRolePolicyAttachment(ctx, roleName, &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String("arn:" + partition.Partition + ":iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"),
	}, parent)
	if err != nil {
		return enhancedMonitoring{}, err
	}
	return enhancedMonitoring{roleARN: role.Arn, dependsOn: []pulumi.Resource{attachment}, role: role}, nil
}
