package network

import (
	"fmt"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
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
		name := b.childName(service)
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
			if _, err := ec2.NewVpcEndpointRouteTableAssociation(b.ctx, b.childName(service, rt.role), &ec2.VpcEndpointRouteTableAssociationArgs{
				VpcEndpointId: endpoint.ID(),
				RouteTableId:  rt.table.ID(),
			}, b.parent); err != nil {
				return err
			}
		}
	}
	return nil
}
