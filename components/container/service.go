package container

import (
	"github.com/millionstack/millionstack/internal/naming"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// serviceLinkedRole creates the ECS service-linked role with
// CreateServiceLinkedRole, before anything of ECS: a fresh account has no
// AWSServiceRoleForECS until something creates it, and both CreateCluster
// (which "attempts to create the Amazon ECS service-linked role for your
// account": ECS API reference, CreateCluster) and CreateService race it
// otherwise. A cluster that wins makes the role exist, and then
// iam.ServiceLinkedRole fails ("has been taken"; it fails whenever the role
// exists: pulumi-aws go/aws/iam/serviceLinkedRole.go), hence the switch and
// the order. Kept on delete: the role is the account's, not the stack's.
func (b *builder) serviceLinkedRole() error {
	if !b.args.CreateServiceLinkedRole {
		return nil
	}
	var err error
	b.linkedRole, err = iam.NewServiceLinkedRole(b.ctx, naming.Child(b.name, "ecs-linked-role"), &iam.ServiceLinkedRoleArgs{
		AwsServiceName: pulumi.String("ecs.amazonaws.com"),
		Description:    pulumi.String("Lets Amazon ECS manage the network interfaces and load balancer targets of services"),
	}, b.parent, pulumi.RetainOnDelete(true))
	return err
}

// linkedRoles are the service-linked role the cluster and the service wait
// for: the one this component creates, or another Service's
// (ServiceLinkedRole), none when the role exists.
func (b *builder) linkedRoles() []pulumi.Resource {
	switch {
	case b.linkedRole != nil:
		return []pulumi.Resource{b.linkedRole}
	case b.args.ServiceLinkedRole != nil:
		return []pulumi.Resource{b.args.ServiceLinkedRole}
	}
	return nil
}

// service creates the ECS service `<name>` (and, when asked, the ECS
// service-linked role `<name>-ecs-linked-role` it waits for).
//
// Where the tasks run: the capacity provider strategy puts the first
// MinCount tasks on regular Fargate (base) and splits the rest between
// Fargate and Fargate Spot by SpotPercent. The strategy is always set, never
// a launch type, so that changing SpotPercent is an update: a launch type
// change replaces the service, and so does a strategy change unless
// forceNewDeployment is set and neither the old nor the new strategy is
// empty (terraform-provider-aws internal/service/ecs/service.go: launch_type
// ForceNew; capacityProviderStrategyCustomizeDiff). forceNewDeployment
// makes every update of the service start a rolling deployment, which a
// change worth making is anyway.
//
// Deployments roll (MinimumHealthyPercent, MaximumPercent) behind the
// deployment circuit breaker, which fails a deployment whose tasks keep
// failing and rolls back to the last one that completed. Tasks get no
// public IP (Security Hub ECS.2), run on the latest platform version
// (ECS.10) and are rebalanced across Availability Zones after an AZ
// recovers (set explicitly: ECS enables it by default only for services
// created since June 2025, and an update that leaves it out keeps what the
// service had, CreateService/UpdateService API reference). The desired count is MinCount at creation and ignored after:
// Application Auto Scaling owns it once the service runs.
//
// The service waits for its target group's listeners (ECS refuses a target
// group no load balancer uses), the capacity providers' association, the
// roles' inline policies and the service-linked role (its own, or
// ServiceLinkedRole).
func (b *builder) service() error {
	var waitFor []pulumi.Resource
	if b.capacity != nil {
		waitFor = append(waitFor, b.capacity)
	}
	waitFor = append(waitFor, b.rolePolicies...)
	waitFor = append(waitFor, b.linkedRoles()...)

	strategies := ecs.ServiceCapacityProviderStrategyArray{&ecs.ServiceCapacityProviderStrategyArgs{
		CapacityProvider: pulumi.String(fargate),
		Base:             pulumi.Int(b.args.MinCount),
		Weight:           pulumi.Int(100 - b.args.SpotPercent),
	}}
	if b.args.SpotPercent > 0 {
		strategies = append(strategies, &ecs.ServiceCapacityProviderStrategyArgs{
			CapacityProvider: pulumi.String(fargateSpot),
			Weight:           pulumi.Int(b.args.SpotPercent),
		})
	}

	args := &ecs.ServiceArgs{
		Cluster:                    b.clusterARN,
		TaskDefinition:             b.taskDef.Arn,
		DesiredCount:               pulumi.Int(b.args.MinCount),
		CapacityProviderStrategies: strategies,
		PlatformVersion:            pulumi.String("LATEST"),
		ForceNewDeployment:         pulumi.Bool(true),
		SchedulingStrategy:         pulumi.String("REPLICA"),
		NetworkConfiguration: &ecs.ServiceNetworkConfigurationArgs{
			Subnets:        b.args.SubnetIDs,
			SecurityGroups: b.securityGroupIDs(),
			AssignPublicIp: pulumi.Bool(false),
		},
		DeploymentMinimumHealthyPercent: pulumi.Int(b.args.MinimumHealthyPercent),
		DeploymentMaximumPercent:        pulumi.Int(b.args.MaximumPercent),
		DeploymentCircuitBreaker: &ecs.ServiceDeploymentCircuitBreakerArgs{
			Enable:   pulumi.Bool(true),
			Rollback: pulumi.Bool(true),
		},
		AvailabilityZoneRebalancing: pulumi.String("ENABLED"),
		EnableExecuteCommand:        pulumi.Bool(b.args.EnableExecuteCommand),
		EnableEcsManagedTags:        pulumi.Bool(true),
		PropagateTags:               pulumi.String("SERVICE"),
		WaitForSteadyState:          pulumi.Bool(*b.args.WaitForSteadyState),
		Tags:                        tagging.Named(b.name, b.args.Tags),
	}
	if lb := b.args.LoadBalancer; lb != nil {
		args.LoadBalancers = ecs.ServiceLoadBalancerArray{&ecs.ServiceLoadBalancerArgs{
			TargetGroupArn: lb.TargetGroupARN,
			ContainerName:  pulumi.String(b.name),
			ContainerPort:  pulumi.Int(b.args.ContainerPort),
		}}
		args.HealthCheckGracePeriodSeconds = pulumi.Int(b.args.HealthCheckGracePeriodSeconds)
		waitFor = append(waitFor, lb.Listeners...)
	}
	var err error
	b.ecsService, err = ecs.NewService(b.ctx, b.name, args, b.parent,
		pulumi.DependsOn(waitFor),
		pulumi.IgnoreChanges([]string{"desiredCount"}))
	return err
}

// securityGroupIDs are the groups the tasks run in: their own (or
// ExistingSecurityGroupID), then each of SecurityGroupIDs in key order.
func (b *builder) securityGroupIDs() pulumi.StringArray {
	groups := pulumi.StringArray{b.securityGroupID}
	for _, key := range validate.Keys(b.args.SecurityGroupIDs) {
		groups = append(groups, b.args.SecurityGroupIDs[key])
	}
	return groups
}
