package stages

import (
	"fmt"

	"github.com/millionstack/millionstack/components/accesslogs"
	"github.com/millionstack/millionstack/components/appconfig"
	"github.com/millionstack/millionstack/components/cache"
	"github.com/millionstack/millionstack/components/container"
	"github.com/millionstack/millionstack/components/dns"
	"github.com/millionstack/millionstack/components/firewall"
	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/components/network"
	"github.com/millionstack/millionstack/components/webtier"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The second region (10m). One stack spans both regions: the stack's own
// region keeps everything it had, on the default provider, and the second
// region gets the same network layout, web tier, app tier and cache, with
// the same settings, through one explicit provider ("secondary", made with
// the stack's aws:* settings: internal/awsprovider.ForRegion). Each
// component there is named like its counterpart plus secondarySuffix.
//
// What the app of each region is told (SSM is regional: each region's app
// reads the parameters of its own region, under the same path): its own
// region's cache and app tier, and the databases' writers, which stay in
// the stack's region; reads go to replicas in the second region where the
// data tier has them.
//
// No AWS Backup plan runs in the second region: its data stores are copies
// of the first region's (read replicas, global database secondaries, table
// replicas, a replicated bucket), which the first region's plan backs up
// and, from 500k, copies to a vault in a second region already. A region
// that is promoted after an outage gets the plan's tag on its stores then.

// secondaryProviderName is the logical name of the second region's
// provider: its role, not its region (awsprovider.ForRegion says why).
const secondaryProviderName = "secondary"

// secondarySuffix ends the logical name of every component in the second
// region: `network-secondary`, `web-secondary`.
const secondarySuffix = "-secondary"

// peeringName is the logical name of the peering between the two regions.
const peeringName = "peering"

// secondaryName is the logical name of the second region's counterpart of
// the component called name.
func secondaryName(name string) string { return name + secondarySuffix }

// inSecondary puts a component in the second region.
func (b *builder) inSecondary() pulumi.ResourceOption { return pulumi.Provider(b.secondary) }

// checkSecondary refuses a second region that is none, or the stack's own,
// and a second network range that overlaps the first: before anything is
// registered, since both are needed to make the second region's provider
// and to lay out its network.
func checkSecondary(s Settings, region string) error {
	if s.Secondary == nil {
		return nil
	}
	p := validate.In("config")
	key := configNamespace + "secondaryRegion"
	switch {
	case !validate.IsRegion(s.Secondary.Region):
		p.Region(key, s.Secondary.Region)
	case s.Secondary.Region == region:
		p.Addf(key, "%q is the stack's region (aws:region); allowed: another region, such as %q, so that the stage outlives the loss of %s", s.Secondary.Region, otherRegion(region), region)
	}
	primary := network.DefaultCIDR
	if s.Network != nil && s.Network.CIDR != "" {
		primary = s.Network.CIDR
	}
	if network.Overlaps(primary, s.Secondary.CIDR) {
		p.Addf(configNamespace+"secondaryVpcCidr", "%q overlaps the stack's VPC range %s; allowed: a range of its own, such as %q", s.Secondary.CIDR, primary, DefaultSecondaryCIDR)
	}
	return p.Err()
}

// otherRegion suggests a second region for a stack in region.
func otherRegion(region string) string {
	if region == DefaultSecondaryRegion {
		return "us-east-2"
	}
	return DefaultSecondaryRegion
}

// secondaryAccessLogs creates the second region's bucket for S3 server
// access logs: S3 delivers a bucket's access logs only to a bucket in the
// same region (S3 user guide, "Enabling Amazon S3 server access logging"),
// so the second region's buckets log here.
func (b *builder) secondaryAccessLogs() error {
	if b.s.Secondary == nil {
		return nil
	}
	args := accesslogs.BucketArgs{Tags: b.tags()}
	return b.create(secondaryName(accessLogsName), args, func() (err error) {
		b.secondaryLogs, err = accesslogs.NewBucket(b.ctx, secondaryName(accessLogsName), args, b.inSecondary())
		return err
	}, func() { b.secondaryLogs = placeholder[accesslogs.Bucket]() })
}

// secondaryCertificate issues the second region's load balancers their
// certificate, for the same names: ACM certificates serve the region they
// are issued in. (Its validation records are the first certificate's:
// Route 53 and ACM are global for that, and the records allow overwriting.)
func (b *builder) secondaryCertificate(cert dns.CertificateArgs) error {
	if b.s.Secondary == nil || b.s.Web == nil {
		return nil
	}
	return b.create(secondaryName(certName), cert, func() (err error) {
		b.secondaryCert, err = dns.NewCertificate(b.ctx, secondaryName(certName), cert, b.inSecondary())
		return err
	}, func() { b.secondaryCert = placeholder[dns.Certificate]() })
}

// secondaryNetwork lays out the second region's VPC like the first one
// (three AZs, a NAT gateway per AZ, database subnets, the gateway
// endpoints), in a range of its own, without the first one's interface
// endpoints: nothing in the second region calls Secrets Manager (its
// databases are copies, with no bootstrap or rotation function of their
// own: those run in the stack's region, against the writers; its app logs
// in with IAM tokens), and an endpoint is billed by the hour in each of
// its AZs. A region with fewer AZs than the stage needs is refused before
// anything is registered.
func (b *builder) secondaryNetwork() error {
	if b.s.Secondary == nil {
		return nil
	}
	args := *b.s.Network
	args.CIDR = b.s.Secondary.CIDR
	args.InterfaceEndpoints = nil
	args.Tags = b.tags()
	check := inRegion{ctx: b.ctx, args: args, opts: []pulumi.ResourceOption{b.inSecondary()}}
	return b.create(secondaryName(networkName), check, func() (err error) {
		b.secondaryNet, err = network.NewNetwork(b.ctx, secondaryName(networkName), args, b.inSecondary())
		return err
	}, func() { b.secondaryNet = networkPlaceholder(args, b.secondaryRegion) })
}

// peering connects the second region's app to the first region's
// databases, whose writers take the writes of both regions: a VPC peering
// between the two networks, routes from the second region's private
// subnets to the first's database subnets and back, and the databases
// admitting the second region's private subnets by range (a security group
// of another region cannot be referenced). Nothing else crosses it: the
// caches and the app tiers are each region's own, and the second region
// reaches AWS's regional APIs (the first region's topics, the table) over
// the internet through its NAT gateways.
func (b *builder) peering() error {
	if b.s.Secondary == nil || b.db == nil {
		return nil
	}
	args := network.PeeringArgs{
		Network: b.net, PeerNetwork: b.secondaryNet,
		PeerRegion: b.secondaryRegion, PeerProvider: b.secondary,
		Admit: b.peeredStores(), Tags: b.tags(),
	}
	return b.create(peeringName, args, func() error {
		_, err := network.NewPeering(b.ctx, peeringName, args)
		return err
	}, func() {})
}

// peeredStores are the data stores of the first region the second
// region's app writes to, by key: the database's writer (and any other
// writer the data tier adds).
func (b *builder) peeredStores() map[string]network.Admission {
	stores := map[string]network.Admission{databaseName: {SecurityGroupID: b.db.SecurityGroupID, Port: b.db.Port}}
	if b.data != nil {
		for _, name := range b.data.order {
			if c := b.data.clusters[name]; c != nil {
				stores[name] = network.Admission{SecurityGroupID: c.SecurityGroupID, Port: c.Port}
			}
		}
	}
	return stores
}

// secondaryWebTier is the second region's public web tier, the first's
// twin: its own load balancer, certificate and instances.
func (b *builder) secondaryWebTier() error {
	if b.s.Secondary == nil {
		return nil
	}
	args := b.webTierArgs(b.secondaryNet, b.secondaryCert, b.secondaryRegion, b.secondaryLogs)
	return b.create(secondaryName(webName), args, func() (err error) {
		b.secondaryWeb, err = webtier.NewWebTier(b.ctx, secondaryName(webName), args, b.inSecondary())
		return err
	}, func() { b.secondaryWeb = placeholder[webtier.WebTier]() })
}

// secondaryAppTier is the second region's internal app tier, reachable from
// that region's web tier only.
func (b *builder) secondaryAppTier() error {
	if b.s.Secondary == nil || b.s.Services == nil {
		return nil
	}
	args := b.appTierArgs(b.secondaryNet, b.secondaryWeb, b.secondaryCert, b.secondaryRegion, b.secondaryLogs)
	return b.create(secondaryName(appName), args, func() (err error) {
		b.secondaryApp, err = webtier.NewWebTier(b.ctx, secondaryName(appName), args, b.inSecondary())
		return err
	}, func() { b.secondaryApp = b.appPlaceholder() })
}

// secondaryAppSecurityGroups are the security groups of whatever runs the
// app in the second region: its data stores admit these and nothing else.
func (b *builder) secondaryAppSecurityGroups() map[string]pulumi.StringInput {
	groups := map[string]pulumi.StringInput{}
	if b.secondaryWeb != nil {
		groups[webName] = b.secondaryWeb.InstanceSecurityGroupID
	}
	if b.secondaryApp != nil {
		groups[appName] = b.secondaryApp.InstanceSecurityGroupID
	}
	return groups
}

// secondaryCacheTier is the second region's own cache: sessions and hot
// reads stay in the region that serves them.
func (b *builder) secondaryCacheTier() error {
	if b.s.Secondary == nil || b.s.Cache == nil {
		return nil
	}
	args := b.cacheArgs(b.secondaryNet, b.secondaryAppSecurityGroups())
	return b.create(secondaryName(cacheName), args, func() (err error) {
		b.secondaryCache, err = cache.NewCache(b.ctx, secondaryName(cacheName), args, b.inSecondary())
		return err
	}, func() { b.secondaryCache = cachePlaceholder() })
}

// secondaryAppConfig stores the second region's endpoints in that region's
// SSM Parameter Store, under the stack's path: its cache and app tier, the
// writers of the first region. Its web tier's instances may read them.
func (b *builder) secondaryAppConfig() error {
	if b.s.Secondary == nil || b.db == nil {
		return nil
	}
	args := b.configArgs(b.secondaryCache, b.secondaryApp, map[string]pulumi.StringInput{webName: b.secondaryWeb.InstanceRoleName})
	if err := b.dataValues(args.Values, args.Policies); err != nil {
		return err
	}
	b.secondaryDataValues(args.Values, args.Policies)
	return b.create(secondaryName(appConfigName), args, func() (err error) {
		b.secondaryConfig, err = appconfig.NewConfig(b.ctx, secondaryName(appConfigName), args, b.inSecondary())
		return err
	}, func() { b.secondaryConfig = configPlaceholder(args) })
}

// secondaryContainerService runs the second region's app tier on ECS
// Fargate behind that region's internal load balancer. The ECS
// service-linked role is the account's: the first region's service creates
// it when asked, never this one, which then waits for it.
func (b *builder) secondaryContainerService() error {
	if b.s.Secondary == nil || !b.appOnContainers() {
		return nil
	}
	args := b.appServiceArgs(b.secondaryNet, b.secondaryApp, b.secondaryRegion, b.secondaryConfig)
	args.CreateServiceLinkedRole = false
	if b.appService != nil && b.appService.LinkedRole != nil {
		args.ServiceLinkedRole = b.appService.LinkedRole
	}
	if b.db != nil {
		// The writers, over the peering: the first region's database
		// subnets.
		for i, az := range b.net.AvailabilityZones {
			args.EgressCIDRs["writers-"+az] = b.net.DatabaseSubnetCIDRs[i]
		}
	}
	return b.create(secondaryName(appServiceName), args, func() (err error) {
		b.secondaryAppService, err = container.NewService(b.ctx, secondaryName(appServiceName), args, b.inSecondary())
		return err
	}, func() { b.secondaryAppService = placeholder[container.Service]() })
}

// secondaryFirewall puts a web ACL of the second region in front of its
// load balancer: a regional web ACL protects resources of its own region
// only.
func (b *builder) secondaryFirewall() error {
	if b.s.Secondary == nil || b.s.Firewall == nil {
		return nil
	}
	args := b.firewallArgs(b.secondaryWeb)
	return b.create(secondaryName(aclName), args, func() error {
		_, err := firewall.NewWebACL(b.ctx, secondaryName(aclName), args, b.inSecondary())
		return err
	}, func() {})
}

// secondaryMonitoring watches the second region's tiers from that region
// (an alarm watches metrics of its own region), with a topic and a
// dashboard of its own, and the same e-mail subscribed. The audit trail is
// the first region's: it records every region.
func (b *builder) secondaryMonitoring() error {
	if b.s.Secondary == nil || b.s.Monitoring == nil {
		return nil
	}
	args := monitoring.MonitoringArgs{
		AlarmEmail: b.s.Monitoring.AlarmEmail,
		Dashboard:  b.s.Monitoring.Dashboard,
		Tracing:    b.s.Monitoring.Tracing,
		Tags:       b.tags(),
	}
	watchTiers(&args, b.secondaryWeb, b.secondaryApp, b.secondaryAppService, b.secondaryCache)
	b.secondaryDataAlarms(&args)
	return b.create(secondaryName(monitoringName), args, func() (err error) {
		b.secondaryMon, err = monitoring.NewMonitoring(b.ctx, secondaryName(monitoringName), args, b.inSecondary())
		return err
	}, func() { b.secondaryMon = placeholder[monitoring.Monitoring]() })
}

// originLabel is the label of the latency-routed names: origin.<domain>
// for the web tiers, app.origin.<domain> for the app tiers. The names users
// and the web tiers call (the apex, app.<domain>) stay the simple records
// they were and point at these, so that turning on routing updates them in
// place: a routed record is another record to Route 53 (its set identifier
// is part of its identity), and Route 53 does not mix simple and routed
// records of one name.
const originLabel = "origin"

// globalRecords route each user to the nearest healthy region:
//
//   - origin.<domain>, one latency record per region (set identifier: the
//     region), an alias to that region's public load balancer, which Route
//     53 answers only while that region's health check passes and its
//     load balancer has healthy targets;
//   - a health check per region, HTTPS (HTTP until the certificates are
//     issued) on the web tier's health check path of its load balancer's
//     own name: Route 53's checkers are on the internet, and they do not
//     validate the certificate (Route 53 developer guide, "How Amazon
//     Route 53 determines whether a health check is healthy"), so the
//     load balancer's name serves without a certificate of its own (a
//     per-region name such as us-east-1.origin.<domain> would need one:
//     the wildcard *.<domain> covers one label only);
//   - app.origin.<domain>, one latency record per region, an alias to that
//     region's internal load balancer, without a health check (checkers
//     cannot reach an internal load balancer) but with its targets'
//     health: the VPC resolver of each region answers with that region's
//     app tier. While a region's app tier has no healthy task, Route 53
//     answers with the other region's internal load balancer, which that
//     region cannot reach (the peering carries database connections only):
//     the region's web tier fails, and with it the health check that sends
//     its users to the other region, provided the web tier's health check
//     path calls the app tier, which the README asks of the user's web
//     tier.
func (b *builder) globalRecords() ([]dns.Record, map[string]dns.HealthCheck) {
	type region struct {
		name     string
		web, app *webtier.WebTier
		cert     *dns.Certificate
	}
	path := b.s.Web.HealthCheckPath
	if path == "" {
		path = webtier.DefaultHealthCheckPath
	}
	var records []dns.Record
	checks := map[string]dns.HealthCheck{}
	for _, r := range []region{
		{b.region, b.web, b.app, b.cert},
		{b.secondaryRegion, b.secondaryWeb, b.secondaryApp, b.secondaryCert},
	} {
		protocol := dns.HealthCheckHTTPS
		if r.cert == nil {
			protocol = dns.HealthCheckHTTP
		}
		checks[r.name] = dns.HealthCheck{FQDN: r.web.DNSName, Protocol: protocol, Path: path}
		records = append(records, dns.Record{
			Name: originLabel, LatencyRegion: r.name, SetIdentifier: r.name, HealthCheck: r.name,
			Alias: r.web.Alias(),
		})
		if r.app != nil {
			records = append(records, dns.Record{
				Name: "app." + originLabel, LatencyRegion: r.name, SetIdentifier: r.name,
				Alias: r.app.Alias(),
			})
		}
	}
	return records, checks
}

// secondaryExports are the second region's stack outputs.
func (b *builder) secondaryExports() {
	if b.secondaryRegion == "" {
		return
	}
	b.ctx.Export("secondaryRegion", pulumi.String(b.secondaryRegion))
	if b.secondaryNet != nil {
		b.ctx.Export("secondaryVpcId", b.secondaryNet.VpcID)
	}
	if b.secondaryWeb != nil {
		b.ctx.Export("secondaryLoadBalancerDnsName", b.secondaryWeb.DNSName)
	}
	if b.secondaryMon != nil {
		b.ctx.Export("secondaryAlarmTopicArn", b.secondaryMon.TopicARN)
	}
}

// secondaryError says which region a problem of the second region is in.
func (b *builder) secondaryError(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("second region %s (%ssecondaryRegion): %w", b.secondaryRegion, configNamespace, err)
}
