package container_test

import (
	"encoding/json"
	"fmt"
	"github.com/millionstack/millionstack/internal/plan"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/container"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Resource types the tests look up.
const (
	componentType     = "millionstack:container:Service"
	clusterType       = "aws:ecs/cluster:Cluster"
	capacityType      = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders"
	taskDefType       = "aws:ecs/taskDefinition:TaskDefinition"
	serviceType       = "aws:ecs/service:Service"
	logGroupType      = "aws:cloudwatch/logGroup:LogGroup"
	roleType          = "aws:iam/role:Role"
	rolePolicyType    = "aws:iam/rolePolicy:RolePolicy"
	linkedRoleType    = "aws:iam/serviceLinkedRole:ServiceLinkedRole"
	securityGroupType = "aws:ec2/securityGroup:SecurityGroup"
	ingressType       = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	egressType        = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	targetType        = "aws:appautoscaling/target:Target"
	policyType        = "aws:appautoscaling/policy:Policy"
	listenerType      = "aws:lb/listener:Listener"
	providerType      = "pulumi:providers:aws"
)

// behindLoadBalancer returns the args of a service behind an ALB the test
// program owns: a listener "front" it must wait for, the load balancer's
// security group admitted.
func behindLoadBalancer(ctx *pulumi.Context) (container.ServiceArgs, error) {
	listener, err := lb.NewListener(ctx, "front", &lb.ListenerArgs{
		LoadBalancerArn: pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/front/0123456789abcdef"),
		Port:            pulumi.Int(80),
		Protocol:        pulumi.String("HTTP"),
		DefaultActions: lb.ListenerDefaultActionArray{&lb.ListenerDefaultActionArgs{
			Type:           pulumi.String("forward"),
			TargetGroupArn: pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/app-ip/0123456789abcdef"),
		}},
	})
	if err != nil {
		return container.ServiceArgs{}, err
	}
	return container.ServiceArgs{
		VpcID:                 pulumi.String("vpc-00000001"),
		SubnetIDs:             pulumi.ToStringArray([]string{"subnet-0000aa0a", "subnet-0000aa0b"}),
		AllowedSecurityGroups: map[string]pulumi.StringInput{"lb": pulumi.String("sg-0000010b")},
		LoadBalancer: &container.LoadBalancerTarget{
			TargetGroupARN:        pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/app-ip/0123456789abcdef"),
			TargetGroupARNSuffix:  pulumi.String("targetgroup/app-ip/0123456789abcdef"),
			LoadBalancerARNSuffix: pulumi.String("app/front/0123456789abcdef"),
			Listeners:             []pulumi.Resource{listener},
		},
	}, nil
}

// run records a program that builds args (with change applied) and creates
// the Service "app" with opts; it returns the inventory, the component and
// the program's error.
func run(t *testing.T, config map[string]string, change func(*container.ServiceArgs), opts func(ctx *pulumi.Context) ([]pulumi.ResourceOption, error)) (*millionstacktest.Inventory, *container.Service, error) {
	t.Helper()
	var svc *container.Service
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		args, err := behindLoadBalancer(ctx)
		if err != nil {
			return err
		}
		if change != nil {
			change(&args)
		}
		var options []pulumi.ResourceOption
		if opts != nil {
			if options, err = opts(ctx); err != nil {
				return err
			}
		}
		svc, err = container.NewService(ctx, "app", args, options...)
		return err
	}, millionstacktest.Options{Stack: "dev", Config: config})
	return inv, svc, err
}

// mustRun is run with the stack's default provider in us-east-1, failing
// the test on an error.
func mustRun(t *testing.T, change func(*container.ServiceArgs)) (*millionstacktest.Inventory, *container.Service) {
	t.Helper()
	inv, svc, err := run(t, nil, change, nil)
	require.NoError(t, err)
	return inv, svc
}

// containerDefinition decodes the task definition's only container.
func containerDefinition(t *testing.T, inv *millionstacktest.Inventory) map[string]interface{} {
	t.Helper()
	var defs []map[string]interface{}
	millionstacktest.JSON(t, millionstacktest.Named(t, inv, taskDefType, "app"), "containerDefinitions", &defs)
	require.Len(t, defs, 1)
	return defs[0]
}

func TestChildrenAreParentedAndNamedAfterTheComponent(t *testing.T) {
	inv, _ := mustRun(t, nil)
	component := millionstacktest.Only(t, inv, componentType)
	var labels []string
	for _, r := range inv.Cloud() {
		if r.Type == listenerType {
			continue // the test program's own
		}
		millionstacktest.ParentedTo(t, component, r)
		labels = append(labels, r.Type+" "+r.Name)
	}
	sort.Strings(labels)
	assert.Equal(t, []string{
		policyType + " app-cpu",
		targetType + " app",
		logGroupType + " app",
		securityGroupType + " app-tasks",
		clusterType + " app",
		capacityType + " app",
		serviceType + " app",
		taskDefType + " app",
		roleType + " app-execution",
		roleType + " app-task",
		rolePolicyType + " app-execution",
		egressType + " app-tasks-to-https",
		ingressType + " app-tasks-from-lb",
	}, labels)
}

func TestClusterHasContainerInsightsAndBothFargateProviders(t *testing.T) {
	inv, _ := mustRun(t, nil)
	cluster := millionstacktest.Named(t, inv, clusterType, "app")
	assert.Equal(t, []interface{}{map[string]interface{}{"name": "containerInsights", "value": "enabled"}}, millionstacktest.Input(t, cluster, "settings"))
	assert.Equal(t, "app", cluster.String("tags.Name"))

	capacity := millionstacktest.Named(t, inv, capacityType, "app")
	assert.Equal(t, cluster.Outputs["name"].StringValue(), capacity.String("clusterName"))
	assert.Equal(t, []interface{}{"FARGATE", "FARGATE_SPOT"}, millionstacktest.Input(t, capacity, "capacityProviders"))
	assert.Equal(t, "FARGATE", capacity.String("defaultCapacityProviderStrategies[0].capacityProvider"))
}

func TestTaskDefinitionDefaults(t *testing.T) {
	inv, _ := mustRun(t, nil)
	td := millionstacktest.Named(t, inv, taskDefType, "app")
	assert.Equal(t, "millionstack-dev-app", td.String("family"))
	assert.Equal(t, []interface{}{"FARGATE"}, millionstacktest.Input(t, td, "requiresCompatibilities"))
	assert.Equal(t, "awsvpc", td.String("networkMode"))
	assert.Equal(t, "512", td.String("cpu"))
	assert.Equal(t, "1024", td.String("memory"))
	assert.Equal(t, "LINUX", td.String("runtimePlatform.operatingSystemFamily"))
	assert.Equal(t, "X86_64", td.String("runtimePlatform.cpuArchitecture"))
	assert.Equal(t, true, millionstacktest.Input(t, td, "skipDestroy"), "old revisions stay for the circuit breaker's rollback")
	assert.Equal(t, millionstacktest.Named(t, inv, roleType, "app-execution").Outputs["arn"].StringValue(), td.String("executionRoleArn"))
	assert.Equal(t, millionstacktest.Named(t, inv, roleType, "app-task").Outputs["arn"].StringValue(), td.String("taskRoleArn"))
	assert.Equal(t, []interface{}{map[string]interface{}{"name": "writable-0"}, map[string]interface{}{"name": "writable-1"}, map[string]interface{}{"name": "writable-2"}}, millionstacktest.Input(t, td, "volumes"))

	def := containerDefinition(t, inv)
	assert.Equal(t, "app", def["name"])
	assert.Equal(t, container.DefaultImage, def["image"])
	assert.Equal(t, true, def["essential"])
	assert.Equal(t, []interface{}{map[string]interface{}{"containerPort": 80.0, "hostPort": 80.0, "protocol": "tcp"}}, def["portMappings"])
	assert.Equal(t, true, def["readonlyRootFilesystem"])
	assert.NotContains(t, def, "privileged", "never privileged (Security Hub ECS.4; Fargate has no privileged mode)")
	assert.NotContains(t, def, "user", "the image's own user unless User is set")
	assert.Equal(t, []interface{}{}, def["environment"])
	assert.Equal(t, []interface{}{
		map[string]interface{}{"sourceVolume": "writable-0", "containerPath": "/var/cache/nginx", "readOnly": false},
		map[string]interface{}{"sourceVolume": "writable-1", "containerPath": "/var/run", "readOnly": false},
		map[string]interface{}{"sourceVolume": "writable-2", "containerPath": "/etc/nginx/conf.d", "readOnly": false},
	}, def["mountPoints"], "nginx writes its temp files and pid file there, and the placeholder its server block")
	assert.Equal(t, map[string]interface{}{
		"command":  []interface{}{"CMD-SHELL", "curl -fsS http://localhost:80/health > /dev/null || exit 1"},
		"interval": 30.0, "timeout": 5.0, "retries": 3.0, "startPeriod": 0.0,
	}, def["healthCheck"])

	logs := millionstacktest.Named(t, inv, logGroupType, "app")
	assert.Equal(t, map[string]interface{}{
		"logDriver": "awslogs",
		"options": map[string]interface{}{
			"awslogs-group": logs.Outputs["name"].StringValue(), "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app",
			"mode": "non-blocking", "max-buffer-size": "25m",
		},
	}, def["logConfiguration"])
}

func TestLogGroupIsNamedOncePerLifetimeWithARetention(t *testing.T) {
	inv, svc := mustRun(t, nil)
	logs := millionstacktest.Named(t, inv, logGroupType, "app")
	assert.Regexp(t, `^/ecs/millionstack-dev-app-[a-z0-9]{12}$`, logs.String("name"))
	assert.Equal(t, []string{"name"}, logs.IgnoreChanges, "the name chosen at creation stays")
	assert.Equal(t, 90.0, millionstacktest.Input(t, logs, "retentionInDays"))
	assert.Equal(t, logs.String("name"), millionstacktest.Resolve(t, svc.LogGroupName))

	// Another lifetime of the stack (another seed) gets another name.
	other, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		args, err := behindLoadBalancer(ctx)
		if err != nil {
			return err
		}
		_, err = container.NewService(ctx, "app", args)
		return err
	}, millionstacktest.Options{Stack: "dev", RandomSeed: "second life"})
	require.NoError(t, err)
	assert.NotEqual(t, logs.String("name"), millionstacktest.Named(t, other, logGroupType, "app").String("name"))
}

func TestServiceDefaults(t *testing.T) {
	inv, svc := mustRun(t, nil)
	s := millionstacktest.Named(t, inv, serviceType, "app")
	cluster := millionstacktest.Named(t, inv, clusterType, "app")
	td := millionstacktest.Named(t, inv, taskDefType, "app")

	assert.Equal(t, cluster.Outputs["arn"].StringValue(), s.String("cluster"))
	assert.Equal(t, td.Outputs["arn"].StringValue(), s.String("taskDefinition"))
	assert.Equal(t, 2.0, millionstacktest.Input(t, s, "desiredCount"))
	assert.Equal(t, []string{"desiredCount"}, s.IgnoreChanges, "auto scaling owns the desired count")
	assert.Equal(t, []interface{}{map[string]interface{}{"capacityProvider": "FARGATE", "base": 2.0, "weight": 100.0}}, millionstacktest.Input(t, s, "capacityProviderStrategies"))
	assert.NotContains(t, s.Plain(), "launchType", "a strategy, never a launch type: switching replaces the service")
	assert.Equal(t, true, millionstacktest.Input(t, s, "forceNewDeployment"), "lets the strategy change in place")
	assert.Equal(t, "LATEST", s.String("platformVersion"))
	assert.Equal(t, "REPLICA", s.String("schedulingStrategy"))
	assert.Equal(t, []interface{}{"subnet-0000aa0a", "subnet-0000aa0b"}, millionstacktest.Input(t, s, "networkConfiguration.subnets"))
	assert.Equal(t, []interface{}{"app-tasks-id"}, millionstacktest.Input(t, s, "networkConfiguration.securityGroups"))
	assert.Equal(t, false, millionstacktest.Input(t, s, "networkConfiguration.assignPublicIp"))
	assert.Equal(t, 100.0, millionstacktest.Input(t, s, "deploymentMinimumHealthyPercent"))
	assert.Equal(t, 200.0, millionstacktest.Input(t, s, "deploymentMaximumPercent"))
	assert.Equal(t, map[string]interface{}{"enable": true, "rollback": true}, millionstacktest.Input(t, s, "deploymentCircuitBreaker"))
	assert.Equal(t, "ENABLED", s.String("availabilityZoneRebalancing"))
	assert.Equal(t, false, millionstacktest.Input(t, s, "enableExecuteCommand"))
	assert.Equal(t, true, millionstacktest.Input(t, s, "enableEcsManagedTags"))
	assert.Equal(t, "SERVICE", s.String("propagateTags"))
	assert.Equal(t, true, millionstacktest.Input(t, s, "waitForSteadyState"))
	assert.Equal(t, []interface{}{map[string]interface{}{
		"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/app-ip/0123456789abcdef",
		"containerName":  "app", "containerPort": 80.0,
	}}, millionstacktest.Input(t, s, "loadBalancers"))
	assert.Equal(t, 60.0, millionstacktest.Input(t, s, "healthCheckGracePeriodSeconds"))

	var waitsFor []string
	for _, r := range []millionstacktest.Resource{
		millionstacktest.Named(t, inv, listenerType, "front"),
		millionstacktest.Named(t, inv, capacityType, "app"),
		millionstacktest.Named(t, inv, rolePolicyType, "app-execution"),
	} {
		waitsFor = append(waitsFor, r.URN)
	}
	assert.Subset(t, s.Dependencies, waitsFor, "the service waits for the listener, the capacity providers and the roles' policies")
	assert.Empty(t, inv.ByType(linkedRoleType), "the service-linked role is not created unless asked")

	assert.Equal(t, "app", millionstacktest.Resolve(t, svc.ClusterName))
	assert.Equal(t, "app", millionstacktest.Resolve(t, svc.ServiceName))
	assert.Equal(t, "app-id", millionstacktest.Resolve(t, svc.ServiceARN))
	assert.Equal(t, "app-tasks-id", millionstacktest.Resolve(t, svc.SecurityGroupID))
	assert.Equal(t, "us-east-1", svc.Region)
}

func TestAutoScalingOnCPUByDefault(t *testing.T) {
	inv, _ := mustRun(t, nil)
	target := millionstacktest.Named(t, inv, targetType, "app")
	assert.Equal(t, "ecs", target.String("serviceNamespace"))
	assert.Equal(t, "ecs:service:DesiredCount", target.String("scalableDimension"))
	assert.Equal(t, "service/app/app", target.String("resourceId"))
	assert.Equal(t, 2.0, millionstacktest.Input(t, target, "minCapacity"))
	assert.Equal(t, 4.0, millionstacktest.Input(t, target, "maxCapacity"))

	cpu := millionstacktest.Named(t, inv, policyType, "app-cpu")
	assert.Equal(t, "TargetTrackingScaling", cpu.String("policyType"))
	assert.Equal(t, "service/app/app", cpu.String("resourceId"))
	assert.Equal(t, "ecs:service:DesiredCount", cpu.String("scalableDimension"))
	assert.Equal(t, "ecs", cpu.String("serviceNamespace"))
	assert.Equal(t, map[string]interface{}{
		"targetValue":                   60.0,
		"predefinedMetricSpecification": map[string]interface{}{"predefinedMetricType": "ECSServiceAverageCPUUtilization"},
		"scaleOutCooldown":              60.0,
		"scaleInCooldown":               300.0,
	}, millionstacktest.Input(t, cpu, "targetTrackingScalingPolicyConfiguration"))
	_, ok := inv.Named(policyType, "app-requests")
	assert.False(t, ok, "no request policy unless RequestsPerTarget is set")
}

func TestSecurityGroupAdmitsOnlyTheAllowedGroupsOnTheContainerPort(t *testing.T) {
	inv, _ := mustRun(t, nil)
	group := millionstacktest.Named(t, inv, securityGroupType, "app-tasks")
	assert.Equal(t, "vpc-00000001", group.String("vpcId"))
	assert.NotContains(t, group.Plain(), "ingress", "rules are resources of their own")
	assert.NotContains(t, group.Plain(), "egress")

	in := millionstacktest.Only(t, inv, ingressType)
	assert.Equal(t, "app-tasks-id", in.String("securityGroupId"))
	assert.Equal(t, "sg-0000010b", in.String("referencedSecurityGroupId"))
	assert.Equal(t, "tcp", in.String("ipProtocol"))
	assert.Equal(t, 80.0, millionstacktest.Input(t, in, "fromPort"))
	assert.Equal(t, 80.0, millionstacktest.Input(t, in, "toPort"))

	out := millionstacktest.Only(t, inv, egressType)
	assert.Equal(t, "0.0.0.0/0", out.String("cidrIpv4"))
	assert.Equal(t, "tcp", out.String("ipProtocol"))
	assert.Equal(t, 443.0, millionstacktest.Input(t, out, "fromPort"))
	assert.Equal(t, 443.0, millionstacktest.Input(t, out, "toPort"))
}

func TestRolesHaveLeastPrivilege(t *testing.T) {
	inv, svc := mustRun(t, nil)
	execution := millionstacktest.Named(t, inv, roleType, "app-execution")
	assert.Equal(t, []map[string]interface{}{{
		"Effect": "Allow", "Principal": map[string]interface{}{"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole",
	}}, millionstacktest.Statements(t, execution, "assumeRolePolicy"))
	policy := millionstacktest.Named(t, inv, rolePolicyType, "app-execution")
	assert.Equal(t, execution.Outputs["name"].StringValue(), policy.String("role"))
	logGroupARN := millionstacktest.Named(t, inv, logGroupType, "app").Outputs["arn"].StringValue()
	assert.Equal(t, []map[string]interface{}{{
		"Sid": "WriteOwnLogs", "Effect": "Allow",
		"Action":   []interface{}{"logs:CreateLogStream", "logs:PutLogEvents"},
		"Resource": []interface{}{logGroupARN + ":*"},
	}}, millionstacktest.Statements(t, policy, "policy"), "a public image needs no ECR permissions")

	task := millionstacktest.Named(t, inv, roleType, "app-task")
	assert.Equal(t, []map[string]interface{}{{
		"Effect": "Allow", "Principal": map[string]interface{}{"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole",
		"Condition": map[string]interface{}{
			"StringEquals": map[string]interface{}{"aws:SourceAccount": "123456789012"},
			"ArnLike":      map[string]interface{}{"aws:SourceArn": "arn:aws:ecs:us-east-1:123456789012:*"},
		},
	}}, millionstacktest.Statements(t, task, "assumeRolePolicy"))
	for _, p := range inv.ByType(rolePolicyType) {
		assert.NotEqual(t, task.Outputs["name"].StringValue(), p.String("role"), "the task role has no permissions by default: %s", p.Name)
	}
	assert.Equal(t, task.Outputs["name"].StringValue(), millionstacktest.Resolve(t, svc.TaskRoleName))
	assert.Equal(t, task.Outputs["arn"].StringValue(), millionstacktest.Resolve(t, svc.TaskRoleARN))
}

// Every setting, changed from its default, reaches AWS as set.
func TestOverrides(t *testing.T) {
	digest := "sha256:" + strings.Repeat("ab", 32)
	image := "210987654321.dkr.ecr.eu-west-1.amazonaws.com/team/app@" + digest
	insecure := false
	noWait := false
	inv, _ := mustRun(t, func(a *container.ServiceArgs) {
		a.Image = image
		a.Command = []string{"serve", "--port", "8080"}
		a.ContainerPort = 8080
		a.Environment = map[string]pulumi.StringInput{"CONFIG_PATH": pulumi.String("/millionstack/10m"), "A_FIRST": pulumi.String("1")}
		a.User = "1000:1000"
		a.ReadonlyRootFilesystem = &insecure
		a.HealthCheck = &container.HealthCheck{Command: []string{"CMD", "/app/healthcheck"}, IntervalSeconds: 10, Retries: 2, StartPeriodSeconds: 20}
		a.CPU, a.MemoryMiB = 1024, 3072
		a.MinCount, a.MaxCount = 3, 12
		a.SpotPercent = 50
		a.CPUTargetPercent = 50
		a.RequestsPerTarget = 800
		a.MinimumHealthyPercent, a.MaximumPercent = 50, 150
		a.HealthCheckGracePeriodSeconds = 120
		a.WaitForSteadyState = &noWait
		a.EnableExecuteCommand = true
		a.ContainerInsights = "enhanced"
		a.EgressCIDRs = map[string]string{"vpc": "10.0.0.0/16"}
		a.TaskPolicies = map[string]pulumi.StringInput{"sessions": pulumi.String(`{"Version":"2012-10-17","Statement":[]}`)}
		a.CreateServiceLinkedRole = true
		a.LogRetentionDays = 30
		a.Tags = map[string]string{"team": "app"}
	})

	def := containerDefinition(t, inv)
	assert.Equal(t, image, def["image"])
	assert.Equal(t, []interface{}{"serve", "--port", "8080"}, def["command"])
	assert.Equal(t, "1000:1000", def["user"])
	assert.Equal(t, false, def["readonlyRootFilesystem"])
	assert.Equal(t, []interface{}{map[string]interface{}{"containerPort": 8080.0, "hostPort": 8080.0, "protocol": "tcp"}}, def["portMappings"])
	assert.Equal(t, []interface{}{
		map[string]interface{}{"name": "A_FIRST", "value": "1"},
		map[string]interface{}{"name": "CONFIG_PATH", "value": "/millionstack/10m"},
	}, def["environment"], "sorted by name, the same on every run")
	assert.Equal(t, []interface{}{map[string]interface{}{"sourceVolume": "writable-0", "containerPath": "/tmp", "readOnly": false}}, def["mountPoints"])
	assert.Equal(t, map[string]interface{}{"command": []interface{}{"CMD", "/app/healthcheck"}, "interval": 10.0, "timeout": 5.0, "retries": 2.0, "startPeriod": 20.0}, def["healthCheck"])

	td := millionstacktest.Named(t, inv, taskDefType, "app")
	assert.Equal(t, "1024", td.String("cpu"))
	assert.Equal(t, "3072", td.String("memory"))
	assert.Equal(t, "app", td.String("tags.team"))
	assert.Equal(t, "enhanced", millionstacktest.Named(t, inv, clusterType, "app").String("settings[0].value"))
	assert.Equal(t, 30.0, millionstacktest.Input(t, millionstacktest.Named(t, inv, logGroupType, "app"), "retentionInDays"))

	s := millionstacktest.Named(t, inv, serviceType, "app")
	assert.Equal(t, 3.0, millionstacktest.Input(t, s, "desiredCount"))
	assert.Equal(t, []interface{}{
		map[string]interface{}{"capacityProvider": "FARGATE", "base": 3.0, "weight": 50.0},
		map[string]interface{}{"capacityProvider": "FARGATE_SPOT", "weight": 50.0},
	}, millionstacktest.Input(t, s, "capacityProviderStrategies"))
	assert.Equal(t, 50.0, millionstacktest.Input(t, s, "deploymentMinimumHealthyPercent"))
	assert.Equal(t, 150.0, millionstacktest.Input(t, s, "deploymentMaximumPercent"))
	assert.Equal(t, 120.0, millionstacktest.Input(t, s, "healthCheckGracePeriodSeconds"))
	assert.Equal(t, false, millionstacktest.Input(t, s, "waitForSteadyState"))
	assert.Equal(t, true, millionstacktest.Input(t, s, "enableExecuteCommand"))
	assert.Equal(t, 8080.0, millionstacktest.Input(t, s, "loadBalancers[0].containerPort"))
	assert.Equal(t, "app", s.String("tags.team"))

	linked := millionstacktest.Named(t, inv, linkedRoleType, "app-ecs-linked-role")
	assert.Equal(t, "ecs.amazonaws.com", linked.String("awsServiceName"))
	assert.True(t, linked.RetainOnDelete, "the role is the account's: kept when the service goes")
	assert.Contains(t, s.Dependencies, linked.URN, "the service waits for the service-linked role")
	assert.Contains(t, millionstacktest.Named(t, inv, clusterType, "app").Dependencies, linked.URN,
		"so does the cluster: CreateCluster creates the role itself when it is missing, and the role's own creation would then fail")

	target := millionstacktest.Named(t, inv, targetType, "app")
	assert.Equal(t, 3.0, millionstacktest.Input(t, target, "minCapacity"))
	assert.Equal(t, 12.0, millionstacktest.Input(t, target, "maxCapacity"))
	assert.Equal(t, 50.0, millionstacktest.Input(t, millionstacktest.Named(t, inv, policyType, "app-cpu"), "targetTrackingScalingPolicyConfiguration.targetValue"))
	requests := millionstacktest.Named(t, inv, policyType, "app-requests")
	assert.Equal(t, 800.0, millionstacktest.Input(t, requests, "targetTrackingScalingPolicyConfiguration.targetValue"))
	assert.Equal(t, map[string]interface{}{
		"predefinedMetricType": "ALBRequestCountPerTarget",
		"resourceLabel":        "app/front/0123456789abcdef/targetgroup/app-ip/0123456789abcdef",
	}, millionstacktest.Input(t, requests, "targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification"))

	in := millionstacktest.Only(t, inv, ingressType)
	assert.Equal(t, 8080.0, millionstacktest.Input(t, in, "fromPort"))
	vpc := millionstacktest.Named(t, inv, egressType, "app-tasks-to-vpc")
	assert.Equal(t, "10.0.0.0/16", vpc.String("cidrIpv4"))
	assert.Equal(t, 0.0, millionstacktest.Input(t, vpc, "fromPort"))
	assert.Equal(t, 65535.0, millionstacktest.Input(t, vpc, "toPort"))

	// The private ECR image: pull from its repository and nothing else.
	exec := millionstacktest.Statements(t, millionstacktest.Named(t, inv, rolePolicyType, "app-execution"), "policy")
	require.Len(t, exec, 3)
	assert.Equal(t, map[string]interface{}{"Sid": "ECRLogin", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}, exec[1])
	assert.Equal(t, map[string]interface{}{
		"Sid": "PullOwnImage", "Effect": "Allow",
		"Action":   []interface{}{"ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"},
		"Resource": "arn:aws:ecr:eu-west-1:210987654321:repository/team/app",
	}, exec[2])

	// The caller's policy and the ECS Exec channels, on the task role only.
	task := millionstacktest.Named(t, inv, roleType, "app-task").Outputs["name"].StringValue()
	sessions := millionstacktest.Named(t, inv, rolePolicyType, "app-task-sessions")
	assert.Equal(t, task, sessions.String("role"))
	assert.Equal(t, `{"Version":"2012-10-17","Statement":[]}`, sessions.String("policy"))
	execPolicy := millionstacktest.Named(t, inv, rolePolicyType, "app-task-exec")
	assert.Equal(t, task, execPolicy.String("role"))
	assert.Equal(t, []interface{}{"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"},
		millionstacktest.Statements(t, execPolicy, "policy")[0]["Action"])
	assert.Subset(t, s.Dependencies, []string{sessions.URN, execPolicy.URN})
}

func TestARM64(t *testing.T) {
	inv, _ := mustRun(t, func(a *container.ServiceArgs) { a.Architecture = "ARM64" })
	assert.Equal(t, "ARM64", millionstacktest.Named(t, inv, taskDefType, "app").String("runtimePlatform.cpuArchitecture"))
}

// A service nobody reaches through a load balancer: no load balancer block,
// no grace period, no ingress.
func TestWithoutALoadBalancer(t *testing.T) {
	inv, _ := mustRun(t, func(a *container.ServiceArgs) {
		a.LoadBalancer = nil
		a.AllowedSecurityGroups = nil
	})
	s := millionstacktest.Named(t, inv, serviceType, "app")
	assert.NotContains(t, s.Plain(), "loadBalancers")
	assert.NotContains(t, s.Plain(), "healthCheckGracePeriodSeconds")
	assert.Empty(t, inv.ByType(ingressType))
}

// In a second region, through an explicit provider: every child is created
// through it, every lookup asks it, and what depends on the region names
// that region, not the stack's.
func TestSecondRegionUsesTheComponentsProvider(t *testing.T) {
	for name, option := range map[string]func(*aws.Provider) pulumi.ResourceOption{
		"Provider":  func(p *aws.Provider) pulumi.ResourceOption { return pulumi.Provider(p) },
		"Providers": func(p *aws.Provider) pulumi.ResourceOption { return pulumi.Providers(p) },
	} {
		t.Run(name, func(t *testing.T) {
			inv, svc, err := run(t, map[string]string{"aws:region": "us-east-1"}, nil, func(ctx *pulumi.Context) ([]pulumi.ResourceOption, error) {
				west, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
				return []pulumi.ResourceOption{option(west)}, err
			})
			require.NoError(t, err)
			west := millionstacktest.Named(t, inv, providerType, "west")
			component := millionstacktest.Only(t, inv, componentType)
			children := 0
			for _, r := range inv.Cloud() {
				if r.Parent != component.URN {
					continue
				}
				children++
				assert.True(t, strings.HasPrefix(r.Provider, west.URN+"::"), "%s %s is created through %q", r.Type, r.Name, r.Provider)
			}
			assert.Equal(t, 13, children)
			require.NotEmpty(t, inv.Invokes)
			for _, call := range inv.Invokes {
				assert.True(t, strings.HasPrefix(call.Provider, west.URN+"::"), "%s asks %q", call.Token, call.Provider)
			}

			assert.Equal(t, "us-west-2", svc.Region)
			def := containerDefinition(t, inv)
			assert.Equal(t, "us-west-2", def["logConfiguration"].(map[string]interface{})["options"].(map[string]interface{})["awslogs-region"])
			trust := millionstacktest.Statements(t, millionstacktest.Named(t, inv, roleType, "app-task"), "assumeRolePolicy")
			assert.Equal(t, "arn:aws:ecs:us-west-2:123456789012:*", trust[0]["Condition"].(map[string]interface{})["ArnLike"].(map[string]interface{})["aws:SourceArn"])
			exec := millionstacktest.Statements(t, millionstacktest.Named(t, inv, rolePolicyType, "app-execution"), "policy")
			assert.Contains(t, fmt.Sprint(exec[0]["Resource"]), ":us-west-2:", "the log group the execution role writes is the west one")
		})
	}
}

// Nothing the provider states about its arguments is broken, by the
// defaults or by every option at once.
func TestNoProviderRuleIsBroken(t *testing.T) {
	insecure := false
	for name, change := range map[string]func(*container.ServiceArgs){
		"defaults": nil,
		"everything": func(a *container.ServiceArgs) {
			a.Image = "210987654321.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.4.2"
			a.Environment = map[string]pulumi.StringInput{"CONFIG_PATH": pulumi.String("/millionstack/10m")}
			a.ReadonlyRootFilesystem = &insecure
			a.EnableExecuteCommand = true
			a.CPU, a.MemoryMiB = 16384, 122880
			a.SpotPercent = 100
			a.RequestsPerTarget = 1000
			a.ContainerInsights = "enhanced"
			a.EgressCIDRs = map[string]string{"vpc": "10.0.0.0/16"}
			a.TaskPolicies = map[string]pulumi.StringInput{"sessions": pulumi.String(`{"Version":"2012-10-17","Statement":[]}`)}
			a.CreateServiceLinkedRole = true
		},
	} {
		t.Run(name, func(t *testing.T) {
			inv, _ := mustRun(t, change)
			millionstacktest.NoViolations(t, inv)
		})
	}
}

// The plan prices the service at its desired count with its task size, and
// says how far it may scale.
func TestCost(t *testing.T) {
	inv, _ := mustRun(t, nil)
	c := plan.Estimate(millionstacktest.Named(t, inv, serviceType, "app"), inv)
	require.Len(t, c.Lines, 2)
	// Two tasks of 0.5 vCPU and 1 GB for 730 hours, at $0.04048 per
	// vCPU-hour and $0.004445 per GB-hour (infracost ecs_service_test golden).
	assert.Equal(t, 730.0, c.Lines[0].Quantity)
	assert.Equal(t, 0.04048, c.Lines[0].UnitUSD)
	assert.Equal(t, 29.55, c.Lines[0].MonthlyUSD)
	assert.Contains(t, c.Lines[0].Item, "Fargate X86_64 vCPU hours")
	assert.Equal(t, 1460.0, c.Lines[1].Quantity)
	assert.Equal(t, 0.004445, c.Lines[1].UnitUSD)
	assert.Equal(t, 6.49, c.Lines[1].MonthlyUSD)
	assert.Equal(t, 36.04, c.MonthlyUSD)
	assert.Contains(t, c.Unpriced, "up to 4 tasks")
	for _, l := range c.Lines {
		assert.False(t, l.Unconfirmed)
		assert.Contains(t, l.Source, "infracost ecs_service_test golden")
	}
	assert.NotEmpty(t, plan.Estimate(millionstacktest.Named(t, inv, clusterType, "app"), inv).Unpriced, "Container Insights is usage")
}

func TestAlarmTarget(t *testing.T) {
	_, svc := mustRun(t, func(a *container.ServiceArgs) { a.MinCount, a.MaxCount = 3, 6 })
	alarms := svc.AlarmTarget().Alarms
	var keys []string
	for _, a := range alarms {
		keys = append(keys, a.Key)
		assert.Equal(t, "app", millionstacktest.Resolve(t, a.Dimensions["ClusterName"].ToStringOutput()))
		assert.Equal(t, "app", millionstacktest.Resolve(t, a.Dimensions["ServiceName"].ToStringOutput()))
		assert.NotEmpty(t, a.Description)
	}
	assert.Equal(t, []string{"cpu", "memory", "running-tasks"}, keys)
	assert.Equal(t, "AWS/ECS", alarms[0].Namespace)
	assert.Equal(t, "CPUUtilization", alarms[0].MetricName)
	assert.Equal(t, "MemoryUtilization", alarms[1].MetricName)
	tasks := alarms[2]
	assert.Equal(t, "ECS/ContainerInsights", tasks.Namespace)
	assert.Equal(t, "RunningTaskCount", tasks.MetricName)
	assert.Equal(t, "LessThanThreshold", tasks.ComparisonOperator)
	assert.Equal(t, 3.0, tasks.Threshold, "fewer than MinCount")
	assert.Equal(t, "breaching", tasks.TreatMissingData, "no data means no running task")
}

// Each bad setting is refused before anything is registered, with the
// instance, the field, the value and what is allowed.
func TestValidation(t *testing.T) {
	arm := container.ARM64
	readonly := true
	for _, c := range []struct {
		name   string
		change func(*container.ServiceArgs)
		want   []string
	}{
		{"cpu without a size", func(a *container.ServiceArgs) { a.CPU = 384 },
			[]string{`container "app": CPU: 384 CPU units is not a Fargate task size; allowed: 256, 512, 1024, 2048, 4096, 8192, 16384`}},
		{"user with a space", func(a *container.ServiceArgs) { a.User = "app user" },
			[]string{`container "app": User: "app user" is not a container user; allowed: "" (the image's user), or user, uid, user:group or uid:gid`}},
		{"memory not for the cpu", func(a *container.ServiceArgs) { a.CPU, a.MemoryMiB = 256, 4096 },
			[]string{`container "app": MemoryMiB: 4096 MiB is not a Fargate task size with CPU 256; allowed: 512, 1024, 2048 MiB with 256 CPU units`}},
		{"memory off the step", func(a *container.ServiceArgs) { a.CPU, a.MemoryMiB = 8192, 18432 },
			[]string{"MemoryMiB: 18432 MiB", "with CPU 8192; allowed: 16384 to 61440 MiB in steps of 4096 with 8192 CPU units"}},
		{"max below min", func(a *container.ServiceArgs) { a.MinCount, a.MaxCount = 5, 3 },
			[]string{`container "app": MaxCount: 3 is out of range with MinCount 5; allowed: MinCount to 5000`}},
		{"too many tasks", func(a *container.ServiceArgs) { a.MaxCount = 6000 }, []string{"MaxCount: 6000 is out of range"}},
		{"port", func(a *container.ServiceArgs) { a.ContainerPort = 70000 }, []string{"ContainerPort: 70000 is out of range; allowed: 1 to 65535"}},
		{"untagged image", func(a *container.ServiceArgs) { a.Image = "nginx" }, []string{`Image: "nginx" has no tag or digest`}},
		{"latest", func(a *container.ServiceArgs) { a.Image = "public.ecr.aws/nginx/nginx:latest" }, []string{"is tagged latest"}},
		{"not an image", func(a *container.ServiceArgs) { a.Image = "Nginx:1.27" }, []string{`Image: "Nginx:1.27" is not an image reference`}},
		{"no subnets", func(a *container.ServiceArgs) { a.SubnetIDs = nil }, []string{"SubnetIDs: is required"}},
		{"no vpc", func(a *container.ServiceArgs) { a.VpcID = nil }, []string{"VpcID: is required"}},
		{"grace without a load balancer", func(a *container.ServiceArgs) { a.LoadBalancer, a.HealthCheckGracePeriodSeconds = nil, 30 },
			[]string{"HealthCheckGracePeriodSeconds: 30 is set without a LoadBalancer"}},
		{"load balancer without a group", func(a *container.ServiceArgs) { a.AllowedSecurityGroups = nil },
			[]string{"AllowedSecurityGroups: is empty with a LoadBalancer"}},
		{"target group missing", func(a *container.ServiceArgs) { a.LoadBalancer.TargetGroupARN = nil }, []string{"LoadBalancer.TargetGroupARN: is required"}},
		{"platform", func(a *container.ServiceArgs) { a.Architecture = "arm64" }, []string{`Architecture: "arm64" is not supported; allowed: X86_64, ARM64`}},
		{"spot on arm", func(a *container.ServiceArgs) { a.Architecture, a.SpotPercent = arm, 30 },
			[]string{"SpotPercent: 30 with Architecture ARM64; allowed: 0, since Fargate Spot runs X86_64 tasks only"}},
		{"requests without suffixes", func(a *container.ServiceArgs) {
			a.RequestsPerTarget = 500
			a.LoadBalancer.TargetGroupARNSuffix = nil
		}, []string{"RequestsPerTarget: 500 needs LoadBalancer with TargetGroupARNSuffix and LoadBalancerARNSuffix"}},
		{"cpu target", func(a *container.ServiceArgs) { a.CPUTargetPercent = 95 }, []string{"CPUTargetPercent: 95 is out of range; allowed: 10 to 90"}},
		{"deployment percents", func(a *container.ServiceArgs) { a.MinimumHealthyPercent, a.MaximumPercent = 100, 100 },
			[]string{"MaximumPercent: 100 is not above MinimumHealthyPercent 100"}},
		{"exec with a read-only root", func(a *container.ServiceArgs) { a.EnableExecuteCommand, a.ReadonlyRootFilesystem = true, &readonly },
			[]string{"EnableExecuteCommand: is set with a read-only root file system"}},
		{"insights off", func(a *container.ServiceArgs) { a.ContainerInsights = "disabled" },
			[]string{`ContainerInsights: "disabled" is not supported; allowed: enabled, enhanced`}},
		{"egress", func(a *container.ServiceArgs) {
			a.EgressCIDRs = map[string]string{"https": "10.0.0.0/16", "db": "10.0.0.0"}
		},
			[]string{`EgressCIDRs: key "https" is not allowed`, `EgressCIDRs: "10.0.0.0" (key "db") is not an IPv4 CIDR`}},
		{"environment", func(a *container.ServiceArgs) {
			a.Environment = map[string]pulumi.StringInput{"1BAD": pulumi.String("x"), "EMPTY": nil}
		}, []string{`Environment: key "1BAD" is not a variable name`, `Environment: key "EMPTY" has no value`}},
		{"health check", func(a *container.ServiceArgs) {
			a.HealthCheck = &container.HealthCheck{Command: []string{"curl localhost"}, IntervalSeconds: 1, TimeoutSeconds: 90}
		}, []string{"HealthCheck.Command", "HealthCheck.IntervalSeconds: 1 is out of range; allowed: 5 to 300", "HealthCheck.TimeoutSeconds: 90 is out of range; allowed: 2 to 60"}},
		{"writable paths", func(a *container.ServiceArgs) { a.WritablePaths = []string{"tmp", "/", "/tmp", "/tmp"} },
			[]string{`WritablePaths: "tmp" is not allowed`, `WritablePaths: "/" is not allowed`, `WritablePaths: "/tmp" is not allowed`}},
		{"task policy keys", func(a *container.ServiceArgs) {
			a.TaskPolicies = map[string]pulumi.StringInput{"exec": pulumi.String("{}"), "Bad_Key": pulumi.String("{}")}
		}, []string{`TaskPolicies: key "exec" is the component's own ECS Exec policy`, `TaskPolicies: key "Bad_Key" is not allowed`}},
		{"further groups", func(a *container.ServiceArgs) {
			a.SecurityGroupIDs = map[string]pulumi.StringInput{"Targets": pulumi.String("sg-1"), "b": pulumi.String("2"), "c": pulumi.String("3"), "d": pulumi.String("4"), "e": pulumi.String("5")}
		}, []string{`SecurityGroupIDs: key "Targets" is not allowed`, "SecurityGroupIDs: holds 5 groups; allowed: at most 4"}},
		{"retention", func(a *container.ServiceArgs) { a.LogRetentionDays = 45 }, []string{"LogRetentionDays: 45 days is not a CloudWatch Logs retention"}},
		{"tags", func(a *container.ServiceArgs) { a.Tags = map[string]string{"aws:owner": "x"} }, []string{`Tags: key "aws:owner" uses the reserved prefix`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			inv, _, err := run(t, nil, c.change, nil)
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Empty(t, inv.ByType(componentType), "nothing may be registered when the arguments are invalid")
			for _, r := range inv.Resources {
				assert.Equal(t, listenerType, r.Type, "only the test program's own listener: %s %s", r.Type, r.Name)
			}
		})
	}
}

// Every problem comes at once, and the component's name is checked too.
func TestEveryProblemAtOnceAndTheName(t *testing.T) {
	_, _, err := run(t, nil, func(a *container.ServiceArgs) { a.CPU, a.ContainerPort, a.Image = 100, 0x10000, "x" }, nil)
	require.Error(t, err)
	for _, w := range []string{"CPU: 100", "ContainerPort: 65536", `Image: "x" has no tag`} {
		assert.Contains(t, err.Error(), w)
	}
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := container.NewService(ctx, "App_1", container.ServiceArgs{VpcID: pulumi.String("vpc-00000001"), SubnetIDs: pulumi.StringArray{}})
		return err
	}, millionstacktest.Options{})
	millionstacktest.Rejected(t, inv, err, `container "App_1": name: "App_1" cannot prefix AWS resource names`)
}

// Validate reports the same problems without a name, as a stage's checking
// pass calls it.
func TestValidateWithoutRegistering(t *testing.T) {
	err := container.ServiceArgs{CPU: 256, MemoryMiB: 256}.Validate("app")
	require.Error(t, err)
	for _, w := range []string{"container \"app\": VpcID: is required", "container \"app\": SubnetIDs: is required", "container \"app\": MemoryMiB: 256 MiB"} {
		assert.Contains(t, err.Error(), w)
	}
	assert.NoError(t, container.ServiceArgs{VpcID: pulumi.String("vpc-00000001"), SubnetIDs: pulumi.StringArray{}}.Validate("app"))
}

// The table is the ECS guide's: every size it lists is accepted, the
// neighbours are not.
func TestFargateTaskSizes(t *testing.T) {
	assert.Equal(t, []int{512, 1024, 2048}, container.FargateMemoryMiB(256))
	assert.Equal(t, []int{1024, 2048, 3072, 4096}, container.FargateMemoryMiB(512))
	assert.Equal(t, []int{2048, 3072, 4096, 5120, 6144, 7168, 8192}, container.FargateMemoryMiB(1024))
	for cpu, want := range map[int][3]int{2048: {4096, 16384, 13}, 4096: {8192, 30720, 23}, 8192: {16384, 61440, 12}, 16384: {32768, 122880, 12}} {
		got := container.FargateMemoryMiB(cpu)
		require.Len(t, got, want[2], "CPU %d", cpu)
		assert.Equal(t, want[0], got[0], "CPU %d", cpu)
		assert.Equal(t, want[1], got[len(got)-1], "CPU %d", cpu)
	}
	assert.Nil(t, container.FargateMemoryMiB(3072))

	base := container.ServiceArgs{VpcID: pulumi.String("vpc-00000001"), SubnetIDs: pulumi.StringArray{}}
	for _, cpu := range []int{256, 512, 1024, 2048, 4096, 8192, 16384} {
		for _, mem := range container.FargateMemoryMiB(cpu) {
			a := base
			a.CPU, a.MemoryMiB = cpu, mem
			assert.NoError(t, a.Validate("app"), "%d/%d", cpu, mem)
		}
		a := base
		a.CPU, a.MemoryMiB = cpu, container.FargateMemoryMiB(cpu)[0]/2
		assert.Error(t, a.Validate("app"), "%d/%d", cpu, a.MemoryMiB)
	}
}

// Image references: what a registry would resolve is accepted, what it
// would not (or would resolve to "latest") is refused.
func TestImageReferences(t *testing.T) {
	base := container.ServiceArgs{VpcID: pulumi.String("vpc-00000001"), SubnetIDs: pulumi.StringArray{}}
	for _, ok := range []string{
		"public.ecr.aws/nginx/nginx:1.27", "ghcr.io/org/app:v1.2.3", "library/nginx:1.27-alpine", "nginx:1.27",
		"localhost:5000/app:dev", "123456789012.dkr.ecr.us-west-2.amazonaws.com/team/app@sha256:" + strings.Repeat("0a", 32),
		"registry.example.com:8443/a/b/c:latest@sha256:" + strings.Repeat("ff", 32),
	} {
		a := base
		a.Image = ok
		assert.NoError(t, a.Validate("app"), ok)
	}
	for _, bad := range []string{"nginx", "nginx:latest", "Nginx:1", "nginx:", "app@sha256:123", "-app:1", "a//b:1", "ghcr.io/org/app"} {
		a := base
		a.Image = bad
		assert.Error(t, a.Validate("app"), bad)
	}
}

// JSON round trip of the container definition: what the provider gets is a
// one-element array ECS accepts, never null lists (which would diff).
func TestContainerDefinitionHasNoNullLists(t *testing.T) {
	inv, _ := mustRun(t, func(a *container.ServiceArgs) { a.Image = "ghcr.io/org/app:1"; a.WritablePaths = []string{} })
	raw := millionstacktest.Named(t, inv, taskDefType, "app").String("containerDefinitions")
	assert.NotContains(t, raw, "null")
	var defs []json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(raw), &defs))
	assert.Len(t, defs, 1)
}

// The placeholder image answers the health check path a load balancer
// expects of an app (stock nginx answers it with 404, and a service whose
// targets never turn healthy fails the first `pulumi up`): the container
// writes a server block of its own into a writable directory and runs
// nginx in the foreground, on the container port.
func TestThePlaceholderAnswersTheHealthCheckPath(t *testing.T) {
	inv, _ := mustRun(t, func(a *container.ServiceArgs) { a.ContainerPort = 8080 })
	def := containerDefinition(t, inv)
	command, ok := def["command"].([]interface{})
	require.True(t, ok, "the placeholder runs a command of its own")
	require.Len(t, command, 3)
	assert.Equal(t, []interface{}{"/bin/sh", "-c"}, command[:2], "not nginx first: the image's entrypoint then runs the command as given")
	script := command[2].(string)
	assert.Contains(t, script, "cat > /etc/nginx/conf.d/default.conf <<'EOF'")
	assert.Contains(t, script, "listen 8080;")
	assert.Contains(t, script, "location = "+container.DefaultHealthCheckPath+" { default_type text/plain; return 200 'ok'; }")
	assert.True(t, strings.HasSuffix(script, "exec nginx -g 'daemon off;'"), "nginx in the foreground, as the container's main process")
	var writable []string
	for _, m := range def["mountPoints"].([]interface{}) {
		writable = append(writable, m.(map[string]interface{})["containerPath"].(string))
	}
	assert.Contains(t, writable, "/etc/nginx/conf.d", "the root file system is read-only: the server block goes to a volume")
	assert.Equal(t, "curl -fsS http://localhost:8080/health > /dev/null || exit 1", def["healthCheck"].(map[string]interface{})["command"].([]interface{})[1])

	// The script is one the shell accepts.
	out, err := exec.Command("/bin/sh", "-n", "-c", script).CombinedOutput()
	assert.NoError(t, err, "%s", out)

	// An image of one's own runs as built.
	inv, _ = mustRun(t, func(a *container.ServiceArgs) { a.Image = "ghcr.io/org/app:1" })
	assert.NotContains(t, containerDefinition(t, inv), "command")
}

// The tasks may join further groups, such as the targets' group of the
// load balancer tier in front of them, after their own.
func TestTasksJoinFurtherSecurityGroups(t *testing.T) {
	inv, _ := mustRun(t, func(a *container.ServiceArgs) {
		a.SecurityGroupIDs = map[string]pulumi.StringInput{"targets": pulumi.String("sg-targets"), "audit": pulumi.String("sg-audit")}
	})
	s := millionstacktest.Named(t, inv, serviceType, "app")
	assert.Equal(t, []interface{}{"app-tasks-id", "sg-audit", "sg-targets"}, millionstacktest.Input(t, s, "networkConfiguration.securityGroups"))

}
