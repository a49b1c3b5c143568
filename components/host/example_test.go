package host_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/host"
	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// One server in a public subnet you have, with a stable address, an
// encrypted data volume snapshotted daily, and alarms on it: monitoring
// takes the host's AlarmTarget.
func Example() {
	program := func(ctx *pulumi.Context) error {
		server, err := host.NewHost(ctx, "app", host.HostArgs{
			VpcID:            pulumi.String("vpc-0123456789abcdef0"),
			SubnetID:         pulumi.String("subnet-0123456789abcdef0"),
			AvailabilityZone: "us-east-1a",
			InstanceType:     "t3.small",
			DataVolumeGiB:    50,
		})
		if err != nil {
			return err
		}
		if _, err := monitoring.NewMonitoring(ctx, "ops", monitoring.MonitoringArgs{
			AlarmEmail: "ops@example.com",
			Hosts:      map[string]pulumi.StringInput{"app": server.AlarmTarget()},
		}); err != nil {
			return err
		}
		ctx.Export("publicIp", server.PublicIP)
		return nil
	}
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	data, _ := inv.Named("aws:ebs/volume:Volume", "app-data")
	fmt.Printf("data volume: %s GiB, encrypted: %s, retained: %v\n", data.String("size"), data.String("encrypted"), data.RetainOnDelete)
	for _, alarm := range []string{"ops-host-app-cpuutilization", "ops-host-app-statuscheckfailed"} {
		a, _ := inv.Named("aws:cloudwatch/metricAlarm:MetricAlarm", alarm)
		fmt.Println(alarm, a.String("dimensions.InstanceId"))
	}
	// Output:
	// data volume: 50 GiB, encrypted: true, retained: true
	// ops-host-app-cpuutilization app-id
	// ops-host-app-statuscheckfailed app-id
}
