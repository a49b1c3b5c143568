package dns_test

import (
	"testing"

	"github.com/millionstack/millionstack/components/dns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A zone of the user's is taken by ID, in either form Route 53 writes it;
// a name or anything else is refused before anything is registered.
func TestZoneIDsOfTheUsers(t *testing.T) {
	for _, id := range []string{"Z0123456789ABCDEFGHIJ", "/hostedzone/Z1D633PJN98FT9"} {
		inv := run(t, nil, func(ctx *pulumi.Context) error {
			_, err := dns.NewRecords(ctx, "dns", dns.RecordsArgs{ZoneID: pulumi.String(id), Domain: "example.com",
				Records: []dns.Record{{Values: pulumi.ToStringArray([]string{"203.0.113.10"})}}})
			return err
		})
		assert.Len(t, inv.ByType(record), 1, id)
	}
	expectInvalid(t, func(ctx *pulumi.Context) error {
		_, err := dns.NewRecords(ctx, "dns", dns.RecordsArgs{ZoneID: pulumi.String("example.com"), Domain: "example.com",
			Records: []dns.Record{{Values: pulumi.ToStringArray([]string{"203.0.113.10"})}}})
		return err
	}, `dns "dns": ZoneID: "example.com" is not a hosted zone ID`)
	expectInvalid(t, func(ctx *pulumi.Context) error {
		_, err := dns.NewCertificate(ctx, "cert", dns.CertificateArgs{ZoneID: pulumi.String("zone-1"), Domain: "example.com"})
		return err
	}, `dns "cert": ZoneID: "zone-1" is not a hosted zone ID`)
}

// The children are exposed: a created zone, the certificate and its
// validation, the records and health checks by name.
func TestChildrenAreExposed(t *testing.T) {
	var created, found *dns.Zone
	var cert *dns.Certificate
	var records *dns.Records
	run(t, nil, func(ctx *pulumi.Context) error {
		var err error
		if created, err = dns.NewZone(ctx, "zone", dns.ZoneArgs{Domain: "example.com", Create: true}); err != nil {
			return err
		}
		if found, err = dns.NewZone(ctx, "found", dns.ZoneArgs{Domain: "example.org"}); err != nil {
			return err
		}
		if cert, err = dns.NewCertificate(ctx, "cert", dns.CertificateArgs{ZoneID: created.ZoneID, Domain: "example.com"}); err != nil {
			return err
		}
		records, err = dns.NewRecords(ctx, "dns", dns.RecordsArgs{
			ZoneID: created.ZoneID, Domain: "example.com",
			Records: []dns.Record{
				{Name: "origin", LatencyRegion: "us-east-1", SetIdentifier: "us-east-1", HealthCheck: "us-east-1",
					Alias: &dns.Alias{DNSName: pulumi.String("web.elb.amazonaws.com"), ZoneID: pulumi.String("Z35SXDOTRQ7X7K")}},
			},
			HealthChecks: map[string]dns.HealthCheck{"us-east-1": {FQDN: pulumi.String("web.elb.amazonaws.com")}},
		})
		return err
	})
	require.NotNil(t, created.HostedZone)
	assert.Nil(t, found.HostedZone, "a looked-up zone is not the component's")
	require.NotNil(t, cert.Certificate)
	require.NotNil(t, cert.Validation)
	assert.Equal(t, await(t, capture[string](cert.ARN)), await(t, capture[string](cert.Validation.CertificateArn)))
	require.Contains(t, records.Route53Records, "dns-origin-a-us-east-1")
	require.Contains(t, records.HealthChecks, "us-east-1")
	assert.Equal(t, await(t, capture[string](records.HealthCheckIDs["us-east-1"])), await(t, capture[string](records.HealthChecks["us-east-1"].ID().ToStringOutput())))
}
