package monitoring

import (
	"encoding/json"
	"fmt"
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

// statement is one statement of an IAM, KMS, SNS or S3 policy document.
// Policies are built by hand from these (not with iam.GetPolicyDocument) so
// that each one lists exactly the actions and resources it needs.
type statement struct {
	Sid       string                            `json:"Sid"`
	Effect    string                            `json:"Effect"`
	Principal interface{}                       `json:"Principal,omitempty"`
	Action    interface{}                       `json:"Action"`
	Resource  interface{}                       `json:"Resource,omitempty"` // none in trust policies
	Condition map[string]map[string]interface{} `json:"Condition,omitempty"`
}

// services is the principal of AWS services acting on our behalf.
func services(names ...string) map[string]interface{} {
	return map[string]interface{}{"Service": names}
}

// denyInsecureTransport refuses every request made without TLS (Security
// Hub S3.5, SNS topics alike).
func denyInsecureTransport(action string, resources ...string) statement {
	return statement{
		Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: action, Resource: resources,
		Condition: map[string]map[string]interface{}{"Bool": {"aws:SecureTransport": "false"}},
	}
}

// policyJSON renders a policy document.
func policyJSON(statements ...statement) string {
	// Marshal cannot fail: a document holds only strings, slices and maps.
	b, _ := json.Marshal(map[string]interface{}{"Version": "2012-10-17", "Statement": statements})
	return string(b)
}
