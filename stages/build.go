package stages

import (
	"sort"
	"strconv"
	"strings"

	"github.com/millionstack/millionstack/components/appconfig"
	"github.com/millionstack/millionstack/components/budget"
	"github.com/millionstack/millionstack/components/cache"
	"github.com/millionstack/millionstack/components/cdn"
	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/components/dns"
	"github.com/millionstack/millionstack/components/firewall"
	"github.com/millionstack/millionstack/components/function"
	"github.com/millionstack/millionstack/components/host"
	"github.com/millionstack/millionstack/components/messaging"
	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/components/network"
	"github.com/millionstack/millionstack/components/sessions"
	"github.com/millionstack/millionstack/components/webtier"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Logical names of the stage's components. They never change between stages:
// a component's name is part of the URN of everything it creates.
const (
	zoneName       = "zone"
	certName       = "cert"
	edgeCertName   = "edge-cert"
	edgeACLName    = "edge-waf"
	apiName        = "api"
	siteName       = "site"
	networkName    = "network"
	hostName       = "host"
	webName        = "web"
	appName        = "app"
	databaseName   = "db"
	cacheName      = "cache"
	sessionsName   = "sessions"
	assetsName     = "assets"
	appConfigName  = "appconfig"
	aclName        = "waf"
	recordsName    = "dns"
	monitoringName = "monitoring"
	budgetName     = "budget"
)

// builder composes a stage's components in a fixed order, each switched on by
// its settings, and keeps what later steps need from earlier ones.
type builder struct {
	ctx    *pulumi.Context
	s      Settings
	region string

	zone     *dns.Zone
	cert     *dns.Certificate
	edgeCert *dns.Certificate
	edgeACL  *firewall.WebACL
	api      *function.Function
	site     *cdn.CDN
	net      *network.Network
	host     *host.Host
	web      *webtier.WebTier
	app      *webtier.WebTier
	db       *database.Database
	cache    *cache.Cache
	sessions *sessions.Store
	assets   *cdn.CDN
	topics   map[string]*messaging.Topic
	flows    map[string]*messaging.Flow
	mon      *monitoring.Monitoring
}

// build turns validated settings into resources.
func build(ctx *pulumi.Context, s Settings) error {
	if err := validateSettings(s); err != nil {
		return err
	}
	region, err := aws.GetRegion(ctx, nil)
	if err != nil {
		return err
	}
	b := &builder{ctx: ctx, s: s, region: region.Name}
	for _, step := range []func() error{
		b.domain, b.edgeFirewall, b.serverless, b.launchSite,
		b.network, b.singleHost, b.webTier, b.appTier,
		b.database, b.cacheTier, b.sessionStore, b.staticAssets, b.appConfig,
		b.regionalFirewall, b.asyncWork, b.records, b.monitoring, b.budget,
	} {
		if err := step(); err != nil {
			return err
		}
	}
	b.exports()
	return nil
}

// tags marks every resource with the stack that owns it, for cost
// allocation. (Not with the stage: a tag that changes at every upgrade would
// touch every resource and bury the real changes in the diff.)
func (b *builder) tags() map[string]string {
	return map[string]string{"millionstack:stack": b.ctx.Stack()}
}

// paramPath is where the app finds its endpoints.
func (b *builder) paramPath() string { return "/millionstack/" + b.ctx.Stack() }

// domain looks up (or creates) the hosted zone and issues the certificates
// the stage's TLS endpoints need: one in the stack's region for the load
// balancer, one in us-east-1 for CloudFront.
func (b *builder) domain() (err error) {
	d := b.s.Domain
	if d.Name == "" {
		return nil
	}
	if b.zone, err = dns.NewZone(b.ctx, zoneName, dns.ZoneArgs{Domain: d.Name, Create: d.CreateZone, Tags: b.tags()}); err != nil {
		return err
	}
	names := []string{"*." + d.Name}
	if b.s.Web != nil {
		if b.cert, err = dns.NewCertificate(b.ctx, certName, dns.CertificateArgs{
			ZoneID: b.zone.ZoneID, Domain: d.Name, AlternativeNames: names, Tags: b.tags(),
		}); err != nil {
			return err
		}
	}
	if b.s.Site != nil || b.s.Assets != nil {
		b.edgeCert, err = dns.NewCertificate(b.ctx, edgeCertName, dns.CertificateArgs{
			ZoneID: b.zone.ZoneID, Domain: d.Name, AlternativeNames: names, Region: "us-east-1", Tags: b.tags(),
		})
	}
	return err
}

// edgeFirewall creates the CloudFront-scope web ACL before the distributions that use it.
func (b *builder) edgeFirewall() (err error) {
	if b.s.EdgeFirewall == nil {
		return nil
	}
	args := *b.s.EdgeFirewall
	args.Tags = b.tags()
	b.edgeACL, err = firewall.NewWebACL(b.ctx, edgeACLName, args)
	return err
}

// serverless creates the prelaunch API function.
func (b *builder) serverless() (err error) {
	if b.s.API == nil {
		return nil
	}
	args := *b.s.API
	args.Tags = b.tags()
	b.api, err = function.NewFunction(b.ctx, apiName, args)
	return err
}

// launchSite serves the static site; while there is no app (prelaunch) it
// owns the apex domain and fronts the API.
func (b *builder) launchSite() (err error) {
	if b.s.Site == nil {
		return nil
	}
	args := *b.s.Site
	args.Tags = b.tags()
	if b.api != nil {
		args.FunctionOrigin = &cdn.FunctionOrigin{
			FunctionName: b.api.Name, URLDomain: b.api.URLDomain, PathPatterns: []string{"/api/*"},
		}
	}
	if b.s.Network == nil && b.edgeCert != nil {
		args.Aliases = []string{b.s.Domain.Name}
		args.CertificateARN = b.edgeCert.ARN
	}
	b.applyEdgeACL(&args)
	b.site, err = cdn.NewCDN(b.ctx, siteName, args)
	return err
}

func (b *builder) applyEdgeACL(args *cdn.CDNArgs) {
	if b.edgeACL != nil {
		args.WebACLArn = b.edgeACL.ARN
	}
}

// network lays out the VPC.
func (b *builder) network() (err error) {
	if b.s.Network == nil {
		return nil
	}
	args := *b.s.Network
	args.Tags = b.tags()
	b.net, err = network.NewNetwork(b.ctx, networkName, args)
	return err
}

// singleHost runs the early stages' one server in the first public subnet.
func (b *builder) singleHost() (err error) {
	if b.s.Host == nil {
		return nil
	}
	args := *b.s.Host
	args.VpcID = b.net.VpcID
	args.SubnetID = b.net.PublicSubnetIDs.Index(pulumi.Int(0))
	args.AvailabilityZone = b.net.AvailabilityZones[0]
	path := ""
	if b.s.Database != nil {
		path = b.paramPath()
	}
	args.UserData = hostUserData(b.region, path, b.s.Database == nil)
	args.Tags = b.tags()
	b.host, err = host.NewHost(b.ctx, hostName, args)
	return err
}

// webTier puts the public load balancer in the public subnets and the
// instances in the private ones.
func (b *builder) webTier() (err error) {
	if b.s.Web == nil {
		return nil
	}
	args := *b.s.Web
	args.VpcID = b.net.VpcID
	args.LoadBalancerSubnetIDs = b.net.PublicSubnetIDs
	args.InstanceSubnetIDs = b.net.PrivateSubnetIDs
	if b.cert != nil {
		args.CertificateARN = b.cert.ARN
	}
	args.UserData = webUserData(b.region, b.paramPath())
	args.Tags = b.tags()
	b.web, err = webtier.NewWebTier(b.ctx, webName, args)
	return err
}

// appTier is the 1m stage's internal service tier, reachable only from the web tier.
func (b *builder) appTier() (err error) {
	if b.s.Services == nil {
		return nil
	}
	args := b.s.Services.App
	args.VpcID = b.net.VpcID
	args.LoadBalancerSubnetIDs = b.net.PrivateSubnetIDs
	args.InstanceSubnetIDs = b.net.PrivateSubnetIDs
	args.AllowedSecurityGroups = map[string]pulumi.StringInput{webName: b.web.InstanceSecurityGroupID}
	args.UserData = webUserData(b.region, b.paramPath())
	args.Tags = b.tags()
	b.app, err = webtier.NewWebTier(b.ctx, appName, args)
	return err
}

// appSecurityGroups are the security groups of whatever runs the app at this
// stage: the data stores admit these and nothing else.
func (b *builder) appSecurityGroups() map[string]pulumi.StringInput {
	groups := map[string]pulumi.StringInput{}
	if b.host != nil {
		groups[hostName] = b.host.SecurityGroupID
	}
	if b.web != nil {
		groups[webName] = b.web.InstanceSecurityGroupID
	}
	if b.app != nil {
		groups[appName] = b.app.InstanceSecurityGroupID
	}
	return groups
}

// appRoles are the IAM roles the app runs as.
func (b *builder) appRoles() map[string]pulumi.StringInput {
	roles := map[string]pulumi.StringInput{}
	if b.host != nil {
		roles[hostName] = b.host.RoleName
	}
	if b.web != nil {
		roles[webName] = b.web.InstanceRoleName
	}
	if b.app != nil {
		roles[appName] = b.app.InstanceRoleName
	}
	return roles
}

// database puts RDS in the database subnets, reachable only from the app.
func (b *builder) database() (err error) {
	if b.s.Database == nil {
		return nil
	}
	args := *b.s.Database
	args.VpcID = b.net.VpcID
	args.SubnetIDs = b.net.DatabaseSubnetIDs
	args.AllowedSecurityGroups = b.appSecurityGroups()
	args.Tags = b.tags()
	b.db, err = database.NewDatabase(b.ctx, databaseName, args)
	return err
}

// cacheTier puts the cache in the private subnets, reachable only from the app.
func (b *builder) cacheTier() (err error) {
	if b.s.Cache == nil {
		return nil
	}
	args := *b.s.Cache
	args.VpcID = b.net.VpcID
	args.SubnetIDs = b.net.PrivateSubnetIDs
	args.AllowedSecurityGroups = b.appSecurityGroups()
	args.Tags = b.tags()
	b.cache, err = cache.NewCache(b.ctx, cacheName, args)
	return err
}

// sessionStore creates the DynamoDB session table.
func (b *builder) sessionStore() (err error) {
	if b.s.Sessions == nil {
		return nil
	}
	args := *b.s.Sessions
	args.Tags = b.tags()
	b.sessions, err = sessions.NewStore(b.ctx, sessionsName, args)
	return err
}

// staticAssets serves CSS, JavaScript and images from S3 through CloudFront,
// on assets.<domain> when a domain is set.
func (b *builder) staticAssets() (err error) {
	if b.s.Assets == nil {
		return nil
	}
	args := *b.s.Assets
	if b.edgeCert != nil {
		args.Aliases = []string{"assets." + b.s.Domain.Name}
		args.CertificateARN = b.edgeCert.ARN
	}
	b.applyEdgeACL(&args)
	args.Tags = b.tags()
	b.assets, err = cdn.NewCDN(b.ctx, assetsName, args)
	return err
}

// appConfig tells the app its endpoints through SSM parameters and grants
// its roles what they need to use them.
func (b *builder) appConfig() error {
	if b.db == nil {
		return nil
	}
	values := map[string]pulumi.StringInput{
		"db/writer":  b.db.Address,
		"db/readers": b.db.ReplicaAddresses.ApplyT(func(a []string) string { return strings.Join(a, ",") }).(pulumi.StringOutput),
		"db/engine":  pulumi.String(b.db.Engine),
		"db/port":    pulumi.String(strconv.Itoa(b.db.Port)),
		"db/name":    pulumi.String(b.db.DatabaseName),
	}
	policies := map[string]pulumi.StringInput{}
	if b.cache != nil {
		values["cache/primary"] = b.cache.PrimaryEndpoint
		values["cache/reader"] = b.cache.ReaderEndpoint
		values["cache/user"] = pulumi.String(b.cache.AppUserName)
		policies[cacheName] = b.cache.ConnectPolicyJSON
	}
	if b.assets != nil {
		values["assets/url"] = b.assets.URL
	}
	if b.sessions != nil {
		values["sessions/table"] = b.sessions.TableName
		policies[sessionsName] = b.sessions.AccessPolicyJSON
	}
	if b.app != nil {
		values["app/url"] = pulumi.Sprintf("http://%s", b.app.DNSName)
	}
	_, err := appconfig.NewConfig(b.ctx, appConfigName, appconfig.ConfigArgs{
		Path: b.paramPath(), Values: values, Roles: b.appRoles(), Policies: policies, Tags: b.tags(),
	})
	return err
}

// regionalFirewall puts the web ACL in front of the public load balancer.
func (b *builder) regionalFirewall() error {
	if b.s.Firewall == nil {
		return nil
	}
	args := *b.s.Firewall
	args.AssociatedResourceARNs = map[string]pulumi.StringInput{webName: b.web.LoadBalancerARN}
	args.Tags = b.tags()
	_, err := firewall.NewWebACL(b.ctx, aclName, args)
	return err
}

// asyncWork creates the topics and, for each flow, the queue and worker that
// drain it.
func (b *builder) asyncWork() error {
	if b.s.Services == nil {
		return nil
	}
	b.topics = map[string]*messaging.Topic{}
	for _, name := range b.s.Services.Topics {
		t, err := messaging.NewTopic(b.ctx, name, messaging.TopicArgs{Tags: b.tags()})
		if err != nil {
			return err
		}
		b.topics[name] = t
	}
	b.flows = map[string]*messaging.Flow{}
	for _, name := range sortedKeys(b.s.Services.Flows) {
		f := b.s.Services.Flows[name]
		args := f.Args
		args.Topic = b.topics[f.Topic]
		args.Tags = b.tags()
		flow, err := messaging.NewFlow(b.ctx, name, args)
		if err != nil {
			return err
		}
		b.flows[name] = flow
	}
	return nil
}

// records points the domain at the stage's entry point: the launch site, the
// host's Elastic IP or the load balancer, always through the same apex record
// so that the switch is an in-place update.
func (b *builder) records() error {
	if b.zone == nil {
		return nil
	}
	apex := dns.Record{}
	switch {
	case b.web != nil:
		apex.Alias = &dns.Alias{DNSName: b.web.DNSName, ZoneID: b.web.ZoneID, EvaluateTargetHealth: true}
	case b.host != nil:
		apex.Values = pulumi.StringArray{b.host.PublicIP}
	case b.site != nil:
		apex.Alias = &dns.Alias{DNSName: b.site.DomainName, ZoneID: b.site.HostedZoneID}
	}
	records := []dns.Record{apex}
	if b.assets != nil {
		records = append(records, dns.Record{Name: "assets", Alias: &dns.Alias{DNSName: b.assets.DomainName, ZoneID: b.assets.HostedZoneID}})
	}
	_, err := dns.NewRecords(b.ctx, recordsName, dns.RecordsArgs{ZoneID: b.zone.ZoneID, Domain: b.s.Domain.Name, Records: records})
	return err
}

// monitoring watches every tier the stage has.
func (b *builder) monitoring() (err error) {
	if b.s.Monitoring == nil {
		return nil
	}
	args := *b.s.Monitoring
	args.Tags = b.tags()
	if b.host != nil {
		args.Hosts = map[string]pulumi.StringInput{hostName: b.host.InstanceID}
	}
	if b.db != nil {
		replicas := map[string]pulumi.StringInput{}
		for i := 0; i < b.s.Database.ReadReplicas; i++ {
			replicas["replica-"+strconv.Itoa(i+1)] = b.db.ReplicaIDs.Index(pulumi.Int(i))
		}
		args.Database = &monitoring.DatabaseTarget{
			InstanceID: b.db.InstanceID, ReplicaIDs: replicas, AllocatedStorageGiB: b.db.AllocatedStorageGiB,
		}
	}
	args.LoadBalancers = map[string]monitoring.LoadBalancerTarget{}
	args.AutoScalingGroups = map[string]pulumi.StringInput{}
	for key, tier := range map[string]*webtier.WebTier{webName: b.web, appName: b.app} {
		if tier != nil {
			args.LoadBalancers[key] = monitoring.LoadBalancerTarget{ArnSuffix: tier.LoadBalancerArnSuffix, TargetGroupArnSuffix: tier.TargetGroupArnSuffix}
			args.AutoScalingGroups[key] = tier.AutoScalingGroupName
		}
	}
	if b.cache != nil {
		args.Caches = map[string]monitoring.CacheTarget{cacheName: {ReplicationGroupID: b.cache.ReplicationGroupID, Nodes: b.cache.Nodes}}
	}
	if b.sessions != nil {
		args.Tables = map[string]pulumi.StringInput{sessionsName: b.sessions.TableName}
	}
	if len(b.flows) > 0 {
		args.Queues = map[string]monitoring.QueueTarget{}
		args.Functions = map[string]pulumi.StringInput{}
		for name, f := range b.flows {
			args.Queues[name] = monitoring.QueueTarget{QueueName: f.QueueName, DeadLetterQueueName: f.DeadLetterQueueName}
			args.Functions[name] = f.FunctionName
		}
	}
	b.mon, err = monitoring.NewMonitoring(b.ctx, monitoringName, args)
	return err
}

// budget alerts on the monthly bill through the alarm topic.
func (b *builder) budget() error {
	if b.s.Budget == nil {
		return nil
	}
	args := *b.s.Budget
	if b.mon != nil {
		args.AlertTopicARN = b.mon.TopicARN
	}
	args.Tags = b.tags()
	_, err := budget.NewBudget(b.ctx, budgetName, args)
	return err
}

// exports are the stack outputs a user needs after `pulumi up`.
func (b *builder) exports() {
	b.ctx.Export("stage", pulumi.String(b.s.Name))
	if b.net != nil {
		b.ctx.Export("vpcId", b.net.VpcID)
	}
	if b.host != nil {
		b.ctx.Export("hostPublicIp", b.host.PublicIP)
	}
	if b.web != nil {
		b.ctx.Export("loadBalancerDnsName", b.web.DNSName)
	}
	if b.db != nil {
		b.ctx.Export("databaseEndpoint", b.db.Endpoint)
		b.ctx.Export("databaseMasterSecretArn", b.db.MasterSecretARN)
	}
	if b.site != nil {
		b.ctx.Export("siteUrl", b.site.URL)
	}
	if b.assets != nil {
		b.ctx.Export("assetsUrl", b.assets.URL)
	}
	if b.db != nil {
		b.ctx.Export("appConfigPath", pulumi.String(b.paramPath()))
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
