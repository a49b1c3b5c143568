package accesslogs_test

import (
	"testing"

	"github.com/millionstack/millionstack/components/accesslogs"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A bucket of the user's is handed on, not created: the component's name
// and ARN are its, and BucketPolicy says what its policy needs.
func TestExistingBucketIsHandedOn(t *testing.T) {
	var logs *accesslogs.Bucket
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		var err error
		logs, err = accesslogs.NewBucket(ctx, "access-logs", accesslogs.BucketArgs{ExistingBucketName: pulumi.String("org-access-logs")})
		return err
	}, millionstacktest.Options{})
	assert.Empty(t, inv.Cloud(), "nothing of the component's own")
	assert.Equal(t, "org-access-logs", millionstacktest.Resolve(t, logs.BucketName))
	assert.Equal(t, "arn:aws:s3:::org-access-logs", millionstacktest.Resolve(t, logs.BucketARN))
	assert.Nil(t, logs.Bucket)
	policy := millionstacktest.Resolve(t, logs.BucketPolicy())
	assert.Contains(t, policy, `"Resource":"arn:aws:s3:::org-access-logs/*"`)
	assert.Contains(t, policy, `"Service":"logging.s3.amazonaws.com"`)
	assert.Contains(t, policy, `"aws:SourceAccount":"123456789012"`)
}

// The component's own bucket is exposed, with the policy it carries.
func TestOwnBucketAndItsPolicy(t *testing.T) {
	var logs *accesslogs.Bucket
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		var err error
		logs, err = accesslogs.NewBucket(ctx, "access-logs", accesslogs.BucketArgs{})
		return err
	}, millionstacktest.Options{})
	require.NotNil(t, logs.Bucket)
	assert.Equal(t, millionstacktest.Resolve(t, logs.BucketName), millionstacktest.Resolve(t, logs.Bucket.Bucket))
	assert.Equal(t, millionstacktest.Named(t, inv, typePolicy, "access-logs").String("policy"), millionstacktest.Resolve(t, logs.BucketPolicy()))
}

func TestExistingBucketValidation(t *testing.T) {
	for name, c := range map[string]struct {
		args accesslogs.BucketArgs
		want string
	}{
		"name":      {accesslogs.BucketArgs{ExistingBucketName: pulumi.String("Org_Logs")}, `accesslogs "access-logs": ExistingBucketName: "Org_Logs" breaks S3 naming rules`},
		"retention": {accesslogs.BucketArgs{ExistingBucketName: pulumi.String("org-logs"), RetentionDays: 30}, "accesslogs \"access-logs\": ExistingBucketName and RetentionDays:"},
	} {
		t.Run(name, func(t *testing.T) {
			inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
				_, err := accesslogs.NewBucket(ctx, "access-logs", c.args)
				return err
			}, millionstacktest.Options{})
			millionstacktest.Rejected(t, inv, err, c.want)
		})
	}
}
