package container_test

import (
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/container"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Resources of the user's, given by ID and ARN.
const (
	ownGroup     = "sg-0123456789abcdef0"
	ownCluster   = "arn:aws:ecs:us-east-1:123456789012:cluster/apps"
	ownTaskRole  = "arn:aws:iam::123456789012:role/app/app-task"
	ownExecRole  = "arn:aws:iam::123456789012:role/ecs-execution"
	ownKey       = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	westKey      = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	westCluster  = "arn:aws:ecs:us-west-2:123456789012:cluster/apps"
	otherService = "arn:aws:eks:us-east-1:123456789012:cluster/apps"
)

// bringYourOwn gives the service every resource of the user's it takes.
func bringYourOwn(a *container.ServiceArgs) {
	a.AllowedSecurityGroups = nil
	a.ExistingSecurityGroupID = pulumi.String(ownGroup)
	a.ExistingClusterARN = pulumi.String(ownCluster)
	a.ExistingTaskRoleARN = pulumi.String(ownTaskRole)
	a.ExistingExecutionRoleARN = pulumi.String(ownExecRole)
	a.ExistingKMSKeyARN = pulumi.String(ownKey)
}

// With resources of the user's, the service creates none of their kind,
// runs with the given ones, and every output still resolves.
func TestExistingResourcesAreUsedNotCreated(t *testing.T) {
	inv, svc := mustRun(t, bringYourOwn)
	for _, typ := range []string{clusterType, capacityType, roleType, rolePolicyType, securityGroupType, ingressType, egressType} {
		assert.Empty(t, inv.ByType(typ), typ)
	}
	service := millionstacktest.Named(t, inv, serviceType, "app")
	assert.Equal(t, ownCluster, service.String("cluster"))
	assert.Equal(t, []interface{}{ownGroup}, millionstacktest.Input(t, service, "networkConfiguration.securityGroups"))
	task := millionstacktest.Named(t, inv, taskDefType, "app")
	assert.Equal(t, ownTaskRole, task.String("taskRoleArn"))
	assert.Equal(t, ownExecRole, task.String("executionRoleArn"))
	assert.Equal(t, ownKey, millionstacktest.Named(t, inv, logGroupType, "app").String("kmsKeyId"))
	assert.Equal(t, "service/apps/app", millionstacktest.Named(t, inv, targetType, "app").String("resourceId"), "scaling names the cluster of the user's")

	assert.Equal(t, ownCluster, millionstacktest.Resolve(t, svc.ClusterARN))
	assert.Equal(t, "apps", millionstacktest.Resolve(t, svc.ClusterName))
	assert.Equal(t, ownGroup, millionstacktest.Resolve(t, svc.SecurityGroupID))
	assert.Equal(t, ownTaskRole, millionstacktest.Resolve(t, svc.TaskRoleARN))
	assert.Equal(t, "app-task", millionstacktest.Resolve(t, svc.TaskRoleName))
	assert.Nil(t, svc.Cluster)
	assert.Nil(t, svc.SecurityGroup)
	assert.Nil(t, svc.TaskRole)
	assert.Nil(t, svc.ExecutionRole)
	alarms := svc.AlarmTarget().Alarms
	require.NotEmpty(t, alarms)
	assert.Equal(t, "apps", millionstacktest.Resolve(t, alarms[0].Dimensions["ClusterName"].ToStringOutput()), "alarms watch the service in the cluster of the user's")
}

// Without them the log group is encrypted by CloudWatch Logs alone: the
// key is an input only when given.
func TestNoKeyNoKeyInput(t *testing.T) {
	inv, _ := mustRun(t, nil)
	_, set := millionstacktest.Named(t, inv, logGroupType, "app").Input("kmsKeyId")
	assert.False(t, set)
}

// The main children are exposed, as the resources the component made.
func TestChildrenAreExposed(t *testing.T) {
	_, svc := mustRun(t, nil)
	require.NotNil(t, svc.Cluster)
	require.NotNil(t, svc.ECSService)
	require.NotNil(t, svc.TaskDefinition)
	require.NotNil(t, svc.SecurityGroup)
	require.NotNil(t, svc.TaskRole)
	require.NotNil(t, svc.ExecutionRole)
	require.NotNil(t, svc.LogGroup)
	assert.Equal(t, "app", millionstacktest.Resolve(t, svc.Cluster.Name))
	assert.Equal(t, "app", millionstacktest.Resolve(t, svc.ECSService.Name))
	assert.Equal(t, millionstacktest.Resolve(t, svc.SecurityGroupID), millionstacktest.Resolve(t, svc.SecurityGroup.ID().ToStringOutput()))
	assert.Equal(t, millionstacktest.Resolve(t, svc.TaskRoleARN), millionstacktest.Resolve(t, svc.TaskRole.Arn))
	assert.Equal(t, millionstacktest.Resolve(t, svc.LogGroupName), millionstacktest.Resolve(t, svc.LogGroup.Name))
}

// The service-linked role one Service creates is its LinkedRole, which
// another Service of the account (here in another region) waits for as
// its ServiceLinkedRole: on a fresh account neither service is created
// before the role. A Service that creates none exposes none.
func TestAnotherServiceWaitsForTheLinkedRole(t *testing.T) {
	var first, second *container.Service
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		args, err := behindLoadBalancer(ctx)
		if err != nil {
			return err
		}
		args.CreateServiceLinkedRole = true
		if first, err = container.NewService(ctx, "app", args); err != nil {
			return err
		}
		west, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		args.CreateServiceLinkedRole = false
		args.LoadBalancer, args.AllowedSecurityGroups = nil, nil
		args.ServiceLinkedRole = first.LinkedRole
		second, err = container.NewService(ctx, "app-west", args, pulumi.Provider(west))
		return err
	}, millionstacktest.Options{Stack: "dev"})
	linked := millionstacktest.Only(t, inv, linkedRoleType)
	require.NotNil(t, first.LinkedRole)
	assert.Equal(t, linked.URN, millionstacktest.Resolve(t, first.LinkedRole.URN().ToStringOutput()))
	assert.Contains(t, millionstacktest.Named(t, inv, serviceType, "app-west").Dependencies, linked.URN)
	assert.Contains(t, millionstacktest.Named(t, inv, clusterType, "app-west").Dependencies, linked.URN)
	assert.Nil(t, second.LinkedRole, "the second service creates no role")

	// A first Service that created no role hands out a nil LinkedRole:
	// passed on, it means none, not a crash.
	millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		args, err := behindLoadBalancer(ctx)
		if err != nil {
			return err
		}
		first, err := container.NewService(ctx, "app", args)
		if err != nil {
			return err
		}
		args.LoadBalancer, args.AllowedSecurityGroups = nil, nil
		args.ServiceLinkedRole = first.LinkedRole
		_, err = container.NewService(ctx, "app-2", args)
		return err
	}, millionstacktest.Options{Stack: "dev"})
}

// Bad resources of the user's, and settings that would configure them,
// are refused before anything is registered, naming the instance, the
// field and what is allowed.
func TestExistingResourcesValidation(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*container.ServiceArgs)
		want   []string
	}{
		{"group shape", func(a *container.ServiceArgs) { a.ExistingSecurityGroupID = pulumi.String("app-tasks") },
			[]string{`container "app": ExistingSecurityGroupID: "app-tasks" is not a security group ID`}},
		{"group and rules", func(a *container.ServiceArgs) {
			a.ExistingSecurityGroupID = pulumi.String(ownGroup)
			a.EgressCIDRs = map[string]string{"vpc": "10.0.0.0/16"}
		}, []string{
			`container "app": ExistingSecurityGroupID and AllowedSecurityGroups: a security group of your own is yours to open; allowed: one of them`,
			`container "app": ExistingSecurityGroupID and EgressCIDRs:`,
		}},
		{"cluster of another service", func(a *container.ServiceArgs) { a.ExistingClusterARN = pulumi.String(otherService) },
			[]string{`container "app": ExistingClusterARN: "` + otherService + `" is not the ARN of an ECS cluster`}},
		{"cluster in another region", func(a *container.ServiceArgs) { a.ExistingClusterARN = pulumi.String(westCluster) },
			[]string{`container "app": ExistingClusterARN: "` + westCluster + `" is in us-west-2; allowed: an ECS cluster in us-east-1`}},
		{"cluster and insights", func(a *container.ServiceArgs) {
			a.ExistingClusterARN = pulumi.String(ownCluster)
			a.ContainerInsights = "enhanced"
		}, []string{`container "app": ExistingClusterARN and ContainerInsights:`}},
		{"task role and policies", func(a *container.ServiceArgs) {
			a.ExistingTaskRoleARN = pulumi.String(ownTaskRole)
			a.TaskPolicies = map[string]pulumi.StringInput{"s3": pulumi.String("{}")}
		}, []string{`container "app": ExistingTaskRoleARN and TaskPolicies:`}},
		{"user as role", func(a *container.ServiceArgs) {
			a.ExistingExecutionRoleARN = pulumi.String("arn:aws:iam::123456789012:user/deploy")
		}, []string{`container "app": ExistingExecutionRoleARN: "arn:aws:iam::123456789012:user/deploy" is not the ARN of an IAM role`}},
		{"key in another region", func(a *container.ServiceArgs) { a.ExistingKMSKeyARN = pulumi.String(westKey) },
			[]string{`container "app": ExistingKMSKeyARN: "` + westKey + `" is in us-west-2; allowed: a KMS key (its key ARN, not an alias) in us-east-1`}},
		{"linked role twice", func(a *container.ServiceArgs) {
			a.ServiceLinkedRole = &iam.ServiceLinkedRole{}
			a.CreateServiceLinkedRole = true
		}, []string{`container "app": ServiceLinkedRole and CreateServiceLinkedRole: the account has one ECS service-linked role`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			inv, _, err := run(t, nil, c.change, nil)
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Empty(t, inv.ByType(componentType), "nothing may be registered when the arguments are invalid")
		})
	}
}

// allowing runs the service (with change applied) and then each AllowFrom.
func allowing(t *testing.T, change func(*container.ServiceArgs), allow func(svc *container.Service) error) (*millionstacktest.Inventory, error) {
	t.Helper()
	return millionstacktest.Record(func(ctx *pulumi.Context) error {
		args, err := behindLoadBalancer(ctx)
		if err != nil {
			return err
		}
		if change != nil {
			change(&args)
		}
		svc, err := container.NewService(ctx, "app", args)
		if err != nil {
			return err
		}
		return allow(svc)
	}, millionstacktest.Options{Stack: "dev"})
}

// AllowFrom admits another group on the container port, as a rule of the
// service's own group parented to the service.
func TestAllowFrom(t *testing.T) {
	inv, err := allowing(t, nil, func(svc *container.Service) error {
		return svc.AllowFrom("workers", pulumi.String("sg-0fedcba9876543210"))
	})
	require.NoError(t, err)
	rule := millionstacktest.Named(t, inv, ingressType, "app-from-workers")
	millionstacktest.ParentedTo(t, millionstacktest.Only(t, inv, componentType), rule)
	assert.Equal(t, "app-tasks-id", rule.String("securityGroupId"))
	assert.Equal(t, "sg-0fedcba9876543210", rule.String("referencedSecurityGroupId"))
	assert.Equal(t, 80.0, millionstacktest.Input(t, rule, "fromPort"))
	assert.Equal(t, 80.0, millionstacktest.Input(t, rule, "toPort"))
	assert.Equal(t, "tcp", rule.String("ipProtocol"))
}

func TestAllowFromRefuses(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*container.ServiceArgs)
		allow  func(svc *container.Service) error
		want   string
		rules  int // AllowFrom rules made before the refusal
	}{
		{"a group of the user's", bringYourOwn, func(svc *container.Service) error {
			return svc.AllowFrom("workers", pulumi.String("sg-0fedcba9876543210"))
		}, `container "app": AllowFrom: "workers": the tasks' security group is ExistingSecurityGroupID, a group of your own; allowed: a rule of your own on it`, 0},
		{"a name of AllowedSecurityGroups", nil, func(svc *container.Service) error {
			return svc.AllowFrom("lb", pulumi.String("sg-0fedcba9876543210"))
		}, `container "app": AllowFrom: name "lb" is taken`, 0},
		{"a name twice", nil, func(svc *container.Service) error {
			if err := svc.AllowFrom("workers", pulumi.String("sg-0fedcba9876543210")); err != nil {
				return err
			}
			return svc.AllowFrom("workers", pulumi.String("sg-0123456789abcdef0"))
		}, `name "workers" is taken`, 1},
		{"a bad name", nil, func(svc *container.Service) error {
			return svc.AllowFrom("Workers_1", pulumi.String("sg-0fedcba9876543210"))
		}, `container "app": AllowFrom: name "Workers_1" cannot name a rule`, 0},
		{"not a group", nil, func(svc *container.Service) error {
			return svc.AllowFrom("workers", pulumi.String("workers-sg"))
		}, `container "app": AllowFrom: "workers-sg" is not a security group ID`, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			inv, err := allowing(t, c.change, c.allow)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			made := 0
			for _, r := range inv.ByType(ingressType) {
				if strings.HasPrefix(r.Name, "app-from-") {
					made++
				}
			}
			assert.Equal(t, c.rules, made)
		})
	}
}
