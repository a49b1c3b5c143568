package webtier

import (
	"github.com/millionstack/millionstack/components/container"
	"github.com/millionstack/millionstack/components/dns"
	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// What other components and stacks take from a tier, in their own types,
// so that wiring one is one line.

// AlarmTarget is what components/monitoring watches of the tier
// (MonitoringArgs.LoadBalancers): the load balancer, its target group
// and, with instance targets, the Auto Scaling group.
func (t *WebTier) AlarmTarget() monitoring.LoadBalancerTarget {
	target := monitoring.LoadBalancerTarget{ARNSuffix: t.LoadBalancerARNSuffix, TargetGroupARNSuffix: t.TargetGroupARNSuffix}
	if t.Targets != TargetsIP {
		target.AutoScalingGroupName = t.AutoScalingGroupName
	}
	return target
}

// ServiceTarget is the tier's target group as a container service takes
// it (container.ServiceArgs.LoadBalancer), for a tier made with TargetsIP:
// the service registers its tasks there once the listeners exist, and
// scales on the requests per task.
func (t *WebTier) ServiceTarget() *container.LoadBalancerTarget {
	return &container.LoadBalancerTarget{
		TargetGroupARN:        t.TargetGroupARN,
		TargetGroupARNSuffix:  t.TargetGroupARNSuffix,
		LoadBalancerARNSuffix: t.LoadBalancerARNSuffix,
		Listeners:             t.Listeners,
	}
}

// Alias is the load balancer as the target of a Route 53 alias record
// (dns.Record.Alias), answered only while it has healthy targets.
func (t *WebTier) Alias() *dns.Alias {
	return &dns.Alias{DNSName: t.DNSName, ZoneID: t.ZoneID, EvaluateTargetHealth: true}
}

// AllowFrom lets the security group securityGroupID reach the targets (the
// instances, or with TargetsIP the container tasks) directly on
// InstancePort, besides the load balancer: a scraper, a worker of your
// own. It creates the ingress rule `<name>-from-<from>` on the targets'
// group, parented to the tier. from names the rule: lower-case words
// joined by hyphens, once per tier. Refused with
// ExistingInstanceSecurityGroupID: a group of your own is yours to open.
func (t *WebTier) AllowFrom(from string, securityGroupID pulumi.StringInput) error {
	return t.admission.AllowFrom(from, securityGroupID)
}

// LogBucketPolicy is the bucket policy document (JSON) the access-log
// bucket needs: ELB log delivery may put objects under
// [<prefix>/]AWSLogs/<account>/ (the service principal
// logdelivery.elasticloadbalancing.amazonaws.com, and in the Regions
// opened before August 2022 the Region's ELB account), and no request
// without TLS. It is the policy of the component's own bucket; with
// ExistingLogBucketName, merge its statements into your bucket's policy
// (a bucket has one policy, which the component does not touch). "" when
// access logs are off.
func (t *WebTier) LogBucketPolicy() pulumi.StringOutput {
	return t.logBucketPolicy
}
