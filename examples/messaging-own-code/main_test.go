package main

import (
	"testing"

	"github.com/millionstack/millionstack/internal/inventory"
	"github.com/millionstack/millionstack/internal/inventory/invtest"
	"github.com/millionstack/millionstack/internal/plan"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const project = "messaging-own-code"

// The worker is your code from ./worker; the queue subscribes to the topic
// and the worker may consume it; the publisher's role may publish only.
func TestWorkerRunsYourCode(t *testing.T) {
	inv, err := inventory.Record(program, inventory.Options{Stack: "dev", Project: project,
		Config: map[string]string{project + ":publisherRoleName": "orders-api"}})
	require.NoError(t, err)
	worker := invtest.Named(t, inv, "aws:lambda/function:Function", "shipping-worker")
	assert.Equal(t, "python3.13", worker.String("runtime"))
	assert.Equal(t, "worker.handler", worker.String("handler"))
	code, ok := worker.Inputs["code"]
	require.True(t, ok)
	require.True(t, code.IsArchive(), "the code is an archive")
	assert.Equal(t, "./worker", code.ArchiveValue().Path, "the archive of your directory")

	subscription := invtest.Named(t, inv, "aws:sns/topicSubscription:TopicSubscription", "shipping")
	assert.Equal(t, "sqs", subscription.String("protocol"))
	assert.Equal(t, invtest.Named(t, inv, "aws:sns/topic:Topic", "orders").Outputs["arn"].StringValue(), subscription.String("topic"))
	mapping := invtest.Named(t, inv, "aws:lambda/eventSourceMapping:EventSourceMapping", "shipping")
	assert.Equal(t, 5.0, invtest.Value(mapping, "scalingConfig.maximumConcurrency"))
	grant := invtest.Named(t, inv, "aws:iam/rolePolicy:RolePolicy", "shipping-worker")
	assert.Contains(t, grant.String("policy"), "sqs:ReceiveMessage")

	publish := invtest.Named(t, inv, "aws:iam/rolePolicy:RolePolicy", "orders-publish")
	assert.Equal(t, "orders-api", publish.String("role"))
	statements := invtest.Statements(t, publish, "policy")
	require.Len(t, statements, 1)
	assert.Equal(t, []interface{}{"sns:Publish"}, statements[0]["Action"])
}

// The stack breaks no rule the provider would enforce at `pulumi up`.
func TestWorkerRunsYourCodeBreaksNoProviderRule(t *testing.T) {
	inv, err := inventory.Record(program, inventory.Options{Stack: "dev", Project: project})
	require.NoError(t, err)
	assert.Empty(t, plan.Check(inv))
	_, granted := inv.Named("aws:iam/rolePolicy:RolePolicy", "orders-publish")
	assert.False(t, granted, "no publisher named, no grant")
}
