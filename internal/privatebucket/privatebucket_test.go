package privatebucket_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/privatebucket"
	"github.com/millionstack/millionstack/millionstacktest"
)

const (
	typeComponent   = "test:index:Owner"
	typeBucket      = "aws:s3/bucketV2:BucketV2"
	typeAccessBlock = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	typeOwnership   = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	typeEncryption  = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	typeVersioning  = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	typeLifecycle   = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	typePolicy      = "aws:s3/bucketPolicy:BucketPolicy"
	typeLogging     = "aws:s3/bucketLoggingV2:BucketLoggingV2"
)

// everySetting asks for every optional setting.
var everySetting = privatebucket.Spec{
	Name:       "data",
	BucketName: "data-bucket",
	Ownership:  privatebucket.OwnerPreferred,
	BucketKey:  true,
	Lifecycle: []privatebucket.LifecycleRule{
		{ID: "abort", AbortMultipartDays: 7},
		{ID: "expire", ExpireDays: 30, NoncurrentExpireDays: 10},
	},
	AccessLogBucket: pulumi.String("access-logs"),
	Tags:            map[string]string{"team": "web", "Name": "mine"},
}

// minimal asks for nothing optional.
var minimal = privatebucket.Spec{Name: "data"}

// record creates the bucket spec describes under a component "owner", then
// attaches a TLS-only policy unless withPolicy is false.
func record(t *testing.T, spec privatebucket.Spec, withPolicy bool) (*millionstacktest.Inventory, error) {
	t.Helper()
	return millionstacktest.Record(func(ctx *pulumi.Context) error {
		owner := &struct{ pulumi.ResourceState }{}
		if err := ctx.RegisterComponentResource(typeComponent, "owner", owner); err != nil {
			return err
		}
		b, err := privatebucket.New(ctx, spec, pulumi.Parent(owner))
		if err != nil {
			return err
		}
		if !withPolicy {
			return nil
		}
		doc := b.Arn.ApplyT(func(arn string) (string, error) {
			return policy.Document{Statement: []policy.Statement{policy.DenyInsecureTransport("s3:*", arn, arn+"/*")}}.JSON()
		}).(pulumi.StringOutput)
		_, err = b.AttachPolicy(ctx, doc)
		return err
	}, millionstacktest.Options{})
}

func mustRecord(t *testing.T, spec privatebucket.Spec) *millionstacktest.Inventory {
	t.Helper()
	inv, err := record(t, spec, true)
	require.NoError(t, err)
	return inv
}

func TestEveryPublicAccessIsBlocked(t *testing.T) {
	for name, spec := range map[string]privatebucket.Spec{"every setting": everySetting, "minimal": minimal} {
		block := millionstacktest.Named(t, mustRecord(t, spec), typeAccessBlock, "data")
		for _, flag := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
			assert.Equal(t, true, millionstacktest.Input(t, block, flag), "%s: %s", name, flag)
		}
		assert.Equal(t, "data-id", block.String("bucket"), name)
	}
}

func TestEverySettingIsAsAskedFor(t *testing.T) {
	inv := mustRecord(t, everySetting)

	bucket := millionstacktest.Named(t, inv, typeBucket, "data")
	assert.Equal(t, "data-bucket", bucket.String("bucket"))
	assert.Equal(t, map[string]interface{}{"team": "web", "Name": "data"}, millionstacktest.Input(t, bucket, "tags"),
		"the user's tags plus Name, which is the logical name")

	assert.Equal(t, "BucketOwnerPreferred", millionstacktest.Named(t, inv, typeOwnership, "data").String("rule.objectOwnership"))

	sse := millionstacktest.Named(t, inv, typeEncryption, "data")
	assert.Equal(t, "AES256", sse.String("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"))
	assert.Equal(t, true, millionstacktest.Input(t, sse, "rules[0].bucketKeyEnabled"))

	assert.Equal(t, "Enabled", millionstacktest.Named(t, inv, typeVersioning, "data").String("versioningConfiguration.status"))

	lifecycle := millionstacktest.Named(t, inv, typeLifecycle, "data")
	assert.Equal(t, []interface{}{
		map[string]interface{}{
			"id": "abort", "status": "Enabled", "filter": map[string]interface{}{},
			"abortIncompleteMultipartUpload": map[string]interface{}{"daysAfterInitiation": float64(7)},
		},
		map[string]interface{}{
			"id": "expire", "status": "Enabled", "filter": map[string]interface{}{},
			"expiration":                  map[string]interface{}{"days": float64(30)},
			"noncurrentVersionExpiration": map[string]interface{}{"noncurrentDays": float64(10)},
		},
	}, millionstacktest.Input(t, lifecycle, "rules"), "the rules in order, each with only the actions asked for; "+
		"a rule already expires noncurrent versions, so none is appended")

	logging := millionstacktest.Named(t, inv, typeLogging, "data")
	assert.Equal(t, "data-id", logging.String("bucket"))
	assert.Equal(t, "access-logs", logging.String("targetBucket"))
	assert.Equal(t, "data/", logging.String("targetPrefix"), "each bucket logs under its own logical name")

	deny := millionstacktest.Named(t, inv, typePolicy, "data")
	assert.Equal(t, "data-id", deny.String("bucket"))
	assert.Contains(t, deny.String("policy"), "aws:SecureTransport")
}

// Every bucket is versioned (Security Hub S3.14) and expires its noncurrent
// versions, so versioning never grows the bill without bound: by default
// after DefaultNoncurrentVersionDays, or after NoncurrentVersionDays.
func TestEveryBucketIsVersionedAndExpiresNoncurrentVersions(t *testing.T) {
	for name, c := range map[string]struct {
		spec privatebucket.Spec
		days float64
	}{
		"default": {minimal, privatebucket.DefaultNoncurrentVersionDays},
		"set":     {privatebucket.Spec{Name: "data", NoncurrentVersionDays: 90, Lifecycle: []privatebucket.LifecycleRule{{ID: "abort", AbortMultipartDays: 7}}}, 90},
	} {
		inv := mustRecord(t, c.spec)
		assert.Equal(t, "Enabled", millionstacktest.Named(t, inv, typeVersioning, "data").String("versioningConfiguration.status"), name)
		rules, _ := millionstacktest.Named(t, inv, typeLifecycle, "data").Input("rules")
		list := rules.([]interface{})
		last := list[len(list)-1].(map[string]interface{})
		assert.Equal(t, "expire-noncurrent-versions", last["id"], "%s: appended after the spec's own rules", name)
		assert.Equal(t, map[string]interface{}{"noncurrentDays": c.days}, last["noncurrentVersionExpiration"], name)
		assert.Len(t, list, len(c.spec.Lifecycle)+1, name)
	}
	assert.Equal(t, 30, privatebucket.DefaultNoncurrentVersionDays)
}

func TestOptionalSettingsAreAbsentUnlessAskedFor(t *testing.T) {
	inv := mustRecord(t, minimal)

	bucket := millionstacktest.Named(t, inv, typeBucket, "data")
	_, named := bucket.Input("bucket")
	assert.False(t, named, "no BucketName: Pulumi auto-names the bucket")
	assert.Equal(t, map[string]interface{}{"Name": "data"}, millionstacktest.Input(t, bucket, "tags"))

	assert.Equal(t, "BucketOwnerEnforced", millionstacktest.Named(t, inv, typeOwnership, "data").String("rule.objectOwnership"),
		"ACLs are off by default")
	sse := millionstacktest.Named(t, inv, typeEncryption, "data")
	assert.Equal(t, "AES256", sse.String("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"))
	_, bucketKey := sse.Input("rules[0].bucketKeyEnabled")
	assert.False(t, bucketKey, "bucketKeyEnabled is left out, not sent as false")

	_, logged := inv.Named(typeLogging, "data")
	assert.False(t, logged, "no AccessLogBucket: no server access logging (the access-log bucket itself)")

	assert.Len(t, inv.Cloud(), 7, "bucket, access block, ownership, encryption, versioning, lifecycle, policy")
}

func TestNoPolicyUntilAttached(t *testing.T) {
	inv, err := record(t, everySetting, false)
	require.NoError(t, err)
	_, ok := inv.Named(typePolicy, "data")
	assert.False(t, ok)
}

func TestSettingsAreAppliedOneAtATimeAndThePolicyLast(t *testing.T) {
	for name, c := range map[string]struct {
		spec  privatebucket.Spec
		chain []string
	}{
		"every setting": {everySetting, []string{typeAccessBlock, typeOwnership, typeEncryption, typeVersioning, typeLifecycle, typeLogging, typePolicy}},
		"minimal":       {minimal, []string{typeAccessBlock, typeOwnership, typeEncryption, typeVersioning, typeLifecycle, typePolicy}},
	} {
		inv := mustRecord(t, c.spec)
		var chain []millionstacktest.Resource
		for _, typ := range c.chain {
			chain = append(chain, millionstacktest.Named(t, inv, typ, "data"))
		}
		bucket := millionstacktest.Named(t, inv, typeBucket, "data")
		assert.Equal(t, []string{bucket.URN}, chain[0].Dependencies, "%s: the first setting waits for nothing but the bucket", name)
		for i := 1; i < len(chain); i++ {
			for _, before := range chain[:i] {
				assert.Contains(t, chain[i].Dependencies, before.URN,
					"%s: %s waits for %s: S3 rejects concurrent configuration changes (OperationAborted)", name, chain[i].Type, before.Type)
			}
		}
		// Nothing the bucket registers waits for the policy.
		for _, r := range chain[:len(chain)-1] {
			assert.NotContains(t, r.Dependencies, chain[len(chain)-1].URN, name)
		}
	}
}

func TestSettingsAreExposedInOrder(t *testing.T) {
	var got []string
	_, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		b, err := privatebucket.New(ctx, everySetting)
		if err != nil {
			return err
		}
		got = make([]string, len(b.Settings))
		for i, s := range b.Settings {
			i := i
			s.URN().ApplyT(func(u string) string { got[i] = u; return u })
		}
		return nil
	}, millionstacktest.Options{})
	require.NoError(t, err)
	require.Len(t, got, 6)
	for i, typ := range []string{typeAccessBlock, typeOwnership, typeEncryption, typeVersioning, typeLifecycle, typeLogging} {
		assert.Contains(t, got[i], typ+"::data")
	}
}

func TestEveryResourceHasTheOwnerAsParentAndTheBucketsName(t *testing.T) {
	inv := mustRecord(t, everySetting)
	owner := millionstacktest.Named(t, inv, typeComponent, "owner")
	cloud := inv.Cloud()
	require.Len(t, cloud, 8)
	for _, r := range cloud {
		assert.Equal(t, owner.URN, r.Parent, r.Type)
		assert.Equal(t, "data", r.Name, r.Type)
	}
}

func TestInvalidSpecRegistersNothing(t *testing.T) {
	cases := map[string]struct {
		spec privatebucket.Spec
		want []string
	}{
		"no name": {privatebucket.Spec{}, []string{"Name: is required"}},
		"ownership": {privatebucket.Spec{Name: "data", Ownership: "BucketOwnerFull"},
			[]string{`Ownership: "BucketOwnerFull" is not supported`}},
		"rule without ID or action": {privatebucket.Spec{Name: "data", Lifecycle: []privatebucket.LifecycleRule{{}}},
			[]string{"Lifecycle[0].ID: is required", "Lifecycle[0]: has no action"}},
		"duplicate rule ID": {privatebucket.Spec{Name: "data", Lifecycle: []privatebucket.LifecycleRule{
			{ID: "a", ExpireDays: 1}, {ID: "a", AbortMultipartDays: 1},
		}}, []string{`Lifecycle[1].ID: "a" is used by an earlier rule`}},
		"negative days": {privatebucket.Spec{Name: "data", Lifecycle: []privatebucket.LifecycleRule{{ID: "a", ExpireDays: -1}}},
			[]string{"Lifecycle[0]: days must not be negative"}},
		"noncurrent days twice": {privatebucket.Spec{Name: "data", NoncurrentVersionDays: 10, Lifecycle: []privatebucket.LifecycleRule{{ID: "a", NoncurrentExpireDays: 5}}},
			[]string{"NoncurrentVersionDays: 10 is set and a Lifecycle rule sets NoncurrentExpireDays too"}},
		"negative noncurrent days": {privatebucket.Spec{Name: "data", NoncurrentVersionDays: -1},
			[]string{"NoncurrentVersionDays: -1 is negative"}},
		"rule ID of the appended rule": {privatebucket.Spec{Name: "data", Lifecycle: []privatebucket.LifecycleRule{{ID: "expire-noncurrent-versions", ExpireDays: 5}}},
			[]string{`Lifecycle[0].ID: "expire-noncurrent-versions" is used by an earlier rule or by the noncurrent-version rule New appends`}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
				_, err := privatebucket.New(ctx, c.spec)
				return err
			}, millionstacktest.Options{})
			millionstacktest.Rejected(t, inv, err, c.want...)
		})
	}
}
