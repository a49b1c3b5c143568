// Package network provides Network, the VPC every server-based stage lives
// in: public, private and database subnets in up to six Availability Zones,
// a locked default security group, a default network ACL that denies SSH
// (and, while there is no NAT gateway, RDP) from outside the VPC, VPC flow
// logs, S3 and DynamoDB gateway endpoints, optional interface endpoints
// (Secrets Manager for subnets without NAT) and optional NAT gateways.
//
// It is built to grow in place. Every per-AZ child is named by its AZ, never
// by a list index; every subnet's CIDR follows a fixed layout (SubnetCIDR)
// that does not depend on how many AZs exist; each private subnet has its own
// route table from the start. So going from 2 to 3 AZs, or from no NAT to one
// NAT per AZ, only adds resources, repoints private routes and updates the
// default network ACL in place (new subnets; its RDP entry goes with the
// first NAT gateway): no subnet, route table or existing NAT gateway is
// replaced.
package network

import (
	"errors"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// NetworkType is the Network component's type token.
const NetworkType = "millionstack:network:Network"

// Network is a VPC with three subnet tiers across N Availability Zones. Its
// fields are what other components are wired to.
//
// The exported children are the escape hatch: read their outputs or
// depend on them. To change an input the component sets, give NewNetwork a
// transform, which the engine applies to the children as they register:
//
//	pulumi.Transforms([]pulumi.ResourceTransform{func(_ context.Context, r *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult { ... }})
type Network struct {
	pulumi.ResourceState

	// VpcID is the VPC's ID.
	VpcID pulumi.StringOutput `pulumi:"vpcId"`
	// CIDR is the VPC's IPv4 range.
	CIDR string
	// AvailabilityZones are the AZs the network spans, in position order;
	// every per-AZ list below follows this order.
	AvailabilityZones []string
	// PublicSubnetIDs are the public subnets (load balancers, NAT gateways).
	PublicSubnetIDs pulumi.StringArrayOutput `pulumi:"publicSubnetIds"`
	// PrivateSubnetIDs are the private subnets (application servers).
	PrivateSubnetIDs pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	// DatabaseSubnetIDs are the database subnets (no internet route at all).
	DatabaseSubnetIDs pulumi.StringArrayOutput `pulumi:"databaseSubnetIds"`
	// PublicSubnetCIDRs are the public subnets' ranges.
	PublicSubnetCIDRs []string
	// PrivateSubnetCIDRs are the private subnets' ranges.
	PrivateSubnetCIDRs []string
	// DatabaseSubnetCIDRs are the database subnets' ranges.
	DatabaseSubnetCIDRs []string
	// NATGatewayIDs are the NAT gateways: none, one (the first AZ's) or one
	// per AZ in AZ order, depending on NetworkArgs.NAT.
	NATGatewayIDs pulumi.StringArrayOutput `pulumi:"natGatewayIds"`
	// FlowLogGroupName is the CloudWatch log group receiving the VPC flow logs.
	FlowLogGroupName pulumi.StringOutput `pulumi:"flowLogGroupName"`
	// InterfaceEndpoints are the interface endpoints of
	// NetworkArgs.InterfaceEndpoints, by service ("secretsmanager"): what a
	// client in a subnet without NAT waits for before it calls the service
	// (pulumi.DependsOn). Empty without interface endpoints.
	InterfaceEndpoints map[string]*ec2.VpcEndpoint
	// InterfaceEndpointSecurityGroupID is the interface endpoints' security
	// group (HTTPS from the VPC), "" without interface endpoints.
	InterfaceEndpointSecurityGroupID pulumi.StringOutput `pulumi:"interfaceEndpointSecurityGroupId"`
	// PrivateRouteTableIDs are the private subnets' route tables, by AZ
	// (one per AZ), and DatabaseRouteTableID the database subnets' one:
	// where routes to a peered network go (Peering).
	PrivateRouteTableIDs map[string]pulumi.StringOutput
	DatabaseRouteTableID pulumi.StringOutput `pulumi:"databaseRouteTableId"`

	// Vpc is the VPC `<name>-vpc`.
	Vpc *ec2.Vpc
	// Subnets are the subnets by tier and AZ ("<name>-private-us-east-1a"
	// is Subnets[TierPrivate]["us-east-1a"]).
	Subnets map[Tier]map[string]*ec2.Subnet
	// FlowLogGroup is the flow-log group `<name>-flow-logs`.
	FlowLogGroup *cloudwatch.LogGroup
}

// NewNetwork creates a Network named name. It applies the defaults of args,
// looks up the region, validates args (a bad args registers nothing) and then
// creates the VPC and its children, all parented to the component.
func NewNetwork(ctx *pulumi.Context, name string, args NetworkArgs, opts ...pulumi.ResourceOption) (*Network, error) {
	args = args.WithDefaults()
	region, err := lookupRegion(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(validate.ComponentName("network", name), args.validate(name, region)); err != nil {
		return nil, err
	}
	zones := args.zones(region)

	n := &Network{CIDR: args.CIDR, AvailabilityZones: zones}
	if err := ctx.RegisterComponentResource(NetworkType, name, n, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, region: region.Name, parent: pulumi.Parent(n), tags: args.Tags}

	core, err := b.vpc(args.CIDR)
	if err != nil {
		return nil, err
	}
	tiers, err := b.subnets(core, args.CIDR, zones)
	if err != nil {
		return nil, err
	}
	if err := b.defaultNetworkACL(core, tiers, args.CIDR, args.NAT); err != nil {
		return nil, err
	}
	natIDs, err := b.natGateways(args.NAT, zones, core, tiers)
	if err != nil {
		return nil, err
	}
	if err := b.gatewayEndpoints(core, tiers); err != nil {
		return nil, err
	}
	accountID := ""
	if len(args.InterfaceEndpoints) > 0 {
		if accountID, err = lookupAccount(ctx, opts); err != nil {
			return nil, err
		}
	}
	n.InterfaceEndpoints, n.InterfaceEndpointSecurityGroupID, err = b.interfaceEndpoints(core, tiers, args.CIDR, args.InterfaceEndpoints, args.InterfaceEndpointAZCount, accountID)
	if err != nil {
		return nil, err
	}
	flowLogs, err := b.flowLogs(core, args.FlowLogRetentionDays, args.ExistingKMSKeyARN)
	if err != nil {
		return nil, err
	}
	n.Vpc, n.Subnets, n.FlowLogGroup = core.vpc, tiers.subnets, flowLogs

	n.VpcID = core.vpc.ID().ToStringOutput()
	n.PublicSubnetIDs = tiers.ids[TierPublic].ToStringArrayOutput()
	n.PrivateSubnetIDs = tiers.ids[TierPrivate].ToStringArrayOutput()
	n.DatabaseSubnetIDs = tiers.ids[TierDatabase].ToStringArrayOutput()
	n.PublicSubnetCIDRs = tiers.cidrs[TierPublic]
	n.PrivateSubnetCIDRs = tiers.cidrs[TierPrivate]
	n.DatabaseSubnetCIDRs = tiers.cidrs[TierDatabase]
	n.NATGatewayIDs = natIDs.ToStringArrayOutput()
	n.FlowLogGroupName = flowLogs.Name
	n.PrivateRouteTableIDs = map[string]pulumi.StringOutput{}
	privateTables := pulumi.StringMap{}
	for az, table := range tiers.privateTables {
		n.PrivateRouteTableIDs[az] = table.ID().ToStringOutput()
		privateTables[az] = table.ID()
	}
	n.DatabaseRouteTableID = tiers.database.ID().ToStringOutput()
	endpointIDs := pulumi.StringMap{}
	for service, endpoint := range n.InterfaceEndpoints {
		endpointIDs[service] = endpoint.ID()
	}
	return n, ctx.RegisterResourceOutputs(n, pulumi.Map{
		"interfaceEndpointIds":             endpointIDs,
		"interfaceEndpointSecurityGroupId": n.InterfaceEndpointSecurityGroupID,
		"vpcId":                            n.VpcID,
		"cidr":                             pulumi.String(n.CIDR),
		"availabilityZones":                pulumi.ToStringArray(n.AvailabilityZones),
		"publicSubnetIds":                  n.PublicSubnetIDs,
		"privateSubnetIds":                 n.PrivateSubnetIDs,
		"databaseSubnetIds":                n.DatabaseSubnetIDs,
		"publicSubnetCidrs":                pulumi.ToStringArray(n.PublicSubnetCIDRs),
		"privateSubnetCidrs":               pulumi.ToStringArray(n.PrivateSubnetCIDRs),
		"databaseSubnetCidrs":              pulumi.ToStringArray(n.DatabaseSubnetCIDRs),
		"natGatewayIds":                    n.NATGatewayIDs,
		"flowLogGroupName":                 n.FlowLogGroupName,
		"privateRouteTableIds":             privateTables,
		"databaseRouteTableId":             n.DatabaseRouteTableID,
	})
}

// builder holds what every child of one Network needs: the context, the
// component's name (the prefix of every logical name), the region, the
// component as parent and the user's tags.
type builder struct {
	ctx    *pulumi.Context
	name   string
	region string
	parent pulumi.ResourceOrInvokeOption
	tags   map[string]string
}
