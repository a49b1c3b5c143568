package database

import (
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// monitoring is what an instance needs for Enhanced Monitoring: the role RDS
// publishes OS metrics with, and the attachment that must exist before RDS
// checks the role. roleARN is nil when monitoring is off.
type monitoring struct {
	roleARN   pulumi.StringPtrInput
	dependsOn []pulumi.Resource
}

// newMonitoring creates the role `<name>-monitoring` with AWS's managed
// AmazonRDSEnhancedMonitoringRole policy (CloudWatch Logs writes to the
// RDSOSMetrics group only) when intervalSeconds, the Enhanced Monitoring
// granularity, is above zero.
func newMonitoring(ctx *pulumi.Context, name string, intervalSeconds int, tags map[string]string, parent pulumi.ResourceOrInvokeOption) (monitoring, error) {
	if intervalSeconds == 0 {
		return monitoring{}, nil
	}
	// Only the RDS monitoring service may assume the role.
	trust, err := policy.AssumeRole("monitoring.rds.amazonaws.com").JSON()
	if err != nil {
		return monitoring{}, err
	}
	partition, err := aws.GetPartition(ctx, nil, parent)
	if err != nil {
		return monitoring{}, err
	}
	roleName := name + "-monitoring"
	role, err := iam.NewRole(ctx, roleName, &iam.RoleArgs{
		Description:      pulumi.String("Enhanced Monitoring of database " + name),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             tagging.Named(roleName, tags),
	}, parent)
	if err != nil {
		return monitoring{}, err
	}
	attachment, err := iam.NewRolePolicyAttachment(ctx, roleName, &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String("arn:" + partition.Partition + ":iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"),
	}, parent)
	if err != nil {
		return monitoring{}, err
	}
	return monitoring{roleARN: role.Arn, dependsOn: []pulumi.Resource{attachment}}, nil
}
