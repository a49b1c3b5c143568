package stages

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/millionstack/millionstack/components/accesslogs"
	"github.com/millionstack/millionstack/components/appconfig"
	"github.com/millionstack/millionstack/components/backup"
	"github.com/millionstack/millionstack/components/budget"
	"github.com/millionstack/millionstack/components/cache"
	"github.com/millionstack/millionstack/components/cdn"
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
	"github.com/millionstack/millionstack/internal/policy"
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
	return b.create(args, func() (err error) {
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
	if err := b.create(zone, func() (err error) {
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
		if err := b.create(cert, func() (err error) {
			b.cert, err = dns.NewCertificate(b.ctx, certName, cert)
			return err
		}, func() { b.cert = placeholder[dns.Certificate]() }); err != nil {
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
	return b.create(edge, func() (err error) {
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
	return b.create(args, func() (err error) {
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
	return b.create(args, func() (err error) {
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
	return b.create(args, func() (err error) {
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
		args.WebACLArn = b.edgeACL.ARN
	}
}

// network lays out the VPC.
func (b *builder) network() error {
	if b.s.Network == nil {
		return nil
	}
	args := *b.s.Network
	args.Tags = b.tags()
	return b.create(inRegion{b.ctx, args}, func() (err error) {
		b.net, err = network.NewNetwork(b.ctx, networkName, args)
		return err
	}, func() {
		b.net = placeholder[network.Network]()
		b.net.AvailabilityZones = placeholderZones(b.region, args)
	})
}

// inRegion checks network args against the AZs the region really has
// (a 3-AZ stage in a 2-AZ region), which needs a lookup but no registration.
type inRegion struct {
	ctx  *pulumi.Context
	args network.NetworkArgs
}

func (c inRegion) Validate() error { return c.args.ValidateIn(c.ctx) }

// backupPlan creates the AWS Backup plan before the data stores, which
// carry its tag (backupTags).
func (b *builder) backupPlan() error {
	if b.s.Backup == nil {
		return nil
	}
	args := *b.s.Backup
	args.Tags = b.tags()
	return b.create(backupIn{b.ctx, args}, func() (err error) {
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

func (c backupIn) Validate() error { return c.args.ValidateIn(c.ctx) }

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
	return b.create(args, func() (err error) {
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
	args := *b.s.Web
	args.VpcID = b.net.VpcID
	args.LoadBalancerSubnetIDs = b.net.PublicSubnetIDs
	args.InstanceSubnetIDs = b.net.PrivateSubnetIDs
	if b.cert != nil {
		args.CertificateARN = b.cert.ARN
	}
	args.UserData = webUserData(b.region, b.paramPath())
	args.S3AccessLogBucket = b.logs.BucketName
	args.Tags = b.tags()
	return b.create(args, func() (err error) {
		b.web, err = webtier.NewWebTier(b.ctx, webName, args)
		return err
	}, func() { b.web = placeholder[webtier.WebTier]() })
}

// appTier is the 1m stage's internal service tier, reachable only from the web tier.
func (b *builder) appTier() error {
	if b.s.Services == nil {
		return nil
	}
	args := b.s.Services.App
	args.VpcID = b.net.VpcID
	args.LoadBalancerSubnetIDs = b.net.PrivateSubnetIDs
	args.InstanceSubnetIDs = b.net.PrivateSubnetIDs
	args.AllowedSecurityGroups = map[string]pulumi.StringInput{webName: b.web.InstanceSecurityGroupID}
	if b.cert != nil {
		args.CertificateARN = b.cert.ARN // the wildcard covers app.<domain>: TLS between tiers too
	}
	args.UserData = webUserData(b.region, b.paramPath())
	args.S3AccessLogBucket = b.logs.BucketName
	args.Tags = b.tags()
	return b.create(args, func() (err error) {
		b.app, err = webtier.NewWebTier(b.ctx, appName, args)
		return err
	}, func() { b.app = placeholder[webtier.WebTier]() })
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
	return b.create(args, func() (err error) {
		b.db, err = database.NewDatabase(b.ctx, databaseName, args)
		return err
	}, func() {
		b.db = placeholder[database.Database]()
		// Any sizes and logs: the alarms' and the log retention's args only
		// need them set.
		b.db.AllocatedStorageGiB, b.db.MaxConnections, b.db.ReplicaMaxConnections = 1, 1, 1
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
	return b.create(args, func() error {
		_, err := logretention.NewRetention(b.ctx, dbLogsName, args)
		return err
	}, func() {})
}

// cacheTier puts the cache in the private subnets, reachable only from the app.
func (b *builder) cacheTier() error {
	if b.s.Cache == nil {
		return nil
	}
	args := *b.s.Cache
	args.VpcID = b.net.VpcID
	args.SubnetIDs = b.net.PrivateSubnetIDs
	args.AllowedSecurityGroups = b.appSecurityGroups()
	args.Tags = b.tags()
	return b.create(args, func() (err error) {
		b.cache, err = cache.NewCache(b.ctx, cacheName, args)
		return err
	}, func() {
		b.cache = placeholder[cache.Cache]()
		b.cache.Nodes = 1 // any count: the alarms' args only need one
	})
}

// sessionStore creates the DynamoDB session table.
func (b *builder) sessionStore() error {
	if b.s.Sessions == nil {
		return nil
	}
	args := *b.s.Sessions
	args.Tags = b.tags()
	args.BackupTags = b.backupTags()
	return b.create(args, func() (err error) {
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
	return b.create(cdnIn{b.ctx, args}, func() (err error) {
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

func (c cdnIn) Validate() error {
	if err := c.args.ValidateIn(c.ctx); err != nil {
		return fmt.Errorf("%s: %w", assetsName, err)
	}
	return nil
}

// asyncWork creates the topics and, for each flow, the queue and worker that
// drain it.
func (b *builder) asyncWork() error {
	if b.s.Services == nil {
		return nil
	}
	b.topics = map[string]*messaging.Topic{}
	for _, name := range b.s.Services.Topics {
		args := messaging.TopicArgs{Tags: b.tags()}
		if err := b.create(args, func() (err error) {
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
		if err := b.create(args, func() (err error) {
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
		values["app/url"] = b.appURL()
	}
	if len(b.topics) > 0 {
		var arns []pulumi.StringInput
		for _, name := range b.s.Services.Topics {
			values["topics/"+name] = b.topics[name].ARN
			arns = append(arns, b.topics[name].ARN)
		}
		policies["publish"] = publishPolicy(arns)
	}
	if b.s.Monitoring != nil && b.s.Monitoring.Tracing {
		policies["tracing"] = pulumi.String(tracingPolicy)
	}
	if err := b.dataValues(values, policies); err != nil {
		return err
	}
	args := appconfig.ConfigArgs{Path: b.paramPath(), Values: values, Roles: b.appRoles(), Policies: policies, Tags: b.tags()}
	return b.create(args, func() error {
		_, err := appconfig.NewConfig(b.ctx, appConfigName, args)
		return err
	}, func() {})
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
// when the stage has its certificate, else the internal load balancer's own
// name.
func (b *builder) appURL() pulumi.StringInput {
	if b.cert != nil {
		return pulumi.String("https://app." + b.s.Domain.Name)
	}
	return pulumi.Sprintf("http://%s", b.app.DNSName)
}

// publishPolicy lets the app publish to the stage's topics and nothing else.
func publishPolicy(topicARNs []pulumi.StringInput) pulumi.StringOutput {
	all := make([]interface{}, len(topicARNs))
	for i, a := range topicARNs {
		all[i] = a
	}
	return pulumi.All(all...).ApplyT(func(arns []interface{}) (string, error) {
		return policy.Document{Statement: []policy.Statement{{
			Effect: "Allow", Action: []string{"sns:Publish"}, Resource: arns,
		}}}.JSON()
	}).(pulumi.StringOutput)
}

// tracingPolicy lets the app's X-Ray daemon send traces (the actions of the
// AWS managed AWSXRayDaemonWriteAccess policy, which take no resource).
var tracingPolicy = mustJSON(policy.Document{Statement: []policy.Statement{{
	Effect: "Allow",
	Action: []string{
		"xray:PutTraceSegments", "xray:PutTelemetryRecords",
		"xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries",
	},
	Resource: "*",
}}})

func mustJSON(d policy.Document) string {
	s, err := d.JSON()
	if err != nil {
		panic(err)
	}
	return s
}

// regionalFirewall puts the web ACL in front of the public load balancer.
func (b *builder) regionalFirewall() error {
	if b.s.Firewall == nil {
		return nil
	}
	args := *b.s.Firewall
	args.AssociatedResourceARNs = map[string]pulumi.StringInput{webName: b.web.LoadBalancerARN}
	args.Tags = b.tags()
	return b.create(args, func() error {
		_, err := firewall.NewWebACL(b.ctx, aclName, args)
		return err
	}, func() {})
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
	case b.web != nil:
		apex.Alias = &dns.Alias{DNSName: b.web.DNSName, ZoneID: b.web.ZoneID, EvaluateTargetHealth: true}
	case b.host != nil:
		apex.Values = pulumi.StringArray{b.host.PublicIP}
	case b.site != nil:
		apex.Alias = &dns.Alias{DNSName: b.site.DomainName, ZoneID: b.site.HostedZoneID}
	}
	records := []dns.Record{apex}
	// The site answers to launch.<domain> once servers have the apex, and
	// only with its certificate.
	if b.site != nil && b.s.Network != nil && b.edgeCert != nil {
		records = append(records, dns.Record{Name: "launch", Alias: &dns.Alias{DNSName: b.site.DomainName, ZoneID: b.site.HostedZoneID}})
	}
	if b.assets != nil {
		records = append(records, dns.Record{Name: "assets", Alias: &dns.Alias{DNSName: b.assets.DomainName, ZoneID: b.assets.HostedZoneID}})
	}
	if b.app != nil {
		// The internal load balancer resolves to private addresses only.
		records = append(records, dns.Record{Name: "app", Alias: &dns.Alias{DNSName: b.app.DNSName, ZoneID: b.app.ZoneID, EvaluateTargetHealth: true}})
	}
	args := dns.RecordsArgs{ZoneID: b.zone.ZoneID, Domain: b.s.Domain.Name, Records: records}
	return b.create(args, func() error {
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
	if b.host != nil {
		args.Hosts = map[string]pulumi.StringInput{hostName: b.host.InstanceID}
	}
	if b.db != nil {
		replicas := map[string]pulumi.StringInput{}
		for i := 0; i < b.s.Database.ReadReplicas; i++ {
			replicas[strconv.Itoa(i+1)] = b.db.ReplicaIDs.Index(pulumi.Int(i))
		}
		args.Database = &monitoring.DatabaseTarget{InstanceID: b.db.InstanceID, ReplicaIDs: replicas, AllocatedStorageGiB: b.db.AllocatedStorageGiB, MaxConnections: b.db.MaxConnections, ReplicaMaxConnections: b.db.ReplicaMaxConnections}
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
	b.dataAlarms(&args)
	if len(b.flows) > 0 {
		args.Queues = map[string]monitoring.QueueTarget{}
		args.Functions = map[string]pulumi.StringInput{}
		for name, f := range b.flows {
			args.Queues[name] = monitoring.QueueTarget{QueueName: f.QueueName, DeadLetterQueueName: f.DeadLetterQueueName}
			args.Functions[name] = f.FunctionName
		}
	}
	return b.create(args, func() (err error) {
		b.mon, err = monitoring.NewMonitoring(b.ctx, monitoringName, args)
		return err
	}, func() { b.mon = placeholder[monitoring.Monitoring]() })
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
	return b.create(args, func() error {
		_, err := budget.NewBudget(b.ctx, budgetName, args)
		return err
	}, func() {})
}
