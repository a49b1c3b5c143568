package network

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// NATMode says how the private subnets reach the internet. It is a growth
// knob: moving none -> single -> per-az only adds NAT gateways and points
// private routes at them; it never replaces a subnet or an existing gateway.
type NATMode string

const (
	// NATNone creates no NAT gateway: private subnets have no internet
	// egress (they still reach S3 and DynamoDB through gateway endpoints).
	NATNone NATMode = "none"
	// NATSingle creates one NAT gateway in the first AZ, shared by all
	// private subnets: cheapest egress, but an outage of that AZ cuts egress
	// for every AZ.
	NATSingle NATMode = "single"
	// NATPerAZ creates one NAT gateway per AZ, each private subnet using the
	// one in its own AZ: no cross-AZ dependency and no cross-AZ data charges.
	NATPerAZ NATMode = "per-az"
)

// MaxAZs is the most Availability Zones a Network spans. The CIDR layout
// (see SubnetCIDR) reserves a block for each of them from the start, which is
// what lets a network grow to more AZs without renumbering any subnet.
const MaxAZs = 6

// NetworkArgs configures a Network. Every field is optional; WithDefaults
// applies the defaults documented on each field.
type NetworkArgs struct {
	// CIDR is the VPC's IPv4 range. Default "10.0.0.0/16". Allowed: a network
	// address (no host bits set) in RFC 1918 private space (10.0.0.0/8,
	// 172.16.0.0/12, 192.168.0.0/16) with a prefix from /16 to /22. It can
	// never change after creation: choose one that does not overlap networks
	// you may peer with later.
	CIDR string
	// AZCount is how many Availability Zones the network spans. Default 2,
	// allowed 1 to 6 (and at most the AZs the region has).
	// Ignored when AvailabilityZones is set. Raising it adds AZs at the end.
	AZCount int
	// AvailabilityZones optionally names the AZs explicitly, in position
	// order ("us-east-1a", "us-east-1b"). Allowed: 1 to 6 unique names, each
	// the region's name followed by one letter. Default: the first AZCount
	// standard AZs of the region in the order AWS lists them (whatever their
	// momentary state, so the list, and the subnet positions, stay put).
	// Append new AZs at the end; reordering moves subnets between positions.
	AvailabilityZones []string
	// NAT is how private subnets reach the internet. Default NATNone.
	NAT NATMode
	// InterfaceEndpoints are the AWS services the VPC reaches through
	// interface endpoints (AWS PrivateLink), by the last part of the
	// service name: "secretsmanager" for com.amazonaws.<region>.secretsmanager.
	// Each has private DNS on, so the service's usual host name resolves to
	// the endpoint everywhere in the VPC: clients need no setting, and
	// subnets without an internet route (the database tier; the private
	// tier without NAT) reach the service. Default none. Allowed: lower-case
	// letters, digits, dots and hyphens, each service once, not "s3" or
	// "dynamodb" (the network reaches those through free gateway
	// endpoints). Each endpoint is billed per hour in each of its AZs
	// (InterfaceEndpointAZCount). Removing one makes its service's name
	// resolve to the public endpoint again.
	InterfaceEndpoints []string
	// InterfaceEndpointAZCount is how many AZs each interface endpoint has a
	// network interface in: the private subnets of the first N AZs. Default
	// 1; 1 to the network's AZ count. An endpoint in one AZ serves the whole
	// VPC but fails with that AZ; raising the count adds subnets to the
	// endpoints in place.
	InterfaceEndpointAZCount int
	// FlowLogRetentionDays is how long VPC flow logs are kept in CloudWatch
	// Logs. Default 365. Allowed: one of the retention periods CloudWatch
	// accepts (validate.LogRetentionDays); "never expire" is not offered.
	FlowLogRetentionDays int
	// ExistingKMSKeyARN is a customer-managed KMS key of your own that
	// encrypts the flow-log group. Default nil: CloudWatch Logs' own
	// encryption. Allowed: the key ARN (not an alias: CloudWatch Logs
	// keeps a group's key as its key ARN) of a key in the network's
	// region whose key policy lets logs.<region>.amazonaws.com use it
	// (kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*,
	// kms:Describe*) for the group (CloudWatch Logs user guide, "Encrypt log
	// data in CloudWatch Logs using AWS KMS"): without it the log group
	// cannot be created. Changing it re-associates the key in place.
	//
	// The VPC and subnets themselves are what the other components take
	// (VpcID, SubnetIDs): a network of your own needs no Network. Adding
	// this component's tiers to a VPC of your own is not offered: its
	// subnet layout owns the VPC's whole range.
	ExistingKMSKeyARN pulumi.StringInput
	// Tags are added to every taggable child, together with a Name tag
	// naming the child and, on subnets, a Tier tag (both take precedence
	// over the same keys here).
	Tags map[string]string
}

// DefaultCIDR is NetworkArgs.CIDR when unset.
const DefaultCIDR = "10.0.0.0/16"

// Defaults applied by WithDefaults.
const (
	defaultAZCount              = 2
	defaultNAT                  = NATNone
	defaultFlowLogRetentionDays = 365
)

// WithDefaults returns a copy of a with every unset field given its documented default.
func (a NetworkArgs) WithDefaults() NetworkArgs {
	if a.CIDR == "" {
		a.CIDR = DefaultCIDR
	}
	if a.AZCount == 0 {
		a.AZCount = defaultAZCount
	}
	if a.NAT == "" {
		a.NAT = defaultNAT
	}
	if a.FlowLogRetentionDays == 0 {
		a.FlowLogRetentionDays = defaultFlowLogRetentionDays
	}
	if a.InterfaceEndpointAZCount == 0 {
		a.InterfaceEndpointAZCount = 1
	}
	return a
}

// Validate reports every problem with a (and name, the component's) that can
// be found without asking AWS, so that stage programs can check their settings before anything is
// registered. NewNetwork runs the same checks plus two that need the region
// it deploys to: explicit AZ names must belong to it, and AZCount must not
// exceed the AZs it has available.
func (a NetworkArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("network", name), a.WithDefaults().validate(name, awsRegion{}))
}

// ValidateIn reports every problem NewNetwork would, the region-dependent
// ones included: it asks AWS (through the provider opts select, as
// NewNetwork does) for the region and its AZs, which registers nothing.
func (a NetworkArgs) ValidateIn(ctx *pulumi.Context, name string, opts ...pulumi.ResourceOption) error {
	region, err := lookupRegion(ctx, opts)
	if err != nil {
		return err
	}
	return errors.Join(validate.ComponentName("network", name), a.WithDefaults().validate(name, region))
}

// validate reports every problem with a (after WithDefaults) at once. region
// is the region the network deploys to, or the zero awsRegion when it is not
// known yet (then the region-dependent checks are left out).
func (a NetworkArgs) validate(name string, region awsRegion) error {
	p := validate.For("network", name)
	cidr := map[string]validate.Check{}
	for _, rule := range vpcCIDRRules {
		cidr[rule] = p.Allows("CIDR", rule)
	}
	if _, problem, rule := parseVPCCIDR(a.CIDR); problem != "" {
		cidr[rule].Refuse("%s", problem)
	}
	if len(a.AvailabilityZones) == 0 {
		validateAZCount(p, a.AZCount, region)
	} else {
		validateZoneNames(p, a.AvailabilityZones, region)
	}
	validate.OneOf(p, "NAT", a.NAT, NATNone, NATSingle, NATPerAZ)
	a.validateInterfaceEndpoints(p)
	p.LogRetention("FlowLogRetentionDays", a.FlowLogRetentionDays)
	p.KeyARN("ExistingKMSKeyARN", a.ExistingKMSKeyARN, region.Name)
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// serviceNamePart is the last part of an AWS service's endpoint name
// ("secretsmanager", "ecr.api", "execute-api").
var serviceNamePart = regexp.MustCompile(`^[a-z0-9]+([.-][a-z0-9]+)*$`)

// validateInterfaceEndpoints checks the services and how many AZs their
// endpoints span: at most as many as the network has.
func (a NetworkArgs) validateInterfaceEndpoints(p *validate.Problems) {
	names := p.Allows("InterfaceEndpoints", `the last part of com.amazonaws.<region>.<service>, such as "secretsmanager"`)
	gateway := p.Allows("InterfaceEndpoints", fmt.Sprintf("services other than %s (the network's free gateway endpoints reach them)", strings.Join(gatewayServices, " and ")))
	once := p.Allows("InterfaceEndpoints", "each service once")
	seen := map[string]bool{}
	for _, service := range a.InterfaceEndpoints {
		switch {
		case !serviceNamePart.MatchString(service) || strings.HasPrefix(service, "com.amazonaws."):
			names.Refuse("%q is not an AWS service's endpoint name", service)
		case slices.Contains(gatewayServices, service):
			gateway.Refuse("%q is reached through the network's free gateway endpoint already", service)
		case seen[service]:
			once.Refuse("%q is listed twice", service)
		}
		seen[service] = true
	}
	azs := a.AZCount
	if len(a.AvailabilityZones) > 0 {
		azs = len(a.AvailabilityZones)
	}
	p.Allows("InterfaceEndpointAZCount", "1 to the network's number of AZs").
		RefuseIf(a.InterfaceEndpointAZCount < 1 || a.InterfaceEndpointAZCount > max(azs, 1), "%d is out of range for the network's %d AZs", a.InterfaceEndpointAZCount, azs)
}

// validateAZCount checks AZCount against the layout's limit and, when the
// region is known, against the AZs it actually has.
func validateAZCount(p *validate.Problems, count int, region awsRegion) {
	p.IntRange("AZCount", count, 1, MaxAZs)
	available := len(region.Zones)
	p.Allows("AZCount", "at most the Availability Zones available in the region").
		RefuseIf(region.known() && count <= MaxAZs && count > available, "%d exceeds the %d Availability Zones available in %s (%s)",
			count, available, region.Name, strings.Join(region.Zones, ", "))
}

// anyZone matches an Availability Zone name in any region: a region name
// ("us-east-1") followed by one letter.
var anyZone = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+[a-z]$`)

// validateZoneNames checks explicit AZ names: how many, no repeats, and each
// one an AZ of region (the region's name followed by one letter), or of
// any region when region is not known.
func validateZoneNames(p *validate.Problems, zones []string, region awsRegion) {
	p.Allows("AvailabilityZones", fmt.Sprintf("1 to %d zones", MaxAZs)).
		RefuseIf(len(zones) > MaxAZs, "lists %d zones", len(zones))
	pattern, allowed := anyZone, `a region name followed by one letter, such as "us-east-1a"`
	if region.known() {
		pattern = regexp.MustCompile(`^` + regexp.QuoteMeta(region.Name) + `[a-z]$`)
		allowed = fmt.Sprintf("%q followed by one letter, such as %q", region.Name, region.Name+"a")
	}
	names := p.Allows("AvailabilityZones", allowed)
	once := p.Allows("AvailabilityZones", "each zone once")
	seen := map[string]bool{}
	for _, zone := range zones {
		names.RefuseIf(!pattern.MatchString(zone), "%q is not an Availability Zone of %s", zone, region)
		once.RefuseIf(seen[zone], "%q is listed twice", zone)
		seen[zone] = true
	}
}

// zones returns the AZs the network spans, in position order: the explicit
// list, or the first AZCount of the region's available AZs. Call it only
// after validate succeeded.
func (a NetworkArgs) zones(region awsRegion) []string {
	if len(a.AvailabilityZones) > 0 {
		return append([]string(nil), a.AvailabilityZones...)
	}
	return append([]string(nil), region.Zones[:a.AZCount]...)
}
