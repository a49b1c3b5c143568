// Command messaging-own-code builds millionstack's messaging components
// around code of your own: a topic, "orders", that your services publish
// to, and a flow, "shipping", whose queue subscribes to it and whose worker
// is your Lambda function, the Python handler in ./worker. The queue and its
// dead-letter queue are encrypted, accept TLS only, and only the topic may
// send to the queue; the worker may consume this queue and nothing else; a
// publisher's role gets exactly the topic's PublishPolicy.
//
//	cd examples/messaging-own-code && pulumi stack init dev && pulumi up
package main

import (
	"github.com/millionstack/millionstack/components/function"
	"github.com/millionstack/millionstack/components/messaging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(program)
}

func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	orders, err := messaging.NewTopic(ctx, "orders", messaging.TopicArgs{})
	if err != nil {
		return err
	}
	shipping, err := messaging.NewFlow(ctx, "shipping", messaging.FlowArgs{
		Topic: orders,
		Worker: function.FunctionArgs{
			// Your code: every file of ./worker at the root of the package,
			// the entry point worker.handler. Deploying again after a change
			// of the files updates the function in place.
			Code:           &function.Code{Archive: pulumi.NewFileArchive("./worker"), Handler: "worker.handler"},
			Runtime:        "python3.13",
			TimeoutSeconds: 60,
		},
		// At most five invocations at once, so the worker never floods what
		// it writes to.
		MaxConcurrency: 5,
	})
	if err != nil {
		return err
	}
	// The role your publishing service runs as, if you name one: it may
	// publish to the topic, and nothing else.
	if role := cfg.Get("publisherRoleName"); role != "" {
		if _, err := iam.NewRolePolicy(ctx, "orders-publish", &iam.RolePolicyArgs{
			Role:   pulumi.String(role),
			Policy: orders.PublishPolicy(),
		}); err != nil {
			return err
		}
	}
	ctx.Export("ordersTopicArn", orders.ARN)
	ctx.Export("shippingQueueUrl", shipping.QueueURL)
	ctx.Export("shippingDeadLetterQueueArn", shipping.DeadLetterQueueARN)
	ctx.Export("workerFunctionName", shipping.FunctionName)
	return nil
}
