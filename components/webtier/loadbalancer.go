package webtier

import (
	"github.com/millionstack/millionstack/internal/naming"
	"strconv"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// tlsPolicy is the HTTPS listener's security policy: TLS 1.3 and 1.2 with
// forward-secret ciphers only, AWS's recommendation for new listeners.
const tlsPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"

// loadBalancer is the front of the tier: the load balancer, the target group
// the instances register in, and the listeners that route to it (the Auto
// Scaling group waits for them, so instances join a target group in service).
type loadBalancer struct {
	alb       *lb.LoadBalancer
	targets   *lb.TargetGroup
	listeners []pulumi.Resource
}

// loadBalancer creates the load balancer `<name>`, the target group
// (targetGroupName) and the listeners `<name>-http` and, with a
// certificate, `<name>-https`.
func (b *builder) loadBalancer(groups *securityGroups, logs *logBucket) (*loadBalancer, error) {
	var accessLogs lb.LoadBalancerAccessLogsPtrInput
	waitFor := []pulumi.Resource{}
	if logs != nil {
		settings := &lb.LoadBalancerAccessLogsArgs{Bucket: logs.name, Enabled: pulumi.Bool(true)}
		if logs.prefix != "" {
			settings.Prefix = pulumi.String(logs.prefix)
		}
		if logs.policy != nil {
			waitFor = append(waitFor, logs.policy)
		}
		accessLogs = settings
	}
	alb, err := lb.NewLoadBalancer(b.ctx, b.name, &lb.LoadBalancerArgs{
		LoadBalancerType:         pulumi.String("application"),
		Internal:                 pulumi.Bool(b.args.Internal),
		Subnets:                  b.args.LoadBalancerSubnetIDs,
		SecurityGroups:           pulumi.StringArray{groups.lbID},
		DropInvalidHeaderFields:  pulumi.Bool(true),
		DesyncMitigationMode:     pulumi.String("defensive"),
		IdleTimeout:              pulumi.Int(60),
		EnableDeletionProtection: pulumi.Bool(*b.args.DeletionProtection),
		AccessLogs:               accessLogs,
		Tags:                     tagging.Named(b.name, b.args.Tags),
	}, b.parent, pulumi.DependsOn(waitFor))
	if err != nil {
		return nil, err
	}

	targets, err := lb.NewTargetGroup(b.ctx, b.targetGroupName(), &lb.TargetGroupArgs{
		VpcId:               b.args.VpcID,
		TargetType:          pulumi.String(b.args.Targets),
		Protocol:            pulumi.String("HTTP"),
		Port:                pulumi.Int(b.args.InstancePort),
		DeregistrationDelay: pulumi.Int(b.args.DeregistrationDelaySeconds),
		HealthCheck: &lb.TargetGroupHealthCheckArgs{
			Enabled:            pulumi.Bool(true),
			Protocol:           pulumi.String("HTTP"),
			Port:               pulumi.String("traffic-port"),
			Path:               pulumi.String(b.args.HealthCheckPath),
			Matcher:            pulumi.String("200-399"),
			Interval:           pulumi.Int(b.args.HealthCheckIntervalSeconds),
			Timeout:            pulumi.Int(min(5, b.args.HealthCheckIntervalSeconds-1)),
			HealthyThreshold:   pulumi.Int(b.args.HealthyThreshold),
			UnhealthyThreshold: pulumi.Int(b.args.UnhealthyThreshold),
		},
		// The tier is stateless (sessions live in a shared store), so any
		// target may serve any request.
		Stickiness: &lb.TargetGroupStickinessArgs{Type: pulumi.String("lb_cookie"), Enabled: pulumi.Bool(false)},
		Tags:       tagging.Named(b.targetGroupName(), b.args.Tags),
	}, b.parent)
	if err != nil {
		return nil, err
	}

	forward := lb.ListenerDefaultActionArray{&lb.ListenerDefaultActionArgs{
		Type:           pulumi.String("forward"),
		TargetGroupArn: targets.Arn,
	}}
	if b.args.CertificateARN == nil {
		http, err := b.listener("http", alb, lb.ListenerArgs{
			Port:           pulumi.Int(httpPort),
			Protocol:       pulumi.String("HTTP"),
			DefaultActions: forward,
		})
		if err != nil {
			return nil, err
		}
		return &loadBalancer{alb: alb, targets: targets, listeners: []pulumi.Resource{http}}, nil
	}

	https, err := b.listener("https", alb, lb.ListenerArgs{
		Port:           pulumi.Int(httpsPort),
		Protocol:       pulumi.String("HTTPS"),
		CertificateArn: b.args.CertificateARN,
		SslPolicy:      pulumi.String(tlsPolicy),
		DefaultActions: forward,
	})
	if err != nil {
		return nil, err
	}
	http, err := b.listener("http", alb, lb.ListenerArgs{
		Port:     pulumi.Int(httpPort),
		Protocol: pulumi.String("HTTP"),
		DefaultActions: lb.ListenerDefaultActionArray{&lb.ListenerDefaultActionArgs{
			Type: pulumi.String("redirect"),
			Redirect: &lb.ListenerDefaultActionRedirectArgs{
				Protocol:   pulumi.String("HTTPS"),
				Port:       pulumi.String(strconv.Itoa(httpsPort)),
				StatusCode: pulumi.String("HTTP_301"),
			},
		}},
	})
	if err != nil {
		return nil, err
	}
	return &loadBalancer{alb: alb, targets: targets, listeners: []pulumi.Resource{https, http}}, nil
}

// targetGroupName is the target group's logical name: `<name>` for
// instances, `<name>-ip` for container tasks. A target group's type cannot
// change in place (target_type is ForceNew, terraform-provider-aws
// internal/service/elbv2/target_group.go): a tier moving to container
// targets gets a group of its own, which the listeners switch to before the
// instance group goes, rather than a replacement under the same name.
func (b *builder) targetGroupName() string {
	if b.args.Targets == TargetsIP {
		return naming.Child(b.name, "ip")
	}
	return b.name
}

// listener creates the listener `<name>-<role>` on alb; listener says on
// which port, with which protocol and what it does.
func (b *builder) listener(role string, alb *lb.LoadBalancer, listener lb.ListenerArgs) (*lb.Listener, error) {
	listener.LoadBalancerArn = alb.Arn
	listener.Tags = tagging.Named(naming.Child(b.name, role), b.args.Tags)
	return lb.NewListener(b.ctx, naming.Child(b.name, role), &listener, b.parent)
}
