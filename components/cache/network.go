package cache

import (
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// subnetGroup creates the cache subnet group `<name>` over the private
// subnets (Security Hub ElastiCache.7: never the default subnet group). Its
// name is chosen by Pulumi and kept for the group's life: the replication
// group cannot move to another subnet group without being replaced. With
// ExistingSubnetGroupName it creates nothing and returns that name.
func (c *children) subnetGroup() (*elasticache.SubnetGroup, pulumi.StringOutput, error) {
	if c.args.ExistingSubnetGroupName != nil {
		return nil, c.args.ExistingSubnetGroupName.ToStringOutput(), nil
	}
	group, err := elasticache.NewSubnetGroup(c.ctx, c.name, &elasticache.SubnetGroupArgs{
		Description: pulumi.String("millionstack cache " + c.name + ": private subnets"),
		SubnetIds:   c.args.SubnetIDs,
		Tags:        tagging.Named(c.name, c.args.Tags),
	}, c.parent)
	if err != nil {
		return nil, pulumi.StringOutput{}, err
	}
	return group, group.Name, nil
}

// securityGroup creates the cache's security group `<name>`, which admits
// each of AllowedSecurityGroups on Port through its own rule
// `<name>-from-<key>` and nothing else. It has no egress rule: the nodes
// never open connections. Rules are separate resources so that admitting
// another group never rewrites the others. With ExistingSecurityGroupID it
// creates nothing and returns that group's ID.
func (c *children) securityGroup() (*ec2.SecurityGroup, pulumi.StringOutput, error) {
	if c.args.ExistingSecurityGroupID != nil {
		return nil, c.args.ExistingSecurityGroupID.ToStringOutput(), nil
	}
	sg, err := ec2.NewSecurityGroup(c.ctx, c.name, &ec2.SecurityGroupArgs{
		VpcId: c.args.VpcID,
		// The description cannot change without replacing the group, so it
		// names neither the port nor the admitted groups.
		Description: pulumi.String("millionstack cache " + c.name + ": admits only the app's security groups"),
		Tags:        tagging.Named(c.name, c.args.Tags),
	}, c.parent)
	if err != nil {
		return nil, pulumi.StringOutput{}, err
	}
	for _, key := range validate.Keys(c.args.AllowedSecurityGroups) {
		if err := c.admit(key, sg.ID(), c.args.AllowedSecurityGroups[key]); err != nil {
			return nil, pulumi.StringOutput{}, err
		}
	}
	return sg, sg.ID().ToStringOutput(), nil
}

// admit creates the rule `<name>-from-<key>` that lets caller reach the
// cache's group on Port.
func (c *children) admit(key string, group pulumi.IDOutput, caller pulumi.StringInput) error {
	ruleName := c.name + "-from-" + key
	_, err := vpc.NewSecurityGroupIngressRule(c.ctx, ruleName, &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId:           group,
		Description:               pulumi.String("cache port from " + key),
		IpProtocol:                pulumi.String("tcp"),
		FromPort:                  pulumi.Int(c.args.Port),
		ToPort:                    pulumi.Int(c.args.Port),
		ReferencedSecurityGroupId: caller.ToStringOutput().ToStringPtrOutput(),
		Tags:                      tagging.Named(ruleName, c.args.Tags),
	}, c.parent)
	return err
}
