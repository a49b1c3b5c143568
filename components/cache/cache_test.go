package cache_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/millionstack/millionstack/components/cache"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Type tokens of the children a Cache registers.
const (
	componentType     = "millionstack:cache:Cache"
	replicationType   = "aws:elasticache/replicationGroup:ReplicationGroup"
	subnetGroupType   = "aws:elasticache/subnetGroup:SubnetGroup"
	parameterType     = "aws:elasticache/parameterGroup:ParameterGroup"
	userType          = "aws:elasticache/user:User"
	userGroupType     = "aws:elasticache/userGroup:UserGroup"
	securityGroupType = "aws:ec2/securityGroup:SecurityGroup"
	ingressRuleType   = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	logGroupType      = "aws:cloudwatch/logGroup:LogGroup"
)

// name is the component name every test uses.
const name = "sessions"

// baseArgs sets only the required fields, admitting two security groups.
func baseArgs() cache.CacheArgs {
	return cache.CacheArgs{
		VpcID:     pulumi.String("vpc-0000c123"),
		SubnetIDs: pulumi.StringArray{pulumi.String("subnet-0000000a"), pulumi.String("subnet-0000000b")},
		AllowedSecurityGroups: map[string]pulumi.StringInput{
			"web":    pulumi.String("sg-00000eb0"),
			"worker": pulumi.String("sg-00000a0a"),
		},
	}
}

// run records a Cache built from args in the stack "dev" and returns the
// inventory, the component and its connect policy (resolved by the mocks).
func run(t *testing.T, args cache.CacheArgs) (*millionstacktest.Inventory, *cache.Cache, string) {
	t.Helper()
	return runIn(t, "dev", args)
}

// runIn is run in a stack of a given name.
func runIn(t *testing.T, stack string, args cache.CacheArgs) (*millionstacktest.Inventory, *cache.Cache, string) {
	t.Helper()
	var component *cache.Cache
	policy := make(chan string, 1)
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		var err error
		component, err = cache.NewCache(ctx, name, args)
		if err != nil {
			return err
		}
		component.ConnectPolicy().ApplyT(func(doc string) string { policy <- doc; return doc })
		return nil
	}, millionstacktest.Options{Stack: stack})
	select {
	case doc := <-policy:
		return inv, component, doc
	case <-time.After(10 * time.Second):
		t.Fatal("the connect policy never resolved")
		return nil, nil, ""
	}
}

func TestEncryptedAtRestAndInTransit(t *testing.T) {
	for _, engine := range []cache.Engine{cache.EngineRedis, cache.EngineValkey} {
		t.Run(string(engine), func(t *testing.T) {
			args := baseArgs()
			args.Engine = engine
			inv, _, _ := run(t, args)
			group := millionstacktest.Named(t, inv, replicationType, name)
			assert.Equal(t, true, millionstacktest.Value(group, "atRestEncryptionEnabled"))
			assert.Equal(t, true, millionstacktest.Value(group, "transitEncryptionEnabled"))
			assert.Equal(t, "required", group.String("transitEncryptionMode"))
			_, customKey := group.Input("kmsKeyId")
			assert.False(t, customKey, "at-rest encryption uses the service-managed key")
		})
	}
}

func TestDefaults(t *testing.T) {
	inv, c, _ := run(t, baseArgs())
	group := millionstacktest.Named(t, inv, replicationType, name)
	assert.Equal(t, "redis", group.String("engine"))
	assert.Equal(t, "7.1", group.String("engineVersion"))
	assert.Equal(t, "cache.t4g.small", group.String("nodeType"))
	assert.Equal(t, 2.0, millionstacktest.Value(group, "numCacheClusters"))
	assert.Equal(t, 6379.0, millionstacktest.Value(group, "port"))
	assert.Equal(t, 7.0, millionstacktest.Value(group, "snapshotRetentionLimit"))
	assert.NotEmpty(t, group.String("snapshotWindow"))
	assert.NotEmpty(t, group.String("maintenanceWindow"))
	assert.Equal(t, true, millionstacktest.Value(group, "autoMinorVersionUpgrade"))
	assert.Equal(t, true, millionstacktest.Value(group, "applyImmediately"))
	assert.Equal(t, 6379, c.Port)
	assert.Equal(t, 2, c.Nodes)

	subnets := millionstacktest.Named(t, inv, subnetGroupType, name)
	assert.Equal(t, []interface{}{"subnet-0000000a", "subnet-0000000b"}, millionstacktest.Value(subnets, "subnetIds"))
	assert.Equal(t, subnets.Outputs["name"].StringValue(), group.String("subnetGroupName"))

	params := millionstacktest.Named(t, inv, parameterType, name)
	assert.Equal(t, "redis7", params.String("family"))
	assert.Equal(t, params.Outputs["name"].StringValue(), group.String("parameterGroupName"))
	assert.Equal(t, "maxmemory-policy", params.String("parameters[0].name"))
	assert.Equal(t, "volatile-lru", params.String("parameters[0].value"))

	sg := millionstacktest.Named(t, inv, securityGroupType, name)
	assert.Equal(t, []interface{}{idOf(sg)}, millionstacktest.Value(group, "securityGroupIds"))
}

func TestValkeyFamilyAndVersion(t *testing.T) {
	args := baseArgs()
	args.Engine = "valkey"
	inv, _, _ := run(t, args)
	assert.Equal(t, "valkey", millionstacktest.Named(t, inv, replicationType, name).String("engine"))
	assert.Equal(t, "8.0", millionstacktest.Named(t, inv, replicationType, name).String("engineVersion"))
	assert.Equal(t, "valkey8", millionstacktest.Named(t, inv, parameterType, name).String("family"))

	args.EngineVersion = "7.2"
	inv, _, _ = run(t, args)
	assert.Equal(t, "valkey7", millionstacktest.Named(t, inv, parameterType, name).String("family"))
}

func TestSlowLogDelivery(t *testing.T) {
	args := baseArgs()
	args.LogRetentionDays = 90
	inv, _, _ := run(t, args)
	logGroup := millionstacktest.Named(t, inv, logGroupType, name+"-slow-log")
	assert.Equal(t, 90.0, millionstacktest.Value(logGroup, "retentionInDays"))

	group := millionstacktest.Named(t, inv, replicationType, name)
	delivery := millionstacktest.Value(group, "logDeliveryConfigurations").([]interface{})
	require.Len(t, delivery, 1)
	assert.Equal(t, map[string]interface{}{
		"logType":         "slow-log",
		"destination":     logGroup.Outputs["name"].StringValue(),
		"destinationType": "cloudwatch-logs",
		"logFormat":       "json",
	}, delivery[0])
}

func TestFailoverAndMultiAZOnlyWithReplicas(t *testing.T) {
	for _, nodes := range []int{1, 2, 3, 6} {
		args := baseArgs()
		args.Nodes = nodes
		inv, c, _ := run(t, args)
		group := millionstacktest.Named(t, inv, replicationType, name)
		replicas := nodes >= 2
		assert.Equal(t, replicas, millionstacktest.Value(group, "automaticFailoverEnabled"), "nodes=%d", nodes)
		assert.Equal(t, replicas, millionstacktest.Value(group, "multiAzEnabled"), "nodes=%d", nodes)
		assert.Equal(t, float64(nodes), millionstacktest.Value(group, "numCacheClusters"), "nodes=%d", nodes)
		assert.Equal(t, nodes, c.Nodes)
	}
}

func TestNoPasswordOrSecretAnywhere(t *testing.T) {
	inv, _, _ := run(t, baseArgs())
	var keys []string
	for _, r := range inv.Resources {
		walk(r.Inputs, func(key string, v resource.PropertyValue) {
			keys = append(keys, key)
			lower := strings.ToLower(key)
			assert.False(t, strings.Contains(lower, "password") || strings.Contains(lower, "authtoken"),
				"%s %s sets %q", r.Type, r.Name, key)
			assert.False(t, v.IsSecret(), "%s %s holds a secret in %q", r.Type, r.Name, key)
		})
	}
	// The walk did reach nested inputs, so the assertions above saw them.
	assert.Contains(t, keys, "authenticationMode")
	assert.Contains(t, keys, "type")
}

// walk calls visit for every key of m, at any depth.
func walk(m resource.PropertyMap, visit func(string, resource.PropertyValue)) {
	for k, v := range m {
		visit(string(k), v)
		walkValue(v, visit)
	}
}

func walkValue(v resource.PropertyValue, visit func(string, resource.PropertyValue)) {
	switch {
	case v.IsSecret():
		walkValue(v.SecretValue().Element, visit)
	case v.IsObject():
		walk(v.ObjectValue(), visit)
	case v.IsArray():
		for _, e := range v.ArrayValue() {
			walkValue(e, visit)
		}
	}
}

func TestUserGroupHoldsDisabledDefaultAndIAMAppUser(t *testing.T) {
	for _, engine := range []cache.Engine{cache.EngineRedis, cache.EngineValkey} {
		t.Run(string(engine), func(t *testing.T) {
			args := baseArgs()
			args.Engine = engine
			inv, c, _ := run(t, args)

			app := millionstacktest.Named(t, inv, userType, name+"-app")
			assert.Equal(t, "iam", app.String("authenticationMode.type"))
			assert.Equal(t, c.AppUserName, app.String("userId"))
			assert.Equal(t, c.AppUserName, app.String("userName"), "IAM authentication requires user name = user ID")
			assert.Equal(t, strings.ToLower(c.AppUserName), c.AppUserName)
			assert.Equal(t, "on ~* +@all -@dangerous", app.String("accessString"))

			def := millionstacktest.Named(t, inv, userType, name+"-default")
			assert.Equal(t, "default", def.String("userName"))
			assert.NotEqual(t, "default", def.String("userId"), "the built-in default user's ID is taken")
			assert.Equal(t, "off -@all", def.String("accessString"))
			assert.Equal(t, "no-password-required", def.String("authenticationMode.type"))

			group := millionstacktest.Named(t, inv, userGroupType, name)
			assert.ElementsMatch(t, []interface{}{def.String("userId"), app.String("userId")}, millionstacktest.Value(group, "userIds"))
			for _, r := range []millionstacktest.Resource{app, def, group} {
				assert.Equal(t, "redis", r.String("engine"), "%s: RBAC objects stay on the redis engine", r.Name)
			}

			replication := millionstacktest.Named(t, inv, replicationType, name)
			assert.Equal(t, []interface{}{group.String("userGroupId")}, millionstacktest.Value(replication, "userGroupIds"))
			assert.Len(t, inv.ByType(userType), 2)
		})
	}
}

func TestUserIDsAreSafeAndDifferPerStack(t *testing.T) {
	_, dev, _ := runIn(t, "dev", baseArgs())
	_, prod, _ := runIn(t, "prod", baseArgs())
	assert.NotEqual(t, dev.AppUserName, prod.AppUserName, "two stacks in one account must not claim the same user ID")
	assert.True(t, strings.HasPrefix(dev.AppUserName, name+"-"), dev.AppUserName)

	var longest *cache.Cache
	millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		var err error
		longest, err = cache.NewCache(ctx, strings.Repeat("c", 24), baseArgs())
		return err
	}, millionstacktest.Options{Stack: "production.eu_west"})
	assert.Regexp(t, `^[a-z][a-z0-9]*(-[a-z0-9]+)*-app$`, longest.AppUserName)
	assert.LessOrEqual(t, len(strings.TrimSuffix(longest.AppUserName, "-app")+"-default"), 40, "ElastiCache user IDs take at most 40 characters")
}

func TestSecurityGroupAdmitsOnlyTheGivenGroupsOnThePort(t *testing.T) {
	args := baseArgs()
	args.Port = 6380
	inv, _, _ := run(t, args)

	sg := millionstacktest.Named(t, inv, securityGroupType, name)
	assert.Equal(t, "vpc-0000c123", sg.String("vpcId"))
	for _, inline := range []string{"ingress", "egress"} {
		v, set := sg.Input(inline)
		assert.True(t, !set || len(v.([]interface{})) == 0, "no inline %s rules", inline)
	}

	rules := inv.ByType(ingressRuleType)
	admitted := map[string]string{}
	for _, rule := range rules {
		admitted[rule.Name] = rule.String("referencedSecurityGroupId")
		assert.Equal(t, idOf(sg), rule.String("securityGroupId"))
		assert.Equal(t, "tcp", rule.String("ipProtocol"))
		assert.Equal(t, 6380.0, millionstacktest.Value(rule, "fromPort"))
		assert.Equal(t, 6380.0, millionstacktest.Value(rule, "toPort"))
		for _, open := range []string{"cidrIpv4", "cidrIpv6", "prefixListId"} {
			_, set := rule.Input(open)
			assert.False(t, set, "%s sets %s", rule.Name, open)
		}
	}
	assert.Equal(t, map[string]string{
		name + "-from-web":    "sg-00000eb0",
		name + "-from-worker": "sg-00000a0a",
	}, admitted)
	assert.Empty(t, inv.ByType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"))
	assert.Empty(t, inv.ByType("aws:ec2/securityGroupRule:SecurityGroupRule"))
}

// replaceTriggers are the replication group inputs whose change makes the
// provider replace the group (ForceNew in the provider schema, or a
// downgrade for engine and version).
var replaceTriggers = []string{
	"replicationGroupId", "engine", "engineVersion", "subnetGroupName",
	"atRestEncryptionEnabled", "transitEncryptionEnabled", "kmsKeyId", "port",
	"networkType", "dataTieringEnabled", "securityGroupNames", "snapshotArns",
	"snapshotName", "globalReplicationGroupId",
}

func TestGrowsInPlace(t *testing.T) {
	small := baseArgs()
	small.Nodes = 2
	large := baseArgs()
	large.Nodes = 3
	large.NodeType = "cache.r7g.large"

	before, _, _ := run(t, small)
	after, _, _ := run(t, large)

	old := millionstacktest.Named(t, before, replicationType, name)
	grown := millionstacktest.Named(t, after, replicationType, name)
	assert.Equal(t, old.URN, grown.URN)
	assert.Equal(t, old.Parent, grown.Parent)
	for _, key := range replaceTriggers {
		a, _ := old.Input(key)
		b, _ := grown.Input(key)
		assert.Equal(t, a, b, "replace-triggering input %q changed", key)
	}
	// The growth itself is there: the test compares two different groups.
	assert.Equal(t, 3.0, millionstacktest.Value(grown, "numCacheClusters"))
	assert.Equal(t, "cache.r7g.large", grown.String("nodeType"))
	assert.NotEqual(t, old.String("nodeType"), grown.String("nodeType"))

	// Everything around the group keeps its identity and its inputs too.
	for _, r := range before.Cloud() {
		if r.Type == replicationType {
			continue
		}
		match, ok := after.Named(r.Type, r.Name)
		require.True(t, ok, "%s %s disappeared", r.Type, r.Name)
		assert.Equal(t, r.URN, match.URN)
		assert.Equal(t, r.Inputs.Mappable(), match.Inputs.Mappable(), "%s %s changed", r.Type, r.Name)
	}
}

func TestConnectPolicyIsScopedToTheGroupAndTheAppUser(t *testing.T) {
	inv, _, doc := run(t, baseArgs())
	var policy struct {
		Version   string
		Statement []struct {
			Effect   string
			Action   interface{}
			Resource []string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(doc), &policy))
	assert.Equal(t, "2012-10-17", policy.Version)
	require.Len(t, policy.Statement, 1)
	statement := policy.Statement[0]
	assert.Equal(t, "Allow", statement.Effect)
	assert.Equal(t, "elasticache:Connect", statement.Action)
	assert.Equal(t, []string{
		millionstacktest.Named(t, inv, replicationType, name).Outputs["arn"].StringValue(),
		millionstacktest.Named(t, inv, userType, name+"-app").Outputs["arn"].StringValue(),
	}, statement.Resource)
}

func TestChildrenAreParentedAndTagged(t *testing.T) {
	args := baseArgs()
	args.Tags = map[string]string{"team": "core", "Name": "overridden"}
	inv, _, _ := run(t, args)
	component := millionstacktest.Only(t, inv, componentType)
	assert.ElementsMatch(t, []string{
		subnetGroupType + " sessions",
		securityGroupType + " sessions",
		ingressRuleType + " sessions-from-web",
		ingressRuleType + " sessions-from-worker",
		userType + " sessions-app",
		userType + " sessions-default",
		userGroupType + " sessions",
		parameterType + " sessions",
		logGroupType + " sessions-slow-log",
		replicationType + " sessions",
	}, millionstacktest.Labels(inv.Children(component.URN)))
	millionstacktest.ParentedTo(t, component, inv.Cloud()...)
	for _, r := range inv.Cloud() {
		assert.Equal(t, "core", r.String("tags.team"), "%s %s", r.Type, r.Name)
		assert.Equal(t, r.Name, r.String("tags.Name"), "%s %s", r.Type, r.Name)
	}
}

func TestValidation(t *testing.T) {
	cases := map[string]struct {
		change func(*cache.CacheArgs)
		field  string
	}{
		"negative nodes":      {func(a *cache.CacheArgs) { a.Nodes = -1 }, "Nodes"},
		"seven nodes":         {func(a *cache.CacheArgs) { a.Nodes = 7 }, "Nodes"},
		"unknown engine":      {func(a *cache.CacheArgs) { a.Engine = "memcached" }, "Engine"},
		"redis without IAM":   {func(a *cache.CacheArgs) { a.EngineVersion = "6.2" }, "EngineVersion"},
		"valkey version":      {func(a *cache.CacheArgs) { a.Engine, a.EngineVersion = "valkey", "7.1" }, "EngineVersion"},
		"node type prefix":    {func(a *cache.CacheArgs) { a.NodeType = "t4g.small" }, "NodeType"},
		"data tiering class":  {func(a *cache.CacheArgs) { a.NodeType = "cache.r6gd.xlarge" }, "NodeType"},
		"snapshots too long":  {func(a *cache.CacheArgs) { a.SnapshotRetentionDays = 36 }, "SnapshotRetentionDays"},
		"snapshots negative":  {func(a *cache.CacheArgs) { a.SnapshotRetentionDays = -1 }, "SnapshotRetentionDays"},
		"log retention":       {func(a *cache.CacheArgs) { a.LogRetentionDays = 31 }, "LogRetentionDays"},
		"no allowed groups":   {func(a *cache.CacheArgs) { a.AllowedSecurityGroups = nil }, "AllowedSecurityGroups"},
		"bad rule key":        {func(a *cache.CacheArgs) { a.AllowedSecurityGroups["Web Tier"] = pulumi.String("sg-x") }, "AllowedSecurityGroups"},
		"nil allowed group":   {func(a *cache.CacheArgs) { a.AllowedSecurityGroups["web"] = nil }, "AllowedSecurityGroups"},
		"privileged port":     {func(a *cache.CacheArgs) { a.Port = 443 }, "Port"},
		"port beyond 65535":   {func(a *cache.CacheArgs) { a.Port = 70000 }, "Port"},
		"no VPC":              {func(a *cache.CacheArgs) { a.VpcID = nil }, "VpcID"},
		"no subnets":          {func(a *cache.CacheArgs) { a.SubnetIDs = nil }, "SubnetIDs"},
		"reserved tag prefix": {func(a *cache.CacheArgs) { a.Tags = map[string]string{"aws:owner": "x"} }, "Tags"},
		"overlong tag value":  {func(a *cache.CacheArgs) { a.Tags = map[string]string{"k": strings.Repeat("v", 257)} }, "Tags"},
	}
	for label, tc := range cases {
		t.Run(label, func(t *testing.T) {
			args := baseArgs()
			tc.change(&args)
			inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
				_, err := cache.NewCache(ctx, name, args)
				return err
			}, millionstacktest.Options{})
			millionstacktest.Rejected(t, inv, err, `cache "sessions": `+tc.field+":")
		})
	}
}

func TestValidationReportsEveryProblemAtOnce(t *testing.T) {
	args := baseArgs()
	args.Nodes, args.Port, args.NodeType = 7, 80, "r7g.large"
	_, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := cache.NewCache(ctx, name, args)
		return err
	}, millionstacktest.Options{})
	require.Error(t, err)
	for _, field := range []string{"Nodes", "Port", "NodeType"} {
		assert.Contains(t, err.Error(), `cache "sessions": `+field+":")
	}
}

// idOf is the ID the mocks give a custom resource.
func idOf(r millionstacktest.Resource) string {
	return r.Name + "-id"
}
