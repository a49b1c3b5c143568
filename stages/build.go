package stages

import (
	"errors"
	"reflect"

	"github.com/millionstack/millionstack/components/accesslogs"
	"github.com/millionstack/millionstack/components/appconfig"
	"github.com/millionstack/millionstack/components/backup"
	"github.com/millionstack/millionstack/components/cache"
	"github.com/millionstack/millionstack/components/cdn"
	"github.com/millionstack/millionstack/components/container"
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
	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Logical names of the stage's components. They never change between stages:
// a component's name is part of the URN of everything it creates.
const (
	accessLogsName = "access-logs"
	zoneName       = "zone"
	certName       = "cert"
	edgeCertName   = "edge-cert"
	edgeACLName    = "edge-waf"
	apiName        = "api"
	siteName       = "site"
	networkName    = "network"
	backupName     = "backup"
	hostName       = "host"
	webName        = "web"
	appName        = "app"
	databaseName   = "db"
	dbLogsName     = "db-logs"
	cacheName      = "cache"
	sessionsName   = "sessions"
	assetsName     = "assets"
	appConfigName  = "appconfig"
	aclName        = "waf"
	recordsName    = "dns"
	monitoringName = "monitoring"
	budgetName     = "budget"
	appServiceName = "app-service"
)

// secretsManager is the network's interface endpoint for Secrets Manager.
const secretsManager = "secretsmanager"

// builder composes a stage's components in a fixed order (compose.go), each
// switched on by its settings, and keeps what later steps need from earlier
// ones.
type builder struct {
	ctx    *pulumi.Context
	s      Settings
	region string
	// checking is the first pass: every step computes its component's args
	// exactly as it will build them, but validates instead of registering,
	// and leaves a stand-in for the steps after it.
	checking bool
	problems []error

	logs     *accesslogs.Bucket
	zone     *dns.Zone
	cert     *dns.Certificate
	edgeCert *dns.Certificate
	edgeACL  *firewall.WebACL
	api      *function.Function
	site     *cdn.CDN
	net      *network.Network
	backup   *backup.Plan
	host     *host.Host
	web      *webtier.WebTier
	app      *webtier.WebTier
	db       *database.Database
	cache    *cache.Cache
	sessions *sessions.Store
	assets   *cdn.CDN
	topics   map[string]*messaging.Topic
	flows    map[string]*messaging.Flow
	config   *appconfig.Config
	mon      *monitoring.Monitoring
	// appService is the app tier's container service (10m).
	appService *container.Service

	// The second region (10m): its provider, created before the steps
	// (build), its name, and what the steps build there (secondary.go).
	secondary           *aws.Provider
	secondaryRegion     string
	secondaryLogs       *accesslogs.Bucket
	secondaryCert       *dns.Certificate
	secondaryNet        *network.Network
	secondaryWeb        *webtier.WebTier
	secondaryApp        *webtier.WebTier
	secondaryCache      *cache.Cache
	secondaryConfig     *appconfig.Config
	secondaryAppService *container.Service
	secondaryMon        *monitoring.Monitoring
	// data is the 10m data tier (compose_data.go), nil below 10m.
	data *dataTier
}

// build turns settings into resources in two passes over the same steps:
// the first validates every component's args, wired exactly as they will be,
// and reports all problems together; only when there are none does the
// second pass register anything.
func build(ctx *pulumi.Context, s Settings) error {
	region, err := aws.GetRegion(ctx, nil)
	if err != nil {
		return err
	}
	// The second region's provider comes first: both passes ask it about
	// its region (its AZs). A provider is configuration: it creates nothing
	// in AWS.
	if err := checkSecondary(s, region.Name); err != nil {
		return err
	}
	var secondary *aws.Provider
	secondaryRegion := ""
	if s.Secondary != nil {
		secondaryRegion = s.Secondary.Region
		if secondary, err = awsprovider.ForRegion(ctx, secondaryProviderName, secondaryRegion); err != nil {
			return err
		}
	}
	check := &builder{ctx: ctx, s: s, region: region.Name, checking: true, secondary: secondary, secondaryRegion: secondaryRegion}
	if err := check.run(); err != nil {
		return err
	}
	b := &builder{ctx: ctx, s: s, region: region.Name, secondary: secondary, secondaryRegion: secondaryRegion}
	if err := b.run(); err != nil {
		return err
	}
	b.exports()
	return nil
}

// run takes the steps in their fixed order, which is the data flow: the
// access-log bucket before every bucket that logs into it, certificates and
// the edge firewall before the distributions that use them,
// the network before what lives in it, the app tiers before the data stores
// that admit them, the app's config before the container tasks that hold
// its grants, everything before the alarms that watch it. Each step of the
// second region follows its counterpart in the first.
func (b *builder) run() error {
	second := b.inSecondRegion
	for _, step := range []func() error{
		b.accessLogs, second(b.secondaryAccessLogs), b.domain, b.edgeFirewall, b.serverless, b.launchSite,
		b.network, second(b.secondaryNetwork), b.backupPlan, b.singleHost,
		b.webTier, second(b.secondaryWebTier), b.appTier, second(b.secondaryAppTier),
		b.database, b.databaseLogs, b.federation, b.usersReplica, b.clusterLogs, second(b.peering),
		b.cacheTier, second(b.secondaryCacheTier), b.sessionStore, b.hotTables, b.staticAssets, b.asyncWork,
		b.appConfig, second(b.secondaryAppConfig), b.containerService, second(b.secondaryContainerService),
		b.regionalFirewall, second(b.secondaryFirewall), b.records,
		b.monitoring, second(b.secondaryMonitoring), b.budget,
	} {
		if err := step(); err != nil {
			if !b.checking {
				return err
			}
			b.problems = append(b.problems, err)
		}
	}
	return errors.Join(b.problems...)
}

// inSecondRegion wraps a step of the second region, so that its problems
// say which region they are in.
func (b *builder) inSecondRegion(step func() error) func() error {
	return func() error { return b.secondaryError(step()) }
}

// validator is what every component's Args offer: defaults plus validation
// of the component called name, with nothing registered.
type validator interface{ Validate(name string) error }

// create registers the component name; in the checking pass it validates
// the args instead and lets standIn put a placeholder in the component's
// place.
func (b *builder) create(name string, args validator, register func() error, standIn func()) error {
	if b.checking {
		standIn()
		return args.Validate(name)
	}
	return register()
}

// placeholder returns a component value for the checking pass: its output
// fields are resolved to empty values (so later steps can wire and combine
// them) and its plain fields are zero unless the caller sets them.
func placeholder[T any]() *T {
	v := new(T)
	fields := reflect.ValueOf(v).Elem()
	for i := 0; i < fields.NumField(); i++ {
		f := fields.Field(i)
		if !f.CanSet() {
			continue
		}
		switch f.Interface().(type) {
		case pulumi.StringOutput:
			f.Set(reflect.ValueOf(pulumi.String("").ToStringOutput()))
		case pulumi.StringArrayOutput:
			f.Set(reflect.ValueOf(pulumi.StringArray{}.ToStringArrayOutput()))
		}
	}
	return v
}

// tags marks every resource with the stack that owns it, for cost
// allocation. (Not with the stage: a tag that changes at every upgrade would
// touch every resource and bury the real changes in the diff.)
func (b *builder) tags() map[string]string {
	return map[string]string{"millionstack:stack": b.ctx.Stack()}
}

// paramPath is where the app finds its endpoints.
func (b *builder) paramPath() string { return "/millionstack/" + b.ctx.Stack() }

// exports are the stack outputs a user needs after `pulumi up`.
func (b *builder) exports() {
	b.ctx.Export("stage", pulumi.String(b.s.Name))
	if b.zone != nil {
		b.ctx.Export("nameServers", b.zone.NameServers) // to delegate a zone created here
	}
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
		// For operators: only the database's bootstrap and rotation
		// functions may read it; the app logs in as databaseAppUser.
		b.ctx.Export("databaseMasterSecretArn", b.db.MasterSecretARN)
		b.ctx.Export("databaseAppUser", b.db.AppUser)
		b.ctx.Export("appConfigPath", pulumi.String(b.paramPath()))
	}
	if b.site != nil {
		b.ctx.Export("siteUrl", b.site.URL)
		b.ctx.Export("siteBucket", b.site.BucketName)
	}
	if b.assets != nil {
		b.ctx.Export("assetsUrl", b.assets.URL)
		b.ctx.Export("assetsBucket", b.assets.BucketName)
	}
	if b.mon != nil {
		b.ctx.Export("alarmTopicArn", b.mon.TopicARN)
	}
	b.secondaryExports()
}
