package check

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/millionstack/millionstack/internal/lambdaruntime"
	"github.com/millionstack/millionstack/millionstacktest"
)

// Resource types the rules evaluate.
const (
	tVPC            = "aws:ec2/vpc:Vpc"
	tSubnet         = "aws:ec2/subnet:Subnet"
	tDefaultSG      = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	tSG             = "aws:ec2/securityGroup:SecurityGroup"
	tSGRule         = "aws:ec2/securityGroupRule:SecurityGroupRule"
	tIngress        = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	tNACL           = "aws:ec2/networkAcl:NetworkAcl"
	tFlowLog        = "aws:ec2/flowLog:FlowLog"
	tInstance       = "aws:ec2/instance:Instance"
	tLaunchTemplate = "aws:ec2/launchTemplate:LaunchTemplate"
	tVolume         = "aws:ebs/volume:Volume"
	tEIPAssoc       = "aws:ec2/eipAssociation:EipAssociation"
	tLB             = "aws:lb/loadBalancer:LoadBalancer"
	tListener       = "aws:lb/listener:Listener"
	tASG            = "aws:autoscaling/group:Group"
	tRDS            = "aws:rds/instance:Instance"
	tCluster        = "aws:rds/cluster:Cluster"
	tClusterInst    = "aws:rds/clusterInstance:ClusterInstance"
	tTableReplica   = "aws:dynamodb/tableReplica:TableReplica"
	tReplGroup      = "aws:elasticache/replicationGroup:ReplicationGroup"
	tBucket         = "aws:s3/bucketV2:BucketV2"
	tBucketLegacy   = "aws:s3/bucket:Bucket"
	tBucketPolicy   = "aws:s3/bucketPolicy:BucketPolicy"
	tPublicBlock    = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	tOwnership      = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	tLifecycle      = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	tVersioning     = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	tBucketLogging  = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	tInvocation     = "aws:lambda/invocation:Invocation"
	tDistribution   = "aws:cloudfront/distribution:Distribution"
	tFunction       = "aws:lambda/function:Function"
	tPermission     = "aws:lambda/permission:Permission"
	tFunctionURL    = "aws:lambda/functionUrl:FunctionUrl"
	tQueue          = "aws:sqs/queue:Queue"
	tTopic          = "aws:sns/topic:Topic"
	tTopicPolicy    = "aws:sns/topicPolicy:TopicPolicy"
	tTable          = "aws:dynamodb/table:Table"
	tScalingTarget  = "aws:appautoscaling/target:Target"
	tKey            = "aws:kms/key:Key"
	tRolePolicy     = "aws:iam/rolePolicy:RolePolicy"
	tPolicy         = "aws:iam/policy:Policy"
	tLogGroup       = "aws:cloudwatch/logGroup:LogGroup"
	tTrail          = "aws:cloudtrail/trail:Trail"
	tWebACL         = "aws:wafv2/webAcl:WebAcl"
	tWAFLogging     = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
	tSecret         = "aws:secretsmanager/secret:Secret"
	tRotation       = "aws:secretsmanager/secretRotation:SecretRotation"
	tZone           = "aws:route53/zone:Zone"
	tQueryLog       = "aws:route53/queryLog:QueryLog"
	tCertificate    = "aws:acm/certificate:Certificate"
	tBackupSelect   = "aws:backup/selection:Selection"
	tECSService     = "aws:ecs/service:Service"
	tECSCluster     = "aws:ecs/cluster:Cluster"
	tTaskDefinition = "aws:ecs/taskDefinition:TaskDefinition"
	tVault          = "aws:backup/vault:Vault"
)

// MinLogRetentionDays is the parameter millionstack gives CloudWatch.16:
// every log group must have a retention, of any length. (Security Hub's
// default parameter is 365 days; millionstack picks each log's retention
// for what it holds, from 30 days of slow-query logs to a year of flow logs
// and audit trails.)
const MinLogRetentionDays = 1

// MaxRotationDays is the parameter of SecretsManager.4 (Security Hub's default).
const MaxRotationDays = 90

// MinBackupRetentionDays is the parameter of RDS.11 (Security Hub's default).
const MinBackupRetentionDays = 7

// Rules returns every control millionstack checks, ordered by service and
// number. Titles and severities are the Security Hub controls reference's
// (docs.aws.amazon.com/securityhub/latest/userguide/<service>-controls.html).
func Rules() []Rule {
	out := append([]Rule(nil), rules...)
	sort.SliceStable(out, func(i, j int) bool { return controlLess(out[i].ID, out[j].ID) })
	return out
}

var rules = []Rule{
	// ---- ACM
	{ID: "ACM.2", Title: "RSA certificates managed by ACM should use a key length of at least 2,048 bits", Service: "ACM", Severity: High,
		Types: []string{tCertificate}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			alg := r.String("keyAlgorithm")
			if alg == "RSA_1024" {
				return false, "keyAlgorithm RSA_1024"
			}
			return true, "keyAlgorithm " + orDefault(alg, "RSA_2048 (default)")
		}},

	// ---- Auto Scaling
	{ID: "AutoScaling.1", Title: "Auto Scaling groups associated with a load balancer should use ELB health checks", Service: "AutoScaling", Severity: Low,
		Types: []string{tASG}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if len(list(r, "targetGroupArns")) == 0 && len(list(r, "loadBalancers")) == 0 {
				return true, "not behind a load balancer"
			}
			if r.String("healthCheckType") != "ELB" {
				return false, "behind a load balancer but healthCheckType is " + orDefault(r.String("healthCheckType"), "EC2 (default)")
			}
			return true, "healthCheckType ELB"
		}},
	{ID: "AutoScaling.2", Title: "Amazon EC2 Auto Scaling group should cover multiple Availability Zones", Service: "AutoScaling", Severity: Medium,
		Types: []string{tASG}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			azs := s.zonesOf(r, "vpcZoneIdentifiers")
			if len(azs) < 2 && len(list(r, "availabilityZones")) < 2 {
				return false, fmt.Sprintf("instances in %d Availability Zone(s)", max(len(azs), len(list(r, "availabilityZones"))))
			}
			return true, fmt.Sprintf("%d Availability Zones", max(len(azs), len(list(r, "availabilityZones"))))
		}},
	{ID: "AutoScaling.6", Title: "Auto Scaling groups should use multiple instance types in multiple Availability Zones", Service: "AutoScaling", Severity: Medium,
		Types: []string{tASG}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			types := len(list(r, "mixedInstancesPolicy.launchTemplate.overrides"))
			if types < 2 {
				return false, "one instance type: no mixedInstancesPolicy with two or more overrides"
			}
			return true, fmt.Sprintf("%d instance types", types)
		}},
	{ID: "AutoScaling.9", Title: "Amazon EC2 Auto Scaling groups should use Amazon EC2 launch templates", Service: "AutoScaling", Severity: Medium,
		Types: []string{tASG}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if isSet(r, "launchTemplate.id") || isSet(r, "launchTemplate.name") || isSet(r, "mixedInstancesPolicy.launchTemplate.launchTemplateSpecification.launchTemplateId") {
				return true, "launch template"
			}
			return false, "no launch template (a launch configuration or none)"
		}},

	// ---- AWS Backup
	{ID: "Backup.1", Title: "AWS Backup recovery points should be encrypted at rest", Service: "Backup", Severity: Medium,
		// Judged from the vault the recovery points are kept in: the copies of
		// what AWS Backup fully manages (DynamoDB, EFS) are encrypted with the
		// vault's key (AWS Backup developer guide, "Encryption for backups in
		// AWS Backup"). Without kmsKeyArn that is an AWS managed key;
		// millionstack asks for a key of the stack's own, which it can rotate,
		// audit and grant (stricter than the control).
		Types: []string{tVault}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isSet(r, "kmsKeyArn") {
				return false, "no kmsKeyArn: recovery points take the AWS managed key aws/backup"
			}
			return true, "encrypted with the stack's key"
		}},

	// ---- CloudFront
	{ID: "CloudFront.1", Title: "CloudFront distributions should have a default root object configured", Service: "CloudFront", Severity: High,
		Types: []string{tDistribution}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !hasS3Origin(r) {
				return true, "no S3 origin"
			}
			if !isSet(r, "defaultRootObject") {
				return false, "S3 origin without a defaultRootObject: the bare URL is answered by the bucket"
			}
			return true, "defaultRootObject " + r.String("defaultRootObject")
		}},
	{ID: "CloudFront.3", Title: "CloudFront distributions should require encryption in transit", Service: "CloudFront", Severity: Medium,
		Types: []string{tDistribution}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			behaviors := append([]map[string]interface{}{}, maps(r, "orderedCacheBehaviors")...)
			if m, ok := valueMap(r, "defaultCacheBehavior"); ok {
				behaviors = append(behaviors, m)
			}
			for _, b := range behaviors {
				if p := str(b, "viewerProtocolPolicy"); p == "allow-all" || p == "" {
					return false, "a cache behavior allows plain HTTP (viewerProtocolPolicy " + orDefault(p, "unset") + ")"
				}
			}
			return true, "viewers redirected to or required to use HTTPS"
		}},
	{ID: "CloudFront.5", Title: "CloudFront distributions should have logging enabled", Service: "CloudFront", Severity: Medium,
		Types: []string{tDistribution}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isSet(r, "loggingConfig.bucket") {
				return false, "no standard logging (loggingConfig.bucket unset)"
			}
			return true, "logs to " + r.String("loggingConfig.bucket")
		}},
	{ID: "CloudFront.6", Title: "CloudFront distributions should have WAF enabled", Service: "CloudFront", Severity: Medium,
		From: "500k", Why: "the edge web ACL (about $5 a month plus $1 a rule) comes with the audience that attracts bots and attacks",
		Types: []string{tDistribution}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isSet(r, "webAclId") {
				return false, "no web ACL (webAclId unset)"
			}
			return true, "web ACL attached"
		}},
	{ID: "CloudFront.9", Title: "CloudFront distributions should encrypt traffic to custom origins", Service: "CloudFront", Severity: Medium,
		Types: []string{tDistribution}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			for _, o := range maps(r, "origins") {
				if get(o, "customOriginConfig") == nil {
					continue
				}
				if p := str(o, "customOriginConfig.originProtocolPolicy"); p != "https-only" {
					return false, fmt.Sprintf("custom origin %s: originProtocolPolicy %s", str(o, "originId"), orDefault(p, "unset"))
				}
			}
			return true, "custom origins over HTTPS only (or none)"
		}},
	{ID: "CloudFront.10", Title: "CloudFront distributions should not use deprecated SSL protocols between edge locations and custom origins", Service: "CloudFront", Severity: Medium,
		Types: []string{tDistribution}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			for _, o := range maps(r, "origins") {
				for _, p := range asList(get(o, "customOriginConfig.originSslProtocols")) {
					if p == "SSLv3" {
						return false, fmt.Sprintf("custom origin %s allows SSLv3", str(o, "originId"))
					}
				}
			}
			return true, "no SSLv3 to custom origins"
		}},
	{ID: "CloudFront.13", Title: "CloudFront distributions should use origin access control", Service: "CloudFront", Severity: Medium,
		Types: []string{tDistribution}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			for _, o := range maps(r, "origins") {
				if isS3Origin(o) && str(o, "originAccessControlId") == "" {
					return false, fmt.Sprintf("S3 origin %s without origin access control", str(o, "originId"))
				}
			}
			return true, "S3 origins read through origin access control (or none)"
		}},

	// ---- CloudTrail
	{ID: "CloudTrail.1", Title: "CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events", Service: "CloudTrail", Severity: High,
		CIS: "CIS v3.0.0 3.1", From: "500k", Why: "the audit trail comes with the team that needs one; below 500k the account's own trail, if any, is the user's",
		Account: func(s *Scope) (bool, string) {
			for _, t := range s.ByType(tTrail) {
				if isTrue(t, "isMultiRegionTrail") && t.String("enableLogging") != "false" && managementEvents(t) {
					return true, "trail " + t.Name + " is multi-Region and records management events"
				}
			}
			return false, "no multi-Region trail recording read and write management events"
		}},
	{ID: "CloudTrail.2", Title: "CloudTrail should have encryption at-rest enabled", Service: "CloudTrail", Severity: Medium, CIS: "CIS v3.0.0 3.5",
		Types: []string{tTrail}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isSet(r, "kmsKeyId") {
				return false, "log files not encrypted with a KMS key (kmsKeyId unset)"
			}
			return true, "SSE-KMS"
		}},
	{ID: "CloudTrail.4", Title: "CloudTrail log file validation should be enabled", Service: "CloudTrail", Severity: Low, CIS: "CIS v3.0.0 3.2",
		Types: []string{tTrail}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isTrue(r, "enableLogFileValidation") {
				return false, "enableLogFileValidation is not true"
			}
			return true, "log file validation"
		}},
	{ID: "CloudTrail.5", Title: "CloudTrail trails should be integrated with Amazon CloudWatch Logs", Service: "CloudTrail", Severity: Low,
		Types: []string{tTrail}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isSet(r, "cloudWatchLogsGroupArn") {
				return false, "no CloudWatch Logs group (cloudWatchLogsGroupArn unset)"
			}
			return true, "delivers to CloudWatch Logs"
		}},

	// ---- CloudWatch Logs
	{ID: "CloudWatch.16", Title: "CloudWatch log groups should be retained for a specified time period", Service: "CloudWatch", Severity: Medium,
		Types: []string{tLogGroup, tRDS, tCluster, tFunction}, Eval: logRetention},

	// ---- DynamoDB
	{ID: "DynamoDB.1", Title: "DynamoDB tables should automatically scale capacity with demand", Service: "DynamoDB", Severity: Medium,
		Types: []string{tTable}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			if r.String("billingMode") == "PAY_PER_REQUEST" {
				return true, "on-demand capacity"
			}
			if len(s.Attached(r, tScalingTarget)) > 0 {
				return true, "provisioned capacity with auto scaling"
			}
			return false, "provisioned capacity without auto scaling"
		}},
	// A table's replica in another region (dynamodb.TableReplica) is a
	// table there, which Security Hub judges as one: its own PITR and
	// deletion protection settings, and its own backup plan.
	{ID: "DynamoDB.2", Title: "DynamoDB tables should have point-in-time recovery enabled", Service: "DynamoDB", Severity: Medium,
		Types: []string{tTable, tTableReplica}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			path := "pointInTimeRecovery.enabled"
			if r.Type == tTableReplica {
				path = "pointInTimeRecovery"
			}
			if !isTrue(r, path) {
				return false, path + " is not true"
			}
			return true, "point-in-time recovery"
		}},
	{ID: "DynamoDB.4", Title: "DynamoDB tables should be present in a backup plan", Service: "DynamoDB", Severity: Medium,
		Types: []string{tTable, tTableReplica}, Eval: backupPlan},
	{ID: "DynamoDB.6", Title: "DynamoDB tables should have deletion protection enabled", Service: "DynamoDB", Severity: Medium,
		Types: []string{tTable, tTableReplica}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isTrue(r, "deletionProtectionEnabled") {
				return false, "deletionProtectionEnabled is not true"
			}
			return true, "deletion protection"
		}},

	// ---- EC2 and VPC
	{ID: "EC2.2", Title: "VPC default security groups should not allow inbound or outbound traffic", Service: "EC2", Severity: High, CIS: "CIS v3.0.0 5.4",
		Types: []string{tVPC}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			groups := s.Attached(r, tDefaultSG, "vpcId")
			if len(groups) == 0 {
				return false, "default security group left as AWS creates it (all traffic between members, all egress)"
			}
			for _, g := range groups {
				if len(list(g, "ingress")) > 0 || len(list(g, "egress")) > 0 {
					return false, "default security group " + g.Name + " has rules"
				}
			}
			return true, "default security group managed with no rules"
		}},
	{ID: "EC2.3", Title: "Attached Amazon EBS volumes should be encrypted at-rest", Service: "EC2", Severity: Medium,
		Types: []string{tVolume, tInstance, tLaunchTemplate}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			switch r.Type {
			case tVolume:
				if !isTrue(r, "encrypted") {
					return false, "volume not encrypted"
				}
			case tInstance:
				if !isTrue(r, "rootBlockDevice.encrypted") {
					return false, "root volume not encrypted"
				}
				for _, d := range maps(r, "ebsBlockDevices") {
					if str(d, "encrypted") != "true" {
						return false, "block device " + str(d, "deviceName") + " not encrypted"
					}
				}
			case tLaunchTemplate:
				for _, d := range maps(r, "blockDeviceMappings") {
					if str(d, "ebs.encrypted") != "true" {
						return false, "block device " + str(d, "deviceName") + " not encrypted"
					}
				}
			}
			return true, "encrypted"
		}},
	{ID: "EC2.6", Title: "VPC flow logging should be enabled in all VPCs", Service: "EC2", Severity: Medium, CIS: "CIS v3.0.0 3.7",
		Types: []string{tVPC}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			if len(s.Attached(r, tFlowLog, "vpcId")) == 0 {
				return false, "no flow log"
			}
			return true, "flow log"
		}},
	{ID: "EC2.8", Title: "EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)", Service: "EC2", Severity: High, CIS: "CIS v3.0.0 5.6",
		Types: []string{tInstance}, Eval: imdsv2},
	{ID: "EC2.9", Title: "Amazon EC2 instances should not have a public IPv4 address", Service: "EC2", Severity: High,
		From: "1k", Why: "the single host of stages 1 to 100 is reached on its Elastic IP by design; from 1k instances sit in private subnets behind a load balancer",
		Types: []string{tInstance}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			if isTrue(r, "associatePublicIpAddress") {
				return false, "associatePublicIpAddress is true"
			}
			if len(s.Attached(r, tEIPAssoc, "instanceId")) > 0 {
				return false, "an Elastic IP is associated"
			}
			return true, "no public address"
		}},
	{ID: "EC2.13", Title: "Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 22", Service: "EC2", Severity: High,
		Types: ingressTypes, Eval: openPort(22)},
	{ID: "EC2.14", Title: "Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 3389", Service: "EC2", Severity: High,
		Types: ingressTypes, Eval: openPort(3389)},
	{ID: "EC2.15", Title: "Amazon EC2 subnets should not automatically assign public IP addresses", Service: "EC2", Severity: Medium,
		Types: []string{tSubnet}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if isTrue(r, "mapPublicIpOnLaunch") {
				return false, "mapPublicIpOnLaunch is true"
			}
			return true, "no public IP on launch"
		}},
	{ID: "EC2.18", Title: "Security groups should only allow unrestricted incoming traffic for authorized ports", Service: "EC2", Severity: High,
		Types: ingressTypes, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			for _, rule := range ingressRules(r) {
				authorized := rule.protocol != "-1" && rule.from == rule.to && (rule.from == 80 || rule.from == 443)
				if rule.open() && !authorized {
					return false, fmt.Sprintf("open to the internet on %s (authorized: 80, 443)", rule)
				}
			}
			return true, "open only on 80/443, or not open"
		}},
	{ID: "EC2.19", Title: "Security groups should not allow unrestricted access to ports with high risk", Service: "EC2", Severity: Critical,
		Types: ingressTypes, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			for _, rule := range ingressRules(r) {
				for _, p := range highRiskPorts {
					if rule.open() && rule.covers(p) {
						return false, fmt.Sprintf("port %d open to the internet", p)
					}
				}
			}
			return true, "no high-risk port open"
		}},
	// Security Hub's EC2.21 "doesn't generate findings for a default network
	// ACL" (Security Hub user guide, Amazon EC2 controls, EC2.21): only
	// network ACLs of one's own are in scope. components/network keeps its
	// deny rules on the default ACL as defence in depth, and lets a NAT
	// gateway's replies on port 3389 through (components/network/nacl.go).
	{ID: "EC2.21", Title: "Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389", Service: "EC2", Severity: Medium, CIS: "CIS v3.0.0 5.1",
		Types: []string{tNACL}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			for _, port := range []int{22, 3389} {
				if first := firstNACLMatch(maps(r, "ingress"), port); first != nil && str(first, "action") == "allow" {
					return false, fmt.Sprintf("rule %s allows port %d from anywhere", str(first, "ruleNo"), port)
				}
			}
			return true, "22 and 3389 denied from anywhere before any allow"
		}},
	{ID: "EC2.25", Title: "Amazon EC2 launch templates should not assign public IPs to network interfaces", Service: "EC2", Severity: High,
		Types: []string{tLaunchTemplate}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			for _, n := range maps(r, "networkInterfaces") {
				if str(n, "associatePublicIpAddress") == "true" {
					return false, "a network interface gets a public IP"
				}
			}
			return true, "no public IP"
		}},
	{ID: "EC2.28", Title: "EBS volumes should be covered by a backup plan", Service: "EC2", Severity: Low,
		Types: []string{tVolume}, Eval: backupPlan},
	{ID: "EC2.170", Title: "EC2 launch templates should use Instance Metadata Service Version 2 (IMDSv2)", Service: "EC2", Severity: Low,
		Types: []string{tLaunchTemplate}, Eval: imdsv2},

	// ---- ECS (10m: the app tier on Fargate)
	{ID: "ECS.2", Title: "ECS services should not have public IP addresses assigned to them automatically", Service: "ECS", Severity: High,
		Types: []string{tECSService}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if isTrue(r, "networkConfiguration.assignPublicIp") {
				return false, "networkConfiguration.assignPublicIp is true"
			}
			return true, "no public IP"
		}},
	{ID: "ECS.4", Title: "ECS containers should run as non-privileged", Service: "ECS", Severity: High,
		Types: []string{tTaskDefinition}, Eval: eachContainer(func(c map[string]interface{}) (bool, string) {
			if c["privileged"] == true {
				return false, "privileged is true"
			}
			return true, "not privileged"
		})},
	{ID: "ECS.5", Title: "ECS task definitions should configure containers to be limited to read-only access to root filesystems", Service: "ECS", Severity: High,
		Types: []string{tTaskDefinition}, Eval: eachContainer(func(c map[string]interface{}) (bool, string) {
			if c["readonlyRootFilesystem"] != true {
				return false, "readonlyRootFilesystem is not true"
			}
			return true, "read-only root file system"
		})},
	{ID: "ECS.8", Title: "Secrets should not be passed as container environment variables", Service: "ECS", Severity: High,
		Types: []string{tTaskDefinition}, Eval: eachContainer(func(c map[string]interface{}) (bool, string) {
			env, _ := c["environment"].([]interface{})
			for _, e := range env {
				name, _ := e.(map[string]interface{})["name"].(string)
				// The control's parameters: the variables its AWS Config
				// rule (ecs-no-environment-secrets) looks for.
				if name == "AWS_ACCESS_KEY_ID" || name == "AWS_SECRET_ACCESS_KEY" || name == "ECS_ENGINE_AUTH_DATA" {
					return false, "environment variable " + name
				}
			}
			return true, "no credential in the environment"
		})},
	{ID: "ECS.9", Title: "ECS task definitions should have a logging configuration", Service: "ECS", Severity: High,
		Types: []string{tTaskDefinition}, Eval: eachContainer(func(c map[string]interface{}) (bool, string) {
			logs, _ := c["logConfiguration"].(map[string]interface{})
			if driver, _ := logs["logDriver"].(string); driver != "" {
				return true, "logs to " + driver
			}
			return false, "no logConfiguration.logDriver"
		})},
	{ID: "ECS.20", Title: "ECS task definitions should configure non-root users in Linux container definitions", Service: "ECS", Severity: Medium,
		// The control's AWS Config rule (ecs-task-definition-linux-user-non-root)
		// fails a container whose user is absent or root.
		Types: []string{tTaskDefinition}, Eval: eachContainer(func(c map[string]interface{}) (bool, string) {
			user, _ := c["user"].(string)
			name, _, _ := strings.Cut(user, ":")
			if name == "" || name == "root" || name == "0" {
				return false, "runs as " + orDefault(user, "the image's user (root unless the image says otherwise)")
			}
			return true, "runs as " + user
		})},
	{ID: "ECS.10", Title: "ECS Fargate services should run on the latest Fargate platform version", Service: "ECS", Severity: Medium,
		Types: []string{tECSService}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if v := r.String("platformVersion"); v != "" && v != "LATEST" {
				return false, "platformVersion " + v
			}
			return true, "LATEST"
		}},
	{ID: "ECS.12", Title: "ECS clusters should use Container Insights", Service: "ECS", Severity: Medium,
		Types: []string{tECSCluster}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			settings, _ := r.Input("settings")
			list, _ := settings.([]interface{})
			for _, item := range list {
				setting, _ := item.(map[string]interface{})
				if setting["name"] == "containerInsights" && (setting["value"] == "enabled" || setting["value"] == "enhanced") {
					return true, fmt.Sprintf("containerInsights %v", setting["value"])
				}
			}
			return false, "containerInsights is not enabled"
		}},

	// ---- ElastiCache
	{ID: "ElastiCache.1", Title: "ElastiCache (Redis OSS) clusters should have automatic backups enabled", Service: "ElastiCache", Severity: High,
		Types: []string{tReplGroup}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if number(r, "snapshotRetentionLimit") < 1 {
				return false, "snapshotRetentionLimit is 0: no automatic backups"
			}
			return true, fmt.Sprintf("backups kept %s days", r.String("snapshotRetentionLimit"))
		}},
	{ID: "ElastiCache.2", Title: "ElastiCache clusters should have automatic minor version upgrades enabled", Service: "ElastiCache", Severity: High,
		Types: []string{tReplGroup}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if r.String("autoMinorVersionUpgrade") == "false" {
				return false, "autoMinorVersionUpgrade is false"
			}
			return true, "automatic minor upgrades"
		}},
	{ID: "ElastiCache.3", Title: "ElastiCache replication groups should have automatic failover enabled", Service: "ElastiCache", Severity: Medium,
		Types: []string{tReplGroup}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isTrue(r, "automaticFailoverEnabled") {
				return false, "automaticFailoverEnabled is not true"
			}
			return true, "automatic failover"
		}},
	{ID: "ElastiCache.4", Title: "ElastiCache replication groups should be encrypted at rest", Service: "ElastiCache", Severity: Medium,
		Types: []string{tReplGroup}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isTrue(r, "atRestEncryptionEnabled") {
				return false, "atRestEncryptionEnabled is not true"
			}
			return true, "encrypted at rest"
		}},
	{ID: "ElastiCache.5", Title: "ElastiCache replication groups should be encrypted in transit", Service: "ElastiCache", Severity: Medium,
		Types: []string{tReplGroup}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isTrue(r, "transitEncryptionEnabled") {
				return false, "transitEncryptionEnabled is not true"
			}
			return true, "TLS " + orDefault(r.String("transitEncryptionMode"), "required")
		}},
	{ID: "ElastiCache.6", Title: "ElastiCache (Redis OSS) replication groups of earlier versions should have Redis OSS AUTH enabled", Service: "ElastiCache", Severity: Medium,
		Types: []string{tReplGroup}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			version := number(r, "engineVersion")
			if version >= 6 || r.String("engine") == "valkey" {
				return true, "version 6 or later: access through RBAC users"
			}
			if !isSet(r, "authToken") {
				return false, fmt.Sprintf("engine version %s without an AUTH token", orDefault(r.String("engineVersion"), "unset"))
			}
			return true, "AUTH token"
		}},
	{ID: "ElastiCache.7", Title: "ElastiCache clusters should not use the default subnet group", Service: "ElastiCache", Severity: High,
		Types: []string{tReplGroup}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if g := r.String("subnetGroupName"); g == "" || g == "default" {
				return false, "default subnet group"
			}
			return true, "subnet group " + r.String("subnetGroupName")
		}},

	// ---- Elastic Load Balancing
	{ID: "ELB.1", Title: "Application Load Balancer should be configured to redirect all HTTP requests to HTTPS", Service: "ELB", Severity: Medium,
		Types: []string{tLB}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			if !isALB(r) {
				return true, "not an Application Load Balancer"
			}
			for _, l := range s.Attached(r, tListener, "loadBalancerArn") {
				if l.String("protocol") != "HTTP" {
					continue
				}
				redirects := false
				for _, a := range maps(l, "defaultActions") {
					if str(a, "type") == "redirect" && str(a, "redirect.protocol") == "HTTPS" {
						redirects = true
					}
				}
				if !redirects {
					return false, fmt.Sprintf("listener %s serves plain HTTP and does not redirect to HTTPS", l.Name)
				}
			}
			return true, "HTTP redirected to HTTPS"
		}},
	{ID: "ELB.4", Title: "Application Load Balancer should be configured to drop invalid http headers", Service: "ELB", Severity: Medium,
		Types: []string{tLB}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if isALB(r) && !isTrue(r, "dropInvalidHeaderFields") {
				return false, "dropInvalidHeaderFields is not true"
			}
			return true, "invalid headers dropped"
		}},
	{ID: "ELB.5", Title: "Application and Classic Load Balancers logging should be enabled", Service: "ELB", Severity: Medium,
		Types: []string{tLB}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isTrue(r, "accessLogs.enabled") {
				return false, "access logs not enabled"
			}
			return true, "access logs to " + r.String("accessLogs.bucket")
		}},
	{ID: "ELB.6", Title: "Application, Gateway, and Network Load Balancers should have deletion protection enabled", Service: "ELB", Severity: Medium,
		Types: []string{tLB}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isTrue(r, "enableDeletionProtection") {
				return false, "enableDeletionProtection is not true"
			}
			return true, "deletion protection"
		}},
	{ID: "ELB.12", Title: "Application Load Balancer should be configured with defensive or strictest desync mitigation mode", Service: "ELB", Severity: High,
		Types: []string{tLB}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			mode := orDefault(r.String("desyncMitigationMode"), "defensive")
			if isALB(r) && mode != "defensive" && mode != "strictest" {
				return false, "desyncMitigationMode " + mode
			}
			return true, "desync mitigation " + mode
		}},
	{ID: "ELB.13", Title: "Application, Network and Gateway Load Balancers should span multiple Availability Zones", Service: "ELB", Severity: Medium,
		Types: []string{tLB}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			azs := len(s.zonesOf(r, "subnets"))
			if azs == 0 {
				azs = len(list(r, "subnets")) // zones unknown: count subnets
			}
			if azs < 2 {
				return false, fmt.Sprintf("%d Availability Zone(s)", azs)
			}
			return true, fmt.Sprintf("%d Availability Zones", azs)
		}},

	// ---- IAM
	{ID: "IAM.1", Title: `IAM policies should not allow full "*" administrative privileges`, Service: "IAM", Severity: High,
		Types: []string{tRolePolicy, tPolicy}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			sts, err := statements(r, "policy")
			if err != nil {
				return false, "policy is not valid JSON: " + err.Error()
			}
			for _, st := range sts {
				if st.Effect == "Allow" && contains(st.values(st.Action), "*") && contains(st.values(st.Resource), "*") {
					return false, `allows "*" on "*"`
				}
			}
			return true, "no full administrative privileges"
		}},
	{ID: "IAM.21", Title: "IAM customer managed policies that you create should not allow wildcard actions for services", Service: "IAM", Severity: Low,
		Types: []string{tRolePolicy, tPolicy}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			sts, err := statements(r, "policy")
			if err != nil {
				return false, "policy is not valid JSON: " + err.Error()
			}
			for _, st := range sts {
				if st.Effect != "Allow" {
					continue
				}
				for _, a := range st.values(st.Action) {
					if a == "*" || strings.HasSuffix(a, ":*") {
						return false, "allows " + a
					}
				}
			}
			return true, "actions named one by one"
		}},

	// ---- KMS
	{ID: "KMS.4", Title: "AWS KMS key rotation should be enabled", Service: "KMS", Severity: Medium, CIS: "CIS v3.0.0 3.6",
		Types: []string{tKey}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if spec := r.String("customerMasterKeySpec"); spec != "" && spec != "SYMMETRIC_DEFAULT" {
				return true, "asymmetric key: AWS does not rotate it"
			}
			if !isTrue(r, "enableKeyRotation") {
				return false, "enableKeyRotation is not true"
			}
			return true, "yearly rotation"
		}},
	{ID: "KMS.5", Title: "KMS keys should not be publicly accessible", Service: "KMS", Severity: Critical,
		Types: []string{tKey}, Eval: publicPolicy("policy")},

	// ---- Lambda
	{ID: "Lambda.1", Title: "Lambda function policies should prohibit public access", Service: "Lambda", Severity: Critical,
		Types: []string{tFunction}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			for _, p := range s.Attached(r, tPermission, "function") {
				if p.String("principal") == "*" && !isSet(p, "sourceArn") && !isSet(p, "sourceAccount") && !isSet(p, "principalOrgId") {
					return false, "permission " + p.Name + " lets anyone invoke it"
				}
			}
			for _, u := range s.Attached(r, tFunctionURL, "functionName") {
				if u.String("authorizationType") == "NONE" {
					return false, "function URL " + u.Name + " takes unauthenticated calls"
				}
			}
			return true, "invoked only by named principals"
		}},
	{ID: "Lambda.2", Title: "Lambda functions should use supported runtimes", Service: "Lambda", Severity: Medium,
		Types: []string{tFunction}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			rt := r.String("runtime")
			if rt == "" || lambdaruntime.IsSupported(rt) {
				return true, "runtime " + orDefault(rt, "from a container image")
			}
			return false, "runtime " + rt + " is deprecated or unknown"
		}},
	{ID: "Lambda.7", Title: "Lambda functions should have AWS X-Ray active tracing enabled", Service: "Lambda", Severity: Low,
		Types: []string{tFunction}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if r.String("tracingConfig.mode") != "Active" {
				return false, "tracingConfig.mode is " + orDefault(r.String("tracingConfig.mode"), "PassThrough (default)")
			}
			return true, "active tracing"
		}},

	// ---- RDS
	{ID: "RDS.2", Title: "RDS DB Instances should prohibit public access, as determined by the PubliclyAccessible AWS Configuration", Service: "RDS", Severity: Critical, CIS: "CIS v3.0.0 2.3.3",
		Types: []string{tRDS}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if isTrue(r, "publiclyAccessible") {
				return false, "publiclyAccessible is true"
			}
			return true, "private"
		}},
	{ID: "RDS.3", Title: "RDS DB instances should have encryption at-rest enabled", Service: "RDS", Severity: Medium, CIS: "CIS v3.0.0 2.3.1",
		Types: []string{tRDS}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			if isTrue(r, "storageEncrypted") {
				return true, "encrypted"
			}
			for _, src := range s.Sources(r, "replicateSourceDb", tRDS) {
				if isTrue(src, "storageEncrypted") {
					return true, "replica of encrypted " + src.Name
				}
			}
			return false, "storageEncrypted is not true"
		}},
	{ID: "RDS.5", Title: "RDS DB instances should be configured with multiple Availability Zones", Service: "RDS", Severity: Medium,
		From: "1k", Why: "a standby doubles the database bill; it comes when one server stops being acceptable (stages 10 and 100 run one of everything)",
		Types: []string{tRDS}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if isSet(r, "replicateSourceDb") {
				return true, "read replica: its source carries the standby"
			}
			if !isTrue(r, "multiAz") {
				return false, "single-AZ: no standby"
			}
			return true, "Multi-AZ"
		}},
	{ID: "RDS.6", Title: "Enhanced monitoring should be configured for RDS DB instances", Service: "RDS", Severity: Low,
		Types: []string{tRDS}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if number(r, "monitoringInterval") <= 0 {
				return false, "monitoringInterval is 0"
			}
			return true, "every " + r.String("monitoringInterval") + "s"
		}},
	{ID: "RDS.8", Title: "RDS DB instances should have deletion protection enabled", Service: "RDS", Severity: Low,
		Types: []string{tRDS}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isTrue(r, "deletionProtection") {
				return false, "deletionProtection is not true"
			}
			return true, "deletion protection"
		}},
	{ID: "RDS.9", Title: "RDS DB instances should publish logs to CloudWatch Logs", Service: "RDS", Severity: Medium,
		Types: []string{tRDS}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			want := requiredRDSLogs[rdsEngine(r, s)]
			got := asList(listValue(r, "enabledCloudwatchLogsExports"))
			for _, w := range want {
				if !contains(got, w) {
					return false, fmt.Sprintf("does not export the %s log (exports: %s)", w, orDefault(strings.Join(got, ", "), "none"))
				}
			}
			if len(got) == 0 {
				return false, "no log exports"
			}
			return true, "exports " + strings.Join(got, ", ")
		}},
	{ID: "RDS.10", Title: "IAM authentication should be configured for RDS instances", Service: "RDS", Severity: Medium,
		Types: []string{tRDS}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isTrue(r, "iamDatabaseAuthenticationEnabled") {
				return false, "iamDatabaseAuthenticationEnabled is not true"
			}
			return true, "IAM authentication"
		}},
	{ID: "RDS.11", Title: "RDS instances should have automatic backups enabled", Service: "RDS", Severity: Medium,
		Types: []string{tRDS}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			if isSet(r, "replicateSourceDb") && rdsEngine(r, s) == "postgres" {
				return true, "PostgreSQL read replica: RDS keeps no automated backups of replicas; the source's are judged"
			}
			if days := number(r, "backupRetentionPeriod"); days < MinBackupRetentionDays {
				return false, fmt.Sprintf("backupRetentionPeriod %g (minimum %d)", days, MinBackupRetentionDays)
			}
			return true, "backups kept " + r.String("backupRetentionPeriod") + " days"
		}},
	{ID: "RDS.13", Title: "RDS automatic minor version upgrades should be enabled", Service: "RDS", Severity: High, CIS: "CIS v3.0.0 2.3.2",
		Types: []string{tRDS}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if r.String("autoMinorVersionUpgrade") == "false" {
				return false, "autoMinorVersionUpgrade is false"
			}
			return true, "automatic minor upgrades"
		}},
	{ID: "RDS.17", Title: "RDS DB instances should be configured to copy tags to snapshots", Service: "RDS", Severity: Low,
		Types: []string{tRDS}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isTrue(r, "copyTagsToSnapshot") {
				return false, "copyTagsToSnapshot is not true"
			}
			return true, "tags copied to snapshots"
		}},
	{ID: "RDS.7", Title: "RDS clusters should have deletion protection enabled", Service: "RDS", Severity: Low,
		Types: []string{tCluster}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isTrue(r, "deletionProtection") {
				return false, "deletionProtection is not true"
			}
			return true, "deletion protection"
		}},
	{ID: "RDS.12", Title: "IAM authentication should be configured for RDS clusters", Service: "RDS", Severity: Medium,
		Types: []string{tCluster}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isTrue(r, "iamDatabaseAuthenticationEnabled") {
				return false, "iamDatabaseAuthenticationEnabled is not true"
			}
			return true, "IAM authentication"
		}},
	{ID: "RDS.15", Title: "RDS DB clusters should be configured for multiple Availability Zones", Service: "RDS", Severity: Medium,
		Types: []string{tCluster}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			zones := map[string]bool{}
			for _, i := range s.Attached(r, tClusterInst, "clusterIdentifier") {
				zones[orDefault(i.String("availabilityZone"), i.Name)] = true
			}
			if len(zones) < 2 {
				return false, fmt.Sprintf("instances in %d Availability Zone(s)", len(zones))
			}
			return true, fmt.Sprintf("instances in %d Availability Zones", len(zones))
		}},
	{ID: "RDS.16", Title: "RDS DB clusters should be configured to copy tags to snapshots", Service: "RDS", Severity: Low,
		Types: []string{tCluster}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isTrue(r, "copyTagsToSnapshot") {
				return false, "copyTagsToSnapshot is not true"
			}
			return true, "tags copied to snapshots"
		}},
	{ID: "RDS.27", Title: "RDS DB clusters should be encrypted at rest", Service: "RDS", Severity: Medium,
		Types: []string{tCluster}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isTrue(r, "storageEncrypted") {
				return false, "storageEncrypted is not true"
			}
			return true, "encrypted"
		}},
	{ID: "RDS.23", Title: "RDS instances should not use a database engine default port", Service: "RDS", Severity: Low,
		Types: []string{tRDS, tCluster}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			engine := rdsEngine(r, s)
			def, known := defaultPort(engine)
			port := int(number(r, "port"))
			switch {
			case !known:
				return true, "engine " + orDefault(engine, "unknown") + " has no default port to avoid"
			case port == 0 || port == def:
				return false, fmt.Sprintf("%s on its default port %d", engine, def)
			}
			return true, fmt.Sprintf("port %d", port)
		}},
	{ID: "RDS.26", Title: "RDS DB instances should be protected by a backup plan", Service: "RDS", Severity: Medium,
		Types: []string{tRDS}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			if isSet(r, "replicateSourceDb") {
				return true, "read replica: its source is protected"
			}
			return backupPlan(r, s)
		}},

	// ---- Route 53
	{ID: "Route53.2", Title: "Route 53 public hosted zones should log DNS queries", Service: "Route53", Severity: Medium,
		Types: []string{tZone}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			if len(list(r, "vpcs")) > 0 {
				return true, "private zone"
			}
			if len(s.Attached(r, tQueryLog, "zoneId")) == 0 {
				return false, "no query logging configuration"
			}
			return true, "queries logged"
		}},

	// ---- S3
	{ID: "S3.5", Title: "S3 general purpose buckets should require requests to use SSL", Service: "S3", Severity: Medium, CIS: "CIS v3.0.0 2.1.1",
		Types: bucketTypes, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			for _, p := range s.Attached(r, tBucketPolicy, "bucket") {
				sts, _ := statements(p, "policy")
				for _, st := range sts {
					if st.Effect == "Deny" && str(st.Condition, "Bool.aws:SecureTransport") == "false" {
						return true, "policy denies requests without TLS"
					}
				}
			}
			return false, "no bucket policy denying aws:SecureTransport false"
		}},
	{ID: "S3.8", Title: "S3 general purpose buckets should block public access", Service: "S3", Severity: High, CIS: "CIS v3.0.0 2.1.4",
		Types: bucketTypes, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			for _, b := range s.Attached(r, tPublicBlock, "bucket") {
				if isTrue(b, "blockPublicAcls") && isTrue(b, "blockPublicPolicy") && isTrue(b, "ignorePublicAcls") && isTrue(b, "restrictPublicBuckets") {
					return true, "all four public access blocks"
				}
				return false, "a public access block setting is off"
			}
			return false, "no public access block"
		}},
	{ID: "S3.9", Title: "S3 general purpose buckets should have server access logging enabled", Service: "S3", Severity: Medium,
		Types: bucketTypes, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			if len(s.Attached(r, tBucketLogging, "bucket")) > 0 || isSet(r, "logging.targetBucket") {
				return true, "server access logging"
			}
			return false, "no server access logging"
		}},
	{ID: "S3.12", Title: "ACLs should not be used to manage user access to S3 general purpose buckets", Service: "S3", Severity: Medium,
		Types: bucketTypes, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			for _, o := range s.Attached(r, tOwnership, "bucket") {
				if o.String("rule.objectOwnership") == "BucketOwnerEnforced" {
					return true, "ACLs disabled (BucketOwnerEnforced)"
				}
				return false, "objectOwnership " + o.String("rule.objectOwnership") + " keeps ACLs"
			}
			return false, "no ownership controls: ACLs may be in use"
		}},
	{ID: "S3.13", Title: "S3 general purpose buckets should have Lifecycle configurations", Service: "S3", Severity: Low,
		Types: bucketTypes, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			for _, l := range s.Attached(r, tLifecycle, "bucket") {
				for _, rule := range maps(l, "rules") {
					if str(rule, "status") == "Enabled" {
						return true, "lifecycle rules"
					}
				}
			}
			return false, "no enabled lifecycle rule"
		}},
	{ID: "S3.14", Title: "S3 general purpose buckets should have versioning enabled", Service: "S3", Severity: Low,
		Types: bucketTypes, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			for _, v := range s.Attached(r, tVersioning, "bucket") {
				if v.String("versioningConfiguration.status") == "Enabled" {
					return true, "versioned"
				}
			}
			return false, "versioning not enabled"
		}},

	// ---- Secrets Manager
	{ID: "SecretsManager.1", Title: "Secrets Manager secrets should have automatic rotation enabled", Service: "SecretsManager", Severity: Medium,
		Types: []string{tSecret}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			if len(s.Attached(r, tRotation, "secretId")) == 0 {
				return false, "no rotation configured"
			}
			return true, "rotated automatically"
		}},
	{ID: "SecretsManager.4", Title: "Secrets Manager secrets should be rotated within a specified number of days", Service: "SecretsManager", Severity: Medium,
		Types: []string{tSecret}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			for _, rot := range s.Attached(r, tRotation, "secretId") {
				if days := number(rot, "rotationRules.automaticallyAfterDays"); days > 0 && days <= MaxRotationDays {
					return true, fmt.Sprintf("rotated every %g days", days)
				}
				if isSet(rot, "rotationRules.scheduleExpression") {
					return true, "rotated on " + rot.String("rotationRules.scheduleExpression")
				}
			}
			return false, fmt.Sprintf("not rotated within %d days", MaxRotationDays)
		}},

	// ---- SNS and SQS
	{ID: "SNS.1", Title: "SNS topics should be encrypted at-rest using AWS KMS", Service: "SNS", Severity: Medium,
		Types: []string{tTopic}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if !isSet(r, "kmsMasterKeyId") {
				return false, "kmsMasterKeyId unset"
			}
			return true, "KMS key " + r.String("kmsMasterKeyId")
		}},
	{ID: "SNS.4", Title: "SNS topic access policies should not allow public access", Service: "SNS", Severity: High,
		Types: []string{tTopic}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			for _, p := range s.Attached(r, tTopicPolicy, "arn") {
				if ok, reason := publicPolicy("policy")(p, s); !ok {
					return false, reason
				}
			}
			if ok, reason := publicPolicy("policy")(r, s); !ok {
				return false, reason
			}
			return true, "no public statement"
		}},
	{ID: "SQS.1", Title: "Amazon SQS queues should be encrypted at rest", Service: "SQS", Severity: Medium,
		Types: []string{tQueue}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if isTrue(r, "sqsManagedSseEnabled") {
				return true, "SSE-SQS"
			}
			if isSet(r, "kmsMasterKeyId") {
				return true, "SSE-KMS"
			}
			return false, "neither sqsManagedSseEnabled nor kmsMasterKeyId"
		}},

	// ---- WAF
	{ID: "WAF.10", Title: "AWS WAF web ACLs should have at least one rule or rule group", Service: "WAF", Severity: Medium,
		Types: []string{tWebACL}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if n := len(list(r, "rules")); n == 0 {
				return false, "no rules"
			}
			return true, fmt.Sprintf("%d rules", len(list(r, "rules")))
		}},
	{ID: "WAF.11", Title: "AWS WAF web ACL logging should be enabled", Service: "WAF", Severity: Low,
		Types: []string{tWebACL}, Eval: func(r millionstacktest.Resource, s *Scope) (bool, string) {
			if len(s.Attached(r, tWAFLogging, "resourceArn")) == 0 {
				return false, "no logging configuration"
			}
			return true, "logged"
		}},
	{ID: "WAF.12", Title: "AWS WAF rules should have CloudWatch metrics enabled", Service: "WAF", Severity: Low,
		Types: []string{tWebACL}, Eval: func(r millionstacktest.Resource, _ *Scope) (bool, string) {
			if r.String("visibilityConfig.cloudwatchMetricsEnabled") == "false" {
				return false, "web ACL metrics off"
			}
			for _, rule := range maps(r, "rules") {
				if str(rule, "visibilityConfig.cloudwatchMetricsEnabled") != "true" {
					return false, "rule " + str(rule, "name") + " has no CloudWatch metrics"
				}
			}
			return true, "metrics on every rule"
		}},
}

var (
	bucketTypes  = []string{tBucket, tBucketLegacy}
	ingressTypes = []string{tIngress, tSG, tSGRule}
)

// highRiskPorts are the ports EC2.19 names.
var highRiskPorts = []int{20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300}

// defaultPort is the port an engine listens on unless told otherwise, which
// RDS.23 looks for (RDS API reference, CreateDBInstance, Port: the default
// per engine; Aurora's clusters take their engine's).
func defaultPort(engine string) (int, bool) {
	switch {
	case strings.Contains(engine, "postgres"):
		return 5432, true
	case engine == "aurora" || strings.Contains(engine, "mysql") || engine == "mariadb":
		return 3306, true
	case strings.HasPrefix(engine, "oracle"):
		return 1521, true
	case strings.HasPrefix(engine, "sqlserver"):
		return 1433, true
	case strings.HasPrefix(engine, "db2"):
		return 50000, true
	}
	return 0, false
}

// requiredRDSLogs are the logs RDS.9 requires per engine (the control's description).
var requiredRDSLogs = map[string][]string{
	"postgres": {"postgresql"},
	"mysql":    {"audit", "error", "general", "slowquery"},
	"mariadb":  {"audit", "error", "general", "slowquery"},
}

// rdsEngine is an instance's engine, a read replica's from its source.
func rdsEngine(r millionstacktest.Resource, s *Scope) string {
	if e := r.String("engine"); e != "" {
		return e
	}
	for _, src := range s.Sources(r, "replicateSourceDb", tRDS) {
		return src.String("engine")
	}
	return ""
}

func imdsv2(r millionstacktest.Resource, _ *Scope) (bool, string) {
	if r.String("metadataOptions.httpEndpoint") == "disabled" {
		return true, "metadata service disabled"
	}
	if r.String("metadataOptions.httpTokens") != "required" {
		return false, "metadataOptions.httpTokens is " + orDefault(r.String("metadataOptions.httpTokens"), "optional (default)")
	}
	return true, "IMDSv2 required"
}

// logRetention is CloudWatch.16 over the log groups the stack creates and
// the ones AWS creates on the stack's behalf without a retention (RDS log
// exports, a Lambda function's own group) unless the stack creates them first.
// retainedAtDeploy reports whether a log group the stack cannot declare
// (RDS creates its export groups) gets its retention from a function run
// at deploy time: a lambda.Invocation whose input names the group in
// logGroupNames with a retentionInDays (components/logretention, as AWS
// CDK's LogRetention does).
func retainedAtDeploy(name string, s *Scope) bool {
	for _, inv := range s.ByType(tInvocation) {
		var input struct {
			LogGroupNames   []string `json:"logGroupNames"`
			RetentionInDays int      `json:"retentionInDays"`
		}
		if json.Unmarshal([]byte(inv.String("input")), &input) != nil || input.RetentionInDays < MinLogRetentionDays {
			continue
		}
		for _, g := range input.LogGroupNames {
			if g == name {
				return true
			}
		}
	}
	return false
}

func logRetention(r millionstacktest.Resource, s *Scope) (bool, string) {
	has := func(name string) bool {
		for _, g := range s.ByType(tLogGroup) {
			if g.String("name") == name && number(g, "retentionInDays") >= MinLogRetentionDays {
				return true
			}
		}
		return retainedAtDeploy(name, s)
	}
	switch r.Type {
	case tLogGroup:
		if days := number(r, "retentionInDays"); days < MinLogRetentionDays {
			return false, "no retention: logs kept forever"
		}
		return true, "kept " + r.String("retentionInDays") + " days"
	case tRDS, tCluster:
		id, kind := orDefault(r.String("identifier"), r.Name), "instance"
		if r.Type == tCluster {
			id, kind = orDefault(r.String("clusterIdentifier"), r.Name), "cluster"
		}
		var missing []string
		for _, log := range asList(listValue(r, "enabledCloudwatchLogsExports")) {
			if name := "/aws/rds/" + kind + "/" + id + "/" + log; !has(name) {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			return false, "RDS creates " + strings.Join(missing, ", ") + " without a retention"
		}
		return true, "export log groups created with a retention (or no exports)"
	case tFunction:
		if g := r.String("loggingConfig.logGroup"); g != "" {
			if has(g) {
				return true, "logs to " + g
			}
			return false, "logs to " + g + ", which the stack does not create with a retention"
		}
		name := "/aws/lambda/" + orDefault(r.String("name"), r.Name)
		if !has(name) {
			return false, "Lambda creates " + name + " without a retention"
		}
		return true, name + " created with a retention"
	}
	return true, ""
}

// backupPlan passes when an AWS Backup selection covers r: by the resource's
// own ARN, by a wildcard over all resources, or by a tag r carries.
func backupPlan(r millionstacktest.Resource, s *Scope) (bool, string) {
	for _, sel := range s.ByType(tBackupSelect) {
		for _, u := range sel.PropertyDependencies["resources"] {
			if u == r.URN {
				return true, "selected by " + sel.Name
			}
		}
		// ListOfTags: any one tag selects (AWS Backup developer guide,
		// Assigning resources using tags).
		for _, tag := range maps(sel, "selectionTags") {
			if v, ok := r.Input("tags." + str(tag, "key")); ok && fmt.Sprint(v) == str(tag, "value") {
				return true, "selected by " + sel.Name + " (tag " + str(tag, "key") + ")"
			}
		}
		// Resources (ARN patterns) narrowed by Conditions: a resource must
		// match one pattern and every condition (AWS Backup API reference,
		// BackupSelection: Resources, Conditions).
		if !matchesAnyARN(r, asList(listValue(sel, "resources"))) {
			continue
		}
		if conditionsHold(r, sel) {
			return true, "selected by " + sel.Name
		}
	}
	return false, "no AWS Backup plan selects it"
}

// backupARNs are the ARN forms AWS Backup selects data stores by, per
// resource type, with the resource's name in place of its ID.
var backupARNs = map[string]string{
	tRDS:                            "arn:aws:rds:%s:%s:db:%s",
	tVolume:                         "arn:aws:ec2:%s:%s:volume/%s",
	tTable:                          "arn:aws:dynamodb:%s:%s:table/%s",
	"aws:rds/cluster:Cluster":       "arn:aws:rds:%s:%s:cluster:%s",
	"aws:efs/fileSystem:FileSystem": "arn:aws:elasticfilesystem:%s:%s:file-system/%s",
}

// matchesAnyARN reports whether r's ARN matches one of patterns, in which
// "*" stands for any run of characters.
func matchesAnyARN(r millionstacktest.Resource, patterns []string) bool {
	form, known := backupARNs[r.Type]
	for _, p := range patterns {
		if p == "*" {
			return true
		}
		if known && globMatch(p, fmt.Sprintf(form, millionstacktest.DefaultRegion, millionstacktest.AccountID, r.Name)) {
			return true
		}
	}
	return false
}

// conditionsHold checks a selection's stringEquals conditions on
// aws:ResourceTag/<key> against r's tags; other condition kinds select
// nothing here, so a selection that uses them is not credited.
func conditionsHold(r millionstacktest.Resource, sel millionstacktest.Resource) bool {
	for _, c := range maps(sel, "conditions") {
		for kind, list := range c {
			entries, _ := list.([]interface{})
			if kind != "stringEquals" {
				if len(entries) > 0 {
					return false
				}
				continue
			}
			for _, e := range entries {
				m, _ := e.(map[string]interface{})
				key := strings.TrimPrefix(fmt.Sprint(m["key"]), "aws:ResourceTag/")
				if v, ok := r.Input("tags." + key); !ok || fmt.Sprint(v) != fmt.Sprint(m["value"]) {
					return false
				}
			}
		}
	}
	return true
}

// globMatch matches s against a pattern in which "*" is any run of characters.
func globMatch(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for i, part := range parts[1:] {
		if i == len(parts)-2 {
			return strings.HasSuffix(s, part)
		}
		j := strings.Index(s, part)
		if j < 0 {
			return false
		}
		s = s[j+len(part):]
	}
	return s == ""
}

// publicPolicy fails a resource whose policy document at property has an
// Allow statement for anyone without a narrowing condition.
func publicPolicy(property string) func(millionstacktest.Resource, *Scope) (bool, string) {
	return func(r millionstacktest.Resource, _ *Scope) (bool, string) {
		sts, err := statements(r, property)
		if err != nil {
			return false, "policy is not valid JSON: " + err.Error()
		}
		for _, st := range sts {
			if st.public() {
				return false, "a statement allows any principal without a condition"
			}
		}
		return true, "no public statement"
	}
}

// managementEvents reports whether a trail records read and write
// management events: the default, unless event selectors narrow it.
func managementEvents(t millionstacktest.Resource) bool {
	sel := maps(t, "eventSelectors")
	if len(sel) == 0 && len(list(t, "advancedEventSelectors")) == 0 {
		return true
	}
	for _, s := range sel {
		if str(s, "includeManagementEvents") != "false" && (str(s, "readWriteType") == "" || str(s, "readWriteType") == "All") {
			return true
		}
	}
	return len(list(t, "advancedEventSelectors")) > 0
}

func isALB(r millionstacktest.Resource) bool {
	t := r.String("loadBalancerType")
	return t == "" || t == "application"
}

func isS3Origin(o map[string]interface{}) bool {
	return get(o, "s3OriginConfig") != nil || str(o, "originAccessControlId") != "" ||
		(get(o, "customOriginConfig") == nil && strings.Contains(str(o, "domainName"), ".s3."))
}

func hasS3Origin(r millionstacktest.Resource) bool {
	for _, o := range maps(r, "origins") {
		if isS3Origin(o) {
			return true
		}
	}
	return false
}

// zonesOf returns the distinct Availability Zones of the subnets r's input
// property was computed from.
func (s *Scope) zonesOf(r millionstacktest.Resource, property string) []string {
	seen := map[string]bool{}
	var out []string
	for _, sub := range s.Sources(r, property, tSubnet) {
		az := orDefault(sub.String("availabilityZone"), sub.String("availabilityZoneId"))
		if az != "" && !seen[az] {
			seen[az] = true
			out = append(out, az)
		}
	}
	return out
}

// portRule is one ingress permission: a CIDR and a port range.
type portRule struct {
	cidr     string
	protocol string
	from, to int
}

func (p portRule) String() string {
	if p.protocol == "-1" {
		return "all ports"
	}
	if p.from == p.to {
		return fmt.Sprintf("port %d", p.from)
	}
	return fmt.Sprintf("ports %d-%d", p.from, p.to)
}

func (p portRule) open() bool { return p.cidr == "0.0.0.0/0" || p.cidr == "::/0" }

func (p portRule) covers(port int) bool {
	return p.protocol == "-1" || (p.from <= port && port <= p.to)
}

// ingressRules returns the ingress permissions a security group, a
// standalone ingress rule or a security group rule of type ingress grants.
func ingressRules(r millionstacktest.Resource) []portRule {
	mk := func(m map[string]interface{}, cidr, protocolKey string) portRule {
		var from, to float64
		fmt.Sscanf(str(m, "fromPort"), "%g", &from)
		fmt.Sscanf(str(m, "toPort"), "%g", &to)
		return portRule{cidr: cidr, protocol: str(m, protocolKey), from: int(from), to: int(to)}
	}
	plainInputs := r.Plain()
	switch r.Type {
	case tIngress:
		return []portRule{mk(plainInputs, orDefault(str(plainInputs, "cidrIpv4"), str(plainInputs, "cidrIpv6")), "ipProtocol")}
	case tSGRule:
		if str(plainInputs, "type") != "ingress" {
			return nil
		}
		var out []portRule
		for _, c := range append(asList(plainInputs["cidrBlocks"]), asList(plainInputs["ipv6CidrBlocks"])...) {
			out = append(out, mk(plainInputs, c, "protocol"))
		}
		return out
	case tSG:
		var out []portRule
		for _, in := range maps(r, "ingress") {
			for _, c := range append(asList(in["cidrBlocks"]), asList(in["ipv6CidrBlocks"])...) {
				out = append(out, mk(in, c, "protocol"))
			}
		}
		return out
	}
	return nil
}

func openPort(port int) func(millionstacktest.Resource, *Scope) (bool, string) {
	return func(r millionstacktest.Resource, _ *Scope) (bool, string) {
		for _, rule := range ingressRules(r) {
			if rule.open() && rule.covers(port) {
				return false, fmt.Sprintf("%s open to %s", rule, rule.cidr)
			}
		}
		return true, fmt.Sprintf("port %d not open to the internet", port)
	}
}

// firstNACLMatch returns the lowest-numbered network ACL entry from anywhere
// that covers port: the one that decides, since entries are evaluated in order.
func firstNACLMatch(entries []map[string]interface{}, port int) map[string]interface{} {
	var best map[string]interface{}
	bestNo := 1 << 30
	for _, e := range entries {
		cidr := orDefault(str(e, "cidrBlock"), str(e, "ipv6CidrBlock"))
		if cidr != "0.0.0.0/0" && cidr != "::/0" {
			continue
		}
		var from, to, no float64
		fmt.Sscanf(str(e, "fromPort"), "%g", &from)
		fmt.Sscanf(str(e, "toPort"), "%g", &to)
		fmt.Sscanf(str(e, "ruleNo"), "%g", &no)
		proto := str(e, "protocol")
		covers := proto == "-1" || proto == "all" || ((proto == "tcp" || proto == "6") && int(from) <= port && port <= int(to))
		if covers && int(no) < bestNo {
			best, bestNo = e, int(no)
		}
	}
	return best
}

// valueMap returns the input at path as an object.
// containersOf reads a task definition's containerDefinitions, a JSON list
// of containers; none when it is not one.
func containersOf(r millionstacktest.Resource) []map[string]interface{} {
	var containers []map[string]interface{}
	if err := json.Unmarshal([]byte(r.String("containerDefinitions")), &containers); err != nil {
		return nil
	}
	return containers
}

// eachContainer judges every container of a task definition with judge
// (its containerDefinitions, a JSON list): the first that fails fails the
// definition.
func eachContainer(judge func(c map[string]interface{}) (bool, string)) func(millionstacktest.Resource, *Scope) (bool, string) {
	return func(r millionstacktest.Resource, _ *Scope) (bool, string) {
		containers := containersOf(r)
		if len(containers) == 0 {
			return false, "containerDefinitions is not a list of containers"
		}
		reason := ""
		for _, c := range containers {
			ok, why := judge(c)
			if !ok {
				return false, fmt.Sprintf("container %v: %s", c["name"], why)
			}
			reason = why
		}
		return true, reason
	}
}

func valueMap(r millionstacktest.Resource, path string) (map[string]interface{}, bool) {
	v, _ := r.Input(path)
	m, ok := v.(map[string]interface{})
	return m, ok
}

func listValue(r millionstacktest.Resource, path string) interface{} {
	v, _ := r.Input(path)
	return v
}

// asList turns a list value into strings.
func asList(v interface{}) []string {
	l, _ := v.([]interface{})
	var out []string
	for _, e := range l {
		out = append(out, fmt.Sprint(e))
	}
	return out
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
