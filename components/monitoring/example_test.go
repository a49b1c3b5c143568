package monitoring_test

import (
	"fmt"
	"sort"

	"github.com/millionstack/millionstack/components/cdn"
	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/components/webtier"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Alarms on a web tier and a CDN, one line each: every component that
// monitoring watches hands it its AlarmTarget. The alarms notify your
// on-call topic instead of a topic of the component's.
func Example() {
	program := func(ctx *pulumi.Context) error {
		web, err := webtier.NewWebTier(ctx, "web", webtier.WebTierArgs{
			VpcID:                 pulumi.String("vpc-0123456789abcdef0"),
			LoadBalancerSubnetIDs: pulumi.ToStringArray([]string{"subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"}),
			InstanceSubnetIDs:     pulumi.ToStringArray([]string{"subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"}),
		})
		if err != nil {
			return err
		}
		assets, err := cdn.NewCDN(ctx, "assets", cdn.CDNArgs{})
		if err != nil {
			return err
		}
		_, err = monitoring.NewMonitoring(ctx, "ops", monitoring.MonitoringArgs{
			ExistingTopicARN: pulumi.String("arn:aws:sns:us-east-1:123456789012:on-call"),
			LoadBalancers:    map[string]monitoring.LoadBalancerTarget{"web": web.AlarmTarget()},
			Distributions:    map[string]monitoring.DistributionTarget{"assets": assets.AlarmTarget()},
		})
		return err
	}
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	var names []string
	for _, alarm := range inv.ByType("aws:cloudwatch/metricAlarm:MetricAlarm") {
		names = append(names, alarm.Name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Println(name)
	}
	fmt.Println("topics created:", len(inv.ByType("aws:sns/topic:Topic")))
	// Output:
	// ops-autoscaling-web-cpuutilization
	// ops-distribution-assets-5xxerrorrate
	// ops-loadbalancer-web-httpcode_elb_5xx_count
	// ops-loadbalancer-web-httpcode_target_5xx_count
	// ops-loadbalancer-web-targetresponsetime
	// ops-loadbalancer-web-unhealthyhostcount
	// topics created: 0
}
