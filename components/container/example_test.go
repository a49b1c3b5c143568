package container_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/container"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A Fargate service behind an Application Load Balancer you already have,
// in a second region: the target group (of type "ip") and the listener that
// forwards to it are yours; the service registers its tasks in it, scales
// on CPU and on requests per task, and is created through the provider for
// that region. A worker of yours is let in to the container port later.
func Example() {
	program := func(ctx *pulumi.Context) error {
		west, err := aws.NewProvider(ctx, "us-west-2", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		inWest := pulumi.Provider(west)

		vpcID := pulumi.String("vpc-0123456789abcdef0")
		targets, err := lb.NewTargetGroup(ctx, "app-ip", &lb.TargetGroupArgs{
			VpcId:       vpcID,
			TargetType:  pulumi.String("ip"), // tasks register by address
			Protocol:    pulumi.String("HTTP"),
			Port:        pulumi.Int(8080),
			HealthCheck: &lb.TargetGroupHealthCheckArgs{Path: pulumi.String("/health")},
		}, inWest)
		if err != nil {
			return err
		}
		listener, err := lb.NewListener(ctx, "app-http", &lb.ListenerArgs{
			LoadBalancerArn: pulumi.String("arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/internal/0123456789abcdef"),
			Port:            pulumi.Int(80),
			Protocol:        pulumi.String("HTTP"),
			DefaultActions: lb.ListenerDefaultActionArray{&lb.ListenerDefaultActionArgs{
				Type: pulumi.String("forward"), TargetGroupArn: targets.Arn,
			}},
		}, inWest)
		if err != nil {
			return err
		}

		app, err := container.NewService(ctx, "app", container.ServiceArgs{
			VpcID:     vpcID,
			SubnetIDs: pulumi.ToStringArray([]string{"subnet-0123456789abcdef1", "subnet-0123456789abcdef2"}),
			// The load balancer's security group; it must allow egress to
			// app.SecurityGroupID on 8080.
			AllowedSecurityGroups: map[string]pulumi.StringInput{"lb": pulumi.String("sg-0123456789abcdef0")},
			EgressCIDRs:           map[string]string{"vpc": "10.0.0.0/16"}, // the database and cache
			LoadBalancer: &container.LoadBalancerTarget{
				TargetGroupARN:        targets.Arn,
				TargetGroupARNSuffix:  targets.ArnSuffix,
				LoadBalancerARNSuffix: pulumi.String("app/internal/0123456789abcdef"),
				Listeners:             []pulumi.Resource{listener},
			},
			Image:             "123456789012.dkr.ecr.us-west-2.amazonaws.com/app:1.4.2",
			ContainerPort:     8080,
			User:              "1000",
			CPU:               1024,
			MemoryMiB:         2048,
			Architecture:      "ARM64",
			MinCount:          2,
			MaxCount:          12,
			RequestsPerTarget: 1000,
			Environment:       map[string]pulumi.StringInput{"CONFIG_PATH": pulumi.String("/millionstack/prod")},
		}, inWest)
		if err != nil {
			return err
		}
		if err := app.AllowFrom("workers", pulumi.String("sg-0fedcba9876543210")); err != nil {
			return err
		}
		ctx.Export("appLogGroup", app.LogGroupName)
		return nil
	}
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "prod"})
	if err != nil {
		fmt.Println(err)
		return
	}
	service, _ := inv.Named("aws:ecs/service:Service", "app")
	workers, _ := inv.Named("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "app-from-workers")
	fmt.Println("region:", inv.RegionOf(service))
	fmt.Println("scaling policies:", len(inv.ByType("aws:appautoscaling/policy:Policy")))
	fmt.Println("workers on port:", workers.String("fromPort"))
	// Output:
	// region: us-west-2
	// scaling policies: 2
	// workers on port: 8080
}
