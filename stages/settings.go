package stages

import (
	"github.com/millionstack/millionstack/components/backup"
	"github.com/millionstack/millionstack/components/budget"
	"github.com/millionstack/millionstack/components/cache"
	"github.com/millionstack/millionstack/components/cdn"
	"github.com/millionstack/millionstack/components/container"
	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/components/firewall"
	"github.com/millionstack/millionstack/components/function"
	"github.com/millionstack/millionstack/components/host"
	"github.com/millionstack/millionstack/components/messaging"
	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/components/network"
	"github.com/millionstack/millionstack/components/sessions"
	"github.com/millionstack/millionstack/components/webtier"
)

// Settings is one rung of the ladder as data: which components a stage has
// and how big they are. A nil pointer means the stage does not have that
// piece. Each stage function starts from the stage below and changes only what
// the next order of magnitude needs, and one build function turns Settings
// into resources, so the same resource always comes from the same code with
// the same logical name: that is what lets a live stack grow in place.
//
// The component Args carry only plain settings here (sizes, counts, switches);
// build wires in the IDs that come from other components (VPC, subnets,
// security groups, certificates).
type Settings struct {
	// Name is the stage's name on the ladder and the default stack name ("10k").
	Name string
	// Users is the audience the stage is sized for ("10,000-100,000").
	Users string
	// Summary says in one line what the stage adds.
	Summary string

	// Site is the static launch site on S3 + CloudFront (prelaunch on; kept,
	// with its bucket, when the app moves onto servers).
	Site *cdn.CDNArgs
	// API is the serverless API of the prelaunch site, reachable only through
	// CloudFront (Origin Access Control to an IAM-authenticated function URL).
	API *function.FunctionArgs

	// Network is the VPC every server-based stage lives in.
	Network *network.NetworkArgs
	// Host is the single EC2 instance of the early stages.
	Host *host.HostArgs
	// Database is the managed relational database (RDS).
	Database *database.DatabaseArgs
	// Web is the load-balanced, auto-scaled web tier that replaces the host.
	Web *webtier.WebTierArgs
	// Cache holds sessions and hot reads in ElastiCache.
	Cache *cache.CacheArgs
	// Assets is the CDN for static content (CSS, JavaScript, images).
	Assets *cdn.CDNArgs
	// Sessions is the DynamoDB session store.
	Sessions *sessions.StoreArgs
	// Services is the service-oriented tier: an internal load-balanced app tier
	// and asynchronous work through topics, queues and Lambda workers.
	Services *ServicesSettings

	// Data is the 10m data tier: federation, shards, hot tables and the
	// copies of the data stores in the second region. Built by
	// compose_data.go.
	Data *DataSettings

	// Backup is the AWS Backup plan of the stage's data stores (the host's
	// data volume, the database, the session table), which select
	// themselves by the plan's tag.
	Backup *backup.PlanArgs

	// Monitoring holds the stage's switches (dashboard, tracing, audit trail);
	// build adds an alarm target for every tier the stage has.
	Monitoring *monitoring.MonitoringArgs
	// Firewall is the regional web ACL in front of the public load balancer.
	Firewall *firewall.WebACLArgs
	// EdgeFirewall is the CloudFront-scope web ACL in front of the CDNs.
	EdgeFirewall *firewall.WebACLArgs
	// Budget is the monthly cost budget with alerts.
	Budget *budget.BudgetArgs

	// Secondary is the second region the stage runs in as well (10m): the
	// same network layout, web tier, app tier and cache as the stack's own
	// region, with the same settings, through a provider of its own.
	Secondary *SecondarySettings

	// Domain is set from config: the DNS name the stage answers on.
	Domain DomainSettings
}

// SecondarySettings place the stage's second region.
type SecondarySettings struct {
	// Region is the second region (config secondaryRegion): another region
	// than the stack's, with at least three Availability Zones. Changing it
	// on a live stack replaces everything in the second region (a provider
	// cannot move to another region in place).
	Region string
	// CIDR is the second region's VPC range (config secondaryVpcCidr). It
	// must not overlap the first region's: the two may be peered later, and
	// a replica's or a tunnel's routes need distinct ranges. Fixed once
	// deployed.
	CIDR string
}

// Defaults of SecondarySettings.
const (
	DefaultSecondaryRegion = "us-west-2"
	DefaultSecondaryCIDR   = "10.1.0.0/16"
)

// DomainSettings come from config only: with no domain a stage creates no DNS
// records and no certificates, and is reached on AWS-generated names.
type DomainSettings struct {
	// Name is the apex domain ("example.com"); empty means no DNS.
	Name string
	// CreateZone creates the Route 53 hosted zone instead of looking it up.
	CreateZone bool
	// Delegated says that the domain's registrar names a created zone's name
	// servers (the stack output nameServers). Until then the stage issues no
	// certificates: ACM validates one through a record in the zone, which
	// nobody can resolve before the delegation, so `pulumi up` would wait
	// for it until ACM gives up.
	Delegated bool
}

// IssueCertificates reports whether the stage can have its certificates: a
// domain whose zone the internet resolves, because it was looked up (a
// domain registered with Route 53) or created and then delegated.
func (d DomainSettings) IssueCertificates() bool {
	return d.Name != "" && (!d.CreateZone || d.Delegated)
}

// ServicesSettings describe the 1m stage's service tier.
type ServicesSettings struct {
	// App is the internal application tier the public web tier calls through
	// an internal load balancer: its instances, or with Container the load
	// balancer alone (Targets webtier.TargetsIP).
	App webtier.WebTierArgs
	// Container, when set, runs the app tier on ECS Fargate behind App's
	// load balancer (10m): the service's sizes and image (config appImage,
	// appCpu, appMemory, createEcsServiceLinkedRole); build wires the rest.
	Container *container.ServiceArgs
	// Topics are the SNS topics events are published to, by name.
	Topics []string
	// Flows are the asynchronous jobs: each drains a queue subscribed to a
	// topic into a Lambda worker. Keyed by flow name.
	Flows map[string]FlowSettings
}

// FlowSettings bind one asynchronous job to the topic that feeds it.
type FlowSettings struct {
	// Topic is the name of one of ServicesSettings.Topics.
	Topic string
	// Args size the queue and the worker.
	Args messaging.FlowArgs
}
