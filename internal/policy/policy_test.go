package policy_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/millionstack/millionstack/internal/policy"
)

// decode parses a rendered document back into plain JSON values.
func decode(t *testing.T, doc policy.Document) map[string]interface{} {
	t.Helper()
	s, err := doc.JSON()
	require.NoError(t, err)
	var out map[string]interface{}
	require.NoError(t, json.Unmarshal([]byte(s), &out), s)
	return out
}

func TestJSONDefaultsTheVersion(t *testing.T) {
	doc := policy.Document{Statement: []policy.Statement{{Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*"}}}
	assert.Equal(t, map[string]interface{}{
		"Version":   "2012-10-17",
		"Statement": []interface{}{map[string]interface{}{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}},
	}, decode(t, doc))

	doc.Version = "2008-10-17"
	assert.Equal(t, "2008-10-17", decode(t, doc)["Version"], "an explicit version is kept")
}

func TestJSONDefaultsTheVersionWhenEmbedded(t *testing.T) {
	out, err := json.Marshal(map[string]interface{}{"policy": policy.Document{}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"policy": {"Version": "2012-10-17", "Statement": null}}`, string(out))
}

func TestJSONLeavesOutUnsetOptionalFields(t *testing.T) {
	s, err := policy.Document{Statement: []policy.Statement{{Effect: "Allow", Action: []string{"logs:PutLogEvents"}}}}.JSON()
	require.NoError(t, err)
	assert.Equal(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:PutLogEvents"]}]}`, s)
}

func TestJSONRendersEveryField(t *testing.T) {
	doc := policy.Document{Statement: []policy.Statement{{
		Sid:       "TopicSends",
		Effect:    "Allow",
		Principal: map[string]string{"Service": "sns.amazonaws.com"},
		Action:    []string{"sqs:SendMessage"},
		Resource:  []string{"arn:aws:sqs:us-east-1:123456789012:q"},
		Condition: map[string]map[string]interface{}{"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t"}},
	}}}
	assert.Equal(t, map[string]interface{}{
		"Sid":       "TopicSends",
		"Effect":    "Allow",
		"Principal": map[string]interface{}{"Service": "sns.amazonaws.com"},
		"Action":    []interface{}{"sqs:SendMessage"},
		"Resource":  []interface{}{"arn:aws:sqs:us-east-1:123456789012:q"},
		"Condition": map[string]interface{}{"ArnEquals": map[string]interface{}{"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t"}},
	}, decode(t, doc)["Statement"].([]interface{})[0])
}

func TestJSONReportsWhatCannotBeEncoded(t *testing.T) {
	_, err := policy.Document{Statement: []policy.Statement{{Effect: "Allow", Action: func() {}}}}.JSON()
	assert.Error(t, err)
}

func TestAssumeRoleTrustsOneServiceOnly(t *testing.T) {
	assert.Equal(t, []interface{}{map[string]interface{}{
		"Effect":    "Allow",
		"Principal": map[string]interface{}{"Service": "ec2.amazonaws.com"},
		"Action":    "sts:AssumeRole",
	}}, decode(t, policy.AssumeRole("ec2.amazonaws.com"))["Statement"])
}

func TestAssumeRoleFromAccountAddsTheSourceAccount(t *testing.T) {
	doc := policy.AssumeRoleFromAccount("lambda.amazonaws.com", "123456789012")
	assert.Equal(t, []interface{}{map[string]interface{}{
		"Effect":    "Allow",
		"Principal": map[string]interface{}{"Service": "lambda.amazonaws.com"},
		"Action":    "sts:AssumeRole",
		"Condition": map[string]interface{}{"StringEquals": map[string]interface{}{"aws:SourceAccount": "123456789012"}},
	}}, decode(t, doc)["Statement"])

	doc.Statement[0].Condition["ArnLike"] = map[string]interface{}{"aws:SourceArn": "arn:aws:ec2:*"}
	again := policy.AssumeRoleFromAccount("lambda.amazonaws.com", "123456789012")
	assert.Len(t, again.Statement[0].Condition, 1, "each document gets its own conditions")
}

func TestDenyInsecureTransport(t *testing.T) {
	doc := policy.Document{Statement: []policy.Statement{policy.DenyInsecureTransport("s3:*", "arn:aws:s3:::b", "arn:aws:s3:::b/*")}}
	assert.Equal(t, []interface{}{map[string]interface{}{
		"Sid":       "DenyInsecureTransport",
		"Effect":    "Deny",
		"Principal": "*",
		"Action":    "s3:*",
		"Resource":  []interface{}{"arn:aws:s3:::b", "arn:aws:s3:::b/*"},
		"Condition": map[string]interface{}{"Bool": map[string]interface{}{"aws:SecureTransport": "false"}},
	}}, decode(t, doc)["Statement"])
}
