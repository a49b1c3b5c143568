package dns

import (
	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// queryLogRegion is where Route 53 takes query log groups from: "You must
// create the log group in the us-east-1 region", and the resource policy
// too (Route 53 API reference, CreateQueryLoggingConfig).
const queryLogRegion = "us-east-1"

// queryLogging logs the DNS queries Route 53 answers for the created zone
// into a log group `<name>-queries` of its own, named under /aws/route53/
// as the same page recommends and kept QueryLogRetentionDays, with the
// CloudWatch Logs resource policy `<name>-queries` that lets Route 53 write
// there on behalf of this zone only (aws:SourceArn the zone's ARN,
// aws:SourceAccount this account: the conditions CloudWatch Logs supports
// in such a policy, CloudWatch Logs API reference, PutResourcePolicy). Group
// and policy go through a us-east-1 provider with the stack's settings
// (internal/awsprovider); the query logging configuration `<name>` is a
// Route 53 resource and waits for the policy.
//
// An account holds at most 10 such resource policies per region (the same
// PutResourcePolicy page), one per created zone here.
func queryLogging(ctx *pulumi.Context, zone *Zone, name string, args ZoneArgs, created *route53.Zone) error {
	parent := pulumi.Parent(zone)
	account, err := aws.GetCallerIdentity(ctx, nil, parent)
	if err != nil {
		return err
	}
	opts, err := awsprovider.InRegion(ctx, zone, name, queryLogRegion)
	if err != nil {
		return err
	}
	logName := name + "-queries"
	group, err := cloudwatch.NewLogGroup(ctx, logName, &cloudwatch.LogGroupArgs{
		// A prefix, not a fixed name: CloudWatch Logs refuses a second
		// group of a name, and two stacks may create zones of one domain.
		NamePrefix:      pulumi.String("/aws/route53/" + args.Domain + "-"),
		RetentionInDays: pulumi.Int(args.QueryLogRetentionDays),
		Tags:            tagging.Named(logName, args.Tags),
	}, opts...)
	if err != nil {
		return err
	}
	document := pulumi.All(group.Arn, created.Arn).ApplyT(func(v []interface{}) (string, error) {
		return policy.Document{Statement: []policy.Statement{{
			Sid:       "Route53WritesQueryLogs",
			Effect:    "Allow",
			Principal: map[string]string{"Service": "route53.amazonaws.com"},
			Action:    []string{"logs:CreateLogStream", "logs:PutLogEvents"},
			Resource:  v[0].(string) + ":*",
			Condition: map[string]map[string]interface{}{
				"ArnLike":      {"aws:SourceArn": v[1].(string)},
				"StringEquals": {"aws:SourceAccount": account.AccountId},
			},
		}}}.JSON()
	}).(pulumi.StringOutput)
	resourcePolicy, err := cloudwatch.NewLogResourcePolicy(ctx, logName, &cloudwatch.LogResourcePolicyArgs{
		PolicyName:     pulumi.Sprintf("route53-query-logs-%s", created.ZoneId),
		PolicyDocument: document,
	}, opts...)
	if err != nil {
		return err
	}
	_, err = route53.NewQueryLog(ctx, name, &route53.QueryLogArgs{
		ZoneId:                created.ZoneId,
		CloudwatchLogGroupArn: group.Arn,
	}, parent, pulumi.DependsOn([]pulumi.Resource{resourcePolicy}))
	return err
}
