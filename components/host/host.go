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

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Host is one EC2 instance with an Elastic IP, a security group open to the
// web, an SSM-managed instance role and a snapshotted data volume.
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
}

// NewHost creates a Host named name. It applies the defaults documented on
// HostArgs and validates them before it registers anything.
func NewHost(ctx *pulumi.Context, name string, args HostArgs, opts ...pulumi.ResourceOption) (*Host, error) {
	args = args.withDefaults()
	if err := errors.Join(validate.ComponentName("host", name), args.validate()); err != nil {
		return nil, err
	}
	host := &Host{}
	if err := ctx.RegisterComponentResource("millionstack:host:Host", name, host, opts...); err != nil {
		return nil, err
	}
	partition, err := aws.GetPartition(ctx, nil, pulumi.Parent(host))
	if err != nil {
		return nil, err
	}
	c := &children{ctx: ctx, name: name, args: args, parent: pulumi.Parent(host), partition: partition.Partition}

	securityGroup, err := c.securityGroup()
	if err != nil {
		return nil, err
	}
	role, profile, err := c.instanceRole()
	if err != nil {
		return nil, err
	}
	instance, err := c.instance(securityGroup, profile)
	if err != nil {
		return nil, err
	}
	publicIP, err := c.elasticIP(instance)
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
	host.PublicIP = publicIP
	host.PrivateIP = instance.PrivateIp
	host.SecurityGroupID = securityGroup.ID().ToStringOutput()
	host.RoleName = role.Name
	host.DataVolumeID = volume.ID().ToStringOutput()
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
