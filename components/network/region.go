package network

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// awsRegion is what the network needs to know about the region it deploys
// to before it registers anything: its name (which explicit AZ names must
// start with, and which the gateway endpoint service names contain) and the
// AZs it has available, in the order AWS lists them.
type awsRegion struct {
	Name  string
	Zones []string
}

// known reports whether the region has been looked up; the zero awsRegion
// stands for "not known yet" (see NetworkArgs.Validate).
func (r awsRegion) known() bool { return r.Name != "" }

// String names the region in validation messages.
func (r awsRegion) String() string {
	if !r.known() {
		return "any region"
	}
	return "region " + r.Name
}

// lookupRegion asks the AWS provider the component's children will use for
// its region and standard AZs. It runs before the component is registered
// (so that validation can use the answer), which is why it forwards the
// caller's parent and AWS provider explicitly: a network deployed through a
// provider for another region must see that region.
func lookupRegion(ctx *pulumi.Context, opts []pulumi.ResourceOption) (awsRegion, error) {
	invokeOpts, err := lookupOptions(opts)
	if err != nil {
		return awsRegion{}, err
	}
	region, err := aws.GetRegion(ctx, nil, invokeOpts...)
	if err != nil {
		return awsRegion{}, err
	}
	// Every standard AZ of the region, whatever its momentary state: with a
	// state filter an impaired AZ would drop out of the list, the AZs after
	// it would move up a position, and their subnets (whose CIDRs follow the
	// position) would be replaced on the next `pulumi up`. Local and
	// Wavelength Zones (opt-in) are left out.
	zones, err := aws.GetAvailabilityZones(ctx, &aws.GetAvailabilityZonesArgs{
		Filters: []aws.GetAvailabilityZonesFilter{{Name: "opt-in-status", Values: []string{"opt-in-not-required"}}},
	}, invokeOpts...)
	if err != nil {
		return awsRegion{}, err
	}
	return awsRegion{Name: region.Name, Zones: zones.Names}, nil
}

// lookupAccount asks the same provider as lookupRegion for the account the
// network deploys to, which the interface endpoints' policy admits.
func lookupAccount(ctx *pulumi.Context, opts []pulumi.ResourceOption) (string, error) {
	invokeOpts, err := lookupOptions(opts)
	if err != nil {
		return "", err
	}
	identity, err := aws.GetCallerIdentity(ctx, nil, invokeOpts...)
	if err != nil {
		return "", err
	}
	return identity.AccountId, nil
}

// lookupOptions turns the component's resource options into the invoke
// options that pick the same AWS provider: the parent (whose providers the
// component inherits) and any AWS provider given with pulumi.Provider or
// pulumi.Providers.
func lookupOptions(opts []pulumi.ResourceOption) ([]pulumi.InvokeOption, error) {
	resolved, err := pulumi.NewResourceOptions(opts...)
	if err != nil {
		return nil, err
	}
	var out []pulumi.InvokeOption
	if resolved.Parent != nil {
		out = append(out, pulumi.Parent(resolved.Parent))
	}
	for _, p := range append(resolved.Providers, resolved.Provider) {
		if provider, ok := p.(*aws.Provider); ok {
			out = append(out, pulumi.Provider(provider))
		}
	}
	return out, nil
}
