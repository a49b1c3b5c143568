package messaging

import (
	"errors"

	"github.com/millionstack/millionstack/components/function"
	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// FlowType is the Flow component's type token.
const FlowType = "millionstack:messaging:Flow"

// Flow is one kind of background work: a queue (optionally fed by a Topic)
// with a dead-letter queue, drained by a Lambda worker.
//
// Its children are exported as an escape hatch: read their outputs or
// depend on them; change an input the component sets with
// pulumi.Transforms on the component (a transform that renames a queue
// replaces it, and loses its messages).
type Flow struct {
	pulumi.ResourceState

	// Queue and DeadLetterQueue are the queues.
	Queue, DeadLetterQueue *sqs.Queue
	// Subscription is the queue's subscription to the Topic, nil without.
	Subscription *sns.TopicSubscription
	// Worker is the worker function; EventSourceMapping feeds it.
	Worker             *function.Function
	EventSourceMapping *lambda.EventSourceMapping

	// QueueURL is where producers send messages when no Topic feeds the queue.
	QueueURL pulumi.StringOutput `pulumi:"queueUrl"`
	// QueueARN identifies the queue in IAM policies and monitoring.
	QueueARN pulumi.StringOutput `pulumi:"queueArn"`
	// QueueName is the queue's physical name, for CloudWatch metrics.
	QueueName pulumi.StringOutput `pulumi:"queueName"`
	// DeadLetterQueueARN identifies the dead-letter queue, for redrives.
	DeadLetterQueueARN pulumi.StringOutput `pulumi:"deadLetterQueueArn"`
	// DeadLetterQueueName is the dead-letter queue's physical name, for a
	// depth alarm.
	DeadLetterQueueName pulumi.StringOutput `pulumi:"deadLetterQueueName"`
	// FunctionName is the worker's physical name, for its metrics.
	FunctionName pulumi.StringOutput `pulumi:"functionName"`
	// FunctionARN is the worker's ARN.
	FunctionARN pulumi.StringOutput `pulumi:"functionArn"`
	// KMSKeyARN is FlowArgs.ExistingKMSKeyARN, "" with SSE-SQS.
	KMSKeyARN pulumi.StringOutput `pulumi:"kmsKeyArn"`
}

// ConsumePolicy returns an IAM policy document that lets its holder
// receive, delete and change the visibility of the queue's messages (what
// the worker is granted) and, with a key of your own, decrypt them; nothing
// else: for a consumer of your own besides the worker.
func (f *Flow) ConsumePolicy() pulumi.StringOutput {
	return queuePolicy(f.QueueARN, f.KMSKeyARN, consumeActions, []string{"kms:Decrypt"})
}

// SendPolicy returns an IAM policy document that lets its holder send
// messages to the queue (sqs:SendMessage, and with a key of your own
// kms:GenerateDataKey and kms:Decrypt on it, as an SQS producer to an
// encrypted queue needs), nothing else: for producers that send to the
// queue directly rather than through a Topic.
func (f *Flow) SendPolicy() pulumi.StringOutput {
	return queuePolicy(f.QueueARN, f.KMSKeyARN, []string{"sqs:SendMessage"}, []string{"kms:GenerateDataKey", "kms:Decrypt"})
}

// AlarmTarget is what components/monitoring watches of the queues
// (monitoring.MonitoringArgs.Queues): the age of the queue's oldest
// message and any message in the dead-letter queue. The worker's target
// is FunctionName (monitoring.MonitoringArgs.Functions).
func (f *Flow) AlarmTarget() monitoring.QueueTarget {
	return monitoring.QueueTarget{QueueName: f.QueueName, DeadLetterQueueName: f.DeadLetterQueueName}
}

// queuePolicy allows actions on the queue, and keyActions on its key when
// it has one of your own.
func queuePolicy(queueARN, keyARN pulumi.StringOutput, actions, keyActions []string) pulumi.StringOutput {
	return pulumi.All(queueARN, keyARN).ApplyT(func(v []interface{}) (string, error) {
		doc := policy.Document{Statement: []policy.Statement{{Effect: "Allow", Action: actions, Resource: []string{v[0].(string)}}}}
		if key := v[1].(string); key != "" {
			doc.Statement = append(doc.Statement, policy.Statement{Effect: "Allow", Action: keyActions, Resource: []string{key}})
		}
		return doc.JSON()
	}).(pulumi.StringOutput)
}

// NewFlow creates the queues `<name>-dlq` and `<name>` with their TLS-only
// policies, the subscription `<name>` to args.Topic when set, the worker
// `<name>-worker` and the event source mapping `<name>`. Every child keeps
// its name and parent when a Topic, a concurrency cap or a larger batch is
// added later, so growing never replaces a queue.
func NewFlow(ctx *pulumi.Context, name string, args FlowArgs, opts ...pulumi.ResourceOption) (*Flow, error) {
	args = args.WithDefaults()
	region, err := regionFor(ctx, args.ExistingKMSKeyARN, opts)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(validate.ComponentName("messaging", name), args.validate(name, region)); err != nil {
		return nil, err
	}
	flow := &Flow{}
	if err := ctx.RegisterComponentResource(FlowType, name, flow, opts...); err != nil {
		return nil, err
	}
	queue, dlq, err := newQueues(ctx, flow, name, args)
	if err != nil {
		return nil, err
	}
	flow.Queue, flow.DeadLetterQueue = queue, dlq
	flow.QueueURL, flow.QueueARN, flow.QueueName = queue.Url, queue.Arn, queue.Name
	flow.DeadLetterQueueARN, flow.DeadLetterQueueName = dlq.Arn, dlq.Name
	flow.KMSKeyARN = pulumi.String("").ToStringOutput()
	if args.ExistingKMSKeyARN != nil {
		flow.KMSKeyARN = args.ExistingKMSKeyARN.ToStringOutput()
	}
	if _, err := newQueuePolicy(ctx, flow, name+"-dlq", dlq, nil); err != nil {
		return nil, err
	}
	policy, err := newQueuePolicy(ctx, flow, name, queue, args.Topic)
	if err != nil {
		return nil, err
	}
	if args.Topic != nil {
		if flow.Subscription, err = newSubscription(ctx, flow, name, queue, policy, args.Topic); err != nil {
			return nil, err
		}
	}
	worker, err := newWorker(ctx, flow, name, queue, args)
	if err != nil {
		return nil, err
	}
	flow.Worker = worker

	flow.FunctionName, flow.FunctionARN = worker.Name, worker.ARN
	return flow, ctx.RegisterResourceOutputs(flow, pulumi.Map{
		"queueUrl": flow.QueueURL, "queueArn": flow.QueueARN, "queueName": flow.QueueName,
		"deadLetterQueueArn": flow.DeadLetterQueueARN, "deadLetterQueueName": flow.DeadLetterQueueName,
		"functionName": flow.FunctionName, "functionArn": flow.FunctionARN,
	})
}
