package function

import (
	"regexp"

	"github.com/millionstack/millionstack/internal/naming"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// maxFunctionName is the longest name Lambda accepts for a function.
const maxFunctionName = 64

var notInFunctionName = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// PhysicalName is the name a Function called name gets in project and
// stack: project, stack and logical name ("millionstack-prod-api"), so that
// stacks sharing an account never collide, and a name people recognise in
// the console and in CloudFront's origin. It depends only on names that do
// not change over a stack's life, so it stays stable from stage to stage.
// Characters Lambda refuses become "-"; a name over 64 characters keeps
// its start and ends with a hash of the whole (naming.Physical).
// Components that name a function created elsewhere the same way use it
// too: the database's rotation function, which a Serverless Application
// Repository stack creates.
func PhysicalName(project, stack, name string) string {
	return naming.Physical(project, stack, name, notInFunctionName, maxFunctionName)
}

// newLogGroup creates the log group the function writes to, with a
// retention, so that logs neither pile up forever nor land in a group that
// Lambda would create on first use without one.
//
// Its name is `/aws/lambda/<function name>-<12 random lower-case letters
// and digits>`, chosen when the group is created, and the function sends its
// logs there (LoggingConfig.LogGroup; Lambda's advanced logging controls
// take any existing group whose name does not begin with "aws/", AWS Lambda
// developer guide, Configuring CloudWatch log groups). A group kept after
// its function is removed (KeepLogsOnDelete: the prelaunch API's sign-ups)
// would otherwise block the next one: Lambda's default
// `/aws/lambda/<function name>` is the same for every lifetime of the
// function on a stack, and CloudWatch Logs refuses a second group of a
// name. The suffix is naming.Lifetime's, which answers anew on every run;
// the group ignores changes to its name, so the name chosen at creation
// stays for the group's life. A group created
// before this scheme keeps its name `/aws/lambda/<function name>` the same
// way: renaming a log group replaces it, and a retained group would be left
// behind with the logs written so far.
func newLogGroup(ctx *pulumi.Context, fn *Function, name, function string, args FunctionArgs) (*cloudwatch.LogGroup, error) {
	suffix, err := naming.Lifetime(ctx, pulumi.Parent(fn))
	if err != nil {
		return nil, err
	}
	group := &cloudwatch.LogGroupArgs{
		Name:            pulumi.String("/aws/lambda/" + function + "-" + suffix),
		RetentionInDays: pulumi.Int(args.LogRetentionDays),
		Tags:            tagging.Named(name, args.Tags),
	}
	if args.ExistingLogKMSKeyARN != nil {
		group.KmsKeyId = args.ExistingLogKMSKeyARN.ToStringOutput()
	}
	return cloudwatch.NewLogGroup(ctx, name, group, pulumi.Parent(fn), pulumi.RetainOnDelete(args.KeepLogsOnDelete), pulumi.IgnoreChanges([]string{"name"}))
}
