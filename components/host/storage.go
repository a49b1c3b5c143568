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

// dataVolumeName is the logical name of the data volume and its attachment.
func (c *children) dataVolumeName() string {
	return c.name + "-data"
}

// snapshotTarget is the value of the data volume's snapshotTag, the one tag
// its snapshot policy selects it by: `<name>-data-<instance ID>`.
//
// It must be unique to this volume. A policy selects every volume that
// carries its tag, and DLM refuses a second policy with the same target tags
// (pulumi-aws dlm.LifecyclePolicy, targetTags: "You cannot have overlapping
// lifecycle policies that share the same targetTags"): the fixed
// `<name>-data` made the second stack in an account fail or snapshot the
// first one's volume, and kept a retained volume selected by the policy of
// the host created after it. An instance ID names one instance only, so the
// value differs between stacks and between lifetimes of the host (a host
// created again, after its volume was retained, has a new instance), and it
// is known before the volume is created, as a tag must be. It moves, in
// place on the volume and the policy, only when the instance is replaced (a
// newly pinned AMI). Two alternatives do worse: an ec2.Tag putting the
// volume's own ID on the volume fights the volume's managed tags (the
// pulumi-aws doc of ec2.Tag warns of a perpetual diff), and a random value
// kept by IgnoreChanges would keep the old shared value on existing stacks
// (Pulumi resets an ignored input to its old value).
func (c *children) snapshotTarget(instance *ec2.Instance) pulumi.StringOutput {
	return pulumi.Sprintf("%s-%s", c.dataVolumeName(), instance.ID())
}

// dataVolume creates the encrypted gp3 volume `<name>-data` in the host's
// Availability Zone, tagged with its snapshot target and BackupTags (only
// the data volume carries those: it is the host's data), and attaches it to the
// instance (attachment `<name>-data`). The volume is retained on delete:
// removing the host, or the whole stack, leaves the data behind, with its
// Name tag (a label AWS does not require to be unique) and its own snapshot
// target, which no later policy selects, and its BackupTags, which keep it
// under a backup plan until it is deleted. It is encrypted with
// ExistingKMSKeyARN when given. The instance is stopped before the
// volume is detached, so a detach never tears a write in half.
func (c *children) dataVolume(instance *ec2.Instance, target pulumi.StringOutput) (*ebs.Volume, error) {
	volumeName := c.dataVolumeName()
	tags := tagging.WithInputs(tagging.Named(volumeName, c.args.Tags), c.args.BackupTags)
	tags[snapshotTag] = target
	volumeArgs := &ebs.VolumeArgs{
		AvailabilityZone: pulumi.String(c.args.AvailabilityZone),
		Size:             pulumi.Int(c.args.DataVolumeGiB),
		Type:             pulumi.String("gp3"),
		Encrypted:        pulumi.Bool(true),
		Tags:             tags,
	}
	if key := c.args.ExistingKMSKeyARN; key != nil {
		volumeArgs.KmsKeyId = key.ToStringOutput()
	}
	volume, err := ebs.NewVolume(c.ctx, volumeName, volumeArgs, c.parent, pulumi.RetainOnDelete(true))
	if err != nil {
		return nil, err
	}
	_, err = ec2.NewVolumeAttachment(c.ctx, volumeName, &ec2.VolumeAttachmentArgs{
		DeviceName:                  pulumi.String(dataDevice),
		InstanceId:                  instance.ID(),
		VolumeId:                    volume.ID(),
		StopInstanceBeforeDetaching: pulumi.Bool(true),
		// Detach first, then attach to the new instance: a new pinned AMI
		// replaces the instance and with it the attachment (instance_id is
		// ForceNew, terraform-provider-aws internal/service/ec2
		// ebs_volume_attachment.go), and Pulumi's default order (create the
		// replacement, then delete the old one) would attach a volume that
		// is still attached to the old instance, which EC2 refuses
		// (AttachVolume: VolumeInUse; a volume attaches to one instance
		// unless it is io1/io2 with Multi-Attach, EBS user guide).
	}, c.parent, pulumi.DeleteBeforeReplace(true))
	if err != nil {
		return nil, err
	}
	return volume, nil
}

// dataSnapshots creates the Data Lifecycle Manager policy
// `<name>-data-snapshots`: a snapshot of the volume tagged with target every
// day at 03:00 UTC, keeping the newest SnapshotRetentionCount, with the
// volume's tags copied onto each snapshot. DLM runs as the role `<name>-dlm`,
// which holds the AWS managed DLM service policy (attachment `<name>-dlm`).
func (c *children) dataSnapshots(target pulumi.StringOutput) error {
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
			TargetTags:    pulumi.StringMap{snapshotTag: target},
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
