package deploytime

import "github.com/millionstack/millionstack/millionstacktest"

// Ordering is a kind of explicit DependsOn that is there on purpose: no
// input carries data along it, but AWS refuses the dependent, or serves it
// badly, when it goes first. An explicit dependency that an Ordering
// explains is reported with its reason and source as an ordering kept on
// purpose, not as one to drop; any other still is.
type Ordering struct {
	// Dependents are the resource types that wait, Dependencies the types
	// they wait for.
	Dependents, Dependencies []string
	// Shared names an input of the dependent and one of the dependency
	// that must be computed from one same resource for the reason to hold
	// (the same bucket, the same role); both empty when any pair is meant.
	Shared [2]string
	Reason string
	Source string
}

// bucketSettings are the resources that each change one setting of an S3
// bucket (internal/privatebucket registers them one after the other).
var bucketSettings = []string{
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls",
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
	"aws:s3/bucketVersioningV2:BucketVersioningV2",
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
	"aws:s3/bucketLoggingV2:BucketLoggingV2",
	"aws:s3/bucketPolicy:BucketPolicy",
	"aws:s3/bucketReplicationConfig:BucketReplicationConfig",
}

// Orderings are the explicit dependencies millionstack keeps on purpose.
var Orderings = []Ordering{
	{
		Dependents: bucketSettings, Dependencies: bucketSettings, Shared: [2]string{"bucket", "bucket"},
		Reason: "S3 refuses a change to a bucket's configuration while another one is in progress (409 OperationAborted, " +
			"\"A conflicting conditional operation is currently in progress against this resource\"), " +
			"so one bucket's settings are applied one at a time (internal/privatebucket)",
		Source: "Amazon S3 API Reference, Error responses: OperationAborted",
	},
	{
		Dependents: []string{"aws:cloudfront/distribution:Distribution"}, Dependencies: bucketSettings, Shared: [2]string{"loggingConfig", "bucket"},
		Reason: "CloudFront's standard logging writes through an ACL grant it adds to the log bucket when logging is switched on: " +
			"the bucket's ownership controls must allow ACLs first (else \"The S3 bucket that you specified for CloudFront logs " +
			"does not enable ACL access\"), and the distribution waits for all the bucket's settings so that this ACL change " +
			"is not refused as a concurrent change to the bucket (OperationAborted)",
		Source: "Amazon CloudFront Developer Guide, Standard logging (legacy): bucket permissions and ACLs; Amazon S3 API Reference, Error responses: OperationAborted",
	},
	{
		Dependents:   []string{"aws:lambda/function:Function"},
		Dependencies: []string{"aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment"},
		Shared:       [2]string{"role", "role"},
		Reason: "a function can do what its role's policies allow: created before them, its first runs (a deploy-time " +
			"invocation, an event source mapping's first poll, its first log lines) fail on permissions not yet there",
		Source: "pulumi-aws SDK, lambda/function.go, \"CloudWatch Logging and Permissions\" (the function DependsOn its role's policy attachment)",
	},
	{
		Dependents:   []string{"aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"},
		Dependencies: []string{"aws:iam/rolePolicyAttachment:RolePolicyAttachment"},
		Shared:       [2]string{"monitoringRoleArn", "role"},
		Reason: "RDS checks the Enhanced Monitoring role when it creates the instance: before AmazonRDSEnhancedMonitoringRole " +
			"is attached it refuses with InvalidParameterValue, \"IAM role ARN value is invalid or does not include the " +
			"required permissions for: ENHANCED_MONITORING\"",
		Source: "claranet/terraform-aws-aurora#23 (the race and its error); Amazon RDS User Guide, Setting up and enabling Enhanced Monitoring",
	},
	{
		Dependents:   []string{"aws:lb/loadBalancer:LoadBalancer"},
		Dependencies: []string{"aws:s3/bucketPolicy:BucketPolicy"},
		Shared:       [2]string{"accessLogs", "bucket"},
		Reason: "ELB checks that it may write to the access log bucket when access logs are switched on: before the bucket " +
			"policy lets it, it refuses with InvalidConfigurationRequest, \"Access Denied for bucket\"",
		Source: "User Guide for Application Load Balancers, Enable access logs (bucket permissions); aws/aws-cdk#2221 and aws/copilot-cli#4169 (the error without the dependency)",
	},
	{
		Dependents:   []string{"aws:autoscaling/group:Group"},
		Dependencies: []string{"aws:lb/listener:Listener"},
		Shared:       [2]string{"targetGroupArns", "defaultActions"},
		Reason: "the group registers its instances in a target group that a listener already forwards to: before one does, " +
			"their target health is unused (Target.NotInUse), not healthy, for the group's ELB health checks",
		Source: "Elastic Load Balancing API Reference, TargetHealth (reason Target.NotInUse); Amazon EC2 Auto Scaling User Guide, Health checks for instances",
	},
	{
		Dependents:   []string{"aws:ecs/service:Service"},
		Dependencies: []string{"aws:lb/listener:Listener"},
		Shared:       [2]string{"loadBalancers", "defaultActions"},
		Reason: "ECS refuses a service whose target group no load balancer uses yet: InvalidParameterException, " +
			"\"The target group with targetGroupArn ... does not have an associated load balancer\"",
		Source: "aws/aws-cdk#1139 and cloudposse/terraform-aws-ecs-alb-service-task#46 (the error and the dependency that avoids it)",
	},
	{
		Dependents:   []string{"aws:ec2/natGateway:NatGateway"},
		Dependencies: []string{"aws:ec2/internetGateway:InternetGateway"},
		Reason:       "a public NAT gateway reaches the internet through its VPC's internet gateway",
		Source:       "Terraform AWS provider, aws_nat_gateway: \"It's recommended to denote that the NAT Gateway depends on the Internet Gateway for the VPC in which the NAT Gateway's subnet is located\"",
	},
}

// explain returns the Ordering that explains r waiting for d, if one does.
func explain(r, d millionstacktest.Resource) (Ordering, bool) {
	for _, o := range Orderings {
		if !oneOf(r.Type, o.Dependents) || !oneOf(d.Type, o.Dependencies) {
			continue
		}
		if o.Shared == [2]string{} || shareSource(r.PropertyDependencies[o.Shared[0]], d.PropertyDependencies[o.Shared[1]]) {
			return o, true
		}
	}
	return Ordering{}, false
}

func oneOf(typ string, types []string) bool {
	for _, t := range types {
		if t == typ {
			return true
		}
	}
	return false
}

// shareSource reports whether two inputs were computed from a same resource.
func shareSource(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}
