// Package policy builds the JSON policy documents components hand to AWS:
// IAM role trust and permission policies, and the resource policies of
// buckets, queues, topics and KMS keys. Components write each statement out
// by hand, listing exactly the actions and resources it needs, rather than
// calling iam.GetPolicyDocument (an invoke per policy); this package gives
// them one shape for it and the statements several of them repeat.
package policy

import "encoding/json"

// Version is the policy language version of every document: the only one
// that supports policy variables, and what AWS assumes for new policies.
const Version = "2012-10-17"

// Document is a policy document. Version may be left empty: it is rendered
// as Version (2012-10-17).
type Document struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one statement of a policy. Principal, Action and Resource
// take a string or a list, as the policy language does; Principal is "*" or
// a map such as {"Service": "lambda.amazonaws.com"} or {"AWS": <ARN>}.
// Sid, Principal (absent in identity policies), Resource (absent in trust
// policies) and Condition are left out of the JSON when unset.
type Statement struct {
	Sid       string                            `json:"Sid,omitempty"`
	Effect    string                            `json:"Effect"`
	Principal interface{}                       `json:"Principal,omitempty"`
	Action    interface{}                       `json:"Action"`
	Resource  interface{}                       `json:"Resource,omitempty"`
	Condition map[string]map[string]interface{} `json:"Condition,omitempty"`
}

// MarshalJSON renders the document with Version defaulted, so that a
// Document embedded in a larger JSON value is rendered as JSON renders it.
func (d Document) MarshalJSON() ([]byte, error) {
	type document Document // the same fields without this method
	if d.Version == "" {
		d.Version = Version
	}
	return json.Marshal(document(d))
}

// JSON returns the document as the string AWS expects in a policy input.
// It fails only when a statement holds a value JSON cannot encode.
func (d Document) JSON() (string, error) {
	out, err := json.Marshal(d)
	return string(out), err
}

// AssumeRole is the trust policy of a role that one AWS service (such as
// "ec2.amazonaws.com"), and nothing else, may assume.
func AssumeRole(service string) Document {
	return Document{Statement: []Statement{{
		Effect:    "Allow",
		Principal: map[string]string{"Service": service},
		Action:    "sts:AssumeRole",
	}}}
}

// AssumeRoleFromAccount is AssumeRole limited to the service acting on
// behalf of the account accountID (an aws:SourceAccount condition): the
// confused-deputy guard AWS recommends for services that act for many
// accounts. Callers may add further conditions to Statement[0].Condition.
func AssumeRoleFromAccount(service, accountID string) Document {
	d := AssumeRole(service)
	d.Statement[0].Condition = map[string]map[string]interface{}{
		"StringEquals": {"aws:SourceAccount": accountID},
	}
	return d
}

// DenyInsecureTransport refuses action (such as "s3:*" or "sns:Publish") on
// resources to anyone asking without TLS: the statement Security Hub expects
// in bucket policies (S3.5) and AWS recommends for topics and queues.
func DenyInsecureTransport(action string, resources ...string) Statement {
	return Statement{
		Sid:       "DenyInsecureTransport",
		Effect:    "Deny",
		Principal: "*",
		Action:    action,
		Resource:  resources,
		Condition: map[string]map[string]interface{}{"Bool": {"aws:SecureTransport": "false"}},
	}
}
