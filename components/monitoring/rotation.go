package monitoring

import (
	"encoding/json"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// rotationFailedPattern matches Secrets Manager's RotationFailed event, as
// CloudTrail delivers it to EventBridge: a service event, not an API call
// (Secrets Manager user guide, "AWS CloudTrail entries for Secrets
// Manager", log entries for rotation).
var rotationFailedPattern = map[string]interface{}{
	"source":      []string{"aws.secretsmanager"},
	"detail-type": []string{"AWS Service Event via CloudTrail"},
	"detail": map[string]interface{}{
		"eventSource": []string{"secretsmanager.amazonaws.com"},
		"eventName":   []string{"RotationFailed"},
	},
}

// newRotationFailureRule sends every failed rotation of the region to the
// alarm topic: the rule `<name>-rotation-failed` and its target.
func (m *Monitoring) newRotationFailureRule(ctx *pulumi.Context, name string, topicARN pulumi.StringOutput, tags map[string]string) error {
	ruleName := name + "-rotation-failed"
	pattern, err := json.Marshal(rotationFailedPattern)
	if err != nil {
		return err
	}
	// No state: ENABLED, the default, matches every event but the
	// read-only management events CloudTrail delivers (EventBridge user
	// guide, "Receiving read-only management events from AWS services"),
	// and RotationFailed is not one. The SDK's doc ("enabled for all
	// events except those delivered by CloudTrail") says less than that
	// page; ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS would add the
	// high-volume Get/Describe events for nothing.
	rule, err := cloudwatch.NewEventRule(ctx, ruleName, &cloudwatch.EventRuleArgs{
		Description:  pulumi.String("A Secrets Manager rotation failed: the secret keeps its value until the next schedule."),
		EventPattern: pulumi.String(string(pattern)),
		Tags:         tagging.Named(ruleName, tags),
	}, pulumi.Parent(m))
	if err != nil {
		return err
	}
	_, err = cloudwatch.NewEventTarget(ctx, ruleName, &cloudwatch.EventTargetArgs{
		Rule: rule.Name,
		Arn:  topicARN,
	}, pulumi.Parent(m))
	return err
}
