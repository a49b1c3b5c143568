package main

import (
	"testing"

	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const project = "messaging-own-code"

// The worker is your code from ./worker; the queue subscribes to the topic
// and the worker may consume it; the publisher's role may publish only.
func TestWorkerRunsYourCode(t *testing.T) {
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev", Project: project,
		Config: map[string]string{project + ":publisherRoleName": "orders-api"}})
	require.NoError(t, err)
	worker := millionstacktest.Named(t, inv, "aws:lambda/function:Function", "shipping-worker")
	assert.Equal(t, "python3.13", worker.String("runtime"))
	assert.Equal(t, "worker.handler", worker.String("handler"))
	code, ok := worker.Inputs["code"]
	require.True(t, ok)
	require.True(t, code.IsArchive(), "the code is an archive")
	assert.Equal(t, "./worker", code.ArchiveValue().Path, "the archive of your directory")

	subscription := millionstacktest.Named(t, inv, "aws:sns/topicSubscription:TopicSubscription", "shipping")
	assert.Equal(t, "sqs", subscription.String("protocol"))
	assert.Equal(t, millionstacktest.Named(t, inv, "aws:sns/topic:Topic", "orders").Outputs["arn"].StringValue(), subscription.String("topic"))
	mapping := millionstacktest.Named(t, inv, "aws:lambda/eventSourceMapping:EventSourceMapping", "shipping")
	assert.Equal(t, 5.0, millionstacktest.Value(mapping, "scalingConfig.maximumConcurrency"))
	grant := millionstacktest.Named(t, inv, "aws:iam/rolePolicy:RolePolicy", "shipping-worker")
	assert.Contains(t, grant.String("policy"), "sqs:ReceiveMessage")

	publish := millionstacktest.Named(t, inv, "aws:iam/rolePolicy:RolePolicy", "orders-publish")
	assert.Equal(t, "orders-api", publish.String("role"))
	statements := millionstacktest.Statements(t, publish, "policy")
	require.Len(t, statements, 1)
	assert.Equal(t, []interface{}{"sns:Publish"}, statements[0]["Action"])
}

// The stack breaks no rule the provider would enforce at `pulumi up`.
func TestWorkerRunsYourCodeBreaksNoProviderRule(t *testing.T) {
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev", Project: project})
	require.NoError(t, err)
	millionstacktest.NoViolations(t, inv)
	_, granted := inv.Named("aws:iam/rolePolicy:RolePolicy", "orders-publish")
	assert.False(t, granted, "no publisher named, no grant")
}
