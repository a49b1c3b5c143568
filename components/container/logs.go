package container

import (
	"regexp"

	"github.com/millionstack/millionstack/internal/naming"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// maxFamily is the longest task definition family ECS accepts
// (terraform-provider-aws internal/service/ecs/task_definition.go:
// StringLenBetween(1, 255), "^[0-9A-Za-z_-]+$").
const maxFamily = 255

var notInFamily = regexp.MustCompile(`[^0-9A-Za-z_-]+`)

// family is the task definition family, "<project>-<stack>-<name>": stacks
// sharing an account never collide, and it stays the same from stage to
// stage. Characters ECS refuses become "-"; a family over 255 characters
// keeps its start and ends with a hash of the whole (naming.Physical).
func family(project, stack, name string) string {
	return naming.Physical(project, stack, name, notInFamily, maxFamily)
}

// logGroup creates the log group `<name>` the container writes to (the
// awslogs driver), with a retention, so that logs neither pile up forever
// nor land in a group without one, encrypted with ExistingKMSKeyARN when
// given.
//
// Its name is "/ecs/<family>-<12 random lower-case letters and digits>",
// chosen when the group is created, as components/function names its
// group: log groups count as data here, one may outlive its service (kept
// by hand, or by a later RetainOnDelete), and CloudWatch Logs refuses a
// second group of the same name, so a name fixed per stack would block the
// service's next lifetime. The suffix is naming.Lifetime's, asked through
// the component (its provider), which answers anew on every run; the group
// ignores changes to its name, so the name chosen at creation stays for the
// group's life.
func (b *builder) logGroup() error {
	suffix, err := naming.Lifetime(b.ctx, b.parent)
	if err != nil {
		return err
	}
	logArgs := &cloudwatch.LogGroupArgs{
		Name:            pulumi.String("/ecs/" + family(b.ctx.Project(), b.ctx.Stack(), b.name) + "-" + suffix),
		RetentionInDays: pulumi.Int(b.args.LogRetentionDays),
		Tags:            tagging.Named(b.name, b.args.Tags),
	}
	if key := b.args.ExistingKMSKeyARN; key != nil {
		logArgs.KmsKeyId = key.ToStringOutput()
	}
	b.logs, err = cloudwatch.NewLogGroup(b.ctx, b.name, logArgs, b.parent, pulumi.IgnoreChanges([]string{"name"}))
	return err
}
