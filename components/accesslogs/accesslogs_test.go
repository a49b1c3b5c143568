package accesslogs_test

import (
	"testing"

	"github.com/millionstack/millionstack/components/accesslogs"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeComponent  = "millionstack:accesslogs:Bucket"
	typeBucket     = "aws:s3/bucketV2:BucketV2"
	typeEncryption = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	typeOwnership  = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	typeVersioning = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	typeLifecycle  = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	typeLogging    = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	typePolicy     = "aws:s3/bucketPolicy:BucketPolicy"
	bucketARN      = "arn:aws:s3:::access-logs"
)

func record(t *testing.T, args accesslogs.BucketArgs) (*millionstacktest.Inventory, string) {
	t.Helper()
	var name string
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		b, err := accesslogs.NewBucket(ctx, "access-logs", args)
		if err != nil {
			return err
		}
		b.BucketName.ApplyT(func(v string) string { name = v; return v })
		return nil
	}, millionstacktest.Options{})
	return inv, name
}

// The bucket meets what S3 asks of a target of server access logs (same
// account and Region, SSE-S3 only, no Object Lock, a policy grant since ACLs
// are off), is itself versioned with expiring logs, and logs nowhere.
func TestTheBucketCanReceiveServerAccessLogs(t *testing.T) {
	inv, name := record(t, accesslogs.BucketArgs{RetentionDays: 30})
	assert.Equal(t, "access-logs", name)
	component := millionstacktest.Named(t, inv, typeComponent, "access-logs")
	millionstacktest.ParentedTo(t, component, inv.Cloud()...)

	bucket := millionstacktest.Named(t, inv, typeBucket, "access-logs")
	_, locked := bucket.Input("objectLockEnabled")
	assert.False(t, locked, "S3 refuses a target bucket with Object Lock")
	assert.Equal(t, "AES256", millionstacktest.Named(t, inv, typeEncryption, "access-logs").String("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"),
		"SSE-KMS is not supported on a target bucket")
	assert.Equal(t, "BucketOwnerEnforced", millionstacktest.Named(t, inv, typeOwnership, "access-logs").String("rule.objectOwnership"))
	assert.Equal(t, "Enabled", millionstacktest.Named(t, inv, typeVersioning, "access-logs").String("versioningConfiguration.status"))
	lifecycle := millionstacktest.Named(t, inv, typeLifecycle, "access-logs")
	assert.Equal(t, "30", lifecycle.String("rules[0].expiration.days"))
	assert.Equal(t, "expire-noncurrent-versions", lifecycle.String("rules[1].id"))
	assert.Empty(t, inv.ByType(typeLogging), "a bucket logging into itself loops")

	statements := millionstacktest.Statements(t, millionstacktest.Named(t, inv, typePolicy, "access-logs"), "policy")
	require.Len(t, statements, 2)
	grant := statements[0]
	assert.Equal(t, "Allow", grant["Effect"])
	assert.Equal(t, map[string]interface{}{"Service": "logging.s3.amazonaws.com"}, grant["Principal"])
	assert.Equal(t, "s3:PutObject", grant["Action"])
	assert.Equal(t, bucketARN+"/*", grant["Resource"])
	assert.Equal(t, map[string]interface{}{"StringEquals": map[string]interface{}{"aws:SourceAccount": "123456789012"}}, grant["Condition"],
		"only this account's buckets may log here")
	assert.Equal(t, "Deny", statements[1]["Effect"])
	assert.Equal(t, map[string]interface{}{"Bool": map[string]interface{}{"aws:SecureTransport": "false"}}, statements[1]["Condition"])
}

func TestRetentionDefaultsToNinetyDays(t *testing.T) {
	inv, _ := record(t, accesslogs.BucketArgs{})
	assert.Equal(t, "90", millionstacktest.Named(t, inv, typeLifecycle, "access-logs").String("rules[0].expiration.days"))
}

func TestInvalidArgsRegisterNothing(t *testing.T) {
	for name, c := range map[string]struct {
		args accesslogs.BucketArgs
		want string
	}{
		"retention": {accesslogs.BucketArgs{RetentionDays: 4000}, "RetentionDays: 4000 is out of range; allowed: 1 to 3650"},
		"negative":  {accesslogs.BucketArgs{RetentionDays: -1}, "RetentionDays: -1 is out of range"},
		"tag":       {accesslogs.BucketArgs{Tags: map[string]string{"aws:x": "y"}}, `key "aws:x" uses the reserved prefix`},
	} {
		t.Run(name, func(t *testing.T) {
			inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
				_, err := accesslogs.NewBucket(ctx, "access-logs", c.args)
				return err
			}, millionstacktest.Options{})
			millionstacktest.Rejected(t, inv, err, c.want)
			assert.Error(t, c.args.Validate("logs"))
		})
	}
}
