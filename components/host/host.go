// Package host provides Host, the single EC2 instance that serves a web app
// in its earliest stages (1, 10 and 100 users): app, and at stage 1 the
// database too, on one machine with a stable public address.
//
// What makes it safe to run for real: the instance requires IMDSv2, is
// reachable only on ports 80 and 443 (no SSH: administer it through SSM
// Session Manager), encrypts every volume, and keeps its data on a separate
// volume that is snapshotted daily and survives the host's removal.
package host

import (
	"errors"

	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ebs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// HostType is the Host component's type token.
const HostType = "millionstack:host:Host"

// Host is one EC2 instance with an Elastic IP, a security group open to the
// web, an SSM-managed instance role and a snapshotted data volume.
//
// It has no AllowFrom: its group admits HTTP and HTTPS from anywhere
// already, and it serves no other port of its own. To let a group of yours
// reach another port (a database the host runs), add an ingress rule of
// your own to SecurityGroupID.
//
// The exported children are the escape hatch: read their outputs or
// depend on them. To change an input the component sets, give NewHost a
// transform, which the engine applies to the children as they register:
//
//	pulumi.Transforms([]pulumi.ResourceTransform{func(_ context.Context, r *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult { ... }})
type Host struct {
	pulumi.ResourceState

	// InstanceID is the EC2 instance ID.
	InstanceID pulumi.StringOutput `pulumi:"instanceId"`
	// PublicIP is the Elastic IP address: point DNS here, it survives
	// instance replacement.
	PublicIP pulumi.StringOutput `pulumi:"publicIp"`
	// PrivateIP is the instance's address inside the VPC.
	PrivateIP pulumi.StringOutput `pulumi:"privateIp"`
	// SecurityGroupID is the host's security group, for rules that let it
	// reach other resources (a database, a cache).
	SecurityGroupID pulumi.StringOutput `pulumi:"securityGroupId"`
	// RoleName is the instance role, to attach the app's own policies to.
	RoleName pulumi.StringOutput `pulumi:"roleName"`
	// DataVolumeID is the EBS volume the app keeps its data on (device /dev/sdf).
	DataVolumeID pulumi.StringOutput `pulumi:"dataVolumeId"`

	// Instance is the EC2 instance `<name>`.
	Instance *ec2.Instance
	// SecurityGroup is the host's group `<name>`; nil with
	// ExistingSecurityGroupID.
	SecurityGroup *ec2.SecurityGroup
	// Role is the instance role `<name>`; nil with
	// ExistingInstanceProfileARN.
	Role *iam.Role
	// DataVolume is the data volume `<name>-data`.
	DataVolume *ebs.Volume
	// ElasticIP is the Elastic IP `<name>`.
	ElasticIP *ec2.Eip
}

// NewHost creates a Host named name. It applies the defaults documented on
// HostArgs and validates them before it registers anything.
func NewHost(ctx *pulumi.Context, name string, args HostArgs, opts ...pulumi.ResourceOption) (*Host, error) {
	args = args.WithDefaults()
	region, err := awsprovider.RegionIf(args.needsRegion(), ctx, opts...)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(validate.ComponentName("host", name), args.validate(name, region)); err != nil {
		return nil, err
	}
	host := &Host{}
	if err := ctx.RegisterComponentResource(HostType, name, host, opts...); err != nil {
		return nil, err
	}
	partition, err := aws.GetPartition(ctx, nil, pulumi.Parent(host))
	if err != nil {
		return nil, err
	}
	c := &children{ctx: ctx, name: name, args: args, parent: pulumi.Parent(host), partition: partition.Partition}

	securityGroupID := args.ExistingSecurityGroupID
	if securityGroupID == nil {
		if host.SecurityGroup, err = c.securityGroup(); err != nil {
			return nil, err
		}
		securityGroupID = host.SecurityGroup.ID()
	}
	host.RoleName = pulumi.String("").ToStringOutput()
	var profileName pulumi.StringInput
	if existing := args.ExistingInstanceProfileARN; existing != nil {
		profileName = validate.ARNName(existing) // EC2 takes the profile by name
	} else {
		role, profile, err := c.instanceRole()
		if err != nil {
			return nil, err
		}
		host.Role, host.RoleName, profileName = role, role.Name, profile.Name
	}
	instance, err := c.instance(securityGroupID, profileName)
	if err != nil {
		return nil, err
	}
	eip, err := c.elasticIP(instance)
	if err != nil {
		return nil, err
	}
	target := c.snapshotTarget(instance)
	volume, err := c.dataVolume(instance, target)
	if err != nil {
		return nil, err
	}
	if err := c.dataSnapshots(target); err != nil {
		return nil, err
	}

	host.InstanceID = instance.ID().ToStringOutput()
	host.PublicIP = eip.PublicIp
	host.PrivateIP = instance.PrivateIp
	host.SecurityGroupID = securityGroupID.ToStringOutput()
	host.DataVolumeID = volume.ID().ToStringOutput()
	host.Instance, host.DataVolume, host.ElasticIP = instance, volume, eip
	return host, ctx.RegisterResourceOutputs(host, pulumi.Map{
		"instanceId":      host.InstanceID,
		"publicIp":        host.PublicIP,
		"privateIp":       host.PrivateIP,
		"securityGroupId": host.SecurityGroupID,
		"roleName":        host.RoleName,
		"dataVolumeId":    host.DataVolumeID,
	})
}

// children creates the Host's child resources; it carries what every one of
// them needs: the context, the component's name and args, and the parent option.
type children struct {
	ctx       *pulumi.Context
	name      string
	args      HostArgs
	parent    pulumi.ResourceOrInvokeOption
	partition string // "aws", "aws-cn", "aws-us-gov": the first field of every ARN
}

// AlarmTarget is what components/monitoring watches of the host
// (MonitoringArgs.Hosts): its instance, by ID.
func (h *Host) AlarmTarget() pulumi.StringOutput { return h.InstanceID }
