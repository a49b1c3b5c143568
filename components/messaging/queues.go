package messaging

import (
	"encoding/json"

	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newQueues creates the dead-letter queue `<name>-dlq` and the queue
// `<name>`, both encrypted with SSE-SQS (which SNS can deliver to without a
// KMS grant), or with ExistingKMSKeyARN (see sse). The queue moves a message to the dead-letter queue
// after MaxReceiveCount deliveries; the dead-letter queue accepts messages
// from this queue only.
func newQueues(ctx *pulumi.Context, flow *Flow, name string, args FlowArgs) (queue, dlq *sqs.Queue, err error) {
	parent := pulumi.Parent(flow)
	dlqName := name + "-dlq"
	dlqArgs := &sqs.QueueArgs{
		MessageRetentionSeconds: pulumi.Int(args.DeadLetterRetentionSeconds),
		Tags:                    tagging.Named(dlqName, args.Tags),
	}
	sse(dlqArgs, args.ExistingKMSKeyARN)
	dlq, err = sqs.NewQueue(ctx, dlqName, dlqArgs, parent)
	if err != nil {
		return nil, nil, err
	}
	queueArgs := &sqs.QueueArgs{
		VisibilityTimeoutSeconds: pulumi.Int(args.VisibilityTimeoutSeconds),
		MessageRetentionSeconds:  pulumi.Int(args.RetentionSeconds),
		RedrivePolicy: dlq.Arn.ApplyT(func(arn string) string {
			return toJSON(map[string]interface{}{"deadLetterTargetArn": arn, "maxReceiveCount": args.MaxReceiveCount})
		}).(pulumi.StringOutput),
		Tags: tagging.Named(name, args.Tags),
	}
	sse(queueArgs, args.ExistingKMSKeyARN)
	queue, err = sqs.NewQueue(ctx, name, queueArgs, parent)
	if err != nil {
		return nil, nil, err
	}
	_, err = sqs.NewRedriveAllowPolicy(ctx, dlqName, &sqs.RedriveAllowPolicyArgs{
		QueueUrl: dlq.Url,
		RedriveAllowPolicy: queue.Arn.ApplyT(func(arn string) string {
			return toJSON(map[string]interface{}{"redrivePermission": "byQueue", "sourceQueueArns": []string{arn}})
		}).(pulumi.StringOutput),
	}, parent)
	return queue, dlq, err
}

// sse encrypts a queue with SSE-SQS, or with key, a key of your own: the
// two exclude each other (the provider's sqs_managed_sse_enabled conflicts
// with kms_master_key_id), and SQS switches between them in place
// (SetQueueAttributes).
func sse(queue *sqs.QueueArgs, key pulumi.StringInput) {
	if key == nil {
		queue.SqsManagedSseEnabled = pulumi.Bool(true)
		return
	}
	queue.KmsMasterKeyId = key.ToStringOutput()
}

// newQueuePolicy gives queue its policy `<name>`: TLS only and, with a
// topic, sqs:SendMessage for that topic alone. Everyone else in the account
// reaches the queue through their own IAM permissions.
func newQueuePolicy(ctx *pulumi.Context, flow *Flow, name string, queue *sqs.Queue, topic *Topic) (*sqs.QueuePolicy, error) {
	topicARN := pulumi.String("").ToStringOutput()
	if topic != nil {
		topicARN = topic.ARN
	}
	queuePolicy := pulumi.All(queue.Arn, topicARN).ApplyT(func(arns []interface{}) (string, error) {
		queueARN, topicARN := arns[0].(string), arns[1].(string)
		doc := policy.Document{Statement: []policy.Statement{policy.DenyInsecureTransport("sqs:*", queueARN)}}
		if topicARN != "" {
			doc.Statement = append(doc.Statement, policy.Statement{
				Sid:       "TopicSends",
				Effect:    "Allow",
				Principal: map[string]string{"Service": "sns.amazonaws.com"},
				Action:    []string{"sqs:SendMessage"},
				Resource:  []string{queueARN},
				Condition: map[string]map[string]interface{}{"ArnEquals": {"aws:SourceArn": topicARN}},
			})
		}
		return doc.JSON()
	}).(pulumi.StringOutput)
	return sqs.NewQueuePolicy(ctx, name, &sqs.QueuePolicyArgs{QueueUrl: queue.Url, Policy: queuePolicy}, pulumi.Parent(flow))
}

// newSubscription subscribes queue to topic once the queue policy lets the
// topic deliver. Raw delivery stays off: workers unwrap the SNS envelope.
func newSubscription(ctx *pulumi.Context, flow *Flow, name string, queue *sqs.Queue, queuePolicy *sqs.QueuePolicy, topic *Topic) (*sns.TopicSubscription, error) {
	return sns.NewTopicSubscription(ctx, name, &sns.TopicSubscriptionArgs{
		Topic:    topic.ARN,
		Protocol: pulumi.String("sqs"),
		Endpoint: queue.Arn,
	}, pulumi.Parent(flow), pulumi.DependsOn([]pulumi.Resource{queuePolicy}))
}

func toJSON(v interface{}) string {
	out, _ := json.Marshal(v) // plain strings, numbers and slices always marshal
	return string(out)
}
