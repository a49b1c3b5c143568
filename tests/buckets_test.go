package tests

import (
	"strings"
	"testing"

	"github.com/millionstack/millionstack/stages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	tVersioning = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	tLifecycle  = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	tLogging    = "aws:s3/bucketLoggingV2:BucketLoggingV2"
)

// In every stage every bucket is versioned with noncurrent versions expiring
// (Security Hub S3.14, bounded cost), and every bucket but one per region
// sends its S3 server access logs (S3.9) to that one: the stack's
// access-log bucket of its region (S3 delivers access logs within a region
// only), which logs nowhere.
func TestEveryBucketIsVersionedAndLogsToTheAccessLogBucket(t *testing.T) {
	for _, name := range stages.Names() {
		t.Run(name, func(t *testing.T) {
			inv := record(t, name, map[string]string{"millionstack:domain": "example.com"})
			buckets := inv.ByType(tBucket)
			require.NotEmpty(t, buckets)
			logBuckets := map[string]string{} // region -> its access-log bucket
			for _, bucket := range buckets {
				if strings.HasPrefix(bucket.Name, "access-logs") {
					region := inv.RegionOf(bucket)
					assert.Empty(t, logBuckets[region], "one access-log bucket per region")
					logBuckets[region] = bucket.Name
				}
			}
			for _, bucket := range buckets {
				versioning, ok := inv.Named(tVersioning, bucket.Name)
				if assert.True(t, ok, "%s is not versioned", bucket.Name) {
					assert.Equal(t, "Enabled", versioning.String("versioningConfiguration.status"), bucket.Name)
				}
				lifecycle, ok := inv.Named(tLifecycle, bucket.Name)
				if assert.True(t, ok, "%s has no lifecycle", bucket.Name) {
					rules, _ := lifecycle.Input("rules")
					expires := false
					for _, r := range rules.([]interface{}) {
						_, set := r.(map[string]interface{})["noncurrentVersionExpiration"]
						expires = expires || set
					}
					assert.True(t, expires, "%s keeps noncurrent versions forever", bucket.Name)
				}
				logging, logged := inv.Named(tLogging, bucket.Name)
				if bucket.Name == logBuckets[inv.RegionOf(bucket)] {
					assert.False(t, logged, "the access-log bucket must not log into itself")
					continue
				}
				if assert.True(t, logged, "%s has no server access logging", bucket.Name) {
					assert.Equal(t, logBuckets[inv.RegionOf(bucket)], logging.String("targetBucket"), bucket.Name)
					assert.Equal(t, inv.RegionOf(bucket), inv.RegionOf(logging), "%s logs into another region", bucket.Name)
					assert.Equal(t, bucket.Name+"/", logging.String("targetPrefix"), bucket.Name)
				}
			}
		})
	}
}
