package messaging

import (
	"errors"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Flow is one kind of background work: a queue (optionally fed by a Topic)
// with a dead-letter queue, drained by a Lambda worker.
type Flow struct {
	pulumi.ResourceState

	// QueueURL is where producers send messages when no Topic feeds the queue.
	QueueURL pulumi.StringOutput `pulumi:"queueUrl"`
	// QueueARN identifies the queue in IAM policies and alarms.
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
}

// NewFlow creates the queues `<name>-dlq` and `<name>` with their TLS-only
// policies, the subscription `<name>` to args.Topic when set, the worker
// `<name>-worker` and the event source mapping `<name>`. Every child keeps
// its name and parent when a Topic, a concurrency cap or a larger batch is
// added later, so growing never replaces a queue.
func NewFlow(ctx *pulumi.Context, name string, args FlowArgs, opts ...pulumi.ResourceOption) (*Flow, error) {
	args = args.withDefaults()
	if err := errors.Join(validate.ComponentName("messaging", name), args.validate()); err != nil {
		return nil, err
	}
	flow := &Flow{}
	if err := ctx.RegisterComponentResource("millionstack:messaging:Flow", name, flow, opts...); err != nil {
		return nil, err
	}
	queue, dlq, err := newQueues(ctx, flow, name, args)
	if err != nil {
		return nil, err
	}
	if _, err := newQueuePolicy(ctx, flow, name+"-dlq", dlq, nil); err != nil {
		return nil, err
	}
	policy, err := newQueuePolicy(ctx, flow, name, queue, args.Topic)
	if err != nil {
		return nil, err
	}
	if args.Topic != nil {
		if err := newSubscription(ctx, flow, name, queue, policy, args.Topic); err != nil {
			return nil, err
		}
	}
	worker, err := newWorker(ctx, flow, name, queue, args)
	if err != nil {
		return nil, err
	}

	flow.QueueURL, flow.QueueARN, flow.QueueName = queue.Url, queue.Arn, queue.Name
	flow.DeadLetterQueueARN, flow.DeadLetterQueueName = dlq.Arn, dlq.Name
	flow.FunctionName, flow.FunctionARN = worker.Name, worker.ARN
	return flow, ctx.RegisterResourceOutputs(flow, pulumi.Map{
		"queueUrl": flow.QueueURL, "queueArn": flow.QueueARN, "queueName": flow.QueueName,
		"deadLetterQueueArn": flow.DeadLetterQueueARN, "deadLetterQueueName": flow.DeadLetterQueueName,
		"functionName": flow.FunctionName, "functionArn": flow.FunctionARN,
	})
}
