package database

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// StorageType is an Aurora cluster's storage configuration.
type StorageType string

// The Aurora storage configurations.
const (
	// AuroraStandard bills storage and I/O separately; "" in the API.
	AuroraStandard StorageType = ""
	// AuroraIOOptimized charges no I/O, for pricier storage and instances.
	AuroraIOOptimized StorageType = "aurora-iopt1"
)

// ClusterArgs configures a Cluster: an Aurora PostgreSQL cluster with a
// writer and readers spread over three Availability Zones. Inputs that come
// from other resources are Pulumi inputs; everything else is a plain
// setting, validated before anything is created. Zero values (nil for
// pointers) mean "use the default" documented on each field.
type ClusterArgs struct {
	// VpcID is the VPC the cluster's security group belongs to. Required.
	VpcID pulumi.StringInput
	// SubnetIDs are the private database subnets, at least one in each of
	// AvailabilityZones. Required.
	SubnetIDs pulumi.StringArrayInput
	// AvailabilityZones are the network's AZs, in its order. Required: at
	// least three. The first three hold the cluster (its storage volume
	// and where RDS may place instances: the cluster's availabilityZones,
	// which replace the cluster when they change, so they are taken from
	// the front of a list that only ever grows at its end); the writer goes
	// to the first, the readers to the next ones in turn.
	AvailabilityZones []string
	// AllowedSecurityGroups are the security groups admitted on port 5432,
	// keyed by a stable role name, as DatabaseArgs.AllowedSecurityGroups
	// (the keys "bootstrap" and "rotation" are taken).
	AllowedSecurityGroups map[string]pulumi.StringInput
	// SecretsManagerRoute are the resources that give SubnetIDs their route
	// to Secrets Manager, for the bootstrap and rotation functions, as
	// DatabaseArgs.SecretsManagerRoute.
	SecretsManagerRoute []pulumi.Resource

	// EngineVersion is the Aurora PostgreSQL version the cluster is
	// created with, major and minor ("16.6", the default). Aurora takes
	// full versions only, and a global database only from a minimum minor
	// of each major (auroraMajors). Without Global, RDS applies later
	// minor versions in the maintenance window (AutoMinorVersionUpgrade on
	// every instance). With Global it does not: automatic minor version
	// upgrades do not apply to the clusters of an Aurora global database
	// (AWS Config developer guide, rds-automatic-minor-version-upgrade-enabled:
	// "configurations where automatic minor version upgrades are
	// unsupported, including Aurora clusters in a Global Database"; the
	// Aurora user guide says the same of Aurora MySQL), whatever the
	// instances' setting says. Upgrade their minor version by hand, every
	// secondary before the primary (Aurora user guide, "Upgrading an Amazon
	// Aurora global database", minor version upgrades: aws rds
	// modify-db-cluster --engine-version on each), then set this field to
	// it, so that clusters added later (another shard) start there. Either
	// way the cluster, and with Global the global database, ignore later
	// changes of this field: the provider reads the upgraded version back
	// and would otherwise try to go back to this one, which RDS refuses.
	// Upgrade a major version by hand (aws rds
	// modify-global-cluster, or modify-db-cluster without Global, with
	// --allow-major-version-upgrade), then set this field to the new
	// version: that replaces the cluster parameter group with one of the
	// new family (aurora-postgresql17) and points the cluster at it. In
	// the other order `pulumi up` fails, because RDS refuses a parameter
	// group of another family than the cluster's engine.
	EngineVersion string
	// InstanceClass is every instance's class. Default "db.r6g.large".
	// Aurora global databases need a memory-optimized class (Aurora user
	// guide, "Configuration requirements of an Amazon Aurora global
	// database": "An Aurora global database requires DB instance classes
	// that are optimized for memory-intensive applications ... We
	// recommend that you use a db.r5 or higher instance class"), so the
	// component takes the memory-optimized families Aurora PostgreSQL
	// offers (auroraFamilies), and, without Global, the burstable
	// db.t3/db.t4g medium and large too. Changing it resizes each instance
	// in place.
	InstanceClass string
	// Readers is the number of reader instances besides the writer. Default
	// 2 (with the writer, one instance in each of three AZs); 0 to 15.
	// Readers are failover targets: with none, a failure of the writer's
	// AZ is an outage until RDS replaces it. Named `<name>-instance-2` and
	// on, so adding one renames none.
	Readers *int
	// Global makes the cluster the primary of a new Aurora global
	// database `<name>` (rds.GlobalCluster, encrypted, with
	// DeletionProtection), to which NewSecondaryCluster adds read-only
	// copies in other regions. Default false. Set it when the cluster is
	// created: joining later replaces nothing here but would need a
	// snapshot restore in AWS.
	Global bool
	// StorageType is AuroraStandard (the default: storage and I/O billed
	// separately) or AuroraIOOptimized (no I/O charges, pricier storage and
	// instances). Changes in place.
	StorageType StorageType
	// BackupRetentionDays is how long continuous backups are kept. Default
	// 7; 1 to 35 (Aurora always keeps at least one day).
	BackupRetentionDays *int
	// DeletionProtection refuses deletion of the cluster (and the global
	// database). Default true. AWS's covers neither instance, so Pulumi
	// protects the cluster and its first instance too (pulumi.Protect): a
	// program that drops the cluster fails in preview, before anything is
	// deleted. Set it false for one deployment before removing the cluster.
	DeletionProtection *bool
	// SkipFinalSnapshot deletes the cluster without a final snapshot.
	// Default false: a snapshot `<name>-final-<12 random letters and
	// digits>` is taken, named once per lifetime as a Database's is.
	SkipFinalSnapshot bool
	// DatabaseName is the database created in the cluster. Default "app".
	DatabaseName string
	// MasterUsername is the administrator's name. Default "app_admin".
	// Its password is always the component's own (MasterPassword "stored"
	// for a Database): generated once into the secret `<name>-master` and
	// rotated every RotationDays. RDS cannot manage the master password
	// of a global database's clusters (Aurora user guide, "Password
	// management with Amazon Aurora and AWS Secrets Manager",
	// Limitations: not supported for "DB clusters that are part of an
	// Aurora global database"), and one way for every cluster keeps them
	// alike.
	MasterUsername string
	// RotationDays is how often the master password rotates. Default 30;
	// 1 to 365.
	RotationDays int
	// AppUser is the application's own user, created at deploy time by the
	// bootstrap function on the writer, as DatabaseArgs.AppUser. Default
	// "": none.
	AppUser string
	// AppSchema is the schema AppUser owns. Default AppUser.
	AppSchema string
	// PerformanceInsights turns Performance Insights on for every instance
	// with the free 7-day retention. Default true.
	PerformanceInsights *bool
	// MonitoringIntervalSeconds is the Enhanced Monitoring granularity of
	// every instance: 0 (off), 1, 5, 10, 15, 30 or 60. Default 60.
	MonitoringIntervalSeconds *int
	// Parameters are extra cluster parameters, merged over the defaults:
	// rds.force_ssl=1 (which cannot be relaxed) and slow statements logged.
	Parameters map[string]string
	// ExistingKMSKeyARN is a customer-managed key of your own, by its key
	// ARN (not an alias), in the cluster's region, that encrypts the
	// cluster. Default: the component creates one, `<name>`, rotated
	// yearly and kept when the stack is deleted (the final snapshot and
	// the backups need it). Your key's policy must let the deploying
	// principal create grants for RDS (as DatabaseArgs.ExistingKMSKeyARN).
	// Changing it replaces the cluster.
	ExistingKMSKeyARN pulumi.StringInput
	// ExistingSecurityGroupID, ExistingSubnetGroupName,
	// ExistingParameterGroupName (a DB cluster parameter group of the
	// family aurora-postgresql<major>) and ExistingMonitoringRoleARN are
	// resources of your own used instead of the ones the component
	// creates, as DatabaseArgs' (not with AllowedSecurityGroups,
	// Parameters and MonitoringIntervalSeconds 0 respectively). Default
	// none. SubnetIDs stay required: the bootstrap and rotation functions
	// run in them. A new subnet group replaces the cluster.
	ExistingSecurityGroupID    pulumi.StringInput
	ExistingSubnetGroupName    pulumi.StringInput
	ExistingParameterGroupName pulumi.StringInput
	ExistingMonitoringRoleARN  pulumi.StringInput
	// DeferChangesToMaintenanceWindow holds modifications of the cluster
	// and its instances until the weekly maintenance window. Default false.
	DeferChangesToMaintenanceWindow bool
	// Tags are applied to every taggable child, with Name.
	Tags map[string]string
	// BackupTags go on the cluster only (the data store): the tag an AWS
	// Backup plan selects it by (backup.Plan.DataStoreTags).
	BackupTags map[string]pulumi.StringInput
}

// SecondaryClusterArgs configures a secondary Cluster: a read-only copy of
// a global database's primary in another region, which Aurora keeps up to
// date through its storage (typically under a second behind) and which
// can be promoted when the primary's region fails.
type SecondaryClusterArgs struct {
	// Primary is the global database's primary, created with Global.
	// Required.
	Primary *Cluster
	// VpcID, SubnetIDs, AvailabilityZones, AllowedSecurityGroups: as in
	// ClusterArgs, in the secondary's region. Required (the groups
	// optional).
	VpcID                 pulumi.StringInput
	SubnetIDs             pulumi.StringArrayInput
	AvailabilityZones     []string
	AllowedSecurityGroups map[string]pulumi.StringInput
	// InstanceClass is every instance's class. Default the primary's.
	InstanceClass string
	// Instances is the number of (reader) instances. Default 1; 1 to 16.
	// One is enough to serve reads and to be promoted; a promoted region
	// gets its readers by raising this.
	Instances int
	// BackupRetentionDays, DeletionProtection, PerformanceInsights,
	// MonitoringIntervalSeconds, DeferChangesToMaintenanceWindow: as in
	// ClusterArgs, defaulting to the primary's settings' defaults.
	BackupRetentionDays             *int
	DeletionProtection              *bool
	PerformanceInsights             *bool
	MonitoringIntervalSeconds       *int
	DeferChangesToMaintenanceWindow bool
	// ExistingKMSKeyARN is a key of your own, by its key ARN, in the
	// secondary's region, that encrypts it: an encrypted secondary needs
	// one there, the primary's cannot cross
	// (hashicorp/terraform-provider-aws#13715). Default: the component
	// creates one, as a primary does. Changing it replaces the secondary.
	ExistingKMSKeyARN pulumi.StringInput
	// ExistingSecurityGroupID, ExistingSubnetGroupName and
	// ExistingMonitoringRoleARN are resources of your own in the
	// secondary's region, as in ClusterArgs. With ExistingSubnetGroupName,
	// SubnetIDs is refused: a secondary runs no function.
	ExistingSecurityGroupID   pulumi.StringInput
	ExistingSubnetGroupName   pulumi.StringInput
	ExistingMonitoringRoleARN pulumi.StringInput
	// Tags are applied to every taggable child, with Name.
	Tags map[string]string
}

// The cluster's engine: Aurora PostgreSQL only, whose bootstrap and
// rotation functions are the PostgreSQL ones.
const (
	auroraEngine = "aurora-postgresql"
	auroraPort   = 5432

	defaultAuroraVersion = "16.6"
	defaultAuroraClass   = "db.r6g.large"
	defaultReaders       = 2
	maxReaders           = 15
	maxSecondaryReaders  = 16
	clusterAZs           = 3
)

// auroraMajors are the Aurora PostgreSQL major versions the component
// takes, each with the first minor version that supports global databases
// in every region that has the major (Aurora user guide, "Supported Regions
// and DB engines for Aurora global databases", Aurora PostgreSQL:
// 14.3, 15.2, 16.1, 17.4 and higher). Without Global any minor of the major
// is taken. 13 is refused (retiredPostgresMajors).
var auroraMajors = map[string]int{"14": 3, "15": 2, "16": 1, "17": 4}

// auroraFamilies are the memory-optimized DB instance classes Aurora
// PostgreSQL offers (Aurora user guide, "Supported DB engines for DB
// instance classes") whose memory the connections alarm knows
// (gibPerVCPU): the classes a global database takes.
var auroraFamilies = []string{"r5", "r6g", "r6gd", "r6i", "r7g", "r7i", "r8g", "x2g"}

// auroraBurstable are the burstable classes Aurora PostgreSQL offers
// (same page), for clusters that are not global: development and tests.
var auroraBurstable = []string{"db.t3.medium", "db.t3.large", "db.t4g.medium", "db.t4g.large"}

// auroraVersion matches a full Aurora PostgreSQL version, "16.6".
var auroraVersion = regexp.MustCompile(`^([1-9][0-9])\.([0-9]+)$`)

// WithDefaults returns a copy of the args with every unset field given the
// default documented on it.
func (a ClusterArgs) WithDefaults() ClusterArgs {
	if a.EngineVersion == "" {
		a.EngineVersion = defaultAuroraVersion
	}
	if a.InstanceClass == "" {
		a.InstanceClass = defaultAuroraClass
	}
	if a.Readers == nil {
		a.Readers = pulumi.IntRef(defaultReaders)
	}
	if a.BackupRetentionDays == nil {
		a.BackupRetentionDays = pulumi.IntRef(defaultBackupRetentionDays)
	}
	if a.DeletionProtection == nil {
		a.DeletionProtection = pulumi.BoolRef(true)
	}
	if a.DatabaseName == "" {
		a.DatabaseName = defaultDatabaseName
	}
	if a.MasterUsername == "" {
		a.MasterUsername = defaultMasterUsername
	}
	if a.RotationDays == 0 {
		a.RotationDays = defaultRotationDays
	}
	if a.AppSchema == "" {
		a.AppSchema = a.AppUser
	}
	if a.PerformanceInsights == nil {
		a.PerformanceInsights = pulumi.BoolRef(true)
	}
	if a.MonitoringIntervalSeconds == nil {
		a.MonitoringIntervalSeconds = pulumi.IntRef(60)
	}
	return a
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewCluster would, without registering anything (the region of
// ExistingKMSKeyARN aside, which NewCluster checks).
func (a ClusterArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("database", name), a.WithDefaults().validate(name, ""))
}

// validate reports every problem with the (defaulted) args at once, each
// prefixed with scope ("database db-orders-1"); region is the cluster's,
// "" when not looked up.
func (a ClusterArgs) validate(name, region string) error {
	p := validate.For("database", name)
	// A primary always runs its bootstrap and rotation functions, which
	// need the VPC and subnets.
	validatePlacement(p, a.site().existing, true, true, a.VpcID, a.SubnetIDs, a.AvailabilityZones, a.AllowedSecurityGroups)
	a.site().existing.validate(p, a.AllowedSecurityGroups, a.MonitoringIntervalSeconds, region)
	a.site().existing.validateParameterGroup(p, a.Parameters)
	checkRoute(p, a.SecretsManagerRoute)
	validateAuroraVersion(p, a.EngineVersion, a.Global)
	validateAuroraClass(p, "InstanceClass", a.InstanceClass, a.Global)
	p.IntRange("Readers", *a.Readers, 0, maxReaders)
	validate.OneOf(p, "StorageType", a.StorageType, AuroraStandard, AuroraIOOptimized)
	p.IntRange("BackupRetentionDays", *a.BackupRetentionDays, 1, 35)
	postgres := engines[EnginePostgres]
	identifierName := func(field, v, what string, maxLength int, reserved []string, why string) {
		c := p.Allows(field, fmt.Sprintf("a letter, then letters, digits and underscores, at most %d characters, not %s", maxLength, strings.Join(reserved, ", ")))
		switch {
		case !identifier.MatchString(v) || len(v) > maxLength:
			c.Refuse("%q is not a valid PostgreSQL %s name", v, what)
		case slices.Contains(reserved, strings.ToLower(v)):
			c.Refuse("%q %s", v, why)
		}
	}
	identifierName("DatabaseName", a.DatabaseName, "database", postgres.maxDatabaseNameLength, postgres.systemDatabases, "is a database PostgreSQL or RDS keeps for itself")
	identifierName("MasterUsername", a.MasterUsername, "user", postgres.maxUsernameLength, reservedUsernames, "is reserved by PostgreSQL or flagged by Security Hub")
	p.IntRange("RotationDays", a.RotationDays, 1, maxRotationDays)
	DatabaseArgs{Engine: EnginePostgres, AppUser: a.AppUser, AppSchema: a.AppSchema, MasterUsername: a.MasterUsername}.validateAppUser(p)
	checkMonitoringInterval(p, *a.MonitoringIntervalSeconds)
	validateClusterParameters(p, a.Parameters)
	p.Tags("Tags", a.Tags)
	p.InputTags("BackupTags", a.BackupTags)
	return p.Err()
}

// WithDefaults returns a copy of the args with every unset field given the
// default documented on it.
func (a SecondaryClusterArgs) WithDefaults() SecondaryClusterArgs {
	if a.InstanceClass == "" && a.Primary != nil {
		a.InstanceClass = a.Primary.instanceClass
	}
	if a.Instances == 0 {
		a.Instances = 1
	}
	if a.BackupRetentionDays == nil {
		a.BackupRetentionDays = pulumi.IntRef(defaultBackupRetentionDays)
	}
	if a.DeletionProtection == nil {
		a.DeletionProtection = pulumi.BoolRef(true)
	}
	if a.PerformanceInsights == nil {
		a.PerformanceInsights = pulumi.BoolRef(true)
	}
	if a.MonitoringIntervalSeconds == nil {
		a.MonitoringIntervalSeconds = pulumi.IntRef(60)
	}
	return a
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included) that needs no lookup, as NewSecondaryCluster would, without registering
// anything. NewSecondaryCluster also refuses a secondary in its primary's
// region.
func (a SecondaryClusterArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("database", name), a.WithDefaults().validate(name, ""))
}

// validate reports every problem with the (defaulted) args at once, each
// prefixed with scope; region is where the secondary would deploy, ""
// when not looked up.
func (a SecondaryClusterArgs) validate(name, region string) error {
	p := validate.For("database", name)
	p.Required("Primary", a.Primary != nil, "the global database's primary Cluster")
	global := p.Allows("Primary", "a Cluster created with Global true")
	elsewhere := p.Allows("Primary", "a Cluster in another region than the secondary's AWS provider (pulumi.Provider)")
	switch {
	case a.Primary == nil:
	case !a.Primary.global:
		global.Refuse("cluster %s is not the primary of a global database", a.Primary.name)
	case region != "" && region == a.Primary.Region:
		elsewhere.Refuse("cluster %s is in %s, where the secondary would be too", a.Primary.name, region)
	}
	validatePlacement(p, a.existing(), false, false, a.VpcID, a.SubnetIDs, a.AvailabilityZones, a.AllowedSecurityGroups)
	a.existing().validate(p, a.AllowedSecurityGroups, a.MonitoringIntervalSeconds, region)
	validateAuroraClass(p, "InstanceClass", a.InstanceClass, true)
	p.IntRange("Instances", a.Instances, 1, maxSecondaryReaders)
	p.IntRange("BackupRetentionDays", *a.BackupRetentionDays, 1, 35)
	checkMonitoringInterval(p, *a.MonitoringIntervalSeconds)
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// existing are the resources of the user's own the secondary uses.
func (a SecondaryClusterArgs) existing() existing {
	return existing{
		securityGroupID: a.ExistingSecurityGroupID, subnetGroupName: a.ExistingSubnetGroupName,
		monitoringRoleARN: a.ExistingMonitoringRoleARN, kmsKeyARN: a.ExistingKMSKeyARN,
	}
}

// validatePlacement checks where a cluster goes: a VPC (needVPC: for a
// security group of the component's), subnets (needSubnets: for its
// subnet group or functions), three or more distinct AZs and well-formed
// callers.
func validatePlacement(p *validate.Problems, e existing, needVPC, functions bool, vpcID pulumi.StringInput, subnetIDs pulumi.StringArrayInput, zones []string, allowed map[string]pulumi.StringInput) {
	p.Required("VpcID", vpcID != nil || !needVPC && e.securityGroupID != nil, "")
	p.VpcID("VpcID", vpcID)
	e.validateSubnets(p, subnetIDs, functions)
	names := p.Allows("AvailabilityZones", `AZ names such as "us-east-1a"`)
	distinct := map[string]bool{}
	for _, z := range zones {
		names.RefuseIf(strings.TrimSpace(z) == "", "holds a blank zone")
		distinct[z] = true
	}
	p.Allows("AvailabilityZones", fmt.Sprintf("at least %d distinct Availability Zones, for the writer and its readers in three of them", clusterAZs)).
		RefuseIf(len(distinct) < clusterAZs || len(distinct) != len(zones), "%q", zones)
	checkAllowedGroups(p, allowed, ownCallers)
}

// validateAuroraVersion checks a full Aurora PostgreSQL version, and with
// global the minimum minor that supports global databases.
func validateAuroraVersion(p *validate.Problems, version string, global bool) {
	m := auroraVersion.FindStringSubmatch(version)
	var majors []string
	for _, major := range validate.Keys(auroraMajors) {
		majors = append(majors, fmt.Sprintf("%s.%d", major, auroraMajors[major]))
	}
	full := p.Allows("EngineVersion", fmt.Sprintf("a major and minor version, such as %q (Aurora takes full versions only)", defaultAuroraVersion))
	supported := p.Allows("EngineVersion", "a version of major "+strings.Join(validate.Keys(auroraMajors), ", "))
	var globals validate.Check
	if global {
		globals = p.Allows("EngineVersion", fmt.Sprintf("with Global, %s or a later minor of the same major", strings.Join(majors, ", ")))
	}
	if m == nil {
		full.Refuse("%q is not an Aurora PostgreSQL version", version)
		return
	}
	floor, known := auroraMajors[m[1]]
	if why, retired := retiredPostgresMajors[m[1]]; retired {
		supported.Refuse("%q is refused: %s", version, why)
		return
	}
	if !known {
		supported.Refuse("%q is of major version %s, which the component does not support", version, m[1])
		return
	}
	minor, _ := strconv.Atoi(m[2]) // digits only: the pattern says so
	if global && minor < floor {
		globals.Refuse("%q does not support Aurora global databases (Global)", version)
	}
}

// validateAuroraClass checks an instance class: a memory-optimized family
// Aurora PostgreSQL offers, of a size whose memory is known; without
// global, a burstable development class too.
func validateAuroraClass(p *validate.Problems, field, class string, global bool) {
	allowed := "db." + strings.Join(auroraFamilies, ", db.") + " (large, xlarge or <n>xlarge)"
	if global {
		allowed = "with Global, " + allowed
	} else {
		allowed += ", or " + strings.Join(auroraBurstable, ", ")
	}
	c := p.Allows(field, allowed)
	if !global && slices.Contains(auroraBurstable, class) {
		return
	}
	parts := strings.Split(class, ".")
	_, known := classMemoryGiB(class)
	if len(parts) == 3 && parts[0] == "db" && slices.Contains(auroraFamilies, parts[1]) && known {
		return
	}
	if global {
		c.Refuse("%q is not a memory-optimized class Aurora global databases take", class)
		return
	}
	c.Refuse("%q is not an Aurora PostgreSQL class the component knows", class)
}

// validateClusterParameters checks the extra cluster parameters: names and
// values, and that TLS stays forced.
func validateClusterParameters(p *validate.Problems, parameters map[string]string) {
	spec := engines[EnginePostgres]
	checkParameters(p, parameters)
	value, set := parameters[spec.tlsParameter]
	p.Allows("Parameters", fmt.Sprintf("%s %q or left out", spec.tlsParameter, spec.tlsValue)).
		RefuseIf(set && value != spec.tlsValue, "%s = %q would allow unencrypted connections", spec.tlsParameter, value)
	c := p.Allows("Parameters", fmt.Sprintf("%s a whole number from 1 to %d (a formula cannot size the connections alarm), or left out for Aurora's default for the class", maxConnectionsParameter, maxConnectionsSetting[EnginePostgres]))
	if v, set := parameters[maxConnectionsParameter]; set {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		c.RefuseIf(err != nil || n < 1 || n > maxConnectionsSetting[EnginePostgres], "%s = %q", maxConnectionsParameter, v)
	}
}

// maxClusterConnections is how many connections each instance of class
// accepts: a whole-number max_connections in parameters, else Aurora
// PostgreSQL's default LEAST({DBInstanceClassMemory/9531392}, 5000), the
// same formula as RDS for PostgreSQL (Aurora user guide, "Maximum
// connections to an Aurora PostgreSQL DB instance").
func maxClusterConnections(class string, parameters map[string]string) int {
	n, _ := DatabaseArgs{Engine: EnginePostgres, Parameters: parameters}.maxConnections(class) // known: validate checked
	return n
}
