// Package awsprovider gives a component's children an AWS provider for a
// region other than the one they would otherwise deploy to (CloudFront takes
// certificates and web ACLs from us-east-1 only), carrying every other
// setting of the provider it stands in for: how it finds credentials
// (profile, shared files, static keys, an assumed role, a web identity),
// which accounts it may touch, its endpoints, default and ignored tags,
// retries, proxies and skip flags. A provider given a region alone would
// deploy a stack that runs with aws:profile, an assumed role or default tags
// with other credentials, in another account, or untagged.
//
// The settings come from the AWS provider the component was given (with
// pulumi.Provider or pulumi.Providers, on it or on a parent) when there is
// one, and else from the stack's aws:* config, which is what configures the
// default provider.
//
// Changing these settings on a live stack updates the provider in place and
// leaves what it manages alone: the AWS provider asks for its own
// replacement, and with it the replacement of every resource it manages,
// only when its region changes (ForcesProviderReplace on region,
// pulumi/pulumi-aws#4000; every other key is an update), and the region of
// a provider made here never changes. What such an update does change is up
// to the setting: new default tags retag every resource, another profile or
// role manages the same resources with other credentials (it does not move
// them to another account).
package awsprovider

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Component is the component a provider is made for: a registered
// ComponentResource, which knows the AWS provider its children inherit.
type Component interface {
	pulumi.Resource
	GetProvider(moduleMember string) pulumi.ProviderResource
}

// providerToken names the AWS package to Component.GetProvider.
const providerToken = "aws:index:Provider"

// InRegion returns the options for those of component's children that must
// live in region: the component as parent and, when the AWS provider they
// would inherit deploys elsewhere, a provider `<name>-<region>` of their own,
// parented to the component, with that provider's settings and region.
func InRegion(ctx *pulumi.Context, component Component, name, region string) ([]pulumi.ResourceOption, error) {
	parent := pulumi.Parent(component)
	opts := []pulumi.ResourceOption{parent}
	// Asked of the provider the children would inherit, so this honours the
	// stack's aws:region, the environment and a provider given to the component.
	current, err := aws.GetRegion(ctx, nil, parent)
	if err != nil {
		return nil, err
	}
	if current.Name == region {
		return opts, nil
	}
	args, err := settings(ctx, component)
	if err != nil {
		return nil, err
	}
	args.Region = pulumi.String(region)
	provider, err := aws.NewProvider(ctx, name+"-"+region, args, parent)
	if err != nil {
		return nil, err
	}
	return append(opts, pulumi.Provider(provider)), nil
}

// ForRegion returns a stack-level AWS provider called name for region, with
// every other setting of the stack's default provider (its aws:* config):
// the same account, credentials and default tags, in another region. It is
// for a stack that spans two regions, whose second region is a place of its
// own rather than a detail of one component.
//
// name should say what the region is to the stack ("secondary"), not which
// region it is: a provider's region cannot change in place (it forces the
// provider's replacement, and with it the replacement of everything it
// manages: pulumi/pulumi-aws#4000), so a name that followed the region would
// only hide that behind a new URN. opts are the provider's own options.
func ForRegion(ctx *pulumi.Context, name, region string, opts ...pulumi.ResourceOption) (*aws.Provider, error) {
	args, err := fromConfig(ctx)
	if err != nil {
		return nil, err
	}
	args.Region = pulumi.String(region)
	return aws.NewProvider(ctx, name, args, opts...)
}

// settings returns the arguments of the provider component's children
// would inherit, region aside: those of the AWS provider it was given, or
// else the stack's aws:* config.
func settings(ctx *pulumi.Context, component Component) (*aws.ProviderArgs, error) {
	if given, ok := component.GetProvider(providerToken).(*aws.Provider); ok {
		return fromProvider(given)
	}
	return fromConfig(ctx)
}

// setting is one provider setting: its name in the provider's schema (and
// config key without "aws:"), the plain Go type the SDK decodes it into and
// the field of aws.ProviderArgs that takes it.
type setting struct {
	key   string
	plain reflect.Type
	field string
}

// allSettings lists every setting of the pinned SDK's provider, region
// aside, read from the plain arguments type behind aws.ProviderArgs, whose
// `pulumi` tags are the schema's names. Taking them from the SDK rather than
// from a list of our own means none is forgotten, and a setting a new SDK
// version adds is carried without a change here.
func allSettings() []setting {
	t := aws.ProviderArgs{}.ElementType()
	var out []setting
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if key := f.Tag.Get("pulumi"); key != "" && key != "region" {
			out = append(out, setting{key: key, plain: f.Type, field: f.Name})
		}
	}
	return out
}

// fromConfig reads every aws:* config key the stack sets. Values are strings
// in config; a setting that is not a string in the schema (a flag, a
// number, a list, an object such as defaultTags) is JSON, as Pulumi stores
// it ("true", "3", `["a"]`, `{"tags":{...}}`). A key set as a secret stays
// secret.
func fromConfig(ctx *pulumi.Context) (*aws.ProviderArgs, error) {
	args := &aws.ProviderArgs{}
	for _, s := range allSettings() {
		key := "aws:" + s.key
		raw, ok := ctx.GetConfig(key)
		if !ok {
			continue
		}
		value, err := decode(s.plain, raw)
		if err != nil {
			return nil, fmt.Errorf("config %s: %q is not a valid %s: %w", key, raw, s.key, err)
		}
		input := pulumi.ToOutput(value.Interface())
		if ctx.IsConfigSecret(key) {
			input = pulumi.ToSecret(input)
		}
		if err := s.set(args, input); err != nil {
			return nil, err
		}
	}
	return args, nil
}

// fromProvider reads every setting of a provider the program created. The
// SDK's Provider type exposes only its string settings as outputs, so they
// are read from the full property map the engine returned for it (the
// provider's inputs, as checked by the provider), which the SDK hands out
// through pulumi.InternalGetRawOutputs: marked internal, stable in the
// pinned v3.263.0, and TestAGivenProviderIsTheSource fails if that changes.
// Each setting becomes an output of that map; one the provider does not set
// resolves to nothing.
// The provider's access key, secret key and token stay secret (NewProvider
// marks them so), and so does its web identity, which may hold a token.
func fromProvider(p *aws.Provider) (*aws.ProviderArgs, error) {
	state := pulumi.InternalGetRawOutputs(&p.ResourceState)
	args := &aws.ProviderArgs{}
	for _, s := range allSettings() {
		input := state.ApplyT(s.reader())
		if s.key == "assumeRoleWithWebIdentity" {
			input = pulumi.ToSecret(input)
		}
		if err := s.set(args, input); err != nil {
			return nil, err
		}
	}
	return args, nil
}

// Types the reader of a setting takes and returns besides the setting's own.
var (
	anyType   = reflect.TypeOf((*interface{})(nil)).Elem()
	errorType = reflect.TypeOf((*error)(nil)).Elem()
)

// reader returns a func(interface{}) (T, error), T being the setting's
// plain type, that reads the setting from a provider's property map (see
// from). ApplyT needs the result type in the function's signature to give
// the output its type (a StringPtrOutput, a ProviderDefaultTagsPtrOutput),
// which is what the field of aws.ProviderArgs takes.
func (s setting) reader() interface{} {
	signature := reflect.FuncOf([]reflect.Type{anyType}, []reflect.Type{s.plain, errorType}, false)
	return reflect.MakeFunc(signature, func(in []reflect.Value) []reflect.Value {
		value, err := s.from(in[0].Interface())
		if err != nil {
			return []reflect.Value{reflect.Zero(s.plain), reflect.ValueOf(&err).Elem()}
		}
		return []reflect.Value{value, reflect.Zero(errorType)}
	}).Interface()
}

// from picks the setting out of a provider's property map and decodes it;
// a setting the map does not hold, or does not know yet (a preview of a
// provider whose settings come from other resources), is the zero value.
func (s setting) from(state interface{}) (reflect.Value, error) {
	properties, _ := state.(resource.PropertyMap)
	v, ok := properties[resource.PropertyKey(s.key)]
	for ok && (v.IsSecret() || v.IsOutput()) {
		if v.IsSecret() {
			v = v.SecretValue().Element
		} else {
			v, ok = v.OutputValue().Element, v.OutputValue().Known
		}
	}
	if !ok || v.IsNull() || v.IsComputed() {
		return reflect.Zero(s.plain), nil
	}
	// Providers may hold a non-string setting JSON-encoded, as config does.
	if v.IsString() {
		value, err := decode(s.plain, v.StringValue())
		if err != nil {
			return reflect.Value{}, fmt.Errorf("provider setting %s: %w", s.key, err)
		}
		return value, nil
	}
	encoded, err := json.Marshal(v.Mappable())
	if err != nil {
		return reflect.Value{}, fmt.Errorf("provider setting %s: %w", s.key, err)
	}
	value, err := decode(s.plain, string(encoded))
	if err != nil {
		return reflect.Value{}, fmt.Errorf("provider setting %s: %w", s.key, err)
	}
	return value, nil
}

// set puts an input into the field of args that takes the setting.
func (s setting) set(args *aws.ProviderArgs, input pulumi.Output) error {
	field := reflect.ValueOf(args).Elem().FieldByName(s.field)
	if !field.IsValid() || !reflect.TypeOf(input).AssignableTo(field.Type()) {
		return fmt.Errorf("awsprovider: setting %s: a %T does not fit aws.ProviderArgs.%s", s.key, input, s.field)
	}
	field.Set(reflect.ValueOf(input))
	return nil
}

// decode turns a setting's text into its plain type: taken as it is for a
// string, parsed as JSON for anything else. Object keys match the schema's
// names (the plain types carry no json tags; encoding/json matches field
// names case-insensitively, and every schema name is its field's name in
// lower camel case).
func decode(plain reflect.Type, text string) (reflect.Value, error) {
	value := reflect.New(plain)
	target := plain
	if target.Kind() == reflect.Ptr {
		target = target.Elem()
	}
	if target.Kind() == reflect.String {
		s := reflect.New(target)
		s.Elem().SetString(text)
		if plain.Kind() == reflect.Ptr {
			return s, nil
		}
		return s.Elem(), nil
	}
	if err := json.Unmarshal([]byte(text), value.Interface()); err != nil {
		return reflect.Value{}, err
	}
	return value.Elem(), nil
}

// RegionIf returns CurrentRegion when needed, else "" without a lookup: a
// component whose validation uses the region only for fields of your own
// (a key or log group whose region must match) asks only when one is set,
// so that a program without them makes no call.
func RegionIf(needed bool, ctx *pulumi.Context, opts ...pulumi.ResourceOption) (string, error) {
	if !needed {
		return "", nil
	}
	return CurrentRegion(ctx, opts...)
}

// CurrentRegion returns the region that a component registered with opts
// would deploy to, asked before the component is registered, so that its
// validation can use the answer (a copy region that must differ from it):
// the region of an AWS provider given with pulumi.Provider or
// pulumi.Providers, else that of the provider the parent in opts passes
// down, else the stack's.
func CurrentRegion(ctx *pulumi.Context, opts ...pulumi.ResourceOption) (string, error) {
	resolved, err := pulumi.NewResourceOptions(opts...)
	if err != nil {
		return "", err
	}
	var invokeOpts []pulumi.InvokeOption
	if resolved.Parent != nil {
		invokeOpts = append(invokeOpts, pulumi.Parent(resolved.Parent))
	}
	for _, p := range append(resolved.Providers, resolved.Provider) {
		if provider, ok := p.(*aws.Provider); ok {
			invokeOpts = append(invokeOpts, pulumi.Provider(provider))
		}
	}
	region, err := aws.GetRegion(ctx, nil, invokeOpts...)
	if err != nil {
		return "", err
	}
	return region.Name, nil
}

// ForStack returns a provider `name` at the stack's top level that deploys
// to region with every other setting of the stack's aws:* config, for a
// stack that spans a second region (stage 10m). The region is not part of
// the name: a provider whose region changes asks for its own replacement,
// and with it that of everything it manages (pulumi/pulumi-aws#4000), which
// a change of name would hide behind a new, unrelated URN.
func ForStack(ctx *pulumi.Context, name, region string) (*aws.Provider, error) {
	args, err := fromConfig(ctx)
	if err != nil {
		return nil, err
	}
	args.Region = pulumi.String(region)
	return aws.NewProvider(ctx, name, args)
}
