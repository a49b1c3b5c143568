package awsprovider_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const providerType = "pulumi:providers:aws"

// component is a bare component to make providers for.
type component struct{ pulumi.ResourceState }

// inRegion registers a component "edge" (with opts) and asks InRegion for
// us-east-1, recording what that registers; the options it returned are
// handed to check.
func inRegion(t *testing.T, config map[string]string, setup func(ctx *pulumi.Context) ([]pulumi.ResourceOption, error)) (*millionstacktest.Inventory, error) {
	t.Helper()
	return millionstacktest.Record(func(ctx *pulumi.Context) error {
		var opts []pulumi.ResourceOption
		if setup != nil {
			var err error
			if opts, err = setup(ctx); err != nil {
				return err
			}
		}
		c := &component{}
		if err := ctx.RegisterComponentResource("test:edge:Edge", "edge", c, opts...); err != nil {
			return err
		}
		_, err := awsprovider.InRegion(ctx, c, "edge", "us-east-1")
		return err
	}, millionstacktest.Options{Config: config})
}

// The stack's aws:* config configures the default provider; the us-east-1
// provider gets every key of it, each decoded to the type the provider's
// schema gives it, and only the region differs.
func TestTheStackConfigCarriesOver(t *testing.T) {
	inv, err := inRegion(t, map[string]string{
		"aws:region":                 "eu-west-1",
		"aws:profile":                "prod",
		"aws:defaultTags":            `{"tags":{"team":"web","cost-center":"42"}}`,
		"aws:ignoreTags":             `{"keyPrefixes":["kubernetes.io/"]}`,
		"aws:assumeRole":             `{"roleArn":"arn:aws:iam::123456789012:role/deploy","sessionName":"millionstack","externalId":"x1"}`,
		"aws:sharedCredentialsFiles": `["/etc/aws/credentials"]`,
		"aws:allowedAccountIds":      `["123456789012"]`,
		"aws:endpoints":              `[{"sts":"https://sts.eu-west-1.amazonaws.com"}]`,
		"aws:maxRetries":             "7",
		"aws:skipMetadataApiCheck":   "true",
		"aws:retryMode":              "adaptive",
	}, nil)
	require.NoError(t, err)
	component := millionstacktest.Named(t, inv, "test:edge:Edge", "edge")
	p := millionstacktest.Named(t, inv, providerType, "edge-us-east-1")
	assert.Equal(t, component.URN, p.Parent)

	assert.Equal(t, "us-east-1", p.String("region"))
	assert.Equal(t, "prod", p.String("profile"))
	assert.Equal(t, map[string]interface{}{"team": "web", "cost-center": "42"}, millionstacktest.Input(t, p, "defaultTags.tags"))
	assert.Equal(t, []interface{}{"kubernetes.io/"}, millionstacktest.Input(t, p, "ignoreTags.keyPrefixes"))
	assert.Equal(t, "arn:aws:iam::123456789012:role/deploy", p.String("assumeRole.roleArn"))
	assert.Equal(t, "millionstack", p.String("assumeRole.sessionName"))
	assert.Equal(t, "x1", p.String("assumeRole.externalId"))
	assert.Equal(t, []interface{}{"/etc/aws/credentials"}, millionstacktest.Input(t, p, "sharedCredentialsFiles"))
	assert.Equal(t, []interface{}{"123456789012"}, millionstacktest.Input(t, p, "allowedAccountIds"))
	assert.Equal(t, "https://sts.eu-west-1.amazonaws.com", p.String("endpoints[0].sts"))
	assert.Equal(t, float64(7), millionstacktest.Input(t, p, "maxRetries"))
	assert.Equal(t, true, millionstacktest.Input(t, p, "skipMetadataApiCheck"))
	assert.Equal(t, "adaptive", p.String("retryMode"))
}

// A provider given to the component (here to its parent, whose providers it
// inherits) is what its children would use: its settings win over the
// stack's config, down to the objects the SDK does not expose as outputs.
func TestAGivenProviderIsTheSource(t *testing.T) {
	inv, err := inRegion(t, map[string]string{"aws:region": "eu-west-1", "aws:profile": "from-config"}, func(ctx *pulumi.Context) ([]pulumi.ResourceOption, error) {
		given, err := aws.NewProvider(ctx, "prod", &aws.ProviderArgs{
			Region:      pulumi.String("eu-west-1"),
			Profile:     pulumi.String("from-provider"),
			DefaultTags: aws.ProviderDefaultTagsArgs{Tags: pulumi.StringMap{"team": pulumi.String("web")}},
			AssumeRole:  aws.ProviderAssumeRoleArgs{RoleArn: pulumi.String("arn:aws:iam::123456789012:role/deploy")},
			MaxRetries:  pulumi.Int(3),
		})
		if err != nil {
			return nil, err
		}
		parent := &component{}
		if err := ctx.RegisterComponentResource("test:edge:Parent", "parent", parent, pulumi.Providers(given)); err != nil {
			return nil, err
		}
		return []pulumi.ResourceOption{pulumi.Parent(parent)}, nil
	})
	require.NoError(t, err)
	p := millionstacktest.Named(t, inv, providerType, "edge-us-east-1")
	assert.Equal(t, "us-east-1", p.String("region"))
	assert.Equal(t, "from-provider", p.String("profile"))
	assert.Equal(t, "web", p.String("defaultTags.tags.team"))
	assert.Equal(t, "arn:aws:iam::123456789012:role/deploy", p.String("assumeRole.roleArn"))
	assert.Equal(t, float64(3), millionstacktest.Input(t, p, "maxRetries"))
	assert.Contains(t, p.Dependencies, millionstacktest.Named(t, inv, providerType, "prod").URN)
}

func TestNoProviderWhereTheInheritedOneAlreadyDeploys(t *testing.T) {
	inv, err := inRegion(t, map[string]string{"aws:region": "us-east-1", "aws:profile": "prod"}, nil)
	require.NoError(t, err)
	assert.Empty(t, inv.ByType(providerType))
}

func TestAConfigValueOfTheWrongTypeNamesTheKey(t *testing.T) {
	inv, err := inRegion(t, map[string]string{"aws:region": "eu-west-1", "aws:maxRetries": "lots"}, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `config aws:maxRetries: "lots" is not a valid maxRetries`)
	assert.Empty(t, inv.ByType(providerType))
}

// Settings are decoded from JSON into the SDK's plain types, which carry
// `pulumi` tags but no `json` ones: that works because encoding/json matches
// a key to a field name case-insensitively and every schema name is its
// field's name in another case. This holds the SDK to it.
func TestSchemaNamesAreFieldNamesForJSON(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var check func(t *testing.T, typ reflect.Type)
	check = func(t *testing.T, typ reflect.Type) {
		for typ.Kind() == reflect.Ptr || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] {
			return
		}
		seen[typ] = true
		lower := map[string]string{}
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			tag := f.Tag.Get("pulumi")
			assert.True(t, strings.EqualFold(tag, f.Name), "%s.%s is %q in the schema", typ.Name(), f.Name, tag)
			other, clash := lower[strings.ToLower(f.Name)]
			assert.False(t, clash, "%s: %s and %s differ only in case", typ.Name(), other, f.Name)
			lower[strings.ToLower(f.Name)] = f.Name
			check(t, f.Type)
		}
	}
	check(t, aws.ProviderArgs{}.ElementType())
	assert.Greater(t, len(seen), 3, "the provider's nested settings were walked")
}

// CurrentRegion answers before anything is registered, with the region the
// stack's provider deploys to.
func TestCurrentRegionIsTheStacksBeforeAnythingIsRegistered(t *testing.T) {
	var got string
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		var err error
		got, err = awsprovider.CurrentRegion(ctx)
		return err
	}, millionstacktest.Options{Config: map[string]string{"aws:region": "eu-west-1"}})
	require.NoError(t, err)
	assert.Equal(t, "eu-west-1", got)
	assert.Empty(t, inv.Resources)
}

// A stack that spans two regions gets a provider of its own for the second
// one, named by its role rather than its region, with the stack's settings.
func TestAStackProviderForASecondRegion(t *testing.T) {
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := awsprovider.ForRegion(ctx, "secondary", "us-west-2")
		return err
	}, millionstacktest.Options{Config: map[string]string{
		"aws:region":      "us-east-1",
		"aws:profile":     "prod",
		"aws:assumeRole":  `{"roleArn":"arn:aws:iam::123456789012:role/deploy"}`,
		"aws:defaultTags": `{"tags":{"team":"web"}}`,
	}})
	require.NoError(t, err)
	p := millionstacktest.Only(t, inv, providerType)
	assert.Equal(t, "secondary", p.Name)
	assert.Equal(t, "us-west-2", p.String("region"))
	assert.Equal(t, "prod", p.String("profile"))
	assert.Equal(t, "arn:aws:iam::123456789012:role/deploy", p.String("assumeRole.roleArn"))
	assert.Equal(t, "web", p.String("defaultTags.tags.team"))
	assert.Contains(t, p.Parent, "pulumi:pulumi:Stack", "a stack-level provider")
}

// Where answers the provider's partition, region and account, and a Place
// names the ARNs of that account: the region of a provider given for
// another region, not the stack's.
func TestWhereAndItsARNs(t *testing.T) {
	var east, west awsprovider.Place
	_, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		var err error
		if east, err = awsprovider.Where(ctx); err != nil {
			return err
		}
		provider, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		west, err = awsprovider.Where(ctx, pulumi.Provider(provider))
		return err
	}, millionstacktest.Options{})
	require.NoError(t, err)
	assert.Equal(t, awsprovider.Place{Partition: "aws", Region: "us-east-1", AccountID: millionstacktest.AccountID}, east)
	assert.Equal(t, "us-west-2", west.Region)
	assert.Equal(t, "arn:aws:iam::"+millionstacktest.AccountID+":root", east.Root())
	assert.Equal(t, "arn:aws:ssm:us-west-2:"+millionstacktest.AccountID+":parameter/app/db", west.ARN("ssm", "parameter/app/db"))
}
