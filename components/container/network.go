package container

import (
	"github.com/millionstack/millionstack/internal/naming"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// httpsPort is what the tasks reach anywhere: ECR and ECR Public, CloudWatch
// Logs and every other AWS API.
const httpsPort = 443

// securityGroup creates the tasks' security group `<name>-tasks` without
// inline rules (the provider then removes AWS's default allow-all egress)
// and one rule resource per hop, so that adding or removing one never
// touches the others:
//
//   - `<name>-tasks-from-<key>`: TCP on ContainerPort from each of
//     AllowedSecurityGroups, nothing else;
//   - `<name>-tasks-to-https`: TCP 443 anywhere, for image pulls (through
//     the NAT, or to endpoints), logs and the AWS APIs;
//   - `<name>-tasks-to-<key>`: TCP on any port to each of EgressCIDRs.
//
// DNS to the VPC resolver needs no rule: security groups do not filter
// traffic to the Amazon DNS server (Amazon VPC user guide, security group
// rules).
func (b *builder) securityGroup() error {
	if existing := b.args.ExistingSecurityGroupID; existing != nil {
		b.securityGroupID = existing.ToStringOutput()
		return nil
	}
	var err error
	b.tasksGroup, err = ec2.NewSecurityGroup(b.ctx, naming.Child(b.name, "tasks"), &ec2.SecurityGroupArgs{
		VpcId: b.args.VpcID,
		// Fixed: AWS cannot change a group's description without replacing it.
		Description: pulumi.String("Tasks of an ECS service"),
		Tags:        tagging.Named(naming.Child(b.name, "tasks"), b.args.Tags),
	}, b.parent)
	if err != nil {
		return err
	}
	b.securityGroupID = b.tasksGroup.ID().ToStringOutput()
	for _, key := range validate.Keys(b.args.AllowedSecurityGroups) {
		role := "tasks-from-" + key
		if _, err := vpc.NewSecurityGroupIngressRule(b.ctx, naming.Child(b.name, role), &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId:           b.tasksGroup.ID(),
			Description:               pulumi.String("From the " + key + " security group to the container port"),
			IpProtocol:                pulumi.String("tcp"),
			FromPort:                  pulumi.Int(b.args.ContainerPort),
			ToPort:                    pulumi.Int(b.args.ContainerPort),
			ReferencedSecurityGroupId: b.args.AllowedSecurityGroups[key],
			Tags:                      tagging.Named(naming.Child(b.name, role), b.args.Tags),
		}, b.parent); err != nil {
			return err
		}
	}
	if err := b.egress(httpsEgress, "HTTPS anywhere: image pulls, logs, AWS APIs", "0.0.0.0/0", httpsPort, httpsPort); err != nil {
		return err
	}
	for _, key := range validate.Keys(b.args.EgressCIDRs) {
		if err := b.egress(key, "To "+key+" ("+b.args.EgressCIDRs[key]+")", b.args.EgressCIDRs[key], 0, 65535); err != nil {
			return err
		}
	}
	return nil
}

// egress creates the rule `<name>-tasks-to-<key>`: TCP on ports from to to,
// to cidr.
func (b *builder) egress(key, description, cidr string, from, to int) error {
	role := "tasks-to-" + key
	_, err := vpc.NewSecurityGroupEgressRule(b.ctx, naming.Child(b.name, role), &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: b.tasksGroup.ID(),
		Description:     pulumi.String(description),
		IpProtocol:      pulumi.String("tcp"),
		FromPort:        pulumi.Int(from),
		ToPort:          pulumi.Int(to),
		CidrIpv4:        pulumi.String(cidr),
		Tags:            tagging.Named(naming.Child(b.name, role), b.args.Tags),
	}, b.parent)
	return err
}
