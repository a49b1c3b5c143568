// Package webtier provides WebTier: an Application Load Balancer and an Auto
// Scaling group of instances behind it. A public tier (stages 1k and up) puts
// an internet-facing load balancer in public subnets and the instances in
// private subnets; an internal tier (the service tier of stage 1m) puts the
// load balancer in private subnets, reachable only from given security groups.
// A tier for container targets (Targets: TargetsIP, the app tier of stage
// 10m) is the front alone: the load balancer and a target group of type "ip"
// that an ECS service (components/container) registers its tasks in.
//
// Secure by default: TLS 1.3/1.2 with HTTP redirected to HTTPS when a
// certificate is given, invalid headers dropped, defensive desync mitigation,
// access logs to a private encrypted bucket, deletion protection, IMDSv2,
// encrypted root volumes, no public IPs, and security groups that admit
// exactly the traffic each hop needs.
//
// Growing in place: every child keeps its logical name whatever the stage, the
// Auto Scaling group rolls instances (instance refresh) when the launch
// template changes instead of being replaced, and auto scaling owns the
// desired capacity once the group runs.
package webtier

import (
	"errors"
	"fmt"

	"github.com/millionstack/millionstack/internal/admission"
	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/autoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// WebTierType is the WebTier component's type token.
const WebTierType = "millionstack:webtier:WebTier"

// WebTier is a load-balanced, auto-scaled fleet of instances. Its outputs
// are what other components wire to: DNS records to DNSName/ZoneID,
// monitoring to AlarmTarget, a container service to ServiceTarget,
// databases and caches to InstanceSecurityGroupID.
//
// The exported children are the escape hatch: read their outputs or
// depend on them. To change an input the component sets, give NewWebTier a
// transform, which the engine applies to the children as they register:
//
//	pulumi.Transforms([]pulumi.ResourceTransform{func(_ context.Context, r *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult { ... }})
type WebTier struct {
	pulumi.ResourceState

	// LoadBalancerARN identifies the load balancer.
	LoadBalancerARN pulumi.StringOutput `pulumi:"loadBalancerArn"`
	// LoadBalancerARNSuffix is the load balancer's CloudWatch dimension ("app/<name>/<id>").
	LoadBalancerARNSuffix pulumi.StringOutput `pulumi:"loadBalancerArnSuffix"`
	// DNSName is the load balancer's DNS name, the target of alias records.
	DNSName pulumi.StringOutput `pulumi:"dnsName"`
	// ZoneID is the hosted zone of DNSName, for alias records.
	ZoneID pulumi.StringOutput `pulumi:"zoneId"`
	// TargetGroupARN identifies the target group the targets register in:
	// the instances, or with TargetsIP the container tasks (the group
	// `<name>-ip`, of target type "ip").
	TargetGroupARN pulumi.StringOutput `pulumi:"targetGroupArn"`
	// TargetGroupARNSuffix is the target group's CloudWatch dimension ("targetgroup/<name>/<id>").
	TargetGroupARNSuffix pulumi.StringOutput `pulumi:"targetGroupArnSuffix"`
	// AutoScalingGroupName names the Auto Scaling group, for alarms and
	// extra policies; "" with TargetsIP.
	AutoScalingGroupName pulumi.StringOutput `pulumi:"autoScalingGroupName"`
	// LoadBalancerSecurityGroupID is the load balancer's security group.
	LoadBalancerSecurityGroupID pulumi.StringOutput `pulumi:"loadBalancerSecurityGroupId"`
	// InstanceSecurityGroupID is the targets' security group: the source
	// databases, caches and internal tiers admit. The instances run in it,
	// or with TargetsIP the container tasks join it.
	InstanceSecurityGroupID pulumi.StringOutput `pulumi:"instanceSecurityGroupId"`
	// InstanceRoleName names the instances' IAM role, for further
	// policies; "" with TargetsIP.
	InstanceRoleName pulumi.StringOutput `pulumi:"instanceRoleName"`
	// LogBucketName names the access-log bucket; "" when access logs are off.
	LogBucketName pulumi.StringOutput `pulumi:"logBucketName"`

	// Targets is what the load balancer forwards to: TargetsInstance or
	// TargetsIP.
	Targets Targets
	// Listeners are the load balancer's listeners, which forward to the
	// target group: a service registering targets in it waits for them
	// (ECS refuses a target group no load balancer uses yet).
	Listeners []pulumi.Resource

	// LoadBalancer is the Application Load Balancer `<name>`.
	LoadBalancer *lb.LoadBalancer
	// TargetGroup is the target group (`<name>`, or `<name>-ip` with
	// TargetsIP).
	TargetGroup *lb.TargetGroup
	// LoadBalancerSecurityGroup and InstanceSecurityGroup are the groups
	// `<name>-lb` and `<name>-instances`; nil with
	// ExistingLoadBalancerSecurityGroupID or ExistingInstanceSecurityGroupID.
	LoadBalancerSecurityGroup *ec2.SecurityGroup
	InstanceSecurityGroup     *ec2.SecurityGroup
	// LogBucket is the access-log bucket `<name>-logs`; nil when access
	// logs are off or go to ExistingLogBucketName.
	LogBucket *s3.BucketV2
	// AutoScalingGroup, LaunchTemplate and InstanceRole are the instances'
	// group, template and role (all `<name>`); nil with TargetsIP, and the
	// role with ExistingInstanceProfileARN.
	AutoScalingGroup *autoscaling.Group
	LaunchTemplate   *ec2.LaunchTemplate
	InstanceRole     *iam.Role

	// logBucketPolicy is the access-log bucket's policy document.
	logBucketPolicy pulumi.StringOutput
	// admission is what AllowFrom opens: the targets' own group.
	admission admission.Group
}

// NewWebTier creates the web tier called name. It applies the defaults,
// validates args (a bad Args registers nothing) and then creates, as children
// of the component: the security groups, the access-log bucket, the load
// balancer with its target group and listeners, and, with instance targets,
// the instance role and launch template, the Auto Scaling group and its
// scaling policies.
func NewWebTier(ctx *pulumi.Context, name string, args WebTierArgs, opts ...pulumi.ResourceOption) (*WebTier, error) {
	args = args.WithDefaults()
	region, err := awsprovider.RegionIf(args.needsRegion(), ctx, opts...)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(validate.ComponentName("webtier", name), args.validate(name, region)); err != nil {
		return nil, err
	}
	tier := &WebTier{}
	if err := ctx.RegisterComponentResource(WebTierType, name, tier, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, args: args, parent: pulumi.Parent(tier)}
	partition, err := aws.GetPartition(ctx, nil, b.parent)
	if err != nil {
		return nil, fmt.Errorf("%s: partition: %w", validate.Scope("webtier", name), err)
	}
	b.partition = partition.Partition

	groups, err := b.securityGroups()
	if err != nil {
		return nil, fmt.Errorf("%s: security groups: %w", validate.Scope("webtier", name), err)
	}
	logs, err := b.logBucket()
	if err != nil {
		return nil, fmt.Errorf("%s: access-log bucket: %w", validate.Scope("webtier", name), err)
	}
	front, err := b.loadBalancer(groups, logs)
	if err != nil {
		return nil, fmt.Errorf("%s: load balancer: %w", validate.Scope("webtier", name), err)
	}
	tier.AutoScalingGroupName = pulumi.String("").ToStringOutput()
	tier.InstanceRoleName = pulumi.String("").ToStringOutput()
	if args.Targets == TargetsInstance {
		fleet, err := b.fleet(groups, front)
		if err != nil {
			return nil, fmt.Errorf("%s: instances: %w", validate.Scope("webtier", name), err)
		}
		tier.AutoScalingGroupName = fleet.group.Name
		tier.AutoScalingGroup, tier.LaunchTemplate, tier.InstanceRole = fleet.group, fleet.template, fleet.role
		if fleet.role != nil {
			tier.InstanceRoleName = fleet.role.Name
		}
	}

	tier.Targets = args.Targets
	tier.Listeners = front.listeners
	tier.LoadBalancerARN = front.alb.Arn
	tier.LoadBalancerARNSuffix = front.alb.ArnSuffix
	tier.DNSName = front.alb.DnsName
	tier.ZoneID = front.alb.ZoneId
	tier.TargetGroupARN = front.targets.Arn
	tier.TargetGroupARNSuffix = front.targets.ArnSuffix
	tier.LoadBalancerSecurityGroupID = groups.lbID
	tier.InstanceSecurityGroupID = groups.instancesID
	tier.LogBucketName = pulumi.String("").ToStringOutput()
	tier.logBucketPolicy = pulumi.String("").ToStringOutput()
	if logs != nil {
		tier.LogBucketName, tier.LogBucket, tier.logBucketPolicy = logs.name, logs.bucket, logs.document
	}
	tier.LoadBalancer, tier.TargetGroup = front.alb, front.targets
	tier.LoadBalancerSecurityGroup, tier.InstanceSecurityGroup = groups.lb, groups.instances
	tier.admission = admission.Group{
		Ctx: ctx, Scope: validate.Scope("webtier", name), Name: name, Component: tier,
		What: "the targets' security group", Existing: "ExistingInstanceSecurityGroupID",
		Port: args.InstancePort, Tags: args.Tags, Taken: map[string]bool{},
	}
	if groups.instances != nil {
		tier.admission.GroupID = groups.instances.ID()
	}
	if err := ctx.RegisterResourceOutputs(tier, pulumi.Map{
		"loadBalancerArn":             tier.LoadBalancerARN,
		"loadBalancerArnSuffix":       tier.LoadBalancerARNSuffix,
		"dnsName":                     tier.DNSName,
		"zoneId":                      tier.ZoneID,
		"targetGroupArn":              tier.TargetGroupARN,
		"targetGroupArnSuffix":        tier.TargetGroupARNSuffix,
		"autoScalingGroupName":        tier.AutoScalingGroupName,
		"loadBalancerSecurityGroupId": tier.LoadBalancerSecurityGroupID,
		"instanceSecurityGroupId":     tier.InstanceSecurityGroupID,
		"instanceRoleName":            tier.InstanceRoleName,
		"logBucketName":               tier.LogBucketName,
		"targets":                     pulumi.String(tier.Targets),
	}); err != nil {
		return nil, err
	}
	return tier, nil
}

// builder carries what every child needs: the context, the component's name
// (the stem of every logical name), the defaulted args, the parent option and
// the AWS partition ("aws", "aws-cn", "aws-us-gov") ARNs are built in.
type builder struct {
	ctx       *pulumi.Context
	name      string
	args      WebTierArgs
	parent    pulumi.ResourceOrInvokeOption
	partition string
}
