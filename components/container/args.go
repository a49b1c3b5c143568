package container

import (
	"errors"
	"fmt"
	"net"
	"path"
	"regexp"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ServiceArgs configure a Service. Inputs that come from other resources
// (VPC, subnets, security groups, target group, policies, environment
// values) are Pulumi inputs; every setting is a plain Go value so that it
// can be checked before anything is registered. Zero values mean "use the
// default" documented on each field.
type ServiceArgs struct {
	// VpcID is the VPC the tasks' security group lives in. Required.
	VpcID pulumi.StringInput
	// SubnetIDs are the private subnets the tasks run in, one per
	// Availability Zone (give two or more: the service spreads its tasks
	// across them). Required. The tasks get no public IP, so these subnets
	// need a way to ECR (image pulls) and CloudWatch Logs: a NAT gateway
	// (millionstack's stages have one from 1k on) or interface endpoints for
	// ecr.api, ecr.dkr and logs plus the S3 gateway endpoint. Nothing here
	// can check that; a task that cannot pull its image stops with
	// "CannotPullContainerError", and the deployment circuit breaker fails
	// the deployment.
	SubnetIDs pulumi.StringArrayInput
	// AllowedSecurityGroups say who may reach the tasks, keyed by role
	// ("lb", "web"); each key becomes the ingress rule
	// `<name>-tasks-from-<key>` on ContainerPort and nothing else. Required
	// (at least one) with LoadBalancer: the load balancer's own security
	// group must be among them, or its health checks never reach a task
	// (and that group must allow egress to SecurityGroupID on
	// ContainerPort). Keys are lower-case letters, digits and hyphens.
	AllowedSecurityGroups map[string]pulumi.StringInput
	// SecurityGroupIDs are further security groups the tasks join besides
	// their own (Service.SecurityGroupID), keyed by role ("targets"): such
	// as the targets' group of a load balancer tier made for container
	// targets (webtier.TargetsIP), which its load balancer already reaches
	// and the data stores already admit. Their rules are the caller's, and
	// add to the tasks' own. Default none. Keys are lower-case letters,
	// digits and hyphens; at most 4 groups (a task's network interface
	// takes 5 security groups: Amazon VPC quotas, security groups per
	// network interface).
	SecurityGroupIDs map[string]pulumi.StringInput
	// EgressCIDRs are IPv4 ranges the tasks may open TCP connections to on
	// any port, keyed by role ("vpc"): rule `<name>-tasks-to-<key>`. Give
	// the VPC's range (network.Network.CIDR) for the databases, caches and
	// internal services the app uses; their own security groups still
	// decide whom they admit. Default none: the tasks reach only HTTPS
	// (443) anywhere, which image pulls, CloudWatch Logs and the AWS APIs
	// need. The key "https" is taken.
	EgressCIDRs map[string]string

	// ExistingSecurityGroupID is a security group of your own the tasks run
	// in instead of the group `<name>-tasks` the component otherwise
	// creates with its rules. Default nil. Allowed: a security group ID
	// ("sg-" and 8 or 17 hex digits) of VpcID. Its rules are yours: it
	// must admit the load balancer on ContainerPort and allow HTTPS out
	// (image pulls, logs, AWS APIs). Not with AllowedSecurityGroups or
	// EgressCIDRs, which are rules of the component's group; AllowFrom is
	// refused. Changing it replaces the service's network configuration in
	// place (a rolling deployment).
	ExistingSecurityGroupID pulumi.StringInput
	// ExistingClusterARN is an ECS cluster of your own the service runs in
	// instead of the cluster `<name>` the component otherwise creates with
	// its capacity providers. Default nil. Allowed: the ARN of a cluster
	// (arn:<partition>:ecs:<region>:<account>:cluster/<name>) in the
	// component's region. The cluster must have the FARGATE capacity
	// provider associated (and FARGATE_SPOT with SpotPercent): the service
	// places its tasks through them (ECS developer guide, "Amazon ECS
	// clusters for Fargate"), and Container Insights on, or the
	// running-tasks alarm has no metric. Not with ContainerInsights, a
	// setting of the component's cluster. Changing it replaces the service
	// (its cluster is fixed: cluster is ForceNew, terraform-provider-aws
	// internal/service/ecs/service.go).
	ExistingClusterARN pulumi.StringInput
	// ExistingTaskRoleARN is an IAM role of your own the app's code runs as,
	// instead of the role `<name>-task` the component otherwise creates.
	// Default nil. Allowed: the ARN of a role ecs-tasks.amazonaws.com may
	// assume. It holds what you give it: with EnableExecuteCommand it needs
	// the ssmmessages actions ECS Exec uses (the component's own role gets
	// them as the policy `<name>-task-exec`). Not with TaskPolicies, which
	// are inline policies of the component's role. Changing it makes a new
	// task definition revision (a rolling deployment).
	ExistingTaskRoleARN pulumi.StringInput
	// ExistingExecutionRoleARN is an IAM role of your own that ECS starts
	// the tasks with (image pull, log writes) instead of the role
	// `<name>-execution` the component otherwise creates. Default nil.
	// Allowed: the ARN of a role ecs-tasks.amazonaws.com may assume, with
	// the permissions of the AWS managed AmazonECSTaskExecutionRolePolicy
	// or narrower ones that still cover the image's repository and the log
	// group (whose name the component chooses: "/ecs/<project>-<stack>-<name>-<suffix>",
	// so allow "/ecs/*"). Changing it makes a new task definition revision.
	ExistingExecutionRoleARN pulumi.StringInput
	// ExistingKMSKeyARN is a customer-managed KMS key of your own that
	// encrypts the container's log group. Default nil: CloudWatch Logs'
	// own encryption. Allowed: the key ARN (not an alias: CloudWatch Logs
	// keeps a group's key as its key ARN) of a key in the
	// component's region whose key policy lets the service principal
	// logs.<region>.amazonaws.com use it (kms:Encrypt*, kms:Decrypt*,
	// kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe*) for this log
	// group (CloudWatch Logs user guide, "Encrypt log data in CloudWatch
	// Logs using AWS KMS"): without it the log group cannot be created.
	// Changing it re-associates the key in place.
	ExistingKMSKeyARN pulumi.StringInput

	// LoadBalancer, when set, registers every task in an existing target
	// group of a load balancer the caller owns, and adds the request-count
	// scaling policy when RequestsPerTarget is set. Default nil: a service
	// nobody reaches through a load balancer (a queue worker).
	LoadBalancer *LoadBalancerTarget

	// Image is the container image, with a tag or a digest:
	// "<registry>/<repository>:<tag>" or "...@sha256:<digest>". Default
	// DefaultImage, a placeholder web server, so that a stack comes up
	// before the app has an image: it answers DefaultHealthCheckPath with
	// 200 and its welcome page at "/", so that a load
	// balancer checking the path an app is expected to serve finds it
	// healthy and `pulumi up` (WaitForSteadyState) completes. An image without a tag, or tagged
	// "latest", is refused: the tasks of a later deployment or scale-out
	// would run whatever was pushed last. A private ECR image of the form
	// "<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>" lets
	// the execution role pull from that repository and no other; any other
	// registry must be public.
	Image string
	// Command overrides the image's CMD. Default none (the image's own).
	Command []string
	// ContainerPort is the port the container listens on: what the target
	// group forwards to and AllowedSecurityGroups may reach. Default 80;
	// allowed 1 to 65535.
	ContainerPort int
	// Environment holds the container's environment variables, such as the
	// SSM path the app reads its endpoints from. Never put a secret here:
	// task definitions are readable by anyone allowed ecs:Describe*
	// (Security Hub ECS.8); let the app read secrets through TaskPolicies.
	// Keys are letters, digits and underscores, not starting with a digit.
	Environment map[string]pulumi.StringInput
	// User runs the container as this user ("1000", "app:app"). Default ""
	// (the image's user). The default image runs as root, as nginx must to
	// bind port 80: set a non-root user for a real app (Security Hub ECS.20).
	User string
	// ReadonlyRootFilesystem mounts the container's root file system read
	// only (Security Hub ECS.5); WritablePaths stay writable. Default true.
	ReadonlyRootFilesystem *bool
	// WritablePaths are directories the container writes to, each an empty
	// volume on the task's ephemeral storage (gone when the task stops).
	// Default: "/var/cache/nginx" and "/var/run" for the default image (the
	// paths nginx writes), "/tmp" for any other. Absolute paths.
	WritablePaths []string
	// HealthCheck is the container's own health check; ECS replaces a task
	// whose essential container fails it. Default: an HTTP request to
	// ContainerPort with curl for the default image, none for any other
	// (curl may not be in it; the target group's health check still
	// applies).
	HealthCheck *HealthCheck

	// CPU is the task's CPU in CPU units (1024 per vCPU). Default 512.
	// Fargate accepts 256, 512, 1024, 2048, 4096, 8192 and 16384, each with
	// its own range of MemoryMiB (see FargateMemoryMiB).
	CPU int
	// MemoryMiB is the task's memory. Default 1024. Allowed: a value
	// FargateMemoryMiB lists for CPU.
	MemoryMiB int
	// Architecture is the CPU architecture the image is built for:
	// "X86_64" (default) or "ARM64" (Graviton, 20% less per vCPU-hour and
	// GB-hour, but it needs an arm64 image and cannot run on Fargate Spot).
	Architecture Architecture

	// MinCount is the fewest tasks the service runs; also the count at the
	// first deployment. Default 2 (two AZs); allowed 1 to 5000.
	MinCount int
	// MaxCount is the most tasks auto scaling may run. Default 4, or
	// MinCount when that is more; allowed MinCount to 5000, ECS's limit of
	// tasks per service.
	MaxCount int
	// SpotPercent is the share (0 to 100) of the tasks above MinCount that
	// run on Fargate Spot, interruptible capacity at a discount. The first
	// MinCount tasks always run on regular Fargate. Default 0. Not with
	// ARM64: Fargate Spot runs X86_64 tasks only.
	SpotPercent int
	// CPUTargetPercent is the average CPU utilization the target-tracking
	// policy `<name>-cpu` keeps the service at. Default 60; allowed 10 to
	// 90.
	CPUTargetPercent float64
	// RequestsPerTarget, when set, adds the target-tracking policy
	// `<name>-requests` that keeps the load balancer's requests per task per
	// minute at this number. Needs LoadBalancer with both ARN suffixes.
	// Default 0 (no request policy); otherwise allowed 1 to 100000.
	RequestsPerTarget float64

	// MinimumHealthyPercent is how much of the desired count stays running
	// during a rolling deployment. Default 100 (no capacity lost); allowed
	// 0 to 100.
	MinimumHealthyPercent int
	// MaximumPercent is how many tasks may run during a deployment, as a
	// percentage of the desired count. Default 200; allowed 100 to 200, and
	// more than MinimumHealthyPercent (else a deployment can neither start
	// a new task nor stop an old one).
	MaximumPercent int
	// HealthCheckGracePeriodSeconds is how long a new task may start before
	// failed load balancer health checks count. Default 60 with a
	// LoadBalancer; allowed 1 to 7200, and only with a LoadBalancer (ECS
	// refuses it for services without one).
	HealthCheckGracePeriodSeconds int
	// WaitForSteadyState makes `pulumi up` wait until the deployment's
	// tasks run and pass their health checks, so that an image that does
	// not start fails the update instead of being rolled back quietly after
	// it. Default true; set false to return as soon as ECS accepts the
	// deployment.
	WaitForSteadyState *bool
	// EnableExecuteCommand allows `aws ecs execute-command` into running
	// tasks (ECS Exec) and gives the task role the SSM messages permissions
	// it needs. Default false. ECS Exec needs a writable root file system,
	// so it requires ReadonlyRootFilesystem false.
	EnableExecuteCommand bool

	// ContainerInsights is the cluster's Container Insights level (not with
	// ExistingClusterARN, whose cluster is yours to set):
	// "enabled" (default: cluster- and service-level metrics, including
	// RunningTaskCount, which the RunningTasks alarm needs) or "enhanced"
	// (task- and container-level metrics as well, at more custom metrics a
	// month). "disabled" is refused (Security Hub ECS.12).
	ContainerInsights Insights

	// TaskPolicies are IAM policy documents (JSON) the task role gets, keyed
	// by a stable name ("sessions", "publish"): role policy
	// `<name>-task-<key>` each. Default none: the app may call no AWS API.
	// Keys are lower-case letters, digits and hyphens; "exec" is taken.
	TaskPolicies map[string]pulumi.StringInput
	// CreateServiceLinkedRole creates the ECS service-linked role
	// (AWSServiceRoleForECS) for a fresh account and makes the service wait
	// for it. Default false. Creating it fails when it exists already,
	// which it does in any account that has run an ECS service or cluster
	// before: `aws iam get-role --role-name AWSServiceRoleForECS` tells. The
	// role is global: set this on one Service per account only. It is kept
	// when the Service goes (other stacks' services need it).
	CreateServiceLinkedRole bool
	// ServiceLinkedRole is the ECS service-linked role when another Service
	// of the account creates it (that Service's LinkedRole, as a stack's
	// second region takes its first region's): the service waits for it,
	// as it waits for a role it creates itself, so that on a fresh account
	// ECS does not refuse the service ("Unable to assume the service linked
	// role") for having been created first. Default none: the role exists.
	// Not with CreateServiceLinkedRole.
	ServiceLinkedRole pulumi.Resource

	// LogRetentionDays is how long the container's log group keeps logs.
	// Default 90; one of the retentions CloudWatch Logs accepts.
	LogRetentionDays int
	// Tags are applied to every taggable child, together with Name; the
	// service propagates its tags to its tasks.
	Tags map[string]string
}

// LoadBalancerTarget is the target group of a load balancer the caller owns.
// The caller keeps the load balancer, its listeners and the target group
// (and its health check); the service registers its tasks in it. Taking the
// target group rather than creating one keeps the routing (which listener,
// which rule, which path) where it is decided, and is what ECS itself takes:
// a service's loadBalancers block names a target group.
type LoadBalancerTarget struct {
	// TargetGroupARN is the target group the tasks register in. It must be
	// of target type "ip" (awsvpc tasks register by address, not instance)
	// and forward to ContainerPort. Required.
	TargetGroupARN pulumi.StringInput
	// TargetGroupARNSuffix and LoadBalancerARNSuffix ("targetgroup/...",
	// "app/...") are what ALBRequestCountPerTarget scaling and alarms
	// name. Required with RequestsPerTarget.
	TargetGroupARNSuffix  pulumi.StringInput
	LoadBalancerARNSuffix pulumi.StringInput
	// Listeners are the listeners or listener rules that forward to the
	// target group. The service waits for them: ECS refuses a target group
	// no load balancer uses yet ("The target group with targetGroupArn ...
	// does not have an associated load balancer"). Leave empty only when
	// the listener already exists outside this program.
	Listeners []pulumi.Resource
}

// HealthCheck is a container health check (ECS HealthCheck). Zero numbers
// take ECS's defaults.
type HealthCheck struct {
	// Command is run in the container: "CMD" and the arguments, or
	// "CMD-SHELL" and a shell command; exit code 0 is healthy. Required.
	Command []string
	// IntervalSeconds between checks. Default 30; allowed 5 to 300.
	IntervalSeconds int
	// TimeoutSeconds a check may take. Default 5; allowed 2 to 60.
	TimeoutSeconds int
	// Retries before the container counts as unhealthy. Default 3; allowed
	// 1 to 10.
	Retries int
	// StartPeriodSeconds during which failures do not count. Default 0;
	// allowed 0 to 300.
	StartPeriodSeconds int
}

// Defaults of ServiceArgs, named so that documentation and tests can refer to them.
const (
	// DefaultImage is nginx from its publisher's ECR Public repository,
	// pinned to a release line: pulled without credentials through a NAT,
	// multi-architecture (X86_64 and ARM64), with curl for its health check.
	DefaultImage = "public.ecr.aws/nginx/nginx:1.27"
	// DefaultHealthCheckPath is the path the default image answers with
	// 200 ("ok"), as a load balancer's health check expects of an app
	// (webtier.DefaultHealthCheckPath is the same path). Stock nginx
	// answers it with 404: the component runs the image with a server
	// block of its own (placeholderCommand).
	DefaultHealthCheckPath               = "/health"
	DefaultContainerPort                 = 80
	DefaultCPU                           = 512
	DefaultMemoryMiB                     = 1024
	DefaultArchitecture                  = X86_64
	DefaultMinCount                      = 2
	DefaultMaxCount                      = 4
	DefaultCPUTargetPercent              = 60
	DefaultMinimumHealthyPercent         = 100
	DefaultMaximumPercent                = 200
	DefaultHealthCheckGracePeriodSeconds = 60
	DefaultContainerInsights             = InsightsEnabled
	DefaultLogRetentionDays              = 90
	// MaxTasks is ECS's limit of tasks per service (Amazon ECS service
	// quotas: "Tasks per service", 5,000, not adjustable).
	MaxTasks = 5000
)

// Architecture is a CPU architecture Fargate runs Linux tasks on
// (RuntimePlatform.cpuArchitecture: "Must be set to either `X86_64` or
// `ARM64`", pulumi-aws go/aws/ecs/pulumiTypes.go).
type Architecture string

// The CPU architectures of Fargate's Linux tasks.
const (
	X86_64 Architecture = "X86_64"
	ARM64  Architecture = "ARM64"
)

// Architectures are the CPU architectures Fargate runs Linux tasks on.
var Architectures = []Architecture{X86_64, ARM64}

// Insights is a cluster's Container Insights level.
type Insights string

// The Container Insights levels (ecs.ClusterSetting containerInsights:
// "enabled", or "enhanced" with observability of tasks and containers).
const (
	InsightsEnabled  Insights = "enabled"
	InsightsEnhanced Insights = "enhanced"
)

// defaultImageWritablePaths are what nginx writes at run time in the
// official image: its temp directories and its pid file, and the directory
// of its server blocks, where placeholderCommand writes its own (an empty
// volume over it hides the image's default.conf).
var defaultImageWritablePaths = []string{"/var/cache/nginx", "/var/run", "/etc/nginx/conf.d"}

// placeholderCommand runs the default image as a placeholder app on port:
// it writes one server block that answers DefaultHealthCheckPath with 200
// and nginx's welcome page at "/", then runs nginx in the
// foreground as the image's own command does. The image's entrypoint
// (/docker-entrypoint.sh) runs its configuration scripts only for a command
// that starts with "nginx", and runs any other command as given.
func placeholderCommand(port int) []string {
	return []string{"/bin/sh", "-c", fmt.Sprintf(`cat > /etc/nginx/conf.d/default.conf <<'EOF'
server {
  listen %d;
  location = %s { default_type text/plain; return 200 'ok'; }
  location / { root /usr/share/nginx/html; index index.html; }
}
EOF
exec nginx -g 'daemon off;'`, port, DefaultHealthCheckPath)}
}

// WithDefaults returns a copy of a with every unset field set to its
// documented default. It is the one place defaults live.
func (a ServiceArgs) WithDefaults() ServiceArgs {
	// Another Service's LinkedRole is nil unless that Service created the
	// role: a nil *iam.ServiceLinkedRole in the interface means none.
	if r, ok := a.ServiceLinkedRole.(*iam.ServiceLinkedRole); ok && r == nil {
		a.ServiceLinkedRole = nil
	}
	orInt := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	orTrue := func(v **bool) {
		if *v == nil {
			t := true
			*v = &t
		}
	}
	orInt(&a.ContainerPort, DefaultContainerPort)
	if a.Image == "" {
		a.Image = DefaultImage
		if a.Command == nil {
			a.Command = placeholderCommand(a.ContainerPort)
		}
		if a.WritablePaths == nil {
			a.WritablePaths = defaultImageWritablePaths
		}
		if a.HealthCheck == nil {
			a.HealthCheck = &HealthCheck{Command: []string{"CMD-SHELL", fmt.Sprintf("curl -fsS http://localhost:%d%s > /dev/null || exit 1", a.ContainerPort, DefaultHealthCheckPath)}}
		}
	}
	if a.WritablePaths == nil {
		a.WritablePaths = []string{"/tmp"}
	}
	if a.HealthCheck != nil {
		hc := *a.HealthCheck
		orInt(&hc.IntervalSeconds, 30)
		orInt(&hc.TimeoutSeconds, 5)
		orInt(&hc.Retries, 3)
		a.HealthCheck = &hc
	}
	orTrue(&a.ReadonlyRootFilesystem)
	orInt(&a.CPU, DefaultCPU)
	orInt(&a.MemoryMiB, DefaultMemoryMiB)
	if a.Architecture == "" {
		a.Architecture = DefaultArchitecture
	}
	orInt(&a.MinCount, DefaultMinCount)
	orInt(&a.MaxCount, max(DefaultMaxCount, a.MinCount))
	if a.CPUTargetPercent == 0 {
		a.CPUTargetPercent = DefaultCPUTargetPercent
	}
	orInt(&a.MinimumHealthyPercent, DefaultMinimumHealthyPercent)
	orInt(&a.MaximumPercent, DefaultMaximumPercent)
	if a.LoadBalancer != nil {
		orInt(&a.HealthCheckGracePeriodSeconds, DefaultHealthCheckGracePeriodSeconds)
	}
	orTrue(&a.WaitForSteadyState)
	if a.ContainerInsights == "" && a.ExistingClusterARN == nil {
		a.ContainerInsights = DefaultContainerInsights
	}
	orInt(&a.LogRetentionDays, DefaultLogRetentionDays)
	return a
}

var (
	// mapKey is what the keys of AllowedSecurityGroups, EgressCIDRs and
	// TaskPolicies may look like: they become part of logical names.
	mapKey = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	// environmentKey is a POSIX-style variable name.
	environmentKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// containerUser is a container definition's user in one of the forms
	// ECS takes: user, user:group, uid, uid:gid, user:gid or uid:group
	// (ECS developer guide, task definition parameters, "user"), names as
	// Linux allows them.
	containerUser = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$`)
)

// maxExtraSecurityGroups is how many groups SecurityGroupIDs may add to the
// tasks' own: a network interface takes 5 security groups by default
// (Amazon VPC user guide, Amazon VPC quotas, "Security groups per network
// interface").
const maxExtraSecurityGroups = 4

// Keys taken by the component's own rules and policies.
const (
	httpsEgress = "https"
	execPolicy  = "exec"
)

// validate reports every problem of a defaulted Args at once; scope names
// the component in every message (`container "app"`). region is the
// component's region, "" when not looked up (Validate): the existing
// cluster and key are then held against no region.
func (a ServiceArgs) validate(name, region string) error {
	p := validate.For("container", name)
	a.validateExisting(p, region)

	p.Required("VpcID", a.VpcID != nil, "")
	p.Required("SubnetIDs", a.SubnetIDs != nil, "the private subnets the tasks run in")
	p.VpcID("VpcID", a.VpcID)
	p.SubnetIDs("SubnetIDs", a.SubnetIDs)
	checkKeys(p, "AllowedSecurityGroups", a.AllowedSecurityGroups)
	p.SecurityGroupIDMap("AllowedSecurityGroups", a.AllowedSecurityGroups)
	checkKeys(p, "SecurityGroupIDs", a.SecurityGroupIDs)
	n := len(a.SecurityGroupIDs)
	p.Allows("SecurityGroupIDs", fmt.Sprintf("at most %d groups besides the tasks' own (5 per network interface)", maxExtraSecurityGroups)).
		RefuseIf(n > maxExtraSecurityGroups, "holds %d groups", n)
	keys := p.Allows("EgressCIDRs", fmt.Sprintf("keys of lower-case letters, digits and single hyphens, not %q", httpsEgress))
	cidrs := p.Allows("EgressCIDRs", `IPv4 CIDRs such as "10.0.0.0/16"`)
	for _, key := range validate.Keys(a.EgressCIDRs) {
		keys.RefuseIf(!mapKey.MatchString(key) || key == httpsEgress, "key %q is not allowed", key)
		ip, _, err := net.ParseCIDR(a.EgressCIDRs[key])
		cidrs.RefuseIf(err != nil || ip.To4() == nil, "%q (key %q) is not an IPv4 CIDR", a.EgressCIDRs[key], key)
	}

	if lb := a.LoadBalancer; lb != nil {
		p.Required("LoadBalancer.TargetGroupARN", lb.TargetGroupARN != nil, "")
		p.Allows("AllowedSecurityGroups", "with a LoadBalancer, at least the load balancer's security group, or its health checks never reach a task").
			RefuseIf(len(a.AllowedSecurityGroups) == 0 && a.ExistingSecurityGroupID == nil, "is empty with a LoadBalancer")
		// ECS: "The period of time, in seconds, ... up to 2,147,483,647";
		// our bound is the Auto Scaling grace period's (webtier).
		p.IntRange("HealthCheckGracePeriodSeconds", a.HealthCheckGracePeriodSeconds, 1, 7200)
	} else {
		// pulumi-aws go/aws/ecs/service.go, healthCheckGracePeriodSeconds:
		// "Only valid for services configured to use load balancers."
		p.Allows("HealthCheckGracePeriodSeconds", "0 without a LoadBalancer (ECS takes it only for services behind a load balancer)").
			RefuseIf(a.HealthCheckGracePeriodSeconds != 0, "%d is set without a LoadBalancer", a.HealthCheckGracePeriodSeconds)
	}

	checkImage(p, a.Image)
	p.IntRange("ContainerPort", a.ContainerPort, 1, 65535)
	names := p.Allows("Environment", "keys of a letter or underscore, then letters, digits and underscores")
	values := p.Allows("Environment", "a value for every key")
	for _, key := range validate.Keys(a.Environment) {
		switch {
		case !environmentKey.MatchString(key):
			names.Refuse("key %q is not a variable name", key)
		case a.Environment[key] == nil:
			values.Refuse("key %q has no value", key)
		}
	}
	dirs := p.Allows("WritablePaths", `distinct absolute directories other than "/", such as "/tmp"`)
	seen := map[string]bool{}
	for _, dir := range a.WritablePaths {
		dirs.RefuseIf(!path.IsAbs(dir) || path.Clean(dir) != dir || dir == "/" || seen[dir], "%q is not allowed", dir)
		seen[dir] = true
	}
	if hc := a.HealthCheck; hc != nil {
		p.Allows("HealthCheck.Command", `"CMD" and its arguments, or "CMD-SHELL" and a shell command`).
			RefuseIf(len(hc.Command) < 2 || (hc.Command[0] != "CMD" && hc.Command[0] != "CMD-SHELL"), "%q is not a health check command", hc.Command)
		// ECS HealthCheck (API reference): interval 5-300 s, timeout 2-60 s,
		// retries 1-10, start period 0-300 s.
		p.IntRange("HealthCheck.IntervalSeconds", hc.IntervalSeconds, 5, 300)
		p.IntRange("HealthCheck.TimeoutSeconds", hc.TimeoutSeconds, 2, 60)
		p.IntRange("HealthCheck.Retries", hc.Retries, 1, 10)
		p.IntRange("HealthCheck.StartPeriodSeconds", hc.StartPeriodSeconds, 0, 300)
	}

	checkTaskSize(p, a.CPU, a.MemoryMiB)
	validate.OneOf(p, "Architecture", a.Architecture, Architectures...)

	p.IntRange("MinCount", a.MinCount, 1, MaxTasks)
	p.Allows("MaxCount", fmt.Sprintf("MinCount to %d", MaxTasks)).
		RefuseIf(a.MaxCount < a.MinCount || a.MaxCount > MaxTasks, "%d is out of range with MinCount %d", a.MaxCount, a.MinCount)
	p.IntRange("SpotPercent", a.SpotPercent, 0, 100)
	// Amazon ECS developer guide, Fargate capacity providers: "Linux
	// tasks with the ARM64 architecture don't support the Fargate Spot
	// capacity provider."
	p.Allows("SpotPercent", "0, since Fargate Spot runs X86_64 tasks only, with Architecture ARM64").
		RefuseIf(a.SpotPercent > 0 && a.Architecture == ARM64, "%d with Architecture ARM64", a.SpotPercent)
	p.Allows("CPUTargetPercent", "10 to 90").
		RefuseIf(a.CPUTargetPercent < 10 || a.CPUTargetPercent > 90, "%g is out of range", a.CPUTargetPercent)
	p.Allows("RequestsPerTarget", "0 (no policy) or 1 to 100000").
		RefuseIf(a.RequestsPerTarget != 0 && (a.RequestsPerTarget < 1 || a.RequestsPerTarget > 100000), "%g is out of range", a.RequestsPerTarget)
	lb := a.LoadBalancer
	p.Allows("RequestsPerTarget", "a policy only with LoadBalancer's TargetGroupARNSuffix and LoadBalancerARNSuffix, which ALBRequestCountPerTarget names").
		RefuseIf(a.RequestsPerTarget != 0 && (lb == nil || lb.TargetGroupARNSuffix == nil || lb.LoadBalancerARNSuffix == nil),
			"%g needs LoadBalancer with TargetGroupARNSuffix and LoadBalancerARNSuffix", a.RequestsPerTarget)

	p.IntRange("MinimumHealthyPercent", a.MinimumHealthyPercent, 0, 100)
	p.IntRange("MaximumPercent", a.MaximumPercent, 100, 200)
	p.Allows("MaximumPercent", "more than MinimumHealthyPercent, or a deployment can neither start a task nor stop one").
		RefuseIf(a.MaximumPercent <= a.MinimumHealthyPercent, "%d is not above MinimumHealthyPercent %d", a.MaximumPercent, a.MinimumHealthyPercent)
	// Amazon ECS developer guide, ECS Exec considerations: the SSM agent
	// writes to the container's file system, so a read-only root file
	// system is not supported.
	p.Allows("EnableExecuteCommand", "true only with ReadonlyRootFilesystem false (the ECS Exec agent writes to it)").
		RefuseIf(a.EnableExecuteCommand && *a.ReadonlyRootFilesystem, "is set with a read-only root file system")

	if a.ExistingClusterARN == nil {
		// Security Hub ECS.12: clusters should use Container Insights.
		validate.OneOf(p, "ContainerInsights", a.ContainerInsights, InsightsEnabled, InsightsEnhanced)
	}
	checkKeys(p, "TaskPolicies", a.TaskPolicies)
	_, taken := a.TaskPolicies[execPolicy]
	p.Allows("TaskPolicies", fmt.Sprintf("keys other than %q, the component's own ECS Exec policy", execPolicy)).
		RefuseIf(taken, "key %q is the component's own ECS Exec policy", execPolicy)
	p.LogRetention("LogRetentionDays", a.LogRetentionDays)
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// checkKeys checks a map of inputs keyed by role: every key usable in a
// logical name, every value set.
func checkKeys(p *validate.Problems, field string, m map[string]pulumi.StringInput) {
	keys := p.Allows(field, "keys of lower-case letters, digits and single hyphens")
	values := p.Allows(field, "a value for every key")
	for _, k := range validate.Keys(m) {
		keys.RefuseIf(!mapKey.MatchString(k), "key %q is not allowed", k)
		values.RefuseIf(m[k] == nil, "key %q has no value", k)
	}
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewService would, without registering anything: a stage checks all of
// its components this way before it registers its first resource.
func (a ServiceArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("container", name), a.WithDefaults().validate(name, ""))
}

// ecsCluster is an ECS cluster's ARN (Service Authorization Reference,
// Amazon Elastic Container Service: cluster/<name>).
var ecsCluster = validate.ARNKind{What: "an ECS cluster", Service: "ecs", Resources: []string{"cluster/"},
	Example: "arn:aws:ecs:us-east-1:123456789012:cluster/apps"}

// validateExisting checks the resources of your own and refuses the
// settings that would create or configure the same thing.
func (a ServiceArgs) validateExisting(p *validate.Problems, region string) {
	group := a.ExistingSecurityGroupID != nil
	p.SecurityGroupID("ExistingSecurityGroupID", a.ExistingSecurityGroupID)
	p.Conflict("ExistingSecurityGroupID", "AllowedSecurityGroups", group && len(a.AllowedSecurityGroups) > 0, "a security group of your own is yours to open")
	p.Conflict("ExistingSecurityGroupID", "EgressCIDRs", group && len(a.EgressCIDRs) > 0, "a security group of your own is yours to open")
	p.ARN("ExistingClusterARN", a.ExistingClusterARN, ecsCluster, region)
	p.Conflict("ExistingClusterARN", "ContainerInsights", a.ExistingClusterARN != nil && a.ContainerInsights != "",
		"Container Insights is a setting of the cluster, and a cluster of your own is yours to set")
	p.RoleARN("ExistingTaskRoleARN", a.ExistingTaskRoleARN)
	p.Conflict("ExistingTaskRoleARN", "TaskPolicies", a.ExistingTaskRoleARN != nil && len(a.TaskPolicies) > 0,
		"the policies would be attached to a role of your own; attach them yourself")
	p.RoleARN("ExistingExecutionRoleARN", a.ExistingExecutionRoleARN)
	p.KeyARN("ExistingKMSKeyARN", a.ExistingKMSKeyARN, region)
	p.Allows("User", `"" (the image's user), or user, uid, user:group or uid:gid, such as "1000:1000"`).
		RefuseIf(a.User != "" && !containerUser.MatchString(a.User), "%q is not a container user", a.User)
	p.Conflict("ServiceLinkedRole", "CreateServiceLinkedRole", a.ServiceLinkedRole != nil && a.CreateServiceLinkedRole,
		"the account has one ECS service-linked role, which one of them creates")
}

// needsRegion reports whether validation holds a cluster or key of your
// own, known at program time, against the component's region.
func (a ServiceArgs) needsRegion() bool {
	_, cluster := validate.Known(a.ExistingClusterARN)
	_, key := validate.Known(a.ExistingKMSKeyARN)
	return cluster || key
}
