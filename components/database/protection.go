package database

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// protected returns the resource options that add Pulumi's own protection
// (pulumi.Protect) to a resource whose DeletionProtection is on: none when
// it is off, so that the resource inherits its parent's, which a user may
// set on the whole component.
//
// AWS's deletion protection alone lets a removed cluster go offline before
// it refuses: it covers the DB cluster, not its instances ("DB instances in
// a DB cluster can be deleted even when deletion protection is enabled for
// the DB cluster", RDS API reference, ModifyDBInstance, DeletionProtection),
// and Pulumi deletes what a program no longer declares in dependency order,
// dependents first (pulumi/pulumi pkg/resource/deploy/deployment_executor.go:
// ScheduleDeletes' antichains run one after the other), so the instances,
// the readers and every value naming the endpoints would be deleted before
// DeleteDBCluster fails. The engine refuses to delete a protected resource
// in preview as well as in an update (pkg/resource/deploy/step.go,
// DeleteStep.Apply: the protect check comes before the dry-run one), and
// `pulumi up` stops when its preview fails (pkg/backend,
// PreviewThenPromptThenExecute): lowering the shards or removing a member
// is refused as a whole before anything is deleted. With
// `pulumi up --skip-preview` the refusal comes in the deletion's own turn,
// after the leaves (readers, the app's parameters) are gone; protecting the
// writer too keeps the cluster serving then.
//
// Turning DeletionProtection off, one deployment before removing the
// resource, lifts both, as it always lifted AWS's.
func protected(deletionProtection bool) []pulumi.ResourceOption {
	if !deletionProtection {
		return nil
	}
	return []pulumi.ResourceOption{pulumi.Protect(true)}
}
