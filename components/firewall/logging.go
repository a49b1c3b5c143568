package firewall

import (
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// logGroupPrefix is the prefix WAF requires of a CloudWatch log group it logs to.
const logGroupPrefix = "aws-waf-logs-"

// redactedHeaders are request headers that carry credentials: WAF writes them
// to its logs as "REDACTED" so the logs hold no session or token.
var redactedHeaders = []string{"authorization", "cookie"}

// newLogging sends the ACL's request logs to a log group `<name>-logs` that
// keeps them for LogRetentionDays. Its physical name is
// `aws-waf-logs-<name>-<random>`: the prefix WAF requires, plus a suffix so
// that two stacks in one account and region never claim the same name. The
// log group is created with the same options as the ACL, so for a CLOUDFRONT
// ACL it is in us-east-1 as WAF requires.
func newLogging(ctx *pulumi.Context, name string, args WebACLArgs, acl *wafv2.WebAcl, childOpts []pulumi.ResourceOption) (*cloudwatch.LogGroup, error) {
	var group *cloudwatch.LogGroup
	destination := args.ExistingLogGroupARN
	if destination == nil {
		groupArgs := &cloudwatch.LogGroupArgs{
			NamePrefix:      pulumi.String(logGroupPrefix + name + "-"),
			RetentionInDays: pulumi.Int(args.LogRetentionDays),
			Tags:            tagging.Named(name+"-logs", args.Tags),
		}
		if key := args.ExistingKMSKeyARN; key != nil {
			groupArgs.KmsKeyId = key.ToStringOutput()
		}
		var err error
		if group, err = cloudwatch.NewLogGroup(ctx, name+"-logs", groupArgs, childOpts...); err != nil {
			return nil, err
		}
		destination = group.Arn
	}
	var redacted wafv2.WebAclLoggingConfigurationRedactedFieldArray
	for _, header := range redactedHeaders {
		redacted = append(redacted, wafv2.WebAclLoggingConfigurationRedactedFieldArgs{
			SingleHeader: &wafv2.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs{Name: pulumi.String(header)},
		})
	}
	_, err := wafv2.NewWebAclLoggingConfiguration(ctx, name, &wafv2.WebAclLoggingConfigurationArgs{
		ResourceArn:           acl.Arn,
		LogDestinationConfigs: pulumi.StringArray{destination},
		RedactedFields:        redacted,
	}, childOpts...)
	return group, err
}
