package stages

import (
	"strconv"
	"strings"

	"github.com/millionstack/millionstack/components/accesslogs"
	"github.com/millionstack/millionstack/components/appconfig"
	"github.com/millionstack/millionstack/components/backup"
	"github.com/millionstack/millionstack/components/budget"
	"github.com/millionstack/millionstack/components/cache"
	"github.com/millionstack/millionstack/components/cdn"
	"github.com/millionstack/millionstack/components/container"
	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/components/dns"
	"github.com/millionstack/millionstack/components/firewall"
	"github.com/millionstack/millionstack/components/function"
	"github.com/millionstack/millionstack/components/host"
	"github.com/millionstack/millionstack/components/logretention"
	"github.com/millionstack/millionstack/components/messaging"
	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/components/network"
	"github.com/millionstack/millionstack/components/sessions"
	"github.com/millionstack/millionstack/components/webtier"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The steps of build, in the order run takes them. Each computes its
// component's args from the stage's settings and the components before it,
// then creates it (or, in the checking pass, validates it).

// accessLogs creates the bucket every other bucket of the stack sends its S3
// server access logs to (Security Hub S3.9). Every stage has buckets (the
// launch site's from prelaunch on), so every stage has it, first, under the
// same name.
func (b *builder) accessLogs() error {
	args := accesslogs.BucketArgs{Tags: b.tags()}
	return b.create(accessLogsName, args, func() (err error) {
		b.logs, err = accesslogs.NewBucket(b.ctx, accessLogsName, args)
		return err
	}, func() { b.logs = placeholder[accesslogs.Bucket]() })
}

// domain looks up (or creates) the hosted zone and issues the certificates
// the stage's TLS endpoints need: one in the stack's region for the load
// balancer, one in us-east-1 for CloudFront.
func (b *builder) domain() error {
	d := b.s.Domain
	if d.Name == "" {
		return nil
	}
	zone := dns.ZoneArgs{Domain: d.Name, Create: d.CreateZone, Tags: b.tags()}
	if err := b.create(zoneName, zone, func() (err error) {
		b.zone, err = dns.NewZone(b.ctx, zoneName, zone)
		return err
	}, func() { b.zone = placeholder[dns.Zone]() }); err != nil {
		return err
	}
	// A zone created here is not resolvable until the user delegates it, and
	// ACM validates through it: the certificates come with the next `pulumi
	// up` after millionstack:zoneDelegated, and meanwhile the load balancers
	// serve HTTP and the distributions their own names, as without a domain.
	if !d.IssueCertificates() {
		return nil
	}
	// One name and its wildcard: the apex, www, assets.<domain>.
	cert := dns.CertificateArgs{ZoneID: b.zone.ZoneID, Domain: d.Name, AlternativeNames: []string{"*." + d.Name}, Tags: b.tags()}
	if b.s.Web != nil {
		if err := b.create(certName, cert, func() (err error) {
			b.cert, err = dns.NewCertificate(b.ctx, certName, cert)
			return err
		}, func() { b.cert = placeholder[dns.Certificate]() }); err != nil {
			return err
		}
		if err := b.secondaryError(b.secondaryCertificate(cert)); err != nil {
			return err
		}
	}
	// The CloudFront certificate exists whenever a distribution does: the
	// launch site's aliases (the apex at prelaunch, launch.<domain> from
	// stage 1 on) and assets.<domain> from 10k on use it.
	if b.s.Site == nil && b.s.Assets == nil {
		return nil
	}
	edge := cert
	edge.Region = "us-east-1" // CloudFront only takes certificates from us-east-1
	return b.create(edgeCertName, edge, func() (err error) {
		b.edgeCert, err = dns.NewCertificate(b.ctx, edgeCertName, edge)
		return err
	}, func() { b.edgeCert = placeholder[dns.Certificate]() })
}

// edgeFirewall creates the CloudFront-scope web ACL before the distributions that use it.
func (b *builder) edgeFirewall() error {
	if b.s.EdgeFirewall == nil {
		return nil
	}
	args := *b.s.EdgeFirewall
	args.Tags = b.tags()
	return b.create(edgeACLName, args, func() (err error) {
		b.edgeACL, err = firewall.NewWebACL(b.ctx, edgeACLName, args)
		return err
	}, func() { b.edgeACL = placeholder[firewall.WebACL]() })
}

// serverless creates the prelaunch API function.
func (b *builder) serverless() error {
	if b.s.API == nil {
		return nil
	}
	args := *b.s.API
	args.Tags = b.tags()
	return b.create(apiName, args, func() (err error) {
		b.api, err = function.NewFunction(b.ctx, apiName, args)
		return err
	}, func() { b.api = placeholder[function.Function]() })
}

// launchSite serves the static site; while there are no servers
// (prelaunch) it owns the apex domain and fronts the API. From stage 1 on,
// when the apex moves to the servers, the site keeps a name of its own,
// launch.<domain>, with the CloudFront certificate: it is served over TLS
// 1.2 or newer (TLSv1.2_2021) rather than on CloudFront's default
// certificate, which accepts TLSv1 (CloudFront developer guide, "Supported
// protocols and ciphers between viewers and CloudFront").
func (b *builder) launchSite() error {
	if b.s.Site == nil {
		return nil
	}
	args := *b.s.Site
	args.Tags = b.tags()
	args.AccessLogBucket = b.logs.BucketName
	if b.api != nil {
		args.FunctionOrigin = &cdn.FunctionOrigin{FunctionName: b.api.Name, URLDomain: b.api.URLDomain, PathPatterns: []string{"/api/*"}}
	}
	if b.edgeCert != nil {
		args.Aliases, args.CertificateARN = []string{b.launchSiteName()}, b.edgeCert.ARN
	}
	b.applyEdgeACL(&args)
	return b.create(siteName, args, func() (err error) {
		b.site, err = cdn.NewCDN(b.ctx, siteName, args)
		return err
	}, func() { b.site = placeholder[cdn.CDN]() })
}

// launchSiteName is the name the launch site answers to: the apex while it
// is the whole product (prelaunch), launch.<domain> once servers take the
// apex. The edge certificate's wildcard covers it.
func (b *builder) launchSiteName() string {
	if b.s.Network == nil {
		return b.s.Domain.Name
	}
	return "launch." + b.s.Domain.Name
}

func (b *builder) applyEdgeACL(args *cdn.CDNArgs) {
	if b.edgeACL != nil {
		args.WebACLARN = b.edgeACL.ARN
	}
}

// network lays out the VPC.
func (b *builder) network() error {
	if b.s.Network == nil {
		return nil
	}
	args := *b.s.Network
	args.Tags = b.tags()
	return b.create(networkName, inRegion{ctx: b.ctx, args: args}, func() (err error) {
		b.net, err = network.NewNetwork(b.ctx, networkName, args)
		return err
	}, func() { b.net = networkPlaceholder(args, b.region) })
}

// networkPlaceholder stands in for a network in the checking pass: its
// range, and as many AZs of its region as it will have (what an Aurora
// cluster's three AZs are checked against), each with its subnets' ranges
// and route table.
func networkPlaceholder(args network.NetworkArgs, region string) *network.Network {
	n := placeholder[network.Network]()
	n.CIDR = args.CIDR
	if n.CIDR == "" {
		n.CIDR = network.DefaultCIDR
	}
	n.AvailabilityZones = args.AvailabilityZones
	if len(n.AvailabilityZones) == 0 {
		count := args.AZCount
		if count == 0 {
			count = 2 // the network's default
		}
		for i := 0; i < count && i < 26; i++ {
			n.AvailabilityZones = append(n.AvailabilityZones, region+string(rune('a'+i)))
		}
	}
	n.PrivateRouteTableIDs = map[string]pulumi.StringOutput{}
	for i, az := range n.AvailabilityZones {
		n.PrivateRouteTableIDs[az] = pulumi.String("").ToStringOutput()
		for tier, cidrs := range map[network.Tier]*[]string{network.TierPrivate: &n.PrivateSubnetCIDRs, network.TierDatabase: &n.DatabaseSubnetCIDRs} {
			// A range that does not parse leaves the list short: the
			// network's own validation names it.
			if cidr, err := network.SubnetCIDR(n.CIDR, tier, i); err == nil {
				*cidrs = append(*cidrs, cidr)
			}
		}
	}
	return n
}

// inRegion checks network args against the AZs the region really has
// (a 3-AZ stage in a 2-AZ region), which needs a lookup but no
// registration; opts pick the provider of the region the network goes to.
type inRegion struct {
	ctx  *pulumi.Context
	args network.NetworkArgs
	opts []pulumi.ResourceOption
}

func (c inRegion) Validate(name string) error { return c.args.ValidateIn(c.ctx, name, c.opts...) }

// backupPlan creates the AWS Backup plan before the data stores, which
// carry its tag (backupTags).
func (b *builder) backupPlan() error {
	if b.s.Backup == nil {
		return nil
	}
	args := *b.s.Backup
	args.Tags = b.tags()
	return b.create(backupName, backupIn{b.ctx, args}, func() (err error) {
		b.backup, err = backup.NewPlan(b.ctx, backupName, args)
		return err
	}, func() { b.backup = placeholder[backup.Plan]() })
}

// backupIn checks backup args against the region the stack deploys to (a
// copy region must be another), which needs a lookup but no registration.
type backupIn struct {
	ctx  *pulumi.Context
	args backup.PlanArgs
}

func (c backupIn) Validate(name string) error { return c.args.ValidateIn(c.ctx, name) }

// backupTags are the tags that put a data store under the stage's backup
// plan, nil when the stage has none.
func (b *builder) backupTags() map[string]pulumi.StringInput {
	if b.backup == nil {
		return nil
	}
	return b.backup.DataStoreTags()
}

// singleHost runs the early stages' one server in the first public subnet.
func (b *builder) singleHost() error {
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
	args.BackupTags = b.backupTags()
	return b.create(hostName, args, func() (err error) {
		b.host, err = host.NewHost(b.ctx, hostName, args)
		return err
	}, func() { b.host = placeholder[host.Host]() })
}

// webTier puts the public load balancer in the public subnets and the
// instances in the private ones.
func (b *builder) webTier() error {
	if b.s.Web == nil {
		return nil
	}
	args := b.webTierArgs(b.net, b.cert, b.region, b.logs)
	return b.create(webName, args, func() (err error) {
		b.web, err = webtier.NewWebTier(b.ctx, webName, args)
		return err
	}, func() { b.web = placeholder[webtier.WebTier]() })
}

// webTierArgs are the web tier's args in the region of net: its subnets,
// its certificate, the region its instances read their endpoints from and
// the access-log bucket of that region (S3 server access logs go to a
// bucket in the same region).
func (b *builder) webTierArgs(net *network.Network, cert *dns.Certificate, region string, logs *accesslogs.Bucket) webtier.WebTierArgs {
	args := *b.s.Web
	args.VpcID = net.VpcID
	args.LoadBalancerSubnetIDs = net.PublicSubnetIDs
	args.InstanceSubnetIDs = net.PrivateSubnetIDs
	if cert != nil {
		args.CertificateARN = cert.ARN
	}
	args.UserData = webUserData(region, b.paramPath())
	args.S3AccessLogBucket = logs.BucketName
	args.Tags = b.tags()
	return args
}

// appTier is the 1m stage's internal service tier, reachable only from the
// web tier: instances behind an internal load balancer, or from 10m the
// load balancer alone, in front of the container service appService makes.
func (b *builder) appTier() error {
	if b.s.Services == nil {
		return nil
	}
	args := b.appTierArgs(b.net, b.web, b.cert, b.region, b.logs)
	return b.create(appName, args, func() (err error) {
		b.app, err = webtier.NewWebTier(b.ctx, appName, args)
		return err
	}, func() { b.app = b.appPlaceholder() })
}

// appTierArgs are the app tier's args in the region of net, reachable from
// that region's web tier.
func (b *builder) appTierArgs(net *network.Network, web *webtier.WebTier, cert *dns.Certificate, region string, logs *accesslogs.Bucket) webtier.WebTierArgs {
	args := b.s.Services.App
	args.VpcID = net.VpcID
	args.LoadBalancerSubnetIDs = net.PrivateSubnetIDs
	args.AllowedSecurityGroups = map[string]pulumi.StringInput{webName: web.InstanceSecurityGroupID}
	if cert != nil {
		args.CertificateARN = cert.ARN // the wildcard covers app.<domain>: TLS between tiers too
	}
	if !b.appOnContainers() {
		args.InstanceSubnetIDs = net.PrivateSubnetIDs
		args.UserData = webUserData(region, b.paramPath())
	}
	args.S3AccessLogBucket = logs.BucketName
	args.Tags = b.tags()
	return args
}

// appOnContainers reports whether the app tier runs on ECS Fargate (10m)
// rather than on the tier's own instances.
func (b *builder) appOnContainers() bool {
	return b.s.Services != nil && b.s.Services.Container != nil
}

// appPlaceholder stands in for an app tier in the checking pass, with the
// targets it will have.
func (b *builder) appPlaceholder() *webtier.WebTier {
	tier := placeholder[webtier.WebTier]()
	tier.Targets = webtier.TargetsInstance
	if b.appOnContainers() {
		tier.Targets = webtier.TargetsIP
	}
	return tier
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
		// The app tier's instances, or from 10m its container tasks, which
		// join the tier's targets group.
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
	if b.app != nil && !b.appOnContainers() {
		roles[appName] = b.app.InstanceRoleName
	}
	return roles
}

// database puts RDS in the database subnets, reachable only from the app;
// its bootstrap and rotation functions reach Secrets Manager through the
// network's endpoint, and wait for it.
func (b *builder) database() error {
	if b.s.Database == nil {
		return nil
	}
	args := *b.s.Database
	args.VpcID = b.net.VpcID
	args.SubnetIDs = b.net.DatabaseSubnetIDs
	args.AllowedSecurityGroups = b.appSecurityGroups()
	if endpoint := b.net.InterfaceEndpoints[secretsManager]; endpoint != nil {
		args.SecretsManagerRoute = []pulumi.Resource{endpoint}
	}
	args.Tags = b.tags()
	args.BackupTags = b.backupTags()
	return b.create(databaseName, args, func() (err error) {
		b.db, err = database.NewDatabase(b.ctx, databaseName, args)
		return err
	}, func() {
		b.db = placeholder[database.Database]()
		// Any sizes, port and logs: the alarms', the log retention's and
		// the peering's args only need them set.
		b.db.AllocatedStorageGiB, b.db.MaxConnections, b.db.ReplicaMaxConnections = 1, 1, 1
		b.db.ReadReplicas = b.s.Database.ReadReplicas // the alarms' replica keys
		b.db.Port = 1
		b.db.LogExports = []string{"log"}
	})
}

// databaseLogs gives the log groups RDS publishes the database's exported
// logs to, /aws/rds/instance/<identifier>/<log> for the primary and each
// replica, the stage's log retention: RDS creates them without one, and
// the program cannot declare them (components/logretention says why).
func (b *builder) databaseLogs() error {
	if b.db == nil {
		return nil
	}
	instances := []pulumi.StringInput{b.db.InstanceID}
	for i := 0; i < b.s.Database.ReadReplicas; i++ {
		instances = append(instances, b.db.ReplicaIDs.Index(pulumi.Int(i)))
	}
	var directories []logretention.Directory
	for _, id := range instances {
		directories = append(directories, logretention.Directory{Path: pulumi.Sprintf("/aws/rds/instance/%s/", id), Names: b.db.LogExports})
	}
	args := logretention.RetentionArgs{Directories: directories, Tags: b.tags()}
	return b.create(dbLogsName, args, func() error {
		_, err := logretention.NewRetention(b.ctx, dbLogsName, args)
		return err
	}, func() {})
}

// cacheTier puts the cache in the private subnets, reachable only from the app.
func (b *builder) cacheTier() error {
	if b.s.Cache == nil {
		return nil
	}
	args := b.cacheArgs(b.net, b.appSecurityGroups())
	return b.create(cacheName, args, func() (err error) {
		b.cache, err = cache.NewCache(b.ctx, cacheName, args)
		return err
	}, func() { b.cache = cachePlaceholder() })
}

// cacheArgs are the cache's args in the private subnets of net, admitting
// groups.
func (b *builder) cacheArgs(net *network.Network, groups map[string]pulumi.StringInput) cache.CacheArgs {
	args := *b.s.Cache
	args.VpcID = net.VpcID
	args.SubnetIDs = net.PrivateSubnetIDs
	args.AllowedSecurityGroups = groups
	args.Tags = b.tags()
	return args
}

// cachePlaceholder stands in for a cache in the checking pass.
func cachePlaceholder() *cache.Cache {
	c := placeholder[cache.Cache]()
	c.Nodes = 1 // any count: the alarms' args only need one
	return c
}

// sessionStore creates the DynamoDB session table.
func (b *builder) sessionStore() error {
	if b.s.Sessions == nil {
		return nil
	}
	args := *b.s.Sessions
	args.Tags = b.tags()
	args.BackupTags = b.backupTags()
	return b.create(sessionsName, args, func() (err error) {
		b.sessions, err = sessions.NewStore(b.ctx, sessionsName, args)
		return err
	}, func() { b.sessions = placeholder[sessions.Store]() })
}

// staticAssets serves CSS, JavaScript and images from S3 through CloudFront,
// on assets.<domain> when a domain is set.
func (b *builder) staticAssets() error {
	if b.s.Assets == nil {
		return nil
	}
	args := *b.s.Assets
	if b.edgeCert != nil {
		args.Aliases, args.CertificateARN = []string{"assets." + b.s.Domain.Name}, b.edgeCert.ARN
	}
	b.applyEdgeACL(&args)
	args.AccessLogBucket = b.logs.BucketName
	args.Failover = b.assetsFailover()
	args.Tags = b.tags()
	return b.create(assetsName, cdnIn{b.ctx, args}, func() (err error) {
		b.assets, err = cdn.NewCDN(b.ctx, assetsName, args)
		return err
	}, func() { b.assets = placeholder[cdn.CDN]() })
}

// cdnIn checks CDN args against the regions of its bucket and its
// failover copy, which needs lookups but no registration.
type cdnIn struct {
	ctx  *pulumi.Context
	args cdn.CDNArgs
}

func (c cdnIn) Validate(name string) error { return c.args.ValidateIn(c.ctx, name) }

// asyncWork creates the topics and, for each flow, the queue and worker that
// drain it.
func (b *builder) asyncWork() error {
	if b.s.Services == nil {
		return nil
	}
	b.topics = map[string]*messaging.Topic{}
	for _, name := range b.s.Services.Topics {
		args := messaging.TopicArgs{Tags: b.tags()}
		if err := b.create(name, args, func() (err error) {
			b.topics[name], err = messaging.NewTopic(b.ctx, name, args)
			return err
		}, func() { b.topics[name] = placeholder[messaging.Topic]() }); err != nil {
			return err
		}
	}
	b.flows = map[string]*messaging.Flow{}
	for _, name := range validate.Keys(b.s.Services.Flows) {
		f := b.s.Services.Flows[name]
		args := f.Args
		args.Topic = b.topics[f.Topic]
		args.Tags = b.tags()
		if err := b.create(name, args, func() (err error) {
			b.flows[name], err = messaging.NewFlow(b.ctx, name, args)
			return err
		}, func() { b.flows[name] = placeholder[messaging.Flow]() }); err != nil {
			return err
		}
	}
	return nil
}

// appConfig tells the app its endpoints through SSM parameters and grants
// its roles what they need to use them: logging in to the database as its
// own user, the cache, the session table, the topics it publishes to, X-Ray
// when tracing is on. No role may read a secret: the app holds no password.
func (b *builder) appConfig() error {
	if b.db == nil {
		return nil
	}
	args := b.configArgs(b.cache, b.app, b.appRoles())
	if err := b.dataValues(args.Values, args.Policies); err != nil {
		return err
	}
	return b.create(appConfigName, args, func() (err error) {
		b.config, err = appconfig.NewConfig(b.ctx, appConfigName, args)
		return err
	}, func() { b.config = configPlaceholder(args) })
}

// configArgs tell the app of one region where its backing services are:
// the database's writer and readers, that region's cache and app tier, the
// session table, the assets and the topics; and grant roles (the web
// tier's instances of that region) what using them takes.
func (b *builder) configArgs(c *cache.Cache, app *webtier.WebTier, roles map[string]pulumi.StringInput) appconfig.ConfigArgs {
	values := map[string]pulumi.StringInput{
		"db/writer":  b.db.Address,
		"db/readers": readers(b.db),
		"db/engine":  pulumi.String(b.db.Engine),
		"db/port":    pulumi.String(strconv.Itoa(b.db.Port)),
		"db/name":    pulumi.String(b.db.DatabaseName),
		// The app's own user, written once the bootstrap has created it, and
		// the region its IAM authentication tokens are signed for.
		"db/user":   b.db.AppUser,
		"db/region": pulumi.String(b.region),
	}
	policies := map[string]pulumi.StringInput{databaseName: b.db.AppConnectPolicyJSON}
	if c != nil {
		values["cache/primary"] = c.PrimaryEndpoint
		values["cache/reader"] = c.ReaderEndpoint
		values["cache/user"] = pulumi.String(c.AppUserName)
		policies[cacheName] = c.ConnectPolicy()
	}
	if b.assets != nil {
		values["assets/url"] = b.assets.URL
	}
	if b.sessions != nil {
		values["sessions/table"] = b.sessions.TableName
		policies[sessionsName] = b.sessions.ReadWritePolicy()
	}
	if app != nil {
		values["app/url"] = b.appURL(app)
	}
	if len(b.topics) > 0 {
		var topics []*messaging.Topic
		for _, name := range b.s.Services.Topics {
			values["topics/"+name] = b.topics[name].ARN
			topics = append(topics, b.topics[name])
		}
		policies["publish"] = messaging.PublishPolicy(topics...)
	}
	if b.s.Monitoring != nil && b.s.Monitoring.Tracing {
		policies["tracing"] = monitoring.TracingPolicy()
	}
	return appconfig.ConfigArgs{Path: b.paramPath(), Values: values, Roles: roles, Policies: policies, Tags: b.tags()}
}

// configPlaceholder stands in for an app config in the checking pass, with
// the grants it will hand out.
func configPlaceholder(args appconfig.ConfigArgs) *appconfig.Config {
	c := placeholder[appconfig.Config]()
	c.Grants = map[string]pulumi.StringInput{"read": pulumi.String("{}"), "logs": pulumi.String("{}")}
	for key, document := range args.Policies {
		c.Grants[key] = document
	}
	return c
}

// containerService runs the app tier on ECS Fargate (10m) behind the app tier's
// internal load balancer: its tasks register in the tier's target group,
// join the tier's targets group (which the load balancer reaches and the
// data stores admit), and run as a task role that holds what the app's
// config grants before the first task starts.
func (b *builder) containerService() error {
	if !b.appOnContainers() {
		return nil
	}
	args := b.appServiceArgs(b.net, b.app, b.region, b.config)
	return b.create(appServiceName, args, func() (err error) {
		b.appService, err = container.NewService(b.ctx, appServiceName, args)
		return err
	}, func() { b.appService = placeholder[container.Service]() })
}

// appServiceArgs are the container service's args in the region of net,
// behind that region's app tier, granted what that region's config grants.
// The tasks find their config under the stack's SSM path in their own
// region (CONFIG_PATH, AWS_REGION), reach the VPC's data stores on any port
// (their own security groups decide whom they admit) and HTTPS anywhere.
func (b *builder) appServiceArgs(net *network.Network, app *webtier.WebTier, region string, config *appconfig.Config) container.ServiceArgs {
	args := *b.s.Services.Container
	args.VpcID = net.VpcID
	args.SubnetIDs = net.PrivateSubnetIDs
	args.AllowedSecurityGroups = map[string]pulumi.StringInput{"lb": app.LoadBalancerSecurityGroupID}
	args.SecurityGroupIDs = map[string]pulumi.StringInput{"targets": app.InstanceSecurityGroupID}
	args.EgressCIDRs = map[string]string{"vpc": net.CIDR}
	args.LoadBalancer = app.ServiceTarget()
	args.Environment = map[string]pulumi.StringInput{
		"CONFIG_PATH": pulumi.String(b.paramPath()),
		"AWS_REGION":  pulumi.String(region),
	}
	args.TaskPolicies = config.Grants
	args.Tags = b.tags()
	return args
}

// readers is where the app sends reads: the replicas, comma-separated, or the
// writer while there are none (SSM refuses an empty value, and the app need
// not change when replicas arrive).
func readers(db *database.Database) pulumi.StringOutput {
	return pulumi.All(db.Address, db.ReplicaAddresses).ApplyT(func(v []interface{}) string {
		if replicas := v[1].([]string); len(replicas) > 0 {
			return strings.Join(replicas, ",")
		}
		return v[0].(string)
	}).(pulumi.StringOutput)
}

// appURL is where the web tier calls the app tier: app.<domain> over TLS
// when the stage has its certificate (which resolves, in each region, to
// that region's internal load balancer), else the internal load balancer's
// own name.
func (b *builder) appURL(app *webtier.WebTier) pulumi.StringInput {
	if b.cert != nil {
		return pulumi.String("https://app." + b.s.Domain.Name)
	}
	return pulumi.Sprintf("http://%s", app.DNSName)
}

// regionalFirewall puts the web ACL in front of the public load balancer.
func (b *builder) regionalFirewall() error {
	if b.s.Firewall == nil {
		return nil
	}
	args := b.firewallArgs(b.web)
	return b.create(aclName, args, func() error {
		_, err := firewall.NewWebACL(b.ctx, aclName, args)
		return err
	}, func() {})
}

// firewallArgs are the regional web ACL's args in front of web.
func (b *builder) firewallArgs(web *webtier.WebTier) firewall.WebACLArgs {
	args := *b.s.Firewall
	args.AssociatedResourceARNs = map[string]pulumi.StringInput{webName: web.LoadBalancerARN}
	args.Tags = b.tags()
	return args
}

// records points the domain at the stage's entry point: the launch site, the
// host's Elastic IP or the load balancer, always through the same apex record
// so that the switch is an in-place update; and, once servers have the
// apex, launch.<domain> at the launch site.
func (b *builder) records() error {
	if b.zone == nil {
		return nil
	}
	apex := dns.Record{}
	switch {
	case b.secondaryWeb != nil:
		// Two regions: the apex stays the simple record it always was and
		// points at the latency-routed name (globalRecords).
		apex.Alias = &dns.Alias{Record: originLabel, EvaluateTargetHealth: true}
	case b.web != nil:
		apex.Alias = b.web.Alias()
	case b.host != nil:
		apex.Values = pulumi.StringArray{b.host.PublicIP}
	case b.site != nil:
		apex.Alias = b.site.Alias()
	}
	records := []dns.Record{apex}
	// The site answers to launch.<domain> once servers have the apex, and
	// only with its certificate.
	if b.site != nil && b.s.Network != nil && b.edgeCert != nil {
		records = append(records, dns.Record{Name: "launch", Alias: b.site.Alias()})
	}
	if b.assets != nil {
		records = append(records, dns.Record{Name: "assets", Alias: b.assets.Alias()})
	}
	switch {
	case b.app != nil && b.secondaryApp != nil:
		records = append(records, dns.Record{Name: "app", Alias: &dns.Alias{Record: "app." + originLabel, EvaluateTargetHealth: true}})
	case b.app != nil:
		// The internal load balancer resolves to private addresses only.
		records = append(records, dns.Record{Name: "app", Alias: b.app.Alias()})
	}
	args := dns.RecordsArgs{ZoneID: b.zone.ZoneID, Domain: b.s.Domain.Name, Records: records, Tags: b.tags()}
	if b.secondaryWeb != nil {
		routed, checks := b.globalRecords()
		args.Records = append(args.Records, routed...)
		args.HealthChecks = checks
	}
	return b.create(recordsName, args, func() error {
		_, err := dns.NewRecords(b.ctx, recordsName, args)
		return err
	}, func() {})
}

// monitoring watches every tier the stage has.
func (b *builder) monitoring() error {
	if b.s.Monitoring == nil {
		return nil
	}
	args := *b.s.Monitoring
	args.Tags = b.tags()
	args.AccessLogBucket = b.logs.BucketName
	// A failed rotation leaves the old password in place without a sound,
	// so it pages wherever a password rotates: the stored master password
	// (from 10k, or with dbMasterPassword=stored) and the clusters' (10m).
	args.RotationFailures = b.s.Database != nil && b.s.Database.MasterPassword == database.MasterPasswordStored || b.data != nil
	if b.host != nil {
		args.Hosts = map[string]pulumi.StringInput{hostName: b.host.AlarmTarget()}
	}
	if b.db != nil {
		args.Database = b.db.AlarmTarget()
	}
	watchTiers(&args, b.web, b.app, b.appService, b.cache)
	if b.sessions != nil {
		args.Tables = map[string]pulumi.StringInput{sessionsName: b.sessions.AlarmTarget()}
	}
	b.dataAlarms(&args)
	if len(b.flows) > 0 {
		args.Queues = map[string]monitoring.QueueTarget{}
		args.Functions = map[string]pulumi.StringInput{}
		for name, f := range b.flows {
			args.Queues[name] = f.AlarmTarget()
			args.Functions[name] = f.FunctionName
		}
	}
	return b.create(monitoringName, args, func() (err error) {
		b.mon, err = monitoring.NewMonitoring(b.ctx, monitoringName, args)
		return err
	}, func() { b.mon = placeholder[monitoring.Monitoring]() })
}

// watchTiers adds the tiers of one region to its monitoring's args: each
// load balancer with its targets (the web tier's instances, and the app
// tier's, or from 10m its container service), the cache.
func watchTiers(args *monitoring.MonitoringArgs, web, app *webtier.WebTier, service *container.Service, c *cache.Cache) {
	args.LoadBalancers = map[string]monitoring.LoadBalancerTarget{}
	for key, tier := range map[string]*webtier.WebTier{webName: web, appName: app} {
		if tier != nil {
			args.LoadBalancers[key] = tier.AlarmTarget()
		}
	}
	if service != nil {
		args.Services = map[string]monitoring.ServiceTarget{appName: service.AlarmTarget()}
	}
	if c != nil {
		args.Caches = map[string]monitoring.CacheTarget{cacheName: c.AlarmTarget()}
	}
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
	return b.create(budgetName, args, func() error {
		_, err := budget.NewBudget(b.ctx, budgetName, args)
		return err
	}, func() {})
}
