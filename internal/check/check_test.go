package check

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/millionstack/millionstack/millionstacktest"
)

// res builds a recorded custom resource with the given inputs.
func res(typ, name string, inputs map[string]interface{}) millionstacktest.Resource {
	return millionstacktest.Resource{
		URN: "urn:pulumi:t::millionstack::" + typ + "::" + name, Type: typ, Name: name, Custom: true,
		Inputs: resource.NewPropertyMapFromMap(inputs),
	}
}

// from records that r's input property was computed from sources, as the
// engine records it when one resource's output feeds another's input.
func from(r millionstacktest.Resource, property string, sources ...millionstacktest.Resource) millionstacktest.Resource {
	deps := map[string][]string{}
	for k, v := range r.PropertyDependencies {
		deps[k] = v
	}
	for _, s := range sources {
		deps[property] = append(deps[property], s.URN)
		r.Dependencies = append(r.Dependencies, s.URN)
	}
	r.PropertyDependencies = deps
	return r
}

func rs(r ...millionstacktest.Resource) []millionstacktest.Resource { return r }

type m = map[string]interface{}
type l = []interface{}

// ruleCase is one control with a stack it passes and one it fails.
type ruleCase struct {
	id         string
	pass, fail []millionstacktest.Resource
}

func single(id, typ string, pass, fail m) ruleCase {
	return ruleCase{id, rs(res(typ, "good", pass)), rs(res(typ, "bad", fail))}
}

var (
	vpc      = res(tVPC, "vpc", m{"cidrBlock": "10.0.0.0/16"})
	subnetA  = res(tSubnet, "a", m{"availabilityZone": "us-east-1a"})
	subnetB  = res(tSubnet, "b", m{"availabilityZone": "us-east-1b"})
	bucket   = res(tBucket, "bucket", m{})
	function = res(tFunction, "fn", m{"name": "fn", "runtime": "python3.12"})
	lb       = res(tLB, "lb", m{"loadBalancerType": "application"})
	rds      = res(tRDS, "db", m{"engine": "postgres", "storageEncrypted": true})
	backedUp = res(tRDS, "db", m{"engine": "postgres", "backupRetentionPeriod": 7})
	secret   = res(tSecret, "secret", m{})
	table    = res(tTable, "table", m{"tags": m{"backup": "daily"}})
	webACL   = res(tWebACL, "acl", m{"rules": l{m{"name": "r"}}})
	topic    = res(tTopic, "topic", m{"kmsMasterKeyId": "alias/aws/sns"})
	zone     = res(tZone, "zone", m{"name": "example.com"})
)

const tlsOnly = `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`

func ruleCases() []ruleCase {
	allow := func(action, resource string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"` + action + `","Resource":"` + resource + `"}]}`
	}
	return []ruleCase{
		single("ACM.2", tCertificate, m{"keyAlgorithm": "RSA_2048"}, m{"keyAlgorithm": "RSA_1024"}),

		single("Backup.1", tVault, m{"kmsKeyArn": "arn:aws:kms:us-east-1:111122223333:key/k"}, m{}),

		single("AutoScaling.1", tASG, m{"targetGroupArns": l{"tg"}, "healthCheckType": "ELB"}, m{"targetGroupArns": l{"tg"}, "healthCheckType": "EC2"}),
		{"AutoScaling.2",
			rs(subnetA, subnetB, from(res(tASG, "good", m{}), "vpcZoneIdentifiers", subnetA, subnetB)),
			rs(subnetA, from(res(tASG, "bad", m{}), "vpcZoneIdentifiers", subnetA))},
		single("AutoScaling.6", tASG,
			m{"mixedInstancesPolicy": m{"launchTemplate": m{"overrides": l{m{"instanceType": "m5.large"}, m{"instanceType": "m6i.large"}}}}},
			m{"launchTemplate": m{"id": "lt"}}),
		single("AutoScaling.9", tASG, m{"launchTemplate": m{"id": "lt"}}, m{"launchConfiguration": "lc"}),

		single("CloudFront.1", tDistribution,
			m{"defaultRootObject": "index.html", "origins": l{m{"originId": "s3", "originAccessControlId": "oac"}}},
			m{"origins": l{m{"originId": "s3", "originAccessControlId": "oac"}}}),
		single("CloudFront.3", tDistribution,
			m{"defaultCacheBehavior": m{"viewerProtocolPolicy": "redirect-to-https"}},
			m{"defaultCacheBehavior": m{"viewerProtocolPolicy": "allow-all"}}),
		single("CloudFront.5", tDistribution, m{"loggingConfig": m{"bucket": "logs.s3.amazonaws.com"}}, m{}),
		single("CloudFront.6", tDistribution, m{"webAclId": "arn:aws:wafv2:acl"}, m{}),
		single("CloudFront.9", tDistribution,
			m{"origins": l{m{"originId": "api", "customOriginConfig": m{"originProtocolPolicy": "https-only"}}}},
			m{"origins": l{m{"originId": "api", "customOriginConfig": m{"originProtocolPolicy": "http-only"}}}}),
		single("CloudFront.10", tDistribution,
			m{"origins": l{m{"originId": "api", "customOriginConfig": m{"originSslProtocols": l{"TLSv1.2"}}}}},
			m{"origins": l{m{"originId": "api", "customOriginConfig": m{"originSslProtocols": l{"SSLv3", "TLSv1.2"}}}}}),
		single("CloudFront.13", tDistribution,
			m{"origins": l{m{"originId": "s3", "domainName": "b.s3.us-east-1.amazonaws.com", "originAccessControlId": "oac"}}},
			m{"origins": l{m{"originId": "s3", "domainName": "b.s3.us-east-1.amazonaws.com"}}}),

		{"CloudTrail.1",
			rs(res(tTrail, "trail", m{"isMultiRegionTrail": true})),
			rs(res(tTrail, "trail", m{"isMultiRegionTrail": false}))},
		single("CloudTrail.2", tTrail, m{"kmsKeyId": "key"}, m{}),
		single("CloudTrail.4", tTrail, m{"enableLogFileValidation": true}, m{}),
		single("CloudTrail.5", tTrail, m{"cloudWatchLogsGroupArn": "arn:logs"}, m{}),

		{"CloudWatch.16",
			rs(res(tLogGroup, "app", m{"retentionInDays": 30}),
				res(tRDS, "db", m{"identifier": "db", "enabledCloudwatchLogsExports": l{"postgresql"}}),
				res(tLogGroup, "db-postgresql", m{"name": "/aws/rds/instance/db/postgresql", "retentionInDays": 30}),
				res(tFunction, "fn", m{"name": "fn"}),
				res(tLogGroup, "fn", m{"name": "/aws/lambda/fn", "retentionInDays": 30})),
			rs(res(tLogGroup, "app", m{}))},
		{"CloudWatch.16", // RDS exports without the stack's own log group
			rs(res(tRDS, "db", m{"identifier": "db"})),
			rs(res(tRDS, "db", m{"identifier": "db", "enabledCloudwatchLogsExports": l{"postgresql"}}))},
		{"CloudWatch.16", // a Lambda function whose log group Lambda creates
			rs(res(tFunction, "fn", m{"loggingConfig": m{"logGroup": "/app"}}), res(tLogGroup, "app", m{"name": "/app", "retentionInDays": 7})),
			rs(res(tFunction, "fn", m{"name": "fn"}))},

		single("DynamoDB.1", tTable, m{"billingMode": "PAY_PER_REQUEST"}, m{"billingMode": "PROVISIONED"}),
		single("DynamoDB.2", tTable, m{"pointInTimeRecovery": m{"enabled": true}}, m{}),
		{"DynamoDB.4",
			rs(table, res(tBackupSelect, "sel", m{"selectionTags": l{m{"type": "STRINGEQUALS", "key": "backup", "value": "daily"}}})),
			rs(table)},
		single("DynamoDB.6", tTable, m{"deletionProtectionEnabled": true}, m{"deletionProtectionEnabled": false}),
		// A global table's replica is judged as a table, by its own fields.
		single("DynamoDB.2", tTableReplica, m{"pointInTimeRecovery": true}, m{}),
		single("DynamoDB.6", tTableReplica, m{"deletionProtectionEnabled": true}, m{}),
		{"CloudWatch.16", // an Aurora cluster's exports, retained at deploy time
			rs(res(tCluster, "c", m{"clusterIdentifier": "c", "enabledCloudwatchLogsExports": l{"postgresql"}}),
				res(tInvocation, "c-logs", m{"input": `{"logGroupNames":["/aws/rds/cluster/c/postgresql"],"retentionInDays":365}`})),
			rs(res(tCluster, "c", m{"clusterIdentifier": "c", "enabledCloudwatchLogsExports": l{"postgresql"}}),
				res(tInvocation, "db-logs", m{"input": `{"logGroupNames":["/aws/rds/instance/c/postgresql"],"retentionInDays":365}`}))},

		{"EC2.2",
			rs(vpc, from(res(tDefaultSG, "default", m{}), "vpcId", vpc)),
			rs(vpc, from(res(tDefaultSG, "default", m{"ingress": l{m{"protocol": "-1", "self": true}}}), "vpcId", vpc))},
		{"EC2.2", rs(vpc, from(res(tDefaultSG, "default", m{}), "vpcId", vpc)), rs(vpc)},
		single("EC2.3", tVolume, m{"encrypted": true}, m{"encrypted": false}),
		single("EC2.3", tLaunchTemplate,
			m{"blockDeviceMappings": l{m{"deviceName": "/dev/xvda", "ebs": m{"encrypted": "true"}}}},
			m{"blockDeviceMappings": l{m{"deviceName": "/dev/xvda", "ebs": m{}}}}),
		single("EC2.3", tInstance, m{"rootBlockDevice": m{"encrypted": true}}, m{"rootBlockDevice": m{"encrypted": false}}),
		{"EC2.6", rs(vpc, from(res(tFlowLog, "flow", m{}), "vpcId", vpc)), rs(vpc)},
		single("EC2.8", tInstance, m{"metadataOptions": m{"httpTokens": "required"}}, m{"metadataOptions": m{"httpTokens": "optional"}}),
		{"EC2.9",
			rs(res(tInstance, "good", m{"associatePublicIpAddress": false})),
			rs(res(tInstance, "bad", m{}), from(res(tEIPAssoc, "eip", m{}), "instanceId", res(tInstance, "bad", m{})))},
		single("EC2.13", tIngress, m{"cidrIpv4": "10.0.0.0/16", "fromPort": 22, "toPort": 22, "ipProtocol": "tcp"}, m{"cidrIpv4": "0.0.0.0/0", "fromPort": 0, "toPort": 1024, "ipProtocol": "tcp"}),
		single("EC2.14", tSG, m{"ingress": l{m{"cidrBlocks": l{"0.0.0.0/0"}, "fromPort": 443, "toPort": 443, "protocol": "tcp"}}}, m{"ingress": l{m{"ipv6CidrBlocks": l{"::/0"}, "fromPort": 0, "toPort": 0, "protocol": "-1"}}}),
		single("EC2.15", tSubnet, m{"mapPublicIpOnLaunch": false}, m{"mapPublicIpOnLaunch": true}),
		single("EC2.18", tIngress, m{"cidrIpv4": "0.0.0.0/0", "fromPort": 443, "toPort": 443, "ipProtocol": "tcp"}, m{"cidrIpv4": "0.0.0.0/0", "fromPort": 8443, "toPort": 8443, "ipProtocol": "tcp"}),
		single("EC2.19", tSGRule, m{"type": "ingress", "cidrBlocks": l{"0.0.0.0/0"}, "fromPort": 80, "toPort": 80, "protocol": "tcp"}, m{"type": "ingress", "cidrBlocks": l{"0.0.0.0/0"}, "fromPort": 5432, "toPort": 5432, "protocol": "tcp"}),
		single("EC2.21", tNACL,
			m{"ingress": l{
				m{"action": "deny", "cidrBlock": "0.0.0.0/0", "fromPort": 22, "toPort": 22, "protocol": "tcp", "ruleNo": 10},
				m{"action": "deny", "cidrBlock": "0.0.0.0/0", "fromPort": 3389, "toPort": 3389, "protocol": "tcp", "ruleNo": 20},
				m{"action": "allow", "cidrBlock": "0.0.0.0/0", "fromPort": 0, "toPort": 0, "protocol": "-1", "ruleNo": 100}}},
			m{"ingress": l{
				m{"action": "allow", "cidrBlock": "0.0.0.0/0", "fromPort": 0, "toPort": 0, "protocol": "-1", "ruleNo": 100},
				m{"action": "deny", "cidrBlock": "0.0.0.0/0", "fromPort": 22, "toPort": 22, "protocol": "tcp", "ruleNo": 110}}}),
		single("EC2.25", tLaunchTemplate, m{"networkInterfaces": l{m{"associatePublicIpAddress": "false"}}}, m{"networkInterfaces": l{m{"associatePublicIpAddress": "true"}}}),
		{"EC2.28",
			rs(res(tVolume, "data", m{}), from(res(tBackupSelect, "sel", m{}), "resources", res(tVolume, "data", m{}))),
			rs(res(tVolume, "data", m{}))},
		single("EC2.170", tLaunchTemplate, m{"metadataOptions": m{"httpTokens": "required"}}, m{}),

		single("ECS.2", tECSService, m{"networkConfiguration": m{"assignPublicIp": false}}, m{"networkConfiguration": m{"assignPublicIp": true}}),
		single("ECS.4", tTaskDefinition, m{"containerDefinitions": `[{"name":"app"}]`}, m{"containerDefinitions": `[{"name":"app","privileged":true}]`}),
		single("ECS.5", tTaskDefinition, m{"containerDefinitions": `[{"name":"app","readonlyRootFilesystem":true}]`}, m{"containerDefinitions": `[{"name":"app","readonlyRootFilesystem":false}]`}),
		single("ECS.8", tTaskDefinition, m{"containerDefinitions": `[{"name":"app","environment":[{"name":"CONFIG_PATH","value":"/x"}]}]`},
			m{"containerDefinitions": `[{"name":"app","environment":[{"name":"AWS_SECRET_ACCESS_KEY","value":"x"}]}]`}),
		single("ECS.9", tTaskDefinition, m{"containerDefinitions": `[{"name":"app","logConfiguration":{"logDriver":"awslogs"}}]`}, m{"containerDefinitions": `[{"name":"app"}]`}),
		single("ECS.20", tTaskDefinition, m{"containerDefinitions": `[{"name":"app","image":"app:1","user":"1000:1000"}]`},
			m{"containerDefinitions": `[{"name":"app","image":"app:1","user":"root"}]`}),
		{"ECS.20", // no user: the image's, root unless it says otherwise
			rs(res(tTaskDefinition, "good", m{"containerDefinitions": `[{"name":"app","image":"app:1","user":"app"}]`})),
			rs(res(tTaskDefinition, "bad", m{"containerDefinitions": `[{"name":"app","image":"app:1"}]`}))},
		single("ECS.10", tECSService, m{"platformVersion": "LATEST"}, m{"platformVersion": "1.3.0"}),
		single("ECS.12", tECSCluster, m{"settings": l{m{"name": "containerInsights", "value": "enabled"}}}, m{"settings": l{m{"name": "containerInsights", "value": "disabled"}}}),
		single("ElastiCache.1", tReplGroup, m{"snapshotRetentionLimit": 7}, m{"snapshotRetentionLimit": 0}),
		single("ElastiCache.2", tReplGroup, m{"autoMinorVersionUpgrade": true}, m{"autoMinorVersionUpgrade": false}),
		single("ElastiCache.3", tReplGroup, m{"automaticFailoverEnabled": true}, m{"automaticFailoverEnabled": false}),
		single("ElastiCache.4", tReplGroup, m{"atRestEncryptionEnabled": true}, m{}),
		single("ElastiCache.5", tReplGroup, m{"transitEncryptionEnabled": true}, m{"transitEncryptionEnabled": false}),
		single("ElastiCache.6", tReplGroup, m{"engine": "redis", "engineVersion": "5.0.6", "authToken": "secret"}, m{"engine": "redis", "engineVersion": "5.0.6"}),
		single("ElastiCache.7", tReplGroup, m{"subnetGroupName": "cache"}, m{}),

		{"ELB.1",
			rs(lb, from(res(tListener, "http", m{"protocol": "HTTP", "defaultActions": l{m{"type": "redirect", "redirect": m{"protocol": "HTTPS"}}}}), "loadBalancerArn", lb)),
			// With a certificate in the stack, so that the failure is not
			// the one accepted for a stack without a domain.
			rs(lb, res(tCertificate, "cert", m{}), from(res(tListener, "http", m{"protocol": "HTTP", "defaultActions": l{m{"type": "forward"}}}), "loadBalancerArn", lb))},
		single("ELB.4", tLB, m{"dropInvalidHeaderFields": true}, m{}),
		single("ELB.5", tLB, m{"accessLogs": m{"bucket": "logs", "enabled": true}}, m{"accessLogs": m{"bucket": "logs", "enabled": false}}),
		single("ELB.6", tLB, m{"enableDeletionProtection": true}, m{}),
		single("ELB.12", tLB, m{"desyncMitigationMode": "strictest"}, m{"desyncMitigationMode": "monitor"}),
		{"ELB.13",
			rs(subnetA, subnetB, from(res(tLB, "good", m{}), "subnets", subnetA, subnetB)),
			rs(subnetA, from(res(tLB, "bad", m{}), "subnets", subnetA))},

		single("IAM.1", tRolePolicy, m{"policy": allow("s3:GetObject", "*")}, m{"policy": allow("*", "*")}),
		single("IAM.21", tRolePolicy, m{"policy": allow("s3:GetObject", "*")}, m{"policy": allow("s3:*", "arn:aws:s3:::b")}),

		single("KMS.4", tKey, m{"enableKeyRotation": true}, m{"enableKeyRotation": false}),
		single("KMS.5", tKey,
			m{"policy": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}`},
			m{"policy": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*"}]}`}),

		{"Lambda.1",
			rs(function, from(res(tPermission, "cf", m{"principal": "cloudfront.amazonaws.com", "sourceArn": "arn:cf"}), "function", function)),
			rs(function, from(res(tFunctionURL, "url", m{"authorizationType": "NONE"}), "functionName", function))},
		{"Lambda.1",
			rs(function),
			rs(function, from(res(tPermission, "any", m{"principal": "*"}), "function", function))},
		single("Lambda.2", tFunction, m{"runtime": "python3.12"}, m{"runtime": "python3.7"}),
		single("Lambda.7", tFunction, m{"tracingConfig": m{"mode": "Active"}}, m{}),

		// A public instance, so that the failure is not the one accepted for
		// a private database on its engine's port.
		single("RDS.23", tRDS, m{"engine": "postgres", "port": 6543, "publiclyAccessible": true}, m{"engine": "postgres", "publiclyAccessible": true}),
		single("RDS.23", tCluster, m{"engine": "aurora-postgresql", "port": 6543, "publiclyAccessible": true}, m{"engine": "aurora-postgresql", "port": 5432, "publiclyAccessible": true}),
		single("RDS.2", tRDS, m{"publiclyAccessible": false}, m{"publiclyAccessible": true}),
		{"RDS.3",
			rs(rds, from(res(tRDS, "replica", m{"replicateSourceDb": "db"}), "replicateSourceDb", rds)),
			rs(res(tRDS, "db", m{"storageEncrypted": false}))},
		single("RDS.5", tRDS, m{"multiAz": true}, m{"multiAz": false}),
		single("RDS.6", tRDS, m{"monitoringInterval": 60}, m{"monitoringInterval": 0}),
		single("RDS.8", tRDS, m{"deletionProtection": true}, m{}),
		single("RDS.9", tRDS, m{"engine": "postgres", "enabledCloudwatchLogsExports": l{"postgresql", "upgrade"}}, m{"engine": "postgres", "enabledCloudwatchLogsExports": l{"upgrade"}}),
		single("RDS.10", tRDS, m{"iamDatabaseAuthenticationEnabled": true}, m{}),
		{"RDS.11",
			rs(backedUp, res(tRDS, "mysql", m{"engine": "mysql", "backupRetentionPeriod": 7}), from(res(tRDS, "replica", m{"replicateSourceDb": "db"}), "replicateSourceDb", backedUp)),
			rs(res(tRDS, "db", m{"engine": "postgres", "backupRetentionPeriod": 1}))},
		single("RDS.13", tRDS, m{}, m{"autoMinorVersionUpgrade": false}),
		single("RDS.17", tRDS, m{"copyTagsToSnapshot": true}, m{}),
		single("RDS.7", tCluster, m{"deletionProtection": true}, m{"deletionProtection": false}),
		single("RDS.12", tCluster, m{"iamDatabaseAuthenticationEnabled": true}, m{}),
		single("RDS.16", tCluster, m{"copyTagsToSnapshot": true}, m{}),
		single("RDS.27", tCluster, m{"storageEncrypted": true}, m{"storageEncrypted": false}),
		{"RDS.15",
			rs(res(tCluster, "c", m{}),
				from(res(tClusterInst, "c-1", m{"availabilityZone": "us-east-1a"}), "clusterIdentifier", res(tCluster, "c", m{})),
				from(res(tClusterInst, "c-2", m{"availabilityZone": "us-east-1b"}), "clusterIdentifier", res(tCluster, "c", m{}))),
			rs(res(tCluster, "c", m{}),
				from(res(tClusterInst, "c-1", m{"availabilityZone": "us-east-1a"}), "clusterIdentifier", res(tCluster, "c", m{})),
				from(res(tClusterInst, "c-2", m{"availabilityZone": "us-east-1a"}), "clusterIdentifier", res(tCluster, "c", m{})))},
		{"RDS.26",
			rs(rds, from(res(tBackupSelect, "sel", m{}), "resources", rds)),
			rs(rds)},

		{"Route53.2",
			rs(zone, from(res(tQueryLog, "q", m{}), "zoneId", zone)),
			rs(zone)},

		{"S3.5",
			rs(bucket, from(res(tBucketPolicy, "p", m{"policy": tlsOnly}), "bucket", bucket)),
			rs(bucket, from(res(tBucketPolicy, "p", m{"policy": `{"Statement":[]}`}), "bucket", bucket))},
		{"S3.8",
			rs(bucket, from(res(tPublicBlock, "b", m{"blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true, "restrictPublicBuckets": true}), "bucket", bucket)),
			rs(bucket, from(res(tPublicBlock, "b", m{"blockPublicAcls": true, "blockPublicPolicy": false, "ignorePublicAcls": true, "restrictPublicBuckets": true}), "bucket", bucket))},
		{"S3.9", rs(bucket, from(res(tBucketLogging, "l", m{}), "bucket", bucket)), rs(bucket)},
		{"S3.12",
			rs(bucket, from(res(tOwnership, "o", m{"rule": m{"objectOwnership": "BucketOwnerEnforced"}}), "bucket", bucket)),
			rs(bucket, from(res(tOwnership, "o", m{"rule": m{"objectOwnership": "BucketOwnerPreferred"}}), "bucket", bucket))},
		{"S3.13",
			rs(bucket, from(res(tLifecycle, "lc", m{"rules": l{m{"status": "Enabled"}}}), "bucket", bucket)),
			rs(bucket, from(res(tLifecycle, "lc", m{"rules": l{m{"status": "Disabled"}}}), "bucket", bucket))},
		{"S3.14",
			rs(bucket, from(res(tVersioning, "v", m{"versioningConfiguration": m{"status": "Enabled"}}), "bucket", bucket)),
			rs(bucket, from(res(tVersioning, "v", m{"versioningConfiguration": m{"status": "Suspended"}}), "bucket", bucket))},

		{"SecretsManager.1", rs(secret, from(res(tRotation, "r", m{"rotationRules": m{"automaticallyAfterDays": 30}}), "secretId", secret)), rs(secret)},
		{"SecretsManager.4",
			rs(secret, from(res(tRotation, "r", m{"rotationRules": m{"automaticallyAfterDays": 30}}), "secretId", secret)),
			rs(secret, from(res(tRotation, "r", m{"rotationRules": m{"automaticallyAfterDays": 365}}), "secretId", secret))},

		single("SNS.1", tTopic, m{"kmsMasterKeyId": "alias/aws/sns"}, m{}),
		{"SNS.4",
			rs(topic, from(res(tTopicPolicy, "p", m{"policy": `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}`}), "arn", topic)),
			rs(topic, from(res(tTopicPolicy, "p", m{"policy": `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*"}]}`}), "arn", topic))},
		single("SQS.1", tQueue, m{"sqsManagedSseEnabled": true}, m{"sqsManagedSseEnabled": false}),

		single("WAF.10", tWebACL, m{"rules": l{m{"name": "common"}}}, m{"rules": l{}}),
		{"WAF.11", rs(webACL, from(res(tWAFLogging, "log", m{}), "resourceArn", webACL)), rs(webACL)},
		single("WAF.12", tWebACL,
			m{"rules": l{m{"name": "common", "visibilityConfig": m{"cloudwatchMetricsEnabled": true}}}},
			m{"rules": l{m{"name": "common", "visibilityConfig": m{"cloudwatchMetricsEnabled": false}}}}),
	}
}

func ruleByID(t *testing.T, id string) Rule {
	t.Helper()
	for _, r := range Rules() {
		if r.ID == id {
			return r
		}
	}
	require.Failf(t, "no rule", "%s", id)
	return Rule{}
}

func run(rule Rule, resources []millionstacktest.Resource) *Report {
	return Run(&millionstacktest.Inventory{Stack: "t", Resources: resources}, []Rule{rule}, Options{})
}

// Every rule passes a compliant resource and fails a non-compliant one.
func TestEveryRulePassesAndFails(t *testing.T) {
	for _, c := range ruleCases() {
		c := c
		t.Run(c.id, func(t *testing.T) {
			rule := ruleByID(t, c.id)
			good := run(rule, c.pass)
			assert.NotEmpty(t, good.Findings, "the rule evaluated nothing in the passing stack")
			assert.Empty(t, good.Failures(), "compliant stack fails")
			bad := run(rule, c.fail)
			require.NotEmpty(t, bad.Failures(), "non-compliant stack passes")
			for _, f := range bad.Failures() {
				assert.NotEmpty(t, f.Reason, "a failure says why")
			}
		})
	}
}

// EC2.21 leaves the VPC's default network ACL alone, as Security Hub does:
// an allow-all default ACL yields no finding at all.
func TestDefaultNetworkACLIsOutOfEC21sScope(t *testing.T) {
	open := res("aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", "default", m{"ingress": l{
		m{"action": "allow", "cidrBlock": "0.0.0.0/0", "fromPort": 0, "toPort": 0, "protocol": "-1", "ruleNo": 100}}})
	assert.Empty(t, run(ruleByID(t, "EC2.21"), rs(open)).Findings)
}

// Each rule has a test case, and the set is the one the issue asks for:
// at least 40 controls over the services millionstack deploys.
func TestEveryRuleHasACase(t *testing.T) {
	tested := map[string]bool{}
	for _, c := range ruleCases() {
		tested[c.id] = true
	}
	services := map[string]bool{}
	ids := map[string]bool{}
	for _, r := range Rules() {
		assert.True(t, tested[r.ID], "%s has no passing and failing case", r.ID)
		assert.False(t, ids[r.ID], "%s defined twice", r.ID)
		ids[r.ID] = true
		services[r.Service] = true
		assert.NotEmpty(t, r.Title, r.ID)
		assert.Contains(t, []Severity{Critical, High, Medium, Low}, r.Severity, r.ID)
		assert.True(t, (r.Account == nil) != (r.Eval == nil), "%s: exactly one of Eval and Account", r.ID)
		if r.From != "" {
			assert.NotEmpty(t, r.Why, "%s says why it applies only from %s", r.ID, r.From)
		}
	}
	assert.GreaterOrEqual(t, len(ids), 40)
	for _, s := range []string{"EC2", "ELB", "RDS", "ElastiCache", "S3", "CloudFront", "Lambda", "SQS", "SNS", "DynamoDB", "KMS", "IAM", "CloudWatch", "CloudTrail", "WAF", "Backup", "ECS"} {
		assert.True(t, services[s], "no rule for %s", s)
	}
}

func TestRulesFromAStageApplyFromThereUp(t *testing.T) {
	ladder := []string{"10", "100", "1k", "10k"}
	rule := ruleByID(t, "RDS.5")
	inv := &millionstacktest.Inventory{Stack: "t", Resources: rs(res(tRDS, "db", m{"multiAz": false}))}
	below := Run(inv, []Rule{rule}, Options{Stage: "100", Ladder: ladder})
	assert.Empty(t, below.Findings)
	require.Len(t, below.NotApplicable, 1)
	assert.Equal(t, "1k", below.NotApplicable[0].From)
	for _, stage := range []string{"1k", "10k", "10m"} { // a stage above the known ladder inherits every control
		assert.Len(t, Run(inv, []Rule{rule}, Options{Stage: stage, Ladder: ladder}).Failures(), 1, stage)
	}
}

func TestSuppressionsAcceptFailuresWithAReason(t *testing.T) {
	rule := ruleByID(t, "S3.9")
	inv := &millionstacktest.Inventory{Stack: "t", Resources: rs(res(tBucket, "web-logs", m{}), res(tBucket, "assets", m{}))}
	sups := []Suppression{
		{Control: "S3.9", Resource: "*-logs", Reason: "log buckets do not log themselves"},
		{Control: "S3.9", Resource: "other", Reason: "stale"},
	}
	rep := Run(inv, []Rule{rule}, Options{Suppressions: sups})
	assert.Equal(t, 1, rep.Failed)
	assert.Equal(t, 1, rep.Suppressed)
	for _, f := range rep.Findings {
		if f.Name == "web-logs" {
			assert.Equal(t, Suppressed, f.Result)
			assert.Equal(t, "log buckets do not log themselves", f.Suppression)
		}
	}
	assert.Equal(t, []Suppression{sups[1]}, rep.Unused)

	byURN := Suppression{Control: "s3.9", Resource: inv.Resources[1].URN, Reason: "public assets are logged by CloudFront"}
	assert.True(t, byURN.Matches("S3.9", inv.Resources[1]), "URN and case-insensitive control")
	assert.False(t, byURN.Matches("S3.5", inv.Resources[1]))
}

func TestSuppressionsAreValidated(t *testing.T) {
	assert.NoError(t, Validate([]Suppression{{Control: "S3.9", Resource: "web-*", Reason: "why"}}, Rules()))
	err := Validate([]Suppression{{Control: "S3.99", Resource: "", Reason: " "}, {Control: "EC2.2", Resource: "[", Reason: "x"}}, Rules())
	require.Error(t, err)
	for _, want := range []string{`control "S3.99"`, "resource is empty", "reason is empty", "suppression 2", "not a valid glob"} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestAccountLevelRuleReportsOnTheStack(t *testing.T) {
	rep := run(ruleByID(t, "CloudTrail.1"), nil)
	require.Len(t, rep.Findings, 1)
	assert.Equal(t, "pulumi:pulumi:Stack", rep.Findings[0].Type)
	assert.Equal(t, Fail, rep.Findings[0].Result)
}

// A tag-based backup selection (AWS Backup Resources narrowed by
// Conditions, as components/backup writes it) covers a data store of a
// selected type that carries the tag, and nothing else.
func TestBackupSelectionByResourceTypeAndTag(t *testing.T) {
	sel := res(tBackupSelect, "backup", m{
		"resources":  l{"arn:aws:rds:*:*:db:*", "arn:aws:ec2:*:*:volume/*"},
		"conditions": l{m{"stringEquals": l{m{"key": "aws:ResourceTag/millionstack:backup", "value": "vault"}}}},
	})
	tagged := m{"tags": m{"millionstack:backup": "vault"}}
	for _, c := range []struct {
		r    millionstacktest.Resource
		want bool
	}{
		{res(tRDS, "db", tagged), true},
		{res(tVolume, "data", tagged), true},
		{res(tRDS, "other", m{"tags": m{"millionstack:backup": "another-stack"}}), false},
		{res(tRDS, "untagged", m{}), false},
		{res(tTable, "sessions", tagged), false}, // tagged, but DynamoDB is not among the selection's resources
	} {
		ok, reason := backupPlan(c.r, NewScope(&millionstacktest.Inventory{Resources: rs(sel, c.r)}))
		assert.Equal(t, c.want, ok, "%s %s: %s", c.r.Type, c.r.Name, reason)
	}
	assert.True(t, globMatch("arn:aws:rds:*:*:db:*", "arn:aws:rds:us-east-1:123456789012:db:db"))
	assert.False(t, globMatch("arn:aws:rds:*:*:db:*", "arn:aws:rds:us-east-1:123456789012:cluster:db"))
}

// Log groups RDS creates get their retention at deploy time from the
// log-retention function's invocation, which CloudWatch.16 credits.
func TestRetentionSetAtDeployTimeCounts(t *testing.T) {
	db := res(tRDS, "db", m{"enabledCloudwatchLogsExports": l{"postgresql"}})
	rule := ruleByID(t, "CloudWatch.16")
	assert.NotEmpty(t, run(rule, rs(db)).Failures(), "no retention anywhere")
	set := res(tInvocation, "db-logs", m{"input": `{"logGroupNames":["/aws/rds/instance/db/postgresql"],"retentionInDays":365}`})
	assert.Empty(t, run(rule, rs(db, set)).Failures())
	other := res(tInvocation, "other", m{"input": `{"logGroupNames":["/aws/rds/instance/other/postgresql"],"retentionInDays":365}`})
	assert.NotEmpty(t, run(rule, rs(db, other)).Failures(), "another instance's groups")
}

// The failures millionstack accepts by design are reported as accepted,
// with the reason, and only on the resources the design covers: the
// access-log target bucket for S3.9, CloudFront's legacy log bucket for
// S3.12.
func TestAcceptancesCoverOnlyWhatTheDesignNeeds(t *testing.T) {
	target := res(tBucket, "access-logs", m{})
	logged := res(tBucket, "site", m{})
	logging := from(from(res(tBucketLogging, "site", m{}), "bucket", logged), "targetBucket", target)
	lone := res(tBucket, "lone", m{})
	rep := run(ruleByID(t, "S3.9"), rs(target, logged, logging, lone))
	results := map[string]Result{}
	for _, f := range rep.Findings {
		results[f.Name] = f.Result
		if f.Result == Accepted {
			assert.Contains(t, f.Suppression, "S3 server access logs")
		}
	}
	assert.Equal(t, map[string]Result{"access-logs": Accepted, "site": Pass, "lone": Fail}, results)
	assert.Equal(t, 1, rep.Accepted)

	cfLogs := res(tBucket, "site-logs", m{})
	dist := from(res(tDistribution, "site", m{}), "loggingConfig", cfLogs)
	acl := func(name string) millionstacktest.Resource {
		return from(res("aws:s3/bucketOwnershipControls:BucketOwnershipControls", name, m{"rule": m{"objectOwnership": "BucketOwnerPreferred"}}), "bucket", res(tBucket, name, m{}))
	}
	rep = run(ruleByID(t, "S3.12"), rs(cfLogs, dist, acl("site-logs"), res(tBucket, "other", m{}), acl("other")))
	results = map[string]Result{}
	for _, f := range rep.Findings {
		results[f.Name] = f.Result
	}
	assert.Equal(t, Accepted, results["site-logs"])
	assert.Equal(t, Fail, results["other"])
}

// A global database's secondary with one instance, and a global table's
// replica outside the backup plan, are accepted with their reasons; a
// cluster that takes writes from one AZ is not.
func TestDataTierAcceptances(t *testing.T) {
	secondary := res(tCluster, "orders-secondary", m{"globalClusterIdentifier": "g"})
	primary := res(tCluster, "orders", m{"globalClusterIdentifier": "g", "masterUsername": "admin"})
	instance := func(name string, cluster millionstacktest.Resource) millionstacktest.Resource {
		return from(res(tClusterInst, name, m{"availabilityZone": "us-east-1a"}), "clusterIdentifier", cluster)
	}
	rep := run(ruleByID(t, "RDS.15"), rs(secondary, instance("s-1", secondary), primary, instance("p-1", primary)))
	results := map[string]Result{}
	for _, f := range rep.Findings {
		results[f.Name] = f.Result
	}
	assert.Equal(t, map[string]Result{"orders-secondary": Accepted, "orders": Fail}, results)

	replica := res(tTableReplica, "sessions-secondary", m{})
	rep = run(ruleByID(t, "DynamoDB.4"), rs(replica, res(tTable, "lone", m{})))
	results = map[string]Result{}
	for _, f := range rep.Findings {
		results[f.Name] = f.Result
	}
	assert.Equal(t, map[string]Result{"sessions-secondary": Accepted, "lone": Fail}, results)
}

// Three failures are accepted only where the design's reason holds: ELB.1
// on a stack with no certificate at all (no domain), RDS.23 on a database
// nothing outside the stack reaches, ECS.20 on the placeholder image alone.
func TestStackLevelAcceptances(t *testing.T) {
	results := func(rep *Report) map[string]Result {
		out := map[string]Result{}
		for _, f := range rep.Findings {
			out[f.Name] = f.Result
		}
		return out
	}
	httpOnly := from(res(tListener, "http", m{"protocol": "HTTP", "defaultActions": l{m{"type": "forward"}}}), "loadBalancerArn", lb)
	assert.Equal(t, map[string]Result{"lb": Accepted}, results(run(ruleByID(t, "ELB.1"), rs(lb, httpOnly))), "no certificate anywhere")
	assert.Equal(t, map[string]Result{"lb": Fail}, results(run(ruleByID(t, "ELB.1"), rs(lb, httpOnly, res(tCertificate, "cert", m{})))),
		"a certificate the listener does not use")

	private := res(tRDS, "private", m{"engine": "postgres"})
	public := res(tRDS, "public", m{"engine": "postgres", "publiclyAccessible": true})
	assert.Equal(t, map[string]Result{"private": Accepted, "public": Fail}, results(run(ruleByID(t, "RDS.23"), rs(private, public))))

	placeholder := res(tTaskDefinition, "placeholder", m{"containerDefinitions": `[{"name":"app","image":"` + PlaceholderImage + `"}]`})
	own := res(tTaskDefinition, "own", m{"containerDefinitions": `[{"name":"app","image":"example/app:1"}]`})
	assert.Equal(t, map[string]Result{"placeholder": Accepted, "own": Fail}, results(run(ruleByID(t, "ECS.20"), rs(placeholder, own))))
}
