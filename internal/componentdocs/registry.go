package componentdocs

import (
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
	"github.com/millionstack/millionstack/components/nosql"
	"github.com/millionstack/millionstack/components/sessions"
	"github.com/millionstack/millionstack/components/webtier"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The registry: for every Args type of every package under components/,
// keyed "<package>.<Args type>", a fixture (Base: args the component
// accepts, with as few fields set as it takes; Register: the program that
// registers it, after what it needs) and, for the fields a rule cannot
// change (IDs, names, ARNs, lists, maps, nested structs), the alternates
// the probe tries. tests/docs_test.go fails when an Args type has no
// entry.
//
// The alternates are values a real account could hold: IDs and ARNs of the
// right shape, in the fixture's region (the mocks deploy to us-east-1, in
// account 123456789012; replicas and secondaries to us-west-2), classes and
// versions the components accept.

// Alternates shared by the entries.
const (
	vpc      = "vpc-0123456789abcdef0"
	otherVpc = "vpc-0fedcba9876543210"
	subnetA  = "subnet-0123456789abcdef0"
	subnetB  = "subnet-0123456789abcdef1"
	subnetC  = "subnet-0123456789abcdef2"
	callerSG = "sg-0fedcba9876543210"
	otherSG  = "sg-0aaaaaaaaaaaaaaaa"
	ownSG    = "sg-0123456789abcdef0"
	keyARN   = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	westKey  = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	roleARN  = "arn:aws:iam::123456789012:role/"
	zoneID   = "Z0123456789ABCDEFGHIJ"
	certARN  = "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab"
	albDNS   = "web-123456789.us-east-1.elb.amazonaws.com"
	// readPolicy is a policy document a caller hands a component to attach.
	readPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/sessions"}]}`
)

// ids is a list of IDs as a Pulumi input.
func ids(v ...string) pulumi.StringArrayInput { return pulumi.ToStringArray(v) }

// inputs is a map of string inputs: key, value, key, value...
func inputs(kv ...string) map[string]pulumi.StringInput {
	out := map[string]pulumi.StringInput{}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = pulumi.String(kv[i+1])
	}
	return out
}

// west registers the provider of the second region the replicas and
// secondaries deploy to.
func west(ctx *pulumi.Context) (*aws.Provider, error) {
	return aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
}

// registry is every Args type's entry.
var registry = map[string]entry{
	"accesslogs.BucketArgs": Spec[accesslogs.BucketArgs]{
		Register: func(ctx *pulumi.Context, a accesslogs.BucketArgs) error {
			_, err := accesslogs.NewBucket(ctx, "access-logs", a)
			return err
		},
		Base: func() accesslogs.BucketArgs { return accesslogs.BucketArgs{} },
		Probes: map[string]Probe[accesslogs.BucketArgs]{
			"ExistingBucketName": {Values: []any{"org-access-logs"}},
		},
	},

	"appconfig.ConfigArgs": Spec[appconfig.ConfigArgs]{
		Register: func(ctx *pulumi.Context, a appconfig.ConfigArgs) error {
			_, err := appconfig.NewConfig(ctx, "appconfig", a)
			return err
		},
		Base: func() appconfig.ConfigArgs {
			return appconfig.ConfigArgs{
				Path:   "/shop/prod",
				Values: inputs("db/writer", "orders.abcdefghij.us-east-1.rds.amazonaws.com"),
				Roles:  inputs("web", "web-instances"),
			}
		},
		Probes: map[string]Probe[appconfig.ConfigArgs]{
			"Path":                 {Values: []any{"/shop/staging"}},
			"Values":               {Values: []any{inputs("db/writer", "orders.abcdefghij.us-east-1.rds.amazonaws.com", "cache/primary", "master.sessions.abcdef.use1.cache.amazonaws.com")}},
			"Roles":                {Values: []any{inputs("web", "web-instances", "app", "app-tasks")}},
			"Policies":             {Values: []any{inputs("sessions", readPolicy)}},
			"ExistingLogKMSKeyARN": {Values: []any{keyARN}},
		},
	},

	"backup.PlanArgs": Spec[backup.PlanArgs]{
		Register: func(ctx *pulumi.Context, a backup.PlanArgs) error {
			_, err := backup.NewPlan(ctx, "backup", a)
			return err
		},
		Base: func() backup.PlanArgs { return backup.PlanArgs{} },
		Probes: map[string]Probe[backup.PlanArgs]{
			"CopyRegion":        {Values: []any{"us-west-2"}},
			"ExistingVaultName": {Values: []any{"prod-backups"}},
			"ExistingKMSKeyARN": {Values: []any{keyARN}},
			"ExistingRoleARN":   {Values: []any{roleARN + "service-role/AWSBackupDefaultServiceRole"}},
		},
	},

	"budget.BudgetArgs": Spec[budget.BudgetArgs]{
		Register: func(ctx *pulumi.Context, a budget.BudgetArgs) error {
			_, err := budget.NewBudget(ctx, "budget", a)
			return err
		},
		Base: func() budget.BudgetArgs {
			return budget.BudgetArgs{MonthlyLimitUSD: 200, AlertTopicARN: pulumi.String("arn:aws:sns:us-east-1:123456789012:on-call")}
		},
		Probes: map[string]Probe[budget.BudgetArgs]{
			"AlertTopicARN": {Values: []any{"arn:aws:sns:us-east-1:123456789012:finance"}},
			"AlertEmails":   {Values: []any{[]string{"finance@example.com"}}},
		},
	},

	"cache.CacheArgs": Spec[cache.CacheArgs]{
		Register: func(ctx *pulumi.Context, a cache.CacheArgs) error {
			_, err := cache.NewCache(ctx, "sessions", a)
			return err
		},
		Base: func() cache.CacheArgs {
			return cache.CacheArgs{VpcID: pulumi.String(vpc), SubnetIDs: ids(subnetA, subnetB), AllowedSecurityGroups: inputs("web", callerSG)}
		},
		Probes: map[string]Probe[cache.CacheArgs]{
			"VpcID":                 {Values: []any{otherVpc}},
			"SubnetIDs":             {Values: []any{[]string{subnetA, subnetB, subnetC}}},
			"AllowedSecurityGroups": {Values: []any{inputs("web", callerSG, "app", otherSG)}},
			"EngineVersion":         {Values: []any{"7.0"}},
			"NodeType":              {Values: []any{"cache.r7g.large"}},
			"ExistingSecurityGroupID": {Edits: []Edit[cache.CacheArgs]{{
				Note: "to a group of your own, AllowedSecurityGroups dropped",
				Apply: func(_ *pulumi.Context, a *cache.CacheArgs) error {
					a.ExistingSecurityGroupID, a.AllowedSecurityGroups = pulumi.String(ownSG), nil
					return nil
				},
			}}},
			"ExistingSubnetGroupName": {Edits: []Edit[cache.CacheArgs]{{
				Note: "to a subnet group of your own, SubnetIDs dropped",
				Apply: func(_ *pulumi.Context, a *cache.CacheArgs) error {
					a.ExistingSubnetGroupName, a.SubnetIDs = pulumi.String("app-private"), nil
					return nil
				},
			}}},
			"ExistingParameterGroupName": {Values: []any{"app-redis7"}},
			"ExistingKMSKeyARN":          {Values: []any{keyARN}},
			"ExistingLogKMSKeyARN":       {Values: []any{keyARN}},
		},
	},

	"cdn.CDNArgs": Spec[cdn.CDNArgs]{
		Register: func(ctx *pulumi.Context, a cdn.CDNArgs) error {
			_, err := cdn.NewCDN(ctx, "assets", a)
			return err
		},
		Base: func() cdn.CDNArgs { return cdn.CDNArgs{} },
		Probes: map[string]Probe[cdn.CDNArgs]{
			"BucketName":         {Values: []any{"acme-assets-0123"}},
			"ExistingBucketName": {Values: []any{"acme-assets"}},
			"DefaultRootObject":  {Values: []any{"index.html"}},
			"Aliases": {
				Given:     func(a *cdn.CDNArgs) { a.CertificateARN = pulumi.String(certARN) },
				GivenNote: "with a CertificateARN",
				Values:    []any{[]string{"static.example.com"}},
			},
			"CertificateARN":        {Values: []any{certARN}},
			"ExistingLogBucketName": {Values: []any{"acme-cloudfront-logs"}},
			"ExistingKMSKeyARN":     {Values: []any{keyARN}},
			"AccessLogBucket":       {Values: []any{"acme-access-logs"}},
			"WebACLARN":             {Values: []any{"arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1234abcd-12ab-34cd-56ef-1234567890ab"}},
			"LoadBalancerOrigin": {Values: []any{&cdn.LoadBalancerOrigin{
				DomainName: pulumi.String(albDNS), PathPatterns: []string{"/api/*"}, HTTPS: true,
			}}},
			"FunctionOrigin": {Values: []any{&cdn.FunctionOrigin{
				FunctionName: pulumi.String("render"), URLDomain: pulumi.String("abc123.lambda-url.us-east-1.on.aws"), PathPatterns: []string{"/render/*"},
			}}},
			"Failover": {Edits: []Edit[cdn.CDNArgs]{{
				Note: "to a copy in us-west-2",
				Apply: func(ctx *pulumi.Context, a *cdn.CDNArgs) error {
					p, err := west(ctx)
					a.Failover = &cdn.Failover{Provider: p, AccessLogBucket: pulumi.String("acme-access-logs-west")}
					return err
				},
			}}},
		},
	},

	"container.ServiceArgs": Spec[container.ServiceArgs]{
		Register: func(ctx *pulumi.Context, a container.ServiceArgs) error {
			_, err := container.NewService(ctx, "app", a)
			return err
		},
		Base: func() container.ServiceArgs {
			return container.ServiceArgs{VpcID: pulumi.String(vpc), SubnetIDs: ids(subnetA, subnetB), AllowedSecurityGroups: inputs("lb", callerSG)}
		},
		Probes: map[string]Probe[container.ServiceArgs]{
			"VpcID":                 {Values: []any{otherVpc}},
			"SubnetIDs":             {Values: []any{[]string{subnetA, subnetB, subnetC}}},
			"AllowedSecurityGroups": {Values: []any{inputs("lb", callerSG, "workers", otherSG)}},
			"SecurityGroupIDs":      {Values: []any{inputs("targets", otherSG)}},
			"EgressCIDRs":           {Values: []any{map[string]string{"vpc": "10.0.0.0/16"}}},
			"ExistingSecurityGroupID": {Edits: []Edit[container.ServiceArgs]{{
				Note: "to a group of your own, AllowedSecurityGroups dropped",
				Apply: func(_ *pulumi.Context, a *container.ServiceArgs) error {
					a.ExistingSecurityGroupID, a.AllowedSecurityGroups = pulumi.String(ownSG), nil
					return nil
				},
			}}},
			"ExistingClusterARN":       {Values: []any{"arn:aws:ecs:us-east-1:123456789012:cluster/shared"}},
			"ExistingTaskRoleARN":      {Values: []any{roleARN + "app-task"}},
			"ExistingExecutionRoleARN": {Values: []any{roleARN + "app-execution"}},
			"ExistingKMSKeyARN":        {Values: []any{keyARN}},
			"LoadBalancer":             {Values: []any{serviceTarget()}},
			"Image":                    {Values: []any{"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.4.2"}},
			"Command":                  {Values: []any{[]string{"nginx", "-g", "daemon off;"}}},
			"Environment":              {Values: []any{inputs("CONFIG_PATH", "/shop/prod")}},
			"User":                     {Values: []any{"1000"}},
			"WritablePaths":            {Values: []any{[]string{"/var/cache/nginx", "/var/run", "/etc/nginx/conf.d", "/tmp"}}},
			"HealthCheck": {Values: []any{&container.HealthCheck{
				Command: []string{"CMD-SHELL", "curl -fsS http://localhost/health > /dev/null || exit 1"}, IntervalSeconds: 15,
			}}},
			"CPU": {Values: []any{256, 1024}},
			"RequestsPerTarget": {
				Given:     func(a *container.ServiceArgs) { a.LoadBalancer = serviceTarget() },
				GivenNote: "with a LoadBalancer",
				Values:    []any{1000},
			},
			"HealthCheckGracePeriodSeconds": {
				Given:     func(a *container.ServiceArgs) { a.LoadBalancer = serviceTarget() },
				GivenNote: "with a LoadBalancer",
				Values:    []any{120},
			},
			"EnableExecuteCommand": {
				Given:     func(a *container.ServiceArgs) { a.ReadonlyRootFilesystem = pulumi.BoolRef(false) },
				GivenNote: "with ReadonlyRootFilesystem false",
			},
			"TaskPolicies": {Values: []any{inputs("sessions", readPolicy)}},
		},
	},

	"database.DatabaseArgs": Spec[database.DatabaseArgs]{
		Register: func(ctx *pulumi.Context, a database.DatabaseArgs) error {
			_, err := database.NewDatabase(ctx, "orders", a)
			return err
		},
		Base: databaseArgs,
		Probes: map[string]Probe[database.DatabaseArgs]{
			"VpcID":                 {Values: []any{otherVpc}},
			"SubnetIDs":             {Values: []any{[]string{subnetA, subnetB, subnetC}}},
			"AllowedSecurityGroups": {Values: []any{inputs("web", callerSG, "host", otherSG)}},
			"SecretsManagerRoute":   {Skip: "an order of deployment: the component's functions wait for these resources, and no input changes"},
			"EngineVersion":         {Values: []any{"17", "16.4"}},
			"InstanceClass":         {Values: []any{"db.t3.small"}},
			"ReadReplicas":          {Given: storedPassword, GivenNote: `with MasterPassword "stored"`},
			"ReplicaInstanceClass": {
				Given:     func(a *database.DatabaseArgs) { storedPassword(a); a.ReadReplicas = 1 },
				GivenNote: `with MasterPassword "stored" and a read replica`,
				Values:    []any{"db.t3.small"},
			},
			"RotationDays":   {Given: storedPassword, GivenNote: `with MasterPassword "stored"`},
			"DatabaseName":   {Values: []any{"orders"}},
			"MasterUsername": {Values: []any{"orders_admin"}},
			"AppUser":        {Values: []any{"orders_app"}},
			"AppSchema": {
				Given:     func(a *database.DatabaseArgs) { a.AppUser = "orders_app" },
				GivenNote: `with AppUser "orders_app"`,
				Values:    []any{"orders"},
			},
			"MonitoringIntervalSeconds": {Values: []any{30, 0}},
			"Parameters":                {Values: []any{map[string]string{"work_mem": "65536"}}},
			"BackupTags":                {Values: []any{inputs("millionstack:backup", "backup")}},
			"ExistingSecurityGroupID": {Edits: []Edit[database.DatabaseArgs]{{
				Note: "to a group of your own, AllowedSecurityGroups dropped",
				Apply: func(_ *pulumi.Context, a *database.DatabaseArgs) error {
					a.ExistingSecurityGroupID, a.AllowedSecurityGroups = pulumi.String(ownSG), nil
					return nil
				},
			}}},
			"ExistingSubnetGroupName": {Edits: []Edit[database.DatabaseArgs]{{
				Note: "to a subnet group of your own, SubnetIDs dropped",
				Apply: func(_ *pulumi.Context, a *database.DatabaseArgs) error {
					a.ExistingSubnetGroupName, a.SubnetIDs = pulumi.String("orders-db"), nil
					return nil
				},
			}}},
			"ExistingParameterGroupName": {Values: []any{"orders-postgres16"}},
			"ExistingKMSKeyARN":          {Values: []any{keyARN}},
			"ExistingMonitoringRoleARN":  {Values: []any{roleARN + "rds-monitoring"}},
		},
	},

	"database.ReplicaArgs": Spec[database.ReplicaArgs]{
		Prepare: func(ctx *pulumi.Context, a *database.ReplicaArgs) error {
			source := databaseArgs()
			storedPassword(&source)
			db, err := database.NewDatabase(ctx, "orders", source)
			if a.Source == nil {
				a.Source = db
			}
			return err
		},
		Register: func(ctx *pulumi.Context, a database.ReplicaArgs) error {
			p, err := west(ctx)
			if err != nil {
				return err
			}
			_, err = database.NewReplica(ctx, "orders-west", a, pulumi.Provider(p))
			return err
		},
		Base: func() database.ReplicaArgs {
			return database.ReplicaArgs{VpcID: pulumi.String(otherVpc), SubnetIDs: ids(subnetA, subnetB), AllowedSecurityGroups: inputs("app", callerSG)}
		},
		Probes: map[string]Probe[database.ReplicaArgs]{
			"Source":                {Skip: "the database replicated: a replica of another database is another replica"},
			"VpcID":                 {Values: []any{vpc}},
			"SubnetIDs":             {Values: []any{[]string{subnetA, subnetB, subnetC}}},
			"AllowedSecurityGroups": {Values: []any{inputs("app", callerSG, "reports", otherSG)}},
			"InstanceClass":         {Values: []any{"db.r5.large"}},
			"ExistingKMSKeyARN":     {Values: []any{westKey}},
			"ExistingSecurityGroupID": {Edits: []Edit[database.ReplicaArgs]{{
				Note: "to a group of your own, AllowedSecurityGroups dropped",
				Apply: func(_ *pulumi.Context, a *database.ReplicaArgs) error {
					a.ExistingSecurityGroupID, a.AllowedSecurityGroups = pulumi.String(ownSG), nil
					return nil
				},
			}}},
			"ExistingSubnetGroupName": {Edits: []Edit[database.ReplicaArgs]{{
				Note: "to a subnet group of your own, SubnetIDs dropped",
				Apply: func(_ *pulumi.Context, a *database.ReplicaArgs) error {
					a.ExistingSubnetGroupName, a.SubnetIDs = pulumi.String("orders-west-db"), nil
					return nil
				},
			}}},
			"ExistingMonitoringRoleARN": {Values: []any{roleARN + "rds-monitoring"}},
			"MonitoringIntervalSeconds": {Values: []any{30, 0}},
		},
	},

	"database.ClusterArgs": Spec[database.ClusterArgs]{
		Register: func(ctx *pulumi.Context, a database.ClusterArgs) error {
			_, err := database.NewCluster(ctx, "orders", a)
			return err
		},
		Base: clusterArgs,
		Probes: map[string]Probe[database.ClusterArgs]{
			"VpcID":     {Values: []any{otherVpc}},
			"SubnetIDs": {Values: []any{[]string{subnetA, subnetB, subnetC, "subnet-0123456789abcdef3"}}},
			"AvailabilityZones": {Values: []any{
				[]string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e"},
				[]string{"us-east-1b", "us-east-1c", "us-east-1d", "us-east-1a"},
			}},
			"AllowedSecurityGroups": {Values: []any{inputs("web", callerSG, "reports", otherSG)}},
			"SecretsManagerRoute":   {Skip: "an order of deployment: the component's functions wait for these resources, and no input changes"},
			"EngineVersion":         {Values: []any{"16.8", "17.4"}},
			"InstanceClass":         {Values: []any{"db.r7g.large"}},
			"DatabaseName":          {Values: []any{"orders"}},
			"MasterUsername":        {Values: []any{"orders_admin"}},
			"AppUser":               {Values: []any{"orders_app"}},
			"AppSchema": {
				Given:     func(a *database.ClusterArgs) { a.AppUser = "orders_app" },
				GivenNote: `with AppUser "orders_app"`,
				Values:    []any{"orders"},
			},
			"MonitoringIntervalSeconds": {Values: []any{30, 0}},
			"Parameters":                {Values: []any{map[string]string{"work_mem": "65536"}}},
			"BackupTags":                {Values: []any{inputs("millionstack:backup", "backup")}},
			"ExistingKMSKeyARN":         {Values: []any{keyARN}},
			"ExistingSecurityGroupID": {Edits: []Edit[database.ClusterArgs]{{
				Note: "to a group of your own, AllowedSecurityGroups dropped",
				Apply: func(_ *pulumi.Context, a *database.ClusterArgs) error {
					a.ExistingSecurityGroupID, a.AllowedSecurityGroups = pulumi.String(ownSG), nil
					return nil
				},
			}}},
			"ExistingSubnetGroupName":    {Values: []any{"orders-db"}},
			"ExistingParameterGroupName": {Values: []any{"orders-aurora16"}},
			"ExistingMonitoringRoleARN":  {Values: []any{roleARN + "rds-monitoring"}},
		},
	},

	"database.SecondaryClusterArgs": Spec[database.SecondaryClusterArgs]{
		Prepare: func(ctx *pulumi.Context, a *database.SecondaryClusterArgs) error {
			primary := clusterArgs()
			primary.Global = true
			c, err := database.NewCluster(ctx, "orders", primary)
			if a.Primary == nil {
				a.Primary = c
			}
			return err
		},
		Register: func(ctx *pulumi.Context, a database.SecondaryClusterArgs) error {
			p, err := west(ctx)
			if err != nil {
				return err
			}
			_, err = database.NewSecondaryCluster(ctx, "orders-west", a, pulumi.Provider(p))
			return err
		},
		Base: func() database.SecondaryClusterArgs {
			return database.SecondaryClusterArgs{
				VpcID: pulumi.String(otherVpc), SubnetIDs: ids(subnetA, subnetB, subnetC),
				AvailabilityZones: []string{"us-west-2a", "us-west-2b", "us-west-2c"},
			}
		},
		Probes: map[string]Probe[database.SecondaryClusterArgs]{
			"Primary":   {Skip: "the global database's primary: a secondary of another is another secondary"},
			"VpcID":     {Values: []any{vpc}},
			"SubnetIDs": {Values: []any{[]string{subnetA, subnetB, subnetC, "subnet-0123456789abcdef3"}}},
			"AvailabilityZones": {Values: []any{
				[]string{"us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"},
				[]string{"us-west-2b", "us-west-2c", "us-west-2d"},
			}},
			"AllowedSecurityGroups":   {Values: []any{inputs("app", callerSG)}},
			"InstanceClass":           {Values: []any{"db.r7g.large"}},
			"ExistingKMSKeyARN":       {Values: []any{westKey}},
			"ExistingSecurityGroupID": {Values: []any{ownSG}},
			"ExistingSubnetGroupName": {Edits: []Edit[database.SecondaryClusterArgs]{{
				Note: "to a subnet group of your own, SubnetIDs dropped",
				Apply: func(_ *pulumi.Context, a *database.SecondaryClusterArgs) error {
					a.ExistingSubnetGroupName, a.SubnetIDs = pulumi.String("orders-west-db"), nil
					return nil
				},
			}}},
			"ExistingMonitoringRoleARN": {Values: []any{roleARN + "rds-monitoring"}},
			"MonitoringIntervalSeconds": {Values: []any{30, 0}},
		},
	},

	"dns.ZoneArgs": Spec[dns.ZoneArgs]{
		Register: func(ctx *pulumi.Context, a dns.ZoneArgs) error {
			_, err := dns.NewZone(ctx, "zone", a)
			return err
		},
		Base: func() dns.ZoneArgs { return dns.ZoneArgs{Domain: "example.com", Create: true} },
		Probes: map[string]Probe[dns.ZoneArgs]{
			"Domain": {Values: []any{"example.org"}},
		},
	},

	"dns.CertificateArgs": Spec[dns.CertificateArgs]{
		Register: func(ctx *pulumi.Context, a dns.CertificateArgs) error {
			_, err := dns.NewCertificate(ctx, "cert", a)
			return err
		},
		Base: func() dns.CertificateArgs {
			return dns.CertificateArgs{ZoneID: pulumi.String(zoneID), Domain: "example.com"}
		},
		Probes: map[string]Probe[dns.CertificateArgs]{
			"ZoneID":           {Values: []any{"Z0987654321ABCDEFGHIJ"}},
			"Domain":           {Values: []any{"example.org", "*.example.com"}},
			"AlternativeNames": {Values: []any{[]string{"*.example.com"}}},
			"Region":           {Values: []any{"us-west-2"}},
		},
	},

	"dns.RecordsArgs": Spec[dns.RecordsArgs]{
		Register: func(ctx *pulumi.Context, a dns.RecordsArgs) error {
			_, err := dns.NewRecords(ctx, "dns", a)
			return err
		},
		Base: func() dns.RecordsArgs {
			return dns.RecordsArgs{ZoneID: pulumi.String(zoneID), Domain: "example.com", Records: []dns.Record{{Name: "www", Values: ids("203.0.113.10")}}}
		},
		Probes: map[string]Probe[dns.RecordsArgs]{
			"ZoneID": {Values: []any{"Z0987654321ABCDEFGHIJ"}},
			"Domain": {Values: []any{"example.org"}},
			"Records": {Values: []any{
				[]dns.Record{{Name: "www", Values: ids("203.0.113.11")}},
				[]dns.Record{{Name: "www", Alias: &dns.Alias{DNSName: pulumi.String(albDNS), ZoneID: pulumi.String("Z35SXDOTRQ7X7K")}}},
				[]dns.Record{{Name: "www", Type: dns.RecordCNAME, Values: ids(albDNS)}},
				[]dns.Record{{Name: "www", Values: ids("203.0.113.10")}, {Name: "api", Values: ids("203.0.113.12")}},
			}},
			"HealthChecks": {Values: []any{map[string]dns.HealthCheck{"us-east-1": {FQDN: pulumi.String(albDNS)}}}},
			"Tags": {
				Given: func(a *dns.RecordsArgs) {
					a.HealthChecks = map[string]dns.HealthCheck{"us-east-1": {FQDN: pulumi.String(albDNS)}}
				},
				GivenNote: "with a health check (records have no tags)",
			},
		},
	},

	"firewall.WebACLArgs": Spec[firewall.WebACLArgs]{
		Register: func(ctx *pulumi.Context, a firewall.WebACLArgs) error {
			_, err := firewall.NewWebACL(ctx, "waf", a)
			return err
		},
		Base: func() firewall.WebACLArgs { return firewall.WebACLArgs{} },
		Probes: map[string]Probe[firewall.WebACLArgs]{
			"ManagedRuleGroups": {Values: []any{append(append([]string(nil), firewall.DefaultManagedRuleGroups...), "AWSManagedRulesLinuxRuleSet")}},
			"LargeBodyPaths":    {Values: []any{[]string{"/uploads/"}}},
			"AssociatedResourceARNs": {Values: []any{inputs("web",
				"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef")}},
			"ExistingLogGroupARN": {Values: []any{"arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-central"}},
			"ExistingKMSKeyARN":   {Values: []any{keyARN}},
		},
	},

	"function.FunctionArgs": Spec[function.FunctionArgs]{
		Register: func(ctx *pulumi.Context, a function.FunctionArgs) error {
			_, err := function.NewFunction(ctx, "welcome", a)
			return err
		},
		Base: func() function.FunctionArgs { return function.FunctionArgs{Handler: function.HandlerWelcomeEmail} },
		Probes: map[string]Probe[function.FunctionArgs]{
			"Code": {Edits: []Edit[function.FunctionArgs]{{
				Note: "to a package of your own, Handler dropped",
				Apply: func(_ *pulumi.Context, a *function.FunctionArgs) error {
					a.Handler = ""
					a.Code = &function.Code{Archive: pulumi.NewAssetArchive(map[string]interface{}{
						"worker.py": pulumi.NewStringAsset("def handler(event, context):\n    return {}\n"),
					}), Handler: "worker.handler"}
					return nil
				},
			}}},
			"Runtime":     {Values: []any{"python3.13"}},
			"Environment": {Values: []any{inputs("LOG_LEVEL", "debug")}},
			"PolicyStatements": {Values: []any{[]function.PolicyStatement{{
				Actions: []string{"sns:Publish"}, Resources: []pulumi.StringInput{pulumi.String("arn:aws:sns:us-east-1:123456789012:signups")},
			}}}},
			"Vpc":                  {Values: []any{&function.Vpc{SubnetIDs: ids(subnetA, subnetB), SecurityGroupIDs: ids(otherSG)}}},
			"ExistingRoleARN":      {Values: []any{roleARN + "welcome"}},
			"ExistingLogKMSKeyARN": {Values: []any{keyARN}},
		},
	},

	"host.HostArgs": Spec[host.HostArgs]{
		Register: func(ctx *pulumi.Context, a host.HostArgs) error {
			_, err := host.NewHost(ctx, "app", a)
			return err
		},
		Base: func() host.HostArgs {
			return host.HostArgs{VpcID: pulumi.String(vpc), SubnetID: pulumi.String(subnetA), AvailabilityZone: "us-east-1a", DataVolumeGiB: 50}
		},
		Probes: map[string]Probe[host.HostArgs]{
			"VpcID":                      {Values: []any{otherVpc}},
			"SubnetID":                   {Values: []any{subnetB}},
			"AvailabilityZone":           {Values: []any{"us-east-1b"}},
			"InstanceType":               {Values: []any{"t3.small"}},
			"AMI":                        {Values: []any{"ami-0123456789abcdef0"}},
			"BackupTags":                 {Values: []any{inputs("millionstack:backup", "backup")}},
			"UserData":                   {Values: []any{"#!/bin/sh\necho ready\n"}},
			"ExistingSecurityGroupID":    {Values: []any{ownSG}},
			"ExistingInstanceProfileARN": {Values: []any{"arn:aws:iam::123456789012:instance-profile/app"}},
			"ExistingKMSKeyARN":          {Values: []any{keyARN}},
		},
	},

	"logretention.RetentionArgs": Spec[logretention.RetentionArgs]{
		Register: func(ctx *pulumi.Context, a logretention.RetentionArgs) error {
			_, err := logretention.NewRetention(ctx, "orders-logs", a)
			return err
		},
		Base: func() logretention.RetentionArgs {
			return logretention.RetentionArgs{Directories: []logretention.Directory{
				{Path: pulumi.String("/aws/rds/instance/orders/"), Names: []string{"postgresql", "upgrade"}},
			}}
		},
		Probes: map[string]Probe[logretention.RetentionArgs]{
			"RetentionDays":     {Values: []any{400}},
			"ExistingKMSKeyARN": {Values: []any{keyARN}},
			"Directories": {Values: []any{[]logretention.Directory{
				{Path: pulumi.String("/aws/rds/instance/orders/"), Names: []string{"postgresql", "upgrade"}},
				{Path: pulumi.String("/aws/rds/instance/orders-replica-1/"), Names: []string{"postgresql", "upgrade"}},
			}}},
		},
	},

	"messaging.TopicArgs": Spec[messaging.TopicArgs]{
		Register: func(ctx *pulumi.Context, a messaging.TopicArgs) error {
			_, err := messaging.NewTopic(ctx, "orders", a)
			return err
		},
		Base: func() messaging.TopicArgs { return messaging.TopicArgs{} },
		Probes: map[string]Probe[messaging.TopicArgs]{
			"ExistingKMSKeyARN": {Values: []any{keyARN}},
		},
	},

	"messaging.FlowArgs": Spec[messaging.FlowArgs]{
		Prepare: func(ctx *pulumi.Context, a *messaging.FlowArgs) error {
			topic, err := messaging.NewTopic(ctx, "orders", messaging.TopicArgs{})
			if a.Topic == nil {
				a.Topic = topic
			}
			return err
		},
		Register: func(ctx *pulumi.Context, a messaging.FlowArgs) error {
			_, err := messaging.NewFlow(ctx, "shipping", a)
			return err
		},
		Base: func() messaging.FlowArgs {
			return messaging.FlowArgs{Worker: function.FunctionArgs{Handler: function.HandlerWelcomeEmail}}
		},
		Probes: map[string]Probe[messaging.FlowArgs]{
			"Topic":          {Skip: "the topic the flow subscribes to: a flow of another topic is another flow"},
			"MaxConcurrency": {Values: []any{2}},
			"Worker": {Edits: []Edit[messaging.FlowArgs]{
				{Note: "Worker.MemoryMB to 512", Apply: func(_ *pulumi.Context, a *messaging.FlowArgs) error { a.Worker.MemoryMB = 512; return nil }},
				{Note: "Worker.TimeoutSeconds to 60", Apply: func(_ *pulumi.Context, a *messaging.FlowArgs) error { a.Worker.TimeoutSeconds = 60; return nil }},
			}},
			"ExistingKMSKeyARN": {Values: []any{keyARN}},
		},
	},

	"monitoring.MonitoringArgs": Spec[monitoring.MonitoringArgs]{
		Register: func(ctx *pulumi.Context, a monitoring.MonitoringArgs) error {
			_, err := monitoring.NewMonitoring(ctx, "ops", a)
			return err
		},
		Base: func() monitoring.MonitoringArgs { return monitoring.MonitoringArgs{AlarmEmail: "ops@example.com"} },
		Probes: map[string]Probe[monitoring.MonitoringArgs]{
			"AlarmEmail": {Values: []any{"oncall@example.com"}},
			"ExistingTopicARN": {Edits: []Edit[monitoring.MonitoringArgs]{{
				Note: "to a topic of your own, AlarmEmail dropped",
				Apply: func(_ *pulumi.Context, a *monitoring.MonitoringArgs) error {
					a.ExistingTopicARN, a.AlarmEmail = pulumi.String("arn:aws:sns:us-east-1:123456789012:on-call"), ""
					return nil
				},
			}}},
			"ExistingKMSKeyARN": {Values: []any{keyARN}},
			"Hosts":             {Values: []any{inputs("web", "i-0123456789abcdef0")}},
			"Database":          {Values: []any{&monitoring.DatabaseTarget{InstanceID: pulumi.String("orders"), AllocatedStorageGiB: 20, MaxConnections: 850}}},
			"Clusters":          {Values: []any{map[string]monitoring.ClusterTarget{"orders": {ClusterID: pulumi.String("orders"), MaxConnections: 1000}}}},
			"LoadBalancers": {Values: []any{map[string]monitoring.LoadBalancerTarget{"web": {
				ARNSuffix: pulumi.String("app/web/0123456789abcdef"), TargetGroupARNSuffix: pulumi.String("targetgroup/web/0123456789abcdef"),
			}}}},
			"AutoScalingGroups": {Values: []any{inputs("web", "web-asg")}},
			"Caches":            {Values: []any{map[string]monitoring.CacheTarget{"sessions": {ReplicationGroupID: pulumi.String("sessions"), Nodes: 2}}}},
			"Queues":            {Values: []any{map[string]monitoring.QueueTarget{"orders": {QueueName: pulumi.String("orders"), DeadLetterQueueName: pulumi.String("orders-dlq")}}}},
			"Functions":         {Values: []any{inputs("resize", "resize")}},
			"Tables":            {Values: []any{inputs("activity", "activity")}},
			"Services": {Values: []any{map[string]monitoring.ServiceTarget{"app": {Alarms: []monitoring.Alarm{{
				Key: "cpu", Namespace: "AWS/ECS", MetricName: "CPUUtilization",
				Dimensions: pulumi.StringMap{"ClusterName": pulumi.String("app"), "ServiceName": pulumi.String("app")},
				Statistic:  "Average", ComparisonOperator: "GreaterThanThreshold", Threshold: 80,
				PeriodSeconds: 300, EvaluationPeriods: 3, DatapointsToAlarm: 3, TreatMissingData: "missing", Description: "CPU above 80%",
			}}}}}},
			"Distributions":    {Values: []any{map[string]monitoring.DistributionTarget{"assets": {DistributionID: pulumi.String("E2QWRUHAPOMQZL")}}}},
			"LogRetentionDays": {Given: func(a *monitoring.MonitoringArgs) { a.AuditTrail = true }, GivenNote: "with AuditTrail", Values: []any{400}},
			"AccessLogBucket":  {Given: func(a *monitoring.MonitoringArgs) { a.AuditTrail = true }, GivenNote: "with AuditTrail", Values: []any{"acme-access-logs"}},
		},
	},

	"network.NetworkArgs": Spec[network.NetworkArgs]{
		Register: func(ctx *pulumi.Context, a network.NetworkArgs) error {
			_, err := network.NewNetwork(ctx, "network", a)
			return err
		},
		Base: func() network.NetworkArgs { return network.NetworkArgs{} },
		Probes: map[string]Probe[network.NetworkArgs]{
			"CIDR":                 {Values: []any{"10.1.0.0/16"}},
			"FlowLogRetentionDays": {Values: []any{400}},
			"AvailabilityZones":    {Values: []any{[]string{"us-east-1a", "us-east-1b"}, []string{"us-east-1b", "us-east-1c"}}},
			"InterfaceEndpoints":   {Values: []any{[]string{"secretsmanager"}}},
			"InterfaceEndpointAZCount": {
				Given:     func(a *network.NetworkArgs) { a.InterfaceEndpoints = []string{"secretsmanager"}; a.AZCount = 3 },
				GivenNote: "with an interface endpoint, over three AZs",
			},
			"ExistingKMSKeyARN": {Values: []any{keyARN}},
		},
	},

	"network.PeeringArgs": Spec[network.PeeringArgs]{
		Prepare: func(ctx *pulumi.Context, a *network.PeeringArgs) error {
			p, err := west(ctx)
			if err != nil {
				return err
			}
			east, err := network.NewNetwork(ctx, "network", network.NetworkArgs{AZCount: 3})
			if err != nil {
				return err
			}
			other, err := network.NewNetwork(ctx, "network-west", network.NetworkArgs{AZCount: 3, CIDR: "10.1.0.0/16"}, pulumi.Provider(p))
			if a.Network == nil {
				a.Network, a.PeerNetwork, a.PeerProvider = east, other, p
			}
			return err
		},
		Register: func(ctx *pulumi.Context, a network.PeeringArgs) error {
			_, err := network.NewPeering(ctx, "peering", a)
			return err
		},
		Base: func() network.PeeringArgs {
			return network.PeeringArgs{PeerRegion: "us-west-2", Admit: map[string]network.Admission{"db": {SecurityGroupID: pulumi.String(ownSG), Port: 5432}}}
		},
		Probes: map[string]Probe[network.PeeringArgs]{
			"Network":      {Skip: "the networks peered: a peering of others is another peering"},
			"PeerNetwork":  {Skip: "the networks peered: a peering of others is another peering"},
			"PeerRegion":   {Skip: "the peer network's region, which its network and provider decide"},
			"PeerProvider": {Skip: "the peer region's provider, which its network decides"},
			"Admit": {Values: []any{map[string]network.Admission{
				"db":    {SecurityGroupID: pulumi.String(ownSG), Port: 5432},
				"cache": {SecurityGroupID: pulumi.String(otherSG), Port: 6379},
			}}},
		},
	},

	"nosql.TableArgs": Spec[nosql.TableArgs]{
		Register: func(ctx *pulumi.Context, a nosql.TableArgs) error {
			_, err := nosql.NewTable(ctx, "activity", a)
			return err
		},
		Base: func() nosql.TableArgs { return nosql.TableArgs{PartitionKey: "userId"} },
		Probes: map[string]Probe[nosql.TableArgs]{
			"PartitionKey":      {Values: []any{"accountId"}},
			"SortKey":           {Values: []any{"at"}},
			"TTLAttribute":      {Values: []any{"ttl"}},
			"BackupTags":        {Values: []any{inputs("millionstack:backup", "backup")}},
			"ExistingKMSKeyARN": {Values: []any{keyARN}},
		},
	},

	"nosql.ReplicaArgs": Spec[nosql.ReplicaArgs]{
		Prepare: func(ctx *pulumi.Context, a *nosql.ReplicaArgs) error {
			table, err := nosql.NewTable(ctx, "activity", nosql.TableArgs{PartitionKey: "userId"})
			if err != nil {
				return err
			}
			if a.TableARN == nil {
				a.TableARN, a.SourceRegion = table.TableARN, table.Region
			}
			return nil
		},
		Register: func(ctx *pulumi.Context, a nosql.ReplicaArgs) error {
			p, err := west(ctx)
			if err != nil {
				return err
			}
			_, err = nosql.NewReplica(ctx, "activity-west", a, pulumi.Provider(p))
			return err
		},
		Base: func() nosql.ReplicaArgs { return nosql.ReplicaArgs{} },
		Probes: map[string]Probe[nosql.ReplicaArgs]{
			"TableARN":          {Skip: "the table replicated: a replica of another table is another replica"},
			"SourceRegion":      {Skip: "the source table's region, which the table decides"},
			"ExistingKMSKeyARN": {Values: []any{westKey}},
		},
	},

	"sessions.StoreArgs": Spec[sessions.StoreArgs]{
		Register: func(ctx *pulumi.Context, a sessions.StoreArgs) error {
			_, err := sessions.NewStore(ctx, "sessions", a)
			return err
		},
		Base: func() sessions.StoreArgs { return sessions.StoreArgs{} },
		Probes: map[string]Probe[sessions.StoreArgs]{
			"PartitionKey":      {Values: []any{"sessionId"}},
			"TTLAttribute":      {Values: []any{"ttl"}},
			"BackupTags":        {Values: []any{inputs("millionstack:backup", "backup")}},
			"ExistingKMSKeyARN": {Values: []any{keyARN}},
		},
	},

	"webtier.WebTierArgs": Spec[webtier.WebTierArgs]{
		Register: func(ctx *pulumi.Context, a webtier.WebTierArgs) error {
			_, err := webtier.NewWebTier(ctx, "web", a)
			return err
		},
		Base: func() webtier.WebTierArgs {
			return webtier.WebTierArgs{
				VpcID:                 pulumi.String(vpc),
				LoadBalancerSubnetIDs: ids("subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"),
				InstanceSubnetIDs:     ids("subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"),
			}
		},
		Probes: map[string]Probe[webtier.WebTierArgs]{
			"VpcID":                 {Values: []any{otherVpc}},
			"LoadBalancerSubnetIDs": {Values: []any{[]string{"subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3"}}},
			"InstanceSubnetIDs":     {Values: []any{[]string{"subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2", "subnet-0bbbbbbbbbbbbbbb3"}}},
			"Targets": {Edits: []Edit[webtier.WebTierArgs]{{
				Note: `to "ip" (container targets), InstanceSubnetIDs dropped`,
				Apply: func(_ *pulumi.Context, a *webtier.WebTierArgs) error {
					a.Targets, a.InstanceSubnetIDs = webtier.TargetsIP, nil
					return nil
				},
			}}},
			"Internal": {Edits: []Edit[webtier.WebTierArgs]{{
				Note: "to true, admitting one security group",
				Apply: func(_ *pulumi.Context, a *webtier.WebTierArgs) error {
					a.Internal, a.AllowedSecurityGroups = true, inputs("app", callerSG)
					return nil
				},
			}}},
			"AllowedSecurityGroups": {
				Given:     func(a *webtier.WebTierArgs) { a.Internal, a.AllowedSecurityGroups = true, inputs("app", callerSG) },
				GivenNote: "of an internal tier",
				Values:    []any{inputs("app", callerSG, "metrics", otherSG)},
			},
			"CPUTargetPercent":                    {Values: []any{50}},
			"CertificateARN":                      {Values: []any{certARN}},
			"ExistingLoadBalancerSecurityGroupID": {Values: []any{otherSG}},
			"ExistingInstanceSecurityGroupID":     {Values: []any{ownSG}},
			"ExistingLogBucketName":               {Values: []any{"org-alb-logs"}},
			"ExistingInstanceProfileARN":          {Values: []any{"arn:aws:iam::123456789012:instance-profile/web"}},
			"ExistingKMSKeyARN":                   {Values: []any{keyARN}},
			"InstanceType":                        {Values: []any{"t3.medium"}},
			"AlternativeInstanceTypes":            {Values: []any{[]string{"t3a.micro"}}},
			"AMI":                                 {Values: []any{"ami-0123456789abcdef0"}},
			"HealthCheckPath":                     {Values: []any{"/healthz"}},
			"S3AccessLogBucket":                   {Values: []any{"acme-access-logs"}},
			"UserData":                            {Values: []any{"#!/bin/sh\necho ready\n"}},
			"InstancePolicyARNs":                  {Values: []any{inputs("cloudwatch", "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy")}},
		},
	},
}

// databaseArgs are a database's required inputs, with one caller
// admitted.
func databaseArgs() database.DatabaseArgs {
	return database.DatabaseArgs{VpcID: pulumi.String(vpc), SubnetIDs: ids(subnetA, subnetB), AllowedSecurityGroups: inputs("web", callerSG)}
}

// storedPassword has the component keep the master password, which read
// replicas and rotation schedules need.
func storedPassword(a *database.DatabaseArgs) { a.MasterPassword = database.MasterPasswordStored }

// clusterArgs are an Aurora cluster's required inputs over three AZs of
// four, with one caller admitted.
func clusterArgs() database.ClusterArgs {
	return database.ClusterArgs{
		VpcID: pulumi.String(vpc), SubnetIDs: ids(subnetA, subnetB, subnetC),
		AvailabilityZones:     []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"},
		AllowedSecurityGroups: inputs("web", callerSG),
	}
}

// serviceTarget is a target group of a load balancer of the caller's.
func serviceTarget() *container.LoadBalancerTarget {
	return &container.LoadBalancerTarget{
		TargetGroupARN:        pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/app-ip/0123456789abcdef"),
		TargetGroupARNSuffix:  pulumi.String("targetgroup/app-ip/0123456789abcdef"),
		LoadBalancerARNSuffix: pulumi.String("app/web/0123456789abcdef"),
	}
}
