package webtier

import (
	"github.com/millionstack/millionstack/internal/naming"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Listener ports of the load balancer.
const (
	httpPort  = 80
	httpsPort = 443
)

// securityGroups are the two hops of the tier: the load balancer and the
// instances behind it. A group is nil when the user gave one of their own
// (ExistingLoadBalancerSecurityGroupID, ExistingInstanceSecurityGroupID);
// the IDs are those of the groups in use either way.
type securityGroups struct {
	lb, instances     *ec2.SecurityGroup
	lbID, instancesID pulumi.StringOutput
}

// securityGroups creates `<name>-lb` and `<name>-instances` and the rules
// between them. Each group is created without inline rules (the provider
// then removes AWS's default allow-all egress) and every rule is a child
// resource of its own, so adding or removing one never touches the others:
//
//   - the load balancer admits 0.0.0.0/0 on 80 and 443 (public), or only
//     AllowedSecurityGroups on the serving port (internal), and reaches only
//     the instance group on InstancePort;
//   - the instances admit only the load balancer group on InstancePort and
//     reach anything (package updates, AWS APIs) through the NAT.
//
// With TargetsIP the second group is the targets' group the container tasks
// join: the same rules from the load balancer, and no egress of its own.
//
// A group of the user's gets no rule: the component creates neither it nor
// any rule on it (the rules of the other hop that name it still are).
func (b *builder) securityGroups() (*securityGroups, error) {
	g := &securityGroups{}
	var err error
	if existing := b.args.ExistingLoadBalancerSecurityGroupID; existing != nil {
		g.lbID = existing.ToStringOutput()
	} else {
		if g.lb, err = b.securityGroup("lb", "Load balancer of the web tier"); err != nil {
			return nil, err
		}
		g.lbID = g.lb.ID().ToStringOutput()
	}
	if existing := b.args.ExistingInstanceSecurityGroupID; existing != nil {
		g.instancesID = existing.ToStringOutput()
	} else {
		if g.instances, err = b.securityGroup("instances", "Instances of the web tier"); err != nil {
			return nil, err
		}
		g.instancesID = g.instances.ID().ToStringOutput()
	}
	if g.lb != nil {
		if err := b.loadBalancerRules(g); err != nil {
			return nil, err
		}
	}
	if g.instances != nil {
		if err := b.instanceRules(g); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// loadBalancerRules admit traffic into the load balancer's own group and
// let it reach the targets' group.
func (b *builder) loadBalancerRules(g *securityGroups) error {
	if b.args.Internal {
		port := httpPort
		if b.args.CertificateARN != nil {
			port = httpsPort
		}
		for _, key := range validate.Keys(b.args.AllowedSecurityGroups) {
			if err := b.ingress("lb-from-"+key, g.lb, port, vpc.SecurityGroupIngressRuleArgs{
				Description:               pulumi.String("From the " + key + " security group"),
				ReferencedSecurityGroupId: b.args.AllowedSecurityGroups[key],
			}); err != nil {
				return err
			}
		}
	} else {
		for _, listener := range []struct {
			role string
			port int
		}{{"lb-http", httpPort}, {"lb-https", httpsPort}} {
			if err := b.ingress(listener.role, g.lb, listener.port, vpc.SecurityGroupIngressRuleArgs{
				Description: pulumi.String("From the internet"),
				CidrIpv4:    pulumi.String("0.0.0.0/0"),
			}); err != nil {
				return err
			}
		}
	}
	_, err := vpc.NewSecurityGroupEgressRule(b.ctx, naming.Child(b.name, "lb-to-instances"), &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId:           g.lb.ID(),
		Description:               pulumi.String("To the instances on the application port"),
		IpProtocol:                pulumi.String("tcp"),
		FromPort:                  pulumi.Int(b.args.InstancePort),
		ToPort:                    pulumi.Int(b.args.InstancePort),
		ReferencedSecurityGroupId: g.instancesID,
		Tags:                      tagging.Named(naming.Child(b.name, "lb-to-instances"), b.args.Tags),
	}, b.parent)
	return err
}

// instanceRules admit the load balancer into the targets' own group and,
// for instances, let them reach anything.
func (b *builder) instanceRules(g *securityGroups) error {
	if err := b.ingress("instances-from-lb", g.instances, b.args.InstancePort, vpc.SecurityGroupIngressRuleArgs{
		Description:               pulumi.String("From the load balancer"),
		ReferencedSecurityGroupId: g.lbID,
	}); err != nil {
		return err
	}
	if b.args.Targets == TargetsIP {
		// Container tasks join the group with their own, whose egress
		// rules say where they may connect: a rule here would open
		// everything to them.
		return nil
	}
	_, err := vpc.NewSecurityGroupEgressRule(b.ctx, naming.Child(b.name, "instances-to-any"), &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: g.instances.ID(),
		Description:     pulumi.String("Package updates and AWS APIs through the NAT"),
		IpProtocol:      pulumi.String("-1"),
		CidrIpv4:        pulumi.String("0.0.0.0/0"),
		Tags:            tagging.Named(naming.Child(b.name, "instances-to-any"), b.args.Tags),
	}, b.parent)
	return err
}

// securityGroup creates the group `<name>-<role>`. Its description is fixed
// because AWS cannot change a group's description without replacing it.
func (b *builder) securityGroup(role, description string) (*ec2.SecurityGroup, error) {
	return ec2.NewSecurityGroup(b.ctx, naming.Child(b.name, role), &ec2.SecurityGroupArgs{
		VpcId:       b.args.VpcID,
		Description: pulumi.String(description),
		Tags:        tagging.Named(naming.Child(b.name, role), b.args.Tags),
	}, b.parent)
}

// ingress creates the rule `<name>-<role>` admitting TCP on port into group;
// rule says from where (a CIDR or a security group) and why.
func (b *builder) ingress(role string, group *ec2.SecurityGroup, port int, rule vpc.SecurityGroupIngressRuleArgs) error {
	rule.SecurityGroupId = group.ID()
	rule.IpProtocol = pulumi.String("tcp")
	rule.FromPort = pulumi.Int(port)
	rule.ToPort = pulumi.Int(port)
	rule.Tags = tagging.Named(naming.Child(b.name, role), b.args.Tags)
	_, err := vpc.NewSecurityGroupIngressRule(b.ctx, naming.Child(b.name, role), &rule, b.parent)
	return err
}
