package host

import (
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/dlm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ebs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// dataDevice is where the data volume appears on the instance (as
// /dev/nvme1n1 on Nitro instances; mount it by its volume ID or label).
const dataDevice = "/dev/sdf"

// snapshotTag is the tag key Data Lifecycle Manager selects volumes by.
const snapshotTag = "Snapshot"

// dataVolumeName is the logical name of the data volume and its attachment,
// and the value of its snapshotTag.
func (c *children) dataVolumeName() string {
	return c.name + "-data"
}

// dataVolume creates the encrypted gp3 volume `<name>-data` in the host's
// Availability Zone and attaches it to the instance (attachment
// `<name>-data`). The volume is retained on delete: removing the host, or
// the whole stack, leaves the data behind. The instance is stopped before
// the volume is detached, so a detach never tears a write in half.
func (c *children) dataVolume(instance *ec2.Instance) (*ebs.Volume, error) {
	volumeName := c.dataVolumeName()
	volume, err := ebs.NewVolume(c.ctx, volumeName, &ebs.VolumeArgs{
		AvailabilityZone: pulumi.String(c.args.AvailabilityZone),
		Size:             pulumi.Int(c.args.DataVolumeGiB),
		Type:             pulumi.String("gp3"),
		Encrypted:        pulumi.Bool(true),
		Tags:             tagging.Named(volumeName, c.args.Tags, map[string]string{snapshotTag: volumeName}),
	}, c.parent, pulumi.RetainOnDelete(true))
	if err != nil {
		return nil, err
	}
	_, err = ec2.NewVolumeAttachment(c.ctx, volumeName, &ec2.VolumeAttachmentArgs{
		DeviceName:                  pulumi.String(dataDevice),
		InstanceId:                  instance.ID(),
		VolumeId:                    volume.ID(),
		StopInstanceBeforeDetaching: pulumi.Bool(true),
	}, c.parent)
	if err != nil {
		return nil, err
	}
	return volume, nil
}

// dataSnapshots creates the Data Lifecycle Manager policy
// `<name>-data-snapshots`: a snapshot of the data volume every day at 03:00
// UTC, keeping the newest SnapshotRetentionCount, with the volume's tags
// copied onto each snapshot. DLM runs as the role `<name>-dlm`, which holds
// the AWS managed DLM service policy (attachment `<name>-dlm`).
func (c *children) dataSnapshots() error {
	role, permissions, err := c.serviceRole(c.name+"-dlm", c.name+"-dlm", "dlm.amazonaws.com", "service-role/AWSDataLifecycleManagerServiceRole")
	if err != nil {
		return err
	}
	policyName := c.name + "-data-snapshots"
	_, err = dlm.NewLifecyclePolicy(c.ctx, policyName, &dlm.LifecyclePolicyArgs{
		// DLM descriptions allow only letters, digits, spaces, _ and -.
		Description:      pulumi.String("millionstack host daily data volume snapshots"),
		ExecutionRoleArn: role.Arn,
		State:            pulumi.String("ENABLED"),
		PolicyDetails: &dlm.LifecyclePolicyPolicyDetailsArgs{
			PolicyType:    pulumi.String("EBS_SNAPSHOT_MANAGEMENT"),
			ResourceTypes: pulumi.StringArray{pulumi.String("VOLUME")},
			TargetTags:    pulumi.StringMap{snapshotTag: pulumi.String(c.dataVolumeName())},
			Schedules: dlm.LifecyclePolicyPolicyDetailsScheduleArray{
				&dlm.LifecyclePolicyPolicyDetailsScheduleArgs{
					Name: pulumi.String("daily"),
					CreateRule: &dlm.LifecyclePolicyPolicyDetailsScheduleCreateRuleArgs{
						Interval:     pulumi.Int(24),
						IntervalUnit: pulumi.String("HOURS"),
						Times:        pulumi.String("03:00"),
					},
					RetainRule: &dlm.LifecyclePolicyPolicyDetailsScheduleRetainRuleArgs{
						Count: pulumi.Int(c.args.SnapshotRetentionCount),
					},
					CopyTags: pulumi.Bool(true),
				},
			},
		},
		Tags: tagging.Named(policyName, c.args.Tags),
	}, c.parent, pulumi.DependsOn([]pulumi.Resource{permissions}))
	return err
}
