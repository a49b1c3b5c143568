package container

import (
	"fmt"

	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AlarmTarget is what components/monitoring watches of the service
// (MonitoringArgs.Services), as alarms it creates one each of, in the
// monitoring of the service's region (Region):
//
//   - "cpu" and "memory": the service's average CPU and memory utilization
//     (AWS/ECS, ClusterName and ServiceName; published for every service)
//     above 85% for 15 minutes: scaling is not keeping up, or the task size
//     is too small. A missing datapoint keeps the alarm's state.
//   - "running-tasks": fewer running tasks than MinCount for 5 minutes
//     (ECS/ContainerInsights RunningTaskCount, which Container Insights
//     publishes only while the service has running tasks: no data counts as
//     breaching, since it means no task runs at all).
func (s *Service) AlarmTarget() monitoring.ServiceTarget {
	dimensions := pulumi.StringMap{"ClusterName": s.ClusterName, "ServiceName": s.ServiceName}
	utilization := func(key, metric, what string) monitoring.Alarm {
		return monitoring.Alarm{
			Key: key, Namespace: "AWS/ECS", MetricName: metric, Dimensions: dimensions,
			Statistic: "Average", ComparisonOperator: "GreaterThanThreshold", Threshold: 85,
			PeriodSeconds: 300, EvaluationPeriods: 3, DatapointsToAlarm: 3, TreatMissingData: "missing",
			Description: fmt.Sprintf("The service's average %s has been above 85%% for 15 minutes. Check whether it runs at its maximum task count and raise MaxCount, or give the tasks more %s.", what, what),
		}
	}
	return monitoring.ServiceTarget{Alarms: []monitoring.Alarm{
		utilization("cpu", "CPUUtilization", "CPU"),
		utilization("memory", "MemoryUtilization", "memory"),
		{
			Key: "running-tasks", Namespace: "ECS/ContainerInsights", MetricName: "RunningTaskCount", Dimensions: dimensions,
			Statistic: "Minimum", ComparisonOperator: "LessThanThreshold", Threshold: float64(s.minCount),
			PeriodSeconds: 60, EvaluationPeriods: 5, DatapointsToAlarm: 5, TreatMissingData: "breaching",
			Description: fmt.Sprintf("Fewer than %d tasks have been running for 5 minutes. Read the service's events (stopped reasons: image pull, health checks, out of memory) and the container's log group.", s.minCount),
		},
	}}
}
