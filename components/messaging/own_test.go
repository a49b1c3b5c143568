package messaging_test

import (
	"encoding/json"
	"testing"

	"github.com/millionstack/millionstack/components/function"
	"github.com/millionstack/millionstack/components/messaging"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	topicKey = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-000000000001"
	queueKey = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-000000000002"
	ownRole  = "arn:aws:iam::123456789012:role/worker"
)

// statements decodes a policy document's statements as action lists and
// resources.
func statements(t *testing.T, doc string) []struct {
	Action   []string
	Resource []string
} {
	t.Helper()
	var d struct {
		Statement []struct {
			Action   []string
			Resource []string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(doc), &d))
	return d.Statement
}

// Keys of your own encrypt the topic and both queues; the worker may
// decrypt with the queue's key; the grants name the keys a producer and a
// consumer of an encrypted topic or queue must use, and nothing else.
func TestKeysOfYourOwn(t *testing.T) {
	var topic *messaging.Topic
	var flow *messaging.Flow
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) (err error) {
		if topic, err = messaging.NewTopic(ctx, "signups", messaging.TopicArgs{ExistingKMSKeyARN: pulumi.String(topicKey)}); err != nil {
			return err
		}
		flow, err = messaging.NewFlow(ctx, "welcome", messaging.FlowArgs{Topic: topic, Worker: worker(), ExistingKMSKeyARN: pulumi.String(queueKey)})
		return err
	}, millionstacktest.Options{Stack: "1m"})
	assert.Equal(t, topicKey, millionstacktest.Only(t, inv, typeSNSTopic).String("kmsMasterKeyId"))
	for _, name := range []string{"welcome", "welcome-dlq"} {
		queue := millionstacktest.Named(t, inv, typeQueue, name)
		assert.Equal(t, queueKey, queue.String("kmsMasterKeyId"), name)
		_, managed := queue.Input("sqsManagedSseEnabled")
		assert.False(t, managed, "%s: SSE-SQS and a key of your own exclude each other", name)
	}
	workerPolicy := millionstacktest.Named(t, inv, typeRolePolicy, "welcome-worker")
	assert.Contains(t, workerPolicy.String("policy"), `"Action":["kms:Decrypt"],"Resource":["`+queueKey+`"]`)

	publish := statements(t, millionstacktest.Resolve(t, topic.PublishPolicy()))
	require.Len(t, publish, 2)
	assert.Equal(t, []string{"sns:Publish"}, publish[0].Action)
	assert.Equal(t, []string{"kms:GenerateDataKey*", "kms:Decrypt"}, publish[1].Action)
	assert.Equal(t, []string{topicKey}, publish[1].Resource)
	send := statements(t, millionstacktest.Resolve(t, flow.SendPolicy()))
	require.Len(t, send, 2)
	assert.Equal(t, []string{"sqs:SendMessage"}, send[0].Action)
	assert.Equal(t, []string{millionstacktest.Resolve(t, flow.QueueARN)}, send[0].Resource)
	assert.Equal(t, []string{"kms:GenerateDataKey", "kms:Decrypt"}, send[1].Action)
	consume := statements(t, millionstacktest.Resolve(t, flow.ConsumePolicy()))
	require.Len(t, consume, 2)
	assert.Contains(t, consume[0].Action, "sqs:ReceiveMessage")
	assert.Equal(t, []string{"kms:Decrypt"}, consume[1].Action)
	assert.Equal(t, []string{queueKey}, consume[1].Resource)
}

// Without keys of your own the grants hold no KMS statement, and
// PublishPolicy of several topics is one statement over all of them.
func TestGrantsWithoutKeysAndChildren(t *testing.T) {
	var a, b *messaging.Topic
	var flow *messaging.Flow
	millionstacktest.MustRecord(t, func(ctx *pulumi.Context) (err error) {
		if a, err = messaging.NewTopic(ctx, "signups", messaging.TopicArgs{}); err != nil {
			return err
		}
		if b, err = messaging.NewTopic(ctx, "uploads", messaging.TopicArgs{}); err != nil {
			return err
		}
		flow, err = messaging.NewFlow(ctx, "welcome", messaging.FlowArgs{Topic: a, Worker: worker()})
		return err
	}, millionstacktest.Options{Stack: "1m"})
	both := statements(t, millionstacktest.Resolve(t, messaging.PublishPolicy(a, b)))
	require.Len(t, both, 1)
	assert.Equal(t, []string{millionstacktest.Resolve(t, a.ARN), millionstacktest.Resolve(t, b.ARN)}, both[0].Resource)
	assert.Len(t, statements(t, millionstacktest.Resolve(t, flow.SendPolicy())), 1)
	assert.Len(t, statements(t, millionstacktest.Resolve(t, flow.ConsumePolicy())), 1)
	for _, child := range []interface{}{a.Topic, a.Policy, flow.Queue, flow.DeadLetterQueue, flow.Subscription, flow.Worker, flow.EventSourceMapping} {
		assert.NotNil(t, child)
	}
	target := flow.AlarmTarget()
	assert.Equal(t, millionstacktest.Resolve(t, flow.QueueName), millionstacktest.Resolve(t, target.QueueName.ToStringOutput()))
	assert.Equal(t, millionstacktest.Resolve(t, flow.DeadLetterQueueName), millionstacktest.Resolve(t, target.DeadLetterQueueName.ToStringOutput()))
}

// A worker of your own code running as your own role: the component adds
// the consume grant to your role as `<name>-consume`, and the event
// source mapping waits for it.
func TestWorkerWithYourOwnCodeAndRole(t *testing.T) {
	args := messaging.FlowArgs{Worker: function.FunctionArgs{
		Code:            &function.Code{Archive: pulumi.NewAssetArchive(map[string]interface{}{"worker.py": pulumi.NewStringAsset("def handler(event, context):\n    return {}\n")}), Handler: "worker.handler"},
		ExistingRoleARN: pulumi.String(ownRole),
	}}
	inv, _, err := recordFlow(t, false, args)
	require.NoError(t, err)
	assert.Equal(t, ownRole, millionstacktest.Named(t, inv, typeLambda, "welcome-worker").String("role"))
	consume := millionstacktest.Named(t, inv, typeRolePolicy, "welcome-consume")
	assert.Equal(t, "worker", consume.String("role"))
	assert.Contains(t, consume.String("policy"), "sqs:ReceiveMessage")
	mapping := millionstacktest.Named(t, inv, typeMapping, "welcome")
	assert.Contains(t, mapping.Dependencies, consume.URN)
	for _, p := range inv.ByType(typeRolePolicy) {
		assert.NotEqual(t, "welcome-worker", p.Name, "no role of the component's")
	}
}

// A key of another region is refused before anything is registered.
func TestKeyOfAnotherRegion(t *testing.T) {
	const west = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-000000000001"
	inv, _, err := recordFlow(t, false, messaging.FlowArgs{Worker: worker(), ExistingKMSKeyARN: pulumi.String(west)})
	millionstacktest.Rejected(t, inv, err, `messaging "welcome": ExistingKMSKeyARN: "`+west+`" is in us-west-2; allowed: a KMS key (its key ARN, not an alias) in us-east-1`)
	inv, err = millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := messaging.NewTopic(ctx, "signups", messaging.TopicArgs{ExistingKMSKeyARN: pulumi.String(west)})
		return err
	}, millionstacktest.Options{Stack: "1m"})
	millionstacktest.Rejected(t, inv, err, `messaging "signups": ExistingKMSKeyARN: "`+west+`" is in us-west-2`)
}
