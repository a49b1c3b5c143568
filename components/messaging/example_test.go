package messaging_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/function"
	"github.com/millionstack/millionstack/components/messaging"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A topic your API publishes to, fanned out to a flow whose worker is your
// own code (a directory: pulumi.NewFileArchive("./worker") in a real
// program; assets here), with the queues encrypted by your own key. The
// API's role gets PublishPolicy: sns:Publish on the topic and nothing else.
func Example() {
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		orders, err := messaging.NewTopic(ctx, "orders", messaging.TopicArgs{})
		if err != nil {
			return err
		}
		code := pulumi.NewAssetArchive(map[string]interface{}{
			"index.mjs": pulumi.NewStringAsset("export const handler = async () => ({ batchItemFailures: [] });"),
		})
		_, err = messaging.NewFlow(ctx, "shipping", messaging.FlowArgs{
			Topic:             orders,
			Worker:            function.FunctionArgs{Code: &function.Code{Archive: code, Handler: "index.handler"}, Runtime: "nodejs22.x"},
			ExistingKMSKeyARN: pulumi.String("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
		})
		if err != nil {
			return err
		}
		_, err = iam.NewRolePolicy(ctx, "api-publish", &iam.RolePolicyArgs{Role: pulumi.String("api"), Policy: orders.PublishPolicy()})
		return err
	}, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	worker, _ := inv.Named("aws:lambda/function:Function", "shipping-worker")
	fmt.Println("worker:", worker.String("runtime"), worker.String("handler"))
	queue, _ := inv.Named("aws:sqs/queue:Queue", "shipping")
	fmt.Println("queue key:", queue.String("kmsMasterKeyId"))
	grant, _ := inv.Named("aws:iam/rolePolicy:RolePolicy", "api-publish")
	fmt.Println("grant:", grant.String("policy"))
	// Output:
	// worker: nodejs22.x index.handler
	// queue key: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
	// grant: {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sns:Publish"],"Resource":["arn:aws:sns:us-east-1:123456789012:topic/orders"]}]}
}
