package cdn_test

import (
	"testing"

	"github.com/millionstack/millionstack/components/cdn"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeReplication = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
	typeRole        = "aws:iam/role:Role"
	typeRolePolicy  = "aws:iam/rolePolicy:RolePolicy"
	typeProvider    = "pulumi:providers:aws"
)

// recordFailover records a CDN "assets" whose copy lives in region, through
// a provider "west" for it.
func recordFailover(t *testing.T, region string) (*millionstacktest.Inventory, error) {
	t.Helper()
	return millionstacktest.Record(func(ctx *pulumi.Context) error {
		west, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String(region)})
		if err != nil {
			return err
		}
		_, err = cdn.NewCDN(ctx, "assets", cdn.CDNArgs{
			AccessLogBucket: pulumi.String("access-logs"),
			Failover:        &cdn.Failover{Provider: west, AccessLogBucket: pulumi.String("access-logs-west")},
		})
		return err
	}, millionstacktest.Options{})
}

// The copy is a private bucket of the failover region, filled by a
// least-privilege replication of the whole content bucket (delete markers
// too) that waits for both buckets' versioning; the distribution reads it
// through the same origin access control when the content bucket fails.
func TestFailoverCopyAndOriginGroup(t *testing.T) {
	inv, err := recordFailover(t, "us-west-2")
	require.NoError(t, err)
	west := millionstacktest.Named(t, inv, typeProvider, "west")
	content := millionstacktest.Named(t, inv, typeBucket, "assets")
	copied := millionstacktest.Named(t, inv, typeBucket, "assets-failover")

	for _, typ := range []string{typeBucket, typeAccessBlock, typeOwnership, typeEncryption, typeVersioning, typeLifecycle, typeLogging, typePolicy} {
		r := millionstacktest.Named(t, inv, typ, "assets-failover")
		assert.Equal(t, west.URN, r.ProviderURN(), "%s of the copy is not in the failover region", typ)
		assert.Equal(t, "us-west-2", inv.RegionOf(r), typ)
	}
	for _, typ := range []string{typeBucket, typeVersioning, typePolicy, typeDistribution} {
		assert.Empty(t, millionstacktest.Named(t, inv, typ, "assets").Provider, "%s assets must stay on the stack's provider", typ)
	}
	assert.Equal(t, "access-logs-west", millionstacktest.Named(t, inv, typeLogging, "assets-failover").String("targetBucket"), "logs go to the copy region's bucket")
	assert.Equal(t, "Enabled", millionstacktest.Named(t, inv, typeVersioning, "assets-failover").String("versioningConfiguration.status"))
	assert.Equal(t, "AES256", millionstacktest.Named(t, inv, typeEncryption, "assets-failover").String("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"))

	replication := millionstacktest.Only(t, inv, typeReplication)
	assert.Empty(t, replication.Provider, "the configuration belongs to the content bucket")
	assert.Equal(t, content.Name+"-id", replication.String("bucket"), "the content bucket's ID, as the mocks answer it")
	assert.Equal(t, millionstacktest.Named(t, inv, typeRole, "assets-failover").Outputs["arn"].StringValue(), replication.String("role"))
	assert.Equal(t, "Enabled", replication.String("rules[0].status"))
	assert.Equal(t, "Enabled", replication.String("rules[0].deleteMarkerReplication.status"))
	assert.Equal(t, map[string]interface{}{}, millionstacktest.Value(replication, "rules[0].filter"), "the whole bucket")
	assert.Equal(t, copied.Outputs["arn"].StringValue(), replication.String("rules[0].destination.bucket"))
	for _, name := range []string{"assets", "assets-failover"} {
		assert.Contains(t, replication.Dependencies, millionstacktest.Named(t, inv, typeVersioning, name).URN, "replication waits for %s's versioning", name)
	}
	assert.Contains(t, replication.Dependencies, millionstacktest.Named(t, inv, typeRolePolicy, "assets-failover").URN, "and for its role's permissions")

	trust := millionstacktest.Statements(t, millionstacktest.Named(t, inv, typeRole, "assets-failover"), "assumeRolePolicy")
	require.Len(t, trust, 1)
	assert.Equal(t, map[string]interface{}{"Service": "s3.amazonaws.com"}, trust[0]["Principal"])
	statements := millionstacktest.Statements(t, millionstacktest.Named(t, inv, typeRolePolicy, "assets-failover"), "policy")
	granted := map[string]interface{}{}
	for _, s := range statements {
		for _, a := range s["Action"].([]interface{}) {
			granted[a.(string)] = s["Resource"]
		}
	}
	contentARN, copyARN := content.Outputs["arn"].StringValue(), copied.Outputs["arn"].StringValue()
	assert.Equal(t, map[string]interface{}{
		"s3:GetReplicationConfiguration":    contentARN,
		"s3:ListBucket":                     contentARN,
		"s3:GetObjectVersionForReplication": contentARN + "/*",
		"s3:GetObjectVersionAcl":            contentARN + "/*",
		"s3:GetObjectVersionTagging":        contentARN + "/*",
		"s3:ReplicateObject":                copyARN + "/*",
		"s3:ReplicateDelete":                copyARN + "/*",
		"s3:ReplicateTags":                  copyARN + "/*",
	}, granted, "the S3 user guide's permissions for live replication, and nothing more")

	dist := millionstacktest.Only(t, inv, typeDistribution)
	assert.Equal(t, "s3-with-failover", dist.String("defaultCacheBehavior.targetOriginId"))
	assert.Equal(t, []interface{}{"GET", "HEAD", "OPTIONS"}, millionstacktest.Value(dist, "defaultCacheBehavior.allowedMethods"))
	assert.Equal(t, []interface{}{403.0, 404.0, 500.0, 502.0, 503.0, 504.0}, millionstacktest.Value(dist, "originGroups[0].failoverCriteria.statusCodes"))
	assert.Equal(t, "s3", dist.String("originGroups[0].members[0].originId"), "the content bucket first")
	assert.Equal(t, "s3-failover", dist.String("originGroups[0].members[1].originId"))
	oac := millionstacktest.Only(t, inv, typeOAC).Name + "-id"
	assert.Equal(t, copied.Outputs["bucketRegionalDomainName"].StringValue(), dist.String("origins[1].domainName"))
	assert.Contains(t, dist.String("origins[1].domainName"), ".s3.us-west-2.")
	assert.Equal(t, oac, dist.String("origins[1].originAccessControlId"), "the copy is signed for as the content bucket is")
	assert.Equal(t, oac, dist.String("origins[0].originAccessControlId"))

	distARN := dist.Outputs["arn"].StringValue()
	for _, name := range []string{"assets", "assets-failover"} {
		var read bool
		for _, s := range millionstacktest.Statements(t, millionstacktest.Named(t, inv, typePolicy, name), "policy") {
			if s["Sid"] == "AllowCloudFrontRead" {
				read = true
				assert.Equal(t, distARN, s["Condition"].(map[string]interface{})["StringEquals"].(map[string]interface{})["AWS:SourceArn"], name)
			}
		}
		assert.True(t, read, "%s admits the distribution", name)
	}
}

func TestFailoverInTheContentRegionIsRefused(t *testing.T) {
	inv, err := recordFailover(t, "us-east-1")
	require.Error(t, err)
	assert.ErrorContains(t, err, "cdn \"assets\": Failover.Provider: deploys to us-east-1, the content bucket's region")
	assert.Empty(t, inv.Cloud(), "nothing registered but the test's provider")
	err = cdn.CDNArgs{Failover: &cdn.Failover{}}.Validate("site")
	assert.ErrorContains(t, err, "Failover.Provider: is required")
	assert.ErrorContains(t, err, "Failover.AccessLogBucket: is required")
}
