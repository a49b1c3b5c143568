package monitoring

import (
	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// alarmPublishers are the services that publish to the alarm topic:
// CloudWatch alarms and AWS Budgets notifications, and with
// RotationFailures EventBridge (eventPublisher).
var alarmPublishers = []string{"cloudwatch.amazonaws.com", "budgets.amazonaws.com"}

// eventPublisher is EventBridge's service principal, which delivers to an
// SNS target under the topic's policy and, for an encrypted topic, its key
// (EventBridge user guide, "Amazon SNS permissions").
const eventPublisher = "events.amazonaws.com"

// publishers are the services that publish to the topic of args.
func publishers(args MonitoringArgs) []string {
	if args.RotationFailures {
		return append(append([]string(nil), alarmPublishers...), eventPublisher)
	}
	return alarmPublishers
}

// newAlarmTopic creates the topic every alarm notifies, encrypted with a
// customer-managed key: ExistingKMSKeyARN, or else a key of its own. It
// cannot use the AWS-managed alias/aws/sns key: that key's policy cannot be
// changed to let CloudWatch and Budgets use it, and they then fail to
// publish without any error on the alarm.
func (m *Monitoring) newAlarmTopic(ctx *pulumi.Context, name string, args MonitoringArgs, acct awsprovider.Place) (*sns.Topic, error) {
	keyARN := args.ExistingKMSKeyARN
	if keyARN == nil {
		key, err := m.newTopicKey(ctx, name, args, acct)
		if err != nil {
			return nil, err
		}
		m.TopicKey, keyARN = key, key.Arn
	}

	topic, err := sns.NewTopic(ctx, name+"-alarms", &sns.TopicArgs{
		KmsMasterKeyId: keyARN,
		Tags:           tagging.Named(name+"-alarms", args.Tags),
	}, pulumi.Parent(m))
	if err != nil {
		return nil, err
	}

	_, err = sns.NewTopicPolicy(ctx, name+"-alarms", &sns.TopicPolicyArgs{
		Arn: topic.Arn,
		Policy: topic.Arn.ApplyT(func(arn string) (string, error) {
			return policy.Document{Statement: []policy.Statement{
				{Sid: "AlarmPublishersPublish", Effect: "Allow", Principal: services(publishers(args)...),
					Action: "sns:Publish", Resource: arn,
					Condition: map[string]map[string]interface{}{"StringEquals": {"aws:SourceAccount": acct.AccountID}}},
				policy.DenyInsecureTransport("sns:Publish", arn),
			}}.JSON()
		}).(pulumi.StringOutput),
	}, pulumi.Parent(m))
	if err != nil {
		return nil, err
	}

	if args.AlarmEmail != "" {
		_, err = sns.NewTopicSubscription(ctx, name+"-alarms-email", &sns.TopicSubscriptionArgs{
			Topic:    topic.Arn,
			Protocol: pulumi.String("email"),
			Endpoint: pulumi.String(args.AlarmEmail),
		}, pulumi.Parent(m))
		if err != nil {
			return nil, err
		}
	}
	return topic, nil
}

// newTopicKey creates the alarm topic's key `<name>-alarms`, which the
// account administers and the alarm publishers may use.
func (m *Monitoring) newTopicKey(ctx *pulumi.Context, name string, args MonitoringArgs, acct awsprovider.Place) (*kms.Key, error) {
	keyPolicy, err := policy.Document{Statement: []policy.Statement{
		{Sid: "AccountAdministersKey", Effect: "Allow", Principal: map[string]interface{}{"AWS": acct.Root()},
			Action: "kms:*", Resource: "*"},
		// Only the topic asks for data keys, on the publisher's behalf;
		// the topic policy limits publishers to this account.
		{Sid: "AlarmPublishersUseKey", Effect: "Allow", Principal: services(publishers(args)...),
			Action: []string{"kms:Decrypt", "kms:GenerateDataKey*"}, Resource: "*"},
	}}.JSON()
	if err != nil {
		return nil, err
	}
	return kms.NewKey(ctx, name+"-alarms", &kms.KeyArgs{
		Description:          pulumi.String("Encrypts the " + name + " alarm topic; CloudWatch and Budgets may use it to publish."),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(30),
		Policy:               pulumi.String(keyPolicy),
		Tags:                 tagging.Named(name+"-alarms", args.Tags),
	}, pulumi.Parent(m))
}
