package network

import (
	"github.com/millionstack/millionstack/internal/naming"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// core is the VPC and its internet edge, which every other child attaches to.
type core struct {
	vpc *ec2.Vpc
	igw *ec2.InternetGateway
}

// vpc creates the VPC with DNS support and hostnames on (interface
// endpoints, RDS and ElastiCache endpoints need both), takes over its default
// security group with no rules (Security Hub EC2.2: nothing can use it by
// accident), and attaches an internet gateway.
func (b *builder) vpc(cidr string) (*core, error) {
	name := naming.Child(b.name, "vpc")
	vpc, err := ec2.NewVpc(b.ctx, name, &ec2.VpcArgs{
		CidrBlock:          pulumi.String(cidr),
		EnableDnsSupport:   pulumi.Bool(true),
		EnableDnsHostnames: pulumi.Bool(true),
		Tags:               tagging.Named(name, b.tags),
	}, b.parent)
	if err != nil {
		return nil, err
	}

	// Leaving Ingress and Egress unset makes the provider remove every rule
	// the default group has, including AWS's allow-all egress.
	name = naming.Child(b.name, "default-sg")
	if _, err := ec2.NewDefaultSecurityGroup(b.ctx, name, &ec2.DefaultSecurityGroupArgs{
		VpcId: vpc.ID(),
		Tags:  tagging.Named(name, b.tags),
	}, b.parent); err != nil {
		return nil, err
	}

	name = naming.Child(b.name, "igw")
	igw, err := ec2.NewInternetGateway(b.ctx, name, &ec2.InternetGatewayArgs{
		VpcId: vpc.ID(),
		Tags:  tagging.Named(name, b.tags),
	}, b.parent)
	if err != nil {
		return nil, err
	}
	return &core{vpc: vpc, igw: igw}, nil
}
