package dns

import (
	"errors"
	"sort"
	"strings"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// RecordsType is the Records component's type token.
const RecordsType = "millionstack:dns:Records"

// Records are the DNS records that point a stage's names at its entry point.
//
// Its children are the escape hatch: read their outputs or depend on them.
// To change an input the component sets, give NewRecords a transform,
// which the engine applies to the children as they register:
//
//	pulumi.Transforms([]pulumi.ResourceTransform{func(_ context.Context, r *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult { ... }})
type Records struct {
	pulumi.ResourceState

	// FQDNs are the records' fully qualified names, one per record in the
	// order of RecordsArgs.Records ("example.com", "www.example.com").
	FQDNs []string
	// HealthCheckIDs are the health checks' IDs, by their key in
	// RecordsArgs.HealthChecks.
	HealthCheckIDs map[string]pulumi.StringOutput

	// Route53Records are the records, by their logical name
	// (`<name>-<label or "apex">-<type>[-<set identifier>]`).
	Route53Records map[string]*route53.Record
	// HealthChecks are the health checks, by their key in
	// RecordsArgs.HealthChecks.
	HealthChecks map[string]*route53.HealthCheck
}

// valueTTL is the TTL of records with Values: short enough that moving to a
// new address (the next stage's load balancer) takes effect within minutes.
const valueTTL = 300

// NewRecords creates one Route 53 health check per args.HealthChecks,
// `<name>-<key>`, and one record per args.Records, each named `<name>-<label
// or "apex">-<type in lower case>`, and a routed one `...-<set identifier>`,
// so that its identity never depends on its position or its target. It
// validates args before it registers anything.
func NewRecords(ctx *pulumi.Context, name string, args RecordsArgs, opts ...pulumi.ResourceOption) (*Records, error) {
	args = args.WithDefaults()
	if err := errors.Join(validate.ComponentName("dns", name), args.validate(name)); err != nil {
		return nil, err
	}
	records := &Records{}
	if err := ctx.RegisterComponentResource(RecordsType, name, records, opts...); err != nil {
		return nil, err
	}
	records.HealthCheckIDs = map[string]pulumi.StringOutput{}
	records.HealthChecks = map[string]*route53.HealthCheck{}
	records.Route53Records = map[string]*route53.Record{}
	for _, key := range validate.Keys(args.HealthChecks) {
		check, err := newHealthCheck(ctx, name+"-"+key, args.HealthChecks[key], args.Tags, pulumi.Parent(records))
		if err != nil {
			return nil, err
		}
		records.HealthChecks[key] = check
		records.HealthCheckIDs[key] = check.ID().ToStringOutput()
	}
	// Records first, then the aliases to them (Alias.Record).
	created := map[string][]pulumi.Resource{} // Name+" "+Type -> its records
	ordered := append([]Record{}, args.Records...)
	sort.SliceStable(ordered, func(i, j int) bool {
		return !isRecordAlias(ordered[i]) && isRecordAlias(ordered[j])
	})
	for _, r := range ordered {
		fqdn := args.Domain
		label := "apex"
		if r.Name != "" {
			fqdn = r.Name + "." + args.Domain
			label = r.Name
		}
		recordArgs := &route53.RecordArgs{
			ZoneId: args.ZoneID,
			Name:   pulumi.String(fqdn),
			Type:   pulumi.String(string(r.Type)),
		}
		opts := []pulumi.ResourceOption{pulumi.Parent(records)}
		if r.Alias != nil {
			target, zone := r.Alias.DNSName, r.Alias.ZoneID
			if isRecordAlias(r) {
				target, zone = pulumi.String(r.Alias.Record+"."+args.Domain), args.ZoneID
				opts = append(opts, pulumi.DependsOn(created[r.Alias.Record+" "+string(r.Type)]))
			}
			recordArgs.Aliases = route53.RecordAliasArray{&route53.RecordAliasArgs{
				Name:                 target,
				ZoneId:               zone,
				EvaluateTargetHealth: pulumi.Bool(r.Alias.EvaluateTargetHealth),
			}}
		} else {
			recordArgs.Records = r.Values
			recordArgs.Ttl = pulumi.Int(valueTTL)
		}
		if r.LatencyRegion != "" {
			recordArgs.SetIdentifier = pulumi.String(r.SetIdentifier)
			recordArgs.LatencyRoutingPolicies = route53.RecordLatencyRoutingPolicyArray{
				&route53.RecordLatencyRoutingPolicyArgs{Region: pulumi.String(r.LatencyRegion)},
			}
		}
		if r.HealthCheck != "" {
			recordArgs.HealthCheckId = records.HealthCheckIDs[r.HealthCheck]
		}
		childName := name + "-" + label + "-" + strings.ToLower(string(r.Type))
		if r.SetIdentifier != "" {
			childName += "-" + r.SetIdentifier
		}
		record, err := route53.NewRecord(ctx, childName, recordArgs, opts...)
		if err != nil {
			return nil, err
		}
		created[r.Name+" "+string(r.Type)] = append(created[r.Name+" "+string(r.Type)], record)
		records.Route53Records[childName] = record
	}
	for _, r := range args.Records {
		fqdn := args.Domain
		if r.Name != "" {
			fqdn = r.Name + "." + args.Domain
		}
		records.FQDNs = append(records.FQDNs, fqdn)
	}
	ids := pulumi.StringMap{}
	for key, id := range records.HealthCheckIDs {
		ids[key] = id
	}
	return records, ctx.RegisterResourceOutputs(records, pulumi.Map{
		"fqdns":          pulumi.ToStringArray(records.FQDNs),
		"healthCheckIds": ids,
	})
}

// isRecordAlias reports whether r is an alias to records of its own zone
// named by Alias.Record.
func isRecordAlias(r Record) bool { return r.Alias != nil && r.Alias.Record != "" }

// newHealthCheck creates the health check called name.
// SNI is on over HTTPS, so that an endpoint serving several certificates
// answers with the one for FQDN; latency measurement, string matching and
// inversion are off (each an optional feature priced on top); Route 53's
// default checker regions check it.
func newHealthCheck(ctx *pulumi.Context, name string, hc HealthCheck, tags map[string]string, opts ...pulumi.ResourceOption) (*route53.HealthCheck, error) {
	return route53.NewHealthCheck(ctx, name, &route53.HealthCheckArgs{
		Type:             pulumi.String(string(hc.Protocol)),
		Fqdn:             hc.FQDN,
		Port:             pulumi.Int(hc.Port),
		ResourcePath:     pulumi.String(hc.Path),
		FailureThreshold: pulumi.Int(hc.FailureThreshold),
		RequestInterval:  pulumi.Int(hc.RequestIntervalSeconds),
		EnableSni:        pulumi.Bool(hc.Protocol == HealthCheckHTTPS),
		MeasureLatency:   pulumi.Bool(false),
		Tags:             tagging.Named(name, tags),
	}, opts...)
}
