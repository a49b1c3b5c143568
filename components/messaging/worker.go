package messaging

import (
	"github.com/millionstack/millionstack/components/function"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// consumeActions are what Lambda's SQS poller needs on the queue, and all
// the worker gets on it.
var consumeActions = []string{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"}

// newWorker creates the worker function `<name>-worker`, allowed to consume
// this queue only (and decrypt its messages with a key of your own), and
// the event source mapping `<name>` that feeds it batches and deletes only
// the messages it did not report as failed. A worker running as a role of
// your own (Worker.ExistingRoleARN) gets the same grant as the inline
// policy `<name>-consume` on that role, which the mapping waits for.
func newWorker(ctx *pulumi.Context, flow *Flow, name string, queue *sqs.Queue, args FlowArgs) (*function.Function, error) {
	worker := args.Worker
	grants := []function.PolicyStatement{{Actions: consumeActions, Resources: []pulumi.StringInput{queue.Arn}}}
	if args.ExistingKMSKeyARN != nil {
		grants = append(grants, function.PolicyStatement{Actions: []string{"kms:Decrypt"}, Resources: []pulumi.StringInput{args.ExistingKMSKeyARN}})
	}
	if worker.ExistingRoleARN == nil {
		worker.PolicyStatements = append(grants, worker.PolicyStatements...)
	}
	tags := make(map[string]string, len(args.Tags)+len(worker.Tags))
	for k, v := range args.Tags {
		tags[k] = v
	}
	for k, v := range worker.Tags { // the worker's own Tags win
		tags[k] = v
	}
	worker.Tags = tags
	fn, err := function.NewFunction(ctx, name+"-worker", worker, pulumi.Parent(flow))
	if err != nil {
		return nil, err
	}
	var waitFor []pulumi.Resource
	if worker.ExistingRoleARN != nil {
		consume, err := iam.NewRolePolicy(ctx, name+"-consume", &iam.RolePolicyArgs{
			Role:   fn.RoleName,
			Policy: flow.ConsumePolicy(),
		}, pulumi.Parent(flow))
		if err != nil {
			return nil, err
		}
		waitFor = append(waitFor, consume)
	}

	mapping := &lambda.EventSourceMappingArgs{
		EventSourceArn:                 queue.Arn,
		FunctionName:                   fn.ARN, // resolves once the function, and so its permissions, exist
		BatchSize:                      pulumi.Int(args.BatchSize),
		MaximumBatchingWindowInSeconds: pulumi.Int(args.BatchingWindowSeconds),
		FunctionResponseTypes:          pulumi.StringArray{pulumi.String("ReportBatchItemFailures")},
		Tags:                           tagging.Named(name, args.Tags),
	}
	if args.MaxConcurrency > 0 {
		mapping.ScalingConfig = &lambda.EventSourceMappingScalingConfigArgs{MaximumConcurrency: pulumi.Int(args.MaxConcurrency)}
	}
	if flow.EventSourceMapping, err = lambda.NewEventSourceMapping(ctx, name, mapping, pulumi.Parent(flow), pulumi.DependsOn(waitFor)); err != nil {
		return nil, err
	}
	return fn, nil
}
