package database

import (
	"encoding/json"

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

// monitoringTrustPolicy lets only the RDS monitoring service assume the role.
var monitoringTrustPolicy = map[string]interface{}{
	"Version": "2012-10-17",
	"Statement": []map[string]interface{}{{
		"Effect":    "Allow",
		"Principal": map[string]string{"Service": "monitoring.rds.amazonaws.com"},
		"Action":    "sts:AssumeRole",
	}},
}

// newMonitoring creates the role `<name>-monitoring` with AWS's managed
// AmazonRDSEnhancedMonitoringRole policy (CloudWatch Logs writes to the
// RDSOSMetrics group only) when MonitoringIntervalSeconds is above zero.
func newMonitoring(ctx *pulumi.Context, name string, args DatabaseArgs, parent pulumi.ResourceOrInvokeOption) (monitoring, error) {
	if *args.MonitoringIntervalSeconds == 0 {
		return monitoring{}, nil
	}
	trust, err := json.Marshal(monitoringTrustPolicy)
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
		AssumeRolePolicy: pulumi.String(string(trust)),
		Tags:             args.tagsFor(roleName),
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
