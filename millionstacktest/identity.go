package millionstacktest

import (
	"reflect"
	"strings"

	"github.com/millionstack/millionstack/internal/providerrules"
)

// statefulTypes hold data that a replacement or deletion loses: rows,
// objects, messages, logs, files, and the keys that decrypt them. (An Elastic
// IP is not data: the host's address is released on purpose when the load
// balancer takes over at 1k.)
var statefulTypes = map[string]bool{
	"aws:ec2/vpc:Vpc":                                   true,
	"aws:ec2/subnet:Subnet":                             true,
	"aws:ebs/volume:Volume":                             true,
	"aws:rds/instance:Instance":                         true,
	"aws:rds/cluster:Cluster":                           true, // 10m: Aurora
	"aws:rds/globalCluster:GlobalCluster":               true, // 10m: the global database that spans regions
	"aws:elasticache/replicationGroup:ReplicationGroup": true,
	"aws:s3/bucketV2:BucketV2":                          true,
	"aws:dynamodb/table:Table":                          true,
	"aws:dynamodb/tableReplica:TableReplica":            true, // 10m: a region's copy of a global table
	"aws:sqs/queue:Queue":                               true,
	"aws:sns/topic:Topic":                               true, // its subscriptions: an e-mail one needs the recipient to confirm again
	"aws:efs/fileSystem:FileSystem":                     true, // 10m, if used: shared files
	"aws:kms/key:Key":                                   true, // deleting it makes what it encrypted unreadable
	"aws:cloudwatch/logGroup:LogGroup":                  true, // logs can be records (the prelaunch sign-ups)
	"aws:secretsmanager/secret:Secret":                  true, // the database's master password
	"aws:route53/zone:Zone":                             true,
	"aws:backup/vault:Vault":                            true, // its recovery points
}

// IsStateful reports whether losing r loses data: a VPC or subnet (what lives
// in it), a volume, database, cache, bucket, table, queue, topic (its
// subscriptions), file system, KMS key, log group, secret, hosted zone or
// backup vault. A read replica holds no data of its own: dropping one is a
// resize.
func IsStateful(r Resource) bool {
	if r.Type == "aws:rds/instance:Instance" && r.String("replicateSourceDb") != "" {
		return false
	}
	return statefulTypes[r.Type]
}

// Trigger is an input whose change makes the provider replace the resource
// instead of updating it, with where that is stated.
type Trigger struct {
	Property string `json:"property"`
	Source   string `json:"source"`
}

// forceNew lists inputs the Terraform AWS provider, which pulumi-aws wraps,
// marks ForceNew in the schema of one resource (file under
// hashicorp/terraform-provider-aws internal/service/). Conditional
// replacements (CustomizeDiff's ForceNewIf) are named in a comment where
// they are left out.
func forceNew(file string, properties ...string) []Trigger {
	out := make([]Trigger, len(properties))
	for i, p := range properties {
		out[i] = Trigger{Property: p, Source: "terraform-provider-aws internal/service/" + file + ": ForceNew"}
	}
	return out
}

// handTriggers are the replace triggers read from the provider schema, one
// entry per property per type: every stateful type above and the other types
// the stages create. The SDK's doc comments state few of
// them; those they state come from the generated table as well (see
// ReplaceTriggers). A type not listed is diffed but never called a
// replacement unless the program asks for one with ReplaceOnChanges.
var handTriggers = map[string][]Trigger{
	// Stateful.
	"aws:ec2/vpc:Vpc":       forceNew("ec2/vpc_.go", "cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"),
	"aws:ec2/subnet:Subnet": forceNew("ec2/vpc_subnet.go", "vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId", "outpostArn", "ipv6Native"),
	"aws:ebs/volume:Volume": forceNew("ec2/ebs_volume.go", "availabilityZone", "encrypted", "kmsKeyId", "snapshotId", "outpostArn"),
	// identifier, identifierPrefix and dbSubnetGroupName are not ForceNew:
	// RDS renames an instance and moves it between subnet groups in place.
	// characterSetName, ncharCharacterSetName and timezone come from the
	// SDK docs ("This can't be changed.").
	"aws:rds/instance:Instance": forceNew("rds/instance.go",
		"availabilityZone", "backupTarget", "customIamInstanceProfile", "dbName", "engine", "kmsKeyId",
		"restoreToPointInTime", "s3Import", "snapshotIdentifier", "storageEncrypted", "username"),
	// storageType forces a new cluster only for Multi-AZ DB clusters (the
	// SDK doc: "(Forces new for Multi-AZ DB clusters)"): left out.
	"aws:rds/cluster:Cluster": forceNew("rds/cluster.go",
		"availabilityZones", "clusterIdentifier", "clusterIdentifierPrefix", "databaseName", "dbSubnetGroupName",
		"engine", "engineMode", "kmsKeyId", "masterUsername", "restoreToPointInTime", "s3Import", "sourceRegion",
		"storageEncrypted"),
	"aws:rds/globalCluster:GlobalCluster": forceNew("rds/global_cluster.go",
		"globalClusterIdentifier", "sourceDbClusterIdentifier", "storageEncrypted", "databaseName", "engine"),
	// Not stateful (the data is the cluster's), but a replaced instance is
	// a failover or a lost reader for as long as RDS takes to create one.
	"aws:rds/clusterInstance:ClusterInstance": forceNew("rds/cluster_instance.go",
		"availabilityZone", "clusterIdentifier", "customIamInstanceProfile", "dbSubnetGroupName", "engine",
		"identifier", "identifierPrefix"),
	"aws:rds/clusterParameterGroup:ClusterParameterGroup": forceNew("rds/cluster_parameter_group.go", "name", "namePrefix", "family", "description"),
	// A new major version is a new family, so a new group: the component
	// lets Pulumi name it, so the new one is created before the old goes.
	"aws:rds/parameterGroup:ParameterGroup":                  forceNew("rds/parameter_group.go", "name", "namePrefix", "family", "description"),
	"aws:elasticache/parameterGroup:ParameterGroup":          forceNew("elasticache/parameter_group.go", "name", "family", "description"),
	"aws:s3/bucketReplicationConfig:BucketReplicationConfig": forceNew("s3/bucket_replication_configuration.go", "bucket"),
	// engine (valkey to redis) and engineVersion force a new group only on a
	// downgrade, transitEncryptionEnabled only below Redis 7.0.5
	// (CustomizeDiff): left out. snapshotName comes from the SDK docs.
	"aws:elasticache/replicationGroup:ReplicationGroup": forceNew("elasticache/replication_group.go",
		"replicationGroupId", "atRestEncryptionEnabled", "dataTieringEnabled", "globalReplicationGroupId", "kmsKeyId",
		"networkType", "port", "securityGroupNames", "snapshotArns", "subnetGroupName"),
	"aws:dynamodb/table:Table": forceNew("dynamodb/table.go",
		"name", "hashKey", "rangeKey", "localSecondaryIndexes", "importTable",
		"restoreSourceName", "restoreSourceTableArn", "restoreDateTime", "restoreToLatestTime"),
	"aws:dynamodb/tableReplica:TableReplica": forceNew("dynamodb/table_replica.go", "globalTableArn", "kmsKeyArn"),
	"aws:s3/bucketV2:BucketV2":               forceNew("s3/bucket.go", "bucket", "bucketPrefix", "objectLockEnabled"),
	"aws:sqs/queue:Queue":                    forceNew("sqs/queue.go", "name", "namePrefix", "fifoQueue"),
	"aws:sns/topic:Topic":                    forceNew("sns/topic.go", "name", "namePrefix", "fifoTopic"),
	"aws:efs/fileSystem:FileSystem": forceNew("efs/file_system.go",
		"availabilityZoneName", "creationToken", "encrypted", "kmsKeyId", "performanceMode"),
	"aws:kms/key:Key":                  forceNew("kms/key.go", "customKeyStoreId", "customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId"),
	"aws:secretsmanager/secret:Secret": forceNew("secretsmanager/secret.go", "name", "namePrefix"),
	"aws:cloudwatch/logGroup:LogGroup": forceNew("logs/group.go", "name", "namePrefix", "logGroupClass"),
	"aws:route53/zone:Zone":            forceNew("route53/zone.go", "name", "delegationSetId"),
	"aws:backup/vault:Vault":           forceNew("backup/vault.go", "name", "kmsKeyArn"),

	// Not stateful: a replacement is a short outage or a new address, worth
	// showing in a diff.
	// A parameter is named once: a new name (another Path for appconfig)
	// is a new parameter, the old one deleted.
	"aws:ssm/parameter:Parameter": forceNew("ssm/parameter.go", "name", "dataType"),
	"aws:ec2/eip:Eip":             forceNew("ec2/ec2_eip.go", "domain", "address", "publicIpv4Pool", "networkBorderGroup", "customerOwnedIpv4Pool"),
	// rootBlockDevice.encrypted and .kmsKeyId are ForceNew inside the block
	// ("For the root volume, you can only modify the following: volume
	// size, volume type, and the Delete on Termination flag"): nested
	// triggers, compared within the block.
	"aws:ec2/instance:Instance": forceNew("ec2/ec2_instance.go", "ami", "availabilityZone", "subnetId", "keyName", "privateIp", "tenancy", "placementGroup", "ebsBlockDevices", "ephemeralBlockDevices",
		"rootBlockDevice.encrypted", "rootBlockDevice.kmsKeyId"),
	"aws:ec2/natGateway:NatGateway":           forceNew("ec2/vpc_nat_gateway.go", "subnetId", "allocationId", "connectivityType", "privateIp"),
	"aws:ec2/securityGroup:SecurityGroup":     forceNew("ec2/vpc_security_group.go", "name", "namePrefix", "vpcId", "description"),
	"aws:rds/subnetGroup:SubnetGroup":         forceNew("rds/subnet_group.go", "name", "namePrefix"),
	"aws:elasticache/subnetGroup:SubnetGroup": forceNew("elasticache/subnet_group.go", "name"),
	"aws:route53/record:Record":               forceNew("route53/record.go", "name", "type", "zoneId", "setIdentifier"),
	"aws:lb/loadBalancer:LoadBalancer":        forceNew("elbv2/load_balancer.go", "name", "namePrefix", "internal", "loadBalancerType"),
	"aws:lb/targetGroup:TargetGroup":          forceNew("elbv2/target_group.go", "name", "namePrefix", "port", "protocol", "vpcId", "targetType", "protocolVersion"),
	"aws:lambda/function:Function":            forceNew("lambda/function.go", "name"),
	"aws:iam/role:Role":                       forceNew("iam/role.go", "name", "namePrefix", "path"),
	"aws:acm/certificate:Certificate":         forceNew("acm/certificate.go", "domainName", "subjectAlternativeNames", "keyAlgorithm", "validationMethod"),
	"aws:wafv2/webAcl:WebAcl":                 forceNew("wafv2/web_acl.go", "name", "scope"),
	"aws:ec2/launchTemplate:LaunchTemplate":   forceNew("ec2/ec2_launch_template.go", "name", "namePrefix"),
	"aws:autoscaling/group:Group":             forceNew("autoscaling/group.go", "name", "namePrefix"),
	// 10m: ECS on Fargate. A service's capacityProviderStrategies force a
	// new service only without forceNewDeployment or when the list goes
	// from empty to not or back (capacityProviderStrategyCustomizeDiff):
	// left out. Every argument of a task definition forces a new revision.
	"aws:ecs/cluster:Cluster":                                   forceNew("ecs/cluster.go", "name"),
	"aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": forceNew("ecs/cluster_capacity_providers.go", "clusterName"),
	"aws:ecs/service:Service":                                   forceNew("ecs/service.go", "name", "cluster", "launchType", "schedulingStrategy", "iamRole"),
	"aws:ecs/taskDefinition:TaskDefinition": forceNew("ecs/task_definition.go",
		"family", "containerDefinitions", "cpu", "memory", "networkMode", "executionRoleArn", "taskRoleArn",
		"requiresCompatibilities", "runtimePlatform", "volumes", "ephemeralStorage", "pidMode", "ipcMode",
		"placementConstraints", "proxyConfiguration", "inferenceAccelerators"),
	"aws:appautoscaling/target:Target":            forceNew("appautoscaling/target.go", "resourceId", "scalableDimension", "serviceNamespace"),
	"aws:appautoscaling/policy:Policy":            forceNew("appautoscaling/policy.go", "name", "resourceId", "scalableDimension", "serviceNamespace"),
	"aws:iam/serviceLinkedRole:ServiceLinkedRole": forceNew("iam/service_linked_role.go", "awsServiceName", "customSuffix"),
	// 10m: the second region's routing and peering.
	"aws:route53/healthCheck:HealthCheck":                               forceNew("route53/health_check.go", "type", "requestInterval", "measureLatency", "referenceName", "routingControlArn"),
	"aws:ec2/vpcPeeringConnection:VpcPeeringConnection":                 forceNew("ec2/vpc_peering_connection.go", "vpcId", "peerVpcId", "peerOwnerId", "peerRegion"),
	"aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": forceNew("ec2/vpc_peering_connection_accepter.go", "vpcPeeringConnectionId"),

	// The database's access. A replaced invocation is a second run of the
	// bootstrap function: with the default lifecycle_scope CREATE_ONLY a
	// changed input forces a new resource (CustomizeDiff
	// customizeDiffInputChangeWithCreateOnlyScope), which is listed with
	// the schema's ForceNew arguments.
	"aws:lambda/invocation:Invocation": append(forceNew("lambda/invocation.go", "functionName", "qualifier", "triggers"),
		Trigger{Property: "input", Source: "terraform-provider-aws internal/service/lambda/invocation.go: customizeDiffInputChangeWithCreateOnlyScope (lifecycle_scope CREATE_ONLY, the default)"}),
	"aws:serverlessrepository/cloudFormationStack:CloudFormationStack": forceNew("serverlessrepo/cloudformation_stack.go", "applicationId", "name"),
	// privateDnsEnabled forces a new endpoint only for a type other than
	// Interface (CustomizeDiff): left out.
	"aws:ec2/vpcEndpoint:VpcEndpoint":                  forceNew("ec2/vpc_endpoint.go", "vpcId", "serviceName", "vpcEndpointType", "resourceConfigurationArn", "serviceNetworkArn"),
	"aws:secretsmanager/secretVersion:SecretVersion":   forceNew("secretsmanager/secret_version.go", "secretId", "secretString", "secretBinary"),
	"aws:secretsmanager/secretRotation:SecretRotation": forceNew("secretsmanager/secret_rotation.go", "secretId"),
	"aws:backup/plan:Plan":                             forceNew("backup/plan.go", "name"),
	"aws:backup/selection:Selection": forceNew("backup/selection.go",
		"name", "planId", "iamRoleArn", "selectionTags", "conditions", "resources", "notResources"),
	"aws:backup/vaultLockConfiguration:VaultLockConfiguration": forceNew("backup/vault_lock_configuration.go",
		"backupVaultName", "changeableForDays", "maxRetentionDays", "minRetentionDays"),
}

// ReplaceTriggers returns the inputs whose change replaces a resource of
// type typ: the hand entries read from the provider schema, then those the
// SDK's doc comments state ("This can't be changed", "Changing this forces a
// new resource"), which the generated provider rules carry.
func ReplaceTriggers(typ string) []Trigger {
	out := append([]Trigger(nil), handTriggers[typ]...)
	seen := map[string]bool{}
	for _, t := range out {
		seen[t.Property] = true
	}
	for _, r := range providerrules.For(typ) {
		if r.Kind == providerrules.ForceNew && r.Object == "" && !seen[r.Property] {
			seen[r.Property] = true
			out = append(out, Trigger{Property: r.Property, Source: r.Source.String()})
		}
	}
	return out
}

// triggersReplace reports whether the change of the top-level input
// property from old to new replaces r: the property is a trigger, or the
// program's own ReplaceOnChanges names it, or a nested trigger under it
// ("rootBlockDevice.kmsKeyId") differs between old and new.
func triggersReplace(r Resource, property string, old, new interface{}) bool {
	for _, t := range ReplaceTriggers(r.Type) {
		if rest, nested := strings.CutPrefix(t.Property, property+"."); nested && !reflect.DeepEqual(within(old, rest), within(new, rest)) {
			return true
		}
	}
	return triggers(r, property)
}

// within returns the value at the dotted path inside v (a plain object), or
// nil where there is none.
func within(v interface{}, path string) interface{} {
	for _, part := range strings.Split(path, ".") {
		m, ok := v.(map[string]interface{})
		if !ok {
			return nil
		}
		v = m[part]
	}
	return v
}

// triggers reports whether property itself replaces r when it changes,
// counting the program's own ReplaceOnChanges.
func triggers(r Resource, property string) bool {
	for _, p := range r.ReplaceOnChanges {
		if p == property || p == "*" {
			return true
		}
	}
	for _, t := range ReplaceTriggers(r.Type) {
		if t.Property == property {
			return true
		}
	}
	return false
}
