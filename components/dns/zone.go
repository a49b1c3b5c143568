package dns

import (
	"errors"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ZoneType is the Zone component's type token.
const ZoneType = "millionstack:dns:Zone"

// Zone is the public Route 53 hosted zone of a domain: found when the
// domain was registered with Route 53 (which creates the zone), or created
// for a domain registered elsewhere. A zone of your own is used by its ID
// wherever a zone is taken (CertificateArgs.ZoneID, RecordsArgs.ZoneID):
// without Create, Zone only looks it up by its domain.
//
// HostedZone is the escape hatch of a created zone. To change an input
// the component sets, give NewZone a transform, which the engine applies
// to the children as they register:
//
//	pulumi.Transforms([]pulumi.ResourceTransform{func(_ context.Context, r *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult { ... }})
type Zone struct {
	pulumi.ResourceState

	// Domain is the zone's domain name, without a trailing dot.
	Domain string
	// ZoneID is the hosted zone ID, for certificates and records.
	ZoneID pulumi.StringOutput `pulumi:"zoneId"`
	// NameServers are the zone's name servers: when the zone was created,
	// set them as the domain's name servers at its registrar.
	NameServers pulumi.StringArrayOutput `pulumi:"nameServers"`

	// HostedZone is the zone `<name>` when Create made it; nil when it was
	// looked up.
	HostedZone *route53.Zone
}

// NewZone finds or creates (args.Create) the public hosted zone of
// args.Domain, and logs the DNS queries of a zone it creates (queryLogging).
// It validates args before it registers anything.
func NewZone(ctx *pulumi.Context, name string, args ZoneArgs, opts ...pulumi.ResourceOption) (*Zone, error) {
	args = args.WithDefaults()
	if err := errors.Join(validate.ComponentName("dns", name), args.validate(name)); err != nil {
		return nil, err
	}
	zone := &Zone{Domain: args.Domain}
	if err := ctx.RegisterComponentResource(ZoneType, name, zone, opts...); err != nil {
		return nil, err
	}
	if args.Create {
		created, err := route53.NewZone(ctx, name, &route53.ZoneArgs{
			Name:    pulumi.String(args.Domain),
			Comment: pulumi.String("Public zone of " + args.Domain + ", managed by millionstack"),
			Tags:    tagging.Named(name, args.Tags),
		}, pulumi.Parent(zone))
		if err != nil {
			return nil, err
		}
		zone.HostedZone = created
		zone.ZoneID = created.ZoneId
		zone.NameServers = created.NameServers
		if err := queryLogging(ctx, zone, name, args, created); err != nil {
			return nil, err
		}
	} else {
		privateZone := false
		found, err := route53.LookupZone(ctx, &route53.LookupZoneArgs{
			Name:        &args.Domain,
			PrivateZone: &privateZone,
		}, pulumi.Parent(zone))
		if err != nil {
			return nil, err
		}
		zone.ZoneID = pulumi.String(found.ZoneId).ToStringOutput()
		zone.NameServers = pulumi.ToStringArray(found.NameServers).ToStringArrayOutput()
	}
	return zone, ctx.RegisterResourceOutputs(zone, pulumi.Map{
		"domain":      pulumi.String(zone.Domain),
		"zoneId":      zone.ZoneID,
		"nameServers": zone.NameServers,
	})
}
