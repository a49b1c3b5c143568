package host

import (
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// instanceRole creates the role `<name>` the instance runs as, with the AWS
// managed policy that lets Systems Manager manage it (`<name>-ssm`: Session
// Manager instead of SSH, patching, inventory), and the instance profile
// `<name>` that hands the role to the instance. The profile waits for the
// attachment, so the SSM agent has its permissions from the first boot.
func (c *children) instanceRole() (*iam.Role, *iam.InstanceProfile, error) {
	role, ssm, err := c.serviceRole(c.name, c.name+"-ssm", "ec2.amazonaws.com", "AmazonSSMManagedInstanceCore")
	if err != nil {
		return nil, nil, err
	}
	profile, err := iam.NewInstanceProfile(c.ctx, c.name, &iam.InstanceProfileArgs{
		Role: role.Name,
		Tags: tagging.Named(c.name, c.args.Tags),
	}, c.parent, pulumi.DependsOn([]pulumi.Resource{ssm}))
	if err != nil {
		return nil, nil, err
	}
	return role, profile, nil
}

// serviceRole creates the role roleName that only one AWS service may
// assume, and attaches to it (as attachmentName) the AWS managed policy at
// policyPath ("AmazonSSMManagedInstanceCore", "service-role/...").
func (c *children) serviceRole(roleName, attachmentName, service, policyPath string) (*iam.Role, *iam.RolePolicyAttachment, error) {
	trust, err := policy.AssumeRole(service).JSON()
	if err != nil {
		return nil, nil, err
	}
	role, err := iam.NewRole(c.ctx, roleName, &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             tagging.Named(roleName, c.args.Tags),
	}, c.parent)
	if err != nil {
		return nil, nil, err
	}
	attachment, err := iam.NewRolePolicyAttachment(c.ctx, attachmentName, &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String("arn:" + c.partition + ":iam::aws:policy/" + policyPath),
	}, c.parent)
	if err != nil {
		return nil, nil, err
	}
	return role, attachment, nil
}
