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

// TopicType is the Topic component's type token.
const TopicType = "millionstack:messaging:Topic"

// Topic is an SNS topic encrypted at rest with the AWS managed key
// (alias/aws/sns), or a key of your own, whose policy lets the account
// publish and refuses publishing without TLS.
//
// Its children are exported as an escape hatch: read their outputs or
// depend on them; change an input the component sets with
// pulumi.Transforms on the component.
type Topic struct {
	pulumi.ResourceState

	// Topic is the SNS topic; Policy its topic policy.
	Topic  *sns.Topic
	Policy *sns.TopicPolicy

	// ARN is the topic's ARN: what publishers (the API's SIGNUP_TOPIC_ARN)
	// and subscribing Flows need.
	ARN pulumi.StringOutput `pulumi:"arn"`
	// Name is the topic's physical name.
	Name pulumi.StringOutput `pulumi:"name"`
	// KMSKeyARN is TopicArgs.ExistingKMSKeyARN, "" with the AWS managed
	// key.
	KMSKeyARN pulumi.StringOutput `pulumi:"kmsKeyArn"`
}

// PublishPolicy returns an IAM policy document that lets its holder publish
// to the topic (sns:Publish on it) and, with a key of your own, use that
// key as a publisher must (kms:GenerateDataKey*, kms:Decrypt), and nothing
// else. PublishPolicy(topics...) is the same for several topics at once.
func (t *Topic) PublishPolicy() pulumi.StringOutput { return PublishPolicy(t) }

// PublishPolicy returns one IAM policy document that lets its holder
// publish to every one of topics, as Topic.PublishPolicy does for one.
func PublishPolicy(topics ...*Topic) pulumi.StringOutput {
	var all []interface{}
	for _, t := range topics {
		all = append(all, t.ARN)
	}
	for _, t := range topics {
		all = append(all, t.KMSKeyARN)
	}
	return pulumi.All(all...).ApplyT(func(v []interface{}) (string, error) {
		var arns, keys []string
		for i := range topics {
			arns = append(arns, v[i].(string))
			if key := v[len(topics)+i].(string); key != "" {
				keys = append(keys, key)
			}
		}
		doc := policy.Document{Statement: []policy.Statement{{Effect: "Allow", Action: []string{"sns:Publish"}, Resource: arns}}}
		if len(keys) > 0 {
			doc.Statement = append(doc.Statement, policy.Statement{Effect: "Allow", Action: []string{"kms:GenerateDataKey*", "kms:Decrypt"}, Resource: keys})
		}
		return doc.JSON()
	}).(pulumi.StringOutput)
}

// NewTopic creates the topic `<name>` and its policy `<name>`.
func NewTopic(ctx *pulumi.Context, name string, args TopicArgs, opts ...pulumi.ResourceOption) (*Topic, error) {
	region, err := regionFor(ctx, args.ExistingKMSKeyARN, opts)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(validate.ComponentName("messaging", name), args.validate(name, region)); err != nil {
		return nil, err
	}
	component := &Topic{}
	if err := ctx.RegisterComponentResource(TopicType, name, component, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(component)
	account, err := aws.GetCallerIdentity(ctx, nil, parent)
	if err != nil {
		return nil, err
	}
	key := pulumi.StringInput(pulumi.String("alias/aws/sns"))
	component.KMSKeyARN = pulumi.String("").ToStringOutput()
	if args.ExistingKMSKeyARN != nil {
		key = args.ExistingKMSKeyARN
		component.KMSKeyARN = args.ExistingKMSKeyARN.ToStringOutput()
	}
	topic, err := sns.NewTopic(ctx, name, &sns.TopicArgs{
		KmsMasterKeyId: key.ToStringOutput(),
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
	if component.Policy, err = sns.NewTopicPolicy(ctx, name, &sns.TopicPolicyArgs{Arn: topic.Arn, Policy: topicPolicy}, parent); err != nil {
		return nil, err
	}

	component.Topic = topic
	component.ARN, component.Name = topic.Arn, topic.Name
	return component, ctx.RegisterResourceOutputs(component, pulumi.Map{"arn": component.ARN, "name": component.Name})
}
