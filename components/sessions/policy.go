package sessions

import (
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// itemActions are the only DynamoDB actions a session store needs: read,
// write, refresh and delete one session by its key. No Scan or Query, so a
// compromised app cannot list everyone's sessions.
var itemActions = []string{
	"dynamodb:GetItem",
	"dynamodb:PutItem",
	"dynamodb:UpdateItem",
	"dynamodb:DeleteItem",
}

// readActions read one session by its key, and nothing else.
var readActions = []string{"dynamodb:GetItem"}

// accessPolicy returns an IAM policy document granting actions on the
// table with ARN tableARN and nothing else.
func accessPolicy(tableARN pulumi.StringOutput, actions []string) pulumi.StringOutput {
	return tableARN.ApplyT(func(arn string) (string, error) {
		return policy.Document{Statement: []policy.Statement{{
			Sid:      "SessionItems",
			Effect:   "Allow",
			Action:   actions,
			Resource: arn,
		}}}.JSON()
	}).(pulumi.StringOutput)
}
