package monitoring

import (
	"fmt"

	"github.com/millionstack/millionstack/internal/policy"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// account is where the stack deploys, read once from the provider so that
// every policy names exact principals and resources instead of wildcards.
type account struct {
	ID        string // "123456789012"
	Partition string // "aws", "aws-cn", "aws-us-gov"
	Region    string // "us-east-1"
}

// root is the account's root principal, which delegates to IAM: a key policy
// that trusts it lets the account's administrators manage the key.
func (a account) root() string {
	return fmt.Sprintf("arn:%s:iam::%s:root", a.Partition, a.ID)
}

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
