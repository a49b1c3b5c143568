package webtier

import (
	"github.com/millionstack/millionstack/internal/naming"
	"strconv"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/autoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// groupMetrics are the Auto Scaling group metrics published to CloudWatch
// every minute, for dashboards and capacity alarms.
var groupMetrics = []string{
	"GroupMinSize", "GroupMaxSize", "GroupDesiredCapacity",
	"GroupInServiceInstances", "GroupPendingInstances", "GroupStandbyInstances",
	"GroupTerminatingInstances", "GroupTotalInstances",
}

// fleet is the tier's instances: their role (nil with
// ExistingInstanceProfileARN), launch template and Auto Scaling group.
type fleet struct {
	role     *iam.Role
	template *ec2.LaunchTemplate
	group    *autoscaling.Group
}

// fleet creates the instance role, the launch template, the Auto Scaling
// group `<name>` and its scaling policies.
//
// The group runs across InstanceSubnetIDs, replaces instances the load
// balancer finds unhealthy, and launches through a mixed instances policy
// (mixedInstances): the template, pinned to its latest version (never
// $Latest), with InstanceType first and its alternatives after. A template
// change is a group change that starts a rolling instance refresh keeping
// 90% of the capacity in service, rolled back automatically when new
// instances fail; instances that already run the desired template version
// and one of the group's types are skipped. It ignores later changes of its
// desired capacity, which auto scaling owns once the group runs.
//
// A group created with a plain launch template (before the mixed instances
// policy) is updated in place: launch_template and mixed_instances_policy
// are alternatives of one group (terraform-provider-aws
// internal/service/autoscaling/group.go: ExactlyOneOf launch_configuration,
// launch_template, mixed_instances_policy, none of them ForceNew) and the
// provider sends the new policy in UpdateAutoScalingGroup. The refresh that
// follows skips every instance: they run the same template version and the
// first of the group's types.
func (b *builder) fleet(groups *securityGroups, front *loadBalancer) (*fleet, error) {
	var role *iam.Role
	profileARN := b.args.ExistingInstanceProfileARN
	if profileARN == nil {
		var profile *iam.InstanceProfile
		var err error
		if role, profile, err = b.instanceRole(); err != nil {
			return nil, err
		}
		profileARN = profile.Arn
	}
	template, err := b.launchTemplate(groups, profileARN)
	if err != nil {
		return nil, err
	}

	warmup := b.args.HealthCheckGracePeriodSeconds
	groupTags := tagging.Named(b.name, b.args.Tags)
	tags := autoscaling.GroupTagArray{}
	for _, key := range validate.Keys(groupTags) {
		// Instances get their tags from the launch template.
		tags = append(tags, &autoscaling.GroupTagArgs{Key: pulumi.String(key), Value: groupTags[key], PropagateAtLaunch: pulumi.Bool(false)})
	}
	group, err := autoscaling.NewGroup(b.ctx, b.name, &autoscaling.GroupArgs{
		VpcZoneIdentifiers:     b.args.InstanceSubnetIDs,
		MinSize:                pulumi.Int(b.args.MinSize),
		MaxSize:                pulumi.Int(b.args.MaxSize),
		DesiredCapacity:        pulumi.Int(b.args.DesiredCapacity),
		HealthCheckType:        pulumi.String("ELB"),
		HealthCheckGracePeriod: pulumi.Int(b.args.HealthCheckGracePeriodSeconds),
		DefaultInstanceWarmup:  pulumi.Int(warmup),
		TargetGroupArns:        pulumi.StringArray{front.targets.Arn},
		MixedInstancesPolicy:   b.mixedInstances(template),
		InstanceRefresh: &autoscaling.GroupInstanceRefreshArgs{
			Strategy: pulumi.String("Rolling"),
			Preferences: &autoscaling.GroupInstanceRefreshPreferencesArgs{
				MinHealthyPercentage: pulumi.Int(90),
				InstanceWarmup:       pulumi.String(strconv.Itoa(warmup)),
				AutoRollback:         pulumi.Bool(true),
				// Instances with the template and a type the group already
				// wants are kept (EC2 Auto Scaling API reference,
				// RefreshPreferences, SkipMatching).
				SkipMatching: pulumi.Bool(true),
			},
		},
		EnabledMetrics:     pulumi.ToStringArray(groupMetrics),
		MetricsGranularity: pulumi.String("1Minute"),
		Tags:               tags,
	}, b.parent,
		pulumi.IgnoreChanges([]string{"desiredCapacity"}),
		pulumi.DependsOn(front.listeners))
	if err != nil {
		return nil, err
	}

	if err := b.scalingPolicies(group, front); err != nil {
		return nil, err
	}
	return &fleet{role: role, template: template, group: group}, nil
}

// mixedInstances is the group's mixed instances policy: the launch
// template at its latest version, overridden with InstanceType and then its
// AlternativeInstanceTypes, in that order of preference ("prioritized": the
// group launches the first type with capacity in the AZ). On demand only by
// default; with SpotPercentage, MinSize instances stay on demand and that
// share of the rest runs on Spot.
func (b *builder) mixedInstances(template *ec2.LaunchTemplate) *autoscaling.GroupMixedInstancesPolicyArgs {
	overrides := autoscaling.GroupMixedInstancesPolicyLaunchTemplateOverrideArray{}
	for _, t := range append([]string{b.args.InstanceType}, b.args.AlternativeInstanceTypes...) {
		overrides = append(overrides, autoscaling.GroupMixedInstancesPolicyLaunchTemplateOverrideArgs{InstanceType: pulumi.String(t)})
	}
	distribution := &autoscaling.GroupMixedInstancesPolicyInstancesDistributionArgs{
		OnDemandAllocationStrategy:          pulumi.String("prioritized"),
		OnDemandBaseCapacity:                pulumi.Int(0),
		OnDemandPercentageAboveBaseCapacity: pulumi.Int(100),
	}
	if b.args.SpotPercentage > 0 {
		distribution.OnDemandBaseCapacity = pulumi.Int(b.args.MinSize)
		distribution.OnDemandPercentageAboveBaseCapacity = pulumi.Int(100 - b.args.SpotPercentage)
		distribution.SpotAllocationStrategy = pulumi.String("price-capacity-optimized")
	}
	return &autoscaling.GroupMixedInstancesPolicyArgs{
		InstancesDistribution: distribution,
		LaunchTemplate: &autoscaling.GroupMixedInstancesPolicyLaunchTemplateArgs{
			LaunchTemplateSpecification: &autoscaling.GroupMixedInstancesPolicyLaunchTemplateLaunchTemplateSpecificationArgs{
				LaunchTemplateId: template.ID(),
				Version: template.LatestVersion.ApplyT(func(v int) string {
					return strconv.Itoa(v)
				}).(pulumi.StringOutput),
			},
			Overrides: overrides,
		},
	}
}

// scalingPolicies creates the target-tracking policies whose targets are
// set: `<name>-cpu` on the group's average CPU and `<name>-requests` on the
// load balancer's requests per instance.
func (b *builder) scalingPolicies(group *autoscaling.Group, front *loadBalancer) error {
	if b.args.CPUTargetPercent != 0 {
		if err := b.targetTracking("cpu", group, b.args.CPUTargetPercent, &autoscaling.PolicyTargetTrackingConfigurationPredefinedMetricSpecificationArgs{
			PredefinedMetricType: pulumi.String("ASGAverageCPUUtilization"),
		}); err != nil {
			return err
		}
	}
	if b.args.RequestsPerTarget != 0 {
		if err := b.targetTracking("requests", group, b.args.RequestsPerTarget, &autoscaling.PolicyTargetTrackingConfigurationPredefinedMetricSpecificationArgs{
			PredefinedMetricType: pulumi.String("ALBRequestCountPerTarget"),
			ResourceLabel:        pulumi.Sprintf("%s/%s", front.alb.ArnSuffix, front.targets.ArnSuffix),
		}); err != nil {
			return err
		}
	}
	return nil
}

// targetTracking creates the policy `<name>-<role>` keeping metric at target.
func (b *builder) targetTracking(role string, group *autoscaling.Group, target float64, metric *autoscaling.PolicyTargetTrackingConfigurationPredefinedMetricSpecificationArgs) error {
	_, err := autoscaling.NewPolicy(b.ctx, naming.Child(b.name, role), &autoscaling.PolicyArgs{
		AutoscalingGroupName: group.Name,
		PolicyType:           pulumi.String("TargetTrackingScaling"),
		TargetTrackingConfiguration: &autoscaling.PolicyTargetTrackingConfigurationArgs{
			TargetValue:                   pulumi.Float64(target),
			PredefinedMetricSpecification: metric,
		},
	}, b.parent)
	return err
}
