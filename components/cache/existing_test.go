package cache_test

import (
	"testing"

	"github.com/millionstack/millionstack/components/cache"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	ownGroup  = "sg-0123456789abcdef0"
	ownKey    = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	keyOfWest = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// ownEverything is a cache on resources of the user's own.
func ownEverything() cache.CacheArgs {
	return cache.CacheArgs{
		ExistingSecurityGroupID:    pulumi.String(ownGroup),
		ExistingSubnetGroupName:    pulumi.String("app-private"),
		ExistingParameterGroupName: pulumi.String("app-redis7"),
		ExistingKMSKeyARN:          pulumi.String(ownKey),
		ExistingLogKMSKeyARN:       pulumi.String(ownKey),
	}
}

// With resources of the user's own, the cache creates none of those kinds
// and the replication group stands on the user's; the outputs resolve.
func TestCacheStandsOnResourcesOfYourOwn(t *testing.T) {
	inv, c, policy := run(t, ownEverything())
	assert.Empty(t, inv.ByType(securityGroupType))
	assert.Empty(t, inv.ByType(ingressRuleType))
	assert.Empty(t, inv.ByType(subnetGroupType))
	assert.Empty(t, inv.ByType(parameterType))
	group := millionstacktest.Only(t, inv, replicationType)
	assert.Equal(t, "app-private", group.String("subnetGroupName"))
	assert.Equal(t, "app-redis7", group.String("parameterGroupName"))
	assert.Equal(t, ownKey, group.String("kmsKeyId"))
	assert.Equal(t, true, millionstacktest.Value(group, "atRestEncryptionEnabled"))
	assert.Equal(t, []interface{}{ownGroup}, millionstacktest.Value(group, "securityGroupIds"))
	assert.Equal(t, ownKey, millionstacktest.Only(t, inv, logGroupType).String("kmsKeyId"))
	assert.Contains(t, policy, "elasticache:Connect")
	assert.Nil(t, c.SecurityGroup)
	assert.Nil(t, c.SubnetGroup)
	assert.Nil(t, c.ParameterGroup)
	require.NotNil(t, c.ReplicationGroup)
	require.NotNil(t, c.SlowLog)
	require.NotNil(t, c.AppUser)
	got := make(chan string, 1)
	c.SecurityGroupID.ApplyT(func(id string) string { got <- id; return id })
	assert.Equal(t, ownGroup, <-got)
}

// By default nothing is keyed by the user: the AWS owned key, the
// component's groups.
func TestCacheDefaultsCreateTheirOwn(t *testing.T) {
	inv, c, _ := run(t, baseArgs())
	assert.Equal(t, "", millionstacktest.Only(t, inv, replicationType).String("kmsKeyId"))
	assert.Equal(t, "", millionstacktest.Only(t, inv, logGroupType).String("kmsKeyId"))
	assert.NotNil(t, c.SecurityGroup)
	assert.NotNil(t, c.SubnetGroup)
	assert.NotNil(t, c.ParameterGroup)
	target := c.AlarmTarget()
	assert.Equal(t, c.Nodes, target.Nodes)
}

// Bad resources of your own, and resources given with the settings that
// would create them, are refused together, before anything is registered.
func TestCacheRefusesBadResourcesOfYourOwn(t *testing.T) {
	args := baseArgs()
	args.ExistingSecurityGroupID = pulumi.String("sessions")
	args.ExistingSubnetGroupName = pulumi.String("App_Private")
	args.ExistingKMSKeyARN = pulumi.String(keyOfWest)
	args.ExistingLogKMSKeyARN = pulumi.String("arn:aws:kms:us-east-1:123456789012:alias/logs")
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := cache.NewCache(ctx, name, args)
		return err
	}, millionstacktest.Options{Stack: "dev"})
	millionstacktest.Rejected(t, inv, err,
		`cache "sessions": ExistingSecurityGroupID: "sessions" is not a security group ID`,
		`cache "sessions": ExistingSecurityGroupID and AllowedSecurityGroups: a security group of your own is yours to open; allowed: one of them`,
		`cache "sessions": ExistingSubnetGroupName and SubnetIDs: the subnets are your group's; allowed: one of them`,
		`cache "sessions": ExistingSubnetGroupName: "App_Private" is not the name of a cache subnet group`,
		`cache "sessions": ExistingKMSKeyARN: "`+keyOfWest+`" is in us-west-2; allowed: a KMS key (its key ARN, not an alias) in us-east-1`,
		`cache "sessions": ExistingLogKMSKeyARN: "arn:aws:kms:us-east-1:123456789012:alias/logs" is not the ARN of a KMS key (its key ARN, not an alias)`,
	)
	assert.NoError(t, ownEverything().Validate("cache"))
}

// AllowFrom admits a caller made later on the cache's port; it refuses a
// name taken and a cache behind a group of your own.
func TestCacheAllowFrom(t *testing.T) {
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		c, err := cache.NewCache(ctx, name, baseArgs())
		if err != nil {
			return err
		}
		if err := c.AllowFrom("jobs", pulumi.String("sg-0123456789abcdef1")); err != nil {
			return err
		}
		assert.ErrorContains(t, c.AllowFrom("web", pulumi.String("sg-0123456789abcdef1")), `cache "sessions": AllowFrom: name "web" is taken`)
		assert.ErrorContains(t, c.AllowFrom("ops", pulumi.String("ops")), `AllowFrom: "ops" is not a security group ID`)
		own, err := cache.NewCache(ctx, "own", ownEverything())
		if err != nil {
			return err
		}
		assert.ErrorContains(t, own.AllowFrom("jobs", pulumi.String("sg-0123456789abcdef1")), `cache "own": AllowFrom: "jobs": the cache's security group is ExistingSecurityGroupID, a group of your own`)
		return nil
	}, millionstacktest.Options{Stack: "dev"})
	rule := millionstacktest.Named(t, inv, ingressRuleType, "sessions-from-jobs")
	millionstacktest.ParentedTo(t, millionstacktest.Named(t, inv, componentType, name), rule)
	assert.Equal(t, 6379.0, millionstacktest.Value(rule, "fromPort"))
	assert.Equal(t, "sg-0123456789abcdef1", rule.String("referencedSecurityGroupId"))
}
