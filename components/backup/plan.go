package backup

import (
	"fmt"

	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Schedules of the plan's rules, in UTC (the rules' default time zone):
// every day at 05:00, and at the same time on the first of every month. On
// the first the two rules meet, and AWS Backup takes one backup, for the
// rule with the longer retention (AWS Backup Developer Guide, "Backup plan
// options and configuration": "If you have a backup plan with multiple
// rules and the time frames of the two rules overlap, AWS Backup optimizes
// the backup and takes a backup for the rule with the longer retention
// time").
const (
	DailySchedule   = "cron(0 5 ? * * *)"
	MonthlySchedule = "cron(0 5 1 * ? *)"
)

// Windows of every backup job, the AWS Backup console's defaults. A job may
// start up to 8 hours after its schedule: AWS Backup does not start an RDS
// backup an hour before or during the instance's backup or maintenance
// window (the same guide, "Backup plan options and configuration"), and
// RDS picks those windows in an 8-hour block of the region, so a job
// scheduled inside them waits them out instead of failing (the start
// window must be at least 60 minutes: AWS Backup API reference,
// BackupRuleInput, StartWindowMinutes). A job then has 7 days to complete.
const (
	startWindowMinutes      = 8 * 60
	completionWindowMinutes = 7 * 24 * 60
)

// selectedResourceTypes are the data stores the selection considers, as the
// wildcard ARNs AWS Backup takes for a resource type: EBS volumes, RDS
// instances, DynamoDB tables and EFS file systems. Naming the types, rather
// than selecting by tag alone, makes AWS Backup protect them whatever the
// region's service opt-in settings say (AWS Backup API reference,
// UpdateRegionSettings: "If a resource type is explicitly assigned to a
// backup plan ... it will be included in the backup even if the opt-in is
// not enabled for that particular service").
var selectedResourceTypes = []string{
	"arn:%s:ec2:*:*:volume/*",
	"arn:%s:rds:*:*:db:*",
	"arn:%s:dynamodb:*:*:table/*",
	"arn:%s:elasticfilesystem:*:*:file-system/*",
}

// plan creates the backup plan `<name>` with its two rules, "daily" and
// "monthly" (in that order), backing up into main and, with a copy vault,
// copying each backup there with the rule's retention.
func (c *children) plan(main, copyTo *vault, opts ...pulumi.ResourceOption) (*backup.Plan, error) {
	rule := func(name, schedule string, retentionDays int) backup.PlanRuleArgs {
		r := backup.PlanRuleArgs{
			RuleName:         pulumi.String(name),
			TargetVaultName:  main.name,
			Schedule:         pulumi.String(schedule),
			StartWindow:      pulumi.Int(startWindowMinutes),
			CompletionWindow: pulumi.Int(completionWindowMinutes),
			Lifecycle:        &backup.PlanRuleLifecycleArgs{DeleteAfter: pulumi.Int(retentionDays)},
		}
		if copyTo != nil {
			r.CopyActions = backup.PlanRuleCopyActionArray{backup.PlanRuleCopyActionArgs{
				DestinationVaultArn: copyTo.arn,
				Lifecycle:           &backup.PlanRuleCopyActionLifecycleArgs{DeleteAfter: pulumi.Int(retentionDays)},
			}}
		}
		return r
	}
	return backup.NewPlan(c.ctx, c.name, &backup.PlanArgs{
		Rules: backup.PlanRuleArray{
			rule("daily", DailySchedule, c.args.DailyRetentionDays),
			rule("monthly", MonthlySchedule, c.args.monthlyRetentionDays()),
		},
		Tags: tagging.Named(c.name, c.args.Tags),
	}, opts...)
}

// clusterResourceType is the wildcard ARN AWS Backup takes for Aurora DB
// clusters (AWS Backup developer guide, "Assigning resources to a backup
// plan": Aurora clusters are named by their cluster ARN, not the db: ARN of
// their instances).
const clusterResourceType = "arn:%s:rds:*:*:cluster:*"

// selection creates the role `<name>` AWS Backup runs as, with the AWS
// managed policies for backups and restores (attachments `<name>-backup`
// and `<name>-restores`), and the selection `<name>` that assigns every data
// store of selectedResourceTypes whose tag SelectionTagKey holds the main
// vault's name to the plan, and with Clusters the selection
// `<name>-clusters` that does the same for Aurora clusters. Conditions, not ListOfTags, so that the tag and
// the resource types must all match (AWS Backup API reference,
// BackupSelection: "If you specify multiple conditions, the resources much
// match all conditions (AND logic)").
//
// With ExistingRoleARN it creates neither role nor attachments and the
// selections run as that role. It returns the role it created, if any.
func (c *children) selection(plan *backup.Plan, main *vault, opts ...pulumi.ResourceOption) (*iam.Role, error) {
	if c.args.ExistingRoleARN != nil {
		return nil, c.selections(plan, main, c.args.ExistingRoleARN.ToStringOutput(), nil, opts...)
	}
	trust, err := policy.AssumeRole("backup.amazonaws.com").JSON()
	if err != nil {
		return nil, err
	}
	role, err := iam.NewRole(c.ctx, c.name, &iam.RoleArgs{
		Description:      pulumi.String("Lets AWS Backup back up and restore the data stores of the " + c.name + " plan."),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             tagging.Named(c.name, c.args.Tags),
	}, opts...)
	if err != nil {
		return nil, err
	}
	var attachments []pulumi.Resource
	for _, managed := range []struct{ key, policy string }{
		{"backup", "AWSBackupServiceRolePolicyForBackup"},
		{"restores", "AWSBackupServiceRolePolicyForRestores"},
	} {
		a, err := iam.NewRolePolicyAttachment(c.ctx, c.name+"-"+managed.key, &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String("arn:" + c.here.Partition + ":iam::aws:policy/service-role/" + managed.policy),
		}, opts...)
		if err != nil {
			return nil, err
		}
		attachments = append(attachments, a)
	}
	return role, c.selections(plan, main, role.Arn, attachments, opts...)
}

// selections creates the selection `<name>` (and `<name>-clusters`) run as
// roleARN, after the role's attachments.
func (c *children) selections(plan *backup.Plan, main *vault, roleARN pulumi.StringOutput, attachments []pulumi.Resource, opts ...pulumi.ResourceOption) error {
	selections := map[string][]string{c.name: selectedResourceTypes}
	if c.args.Clusters {
		selections[c.name+"-clusters"] = []string{clusterResourceType}
	}
	for _, name := range []string{c.name, c.name + "-clusters"} {
		patterns, selected := selections[name]
		if !selected {
			continue
		}
		resources := make(pulumi.StringArray, len(patterns))
		for i, pattern := range patterns {
			resources[i] = pulumi.String(fmt.Sprintf(pattern, c.here.Partition))
		}
		_, err := backup.NewSelection(c.ctx, name, &backup.SelectionArgs{
			PlanId:     plan.ID(),
			IamRoleArn: roleARN,
			Resources:  resources,
			Conditions: backup.SelectionConditionArray{backup.SelectionConditionArgs{
				StringEquals: backup.SelectionConditionStringEqualArray{backup.SelectionConditionStringEqualArgs{
					Key:   pulumi.String("aws:ResourceTag/" + SelectionTagKey),
					Value: main.name,
				}},
			}},
		}, append(append([]pulumi.ResourceOption{}, opts...), pulumi.DependsOn(attachments))...)
		if err != nil {
			return err
		}
	}
	return nil
}
