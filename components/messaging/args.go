package messaging

import (
	"errors"
	"github.com/millionstack/millionstack/components/function"
	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/naming"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TopicArgs configure a Topic.
type TopicArgs struct {
	// Tags are applied, with Name, to the topic. Default none.
	Tags map[string]string
	// ExistingKMSKeyARN is a customer-managed KMS key of your own, by its
	// key ARN, in the topic's region, that encrypts the messages at rest
	// instead of the AWS managed key (alias/aws/sns). Default none. Its key
	// policy must let the publishers use it, kms:GenerateDataKey* and
	// kms:Decrypt (Topic.PublishPolicy grants both to your roles; an AWS
	// service that publishes, such as CloudWatch or EventBridge, needs
	// them in the key policy for its service principal), and let SNS use
	// it on your account's behalf (SNS developer guide, "Securing Amazon
	// SNS data with server-side encryption", "Setting up AWS KMS
	// permissions"). Changing it updates the topic in place.
	ExistingKMSKeyARN pulumi.StringInput
}

func (a TopicArgs) validate(name, region string) error {
	p := validate.For("messaging", name)
	p.KeyARN("ExistingKMSKeyARN", a.ExistingKMSKeyARN, region)
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// FlowArgs configure a Flow. A zero value means the default written on the
// field; WithDefaults applies them all in one place.
type FlowArgs struct {
	// Topic, when set, feeds the queue: the queue subscribes to it and its
	// policy lets only this topic send (aws:SourceArn). Default none: the
	// application sends to the queue itself.
	Topic *Topic
	// Worker is the Lambda function that drains the queue, with the
	// function package's defaults: a bundled handler, or your own code
	// (Worker.Code: pulumi.NewFileArchive of a directory, its Handler and
	// Runtime). It is granted receive, delete and visibility changes on
	// this queue only (ConsumePolicy): on the role the component creates,
	// or, with Worker.ExistingRoleARN, on your role, through an inline
	// policy `<name>-consume` the component adds to it (the event source
	// mapping waits for it: Lambda checks the role when the mapping is
	// created). URL must be false.
	Worker function.FunctionArgs
	// BatchSize is the most messages one invocation receives. Default 10;
	// 1 to 10000, above 10 only with BatchingWindowSeconds of at least 1.
	BatchSize int
	// BatchingWindowSeconds is how long Lambda gathers messages before it
	// invokes the worker. Default 0 (invoke at once); 0 to 300.
	BatchingWindowSeconds int
	// MaxConcurrency caps the worker invocations this queue runs at once,
	// which protects what the worker writes to (the database). Default 0,
	// unlimited; otherwise 2 to 1000, and no more than the worker's
	// ReservedConcurrency when that is set.
	MaxConcurrency int
	// MaxReceiveCount is how many deliveries a message gets before it moves
	// to the dead-letter queue. Default 5; 1 to 1000.
	MaxReceiveCount int
	// VisibilityTimeoutSeconds hides a received message from other
	// consumers. Default 6 times the worker's timeout (AWS guidance, so
	// retries of a throttled batch do not redeliver messages still being
	// processed); at least the worker's timeout and at most 43200.
	VisibilityTimeoutSeconds int
	// RetentionSeconds is how long the queue keeps an unprocessed message.
	// Default 345600 (4 days); 60 to 1209600.
	RetentionSeconds int
	// DeadLetterRetentionSeconds is how long the dead-letter queue keeps a
	// message. Default 1209600 (14 days, the maximum); longer than
	// RetentionSeconds, because SQS expires a dead-lettered message by its
	// original enqueue time.
	DeadLetterRetentionSeconds int
	// Tags are applied, with Name, to every taggable child, the worker's
	// included (the worker's own Tags win). Default none.
	Tags map[string]string
	// ExistingKMSKeyARN is a customer-managed KMS key of your own, by its
	// key ARN, in the flow's region, that encrypts the queue and the
	// dead-letter queue instead of SSE-SQS. Default none. Its key policy
	// must let the producers use it (kms:GenerateDataKey and kms:Decrypt:
	// SendPolicy grants them to your roles), and with a Topic let the
	// service principal sns.amazonaws.com use it too (kms:GenerateDataKey*,
	// kms:Decrypt), or SNS cannot deliver (SQS developer guide,
	// "Configuring server-side encryption (SSE) for a queue" and "Key
	// management": "Enable compatibility between AWS services such as
	// Amazon SNS and encrypted queues"). The worker is granted kms:Decrypt
	// on it. Changing it updates the queues in place.
	ExistingKMSKeyARN pulumi.StringInput
}

func (a FlowArgs) WithDefaults() FlowArgs {
	a.Worker = a.Worker.WithDefaults()
	if a.BatchSize == 0 {
		a.BatchSize = 10
	}
	if a.MaxReceiveCount == 0 {
		a.MaxReceiveCount = 5
	}
	if a.VisibilityTimeoutSeconds == 0 {
		a.VisibilityTimeoutSeconds = 6 * a.Worker.TimeoutSeconds
	}
	if a.RetentionSeconds == 0 {
		a.RetentionSeconds = 345600
	}
	if a.DeadLetterRetentionSeconds == 0 {
		a.DeadLetterRetentionSeconds = 1209600
	}
	return a
}

func (a FlowArgs) validate(name, region string) error {
	p := validate.For("messaging", name)
	p.KeyARN("ExistingKMSKeyARN", a.ExistingKMSKeyARN, region)
	p.Within("Worker", naming.Child(name, "worker"), a.Worker.Validate)
	p.Allows("Worker.URL", "false").
		RefuseIf(a.Worker.URL, "must be false: a queue worker is invoked by its queue, never over HTTP")
	p.IntRange("BatchSize", a.BatchSize, 1, 10000)
	p.IntRange("BatchingWindowSeconds", a.BatchingWindowSeconds, 0, 300)
	p.Allows("BatchingWindowSeconds", "1 to 300 when BatchSize is above 10").
		RefuseIf(a.BatchSize > 10 && a.BatchingWindowSeconds < 1, "%d is not allowed with a BatchSize of %d", a.BatchingWindowSeconds, a.BatchSize)
	p.Allows("MaxConcurrency", "0 (unlimited) or 2 to 1000").
		RefuseIf(a.MaxConcurrency != 0 && (a.MaxConcurrency < 2 || a.MaxConcurrency > 1000), "%d is out of range", a.MaxConcurrency)
	reserved := a.Worker.ReservedConcurrency
	p.Allows("MaxConcurrency", "at most the worker's ReservedConcurrency, when that is set").
		RefuseIf(reserved > 0 && a.MaxConcurrency > reserved, "%d is above the worker's ReservedConcurrency (%d): throttled batches count as failed deliveries and end in the dead-letter queue", a.MaxConcurrency, reserved)
	p.IntRange("MaxReceiveCount", a.MaxReceiveCount, 1, 1000)
	p.IntRange("VisibilityTimeoutSeconds", a.VisibilityTimeoutSeconds, 0, 43200)
	p.Allows("VisibilityTimeoutSeconds", "at least the worker's TimeoutSeconds").
		RefuseIf(a.VisibilityTimeoutSeconds < a.Worker.TimeoutSeconds, "%d is shorter than the worker's TimeoutSeconds (%d): messages would be delivered again while still being processed", a.VisibilityTimeoutSeconds, a.Worker.TimeoutSeconds)
	p.IntRange("RetentionSeconds", a.RetentionSeconds, 60, 1209600)
	p.IntRange("DeadLetterRetentionSeconds", a.DeadLetterRetentionSeconds, 60, 1209600)
	p.Allows("DeadLetterRetentionSeconds", "longer than RetentionSeconds").
		RefuseIf(a.DeadLetterRetentionSeconds <= a.RetentionSeconds, "%d must be longer than RetentionSeconds (%d): SQS expires a dead-lettered message by its original enqueue time", a.DeadLetterRetentionSeconds, a.RetentionSeconds)
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewFlow would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a FlowArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("messaging", name), a.WithDefaults().validate(name, ""))
}

// WithDefaults returns a: a Topic has no defaults to apply.
func (a TopicArgs) WithDefaults() TopicArgs { return a }

// Validate reports every problem with the args of the Topic called name,
// as NewTopic would, without registering anything.
func (a TopicArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("messaging", name), a.validate(name, ""))
}

// regionFor is the region of a component registered with opts, looked up
// only when a key of your own must be in it ("" otherwise).
func regionFor(ctx *pulumi.Context, key pulumi.StringInput, opts []pulumi.ResourceOption) (string, error) {
	if key == nil {
		return "", nil
	}
	return awsprovider.CurrentRegion(ctx, opts...)
}
