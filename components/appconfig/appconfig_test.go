package appconfig_test

import (
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/appconfig"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func record(t *testing.T, args appconfig.ConfigArgs) (*millionstacktest.Inventory, error) {
	t.Helper()
	return millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := appconfig.NewConfig(ctx, "cfg", args)
		return err
	}, millionstacktest.Options{Stack: "10k"})
}

func TestParametersAndScopedReadAccess(t *testing.T) {
	inv, err := record(t, appconfig.ConfigArgs{
		Path:     "/millionstack/10k",
		Values:   map[string]pulumi.StringInput{"db/writer": pulumi.String("db.internal"), "cache/primary": pulumi.String("cache.internal")},
		Roles:    map[string]pulumi.StringInput{"web": pulumi.String("web-role")},
		Policies: map[string]pulumi.StringInput{"cache": pulumi.String(`{"Version":"2012-10-17","Statement":[]}`)},
	})
	require.NoError(t, err)

	comp := millionstacktest.Named(t, inv, "millionstack:appconfig:Config", "cfg")
	params := inv.ByType("aws:ssm/parameter:Parameter")
	require.Len(t, params, 3, "the two values and logs/group")
	for _, p := range params {
		assert.Equal(t, comp.URN, p.Parent)
		assert.Equal(t, "String", p.String("type"), "endpoints are not secrets")
	}
	writer, ok := inv.Named("aws:ssm/parameter:Parameter", "cfg-db-writer")
	require.True(t, ok, "named by key, never by position")
	assert.Equal(t, "/millionstack/10k/db/writer", writer.String("name"))
	assert.Equal(t, "db.internal", writer.String("value"))

	read := millionstacktest.Named(t, inv, "aws:iam/rolePolicy:RolePolicy", "cfg-web-read")
	assert.Equal(t, "web-role", read.String("role"))
	var doc struct {
		Statement []struct {
			Action   []string
			Resource []string
		}
	}
	millionstacktest.JSON(t, read, "policy", &doc)
	require.Len(t, doc.Statement, 1)
	assert.ElementsMatch(t, []string{"ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"}, doc.Statement[0].Action)
	assert.Equal(t, []string{
		"arn:aws:ssm:us-east-1:123456789012:parameter/millionstack/10k",
		"arn:aws:ssm:us-east-1:123456789012:parameter/millionstack/10k/*",
	}, doc.Statement[0].Resource, "read access to this stack's path only")

	_, ok = inv.Named("aws:iam/rolePolicy:RolePolicy", "cfg-web-cache")
	assert.True(t, ok, "each extra policy is attached to each role")
}

// The app gets its own log group with a retention, and may write to it only.
func TestApplicationLogGroup(t *testing.T) {
	inv, err := record(t, appconfig.ConfigArgs{
		Path:             "/millionstack/10k",
		Roles:            map[string]pulumi.StringInput{"web": pulumi.String("web-role")},
		LogRetentionDays: 30,
	})
	require.NoError(t, err)
	group := millionstacktest.Named(t, inv, "aws:cloudwatch/logGroup:LogGroup", "cfg-app")
	assert.Equal(t, "/millionstack/10k/app", group.String("name"))
	assert.Equal(t, "30", group.String("retentionInDays"))
	param := millionstacktest.Named(t, inv, "aws:ssm/parameter:Parameter", "cfg-logs-group")
	assert.Equal(t, "/millionstack/10k/app", param.String("value"))
	write := millionstacktest.Named(t, inv, "aws:iam/rolePolicy:RolePolicy", "cfg-web-logs")
	arn := group.Outputs["arn"].StringValue()
	assert.Contains(t, write.String("policy"), `"Resource":["`+arn+`","`+arn+`:*"]`)
	assert.NotContains(t, write.String("policy"), `"*"`)
}

func TestValidationRegistersNothing(t *testing.T) {
	cases := map[string]struct {
		args appconfig.ConfigArgs
		want string
	}{
		"path without slash": {appconfig.ConfigArgs{Path: "millionstack", Roles: map[string]pulumi.StringInput{"web": pulumi.String("r")}}, "Path"},
		"trailing slash":     {appconfig.ConfigArgs{Path: "/millionstack/", Roles: map[string]pulumi.StringInput{"web": pulumi.String("r")}}, "Path"},
		"bad value key": {appconfig.ConfigArgs{Path: "/m", Roles: map[string]pulumi.StringInput{"web": pulumi.String("r")},
			Values: map[string]pulumi.StringInput{"DB Writer": pulumi.String("x")}}, "Values"},
		"no role":      {appconfig.ConfigArgs{Path: "/m"}, "Roles"},
		"bad role key": {appconfig.ConfigArgs{Path: "/m", Roles: map[string]pulumi.StringInput{"Web_Role": pulumi.String("r")}}, "Roles"},
		"reserved policy key": {appconfig.ConfigArgs{Path: "/m", Roles: map[string]pulumi.StringInput{"web": pulumi.String("r")},
			Policies: map[string]pulumi.StringInput{"logs": pulumi.String("{}")}}, "Policies"},
		"bad retention": {appconfig.ConfigArgs{Path: "/m", Roles: map[string]pulumi.StringInput{"web": pulumi.String("r")}, LogRetentionDays: 10}, "LogRetentionDays"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			inv, err := record(t, c.args)
			millionstacktest.Rejected(t, inv, err, c.want)
			assert.Error(t, c.args.Validate("config"))
		})
	}
}

// In a second region, through a provider for it, the parameters live there
// and the roles may read them there: the read policy names the region of
// the component's provider, not the stack's.
func TestInASecondRegionTheReadPolicyNamesThatRegion(t *testing.T) {
	var cfg *appconfig.Config
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		west, err := aws.NewProvider(ctx, "secondary", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		cfg, err = appconfig.NewConfig(ctx, "cfg", appconfig.ConfigArgs{
			Path:  "/millionstack/10m",
			Roles: map[string]pulumi.StringInput{"web": pulumi.String("web-role")},
		}, pulumi.Provider(west))
		return err
	}, millionstacktest.Options{Stack: "10m"})
	require.NoError(t, err)
	provider := millionstacktest.Named(t, inv, "pulumi:providers:aws", "secondary")
	for _, r := range inv.Cloud() {
		assert.True(t, strings.HasPrefix(r.Provider, provider.URN+"::"), "%s %s is in the second region", r.Type, r.Name)
	}
	read := millionstacktest.Named(t, inv, "aws:iam/rolePolicy:RolePolicy", "cfg-web-read")
	assert.Equal(t, []interface{}{
		"arn:aws:ssm:us-west-2:123456789012:parameter/millionstack/10m",
		"arn:aws:ssm:us-west-2:123456789012:parameter/millionstack/10m/*",
	}, millionstacktest.Statements(t, read, "policy")[0]["Resource"])
	assert.Contains(t, millionstacktest.Named(t, inv, "aws:iam/rolePolicy:RolePolicy", "cfg-web-logs").String("policy"), ":us-west-2:123456789012:logGroup/")

	// The same documents, for a role made later (an ECS task role).
	assert.ElementsMatch(t, []string{"read", "logs"}, keys(cfg.Grants))
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
