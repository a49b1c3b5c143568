package plan

import "github.com/millionstack/millionstack/internal/inventory"

// statefulTypes hold data that a replacement or deletion loses: rows,
// objects, messages, logs, and the keys that decrypt them. (An Elastic IP is not
// data: the host's address is released on purpose when the load balancer
// takes over at 1k.)
var statefulTypes = map[string]bool{
	"aws:ec2/vpc:Vpc":                                   true,
	"aws:ec2/subnet:Subnet":                             true,
	"aws:ebs/volume:Volume":                             true,
	"aws:rds/instance:Instance":                         true,
	"aws:elasticache/replicationGroup:ReplicationGroup": true,
	"aws:s3/bucketV2:BucketV2":                          true,
	"aws:dynamodb/table:Table":                          true,
	"aws:sqs/queue:Queue":                               true,
	"aws:kms/key:Key":                                   true, // deleting it makes what it encrypted unreadable
	"aws:cloudwatch/logGroup:LogGroup":                  true, // logs can be records (the prelaunch sign-ups)
	"aws:secretsmanager/secret:Secret":                  true, // the database's master password
	"aws:route53/zone:Zone":                             true,
}

// IsStateful reports whether losing r loses data. A read replica holds no
// data of its own: dropping one is a resize.
func IsStateful(r inventory.Resource) bool {
	if r.Type == "aws:rds/instance:Instance" && r.String("replicateSourceDb") != "" {
		return false
	}
	return statefulTypes[r.Type]
}

// replaceTriggers are the inputs whose change makes the AWS provider replace
// the resource instead of updating it (ForceNew in the provider's schema;
// pulumi-aws v6 docs, terraform-provider-aws). Only types millionstack
// creates are listed; a type not listed is diffed but never called a
// replacement unless the program asks for one with ReplaceOnChanges.
var replaceTriggers = map[string][]string{
	"aws:ec2/vpc:Vpc":                     {"cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"},
	"aws:ec2/subnet:Subnet":               {"vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId", "outpostArn"},
	"aws:ebs/volume:Volume":               {"availabilityZone", "encrypted", "kmsKeyId", "snapshotId", "outpostArn"},
	"aws:ec2/eip:Eip":                     {"domain", "address", "publicIpv4Pool", "networkBorderGroup", "customerOwnedIpv4Pool"},
	"aws:ec2/instance:Instance":           {"ami", "availabilityZone", "subnetId", "keyName", "privateIp", "tenancy", "placementGroup", "ebsBlockDevices", "ephemeralBlockDevices"},
	"aws:ec2/natGateway:NatGateway":       {"subnetId", "allocationId", "connectivityType", "privateIp"},
	"aws:ec2/securityGroup:SecurityGroup": {"name", "namePrefix", "vpcId", "description"},
	"aws:rds/instance:Instance": {
		"identifier", "identifierPrefix", "engine", "username", "dbName", "storageEncrypted", "kmsKeyId",
		"availabilityZone", "characterSetName", "ncharCharacterSetName", "timezone", "dbSubnetGroupName",
		"snapshotIdentifier", "restoreToPointInTime", "s3Import", "customIamInstanceProfile",
	},
	"aws:rds/subnetGroup:SubnetGroup": {"name", "namePrefix"},
	"aws:elasticache/replicationGroup:ReplicationGroup": {
		"replicationGroupId", "atRestEncryptionEnabled", "kmsKeyId", "subnetGroupName", "port",
		"snapshotArns", "snapshotName", "preferredCacheClusterAzs", "dataTieringEnabled", "globalReplicationGroupId",
	},
	"aws:elasticache/subnetGroup:SubnetGroup": {"name"},
	"aws:s3/bucketV2:BucketV2":                {"bucket", "bucketPrefix", "objectLockEnabled"},
	"aws:dynamodb/table:Table":                {"name", "hashKey", "rangeKey", "localSecondaryIndexes"},
	"aws:sqs/queue:Queue":                     {"name", "namePrefix", "fifoQueue"},
	"aws:sns/topic:Topic":                     {"name", "namePrefix", "fifoTopic"},
	"aws:secretsmanager/secret:Secret":        {"name", "namePrefix"},
	"aws:kms/key:Key":                         {"customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId"},
	"aws:route53/zone:Zone":                   {"name", "delegationSetId"},
	"aws:route53/record:Record":               {"name", "type", "zoneId", "setIdentifier"},
	"aws:lb/loadBalancer:LoadBalancer":        {"name", "namePrefix", "internal", "loadBalancerType"},
	"aws:lb/targetGroup:TargetGroup":          {"name", "namePrefix", "port", "protocol", "vpcId", "targetType", "protocolVersion"},
	"aws:lambda/function:Function":            {"name"},
	"aws:cloudwatch/logGroup:LogGroup":        {"name", "namePrefix", "logGroupClass"},
	"aws:iam/role:Role":                       {"name", "namePrefix", "path"},
	"aws:acm/certificate:Certificate":         {"domainName", "subjectAlternativeNames", "keyAlgorithm", "validationMethod"},
	"aws:wafv2/webAcl:WebAcl":                 {"name", "scope"},
	"aws:ec2/launchTemplate:LaunchTemplate":   {"name", "namePrefix"},
	"aws:autoscaling/group:Group":             {"name", "namePrefix"},
}

// triggersReplace reports whether a change to property replaces r, counting
// the program's own ReplaceOnChanges.
func triggersReplace(r inventory.Resource, property string) bool {
	for _, p := range r.ReplaceOnChanges {
		if p == property || p == "*" {
			return true
		}
	}
	for _, p := range replaceTriggers[r.Type] {
		if p == property {
			return true
		}
	}
	return false
}
