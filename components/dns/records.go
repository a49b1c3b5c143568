package dns

import (
	"errors"
	"strings"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Records are the DNS records that point a stage's names at its entry point.
type Records struct {
	pulumi.ResourceState

	// FQDNs are the records' fully qualified names, one per record in the
	// order of RecordsArgs.Records ("example.com", "www.example.com").
	FQDNs []string
}

// valueTTL is the TTL of records with Values: short enough that moving to a
// new address (the next stage's load balancer) takes effect within minutes.
const valueTTL = 300

// NewRecords creates one Route 53 record per args.Records, each named
// `<name>-<label or "apex">-<type in lower case>` so that its identity never
// depends on its position or its target. It validates args before it
// registers anything.
func NewRecords(ctx *pulumi.Context, name string, args RecordsArgs, opts ...pulumi.ResourceOption) (*Records, error) {
	args = args.withDefaults()
	if err := errors.Join(validate.ComponentName("dns", name), args.validate()); err != nil {
		return nil, err
	}
	records := &Records{}
	if err := ctx.RegisterComponentResource("millionstack:dns:Records", name, records, opts...); err != nil {
		return nil, err
	}
	for _, r := range args.Records {
		fqdn := args.Domain
		label := "apex"
		if r.Name != "" {
			fqdn = r.Name + "." + args.Domain
			label = r.Name
		}
		recordArgs := &route53.RecordArgs{
			ZoneId: args.ZoneID,
			Name:   pulumi.String(fqdn),
			Type:   pulumi.String(r.Type),
		}
		if r.Alias != nil {
			recordArgs.Aliases = route53.RecordAliasArray{&route53.RecordAliasArgs{
				Name:                 r.Alias.DNSName,
				ZoneId:               r.Alias.ZoneID,
				EvaluateTargetHealth: pulumi.Bool(r.Alias.EvaluateTargetHealth),
			}}
		} else {
			recordArgs.Records = r.Values
			recordArgs.Ttl = pulumi.Int(valueTTL)
		}
		childName := name + "-" + label + "-" + strings.ToLower(r.Type)
		if _, err := route53.NewRecord(ctx, childName, recordArgs, pulumi.Parent(records)); err != nil {
			return nil, err
		}
		records.FQDNs = append(records.FQDNs, fqdn)
	}
	return records, ctx.RegisterResourceOutputs(records, pulumi.Map{
		"fqdns": pulumi.ToStringArray(records.FQDNs),
	})
}
