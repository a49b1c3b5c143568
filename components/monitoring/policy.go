package monitoring

import (
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// services is the principal of AWS services acting on our behalf.
func services(names ...string) map[string]interface{} {
	return map[string]interface{}{"Service": names}
}

// TracingPolicy returns the IAM policy document (JSON) an app's role needs
// to send traces when MonitoringArgs.Tracing is on: the actions of the AWS
// managed policy AWSXRayDaemonWriteAccess, which take no resource but "*"
// (Service Authorization Reference, AWS X-Ray actions).
func TracingPolicy() pulumi.StringOutput {
	document, err := policy.Document{Statement: []policy.Statement{{
		Effect: "Allow",
		Action: []string{
			"xray:PutTraceSegments", "xray:PutTelemetryRecords",
			"xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries",
		},
		Resource: "*",
	}}}.JSON()
	if err != nil {
		panic(err) // a fixed document of strings always marshals
	}
	return pulumi.String(document).ToStringOutput()
}
