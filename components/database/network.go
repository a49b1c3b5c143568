package database

import (
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newSubnetGroup places the database in the given private subnets and
// returns the group and its name: the group ExistingSubnetGroupName names,
// and no group of the component's, when the site has one. The primary keeps
// its group for life: changing an instance's subnet group replaces it, so
// the group itself is what changes when subnets do.
func newSubnetGroup(ctx *pulumi.Context, name string, at site, parent pulumi.ResourceOption) (*rds.SubnetGroup, pulumi.StringOutput, error) {
	if at.existing.subnetGroupName != nil {
		return nil, at.existing.subnetGroupName.ToStringOutput(), nil
	}
	group, err := rds.NewSubnetGroup(ctx, name, &rds.SubnetGroupArgs{
		Description: pulumi.String("Database subnets of " + name),
		SubnetIds:   at.subnetIDs,
		Tags:        tagging.Named(name, at.tags),
	}, parent)
	if err != nil {
		return nil, pulumi.StringOutput{}, err
	}
	return group, group.Name, nil
}

// newSecurityGroup creates the database's security group and admits each of
// the site's allowed security groups on the engine port, one rule `<name>-from-<key>` per
// caller, so adding or removing a caller touches only its own rule. The
// group has no inline rules and no egress: a database answers connections
// but never opens any (the provider removes AWS's default allow-all egress).
// With the site's ExistingSecurityGroupID it creates nothing and returns
// that group's ID: a group of the user's own is theirs to open.
func newSecurityGroup(ctx *pulumi.Context, name string, at site, parent pulumi.ResourceOption) (*ec2.SecurityGroup, pulumi.StringOutput, error) {
	if at.existing.securityGroupID != nil {
		return nil, at.existing.securityGroupID.ToStringOutput(), nil
	}
	sg, err := ec2.NewSecurityGroup(ctx, name, &ec2.SecurityGroupArgs{
		Description: pulumi.String("Database " + name + ": engine port from the allowed security groups only"),
		VpcId:       at.vpcID,
		Tags:        tagging.Named(name, at.tags),
	}, parent)
	if err != nil {
		return nil, pulumi.StringOutput{}, err
	}
	id := sg.ID().ToStringOutput()
	for _, key := range validate.Keys(at.allowed) {
		if _, err := admit(ctx, name, key, at, id, at.allowed[key], parent); err != nil {
			return nil, pulumi.StringOutput{}, err
		}
	}
	return sg, id, nil
}

// admit lets the security group caller, known as key, reach the database
// (its security group: database) on the engine port: the ingress rule
// `<name>-from-<key>`.
func admit(ctx *pulumi.Context, name, key string, at site, database, caller pulumi.StringInput, parent pulumi.ResourceOption) (*vpc.SecurityGroupIngressRule, error) {
	ruleName := name + "-from-" + key
	return vpc.NewSecurityGroupIngressRule(ctx, ruleName, &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId:           database,
		ReferencedSecurityGroupId: caller,
		IpProtocol:                pulumi.String("tcp"),
		FromPort:                  pulumi.Int(at.port),
		ToPort:                    pulumi.Int(at.port),
		Description:               pulumi.String(string(at.engine) + " from " + key),
		Tags:                      tagging.Named(ruleName, at.tags),
	}, parent)
}

// httpsPort is where AWS's APIs answer, through an interface endpoint or a
// NAT gateway.
const httpsPort = 443

// functionNetwork is the network place of one of the component's own Lambda
// functions (the bootstrap, the rotation) in SubnetIDs: its security group,
// and the database's rule admitting it, which the function's first run must
// wait for.
type functionNetwork struct {
	securityGroup *ec2.SecurityGroup
	admitted      *vpc.SecurityGroupIngressRule
}

// newFunctionNetwork creates the security group `<name>-<key>` of the
// component's function key, which may open two kinds of connection and
// nothing else: to the database's security group (database) on the engine port, and
// HTTPS to anywhere, which is where Secrets Manager answers (its interface
// endpoint in the VPC, or its public endpoint through a NAT gateway: the
// group cannot know which, the subnets' routes decide). No ingress: a
// Lambda function answers no connection. The database admits the group
// with the rule `<name>-from-<key>`, as it admits its other callers; a
// security group of the user's own (ExistingSecurityGroupID) gets that rule
// too, the one thing the component adds to it, without which its functions
// could not reach the database.
func newFunctionNetwork(ctx *pulumi.Context, name, key string, at site, database pulumi.StringInput, parent pulumi.ResourceOption) (functionNetwork, error) {
	groupName := name + "-" + key
	sg, err := ec2.NewSecurityGroup(ctx, groupName, &ec2.SecurityGroupArgs{
		Description: pulumi.String("Database " + name + ", " + key + " function: " + string(at.engine) + " to the database and HTTPS to Secrets Manager only"),
		VpcId:       at.vpcID,
		Tags:        tagging.Named(groupName, at.tags),
	}, parent)
	if err != nil {
		return functionNetwork{}, err
	}
	for _, egress := range []struct {
		role        string
		port        int
		description string
		args        vpc.SecurityGroupEgressRuleArgs
	}{
		{"database", at.port, string(at.engine) + " to database " + name, vpc.SecurityGroupEgressRuleArgs{ReferencedSecurityGroupId: database}},
		{"https", httpsPort, "HTTPS to Secrets Manager", vpc.SecurityGroupEgressRuleArgs{CidrIpv4: pulumi.String("0.0.0.0/0")}},
	} {
		ruleName := groupName + "-to-" + egress.role
		rule := egress.args
		rule.SecurityGroupId = sg.ID()
		rule.IpProtocol = pulumi.String("tcp")
		rule.FromPort = pulumi.Int(egress.port)
		rule.ToPort = pulumi.Int(egress.port)
		rule.Description = pulumi.String(egress.description)
		rule.Tags = tagging.Named(ruleName, at.tags)
		if _, err := vpc.NewSecurityGroupEgressRule(ctx, ruleName, &rule, parent); err != nil {
			return functionNetwork{}, err
		}
	}
	admitted, err := admit(ctx, name, key, at, database, sg.ID(), parent)
	if err != nil {
		return functionNetwork{}, err
	}
	return functionNetwork{securityGroup: sg, admitted: admitted}, nil
}
