package host

import (
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// anywhere is the IPv4 range of the whole internet.
const anywhere = "0.0.0.0/0"

// webPorts are the only ports the host accepts traffic on, each with the
// role that names its ingress rule. There is deliberately no SSH: Session
// Manager reaches the instance through its SSM agent instead.
var webPorts = []struct {
	role string
	port int
}{{"http", 80}, {"https", 443}}

// securityGroup creates the host's security group `<name>`: HTTP and HTTPS
// from anywhere (`<name>-http`, `<name>-https`) and all egress
// (`<name>-egress`, for package updates, SSM and the app's own calls). Rules
// are separate resources so that adding one never rewrites the others.
func (c *children) securityGroup() (*ec2.SecurityGroup, error) {
	sg, err := ec2.NewSecurityGroup(c.ctx, c.name, &ec2.SecurityGroupArgs{
		VpcId:       c.args.VpcID,
		Description: pulumi.String("millionstack host: HTTP and HTTPS from the internet"),
		Tags:        tagging.Named(c.name, c.args.Tags),
	}, c.parent)
	if err != nil {
		return nil, err
	}
	for _, web := range webPorts {
		ruleName := c.name + "-" + web.role
		_, err := vpc.NewSecurityGroupIngressRule(c.ctx, ruleName, &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: sg.ID(),
			Description:     pulumi.String(web.role + " from the internet"),
			IpProtocol:      pulumi.String("tcp"),
			FromPort:        pulumi.Int(web.port),
			ToPort:          pulumi.Int(web.port),
			CidrIpv4:        pulumi.String(anywhere),
			Tags:            tagging.Named(ruleName, c.args.Tags),
		}, c.parent)
		if err != nil {
			return nil, err
		}
	}
	egressName := c.name + "-egress"
	_, err = vpc.NewSecurityGroupEgressRule(c.ctx, egressName, &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: sg.ID(),
		Description:     pulumi.String("all outbound traffic"),
		IpProtocol:      pulumi.String("-1"),
		CidrIpv4:        pulumi.String(anywhere),
		Tags:            tagging.Named(egressName, c.args.Tags),
	}, c.parent)
	if err != nil {
		return nil, err
	}
	return sg, nil
}

// elasticIP creates the Elastic IP `<name>` and associates it with the
// instance (association `<name>`), returning the public address. The
// association is its own resource so that replacing the instance (a newly
// pinned AMI) moves the address rather than releasing it: DNS keeps working.
// It returns the Elastic IP, whose PublicIp is the host's address.
func (c *children) elasticIP(instance *ec2.Instance) (*ec2.Eip, error) {
	eip, err := ec2.NewEip(c.ctx, c.name, &ec2.EipArgs{
		Domain: pulumi.String("vpc"),
		Tags:   tagging.Named(c.name, c.args.Tags),
	}, c.parent)
	if err != nil {
		return nil, err
	}
	_, err = ec2.NewEipAssociation(c.ctx, c.name, &ec2.EipAssociationArgs{
		AllocationId: eip.AllocationId,
		InstanceId:   instance.ID(),
	}, c.parent)
	return eip, err
}
