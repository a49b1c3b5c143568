package stages

import (
	"fmt"
	"regexp"

	"github.com/millionstack/millionstack/components/accesslogs"
	"github.com/millionstack/millionstack/components/network"
	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The second region (stage 10m): its provider, the network there and the
// access-log bucket its buckets log into. (Written minimal in the data
// branch so that the data tier can be built and tested; the region branch
// builds the same pieces under the same names.)

// SecondarySettings describe the stage's second region.
type SecondarySettings struct {
	// Region is the second region (config secondaryRegion): not the
	// stack's, with at least three AZs. Changing it on a live stack
	// replaces everything in the second region (the provider's region
	// changes, which replaces the provider and what it manages).
	Region string
	// Network is the second region's VPC: the primary's layout in another
	// address range, so that the two can be peered.
	Network network.NetworkArgs
}

// DefaultSecondaryRegion is the second region unless config says otherwise.
const DefaultSecondaryRegion = "us-west-2"

// Logical names of the second region's pieces: the primary's name plus
// "-secondary"; the provider's has no region in it (awsprovider.ForStack).
const (
	secondaryName           = "secondary"
	secondaryNetworkName    = networkName + "-" + secondaryName
	secondaryAccessLogsName = accessLogsName + "-" + secondaryName
)

// regionName matches AWS region names such as "us-west-2".
var regionName = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)

// newSecondary returns the provider of the stage's second region, nil when
// the stage has none. It is registered before the checking pass, which
// asks it for the second region's AZs (a component placed there is
// validated against them); a second region equal to the stack's, or not a
// region name, is refused first, with nothing registered.
func newSecondary(ctx *pulumi.Context, s Settings, region string) (*aws.Provider, error) {
	if s.Secondary == nil {
		return nil, nil
	}
	p := validate.For("config")
	switch r := s.Secondary.Region; {
	case !regionName.MatchString(r):
		p.Addf("millionstack:secondaryRegion", "%q is not an AWS region; allowed: a region name such as %q", r, DefaultSecondaryRegion)
	case r == region:
		p.Addf("millionstack:secondaryRegion", "%q is the stack's region; allowed: another region, so that the stack outlives the loss of %s", r, region)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return awsprovider.ForStack(ctx, secondaryName, s.Secondary.Region)
}

// inSecondary are the options of a component of the second region.
func (b *builder) inSecondary() pulumi.ResourceOption { return pulumi.Provider(b.secondary) }

// secondaryAccessLogs creates the second region's access-log bucket: S3
// server access logs go to a bucket of the source bucket's region.
func (b *builder) secondaryAccessLogs() error {
	if b.secondary == nil {
		return nil
	}
	args := accesslogs.BucketArgs{Tags: b.tags()}
	return b.create(args, func() (err error) {
		b.secondaryLogs, err = accesslogs.NewBucket(b.ctx, secondaryAccessLogsName, args, b.inSecondary())
		return err
	}, func() { b.secondaryLogs = placeholder[accesslogs.Bucket]() })
}

// secondaryNetwork lays out the second region's VPC, checked against that
// region's AZs.
func (b *builder) secondaryNetwork() error {
	if b.secondary == nil {
		return nil
	}
	args := b.s.Secondary.Network
	args.Tags = b.tags()
	return b.create(networkIn{b.ctx, args, []pulumi.ResourceOption{b.inSecondary()}}, func() (err error) {
		b.secondaryNet, err = network.NewNetwork(b.ctx, secondaryNetworkName, args, b.inSecondary())
		return err
	}, func() {
		b.secondaryNet = placeholder[network.Network]()
		b.secondaryNet.AvailabilityZones = placeholderZones(b.s.Secondary.Region, args)
	})
}

// networkIn checks network args against the AZs of the region opts select.
type networkIn struct {
	ctx  *pulumi.Context
	args network.NetworkArgs
	opts []pulumi.ResourceOption
}

func (c networkIn) Validate() error {
	if err := c.args.ValidateIn(c.ctx, c.opts...); err != nil {
		return fmt.Errorf("%s: %w", secondaryNetworkName, err)
	}
	return nil
}

// placeholderZones are the AZ names a network's placeholder stands on in
// the checking pass: as many as it will have, named like the region's.
func placeholderZones(region string, args network.NetworkArgs) []string {
	if len(args.AvailabilityZones) > 0 {
		return args.AvailabilityZones
	}
	count := args.AZCount
	if count == 0 {
		count = 2 // network's default
	}
	var zones []string
	for i := 0; i < count && i < 26; i++ {
		zones = append(zones, region+string(rune('a'+i)))
	}
	return zones
}

// secondaryAppSecurityGroups are the security groups of whatever runs the
// app in the second region, which the data stores there admit. The region
// branch's web and app tiers go here; until then nothing is admitted.
func (b *builder) secondaryAppSecurityGroups() map[string]pulumi.StringInput {
	return map[string]pulumi.StringInput{}
}
