package network

import (
	"fmt"
	"github.com/millionstack/millionstack/internal/naming"

	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// gatewayServices are the AWS services reached through free gateway
// endpoints, so that private and database subnets use them without NAT
// (and without paying NAT data processing for S3 and DynamoDB traffic).
var gatewayServices = []string{"s3", "dynamodb"}

// gatewayEndpoints creates a gateway endpoint "<name>-<service>" per gateway
// service and attaches it to every private route table and the database
// route table, each attachment its own resource
// ("<name>-s3-private-us-east-1a", "<name>-s3-database") so that adding an
// AZ only adds attachments and leaves the endpoint untouched. The public
// table gets none: public subnets reach S3 through the internet gateway.
func (b *builder) gatewayEndpoints(c *core, t *tiers) error {
	for _, service := range gatewayServices {
		name := naming.Child(b.name, service)
		endpoint, err := ec2.NewVpcEndpoint(b.ctx, name, &ec2.VpcEndpointArgs{
			VpcId:           c.vpc.ID(),
			ServiceName:     pulumi.String(fmt.Sprintf("com.amazonaws.%s.%s", b.region, service)),
			VpcEndpointType: pulumi.String("Gateway"),
			Tags:            tagging.Named(name, b.tags),
		}, b.parent)
		if err != nil {
			return err
		}
		for _, rt := range t.isolated {
			if _, err := ec2.NewVpcEndpointRouteTableAssociation(b.ctx, naming.Child(b.name, service, rt.role), &ec2.VpcEndpointRouteTableAssociationArgs{
				VpcEndpointId: endpoint.ID(),
				RouteTableId:  rt.table.ID(),
			}, b.parent); err != nil {
				return err
			}
		}
	}
	return nil
}

// interfaceEndpointPort is where an interface endpoint answers: HTTPS.
const interfaceEndpointPort = 443

// interfaceEndpoints creates an interface endpoint "<name>-<service>" per
// service, with private DNS, in the private subnets of the first azCount
// AZs, behind one security group "<name>-endpoints" that admits HTTPS from
// the whole VPC. The whole VPC, not only today's clients: private DNS makes
// every lookup of the service's name in the VPC answer the endpoint's
// addresses, so a group admitting fewer would not send the others to the
// public endpoint but make their calls time out. Who may do what through
// the endpoint is the policy's and IAM's business:
//
// The endpoint policy admits principals of this account only
// (aws:PrincipalAccount): someone who gets code running in the VPC cannot
// use the endpoint with credentials of an account of theirs, for example
// to copy data out into their own secrets (the VPC endpoint policy of the
// AWS data perimeter examples). It names no resources: through private
// DNS the endpoint carries every call the VPC makes to the service, so a
// policy scoped to one resource would deny the rest; the identity policies
// of the callers scope resources.
//
// The endpoints depend on nothing a stage changes but their subnets, which
// an endpoint takes in place (ModifyVpcEndpoint); vpcId, serviceName and
// vpcEndpointType force a new endpoint (terraform-provider-aws
// internal/service/ec2/vpc_endpoint.go).
func (b *builder) interfaceEndpoints(c *core, t *tiers, vpcCIDR string, services []string, azCount int, accountID string) (map[string]*ec2.VpcEndpoint, pulumi.StringOutput, error) {
	endpoints := map[string]*ec2.VpcEndpoint{}
	if len(services) == 0 {
		return endpoints, pulumi.String("").ToStringOutput(), nil
	}
	name := naming.Child(b.name, "endpoints")
	sg, err := ec2.NewSecurityGroup(b.ctx, name, &ec2.SecurityGroupArgs{
		Description: pulumi.String("Interface endpoints of " + b.name + ": HTTPS from the VPC"),
		VpcId:       c.vpc.ID(),
		Tags:        tagging.Named(name, b.tags),
	}, b.parent)
	if err != nil {
		return nil, pulumi.StringOutput{}, err
	}
	rule := naming.Child(b.name, "endpoints", "https")
	if _, err := vpc.NewSecurityGroupIngressRule(b.ctx, rule, &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId: sg.ID(),
		CidrIpv4:        pulumi.String(vpcCIDR),
		IpProtocol:      pulumi.String("tcp"),
		FromPort:        pulumi.Int(interfaceEndpointPort),
		ToPort:          pulumi.Int(interfaceEndpointPort),
		Description:     pulumi.String("HTTPS from the VPC"),
		Tags:            tagging.Named(rule, b.tags),
	}, b.parent); err != nil {
		return nil, pulumi.StringOutput{}, err
	}
	accountOnly, err := policy.Document{Statement: []policy.Statement{{
		Sid:       "PrincipalsOfThisAccountOnly",
		Effect:    "Allow",
		Principal: "*",
		Action:    "*",
		Resource:  "*",
		Condition: map[string]map[string]interface{}{"StringEquals": {"aws:PrincipalAccount": accountID}},
	}}}.JSON()
	if err != nil {
		return nil, pulumi.StringOutput{}, err
	}
	subnets := t.ids[TierPrivate][:azCount]
	for _, service := range services {
		endpointName := naming.Child(b.name, service)
		endpoint, err := ec2.NewVpcEndpoint(b.ctx, endpointName, &ec2.VpcEndpointArgs{
			VpcId:             c.vpc.ID(),
			ServiceName:       pulumi.String(fmt.Sprintf("com.amazonaws.%s.%s", b.region, service)),
			VpcEndpointType:   pulumi.String("Interface"),
			PrivateDnsEnabled: pulumi.Bool(true),
			SubnetIds:         subnets,
			SecurityGroupIds:  pulumi.StringArray{sg.ID()},
			Policy:            pulumi.String(accountOnly),
			Tags:              tagging.Named(endpointName, b.tags),
		}, b.parent)
		if err != nil {
			return nil, pulumi.StringOutput{}, err
		}
		endpoints[service] = endpoint
	}
	return endpoints, sg.ID().ToStringOutput(), nil
}
