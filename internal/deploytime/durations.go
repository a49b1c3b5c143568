package deploytime

import "time"

// Timing is how long the AWS provider takes to create, update and delete
// one resource of a type: the call plus the waiter that holds `pulumi up`
// until AWS reports the resource ready (available, deployed, in service).
// Figures are typical, not worst cases; each names where it comes from.
type Timing struct {
	Create, Update, Delete time.Duration
	// UpdateBy overrides Update for changes to particular inputs, the
	// slowest changed input deciding (RDS: instanceClass vs multiAz).
	UpdateBy map[string]time.Duration
	// CreateWhen overrides Create when an input is set ("replicateSourceDb")
	// or has a value ("multiAz=true"); the slowest match decides.
	CreateWhen map[string]time.Duration
	Source     string
}

// Sources of the figures below.
const (
	srcAPI = "one synchronous API call, no waiter in the provider: seconds (pulumi-aws/terraform-provider-aws resource code)"
	srcIAM = "IAM is eventually consistent; the provider retries until the role or profile is usable: ~10 s (terraform-provider-aws iam waiters)"
	srcRDS = "measured: single-AZ ~5-10 min, Multi-AZ ~15-20 min, Multi-AZ conversion ~6 min plus a backup on an empty instance " +
		"(hashicorp/terraform#498); replicas of a loaded source take longer (terraform-provider-aws#179); " +
		"a class change reboots and the provider waits for 'available' (RDS user guide, Modifying a DB instance)"
	srcCloudFront = "CloudFront rollout to Deployed: 10-15 min (terraform-provider-aws#47652, 2026), 8-20 min (#8175); " +
		"the provider waits for it (wait_for_deployment defaults to true); deletion disables first, then waits again"
	srcCache = "ElastiCache replication group: creating and adding nodes take 10-20 min, a node type change rolls every node " +
		"(ElastiCache user guide, Scaling; terraform-provider-aws default timeouts 60 min create, 40 min update)"
	srcNAT     = "NAT gateway pending -> available in a few minutes; deletion waits for 'deleted' (VPC user guide, NAT gateways; terraform-provider-aws natgateway waiters)"
	srcALB     = "load balancer provisioning -> active in a few minutes (ELB user guide, Create an Application Load Balancer; provider waits for 'active')"
	srcASG     = "the provider waits for minSize instances InService and healthy (wait_for_capacity_timeout 10 min): boot plus health checks, ~3-5 min"
	srcEC2     = "the provider waits for 'running': ~30-60 s (EC2 user guide, instance lifecycle)"
	srcACM     = "DNS validation: ACM issues within minutes of the CNAME resolving, up to 30 min (ACM user guide, DNS validation)"
	srcR53     = "Route 53 changes reach all authoritative servers within 60 s; the provider waits for INSYNC (Route 53 API reference, GetChange)"
	srcDDB     = "on-demand table ACTIVE within seconds to a minute; the provider waits for ACTIVE and for PITR (DynamoDB developer guide)"
	srcFn      = "the provider waits for the function's State to be Active: seconds (Lambda developer guide, function states)"
	srcESM     = "event source mapping Creating -> Enabled: up to a minute (Lambda developer guide, SQS event source mappings)"
	srcWAF     = "web ACLs are created in seconds; associating one with a load balancer just created is retried until WAF sees it (terraform-provider-aws wafv2 association retry)"
	srcInvoke  = "the provider invokes the function synchronously and waits for its answer: a VPC function that was just created stays Pending until its network interfaces exist (Lambda developer guide, function states: up to a few minutes), then the bootstrap runs in seconds"
	srcSAR     = "a Serverless Application Repository application is a CloudFormation stack; the provider waits for CREATE_COMPLETE (terraform-provider-aws serverlessrepo cloudformation_stack waiters): a VPC function, its role and permission, ~2-3 min"
	srcRotate  = "SetRotation starts the first rotation and returns; the provider retries while IAM propagates (terraform-provider-aws secretsmanager secret_rotation): seconds to half a minute"
	srcECS     = "the provider waits for the service to reach a steady state when wait_for_steady_state is set (terraform-provider-aws ecs service.go, waitServiceStable): Fargate tasks provision and pull their image in about a minute, then pass the target group's health checks (3 checks 15 s apart), ~3-5 min; deletion drains the tasks first"
	srcECSAPI  = "ECS clusters, capacity provider associations and task definitions: one API call each, the cluster's waiter returns once it is ACTIVE, in seconds (terraform-provider-aws ecs cluster.go waitClusterAvailable)"
	srcPeering = "the provider waits for an inter-region peering to reach pending-acceptance, and its accepter for active: seconds (terraform-provider-aws ec2 vpc_peering_connection.go waiters)"
	srcR53HC   = "CreateHealthCheck is one API call; the provider does not wait for the check's first result (terraform-provider-aws route53 health_check.go)"
	srcDefault = "type not in the table: assumed one API call without a waiter"
)

// timings per resource type. Components and providers take no time.
var timings = map[string]Timing{
	"aws:rds/instance:Instance": {Create: 10 * time.Minute, Update: 3 * time.Minute, Delete: 10 * time.Minute, Source: srcRDS,
		CreateWhen: map[string]time.Duration{"multiAz=true": 20 * time.Minute, "replicateSourceDb": 20 * time.Minute},
		UpdateBy: map[string]time.Duration{
			"instanceClass": 15 * time.Minute, "multiAz": 20 * time.Minute, "allocatedStorage": 10 * time.Minute,
			"engineVersion": 20 * time.Minute, "storageType": 20 * time.Minute, "iops": 10 * time.Minute,
		}},
	"aws:rds/cluster:Cluster":                  {Create: 10 * time.Minute, Update: 5 * time.Minute, Delete: 10 * time.Minute, Source: srcRDS},
	"aws:rds/clusterInstance:ClusterInstance":  {Create: 12 * time.Minute, Update: 12 * time.Minute, Delete: 10 * time.Minute, Source: srcRDS},
	"aws:rds/globalCluster:GlobalCluster":      {Create: 2 * time.Minute, Update: 2 * time.Minute, Delete: 2 * time.Minute, Source: srcRDS},
	"aws:cloudfront/distribution:Distribution": {Create: 12 * time.Minute, Update: 10 * time.Minute, Delete: 20 * time.Minute, Source: srcCloudFront},
	"aws:elasticache/replicationGroup:ReplicationGroup": {Create: 15 * time.Minute, Update: 5 * time.Minute, Delete: 10 * time.Minute, Source: srcCache,
		UpdateBy: map[string]time.Duration{"nodeType": 30 * time.Minute, "numCacheClusters": 15 * time.Minute, "engineVersion": 30 * time.Minute}},
	"aws:elasticache/userGroup:UserGroup": {Create: time.Minute, Update: time.Minute, Delete: time.Minute, Source: srcCache},
	"aws:ec2/natGateway:NatGateway":       {Create: 2 * time.Minute, Update: 5 * time.Second, Delete: time.Minute, Source: srcNAT},
	"aws:lb/loadBalancer:LoadBalancer":    {Create: 3 * time.Minute, Update: 10 * time.Second, Delete: time.Minute, Source: srcALB},
	"aws:autoscaling/group:Group": {Create: 5 * time.Minute, Update: 30 * time.Second, Delete: 3 * time.Minute, Source: srcASG,
		// A new launch template version starts an instance refresh the
		// provider does not wait for; more capacity is waited for.
		UpdateBy: map[string]time.Duration{"minSize": 5 * time.Minute, "desiredCapacity": 5 * time.Minute}},
	"aws:ecs/service:Service":                                           {Create: 4 * time.Minute, Update: 4 * time.Minute, Delete: 3 * time.Minute, Source: srcECS},
	"aws:ecs/cluster:Cluster":                                           {Create: 10 * time.Second, Update: 5 * time.Second, Delete: 10 * time.Second, Source: srcECSAPI},
	"aws:ecs/clusterCapacityProviders:ClusterCapacityProviders":         {Create: 5 * time.Second, Update: 5 * time.Second, Delete: 5 * time.Second, Source: srcECSAPI},
	"aws:ecs/taskDefinition:TaskDefinition":                             {Create: 3 * time.Second, Update: 3 * time.Second, Delete: 3 * time.Second, Source: srcECSAPI},
	"aws:ec2/vpcPeeringConnection:VpcPeeringConnection":                 {Create: 15 * time.Second, Update: 5 * time.Second, Delete: 15 * time.Second, Source: srcPeering},
	"aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": {Create: 15 * time.Second, Update: 5 * time.Second, Delete: 5 * time.Second, Source: srcPeering},
	"aws:route53/healthCheck:HealthCheck":                               {Create: 3 * time.Second, Update: 3 * time.Second, Delete: 3 * time.Second, Source: srcR53HC},
	"aws:ec2/instance:Instance":                                         {Create: time.Minute, Update: time.Minute, Delete: time.Minute, Source: srcEC2},
	"aws:acm/certificateValidation:CertificateValidation":               {Create: 5 * time.Minute, Source: srcACM},
	"aws:route53/record:Record":                                         {Create: time.Minute, Update: time.Minute, Delete: time.Minute, Source: srcR53},
	"aws:route53/zone:Zone":                                             {Create: time.Minute, Update: 5 * time.Second, Delete: time.Minute, Source: srcR53},
	"aws:dynamodb/table:Table":                                          {Create: 30 * time.Second, Update: 30 * time.Second, Delete: 30 * time.Second, Source: srcDDB},
	"aws:dynamodb/tableReplica:TableReplica":                            {Create: 10 * time.Minute, Update: time.Minute, Delete: 10 * time.Minute, Source: srcDDB},
	"aws:lambda/function:Function":                                      {Create: 10 * time.Second, Update: 10 * time.Second, Delete: 5 * time.Second, Source: srcFn},
	"aws:lambda/invocation:Invocation":                                  {Create: time.Minute, Update: 30 * time.Second, Delete: time.Second, Source: srcInvoke},
	"aws:serverlessrepository/cloudFormationStack:CloudFormationStack":  {Create: 3 * time.Minute, Update: 2 * time.Minute, Delete: 2 * time.Minute, Source: srcSAR},
	"aws:secretsmanager/secretRotation:SecretRotation":                  {Create: 30 * time.Second, Update: 10 * time.Second, Delete: 5 * time.Second, Source: srcRotate},
	"aws:lambda/eventSourceMapping:EventSourceMapping":                  {Create: time.Minute, Update: 30 * time.Second, Delete: 30 * time.Second, Source: srcESM},
	"aws:wafv2/webAclAssociation:WebAclAssociation":                     {Create: 30 * time.Second, Delete: 10 * time.Second, Source: srcWAF},
	"aws:iam/role:Role":                                                 {Create: 10 * time.Second, Update: 5 * time.Second, Delete: 5 * time.Second, Source: srcIAM},
	// The selection names the backup role, which the provider retries on
	// until IAM has propagated it (terraform-provider-aws backup selection).
	"aws:backup/selection:Selection":          {Create: 10 * time.Second, Update: 10 * time.Second, Delete: 3 * time.Second, Source: srcIAM},
	"aws:iam/instanceProfile:InstanceProfile": {Create: 10 * time.Second, Update: 5 * time.Second, Delete: 5 * time.Second, Source: srcIAM},
}

// defaultTiming is what a type not in the table is assumed to take.
var defaultTiming = Timing{Create: 5 * time.Second, Update: 5 * time.Second, Delete: 5 * time.Second, Source: srcDefault}

// apiTiming is the table's entry for types known to be a single call.
var apiTiming = Timing{Create: 3 * time.Second, Update: 3 * time.Second, Delete: 3 * time.Second, Source: srcAPI}

func init() {
	for _, t := range []string{
		"aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/routeTable:RouteTable", "aws:ec2/route:Route",
		"aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:ec2/internetGateway:InternetGateway",
		"aws:ec2/securityGroup:SecurityGroup", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
		"aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", "aws:ec2/eip:Eip", "aws:ec2/eipAssociation:EipAssociation",
		"aws:ec2/vpcEndpoint:VpcEndpoint", "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation",
		"aws:ec2/flowLog:FlowLog", "aws:ec2/launchTemplate:LaunchTemplate", "aws:ebs/volume:Volume",
		"aws:ec2/volumeAttachment:VolumeAttachment", "aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
		"aws:s3/bucketV2:BucketV2", "aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
		"aws:s3/bucketOwnershipControls:BucketOwnershipControls", "aws:s3/bucketVersioningV2:BucketVersioningV2",
		"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
		"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
		"aws:cloudfront/originAccessControl:OriginAccessControl", "aws:acm/certificate:Certificate",
		"aws:lb/targetGroup:TargetGroup", "aws:lb/listener:Listener", "aws:autoscaling/policy:Policy",
		"aws:rds/subnetGroup:SubnetGroup", "aws:rds/parameterGroup:ParameterGroup", "aws:rds/clusterParameterGroup:ClusterParameterGroup",
		"aws:s3/bucketReplicationConfig:BucketReplicationConfig",
		"aws:elasticache/subnetGroup:SubnetGroup", "aws:elasticache/parameterGroup:ParameterGroup", "aws:elasticache/user:User",
		"aws:secretsmanager/secret:Secret", "aws:secretsmanager/secretVersion:SecretVersion", "aws:kms/key:Key",
		"aws:ssm/parameter:Parameter", "aws:sns/topic:Topic", "aws:sns/topicPolicy:TopicPolicy",
		"aws:sns/topicSubscription:TopicSubscription", "aws:sqs/queue:Queue", "aws:sqs/queuePolicy:QueuePolicy",
		"aws:sqs/redriveAllowPolicy:RedriveAllowPolicy", "aws:lambda/functionUrl:FunctionUrl", "aws:lambda/permission:Permission",
		"aws:cloudwatch/logGroup:LogGroup", "aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/dashboard:Dashboard",
		"aws:cloudwatch/eventRule:EventRule", "aws:cloudwatch/eventTarget:EventTarget",
		"aws:cloudtrail/trail:Trail", "aws:wafv2/webAcl:WebAcl", "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
		"aws:xray/samplingRule:SamplingRule", "aws:budgets/budget:Budget", "aws:dlm/lifecyclePolicy:LifecyclePolicy",
		"aws:s3/bucketLoggingV2:BucketLoggingV2", "aws:backup/vault:Vault", "aws:backup/plan:Plan",
		"aws:backup/vaultLockConfiguration:VaultLockConfiguration",
		"aws:appautoscaling/target:Target", "aws:appautoscaling/policy:Policy",
	} {
		if _, ok := timings[t]; !ok {
			timings[t] = apiTiming
		}
	}
}

// timingOf returns the table's entry for a type, or the default.
func timingOf(typ string) (Timing, bool) {
	t, ok := timings[typ]
	if !ok {
		return defaultTiming, false
	}
	return t, true
}
