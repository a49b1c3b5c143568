package dns_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/dns"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A domain registered with Route 53 (the zone is looked up by its name), a
// certificate for it and its subdomains proven through that zone, and the
// apex pointed at a load balancer of yours.
func Example() {
	program := func(ctx *pulumi.Context) error {
		zone, err := dns.NewZone(ctx, "zone", dns.ZoneArgs{Domain: "example.com"})
		if err != nil {
			return err
		}
		cert, err := dns.NewCertificate(ctx, "cert", dns.CertificateArgs{
			ZoneID: zone.ZoneID, Domain: "example.com", AlternativeNames: []string{"*.example.com"},
		})
		if err != nil {
			return err
		}
		_, err = dns.NewRecords(ctx, "dns", dns.RecordsArgs{
			ZoneID: zone.ZoneID, Domain: "example.com",
			Records: []dns.Record{{Alias: &dns.Alias{
				DNSName:              pulumi.String("web-123456789.us-east-1.elb.amazonaws.com"),
				ZoneID:               pulumi.String("Z35SXDOTRQ7X7K"),
				EvaluateTargetHealth: true,
			}}},
		})
		ctx.Export("certificateArn", cert.ARN)
		return err
	}
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	apex, _ := inv.Named("aws:route53/record:Record", "dns-apex-a")
	fmt.Println("validation records:", len(inv.ByType("aws:route53/record:Record"))-1)
	fmt.Println("apex:", apex.String("name"), "->", apex.String("aliases[0].name"))
	// Output:
	// validation records: 1
	// apex: example.com -> web-123456789.us-east-1.elb.amazonaws.com
}
