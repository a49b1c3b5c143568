package container

import (
	"github.com/millionstack/millionstack/internal/naming"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Cooldowns of the target-tracking policies: add tasks a minute after the
// last scale-out, remove them only five minutes after the last scale-in
// (Application Auto Scaling's default for ECS is 300 s both ways), so the
// service grows fast and shrinks slowly.
const (
	scaleOutCooldownSeconds = 60
	scaleInCooldownSeconds  = 300
)

// autoScaling registers the service's desired count with Application Auto
// Scaling as the scalable target `<name>` (MinCount to MaxCount; ECS's
// scalable dimension "ecs:service:DesiredCount" of resource
// "service/<cluster name>/<service name>", Application Auto Scaling API
// reference, RegisterScalableTarget) and creates its target-tracking
// policies: `<name>-cpu` on ECSServiceAverageCPUUtilization and, with
// RequestsPerTarget, `<name>-requests` on ALBRequestCountPerTarget for the
// load balancer's target group.
//
// The target exists whatever MaxCount is: raising MinCount is then what
// raises the running count, since the service ignores its own desired count
// after creation. Application Auto Scaling uses its service-linked role
// (AWSServiceRoleForApplicationAutoScaling_ECSService), which
// RegisterScalableTarget creates when missing.
func (b *builder) autoScaling() error {
	var err error
	b.scalableTarget, err = appautoscaling.NewTarget(b.ctx, b.name, &appautoscaling.TargetArgs{
		ServiceNamespace:  pulumi.String("ecs"),
		ScalableDimension: pulumi.String("ecs:service:DesiredCount"),
		ResourceId:        pulumi.Sprintf("service/%s/%s", b.clusterName, b.ecsService.Name),
		MinCapacity:       pulumi.Int(b.args.MinCount),
		MaxCapacity:       pulumi.Int(b.args.MaxCount),
		Tags:              tagging.Named(b.name, b.args.Tags),
	}, b.parent)
	if err != nil {
		return err
	}
	if err := b.targetTracking("cpu", b.args.CPUTargetPercent, &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs{
		PredefinedMetricType: pulumi.String("ECSServiceAverageCPUUtilization"),
	}); err != nil {
		return err
	}
	if b.args.RequestsPerTarget != 0 {
		lb := b.args.LoadBalancer
		return b.targetTracking("requests", b.args.RequestsPerTarget, &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs{
			PredefinedMetricType: pulumi.String("ALBRequestCountPerTarget"),
			// "app/<lb name>/<id>/targetgroup/<tg name>/<id>" (Application
			// Auto Scaling API reference, PredefinedMetricSpecification).
			ResourceLabel: pulumi.Sprintf("%s/%s", lb.LoadBalancerARNSuffix, lb.TargetGroupARNSuffix),
		})
	}
	return nil
}

// targetTracking creates the policy `<name>-<role>` keeping metric at target.
func (b *builder) targetTracking(role string, target float64, metric *appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs) error {
	_, err := appautoscaling.NewPolicy(b.ctx, naming.Child(b.name, role), &appautoscaling.PolicyArgs{
		PolicyType:        pulumi.String("TargetTrackingScaling"),
		ServiceNamespace:  b.scalableTarget.ServiceNamespace,
		ScalableDimension: b.scalableTarget.ScalableDimension,
		ResourceId:        b.scalableTarget.ResourceId,
		TargetTrackingScalingPolicyConfiguration: &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs{
			TargetValue:                   pulumi.Float64(target),
			PredefinedMetricSpecification: metric,
			ScaleOutCooldown:              pulumi.Int(scaleOutCooldownSeconds),
			ScaleInCooldown:               pulumi.Int(scaleInCooldownSeconds),
		},
	}, b.parent)
	return err
}
