package function

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// maxFunctionName is the longest name Lambda accepts for a function.
const maxFunctionName = 64

var notInFunctionName = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// functionName is the physical name of the Lambda function: project, stack
// and logical name ("millionstack-prod-api"), so that stacks sharing an
// account never collide. It is fixed in advance (not auto-named) because the
// log group /aws/lambda/<function name> must exist, with its retention,
// before the function first writes to it. It depends only on names that do
// not change over a stack's life, so it stays stable from stage to stage.
// Characters Lambda refuses become "-"; a name over 64 characters keeps its
// start and ends with a hash of the whole, so it stays unique.
func functionName(project, stack, name string) string {
	full := notInFunctionName.ReplaceAllString(project+"-"+stack+"-"+name, "-")
	if len(full) <= maxFunctionName {
		return full
	}
	sum := sha256.Sum256([]byte(full))
	suffix := "-" + hex.EncodeToString(sum[:4])
	return full[:maxFunctionName-len(suffix)] + suffix
}

// newLogGroup creates the log group the function writes to, with a
// retention, so that logs neither pile up forever nor land in a group that
// Lambda would create on first use without one.
func newLogGroup(ctx *pulumi.Context, fn *Function, name, function string, args FunctionArgs) (*cloudwatch.LogGroup, error) {
	return cloudwatch.NewLogGroup(ctx, name, &cloudwatch.LogGroupArgs{
		Name:            pulumi.String("/aws/lambda/" + function),
		RetentionInDays: pulumi.Int(args.LogRetentionDays),
		Tags:            tagging.Named(name, args.Tags),
	}, pulumi.Parent(fn), pulumi.RetainOnDelete(args.KeepLogsOnDelete))
}
