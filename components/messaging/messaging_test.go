package messaging_test

import (
	"testing"

	"github.com/millionstack/millionstack/components/function"
	"github.com/millionstack/millionstack/components/messaging"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeTopic        = "millionstack:messaging:Topic"
	typeFlow         = "millionstack:messaging:Flow"
	typeFunction     = "millionstack:function:Function"
	typeSNSTopic     = "aws:sns/topic:Topic"
	typeTopicPolicy  = "aws:sns/topicPolicy:TopicPolicy"
	typeSubscription = "aws:sns/topicSubscription:TopicSubscription"
	typeQueue        = "aws:sqs/queue:Queue"
	typeQueuePolicy  = "aws:sqs/queuePolicy:QueuePolicy"
	typeRedriveAllow = "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy"
	typeMapping      = "aws:lambda/eventSourceMapping:EventSourceMapping"
	typeLambda       = "aws:lambda/function:Function"
	typeLogGroup     = "aws:cloudwatch/logGroup:LogGroup"
	typeRolePolicy   = "aws:iam/rolePolicy:RolePolicy"
)

// flowOutputs are a Flow's exported outputs, read once the program ran.
type flowOutputs struct{ queueURL, queueARN, queueName, dlqARN, dlqName, functionName, functionARN string }

// recordFlow runs a Topic "signups" (when withTopic) and NewFlow("welcome", args).
func recordFlow(t *testing.T, withTopic bool, args messaging.FlowArgs) (*millionstacktest.Inventory, *flowOutputs, error) {
	t.Helper()
	out := &flowOutputs{}
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		if withTopic {
			topic, err := messaging.NewTopic(ctx, "signups", messaging.TopicArgs{})
			if err != nil {
				return err
			}
			args.Topic = topic
		}
		flow, err := messaging.NewFlow(ctx, "welcome", args)
		if err != nil {
			return err
		}
		pulumi.All(flow.QueueURL, flow.QueueARN, flow.QueueName, flow.DeadLetterQueueARN, flow.DeadLetterQueueName, flow.FunctionName, flow.FunctionARN).
			ApplyT(func(v []interface{}) error {
				out.queueURL, out.queueARN, out.queueName = v[0].(string), v[1].(string), v[2].(string)
				out.dlqARN, out.dlqName, out.functionName, out.functionARN = v[3].(string), v[4].(string), v[5].(string), v[6].(string)
				return nil
			})
		return nil
	}, millionstacktest.Options{Stack: "1m"})
	return inv, out, err
}

func worker() function.FunctionArgs {
	return function.FunctionArgs{Handler: "welcome_email"}
}

// number returns the numeric input of r at path, which must be set.
func number(t *testing.T, r millionstacktest.Resource, path string) float64 {
	t.Helper()
	return millionstacktest.Input(t, r, path).(float64)
}

var denyInsecure = map[string]interface{}{"Bool": map[string]interface{}{"aws:SecureTransport": "false"}}

func TestTopicIsEncryptedAndTLSOnly(t *testing.T) {
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		_, err := messaging.NewTopic(ctx, "signups", messaging.TopicArgs{Tags: map[string]string{"team": "growth"}})
		return err
	}, millionstacktest.Options{Stack: "1m"})
	component := millionstacktest.Named(t, inv, typeTopic, "signups")
	topic := millionstacktest.Named(t, inv, typeSNSTopic, "signups")
	policy := millionstacktest.Named(t, inv, typeTopicPolicy, "signups")
	millionstacktest.ParentedTo(t, component, topic, policy)
	assert.Equal(t, "alias/aws/sns", topic.String("kmsMasterKeyId"))
	assert.Equal(t, "growth", topic.String("tags.team"))
	assert.Equal(t, "signups", topic.String("tags.Name"))

	arn := topic.Outputs["arn"].StringValue()
	assert.Equal(t, arn, policy.String("arn"))
	s := millionstacktest.Statements(t, policy, "policy")
	require.Len(t, s, 2)
	assert.Equal(t, "Allow", s[0]["Effect"])
	assert.Equal(t, map[string]interface{}{"AWS": millionstacktest.AccountID}, s[0]["Principal"])
	assert.Equal(t, []interface{}{"sns:Publish"}, s[0]["Action"])
	assert.Equal(t, []interface{}{arn}, s[0]["Resource"])
	assert.Equal(t, "Deny", s[1]["Effect"])
	assert.Equal(t, "*", s[1]["Principal"])
	assert.Equal(t, []interface{}{arn}, s[1]["Resource"])
	assert.Equal(t, denyInsecure, s[1]["Condition"])
}

func TestFlowDefaults(t *testing.T) {
	inv, out, err := recordFlow(t, false, messaging.FlowArgs{Worker: worker()})
	require.NoError(t, err)
	flow := millionstacktest.Named(t, inv, typeFlow, "welcome")
	queue := millionstacktest.Named(t, inv, typeQueue, "welcome")
	dlq := millionstacktest.Named(t, inv, typeQueue, "welcome-dlq")
	mapping := millionstacktest.Named(t, inv, typeMapping, "welcome")
	fnComponent := millionstacktest.Named(t, inv, typeFunction, "welcome-worker")
	millionstacktest.ParentedTo(t, flow, queue, dlq, mapping, fnComponent,
		millionstacktest.Named(t, inv, typeQueuePolicy, "welcome"), millionstacktest.Named(t, inv, typeQueuePolicy, "welcome-dlq"), millionstacktest.Named(t, inv, typeRedriveAllow, "welcome-dlq"))
	assert.Empty(t, inv.ByType(typeSubscription), "no subscription without a topic")

	for _, q := range []millionstacktest.Resource{queue, dlq} {
		assert.Equal(t, true, q.Inputs["sqsManagedSseEnabled"].BoolValue(), "%s is not encrypted", q.Name)
	}
	assert.Equal(t, 345600.0, number(t, queue, "messageRetentionSeconds"))
	assert.Equal(t, 1209600.0, number(t, dlq, "messageRetentionSeconds"))
	assert.Greater(t, number(t, dlq, "messageRetentionSeconds"), number(t, queue, "messageRetentionSeconds"))
	assert.Equal(t, 180.0, number(t, queue, "visibilityTimeoutSeconds"), "6 x the worker's default 30s timeout")

	dlqARN, queueARN := dlq.Outputs["arn"].StringValue(), queue.Outputs["arn"].StringValue()
	var redrive map[string]interface{}
	millionstacktest.JSON(t, queue, "redrivePolicy", &redrive)
	assert.Equal(t, map[string]interface{}{"deadLetterTargetArn": dlqARN, "maxReceiveCount": 5.0}, redrive)
	allow := millionstacktest.Named(t, inv, typeRedriveAllow, "welcome-dlq")
	assert.Equal(t, dlq.Outputs["url"].StringValue(), allow.String("queueUrl"))
	var allowed map[string]interface{}
	millionstacktest.JSON(t, allow, "redriveAllowPolicy", &allowed)
	assert.Equal(t, map[string]interface{}{"redrivePermission": "byQueue", "sourceQueueArns": []interface{}{queueARN}}, allowed)

	for _, q := range []millionstacktest.Resource{queue, dlq} {
		policy := millionstacktest.Named(t, inv, typeQueuePolicy, q.Name)
		assert.Equal(t, q.Outputs["url"].StringValue(), policy.String("queueUrl"))
		s := millionstacktest.Statements(t, policy, "policy")
		require.Len(t, s, 1, "without a topic the policy only denies plain HTTP")
		assert.Equal(t, "Deny", s[0]["Effect"])
		assert.Equal(t, []interface{}{q.Outputs["arn"].StringValue()}, s[0]["Resource"])
		assert.Equal(t, denyInsecure, s[0]["Condition"])
	}

	fn := millionstacktest.Named(t, inv, typeLambda, "welcome-worker")
	assert.Equal(t, fnComponent.URN, fn.Parent)
	assert.Equal(t, queueARN, mapping.String("eventSourceArn"))
	assert.Equal(t, fn.Outputs["arn"].StringValue(), mapping.String("functionName"))
	assert.Contains(t, mapping.Dependencies, fn.URN, "the mapping must wait for the worker and its permissions")
	assert.Equal(t, 10.0, number(t, mapping, "batchSize"))
	assert.Equal(t, 0.0, number(t, mapping, "maximumBatchingWindowInSeconds"))
	assert.Equal(t, []interface{}{"ReportBatchItemFailures"}, mapping.Inputs["functionResponseTypes"].Mappable())
	_, scaling := mapping.Input("scalingConfig")
	assert.False(t, scaling, "unlimited concurrency sets no scaling config")

	assert.Equal(t, "Active", fn.String("tracingConfig.mode"))
	assert.Equal(t, 30.0, number(t, millionstacktest.Named(t, inv, typeLogGroup, "welcome-worker"), "retentionInDays"))
	perms := millionstacktest.Statements(t, millionstacktest.Named(t, inv, typeRolePolicy, "welcome-worker"), "policy")
	require.Len(t, perms, 3, "logs, traces and this queue, nothing else")
	assert.Equal(t, []interface{}{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"}, perms[2]["Action"])
	assert.Equal(t, []interface{}{queueARN}, perms[2]["Resource"])

	assert.Equal(t, flowOutputs{
		queueURL: queue.Outputs["url"].StringValue(), queueARN: queueARN, queueName: "welcome",
		dlqARN: dlqARN, dlqName: "welcome-dlq",
		functionName: fn.Outputs["name"].StringValue(), functionARN: fn.Outputs["arn"].StringValue(),
	}, *out)
}

func TestFlowFromTopicWithOverrides(t *testing.T) {
	w := worker()
	w.TimeoutSeconds = 60
	w.ReservedConcurrency = 20
	w.LogRetentionDays = 90
	w.PolicyStatements = []function.PolicyStatement{{Actions: []string{"ses:SendEmail"}, Resources: []pulumi.StringInput{pulumi.String("arn:aws:ses:us-east-1:123456789012:identity/example.com")}}}
	w.Tags = map[string]string{"owner": "worker"}
	inv, _, err := recordFlow(t, true, messaging.FlowArgs{
		Worker:                     w,
		BatchSize:                  100,
		BatchingWindowSeconds:      5,
		MaxConcurrency:             10,
		MaxReceiveCount:            3,
		VisibilityTimeoutSeconds:   120,
		RetentionSeconds:           86400,
		DeadLetterRetentionSeconds: 604800,
		Tags:                       map[string]string{"team": "growth", "owner": "flow"},
	})
	require.NoError(t, err)
	queue := millionstacktest.Named(t, inv, typeQueue, "welcome")
	dlq := millionstacktest.Named(t, inv, typeQueue, "welcome-dlq")
	assert.Equal(t, 120.0, number(t, queue, "visibilityTimeoutSeconds"))
	assert.Equal(t, 86400.0, number(t, queue, "messageRetentionSeconds"))
	assert.Equal(t, 604800.0, number(t, dlq, "messageRetentionSeconds"))
	assert.Equal(t, "growth", queue.String("tags.team"))
	var redrive map[string]interface{}
	millionstacktest.JSON(t, queue, "redrivePolicy", &redrive)
	assert.Equal(t, 3.0, redrive["maxReceiveCount"])

	topicARN := millionstacktest.Named(t, inv, typeSNSTopic, "signups").Outputs["arn"].StringValue()
	queueARN := queue.Outputs["arn"].StringValue()
	policy := millionstacktest.Named(t, inv, typeQueuePolicy, "welcome")
	s := millionstacktest.Statements(t, policy, "policy")
	require.Len(t, s, 2)
	assert.Equal(t, "Deny", s[0]["Effect"])
	assert.Equal(t, "Allow", s[1]["Effect"])
	assert.Equal(t, map[string]interface{}{"Service": "sns.amazonaws.com"}, s[1]["Principal"])
	assert.Equal(t, []interface{}{"sqs:SendMessage"}, s[1]["Action"])
	assert.Equal(t, []interface{}{queueARN}, s[1]["Resource"])
	assert.Equal(t, map[string]interface{}{"ArnEquals": map[string]interface{}{"aws:SourceArn": topicARN}}, s[1]["Condition"])
	dlqPolicy := millionstacktest.Statements(t, millionstacktest.Named(t, inv, typeQueuePolicy, "welcome-dlq"), "policy")
	assert.Len(t, dlqPolicy, 1, "nothing but the queue's redrive sends to the dead-letter queue")

	sub := millionstacktest.Named(t, inv, typeSubscription, "welcome")
	assert.Equal(t, millionstacktest.Named(t, inv, typeFlow, "welcome").URN, sub.Parent)
	assert.Equal(t, topicARN, sub.String("topic"))
	assert.Equal(t, "sqs", sub.String("protocol"))
	assert.Equal(t, queueARN, sub.String("endpoint"))
	assert.Contains(t, sub.Dependencies, policy.URN, "subscribe only once the topic may deliver")

	mapping := millionstacktest.Named(t, inv, typeMapping, "welcome")
	assert.Equal(t, 100.0, number(t, mapping, "batchSize"))
	assert.Equal(t, 5.0, number(t, mapping, "maximumBatchingWindowInSeconds"))
	assert.Equal(t, 10.0, number(t, mapping, "scalingConfig.maximumConcurrency"))

	fn := millionstacktest.Named(t, inv, typeLambda, "welcome-worker")
	assert.Equal(t, 60.0, number(t, fn, "timeout"))
	assert.Equal(t, 20.0, number(t, fn, "reservedConcurrentExecutions"))
	assert.Equal(t, "worker", fn.String("tags.owner"), "the worker's own tags win")
	assert.Equal(t, "growth", fn.String("tags.team"), "the flow's tags reach the worker")
	assert.Equal(t, 90.0, number(t, millionstacktest.Named(t, inv, typeLogGroup, "welcome-worker"), "retentionInDays"))
	perms := millionstacktest.Statements(t, millionstacktest.Named(t, inv, typeRolePolicy, "welcome-worker"), "policy")
	require.Len(t, perms, 4)
	assert.Equal(t, []interface{}{queueARN}, perms[2]["Resource"])
	assert.Equal(t, []interface{}{"ses:SendEmail"}, perms[3]["Action"])
	assert.Len(t, w.PolicyStatements, 1, "the caller's statements are not modified")
}

func TestVisibilityFollowsWorkerTimeout(t *testing.T) {
	w := worker()
	w.TimeoutSeconds = 900
	inv, _, err := recordFlow(t, false, messaging.FlowArgs{Worker: w})
	require.NoError(t, err)
	assert.Equal(t, 5400.0, number(t, millionstacktest.Named(t, inv, typeQueue, "welcome"), "visibilityTimeoutSeconds"))
}

func TestFlowValidation(t *testing.T) {
	cases := map[string]struct {
		change func(*messaging.FlowArgs)
		want   string
	}{
		"batch size below 1":    {func(a *messaging.FlowArgs) { a.BatchSize = -1 }, "BatchSize: -1 is out of range; allowed: 1 to 10000"},
		"batch size 10001":      {func(a *messaging.FlowArgs) { a.BatchSize, a.BatchingWindowSeconds = 10001, 1 }, "BatchSize: 10001 is out of range"},
		"large batch no window": {func(a *messaging.FlowArgs) { a.BatchSize = 11 }, "BatchingWindowSeconds: 0 is not allowed with a BatchSize of 11"},
		"window 301":            {func(a *messaging.FlowArgs) { a.BatchingWindowSeconds = 301 }, "BatchingWindowSeconds: 301 is out of range; allowed: 0 to 300"},
		"max concurrency 1":     {func(a *messaging.FlowArgs) { a.MaxConcurrency = 1 }, "MaxConcurrency: 1 is out of range; allowed: 0 (unlimited) or 2 to 1000"},
		"concurrency above reserved": {func(a *messaging.FlowArgs) { a.MaxConcurrency, a.Worker.ReservedConcurrency = 50, 10 },
			"MaxConcurrency: 50 is above the worker's ReservedConcurrency (10)"},
		"max receives below 1": {func(a *messaging.FlowArgs) { a.MaxReceiveCount = -1 }, "MaxReceiveCount: -1 is out of range; allowed: 1 to 1000"},
		"max receives 1001":    {func(a *messaging.FlowArgs) { a.MaxReceiveCount = 1001 }, "MaxReceiveCount: 1001 is out of range"},
		"visibility below timeout": {func(a *messaging.FlowArgs) { a.VisibilityTimeoutSeconds = 29 },
			"VisibilityTimeoutSeconds: 29 is shorter than the worker's TimeoutSeconds (30)"},
		"visibility above 12h": {func(a *messaging.FlowArgs) { a.VisibilityTimeoutSeconds = 43201 }, "VisibilityTimeoutSeconds: 43201 is out of range"},
		"retention":            {func(a *messaging.FlowArgs) { a.RetentionSeconds = 59 }, "RetentionSeconds: 59 is out of range; allowed: 60 to 1209600"},
		"dlq retention equal": {func(a *messaging.FlowArgs) { a.RetentionSeconds, a.DeadLetterRetentionSeconds = 86400, 86400 },
			"DeadLetterRetentionSeconds: 86400 must be longer than RetentionSeconds (86400)"},
		"dlq retention above max": {func(a *messaging.FlowArgs) { a.DeadLetterRetentionSeconds = 1209601 }, "DeadLetterRetentionSeconds: 1209601 is out of range"},
		"unknown handler":         {func(a *messaging.FlowArgs) { a.Worker.Handler = "resize" }, `Worker.Handler: "resize" is not supported`},
		"worker timeout 901":      {func(a *messaging.FlowArgs) { a.Worker.TimeoutSeconds = 901 }, "Worker.TimeoutSeconds: 901 is out of range"},
		"URL on a worker":         {func(a *messaging.FlowArgs) { a.Worker.URL = true }, "Worker.URL: must be false"},
		"bad retention days":      {func(a *messaging.FlowArgs) { a.Worker.LogRetentionDays = 2 }, "Worker.LogRetentionDays: 2 days is not a CloudWatch Logs retention"},
		"reserved 1001":           {func(a *messaging.FlowArgs) { a.Worker.ReservedConcurrency = 1001 }, "Worker.ReservedConcurrency: 1001 is out of range"},
		"aws tag":                 {func(a *messaging.FlowArgs) { a.Tags = map[string]string{"aws:x": "y"} }, `Tags: key "aws:x" uses the reserved prefix "aws:"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			args := messaging.FlowArgs{Worker: worker()}
			c.change(&args)
			inv, _, err := recordFlow(t, false, args)
			millionstacktest.Rejected(t, inv, err, `messaging "welcome": `+c.want)
		})
	}
}

func TestTopicValidation(t *testing.T) {
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := messaging.NewTopic(ctx, "signups", messaging.TopicArgs{Tags: map[string]string{"": "x"}})
		return err
	}, millionstacktest.Options{})
	millionstacktest.Rejected(t, inv, err, `messaging "signups": Tags: key "" has 0 characters; allowed: keys of 1 to 128 characters`)
}
