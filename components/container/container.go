// Package container provides Service: a containerized app on ECS Fargate,
// in a cluster of its own (or one of yours: ExistingClusterARN), behind a
// load balancer the caller owns.
//
// One Service is one ECS cluster (with Container Insights and the Fargate
// and Fargate Spot capacity providers), one task definition (one container,
// awsvpc networking, a CPU and memory size Fargate accepts, logs to a log
// group with a retention), the service that keeps its tasks running in
// private subnets, and Application Auto Scaling that sizes it on CPU and,
// behind a load balancer, on requests per task. The tasks run with two
// roles: an execution role that may pull the image and write the log group
// and nothing else, and a task role that may do nothing until the caller
// gives it policies.
//
// Secure by default, as Security Hub judges ECS: no public IPs (ECS.2),
// Container Insights (ECS.12), a read-only root file system (ECS.5), no
// privileged container (ECS.4), logging configured (ECS.9), the latest
// Fargate platform (ECS.10), no host process namespace (ECS.3).
//
// Reliable by default: deployments roll with 100% of the tasks kept
// healthy, a deployment circuit breaker rolls a failing one back, tasks are
// rebalanced across Availability Zones, and `pulumi up` waits for a
// deployment to be healthy.
//
// In another region: give the component an AWS provider for that region
// (pulumi.Provider or pulumi.Providers). Every child is created through it,
// and every lookup (region, account, partition) asks it, so that the log
// configuration and ARNs name the region the tasks run in.
package container

import (
	"errors"
	"fmt"

	"github.com/millionstack/millionstack/internal/admission"
	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ServiceType is the Service component's type token.
const ServiceType = "millionstack:container:Service"

// Service is an ECS Fargate service with its cluster, roles, log group and
// auto scaling. Its outputs are what other components wire to: a data
// store's allowed security groups to SecurityGroupID (or AllowFrom on the
// store), the app's configuration grants (appconfig Roles) to
// TaskRoleName, monitoring to AlarmTarget.
//
// The exported children are the escape hatch: read their outputs or
// depend on them. To change an input the component sets, give NewService a
// transform, which the engine applies to the children as they register:
//
//	pulumi.Transforms([]pulumi.ResourceTransform{func(_ context.Context, r *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult { ... }})
type Service struct {
	pulumi.ResourceState

	// ClusterName and ClusterARN identify the service's ECS cluster.
	ClusterName pulumi.StringOutput `pulumi:"clusterName"`
	ClusterARN  pulumi.StringOutput `pulumi:"clusterArn"`
	// ServiceName and ServiceARN identify the ECS service.
	ServiceName pulumi.StringOutput `pulumi:"serviceName"`
	ServiceARN  pulumi.StringOutput `pulumi:"serviceArn"`
	// SecurityGroupID is the tasks' security group: the source the
	// databases, caches and internal services the app uses admit.
	SecurityGroupID pulumi.StringOutput `pulumi:"securityGroupId"`
	// TaskRoleName and TaskRoleARN identify the role the app's code runs
	// as, for further policies.
	TaskRoleName pulumi.StringOutput `pulumi:"taskRoleName"`
	TaskRoleARN  pulumi.StringOutput `pulumi:"taskRoleArn"`
	// LogGroupName is the CloudWatch log group the container writes to.
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
	// Region is where the service runs: the region of the component's AWS
	// provider. Its alarms belong there too.
	Region string

	// Cluster is the ECS cluster `<name>`; nil with ExistingClusterARN.
	Cluster *ecs.Cluster
	// ECSService is the ECS service `<name>`.
	ECSService *ecs.Service
	// TaskDefinition is the task definition `<name>`.
	TaskDefinition *ecs.TaskDefinition
	// SecurityGroup is the tasks' security group `<name>-tasks`; nil with
	// ExistingSecurityGroupID.
	SecurityGroup *ec2.SecurityGroup
	// TaskRole and ExecutionRole are the roles `<name>-task` and
	// `<name>-execution`; nil with ExistingTaskRoleARN or
	// ExistingExecutionRoleARN.
	TaskRole      *iam.Role
	ExecutionRole *iam.Role
	// LogGroup is the container's log group `<name>`.
	LogGroup *cloudwatch.LogGroup
	// LinkedRole is the ECS service-linked role `<name>-ecs-linked-role`,
	// nil unless CreateServiceLinkedRole: what another Service of the
	// account (in another region, say) takes as ServiceLinkedRole.
	LinkedRole *iam.ServiceLinkedRole

	minCount int
	// admission is what AllowFrom opens: the tasks' own group.
	admission admission.Group
}

// NewService creates the service called name. It applies the defaults,
// validates args (a bad Args registers nothing) and then creates, as
// children of the component: the cluster and its capacity providers, the
// log group, the execution and task roles, the task definition, the tasks'
// security group and its rules, (optionally) the ECS service-linked role,
// the service, and its scalable target and scaling policies.
func NewService(ctx *pulumi.Context, name string, args ServiceArgs, opts ...pulumi.ResourceOption) (*Service, error) {
	args = args.WithDefaults()
	scope := validate.Scope("container", name)
	region, err := awsprovider.RegionIf(args.needsRegion(), ctx, opts...)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(validate.ComponentName("container", name), args.validate(name, region)); err != nil {
		return nil, err
	}
	svc := &Service{minCount: args.MinCount}
	if err := ctx.RegisterComponentResource(ServiceType, name, svc, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, args: args, parent: pulumi.Parent(svc), component: svc}
	if err := b.lookUp(); err != nil {
		return nil, fmt.Errorf("%s: %w", scope, err)
	}
	svc.Region = b.region

	steps := []struct {
		what string
		run  func() error
	}{
		{"service-linked role", b.serviceLinkedRole},
		{"cluster", b.cluster},
		{"log group", b.logGroup},
		{"roles", b.roles},
		{"task definition", b.taskDefinition},
		{"security group", b.securityGroup},
		{"service", b.service},
		{"auto scaling", b.autoScaling},
	}
	for _, step := range steps {
		if err := step.run(); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", scope, step.what, err)
		}
	}

	svc.ClusterName = b.clusterName
	svc.ClusterARN = b.clusterARN
	svc.ServiceName = b.ecsService.Name
	svc.ServiceARN = b.ecsService.ID().ToStringOutput() // the provider's ID of a service is its ARN
	svc.SecurityGroupID = b.securityGroupID
	svc.TaskRoleName = b.taskRoleName
	svc.TaskRoleARN = b.taskRoleARN
	svc.LogGroupName = b.logs.Name
	svc.Cluster, svc.ECSService, svc.TaskDefinition = b.ecsCluster, b.ecsService, b.taskDef
	svc.SecurityGroup, svc.TaskRole, svc.ExecutionRole, svc.LogGroup = b.tasksGroup, b.taskRole, b.executionRole, b.logs
	svc.LinkedRole = b.linkedRole
	svc.admission = admission.Group{
		Ctx: ctx, Scope: scope, Name: name, Component: svc,
		What: "the tasks' security group", Existing: "ExistingSecurityGroupID",
		Port: args.ContainerPort, Tags: args.Tags, Taken: map[string]bool{},
	}
	if b.tasksGroup != nil {
		svc.admission.GroupID = b.tasksGroup.ID()
	}
	for key := range args.AllowedSecurityGroups {
		svc.admission.Taken[key] = true
	}
	if err := ctx.RegisterResourceOutputs(svc, pulumi.Map{
		"clusterName":     svc.ClusterName,
		"clusterArn":      svc.ClusterARN,
		"serviceName":     svc.ServiceName,
		"serviceArn":      svc.ServiceARN,
		"securityGroupId": svc.SecurityGroupID,
		"taskRoleName":    svc.TaskRoleName,
		"taskRoleArn":     svc.TaskRoleARN,
		"logGroupName":    svc.LogGroupName,
		"region":          pulumi.String(svc.Region),
	}); err != nil {
		return nil, err
	}
	return svc, nil
}

// builder carries what every child needs and what later steps take from
// earlier ones.
type builder struct {
	ctx       *pulumi.Context
	name      string
	args      ServiceArgs
	component *Service
	// parent makes every child (and every lookup) the component's: children
	// inherit its AWS provider, lookups ask it.
	parent pulumi.ResourceOrInvokeOption

	// What the component's provider answers: its region, its account and
	// the partition ARNs are built in.
	region, account, partition string

	built
}

// lookUp asks the component's AWS provider where it deploys. The lookups go
// through the component (pulumi.Parent), so a component given a provider
// for another region learns that region, not the stack's.
func (b *builder) lookUp() error {
	region, err := aws.GetRegion(b.ctx, nil, b.parent)
	if err != nil {
		return fmt.Errorf("region: %w", err)
	}
	account, err := aws.GetCallerIdentity(b.ctx, nil, b.parent)
	if err != nil {
		return fmt.Errorf("account: %w", err)
	}
	partition, err := aws.GetPartition(b.ctx, nil, b.parent)
	if err != nil {
		return fmt.Errorf("partition: %w", err)
	}
	b.region, b.account, b.partition = region.Name, account.AccountId, partition.Partition
	return nil
}

// AllowFrom lets the security group securityGroupID reach the tasks on
// ContainerPort, as AllowedSecurityGroups does at creation: the ingress
// rule `<name>-from-<from>` on the tasks' group, parented to the service.
// from names the rule: lower-case words joined by hyphens, not a key of
// AllowedSecurityGroups, once per service. Refused with
// ExistingSecurityGroupID: a group of your own is yours to open.
func (s *Service) AllowFrom(from string, securityGroupID pulumi.StringInput) error {
	return s.admission.AllowFrom(from, securityGroupID)
}
