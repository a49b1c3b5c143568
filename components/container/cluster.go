package container

import (
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// built are the children later steps wire to, in the order they are made.
type built struct {
	ecsCluster     *ecs.Cluster
	capacity       *ecs.ClusterCapacityProviders
	logs           *cloudwatch.LogGroup
	executionRole  *iam.Role
	taskRole       *iam.Role
	rolePolicies   []pulumi.Resource // every inline policy of both roles
	taskDef        *ecs.TaskDefinition
	tasksGroup     *ec2.SecurityGroup
	linkedRole     *iam.ServiceLinkedRole
	ecsService     *ecs.Service
	scalableTarget *appautoscaling.Target

	// What the service and the outputs use, the component's own child's
	// or the one given (Existing*): the cluster, the roles, the tasks'
	// security group.
	clusterARN, clusterName   pulumi.StringOutput
	taskRoleARN, taskRoleName pulumi.StringOutput
	executionRoleARN          pulumi.StringOutput
	securityGroupID           pulumi.StringOutput
}

// Capacity providers: regular Fargate, and Fargate Spot, interruptible
// capacity at a discount (Amazon ECS developer guide, Fargate capacity
// providers: available to every account, usable once associated with a
// cluster).
const (
	fargate     = "FARGATE"
	fargateSpot = "FARGATE_SPOT"
)

// cluster creates the cluster `<name>` and associates both Fargate capacity
// providers with it.
//
// The cluster is the service's own, not shared: a cluster costs nothing and
// holds no state, and owning it keeps its Container Insights level and
// capacity providers in the hands of the one service that depends on them.
// Container Insights ("enabled" or "enhanced", pulumi-aws
// go/aws/ecs/cluster.go: "Valid values: `enhanced`, `enabled`,
// `disabled`") publishes the RunningTaskCount the alarms watch.
//
// Both capacity providers are always associated, so that turning Fargate
// Spot on or off later changes the service's strategy only; the cluster's
// default strategy (for tasks started by hand) is regular Fargate.
func (b *builder) cluster() error {
	if existing := b.args.ExistingClusterARN; existing != nil {
		// A cluster of your own: its name is the last part of its ARN
		// (arn:...:cluster/<name>), which alarms and scaling name.
		b.clusterARN = existing.ToStringOutput()
		b.clusterName = validate.ARNName(b.clusterARN)
		return nil
	}
	var err error
	b.ecsCluster, err = ecs.NewCluster(b.ctx, b.name, &ecs.ClusterArgs{
		Settings: ecs.ClusterSettingArray{&ecs.ClusterSettingArgs{
			Name:  pulumi.String("containerInsights"),
			Value: pulumi.String(string(b.args.ContainerInsights)),
		}},
		Tags: tagging.Named(b.name, b.args.Tags),
	}, b.parent, pulumi.DependsOn(b.linkedRoles()))
	if err != nil {
		return err
	}
	b.capacity, err = ecs.NewClusterCapacityProviders(b.ctx, b.name, &ecs.ClusterCapacityProvidersArgs{
		ClusterName:       b.ecsCluster.Name,
		CapacityProviders: pulumi.StringArray{pulumi.String(fargate), pulumi.String(fargateSpot)},
		DefaultCapacityProviderStrategies: ecs.ClusterCapacityProvidersDefaultCapacityProviderStrategyArray{
			&ecs.ClusterCapacityProvidersDefaultCapacityProviderStrategyArgs{CapacityProvider: pulumi.String(fargate), Weight: pulumi.Int(1)},
		},
	}, b.parent)
	b.clusterARN, b.clusterName = b.ecsCluster.Arn, b.ecsCluster.Name
	return err
}
