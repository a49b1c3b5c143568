package main

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// sc builds a scope: the documented argument and the other arguments of its object.
func sc(self string, siblings ...string) scope {
	return scope{Type: "aws:test/thing:Thing", File: "go/aws/test/thing.go", Self: self, Siblings: append([]string{self}, siblings...)}
}

// lambda puts a scope in aws:lambda/function:Function, where the docs'
// `filename` is the SDK's `code`.
func lambda(s scope) scope {
	s.Type = "aws:lambda/function:Function"
	return s
}

func f(v float64) *float64 { return &v }

// want is what a test expects of one rule; unset fields are not compared.
type want struct {
	Kind, Property          string
	Others, When, OtherVals []string
	Values                  []string
	Min, Max                *float64
	Pattern                 string
}

func (w want) matches(r rule) bool {
	return w.Kind == r.Kind && w.Property == r.Property &&
		reflect.DeepEqual(w.Others, r.Others) && reflect.DeepEqual(w.When, r.When) &&
		reflect.DeepEqual(w.OtherVals, r.OtherValues) && reflect.DeepEqual(w.Values, r.Values) &&
		reflect.DeepEqual(w.Min, r.Min) && reflect.DeepEqual(w.Max, r.Max) && w.Pattern == r.Pattern
}

// Every phrasing the parser knows, on a real sentence of the pinned SDK
// (the comment names the resource and argument it documents).
var phrasings = []struct {
	phrase   string
	sentence string
	scope    scope
	want     []want
}{
	// aws:ec2/securityGroup:SecurityGroup namePrefix
	{"conflicts-with", "Conflicts with `name`.", sc("namePrefix", "name"),
		[]want{{Kind: kindConflicts, Property: "namePrefix", Others: []string{"name"}}}},
	// aws:rds/instance:Instance domain: "and a" before the last name.
	{"conflicts-with", "Conflicts with `domainFqdn`, `domainOu`, `domainAuthSecretArn` and a `domainDnsIps`.",
		sc("domain", "domainFqdn", "domainOu", "domainAuthSecretArn", "domainDnsIps"),
		[]want{{Kind: kindConflicts, Property: "domain", Others: []string{"domainFqdn", "domainOu", "domainAuthSecretArn", "domainDnsIps"}}}},
	// aws:s3/bucketV2:BucketV2 acl: the docs keep the Terraform block name, Pulumi pluralises it.
	{"conflicts-with", "Conflicts with `grant`.", sc("acl", "grants"),
		[]want{{Kind: kindConflicts, Property: "acl", Others: []string{"grants"}}}},
	// aws:route53/zone:Zone delegationSetId: a trailing explanation.
	{"conflicts-with", "Conflicts with `vpc` as delegation sets can only be used for public zones.", sc("delegationSetId", "vpcs"),
		[]want{{Kind: kindConflicts, Property: "delegationSetId", Others: []string{"vpcs"}}}},
	// aws:rds/instance:Instance characterSetName
	{"cannot-be-set-with", "Cannot be set with `replicateSourceDb`, `restoreToPointInTime`, `s3Import`, or `snapshotIdentifier`.",
		sc("characterSetName", "replicateSourceDb", "restoreToPointInTime", "s3Import", "snapshotIdentifier"),
		[]want{{Kind: kindConflicts, Property: "characterSetName", Others: []string{"replicateSourceDb", "restoreToPointInTime", "s3Import", "snapshotIdentifier"}}}},
	// aws:rds/instance:Instance manageMasterUserPassword: the known blocker. `passwordWo`
	// (Terraform's write-only password) is no argument of the Pulumi SDK and is left out.
	{"cannot-be-set-if-provided", "Cannot be set if `password` or `passwordWo` is provided.", sc("manageMasterUserPassword", "password"),
		[]want{{Kind: kindConflicts, Property: "manageMasterUserPassword", Others: []string{"password"}}}},
	// aws:rds/instance:Instance password: the conflict only while the other is true.
	{"cannot-be-set-if-value", "Cannot be set if `manageMasterUserPassword` is set to `true`.", sc("password", "manageMasterUserPassword"),
		[]want{{Kind: kindConflicts, Property: "password", Others: []string{"manageMasterUserPassword"}, OtherVals: []string{"true"}}}},
	// aws:elasticache/replicationGroup:ReplicationGroup globalReplicationGroupId
	{"if-set-cannot-be-set", "If `globalReplicationGroupId` is set, the `numNodeGroups` parameter cannot be set.", sc("globalReplicationGroupId", "numNodeGroups"),
		[]want{{Kind: kindConflicts, Property: "globalReplicationGroupId", Others: []string{"numNodeGroups"}}}},
	// Not in the pinned SDK's covered types; the brief's phrasing "Only one of".
	{"only-one-of", "Only one of `a` or `b` can be specified.", sc("a", "b"),
		[]want{{Kind: kindConflicts, Property: "a", Others: []string{"b"}}, {Kind: kindConflicts, Property: "b", Others: []string{"a"}}}},
	// aws:ec2/vpcEndpoint:VpcEndpoint serviceName
	{"exactly-one-of", "Exactly one of `resourceConfigurationArn`, `serviceName` or `serviceNetworkArn` is required.",
		sc("serviceName", "resourceConfigurationArn", "serviceNetworkArn"),
		[]want{{Kind: kindExactlyOneOf, Property: "resourceConfigurationArn", Others: []string{"serviceName", "serviceNetworkArn"}}}},
	// aws:lambda/function:Function code: `filename` is Pulumi's `code`.
	{"exactly-one-of", "Exactly one of `filename`, `imageUri`, or `s3Bucket` must be specified.", lambda(sc("code", "imageUri", "s3Bucket")),
		[]want{{Kind: kindExactlyOneOf, Property: "code", Others: []string{"imageUri", "s3Bucket"}}}},
	// aws:ec2/flowLog:FlowLog logDestination
	{"either-must-be-set", "Either `logDestination` or `logGroupName` must be set.", sc("logDestination", "logGroupName"),
		[]want{{Kind: kindAtLeastOneOf, Property: "logDestination", Others: []string{"logGroupName"}}}},
	// aws:ebs/volume:Volume type (a NOTE call-out)
	{"at-least-one-of", "At least one of `size` or `snapshotId` is required.", sc("type", "size", "snapshotId"),
		[]want{{Kind: kindAtLeastOneOf, Property: "size", Others: []string{"snapshotId"}}}},
	// aws:budgets/budget:Budget notifications[].subscriberEmailAddresses
	{"either-this-or", "Either this or `subscriberSnsTopicArns` is required.", sc("subscriberEmailAddresses", "subscriberSnsTopicArns"),
		[]want{{Kind: kindAtLeastOneOf, Property: "subscriberEmailAddresses", Others: []string{"subscriberSnsTopicArns"}}}},
	// aws:ec2/vpc:Vpc ipv4NetmaskLength
	{"requires", "Requires specifying a `ipv4IpamPoolId`.", sc("ipv4NetmaskLength", "ipv4IpamPoolId"),
		[]want{{Kind: kindRequiredWith, Property: "ipv4NetmaskLength", Others: []string{"ipv4IpamPoolId"}}}},
	// aws:rds/instance:Instance restoreToPointInTime
	{"requires", "Requires the `identifier` argument to be set with the name of the new DB instance to be created.", sc("restoreToPointInTime", "identifier"),
		[]want{{Kind: kindRequiredWith, Property: "restoreToPointInTime", Others: []string{"identifier"}}}},
	// aws:rds/instance:Instance upgradeStorageConfig
	{"can-only-be-set-with", "Can only be set with `replicateSourceDb`.", sc("upgradeStorageConfig", "replicateSourceDb"),
		[]want{{Kind: kindRequiredWith, Property: "upgradeStorageConfig", Others: []string{"replicateSourceDb"}}}},
	// aws:lambda/eventSourceMapping:EventSourceMapping selfManagedEventSource
	{"if-set-must-include", "If set, configuration must also include `sourceAccessConfiguration`.", sc("selfManagedEventSource", "sourceAccessConfigurations"),
		[]want{{Kind: kindRequiredWith, Property: "selfManagedEventSource", Others: []string{"sourceAccessConfigurations"}}}},
	// aws:elasticache/replicationGroup:ReplicationGroup replicasPerNodeGroup
	{"can-only-be-set-if-set", "Can only be set if `numNodeGroups` is set.", sc("replicasPerNodeGroup", "numNodeGroups"),
		[]want{{Kind: kindRequiredWith, Property: "replicasPerNodeGroup", Others: []string{"numNodeGroups"}}}},
	// aws:rds/instance:Instance storageThroughput: quotes inside the code span.
	{"can-only-be-set-if-value", "Can only be set when `storageType` is `\"gp3\"`.", sc("storageThroughput", "storageType"),
		[]want{{Kind: kindRequiredWith, Property: "storageThroughput", Others: []string{"storageType"}, OtherVals: []string{"gp3"}}}},
	// aws:ebs/volume:Volume iops
	{"can-only-be-set-if-value", "Only valid for `type` of `io1`, `io2` or `gp3`.", sc("iops", "type"),
		[]want{{Kind: kindRequiredWith, Property: "iops", Others: []string{"type"}, OtherVals: []string{"io1", "io2", "gp3"}}}},
	// aws:elasticache/replicationGroup:ReplicationGroup kmsKeyId
	{"can-only-be-set-if-assignment", "Can be specified only if `atRestEncryptionEnabled = true`.", sc("kmsKeyId", "atRestEncryptionEnabled"),
		[]want{{Kind: kindRequiredWith, Property: "kmsKeyId", Others: []string{"atRestEncryptionEnabled"}, OtherVals: []string{"true"}}}},
	// aws:lambda/function:Function replacementSecurityGroupIds
	{"must-be-set-to-to-use", "`replaceSecurityGroupsOnDestroy` must be set to `true` to use this attribute.", sc("replacementSecurityGroupIds", "replaceSecurityGroupsOnDestroy"),
		[]want{{Kind: kindRequiredWith, Property: "replacementSecurityGroupIds", Others: []string{"replaceSecurityGroupsOnDestroy"}, OtherVals: []string{"true"}}}},
	// aws:elasticache/replicationGroup:ReplicationGroup multiAzEnabled
	{"if-true-must-be-enabled", "If `true`, `automaticFailoverEnabled` must also be enabled.", sc("multiAzEnabled", "automaticFailoverEnabled"),
		[]want{{Kind: kindRequiredWith, Property: "multiAzEnabled", When: []string{"true"}, Others: []string{"automaticFailoverEnabled"}, OtherVals: []string{"true"}}}},
	// aws:lambda/function:Function s3Key
	{"when-set-required", "When `s3Bucket` is set, `s3Key` is required.", sc("s3Key", "s3Bucket"),
		[]want{{Kind: kindRequiredWith, Property: "s3Bucket", Others: []string{"s3Key"}}}},
	// aws:ec2/subnet:Subnet mapCustomerOwnedIpOnLaunch
	{"arguments-must-be-specified-when", "The `customerOwnedIpv4Pool` and `outpostArn` arguments must be specified when set to `true`.",
		sc("mapCustomerOwnedIpOnLaunch", "customerOwnedIpv4Pool", "outpostArn"),
		[]want{{Kind: kindRequiredWith, Property: "mapCustomerOwnedIpOnLaunch", When: []string{"true"}, Others: []string{"customerOwnedIpv4Pool", "outpostArn"}}}},
	// aws:cloudfront/distribution:Distribution viewerCertificate.sslSupportMethod
	{"required-if-set", "Required if you specify `acmCertificateArn` or `iamCertificateId`.", sc("sslSupportMethod", "acmCertificateArn", "iamCertificateId"),
		[]want{{Kind: kindRequiredWith, Property: "acmCertificateArn", Others: []string{"sslSupportMethod"}}, {Kind: kindRequiredWith, Property: "iamCertificateId", Others: []string{"sslSupportMethod"}}}},
	// aws:rds/instance:Instance finalSnapshotIdentifier
	{"required-if-value", "Must be provided if `skipFinalSnapshot` is set to `false`.", sc("finalSnapshotIdentifier", "skipFinalSnapshot"),
		[]want{{Kind: kindRequiredWith, Property: "skipFinalSnapshot", When: []string{"false"}, Others: []string{"finalSnapshotIdentifier"}}}},
	// aws:lb/targetGroup:TargetGroup port
	{"required-if-value", "Required when `targetType` is `instance`, `ip` or `alb`.", sc("port", "targetType"),
		[]want{{Kind: kindRequiredWith, Property: "targetType", When: []string{"instance", "ip", "alb"}, Others: []string{"port"}}}},
	// aws:dynamodb/table:Table readCapacity
	{"if-value-this-field-is-required", "If the `billingMode` is `PROVISIONED`, this field is required.", sc("readCapacity", "billingMode"),
		[]want{{Kind: kindRequiredWith, Property: "billingMode", When: []string{"PROVISIONED"}, Others: []string{"readCapacity"}}}},
	// aws:rds/instance:Instance networkType
	{"valid-values-colon", "Valid values: `IPV4`, `DUAL`.", sc("networkType"),
		[]want{{Kind: kindAllowedValues, Property: "networkType", Values: []string{"IPV4", "DUAL"}}}},
	// aws:ebs/volume:Volume type: a "(Default: ...)" annotation.
	{"can-be-one-of", "Can be `standard`, `gp2`, `gp3`, `io1`, `io2`, `sc1` or `st1` (Default: `gp2`).", sc("type"),
		[]want{{Kind: kindAllowedValues, Property: "type", Values: []string{"standard", "gp2", "gp3", "io1", "io2", "sc1", "st1"}}}},
	// aws:rds/instance:Instance backupTarget
	{"valid-values", "Possible values are `region` (default) and `outposts`.", sc("backupTarget"),
		[]want{{Kind: kindAllowedValues, Property: "backupTarget", Values: []string{"region", "outposts"}}}},
	// aws:rds/instance:Instance monitoringInterval: bare numbers.
	{"valid-values-colon", "Valid Values: 0, 1, 5, 10, 15, 30, 60.", sc("monitoringInterval"),
		[]want{{Kind: kindAllowedValues, Property: "monitoringInterval", Values: []string{"0", "1", "5", "10", "15", "30", "60"}}}},
	// aws:cloudfront/originAccessControl:OriginAccessControl signingBehavior
	{"valid-values-colon", "Allowed values: `always`, `never`, and `no-override`.", sc("signingBehavior"),
		[]want{{Kind: kindAllowedValues, Property: "signingBehavior", Values: []string{"always", "never", "no-override"}}}},
	// aws:cloudfront/originAccessControl:OriginAccessControl signingProtocol
	{"only-valid-value", "The only valid value is `sigv4`.", sc("signingProtocol"),
		[]want{{Kind: kindAllowedValues, Property: "signingProtocol", Values: []string{"sigv4"}}}},
	// aws:cloudfront/distribution:Distribution defaultCacheBehavior.viewerProtocolPolicy
	{"can-be-one-of", "One of `allow-all`, `https-only`, or `redirect-to-https`.", sc("viewerProtocolPolicy"),
		[]want{{Kind: kindAllowedValues, Property: "viewerProtocolPolicy", Values: []string{"allow-all", "https-only", "redirect-to-https"}}}},
	// aws:budgets/budget:Budget notifications[].thresholdType: "OR" in capitals.
	{"can-be-one-of", "Can be `PERCENTAGE` OR `ABSOLUTE_VALUE`.", sc("thresholdType"),
		[]want{{Kind: kindAllowedValues, Property: "thresholdType", Values: []string{"PERCENTAGE", "ABSOLUTE_VALUE"}}}},
	// aws:elasticache/replicationGroup:ReplicationGroup transitEncryptionMode
	{"valid-values-for-self", "Valid values for `transitEncryptionMode` are `preferred` or `required`.", sc("transitEncryptionMode"),
		[]want{{Kind: kindAllowedValues, Property: "transitEncryptionMode", Values: []string{"preferred", "required"}}}},
	// aws:dlm-like phrasing; the SDK's "Only `$(instance-id)` or ..." is not a list.
	{"are-valid-values", "`ENABLED` or `DISABLED` are valid values.", sc("state"),
		[]want{{Kind: kindAllowedValues, Property: "state", Values: []string{"ENABLED", "DISABLED"}}}},
	// aws:sns/topicSubscription:TopicSubscription protocol: read with its "also valid" sentence by extract.
	{"also-valid", "Protocols `email`, `email-json`, `http` and `https` are also valid but partially supported.", sc("protocol"),
		[]want{{Kind: kindAlsoAllowed, Property: "protocol", Values: []string{"email", "email-json", "http", "https"}}}},
	// aws:rds/instance:Instance backupRetentionPeriod
	{"must-be-between", "Must be between `0` and `35`.", sc("backupRetentionPeriod"),
		[]want{{Kind: kindRange, Property: "backupRetentionPeriod", Min: f(0), Max: f(35)}}},
	// aws:rds/cluster:Cluster backtrackWindow: a unit in brackets.
	{"must-be-between", "Must be between `0` and `259200` (72 hours)", sc("backtrackWindow"),
		[]want{{Kind: kindRange, Property: "backtrackWindow", Min: f(0), Max: f(259200)}}},
	// aws:lb/listener:Listener defaultActions[].order
	{"valid-values-between", "Valid values are between `1` and `50000`.", sc("order"),
		[]want{{Kind: kindRange, Property: "order", Min: f(1), Max: f(50000)}}},
	// aws:route53/healthCheck:HealthCheck childHealthThreshold
	{"valid-values-between", "Valid values are integers between 0 and 256, inclusive", sc("childHealthThreshold"),
		[]want{{Kind: kindRange, Property: "childHealthThreshold", Min: f(0), Max: f(256)}}},
	// aws:rds/cluster:Cluster scalingConfiguration.secondsBeforeTimeout
	{"valid-values-through", "Valid values are `60` through `600`.", sc("secondsBeforeTimeout"),
		[]want{{Kind: kindRange, Property: "secondsBeforeTimeout", Min: f(60), Max: f(600)}}},
	// aws:lb/targetGroup:TargetGroup deregistrationDelay
	{"range-is", "The range is 0-3600 seconds.", sc("deregistrationDelay"),
		[]want{{Kind: kindRange, Property: "deregistrationDelay", Min: f(0), Max: f(3600)}}},
	// aws:lb/targetGroup:TargetGroup healthCheck.healthyThreshold
	{"range-is", "The range is 2-10.", sc("healthyThreshold"),
		[]want{{Kind: kindRange, Property: "healthyThreshold", Min: f(2), Max: f(10)}}},
	// aws:cloudfront/distribution:Distribution origins[].connectionAttempts
	{"must-be-between-dash", "Must be between 1-3.", sc("connectionAttempts"),
		[]want{{Kind: kindRange, Property: "connectionAttempts", Min: f(1), Max: f(3)}}},
	// aws:autoscaling/group:Group instanceRefresh.preferences.maxHealthyPercentage
	{"if-you-specify-between", "If you specify a value, it must be between `100` and `200`, inclusive.", sc("maxHealthyPercentage"),
		[]want{{Kind: kindRange, Property: "maxHealthyPercentage", Min: f(100), Max: f(200)}}},
	{"range-is", "Valid range is `0` to `5`.", sc("replicas"),
		[]want{{Kind: kindRange, Property: "replicas", Min: f(0), Max: f(5)}}},
	// aws:ec2/launchTemplate:LaunchTemplate metadataOptions.httpPutResponseHopLimit
	{"integer-from-to", "Can be an integer from `1` to `64`.", sc("httpPutResponseHopLimit"),
		[]want{{Kind: kindRange, Property: "httpPutResponseHopLimit", Min: f(1), Max: f(64)}}},
	// aws:s3/bucketV2:BucketV2 bucket
	{"length-at-most", "Must be lowercase and less than or equal to 63 characters in length.", sc("bucket"),
		[]want{{Kind: kindLength, Property: "bucket", Max: f(63)}, {Kind: kindPattern, Property: "bucket", Pattern: `^[^A-Z]*$`}}},
	// aws:appautoscaling/policy:Policy name
	{"length-between", "Must be between 1 and 255 characters in length.", sc("name"),
		[]want{{Kind: kindLength, Property: "name", Min: f(1), Max: f(255)}}},
	// aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2 rules[].id
	{"cannot-be-longer", "The value cannot be longer than 255 characters.", sc("id"),
		[]want{{Kind: kindLength, Property: "id", Max: f(255)}}},
	// aws:sqs/queue:Queue name: the length only (the character class leaves out ".fifo").
	{"characters-long", "Queue names must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 80 characters long.", sc("name"),
		[]want{{Kind: kindLength, Property: "name", Min: f(1), Max: f(80)}}},
	// aws:lb/loadBalancer:LoadBalancer name
	{"name-format", "This name must be unique within your AWS account, can have a maximum of 32 characters, must contain only alphanumeric characters or hyphens, and must not begin or end with a hyphen.", sc("name"),
		[]want{{Kind: kindLength, Property: "name", Max: f(32)}, {Kind: kindPattern, Property: "name", Pattern: `^[A-Za-z0-9-]*$`}, {Kind: kindPattern, Property: "name", Pattern: `^(?:[^-](?:.*[^-])?)?$`}}},
	// aws:rds/instance:Instance finalSnapshotIdentifier
	{"name-format", "The value must begin with a letter, only contain alphanumeric characters and hyphens, and not end with a hyphen or contain two consecutive hyphens.", sc("finalSnapshotIdentifier"),
		[]want{{Kind: kindPattern, Property: "finalSnapshotIdentifier", Pattern: `^[A-Za-z]`}, {Kind: kindPattern, Property: "finalSnapshotIdentifier", Pattern: `^[A-Za-z0-9-]*$`},
			{Kind: kindPattern, Property: "finalSnapshotIdentifier", Pattern: `(?:^|[^-])$`}, {Kind: kindPattern, Property: "finalSnapshotIdentifier", Pattern: `^(?:[^-]|-[^-])*-?$`}}},
	// aws:elasticache/replicationGroup:ReplicationGroup snapshotName
	{"changing-forces-new", "Changing the `snapshotName` forces a new resource.", sc("snapshotName"),
		[]want{{Kind: kindForceNew, Property: "snapshotName"}}},
	{"changing-forces-new", "Changing this forces a new resource to be created.", sc("name"),
		[]want{{Kind: kindForceNew, Property: "name"}}},
	// aws:rds/instance:Instance characterSetName
	{"cannot-be-changed", "This can't be changed.", sc("characterSetName"),
		[]want{{Kind: kindForceNew, Property: "characterSetName"}}},
	// aws:rds/instance:Instance timezone
	{"only-set-on-creation", "The `timezone` can only be set on creation.", sc("timezone"),
		[]want{{Kind: kindForceNew, Property: "timezone"}}},
	// aws:rds/instance:Instance identifier
	{"auto-name", "The name of the RDS instance, if omitted, this provider will assign a random, unique identifier.", sc("identifier"),
		[]want{{Kind: kindAutoName, Property: "identifier"}}},
	// aws:sqs/queue:Queue name
	{"auto-name", "If omitted, the provider will assign a random, unique name.", sc("name"),
		[]want{{Kind: kindAutoName, Property: "name"}}},
}

func TestParsesRealSentences(t *testing.T) {
	for _, p := range phrasings {
		rules, matched, err := parseSentence(p.sentence, p.scope)
		if err != nil || !matched {
			t.Errorf("%q: matched=%v err=%v", p.sentence, matched, err)
			continue
		}
		if len(rules) != len(p.want) {
			t.Errorf("%q: %d rules, want %d: %+v", p.sentence, len(rules), len(p.want), rules)
			continue
		}
		for i, w := range p.want {
			if !w.matches(rules[i]) {
				t.Errorf("%q: rule %d is %+v, want %+v", p.sentence, i, rules[i], w)
			}
			if rules[i].Phrase != p.phrase {
				t.Errorf("%q: read by %s, want %s", p.sentence, rules[i].Phrase, p.phrase)
			}
			if rules[i].Sentence != p.sentence || rules[i].File == "" {
				t.Errorf("%q: the rule does not carry its source: %+v", p.sentence, rules[i])
			}
		}
	}
}

// Each phrasing the parser knows has a test on a real sentence above, so a
// new phrasing cannot go in untested.
func TestEveryPhrasingIsTested(t *testing.T) {
	tested := map[string]bool{}
	for _, p := range phrasings {
		tested[p.phrase] = true
	}
	for _, p := range patterns {
		if !tested[p.id] {
			t.Errorf("phrasing %s has no test on a real sentence", p.id)
		}
	}
}

// Sentences of the pinned SDK that look like rules and are not, or not
// plainly: reading them would refuse what AWS accepts.
func TestLeavesOutWhatItCannotReadSafely(t *testing.T) {
	for _, c := range []struct {
		why      string
		sentence string
		scope    scope
	}{
		{"not a closed list", "Valid values are `7`, `731` (2 years) or a multiple of `31`.", sc("performanceInsightsRetentionPeriod")},
		{"\"include\" is not exhaustive", "Valid values include `standard` or `unlimited`.", sc("cpuCredits")},
		{"one value after \"Can be\" is no list (AWS also takes capacity-block)", "Can be `spot`.", sc("marketType")},
		{"a value with a placeholder", "The only valid values are `DENY`, `SAMEORIGIN`, or `ALLOW-FROM https://example.com`.", sc("xFrameOptions")},
		{"a condition after the list", "Must be one of `AT_TIMESTAMP` (Kinesis only), `LATEST` or `TRIM_HORIZON` if getting events from Kinesis, DynamoDB, MSK or Self Managed Apache Kafka.", sc("startingPosition")},
		{"S3 transitions take 0 days although the docs say positive", "The value must be a positive integer.", sc("days")},
		{"a negated condition", "Required if `sourceDbInstanceIdentifier` or `sourceDbiResourceId` is not specified.", sc("sourceDbInstanceAutomatedBackupsArn", "sourceDbInstanceIdentifier", "sourceDbiResourceId")},
		{"no argument named", "Conflicts with any other routing policy.", sc("weightedRoutingPolicies")},
		{"\"Required with\" does not say which way", "Required with `sourceDbClusterIdentifier`.", sc("forceDestroy", "sourceDbClusterIdentifier")},
		{"a list literal, mangled by the docs", "Valid values are `[\"x8664\"]` and `[\"arm64\"]`.", sc("architectures")},
		{"the names are no arguments of the object", "Conflicts with `namePrefix`.", sc("name")},
		{"a group needs all its names", "Exactly one of `filename`, `imageUri`, or `s3Bucket` must be specified.", sc("imageUri", "s3Bucket")},
	} {
		rules, matched, err := parseSentence(c.sentence, c.scope)
		if len(rules) > 0 {
			t.Errorf("%s: %q became %+v", c.why, c.sentence, rules)
		}
		if !matched || err == nil {
			t.Errorf("%s: %q is not reported as unparsed (matched=%v err=%v)", c.why, c.sentence, matched, err)
		}
	}
}

// An AllowedValues list is closed only when the doc adds no values the
// parser cannot read.
func TestOpenListsAreNoRule(t *testing.T) {
	rules := []rule{{Kind: kindAllowedValues, Property: "protocol", Values: []string{"sqs"}, Sentence: "Valid values are: `sqs`."}}
	if got := mergeValues(rules, true); len(got) != 0 {
		t.Errorf("an open list kept its rule: %+v", got)
	}
	also := append(rules, rule{Kind: kindAlsoAllowed, Property: "protocol", Values: []string{"email"}, Sentence: "Protocols `email` are also valid."})
	got := mergeValues(also, false)
	if len(got) != 1 || !reflect.DeepEqual(got[0].Values, []string{"sqs", "email"}) || !strings.Contains(got[0].Sentence, "also valid") {
		t.Errorf("also-valid values not merged: %+v", got)
	}
}

func TestSplitsSentences(t *testing.T) {
	for doc, want := range map[string][]string{
		"A name. Conflicts with `x`.":                               {"A name.", "Conflicts with `x`."},
		"Version 1.5 is fine. See `a.b`.":                           {"Version 1.5 is fine.", "See `a.b`."},
		"Use e.g. `gp3` here. Done.":                                {"Use e.g. `gp3` here.", "Done."},
		"chars: `/_+=.@-` Conflicts with `name`.":                   {"chars: `/_+=.@-`", "Conflicts with `name`."},
		"Type. > **NOTE:** At least one of `a` or `b` is required.": {"Type.", "At least one of `a` or `b` is required."},
		"Can be `PERCENTAGE` OR `ABSOLUTE_VALUE`.":                  {"Can be `PERCENTAGE` OR `ABSOLUTE_VALUE`."},
	} {
		if got := sentences(doc); !reflect.DeepEqual(got, want) {
			t.Errorf("sentences(%q) = %q, want %q", doc, got, want)
		}
	}
}

// The checked-in table is what the generator makes of the pinned SDK today,
// byte for byte: a stale table (an SDK bump, a parser change, a new type)
// fails here until `go generate ./internal/providerrules` is run.
func TestTableIsUpToDate(t *testing.T) {
	sdk, err := locateSDK()
	if errors.Is(err, errNotInCache) {
		t.Skipf("cannot regenerate offline: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	res, err := extract(sdk, Types)
	if err != nil {
		t.Fatal(err)
	}
	want, err := render(res)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../rules_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("internal/providerrules/rules_gen.go is stale for %s %s: run go generate ./internal/providerrules", sdkModule, sdk.Version)
	}
	if !bytes.HasPrefix(got, []byte(header+"\n")) || !bytes.Contains(got, []byte(sdkModule+" "+sdk.Version)) {
		t.Errorf("the table's header does not name the generator and %s %s", sdkModule, sdk.Version)
	}
}
