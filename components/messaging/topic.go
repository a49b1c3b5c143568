package messaging

import (
	"errors"

	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Topic is an SNS topic encrypted at rest with the AWS managed key
// (alias/aws/sns) whose policy lets the account publish and refuses
// publishing without TLS.
type Topic struct {
	pulumi.ResourceState

	// ARN is the topic's ARN: what publishers (the API's SIGNUP_TOPIC_ARN)
	// and subscribing Flows need.
	ARN pulumi.StringOutput `pulumi:"arn"`
	// Name is the topic's physical name.
	Name pulumi.StringOutput `pulumi:"name"`
}

// NewTopic creates the topic `<name>` and its policy `<name>`.
func NewTopic(ctx *pulumi.Context, name string, args TopicArgs, opts ...pulumi.ResourceOption) (*Topic, error) {
	if err := errors.Join(validate.ComponentName("messaging", name), args.validate()); err != nil {
		return nil, err
	}
	component := &Topic{}
	if err := ctx.RegisterComponentResource("millionstack:messaging:Topic", name, component, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(component)
	account, err := aws.GetCallerIdentity(ctx, nil, parent)
	if err != nil {
		return nil, err
	}
	topic, err := sns.NewTopic(ctx, name, &sns.TopicArgs{
		KmsMasterKeyId: pulumi.String("alias/aws/sns"),
		Tags:           tagging.Named(name, args.Tags),
	}, parent)
	if err != nil {
		return nil, err
	}
	topicPolicy := topic.Arn.ApplyT(func(arn string) (string, error) {
		return policy.Document{Statement: []policy.Statement{
			{
				Sid:       "AccountPublishes",
				Effect:    "Allow",
				Principal: map[string]string{"AWS": account.AccountId},
				Action:    []string{"sns:Publish"},
				Resource:  []string{arn},
			},
			policy.DenyInsecureTransport("sns:Publish", arn),
		}}.JSON()
	}).(pulumi.StringOutput)
	if _, err := sns.NewTopicPolicy(ctx, name, &sns.TopicPolicyArgs{Arn: topic.Arn, Policy: topicPolicy}, parent); err != nil {
		return nil, err
	}

	component.ARN, component.Name = topic.Arn, topic.Name
	return component, ctx.RegisterResourceOutputs(component, pulumi.Map{"arn": component.ARN, "name": component.Name})
}
