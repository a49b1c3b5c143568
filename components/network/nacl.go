package network

import (
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Rule numbers and ports of the default network ACL. Rules are evaluated in
// ascending order, so the denials come before the allow-all.
const (
	naclDenySSHRule = 10
	naclDenyRDPRule = 20
	naclAllowRule   = 100
	sshPort         = 22
	rdpPort         = 3389
)

// defaultNetworkACL takes over the VPC's default network ACL, which every
// subnet of the network uses, as "<name>-default-nacl" (Security Hub EC2.21):
// inbound SSH (22) and RDP (3389) from anywhere are denied, everything else
// is allowed in and out. Security groups stay the real filter; this keeps
// SSH and RDP closed even to a security group opened by mistake (hosts are
// reached through SSM Session Manager, which needs neither).
//
// The provider replaces the ACL's rules with exactly these, and its
// SubnetIds are the subnets associated with it. Every subnet of the network
// is listed, because a subnet left out shows up as a change on every
// update: adding an AZ only adds that AZ's subnets to the list, an in-place
// update of this resource.
func (b *builder) defaultNetworkACL(c *core, t *tiers) error {
	var subnetIDs pulumi.StringArray
	for _, tier := range []Tier{TierPublic, TierPrivate, TierDatabase} {
		subnetIDs = append(subnetIDs, t.ids[tier]...)
	}
	deny := func(rule, port int) ec2.DefaultNetworkAclIngressInput {
		return ec2.DefaultNetworkAclIngressArgs{
			RuleNo:    pulumi.Int(rule),
			Action:    pulumi.String("deny"),
			Protocol:  pulumi.String("tcp"),
			CidrBlock: pulumi.String(anywhere),
			FromPort:  pulumi.Int(port),
			ToPort:    pulumi.Int(port),
		}
	}
	name := b.childName("default-nacl")
	_, err := ec2.NewDefaultNetworkAcl(b.ctx, name, &ec2.DefaultNetworkAclArgs{
		DefaultNetworkAclId: c.vpc.DefaultNetworkAclId,
		SubnetIds:           subnetIDs,
		Ingress: ec2.DefaultNetworkAclIngressArray{
			deny(naclDenySSHRule, sshPort),
			deny(naclDenyRDPRule, rdpPort),
			ec2.DefaultNetworkAclIngressArgs{
				RuleNo:    pulumi.Int(naclAllowRule),
				Action:    pulumi.String("allow"),
				Protocol:  pulumi.String("-1"),
				CidrBlock: pulumi.String(anywhere),
				FromPort:  pulumi.Int(0),
				ToPort:    pulumi.Int(0),
			},
		},
		Egress: ec2.DefaultNetworkAclEgressArray{
			ec2.DefaultNetworkAclEgressArgs{
				RuleNo:    pulumi.Int(naclAllowRule),
				Action:    pulumi.String("allow"),
				Protocol:  pulumi.String("-1"),
				CidrBlock: pulumi.String(anywhere),
				FromPort:  pulumi.Int(0),
				ToPort:    pulumi.Int(0),
			},
		},
		Tags: tagging.Named(name, b.tags),
	}, b.parent)
	return err
}
