package webtier

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// WebTierArgs configure a WebTier. Inputs that come from other resources
// (VPC, subnets, certificate, security groups, policies) are Pulumi inputs;
// every setting is a plain Go value so that it can be checked before anything
// is registered. Zero values mean "use the default" documented on each field.
type WebTierArgs struct {
	// VpcID is the VPC the security groups and the target group live in. Required.
	VpcID pulumi.StringInput
	// LoadBalancerSubnetIDs are the subnets the load balancer's nodes run in:
	// public subnets for a public tier, private subnets when Internal. Give at
	// least two Availability Zones. Required.
	LoadBalancerSubnetIDs pulumi.StringArrayInput
	// InstanceSubnetIDs are the private subnets the instances run in, one per
	// Availability Zone. Required with instance targets; not allowed with
	// TargetsIP (the container service says where its tasks run).
	InstanceSubnetIDs pulumi.StringArrayInput

	// Targets is what the load balancer forwards to. TargetsInstance
	// (default): the tier's own Auto Scaling group of EC2 instances.
	// TargetsIP: container tasks that a service of one's own (an ECS
	// service on Fargate, components/container) registers by address in
	// the tier's target group `<name>-ip` (WebTier.TargetGroupARN, after
	// the listeners: WebTier.Listeners); the tier then has no instances,
	// role, launch template or Auto Scaling group, and every field below
	// that sizes or configures instances must stay unset. The targets'
	// security group (WebTier.InstanceSecurityGroupID) stays the tier's:
	// the tasks join it (container.ServiceArgs.SecurityGroupIDs), the load
	// balancer reaches it on InstancePort, and data stores admit it as they
	// admitted the instances.
	//
	// Moving a live tier from instances to TargetsIP keeps the load
	// balancer, its listeners, its security groups and their rules (same
	// logical names): the listeners forward to the new target group, and
	// the instance target group, the instances' role, launch template,
	// Auto Scaling group and scaling policies go, as does the targets'
	// allow-all egress (the tasks' own group says where they may connect).
	// The listeners switch as soon as the new target group exists, so the
	// tier answers 503 until the service's first tasks pass their health
	// checks (about a minute and a half with the defaults: a task's start,
	// then HealthyThreshold checks HealthCheckIntervalSeconds apart).
	Targets Targets

	// Internal makes the load balancer internal: reachable only inside the VPC
	// and only from AllowedSecurityGroups, as the service tier behind a web
	// tier is. Default false (internet-facing). Changing it replaces the load
	// balancer, as AWS cannot change a load balancer's scheme.
	Internal bool
	// AllowedSecurityGroups say who may reach an internal load balancer,
	// keyed by role ("web", "workers"); each key becomes the ingress rule
	// `<name>-lb-from-<key>` on the port that serves traffic (443 with a
	// certificate, 80 without). Required (at least one) when Internal, not
	// allowed otherwise: a public load balancer admits 0.0.0.0/0 on 80 and 443
	// only. Keys are lower-case letters, digits and hyphens. Not with
	// ExistingLoadBalancerSecurityGroupID (whose rules are yours).
	AllowedSecurityGroups map[string]pulumi.StringInput

	// CertificateARN is an ACM certificate of your own for the load
	// balancer, in the tier's region (a load balancer takes certificates of
	// its own region: ELB user guide, "SSL certificates for your
	// Application Load Balancer"). When set, an HTTPS listener (policy
	// ELBSecurityPolicy-TLS13-1-2-2021-06) serves traffic and the HTTP
	// listener redirects to it (301); when nil, the HTTP listener forwards
	// to the targets. Default nil. Allowed: the ARN of an ACM certificate
	// (arn:<partition>:acm:<region>:<account>:certificate/<id>) that is
	// issued (a pending one fails the listener). Setting it on a live tier
	// adds the HTTPS listener and turns the HTTP one into a redirect, in
	// place.
	CertificateARN pulumi.StringInput

	// ExistingLoadBalancerSecurityGroupID is a security group of your own
	// for the load balancer, instead of `<name>-lb` and its rules. Default
	// nil. Allowed: a security group ID of VpcID. Its rules are yours: it
	// must admit the clients on 80 and 443 (or the serving port of an
	// internal tier) and allow egress to the targets' group on
	// InstancePort. Not with AllowedSecurityGroups, which are rules of the
	// component's group. Changing it updates the load balancer in place.
	ExistingLoadBalancerSecurityGroupID pulumi.StringInput
	// ExistingInstanceSecurityGroupID is a security group of your own for
	// the targets (the instances, or with TargetsIP the container tasks),
	// instead of `<name>-instances` and its rules. Default nil. Allowed: a
	// security group ID of VpcID. Its rules are yours: it must admit the
	// load balancer's group (LoadBalancerSecurityGroupID) on InstancePort,
	// and let instances reach what they need (package updates, the AWS
	// APIs). AllowFrom is refused. Changing it makes a new launch template
	// version (an instance refresh).
	ExistingInstanceSecurityGroupID pulumi.StringInput
	// ExistingLogBucketName is an S3 bucket of your own for the load
	// balancer's access logs, instead of the bucket `<name>-logs`. Default
	// nil. The logs go under the prefix `<name>/`. Allowed: the name of a
	// bucket in the tier's region, encrypted with SSE-S3 (ELB cannot write
	// to a bucket that encrypts with SSE-KMS by default), whose policy lets
	// ELB log delivery put objects under <name>/AWSLogs/<account>/:
	// LogBucketPolicy is the policy it needs (ELB user guide, "Enable
	// access logs for your Application Load Balancer"); the load balancer
	// fails to turn logging on without it. Not with AccessLogs false,
	// AccessLogRetentionDays or S3AccessLogBucket, which configure the
	// component's bucket. Changing it updates the load balancer in place.
	ExistingLogBucketName pulumi.StringInput
	// ExistingInstanceProfileARN is an IAM instance profile of your own the
	// instances run with, instead of the role and profile `<name>` the
	// component otherwise creates. Default nil. Allowed: the ARN of an
	// instance profile (arn:<partition>:iam::<account>:instance-profile/<name>);
	// EC2 needs a profile, not a role. Its role should hold the AWS managed
	// AmazonSSMManagedInstanceCore (Session Manager instead of SSH, which
	// the component's own role holds), and whoever runs `pulumi up` needs
	// iam:PassRole on it. InstanceRoleName is then "". Not with
	// InstancePolicyARNs (attachments to the component's role), nor with
	// TargetsIP. Changing it makes a new launch template version.
	ExistingInstanceProfileARN pulumi.StringInput
	// ExistingKMSKeyARN is a customer-managed KMS key of your own that
	// encrypts the instances' root volumes, instead of the account's
	// default EBS key. Default nil. Allowed: the ARN of a key (or alias) in
	// the tier's region whose key policy lets the Auto Scaling
	// service-linked role (AWSServiceRoleForAutoScaling) use it, including
	// kms:CreateGrant: without it instances fail to launch (EC2 Auto
	// Scaling user guide, "Required AWS KMS key policy for use with
	// encrypted volumes"). Not with TargetsIP. Changing it makes a new
	// launch template version, which an instance refresh rolls out.
	ExistingKMSKeyARN pulumi.StringInput

	// InstanceType is the EC2 instance type the group launches first, and
	// the one its price is estimated at. Default "t3.small".
	InstanceType string
	// AlternativeInstanceTypes are other types of InstanceType's size the
	// group may launch, in order of preference, when InstanceType is short
	// in an Availability Zone: the group runs a mixed instances policy with
	// InstanceType first (Security Hub AutoScaling.6, "Auto Scaling groups
	// should use multiple instance types in multiple Availability Zones").
	// Default: up to two types of InstanceType's vCPUs and memory from the
	// table in instancetypes.go (t3.small: t3a.small; m5.large: m5a.large
	// and m6i.large). Required for an InstanceType the table does not
	// know. A type the region does not offer makes the group's update fail
	// (Amazon EC2 Auto Scaling user guide, "Setup overview for creating a
	// mixed instances group", Regional availability of instance types): set
	// this list there. At most 39, each once and not InstanceType; like
	// InstanceType, x86_64 unless AMI pins an arm64 image.
	AlternativeInstanceTypes []string
	// SpotPercentage is the share of the instances above MinSize that run
	// on Spot, from the cheapest pools with capacity
	// (price-capacity-optimized); MinSize instances always run on demand.
	// Default 0: on demand only, which is what the price estimate assumes.
	// Allowed 0 to 100.
	SpotPercentage int
	// AMI pins the image the instances boot ("ami-..."). Default: the newest
	// Amazon Linux 2023 x86_64 image at the first deployment. An unpinned
	// image is then left alone (the launch template ignores imageId changes),
	// so a new AMI release does not roll the fleet unasked; pin an AMI to roll
	// it on purpose.
	AMI string
	// MinSize is the smallest number of instances. Default 2 (0 selects the
	// default, so a web tier never scales to zero by omission); allowed 1 to
	// 1000.
	MinSize int
	// MaxSize is the largest number of instances. Default 4; allowed 1 to
	// 1000, and at least MinSize.
	MaxSize int
	// DesiredCapacity is the number of instances at the first deployment.
	// Default MinSize; allowed MinSize to MaxSize. Later updates ignore it:
	// once the group runs, its scaling policies own the desired capacity.
	DesiredCapacity int
	// InstancePort is the port the application listens on. Default 80;
	// allowed 1 to 65535. Changing it replaces the target group.
	InstancePort int
	// HealthCheckPath is the path the load balancer probes. Default "/health";
	// must start with "/".
	HealthCheckPath string
	// HealthyThreshold is how many consecutive passed probes make an instance
	// healthy. Default 3; allowed 2 to 10.
	HealthyThreshold int
	// UnhealthyThreshold is how many consecutive failed probes make an
	// instance unhealthy. Default 3; allowed 2 to 10.
	UnhealthyThreshold int
	// HealthCheckIntervalSeconds is the time between probes. Default 15;
	// allowed 5 to 300. Each probe times out after 5 seconds (one second less
	// than the interval when the interval is 5).
	HealthCheckIntervalSeconds int
	// HealthCheckGracePeriodSeconds is how long a new instance may boot before
	// failed health checks replace it; it is also the instance warmup the
	// scaling policies and instance refreshes wait for. Default 300; allowed 0
	// to 7200.
	HealthCheckGracePeriodSeconds int
	// DeregistrationDelaySeconds is how long a leaving instance keeps serving
	// its in-flight requests. Default 30; allowed 0 to 3600.
	DeregistrationDelaySeconds int
	// CPUTargetPercent, when set, adds the target-tracking policy `<name>-cpu`
	// that keeps the group's average CPU at this percentage. Default 0 (no
	// CPU policy); otherwise allowed 10 to 90.
	CPUTargetPercent float64
	// RequestsPerTarget, when set, adds the target-tracking policy
	// `<name>-requests` that keeps the load balancer requests per instance
	// per minute at this number. Default 0 (no request policy); otherwise
	// allowed 1 to 100000.
	RequestsPerTarget float64
	// DeletionProtection guards the load balancer against deletion. Default
	// true; set false for stacks you destroy (tests, previews).
	DeletionProtection *bool
	// AccessLogs sends the load balancer's access logs to the dedicated bucket
	// `<name>-logs` (or to ExistingLogBucketName). Default true.
	AccessLogs *bool
	// AccessLogRetentionDays is how long access logs are kept in the
	// component's bucket. Default 90; allowed 1 to 3650. Not with
	// ExistingLogBucketName.
	AccessLogRetentionDays int
	// S3AccessLogBucket is the bucket the access-log bucket's own S3 server
	// access logs go to (Security Hub S3.9): the stack's access-log bucket
	// (components/accesslogs). Default nil: no server access logs. Not with
	// ExistingLogBucketName.
	S3AccessLogBucket pulumi.StringInput
	// RootVolumeGiB is the size of the encrypted gp3 root volume (/dev/xvda,
	// the root device of Amazon Linux). Default 20; allowed 8 to 16384.
	RootVolumeGiB int
	// UserData is the script instances run at first boot, as plain text (the
	// component encodes it). Optional; at most 16384 bytes, the EC2 limit.
	UserData string
	// InstancePolicyARNs are managed policies attached to the instance role
	// besides AmazonSSMManagedInstanceCore, keyed by role (attachment
	// `<name>-<key>`), e.g. read access to the app's SSM parameters. Keys are
	// lower-case letters, digits and hyphens, and "ssm" is taken. Optional.
	// Not with ExistingInstanceProfileARN.
	InstancePolicyARNs map[string]pulumi.StringInput
	// Tags are applied to every taggable child, together with Name. Optional.
	Tags map[string]string
}

// What a tier's load balancer forwards to (WebTierArgs.Targets): the target
// types of an ELB target group this component makes.
const (
	TargetsInstance Targets = "instance"
	TargetsIP       Targets = "ip"
)

// Targets is what a tier's load balancer forwards to.
type Targets string

// Defaults of WebTierArgs, named so that documentation and tests can refer to them.
const (
	DefaultInstanceType                  = "t3.small"
	DefaultMinSize                       = 2
	DefaultMaxSize                       = 4
	DefaultInstancePort                  = 80
	DefaultHealthCheckPath               = "/health"
	DefaultHealthyThreshold              = 3
	DefaultUnhealthyThreshold            = 3
	DefaultHealthCheckIntervalSeconds    = 15
	DefaultHealthCheckGracePeriodSeconds = 300
	DefaultDeregistrationDelaySeconds    = 30
	DefaultAccessLogRetentionDays        = 90
	DefaultRootVolumeGiB                 = 20
)

// WithDefaults returns a copy of a with every unset field set to its
// documented default. It is the one place defaults live.
func (a WebTierArgs) WithDefaults() WebTierArgs {
	orString := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
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
	if a.Targets == "" {
		a.Targets = TargetsInstance
	}
	if a.Targets == TargetsInstance {
		orString(&a.InstanceType, DefaultInstanceType)
		if len(a.AlternativeInstanceTypes) == 0 {
			a.AlternativeInstanceTypes = sameSizeAlternatives(a.InstanceType)
		}
		orInt(&a.MinSize, DefaultMinSize)
		orInt(&a.MaxSize, DefaultMaxSize)
		orInt(&a.DesiredCapacity, a.MinSize)
		orInt(&a.HealthCheckGracePeriodSeconds, DefaultHealthCheckGracePeriodSeconds)
		orInt(&a.RootVolumeGiB, DefaultRootVolumeGiB)
	}
	orInt(&a.InstancePort, DefaultInstancePort)
	orString(&a.HealthCheckPath, DefaultHealthCheckPath)
	orInt(&a.HealthyThreshold, DefaultHealthyThreshold)
	orInt(&a.UnhealthyThreshold, DefaultUnhealthyThreshold)
	orInt(&a.HealthCheckIntervalSeconds, DefaultHealthCheckIntervalSeconds)
	orInt(&a.DeregistrationDelaySeconds, DefaultDeregistrationDelaySeconds)
	orTrue(&a.DeletionProtection)
	orTrue(&a.AccessLogs)
	if a.ExistingLogBucketName == nil {
		orInt(&a.AccessLogRetentionDays, DefaultAccessLogRetentionDays)
	}
	return a
}

// mapKey is what AllowedSecurityGroups and InstancePolicyARNs keys may look
// like: they become part of logical names.
var mapKey = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// ssmAttachment is the role key of the attachment every instance role gets;
// InstancePolicyARNs may not reuse it.
const ssmAttachment = "ssm"

// maxUserDataBytes is EC2's limit on user data before base64 encoding.
const maxUserDataBytes = 16384

// validate reports every problem of a defaulted Args at once. region is
// the tier's region, "" when not looked up (Validate): the certificate and
// the key are then held against no region.
func (a WebTierArgs) validate(name, region string) error {
	p := validate.For("webtier", name)
	a.validateExisting(p, region)

	p.Required("VpcID", a.VpcID != nil, "")
	p.Required("LoadBalancerSubnetIDs", a.LoadBalancerSubnetIDs != nil, "")
	p.VpcID("VpcID", a.VpcID)
	p.SubnetIDs("LoadBalancerSubnetIDs", a.LoadBalancerSubnetIDs)
	validate.OneOf(p, "Targets", a.Targets, TargetsInstance, TargetsIP)
	switch a.Targets {
	case TargetsInstance:
	case TargetsIP:
		a.validateIPTargets(p)
		return p.Err()
	default:
		a.validateFront(p) // which targets the other fields are for is unknown
		return p.Err()
	}
	p.Required("InstanceSubnetIDs", a.InstanceSubnetIDs != nil, "")
	p.SubnetIDs("InstanceSubnetIDs", a.InstanceSubnetIDs)

	checkInputMap(p, "InstancePolicyARNs", a.InstancePolicyARNs)
	_, taken := a.InstancePolicyARNs[ssmAttachment]
	p.Allows("InstancePolicyARNs", fmt.Sprintf("keys other than %q, the AmazonSSMManagedInstanceCore attachment's", ssmAttachment)).
		RefuseIf(taken, "key %q is taken by the AmazonSSMManagedInstanceCore attachment", ssmAttachment)

	p.InstanceType("InstanceType", a.InstanceType, "", DefaultInstanceType)
	checkAlternatives(p, a)
	p.IntRange("SpotPercentage", a.SpotPercentage, 0, 100)
	if a.AMI != "" {
		p.Prefix("AMI", a.AMI, "ami-", "ami-0123456789abcdef0")
	}
	p.IntRange("MinSize", a.MinSize, 1, 1000)
	p.IntRange("MaxSize", a.MaxSize, 1, 1000)
	p.Allows("MaxSize", "MinSize or more").
		RefuseIf(a.MaxSize < a.MinSize, "%d is smaller than MinSize %d", a.MaxSize, a.MinSize)
	p.Allows("DesiredCapacity", "MinSize to MaxSize").
		RefuseIf(a.DesiredCapacity < a.MinSize || a.DesiredCapacity > a.MaxSize, "%d is outside the group's size, MinSize %d to MaxSize %d", a.DesiredCapacity, a.MinSize, a.MaxSize)
	a.validateFront(p)
	p.IntRange("HealthCheckGracePeriodSeconds", a.HealthCheckGracePeriodSeconds, 0, 7200)
	optionalTarget(p, "CPUTargetPercent", a.CPUTargetPercent, 10, 90)
	optionalTarget(p, "RequestsPerTarget", a.RequestsPerTarget, 1, 100000)
	p.IntRange("RootVolumeGiB", a.RootVolumeGiB, 8, 16384)
	p.Allows("UserData", fmt.Sprintf("at most %d bytes", maxUserDataBytes)).
		RefuseIf(len(a.UserData) > maxUserDataBytes, "is %d bytes", len(a.UserData))
	return p.Err()
}

// validateFront checks what every tier has, whatever its targets: who may
// reach the load balancer, the target group's port and health check, the
// access logs and the tags.
func (a WebTierArgs) validateFront(p *validate.Problems) {
	p.Allows("AllowedSecurityGroups", "with Internal, at least one security group allowed to reach the load balancer (or a group of your own: ExistingLoadBalancerSecurityGroupID)").
		RefuseIf(a.Internal && len(a.AllowedSecurityGroups) == 0 && a.ExistingLoadBalancerSecurityGroupID == nil, "is empty")
	p.Allows("AllowedSecurityGroups", "only with Internal (a public load balancer admits 0.0.0.0/0 on 80 and 443)").
		RefuseIf(!a.Internal && len(a.AllowedSecurityGroups) > 0, "%v is set on a public tier", validate.Keys(a.AllowedSecurityGroups))
	checkInputMap(p, "AllowedSecurityGroups", a.AllowedSecurityGroups)
	p.SecurityGroupIDMap("AllowedSecurityGroups", a.AllowedSecurityGroups)
	p.IntRange("InstancePort", a.InstancePort, 1, 65535)
	p.Allows("HealthCheckPath", fmt.Sprintf("up to 1024 characters starting with \"/\", such as %q", DefaultHealthCheckPath)).
		RefuseIf(!strings.HasPrefix(a.HealthCheckPath, "/") || len(a.HealthCheckPath) > 1024, "%q is not a path", a.HealthCheckPath)
	p.IntRange("HealthyThreshold", a.HealthyThreshold, 2, 10)
	p.IntRange("UnhealthyThreshold", a.UnhealthyThreshold, 2, 10)
	p.IntRange("HealthCheckIntervalSeconds", a.HealthCheckIntervalSeconds, 5, 300)
	p.IntRange("DeregistrationDelaySeconds", a.DeregistrationDelaySeconds, 0, 3600)
	if a.ExistingLogBucketName == nil {
		p.IntRange("AccessLogRetentionDays", a.AccessLogRetentionDays, 1, 3650)
	}
	p.Tags("Tags", a.Tags)
}

// validateIPTargets checks a tier for container targets: the front, and
// none of the fields that size or configure instances, which the tier does
// not have (the container service sizes and scales its tasks).
func (a WebTierArgs) validateIPTargets(p *validate.Problems) {
	a.validateFront(p)
	unset := func(field string, set bool) {
		p.Allows(field, fmt.Sprintf("only with Targets %q", TargetsInstance)).
			RefuseIf(set, "is set with Targets %q, whose tier has no instances (the container service sizes, scales and places its tasks)", TargetsIP)
	}
	unset("InstanceSubnetIDs", a.InstanceSubnetIDs != nil)
	unset("InstanceType", a.InstanceType != "")
	unset("AlternativeInstanceTypes", len(a.AlternativeInstanceTypes) > 0)
	unset("SpotPercentage", a.SpotPercentage != 0)
	unset("AMI", a.AMI != "")
	unset("MinSize", a.MinSize != 0)
	unset("MaxSize", a.MaxSize != 0)
	unset("DesiredCapacity", a.DesiredCapacity != 0)
	unset("HealthCheckGracePeriodSeconds", a.HealthCheckGracePeriodSeconds != 0)
	unset("CPUTargetPercent", a.CPUTargetPercent != 0)
	unset("RequestsPerTarget", a.RequestsPerTarget != 0)
	unset("RootVolumeGiB", a.RootVolumeGiB != 0)
	unset("UserData", a.UserData != "")
	unset("InstancePolicyARNs", len(a.InstancePolicyARNs) > 0)
	unset("ExistingInstanceProfileARN", a.ExistingInstanceProfileARN != nil)
	unset("ExistingKMSKeyARN", a.ExistingKMSKeyARN != nil)
}

// validateExisting checks the certificate and the resources of your own,
// and refuses the settings that would create or configure the same thing.
func (a WebTierArgs) validateExisting(p *validate.Problems, region string) {
	p.CertificateARN("CertificateARN", a.CertificateARN, region)
	p.SecurityGroupID("ExistingLoadBalancerSecurityGroupID", a.ExistingLoadBalancerSecurityGroupID)
	p.Conflict("ExistingLoadBalancerSecurityGroupID", "AllowedSecurityGroups", a.ExistingLoadBalancerSecurityGroupID != nil && len(a.AllowedSecurityGroups) > 0,
		"a security group of your own is yours to open")
	p.SecurityGroupID("ExistingInstanceSecurityGroupID", a.ExistingInstanceSecurityGroupID)
	logs := a.ExistingLogBucketName != nil
	p.BucketNameInput("ExistingLogBucketName", a.ExistingLogBucketName)
	p.Conflict("ExistingLogBucketName", "AccessLogs", logs && !*a.AccessLogs, "AccessLogs false turns off the logs the bucket would receive")
	p.Conflict("ExistingLogBucketName", "AccessLogRetentionDays", logs && a.AccessLogRetentionDays != 0, "how long logs stay is the lifecycle of your bucket")
	p.Conflict("ExistingLogBucketName", "S3AccessLogBucket", logs && a.S3AccessLogBucket != nil, "server access logging is a setting of your bucket")
	p.ARN("ExistingInstanceProfileARN", a.ExistingInstanceProfileARN, validate.InstanceProfile, "")
	p.Conflict("ExistingInstanceProfileARN", "InstancePolicyARNs", a.ExistingInstanceProfileARN != nil && len(a.InstancePolicyARNs) > 0,
		"the policies would be attached to the component's role, and with a profile of your own it creates none; attach them to your role")
	p.KMSKeyARN("ExistingKMSKeyARN", a.ExistingKMSKeyARN, region)
}

// needsRegion reports whether validation holds a certificate or key known
// at program time against the tier's region.
func (a WebTierArgs) needsRegion() bool {
	_, cert := validate.Known(a.CertificateARN)
	_, key := validate.Known(a.ExistingKMSKeyARN)
	return cert || key
}

// checkAlternatives checks the group's other instance types (after
// WithDefaults): at least one (AutoScaling.6 asks for several types), each a
// valid type, once, other than InstanceType, and no more than a mixed
// instances policy takes.
func checkAlternatives(p *validate.Problems, a WebTierArgs) {
	p.Allows("AlternativeInstanceTypes", fmt.Sprintf("other types of InstanceType's vCPUs and memory, such as %v for m5.large (default: the table's, when it has some)", sameSizeAlternatives("m5.large"))).
		RefuseIf(len(a.AlternativeInstanceTypes) == 0, "is empty and %q has no same-size equivalent in the table", a.InstanceType)
	n := len(a.AlternativeInstanceTypes) + 1
	p.Allows("AlternativeInstanceTypes", fmt.Sprintf("at most %d with InstanceType", maxInstanceTypes)).
		RefuseIf(n > maxInstanceTypes, "holds %d types with InstanceType", n)
	once := p.Allows("AlternativeInstanceTypes", "each type once, not InstanceType")
	seen := map[string]bool{a.InstanceType: true}
	for _, t := range a.AlternativeInstanceTypes {
		p.InstanceType("AlternativeInstanceTypes", t, "", "t3a.small")
		once.RefuseIf(seen[t], "%q is listed twice or is InstanceType", t)
		seen[t] = true
	}
}

// checkInputMap checks a map of inputs keyed by role: every key usable in a
// logical name, every value set.
func checkInputMap(p *validate.Problems, field string, m map[string]pulumi.StringInput) {
	keys := p.Allows(field, "keys of lower-case letters, digits and hyphens, starting with a letter or digit")
	values := p.Allows(field, "a value for every key")
	for _, k := range validate.Keys(m) {
		keys.RefuseIf(!mapKey.MatchString(k), "key %q is not allowed", k)
		values.RefuseIf(m[k] == nil, "key %q has no value", k)
	}
}

// optionalTarget checks a scaling target where 0 means "no policy".
func optionalTarget(p *validate.Problems, field string, v, min, max float64) {
	p.Allows(field, fmt.Sprintf("0 (no policy) or %g to %g", min, max)).
		RefuseIf(v != 0 && (v < min || v > max), "%g is out of range", v)
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewWebTier would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a WebTierArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("webtier", name), a.WithDefaults().validate(name, ""))
}
