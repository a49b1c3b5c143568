package database

import (
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newSubnetGroup places the database in the given private subnets. The
// primary keeps this group for life: changing an instance's subnet group
// replaces it, so the group itself is what changes when subnets do.
func newSubnetGroup(ctx *pulumi.Context, name string, args DatabaseArgs, parent pulumi.ResourceOption) (*rds.SubnetGroup, error) {
	return rds.NewSubnetGroup(ctx, name, &rds.SubnetGroupArgs{
		Description: pulumi.String("Database subnets of " + name),
		SubnetIds:   args.SubnetIDs,
		Tags:        tagging.Named(name, args.Tags),
	}, parent)
}

// newSecurityGroup creates the database's security group and admits each of
// AllowedSecurityGroups on the engine port, one rule `<name>-from-<key>` per
// caller, so adding or removing a caller touches only its own rule. The
// group has no inline rules and no egress: a database answers connections
// but never opens any (the provider removes AWS's default allow-all egress).
func newSecurityGroup(ctx *pulumi.Context, name string, args DatabaseArgs, port int, parent pulumi.ResourceOption) (*ec2.SecurityGroup, error) {
	sg, err := ec2.NewSecurityGroup(ctx, name, &ec2.SecurityGroupArgs{
		Description: pulumi.String("Database " + name + ": engine port from the allowed security groups only"),
		VpcId:       args.VpcID,
		Tags:        tagging.Named(name, args.Tags),
	}, parent)
	if err != nil {
		return nil, err
	}
	for _, key := range validate.Keys(args.AllowedSecurityGroups) {
		ruleName := name + "-from-" + key
		_, err := vpc.NewSecurityGroupIngressRule(ctx, ruleName, &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId:           sg.ID(),
			ReferencedSecurityGroupId: args.AllowedSecurityGroups[key],
			IpProtocol:                pulumi.String("tcp"),
			FromPort:                  pulumi.Int(port),
			ToPort:                    pulumi.Int(port),
			Description:               pulumi.String(args.Engine + " from " + key),
			Tags:                      tagging.Named(ruleName, args.Tags),
		}, parent)
		if err != nil {
			return nil, err
		}
	}
	return sg, nil
}
