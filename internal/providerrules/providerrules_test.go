package providerrules

import (
	"strings"
	"testing"
)

// violations runs Check and returns the messages with their paths.
func violations(typ string, inputs map[string]interface{}) []Violation {
	return Check(typ, inputs)
}

func only(t *testing.T, vs []Violation, kind Kind, path string) Violation {
	t.Helper()
	var hits []Violation
	for _, v := range vs {
		if v.Rule.Kind == kind && v.Path == path {
			hits = append(hits, v)
		}
	}
	if len(hits) != 1 {
		t.Fatalf("want one %s violation at %s, got %v", kind, path, vs)
	}
	return hits[0]
}

const rdsInstance = "aws:rds/instance:Instance"

// The provider refuses manage_master_user_password next to password even
// when it is false: an explicit false is set (Terraform's ConflictsWith
// looks at presence, not truth; hashicorp/terraform-provider-aws#32002).
func TestConflictCountsAnExplicitFalseAsSet(t *testing.T) {
	vs := violations(rdsInstance, map[string]interface{}{"manageMasterUserPassword": false, "password": "hunter2-hunter2"})
	v := only(t, vs, Conflicts, "manageMasterUserPassword")
	for _, want := range []string{"manageMasterUserPassword (false)", "password ([secret])", "cannot both be set"} {
		if !strings.Contains(v.Message, want) {
			t.Errorf("message %q lacks %q", v.Message, want)
		}
	}
	if strings.Contains(v.String(), "hunter2") {
		t.Errorf("a violation shows the password: %s", v)
	}
	if v.Rule.Source.File != "go/aws/rds/instance.go" || !strings.Contains(v.String(), "Cannot be set if `password`") {
		t.Errorf("the violation does not cite its SDK sentence: %s", v)
	}

	for name, inputs := range map[string]map[string]interface{}{
		"a managed password alone":  {"manageMasterUserPassword": true},
		"a stored password alone":   {"password": "hunter2-hunter2"},
		"an unknown (nil) argument": {"manageMasterUserPassword": nil, "password": "hunter2-hunter2"},
		"an empty list":             {"manageMasterUserPassword": []interface{}{}, "password": "hunter2-hunter2"},
	} {
		if vs := violations(rdsInstance, inputs); len(vs) != 0 {
			t.Errorf("%s: %v", name, vs)
		}
	}
}

// A conflict stated only while the other argument holds a value bites only then.
func TestConditionalConflict(t *testing.T) {
	vs := violations("aws:rds/cluster:Cluster", map[string]interface{}{"masterPassword": "x", "manageMasterUserPassword": true})
	only(t, vs, Conflicts, "masterPassword")
	vs = violations("aws:rds/cluster:Cluster", map[string]interface{}{"masterPassword": "x"})
	if len(vs) != 0 {
		t.Errorf("masterPassword alone: %v", vs)
	}
}

// Rules of nested objects hold in every element of a list of objects.
func TestNestedObjects(t *testing.T) {
	inputs := map[string]interface{}{"blockDeviceMappings": []interface{}{
		map[string]interface{}{"ebs": map[string]interface{}{"encrypted": "true", "volumeType": "gp3"}},
		map[string]interface{}{"ebs": map[string]interface{}{"encrypted": "true", "snapshotId": "snap-1"}},
	}}
	vs := violations("aws:ec2/launchTemplate:LaunchTemplate", inputs)
	only(t, vs, Conflicts, "blockDeviceMappings[1].ebs.encrypted")
	if len(vs) != 1 {
		t.Errorf("the first mapping is fine: %v", vs)
	}
}

func TestAllowedValues(t *testing.T) {
	sub := "aws:sns/topicSubscription:TopicSubscription"
	for _, ok := range []string{"sqs", "lambda", "email", "HTTPS"} {
		if vs := violations(sub, map[string]interface{}{"protocol": ok}); len(vs) != 0 {
			t.Errorf("protocol %s: %v", ok, vs)
		}
	}
	v := only(t, violations(sub, map[string]interface{}{"protocol": "smtp"}), AllowedValues, "protocol")
	if !strings.Contains(v.Message, `"smtp"`) || !strings.Contains(v.Message, "email") {
		t.Errorf("message %q does not say the value and what is allowed", v.Message)
	}
	// Each element of a list is checked.
	vs := violations("aws:s3/bucketV2:BucketV2", map[string]interface{}{"corsRules": []interface{}{
		map[string]interface{}{"allowedMethods": []interface{}{"GET", "PATCH"}},
	}})
	only(t, vs, AllowedValues, "corsRules[0].allowedMethods")
}

func TestRangeLengthPattern(t *testing.T) {
	only(t, violations(rdsInstance, map[string]interface{}{"backupRetentionPeriod": float64(36)}), Range, "backupRetentionPeriod")
	if vs := violations(rdsInstance, map[string]interface{}{"backupRetentionPeriod": float64(35)}); len(vs) != 0 {
		t.Errorf("35 days: %v", vs)
	}
	lb := "aws:lb/loadBalancer:LoadBalancer"
	subnets := []interface{}{"subnet-1", "subnet-2"}
	only(t, violations(lb, map[string]interface{}{"name": strings.Repeat("a", 33), "subnets": subnets}), Length, "name")
	vs := violations(lb, map[string]interface{}{"name": "-web", "subnets": subnets})
	only(t, vs, Pattern, "name")
	if vs := violations(lb, map[string]interface{}{"name": "web-1", "subnets": subnets}); len(vs) != 0 {
		t.Errorf("web-1: %v", vs)
	}
	only(t, violations(rdsInstance, map[string]interface{}{"finalSnapshotIdentifier": "db--final"}), Pattern, "finalSnapshotIdentifier")
}

func TestRequiredWith(t *testing.T) {
	// The provider names the instance when identifier is not given, so
	// restoreToPointInTime's need for one is met.
	if vs := violations(rdsInstance, map[string]interface{}{"restoreToPointInTime": map[string]interface{}{"useLatestRestorableTime": true}}); len(vs) != 0 {
		t.Errorf("autonamed identifier: %v", vs)
	}
	// storageThroughput needs gp3; an unset storageType is the provider's
	// default and is not judged, another type is refused.
	if vs := violations(rdsInstance, map[string]interface{}{"storageThroughput": float64(500)}); len(vs) != 0 {
		t.Errorf("storageType unset: %v", vs)
	}
	only(t, violations(rdsInstance, map[string]interface{}{"storageThroughput": float64(500), "storageType": "gp2"}), RequiredWith, "storageThroughput")
	// skipFinalSnapshot=false needs a final snapshot identifier.
	only(t, violations(rdsInstance, map[string]interface{}{"skipFinalSnapshot": false}), RequiredWith, "skipFinalSnapshot")
	if vs := violations(rdsInstance, map[string]interface{}{"skipFinalSnapshot": true}); len(vs) != 0 {
		t.Errorf("skipFinalSnapshot=true: %v", vs)
	}
}

func TestExactlyOneOf(t *testing.T) {
	fn := "aws:lambda/function:Function"
	if vs := violations(fn, map[string]interface{}{"code": "archive"}); len(vs) != 0 {
		t.Errorf("code alone: %v", vs)
	}
	only(t, violations(fn, map[string]interface{}{"code": "archive", "imageUri": "img"}), ExactlyOneOf, "code")
	only(t, violations(fn, map[string]interface{}{"role": "arn"}), ExactlyOneOf, "code")
	// A budget notification with no subscriber at all is refused; an empty
	// list is no subscriber.
	b := "aws:budgets/budget:Budget"
	notify := func(emails, topics []interface{}) map[string]interface{} {
		return map[string]interface{}{"notifications": []interface{}{map[string]interface{}{"subscriberEmailAddresses": emails, "subscriberSnsTopicArns": topics}}}
	}
	only(t, violations(b, notify([]interface{}{}, []interface{}{})), AtLeastOneOf, "notifications[0].subscriberEmailAddresses")
	if vs := violations(b, notify([]interface{}{}, []interface{}{"arn:topic"})); len(vs) != 0 {
		t.Errorf("a topic subscriber: %v", vs)
	}
}

// Every rule names a covered type, an SDK file and the sentence it was read
// from, and every kind the table uses is one Check knows.
func TestEveryRuleHasItsSource(t *testing.T) {
	kinds := map[Kind]bool{Conflicts: true, RequiredWith: true, ExactlyOneOf: true, AtLeastOneOf: true,
		AllowedValues: true, Range: true, Length: true, Pattern: true, ForceNew: true, AutoName: true}
	if len(All()) < 300 {
		t.Fatalf("only %d rules: the table lost its rules", len(All()))
	}
	for _, r := range All() {
		if !Covered(r.Type) || !kinds[r.Kind] || r.Property == "" {
			t.Errorf("rule %+v", r)
		}
		if !strings.HasPrefix(r.Source.File, "go/aws/") || r.Source.Sentence == "" {
			t.Errorf("rule %s %s %s has no source: %+v", r.Type, r.Property, r.Kind, r.Source)
		}
	}
	if SDKVersion != "v6.83.0" {
		t.Errorf("the table is read from %s, the pinned SDK is v6.83.0", SDKVersion)
	}
}

func TestForceNewProperties(t *testing.T) {
	got := strings.Join(ForceNewProperties(rdsInstance), ",")
	for _, p := range []string{"characterSetName", "ncharCharacterSetName", "timezone"} {
		if !strings.Contains(got, p) {
			t.Errorf("%s is not a generated replace trigger of RDS instances: %s", p, got)
		}
	}
}
