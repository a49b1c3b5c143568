package tests

import (
	"bytes"
	"testing"
	"time"

	"github.com/millionstack/millionstack/internal/cli"
	"github.com/millionstack/millionstack/internal/deploytime"
	"github.com/millionstack/millionstack/internal/plan"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/millionstack/millionstack/stages"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordOn records a stage on another stage's stack, as an upgrade does.
func recordOn(stage, stack string) (*millionstacktest.Inventory, error) {
	return plan.Record(stage, stack, nil)
}

// checkPath asserts a critical path is a chain: each step starts when (or
// after) the one before it ends, and the last one ends at the total.
func checkPath(t *testing.T, path []deploytime.Step, total time.Duration) {
	t.Helper()
	require.NotEmpty(t, path)
	for i := 1; i < len(path); i++ {
		assert.GreaterOrEqual(t, path[i].Start, path[i-1].End, "%s starts before %s ends", path[i].Name, path[i-1].Name)
	}
	assert.Equal(t, total, path[len(path)-1].End)
}

// Every stage has a fresh-deploy estimate whose critical path is a chain
// of waits, shorter than running the steps one at a time, and every upgrade
// one to the next has one too.
func TestDeployTimeOfEveryStageAndUpgrade(t *testing.T) {
	names := stages.Names()
	for i, name := range names {
		fresh := deploytime.Fresh(name, record(t, name, nil))
		assert.Positive(t, fresh.Total, name)
		assert.Less(t, fresh.Total, fresh.Serial, "%s: steps run in parallel", name)
		assert.Empty(t, fresh.Unknown, "%s: every type the stage creates has a measured time", name)
		withDomain := deploytime.Fresh(name, record(t, name, withDomain))
		assert.Empty(t, withDomain.Unknown, "%s with a domain: every type the stage creates has a measured time", name)
		checkPath(t, fresh.Critical, fresh.Total)
		if i == 0 {
			continue
		}
		a := record(t, names[i-1], nil)
		b, err := recordOn(name, names[i-1])
		require.NoError(t, err)
		up := deploytime.Upgrade(names[i-1], name, a, b)
		assert.Positive(t, up.Total, "%s -> %s", names[i-1], name)
		assert.Equal(t, up.Main+up.Deletions, up.Total)
		assert.Less(t, up.Total, fresh.Total+time.Hour, "an upgrade is no slower than a deploy plus its deletions")
	}
}

// The 100 -> 1k upgrade waits on the database's conversion to Multi-AZ,
// the slowest change, and deletes the retired host after everything else.
func TestUpgradeCriticalPathIsTheMultiAZConversion(t *testing.T) {
	a := record(t, "100", nil)
	b, err := recordOn("1k", "100")
	require.NoError(t, err)
	up := deploytime.Upgrade("100", "1k", a, b)
	var slowest deploytime.Step
	for _, s := range up.Critical {
		if s.Took > slowest.Took {
			slowest = s
		}
	}
	assert.Equal(t, "db", slowest.Name)
	assert.Equal(t, plan.Update, slowest.Action)
	assert.Equal(t, "multiAz", slowest.Why)
	assert.Equal(t, 20*time.Minute, slowest.Took)
	assert.Positive(t, up.Deletions, "the host goes after the new tier is up")
	var deleted []string
	for _, s := range up.DeleteCritical {
		deleted = append(deleted, s.Name)
	}
	assert.Contains(t, deleted, "host")

	same := deploytime.Upgrade("1k", "1k", b, b)
	assert.Zero(t, same.Total)
	assert.Zero(t, same.Steps)
}

// The recorder tells data dependencies from DependsOn; the estimate flags a
// DependsOn that lengthens the critical path; a component's dependencies
// hold back its children; a resource waits for its explicit provider.
func TestDependsOnIsFlaggedAndComponentsHoldTheirChildren(t *testing.T) {
	program := func(ctx *pulumi.Context) error {
		reg := func(typ, name string, props pulumi.Map, opts ...pulumi.ResourceOption) (*pulumi.CustomResourceState, error) {
			var r pulumi.CustomResourceState
			return &r, ctx.RegisterResource(typ, name, props, &r, opts...)
		}
		cdn, err := reg("aws:cloudfront/distribution:Distribution", "cdn", pulumi.Map{})
		if err != nil {
			return err
		}
		queue, err := reg("aws:sqs/queue:Queue", "queue", pulumi.Map{})
		if err != nil {
			return err
		}
		// Data: the function reads the queue's ID; order only: it waits for the CDN.
		if _, err := reg("aws:lambda/function:Function", "fn", pulumi.Map{"environment": queue.ID()}, pulumi.DependsOn([]pulumi.Resource{cdn})); err != nil {
			return err
		}
		var comp struct{ pulumi.ResourceState }
		if err := ctx.RegisterComponentResource("test:index:Component", "comp", &comp, pulumi.DependsOn([]pulumi.Resource{cdn})); err != nil {
			return err
		}
		if _, err := reg("aws:sns/topic:Topic", "child", pulumi.Map{}, pulumi.Parent(&comp)); err != nil {
			return err
		}
		west, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		_, err = reg("aws:sqs/queue:Queue", "west-queue", pulumi.Map{}, pulumi.Provider(west))
		return err
	}
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "t"})
	require.NoError(t, err)
	urn := func(typ, name string) string {
		r, ok := inv.Named(typ, name)
		require.True(t, ok, name)
		return r.URN
	}
	fn, _ := inv.Named("aws:lambda/function:Function", "fn")
	assert.Equal(t, []string{urn("aws:sqs/queue:Queue", "queue")}, fn.PropertyDependencies["environment"])
	assert.Equal(t, []string{urn("aws:cloudfront/distribution:Distribution", "cdn")}, fn.ExplicitDependencies())

	west, _ := inv.Named("aws:sqs/queue:Queue", "west-queue")
	assert.Equal(t, "us-west-2", inv.RegionOf(west))
	assert.Equal(t, millionstacktest.DefaultRegion, inv.RegionOf(fn))

	est := deploytime.Fresh("t", inv)
	assert.Equal(t, 12*time.Minute+10*time.Second, est.Total, "the function waits for the distribution")
	require.Len(t, est.Flags, 1)
	assert.Equal(t, "aws:lambda/function:Function fn", est.Flags[0].Resource)
	// Without the DependsOn the update would end with the component's child
	// (12 min 3 s), which waits for the component's dependency: 7 s saved,
	// not the 10 s it would be if children ignored their parent's DependsOn.
	assert.Equal(t, 7*time.Second, est.Flags[0].Saves)
	end := map[string]time.Duration{}
	for _, s := range est.Critical {
		end[s.Name] = s.End
	}
	assert.Equal(t, 12*time.Minute, end["cdn"])
}

func TestCLIDeployTimeAndDiff(t *testing.T) {
	code, out, _ := runCLI("deploy-time", "1m")
	require.Equal(t, cli.ExitOK, code)
	assert.Contains(t, out, "Fresh deploy of stage 1m: about")
	assert.Contains(t, out, "Critical path:")
	assert.Contains(t, out, "hashicorp/terraform#498", "the long steps name their sources")

	code, out, _ = runCLI("deploy-time", "100", "1k")
	require.Equal(t, cli.ExitOK, code)
	assert.Contains(t, out, "Upgrade 100 -> 1k")
	assert.Contains(t, out, "(multiAz)")

	code, out, _ = runCLI("diff", "100", "1k")
	require.Equal(t, cli.ExitOK, code)
	assert.Contains(t, out, "Deploy time: Upgrade 100 -> 1k: about")

	code, _, _ = runCLI("deploy-time")
	assert.Equal(t, cli.ExitUsage, code)
}

// A DependsOn that deploytime.Orderings explains is reported as kept on
// purpose, with its reason and source, and not flagged; one it does not
// explain (here a setting of one bucket waiting for a setting of another:
// the reason holds only within one bucket) is still flagged.
func TestDeliberateOrderingsAreKeptWithTheirReason(t *testing.T) {
	program := func(ctx *pulumi.Context) error {
		reg := func(typ, name string, props pulumi.Map, opts ...pulumi.ResourceOption) (*pulumi.CustomResourceState, error) {
			var r pulumi.CustomResourceState
			return &r, ctx.RegisterResource(typ, name, props, &r, opts...)
		}
		after := func(r ...pulumi.Resource) pulumi.ResourceOption { return pulumi.DependsOn(r) }
		logs, err := reg("aws:s3/bucketV2:BucketV2", "logs", pulumi.Map{})
		if err != nil {
			return err
		}
		other, err := reg("aws:s3/bucketV2:BucketV2", "other", pulumi.Map{})
		if err != nil {
			return err
		}
		block, err := reg("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "logs", pulumi.Map{"bucket": logs.ID()})
		if err != nil {
			return err
		}
		ownership, err := reg("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "logs", pulumi.Map{"bucket": logs.ID()}, after(block))
		if err != nil {
			return err
		}
		if _, err := reg("aws:cloudfront/distribution:Distribution", "site", pulumi.Map{"loggingConfig": logs.ID()}, after(ownership)); err != nil {
			return err
		}
		// The other bucket's settings wait for the first bucket's: no reason.
		otherOwnership, err := reg("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "other", pulumi.Map{"bucket": other.ID()}, after(block))
		if err != nil {
			return err
		}
		versioning, err := reg("aws:s3/bucketVersioningV2:BucketVersioningV2", "other", pulumi.Map{"bucket": other.ID()}, after(otherOwnership))
		if err != nil {
			return err
		}
		_, err = reg("aws:cloudfront/distribution:Distribution", "assets", pulumi.Map{"loggingConfig": other.ID()}, after(versioning))
		return err
	}
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "t"})
	require.NoError(t, err)
	est := deploytime.Fresh("t", inv)

	require.Len(t, est.Flags, 1, "only the ordering without a reason is flagged: %+v", est.Flags)
	assert.Equal(t, "aws:s3/bucketOwnershipControls:BucketOwnershipControls other", est.Flags[0].Resource)
	assert.Equal(t, []string{"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock logs"}, est.Flags[0].WaitsFor)
	assert.Positive(t, est.Flags[0].Saves)

	kept := map[string]deploytime.Kept{}
	for _, k := range est.Kept {
		kept[k.Resource] = k
	}
	assets, ok := kept["aws:cloudfront/distribution:Distribution assets"]
	require.True(t, ok, "the distribution waiting for its log bucket's settings is kept: %+v", est.Kept)
	assert.Contains(t, assets.Reason, "ACL")
	assert.Contains(t, assets.Source, "CloudFront Developer Guide")
	assert.Positive(t, assets.Costs)
	versioning, ok := kept["aws:s3/bucketVersioningV2:BucketVersioningV2 other"]
	require.True(t, ok, "a bucket's settings one after the other are kept")
	assert.Contains(t, versioning.Reason, "OperationAborted")
	_, flagged := kept["aws:s3/bucketOwnershipControls:BucketOwnershipControls other"]
	assert.False(t, flagged, "the unexplained edge has no reason")

	var out bytes.Buffer
	est.Write(&out)
	assert.Contains(t, out.String(), "ordered because "+assets.Reason)
	assert.Contains(t, out.String(), "aws:s3/bucketOwnershipControls:BucketOwnershipControls other waits for aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock logs: dropping it would save")
	assert.NotContains(t, out.String(), "Distribution assets waits for aws:s3/bucketVersioningV2:BucketVersioningV2 other: dropping it")
}

// No stage flags a DependsOn millionstack keeps on purpose: every explicit
// dependency that lengthens a fresh deploy has its reason.
func TestEveryStagesOrderingsHaveAReason(t *testing.T) {
	for _, name := range stages.Names() {
		est := deploytime.Fresh(name, record(t, name, withDomain))
		assert.Empty(t, est.Flags, "%s: a DependsOn without a reason lengthens the deploy", name)
	}
	assert.NotEmpty(t, deploytime.Fresh("1", record(t, "1", nil)).Kept, "stage 1's log bucket settings and distribution wait on purpose")
}
