package millionstacktest

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cloud builds one recorded cloud resource with plain inputs.
func cloud(typ, name string, inputs map[string]interface{}) Resource {
	return Resource{
		URN:  "urn:pulumi:dev::millionstack::" + typ + "::" + name,
		Type: typ, Name: name, Custom: true,
		Inputs: resource.NewPropertyMapFromMap(inputs),
	}
}

func inv(rs ...Resource) *Inventory {
	return &Inventory{Stack: "dev", Resources: rs}
}

func with(m map[string]interface{}, key string, v interface{}) map[string]interface{} {
	out := map[string]interface{}{}
	for k, x := range m {
		out[k] = x
	}
	if v == nil {
		delete(out, key)
	} else {
		out[key] = v
	}
	return out
}

// entry diffs one resource before and after a change of one input.
func entry(t *testing.T, typ string, before map[string]interface{}, key string, after interface{}) Entry {
	t.Helper()
	d := Compare(inv(cloud(typ, "r", before)), inv(cloud(typ, "r", with(before, key, after))))
	require.Len(t, d.Entries, 1, "%s %s", typ, key)
	return d.Entries[0]
}

// For each stateful type, changing an input the provider cannot update in
// place replaces the resource and loses its data; changing one it can is an
// update. The pairs pin what the replace-trigger table says: dropping an
// entry (storageEncrypted from RDS) or adding a wrong one fails here.
func TestStatefulReplaceTriggers(t *testing.T) {
	pinned := map[string]bool{}
	defer func() {
		// A stateful type added without a row here is held by nothing.
		for typ := range statefulTypes {
			assert.True(t, pinned[typ], "%s is stateful but no case pins its replace triggers", typ)
		}
	}()
	for _, c := range []struct {
		typ        string
		inputs     map[string]interface{}
		replacedBy map[string]interface{} // input -> new value (nil: removed)
		updatedBy  map[string]interface{}
	}{
		{"aws:ec2/vpc:Vpc", map[string]interface{}{"cidrBlock": "10.0.0.0/16", "enableDnsHostnames": true},
			map[string]interface{}{"cidrBlock": "10.1.0.0/16"}, map[string]interface{}{"enableDnsHostnames": false}},
		{"aws:ec2/subnet:Subnet", map[string]interface{}{"vpcId": "vpc-1", "cidrBlock": "10.0.0.0/20", "availabilityZone": "us-east-1a", "mapPublicIpOnLaunch": false},
			map[string]interface{}{"cidrBlock": "10.0.16.0/20", "availabilityZone": "us-east-1b", "vpcId": "vpc-2"}, map[string]interface{}{"mapPublicIpOnLaunch": true}},
		{"aws:ebs/volume:Volume", map[string]interface{}{"availabilityZone": "us-east-1a", "encrypted": true, "size": 20.0},
			map[string]interface{}{"encrypted": false, "availabilityZone": "us-east-1b"}, map[string]interface{}{"size": 40.0}},
		{"aws:rds/instance:Instance", map[string]interface{}{"engine": "postgres", "storageEncrypted": true, "username": "app", "dbName": "app", "kmsKeyId": "k1", "instanceClass": "db.t3.micro", "allocatedStorage": 20.0, "characterSetName": "UTF8"},
			map[string]interface{}{"storageEncrypted": nil, "engine": "mysql", "username": "admin", "dbName": "other", "kmsKeyId": "k2", "characterSetName": "AL32UTF8"},
			map[string]interface{}{"instanceClass": "db.m5.large", "allocatedStorage": 100.0, "identifier": "renamed", "dbSubnetGroupName": "other"}},
		{"aws:rds/cluster:Cluster", map[string]interface{}{"engine": "aurora-postgresql", "storageEncrypted": true, "masterUsername": "app", "engineVersion": "16.4"},
			map[string]interface{}{"storageEncrypted": false, "engine": "aurora-mysql", "masterUsername": "root"}, map[string]interface{}{"engineVersion": "16.6"}},
		{"aws:rds/globalCluster:GlobalCluster", map[string]interface{}{"globalClusterIdentifier": "g", "storageEncrypted": true, "deletionProtection": true},
			map[string]interface{}{"storageEncrypted": false, "globalClusterIdentifier": "h"}, map[string]interface{}{"deletionProtection": false}},
		{"aws:elasticache/replicationGroup:ReplicationGroup", map[string]interface{}{"replicationGroupId": "cache", "atRestEncryptionEnabled": "true", "subnetGroupName": "s", "port": 6379.0, "nodeType": "cache.t4g.small", "snapshotName": ""},
			map[string]interface{}{"atRestEncryptionEnabled": "false", "subnetGroupName": "t", "port": 6380.0, "replicationGroupId": "cache2", "snapshotName": "snap"}, map[string]interface{}{"nodeType": "cache.r6g.large"}},
		{"aws:dynamodb/table:Table", map[string]interface{}{"name": "sessions", "hashKey": "id", "billingMode": "PAY_PER_REQUEST"},
			map[string]interface{}{"hashKey": "sid", "name": "sessions2"}, map[string]interface{}{"billingMode": "PROVISIONED"}},
		{"aws:dynamodb/tableReplica:TableReplica", map[string]interface{}{"globalTableArn": "arn:a", "pointInTimeRecovery": true},
			map[string]interface{}{"globalTableArn": "arn:b"}, map[string]interface{}{"pointInTimeRecovery": false}},
		{"aws:s3/bucketV2:BucketV2", map[string]interface{}{"bucketPrefix": "site-", "objectLockEnabled": false, "forceDestroy": false},
			map[string]interface{}{"bucketPrefix": "www-", "objectLockEnabled": true}, map[string]interface{}{"forceDestroy": true}},
		{"aws:sqs/queue:Queue", map[string]interface{}{"name": "jobs", "fifoQueue": false, "visibilityTimeoutSeconds": 30.0},
			map[string]interface{}{"fifoQueue": true, "name": "jobs2"}, map[string]interface{}{"visibilityTimeoutSeconds": 60.0}},
		{"aws:sns/topic:Topic", map[string]interface{}{"name": "alarms", "fifoTopic": false, "displayName": "a"},
			map[string]interface{}{"fifoTopic": true}, map[string]interface{}{"displayName": "b"}},
		{"aws:efs/fileSystem:FileSystem", map[string]interface{}{"encrypted": true, "performanceMode": "generalPurpose", "throughputMode": "bursting"},
			map[string]interface{}{"encrypted": false, "performanceMode": "maxIO"}, map[string]interface{}{"throughputMode": "elastic"}},
		{"aws:kms/key:Key", map[string]interface{}{"keyUsage": "ENCRYPT_DECRYPT", "multiRegion": false, "enableKeyRotation": true},
			map[string]interface{}{"keyUsage": "SIGN_VERIFY", "multiRegion": true}, map[string]interface{}{"enableKeyRotation": false}},
		{"aws:secretsmanager/secret:Secret", map[string]interface{}{"namePrefix": "db-", "recoveryWindowInDays": 7.0},
			map[string]interface{}{"namePrefix": "app-"}, map[string]interface{}{"recoveryWindowInDays": 30.0}},
		{"aws:cloudwatch/logGroup:LogGroup", map[string]interface{}{"name": "/app", "logGroupClass": "STANDARD", "retentionInDays": 30.0},
			map[string]interface{}{"name": "/app2", "logGroupClass": "INFREQUENT_ACCESS"}, map[string]interface{}{"retentionInDays": 365.0}},
		{"aws:route53/zone:Zone", map[string]interface{}{"name": "example.com", "comment": "a"},
			map[string]interface{}{"name": "example.org"}, map[string]interface{}{"comment": "b"}},
		{"aws:backup/vault:Vault", map[string]interface{}{"name": "backup-1", "kmsKeyArn": "k1", "tags": map[string]interface{}{"a": "1"}},
			map[string]interface{}{"name": "backup-2", "kmsKeyArn": "k2"}, map[string]interface{}{"tags": map[string]interface{}{"a": "2"}}},
	} {
		require.True(t, statefulTypes[c.typ], "%s is not stateful", c.typ)
		pinned[c.typ] = true
		for key, v := range c.replacedBy {
			e := entry(t, c.typ, c.inputs, key, v)
			assert.Equal(t, Replace, e.Action, "%s: changing %s", c.typ, key)
			assert.True(t, e.Loses(), "%s: replacing it loses data", c.typ)
		}
		for key, v := range c.updatedBy {
			e := entry(t, c.typ, c.inputs, key, v)
			assert.Equal(t, Update, e.Action, "%s: changing %s is an in-place update", c.typ, key)
		}
	}
}

// Every stateful type has replace triggers, each with where it is stated.
func TestEveryStatefulTypeHasSourcedTriggers(t *testing.T) {
	for typ := range statefulTypes {
		ts := ReplaceTriggers(typ)
		assert.NotEmpty(t, ts, typ)
		for _, tr := range ts {
			assert.NotEmpty(t, tr.Property, typ)
			assert.True(t, strings.Contains(tr.Source, "terraform-provider-aws internal/service/") || strings.Contains(tr.Source, "pulumi-aws/sdk/v6@"),
				"%s %s: source %q", typ, tr.Property, tr.Source)
		}
	}
	// Where the SDK docs state the replacement, the generated table supplies it.
	var charset Trigger
	for _, tr := range ReplaceTriggers("aws:rds/instance:Instance") {
		if tr.Property == "characterSetName" {
			charset = tr
		}
	}
	assert.Contains(t, charset.Source, "go/aws/rds/instance.go: \"This can't be changed.\"")
}

// A new image is a new task definition revision (a replacement that loses
// nothing), which the ECS service takes in place; moving the service to
// another cluster replaces it.
func TestANewImageIsARevisionTheServiceRollsTo(t *testing.T) {
	td := "aws:ecs/taskDefinition:TaskDefinition"
	e := entry(t, td, map[string]interface{}{"family": "app", "containerDefinitions": `[{"image":"app:1"}]`}, "containerDefinitions", `[{"image":"app:2"}]`)
	assert.Equal(t, Replace, e.Action)
	assert.False(t, e.Loses())
	svc := "aws:ecs/service:Service"
	before := map[string]interface{}{"taskDefinition": "arn:td:1", "cluster": "arn:cluster", "healthCheckGracePeriodSeconds": 60.0}
	assert.Equal(t, Update, entry(t, svc, before, "taskDefinition", "arn:td:2").Action)
	assert.Equal(t, Update, entry(t, svc, before, "healthCheckGracePeriodSeconds", 120.0).Action)
	assert.Equal(t, Replace, entry(t, svc, before, "cluster", "arn:other").Action)
}

// The types the database's access registers are replaced, not updated,
// exactly where the provider says so: a bootstrap invocation whose input or
// trigger changes runs again (a replacement), the rotation application's
// stack and the secrets' versions and rotation keep their identity
// otherwise.
func TestAccessTypesReplaceWhereTheProviderSays(t *testing.T) {
	for _, c := range []struct {
		typ        string
		inputs     map[string]interface{}
		replacedBy map[string]interface{}
		updatedBy  map[string]interface{}
	}{
		{"aws:lambda/invocation:Invocation", map[string]interface{}{"functionName": "f", "input": `{"user":"a"}`, "triggers": map[string]interface{}{"code": "1"}},
			map[string]interface{}{"functionName": "g", "input": `{"user":"b"}`, "triggers": map[string]interface{}{"code": "2"}}, nil},
		{"aws:serverlessrepository/cloudFormationStack:CloudFormationStack", map[string]interface{}{"name": "rot", "applicationId": "arn:a", "semanticVersion": "1.1.671", "parameters": map[string]interface{}{"vpcSubnetIds": "a,b"}},
			map[string]interface{}{"name": "rot2", "applicationId": "arn:b"}, map[string]interface{}{"semanticVersion": "1.1.700", "parameters": map[string]interface{}{"vpcSubnetIds": "a,b,c"}}},
		{"aws:ec2/vpcEndpoint:VpcEndpoint", map[string]interface{}{"vpcId": "vpc-1", "serviceName": "com.amazonaws.us-east-1.secretsmanager", "vpcEndpointType": "Interface", "subnetIds": []interface{}{"a"}, "privateDnsEnabled": true},
			map[string]interface{}{"vpcId": "vpc-2", "serviceName": "com.amazonaws.us-east-1.ssm", "vpcEndpointType": "Gateway"}, map[string]interface{}{"subnetIds": []interface{}{"a", "b"}, "privateDnsEnabled": false}},
		{"aws:secretsmanager/secretVersion:SecretVersion", map[string]interface{}{"secretId": "s", "secretString": "a", "versionStages": []interface{}{"AWSCURRENT"}},
			map[string]interface{}{"secretId": "t", "secretString": "b"}, map[string]interface{}{"versionStages": []interface{}{"AWSPREVIOUS"}}},
		{"aws:secretsmanager/secretRotation:SecretRotation", map[string]interface{}{"secretId": "s", "rotationLambdaArn": "arn:f", "rotationRules": map[string]interface{}{"automaticallyAfterDays": 30.0}},
			map[string]interface{}{"secretId": "t"}, map[string]interface{}{"rotationLambdaArn": "arn:g", "rotationRules": map[string]interface{}{"automaticallyAfterDays": 7.0}}},
	} {
		assert.False(t, statefulTypes[c.typ], "%s holds no data", c.typ)
		for key, v := range c.replacedBy {
			e := entry(t, c.typ, c.inputs, key, v)
			assert.Equal(t, Replace, e.Action, "%s: changing %s", c.typ, key)
			assert.False(t, e.Loses(), "%s: replacing it loses nothing", c.typ)
		}
		for key, v := range c.updatedBy {
			assert.Equal(t, Update, entry(t, c.typ, c.inputs, key, v).Action, "%s: changing %s is an in-place update", c.typ, key)
		}
		for _, tr := range ReplaceTriggers(c.typ) {
			assert.Contains(t, tr.Source, "terraform-provider-aws internal/service/", "%s %s", c.typ, tr.Property)
		}
	}
}

// A replacement the program asks for (ReplaceOnChanges) counts too.
func TestReplaceOnChanges(t *testing.T) {
	before := cloud("aws:ssm/parameter:Parameter", "p", map[string]interface{}{"value": "a"})
	after := cloud("aws:ssm/parameter:Parameter", "p", map[string]interface{}{"value": "b"})
	assert.Equal(t, Update, Compare(inv(before), inv(after)).Entries[0].Action)
	after.ReplaceOnChanges = []string{"value"}
	assert.Equal(t, Replace, Compare(inv(before), inv(after)).Entries[0].Action)
}

// An input the new registration ignores keeps its old value, as Pulumi
// does: a newer AMI does not replace a host that ignores "ami".
func TestIgnoreChangesKeepsTheOldValue(t *testing.T) {
	typ := "aws:ec2/instance:Instance"
	before := cloud(typ, "host", map[string]interface{}{"ami": "ami-1", "instanceType": "t3.micro",
		"rootBlockDevice": map[string]interface{}{"volumeSize": 8.0, "volumeType": "gp3"}})
	after := cloud(typ, "host", map[string]interface{}{"ami": "ami-2", "instanceType": "t3.micro",
		"rootBlockDevice": map[string]interface{}{"volumeSize": 16.0, "volumeType": "gp3"}})

	d := Compare(inv(before), inv(after))
	require.Len(t, d.Entries, 1)
	assert.Equal(t, Replace, d.Entries[0].Action, "without IgnoreChanges a new AMI replaces the host")

	after.IgnoreChanges = []string{"ami", "rootBlockDevice.volumeSize"}
	d = Compare(inv(before), inv(after))
	assert.Empty(t, d.Entries, "both changes are ignored")
	assert.Equal(t, 1, d.Unchanged)
	assert.Equal(t, 16.0, after.Plain()["rootBlockDevice"].(map[string]interface{})["volumeSize"], "the new inputs are not changed in place")

	after.IgnoreChanges = []string{"ami"}
	d = Compare(inv(before), inv(after))
	require.Len(t, d.Entries, 1)
	assert.Equal(t, Update, d.Entries[0].Action, "the volume size is still an update")
	assert.Equal(t, "rootBlockDevice", d.Entries[0].Changes[0].Property)

	after.IgnoreChanges = []string{"*"}
	assert.Empty(t, Compare(inv(before), inv(after)).Entries)
}

// Moving a resource to another provider is a replacement, even with
// identical inputs: the engine deletes it through the old provider and
// creates it through the new one. A stateful one loses its data.
func TestMovingToAnotherProviderReplaces(t *testing.T) {
	const west = "urn:pulumi:dev::millionstack::pulumi:providers:aws::west"
	queue := cloud("aws:sqs/queue:Queue", "jobs", map[string]interface{}{"name": "jobs"})
	moved := queue
	moved.Provider = west + "::west-id"

	d := Compare(inv(queue), inv(moved))
	require.Len(t, d.Entries, 1)
	assert.Equal(t, Replace, d.Entries[0].Action)
	assert.Equal(t, []Change{{Property: ProviderProperty, Old: "default provider", New: west, Replaces: true}}, d.Entries[0].Changes)
	require.Len(t, d.DataLosses, 1, "a queue holds messages")

	// The same provider with another ID (the provider was itself updated or
	// replaced) is not a move.
	again := moved
	again.Provider = west + "::another-id"
	assert.Empty(t, Compare(inv(moved), inv(again)).Entries)
}

// A trigger inside a block replaces only when that field changes: another
// key for the root volume replaces the instance, a larger root volume does
// not.
func TestNestedTriggers(t *testing.T) {
	typ := "aws:ec2/instance:Instance"
	root := func(size float64, key string) *Inventory {
		return inv(cloud(typ, "host", map[string]interface{}{"ami": "ami-1",
			"rootBlockDevice": map[string]interface{}{"volumeSize": size, "encrypted": true, "kmsKeyId": key}}))
	}
	assert.Equal(t, Replace, Compare(root(8, "arn:key/a"), root(8, "arn:key/b")).Entries[0].Action)
	assert.Equal(t, Update, Compare(root(8, "arn:key/a"), root(16, "arn:key/a")).Entries[0].Action)
	assert.Equal(t, Replace, Compare(root(8, "arn:key/a"), root(16, "arn:key/b")).Entries[0].Action)
}

// A bucket's outputs agree on its name, whether the program names it
// (a secret too) or Pulumi does.
func TestBucketOutputsAgreeOnTheName(t *testing.T) {
	inv, err := Record(func(ctx *pulumi.Context) error {
		if _, err := s3.NewBucketV2(ctx, "named", &s3.BucketV2Args{Bucket: pulumi.ToSecret(pulumi.String("acme-assets")).(pulumi.StringOutput)}); err != nil {
			return err
		}
		_, err := s3.NewBucketV2(ctx, "auto", nil)
		return err
	}, Options{})
	require.NoError(t, err)
	for name, bucket := range map[string]string{"named": "acme-assets", "auto": "auto"} {
		r, ok := inv.Named("aws:s3/bucketV2:BucketV2", name)
		require.True(t, ok)
		assert.Equal(t, "arn:aws:s3:::"+bucket, plain(r.Outputs["arn"]))
		assert.Equal(t, bucket+".s3.us-east-1.amazonaws.com", plain(r.Outputs["bucketRegionalDomainName"]))
	}
}
