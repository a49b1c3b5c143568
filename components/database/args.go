package database

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DatabaseArgs configures a Database. Inputs that come from other resources
// (the VPC, its subnets, the callers' security groups) are Pulumi inputs;
// everything else is a plain setting, validated before anything is created.
// Zero values (nil for pointers) mean "use the default" documented on each
// field; pointers are used where the zero value is itself a choice.
type DatabaseArgs struct {
	// VpcID is the VPC the database's security group (and its functions'
	// groups) belong to. Required, unless ExistingSecurityGroupID is given
	// and the component runs no function (no AppUser, MasterPassword
	// "rds-managed").
	VpcID pulumi.StringInput
	// SubnetIDs are the private database subnets. Required; RDS needs subnets
	// in at least two Availability Zones, even for a single-AZ instance, so
	// that Multi-AZ can be switched on later without moving the database.
	// With ExistingSubnetGroupName they are the subnets the component's
	// functions (AppUser, MasterPassword "stored") run in, required only
	// for those, and refused without them (the group's subnets are yours).
	SubnetIDs pulumi.StringArrayInput
	// AllowedSecurityGroups are the security groups admitted on the engine
	// port, keyed by a stable role name ("host", "web") that names the rule
	// `<name>-from-<key>`. Nothing else is admitted (but the component's own
	// bootstrap and rotation functions, whose keys "bootstrap" and
	// "rotation" are therefore taken). Keys are lower-case letters, digits
	// and hyphens.
	AllowedSecurityGroups map[string]pulumi.StringInput
	// SecretsManagerRoute are the resources that give SubnetIDs their route
	// to Secrets Manager, which the bootstrap function (AppUser) and the
	// rotation function (MasterPassword "stored") call from those subnets:
	// a Secrets Manager interface endpoint with private DNS
	// (network.Network.InterfaceEndpoints["secretsmanager"]), or the NAT
	// route of subnets that have one. The functions wait for them. Default
	// none: the route must then exist before the database is deployed.
	// Without a route the bootstrap fails the deployment, saying so, and
	// rotations fail (Security Hub SecretsManager.2).
	SecretsManagerRoute []pulumi.Resource

	// Engine is EnginePostgres (default) or EngineMySQL.
	Engine Engine
	// EngineVersion is a major version, default "16" for postgres and "8.0"
	// for mysql, upon which RDS applies minor upgrades automatically.
	// Supported majors: postgres 14 to 17 (13 is refused: it left RDS
	// standard support on 2026-02-28, and stores passwords as MD5 by
	// default, which the bootstrap will not log in with), mysql 8.0 and
	// 8.4. A full version
	// ("16.4") is accepted but pins the minor: raise it before RDS upgrades.
	// A new major version is an upgrade by hand first (RDS user guide,
	// "Upgrading a DB instance engine version": aws rds modify-db-instance
	// --engine-version 17 --allow-major-version-upgrade
	// --db-parameter-group-name <a group of the new family>), then this
	// field: that replaces the component's parameter group with one of the
	// new family and points the instance and its replicas at it. The
	// component sends no allowMajorVersionUpgrade, so in the other order
	// RDS refuses the change and `pulumi up` stops, with nothing lost.
	EngineVersion string
	// InstanceClass is the primary's class. Default "db.t3.micro".
	// Changing it resizes the instance in place. The component sizes the
	// connections alarm from the class's memory (Database.MaxConnections),
	// so it takes the classes whose memory it knows: db.t2, db.t3 and db.t4g
	// (micro to 2xlarge) and the current db.m, db.r, db.x2g and db.z1d
	// families (gibPerVCPU in connections.go); any other class, or a typo
	// RDS would refuse, is an error unless Parameters sets max_connections.
	InstanceClass string
	// AllocatedStorageGiB is the initial gp3 storage. Default 20; 20 to 65536.
	AllocatedStorageGiB int
	// MaxAllocatedStorageGiB is the storage autoscaling ceiling. Default 100,
	// or twice AllocatedStorageGiB when that is larger (at most 65536). It
	// must be at least 10% above AllocatedStorageGiB, as RDS requires.
	MaxAllocatedStorageGiB int
	// MultiAZ keeps a synchronous standby in another Availability Zone.
	// Default false; switch it on from stage 1k. Switching is done in place.
	MultiAZ bool
	// ReadReplicas is the number of read replicas, 0 (default) to 5. They are
	// named `<name>-replica-1` to `-N`, so adding one never renames another.
	// Replicas need MasterPassword "stored": RDS refuses read replicas of a
	// source whose master password it manages in Secrets Manager, for every
	// engine but SQL Server (RDS user guide, Password management with Amazon
	// RDS and AWS Secrets Manager, Limitations).
	ReadReplicas int
	// ReplicaInstanceClass is the replicas' class. Default InstanceClass.
	ReplicaInstanceClass string
	// BackupRetentionDays is how long automated backups are kept. Default 7;
	// 1 to 35. Read replicas need backups on their source, so 0 is refused.
	BackupRetentionDays *int
	// DeletionProtection refuses deletion of every instance. Default true.
	// Pulumi protects the primary too (pulumi.Protect): a program that
	// drops or replaces it fails in preview, before its replicas go.
	// Set it false for one deployment before removing the database or a replica.
	DeletionProtection *bool
	// SkipFinalSnapshot deletes the primary without a final snapshot.
	// Default false: a snapshot `<name>-final-<12 random letters and digits>`
	// is taken on delete, its name chosen when the primary is created and
	// kept for the primary's life, so a stack deleted, created again and
	// deleted again keeps both snapshots.
	SkipFinalSnapshot bool
	// DatabaseName is the database created in the instance. Default "app";
	// a letter, then letters, digits and underscores; not a system database.
	DatabaseName string
	// MasterUsername is the administrator's name. Default "app_admin"; a
	// letter, then letters, digits and underscores; not a reserved or
	// engine-default name (postgres, admin, rdsadmin, root...). Its password
	// is never in config: MasterPassword says who generates and keeps it.
	MasterUsername string
	// MasterPassword says who keeps the master user's password.
	//   "rds-managed" (default): RDS generates it and keeps and rotates it in Secrets Manager; it is never in config or Pulumi state. RDS refuses read replicas of such a source (every engine but SQL Server).
	//   "stored": the component generates it once (secretsmanager.GetRandomPassword, 32 characters, no punctuation) into a Secrets Manager secret `<name>-master` that it owns, and Secrets Manager rotates it every RotationDays; Pulumi's copy is the first password only (see newStoredMaster). Required for ReadReplicas > 0.
	// Switching a primary from "rds-managed" to "stored" modifies it in
	// place; RDS then deletes the secret it managed.
	MasterPassword MasterPasswordMode
	// RotationDays is how often Secrets Manager rotates a stored master
	// password (MasterPassword "stored"), in days: 1 to 365, default 30.
	// Secrets Manager itself accepts up to 1000; a year is the most this
	// component allows, and Security Hub SecretsManager.4 flags a secret not
	// rotated within 90 days. The rotation function is AWS's single-user
	// rotation function for the engine, from the Serverless Application
	// Repository, running in SubnetIDs (see SecretsManagerRoute); it first
	// runs when rotation is switched on. Must be 0 (unset) with
	// MasterPassword "rds-managed": RDS rotates the password it manages
	// itself, every 7 days by default.
	RotationDays int
	// AppUser is the application's own database user, created by the
	// component at deploy time: a bootstrap function in SubnetIDs reads the
	// master secret and creates or updates the role (LOGIN, no password,
	// member of rds_iam, so that it logs in with IAM database
	// authentication only), grants it CONNECT and makes it the owner of
	// AppSchema. The function runs again whenever its inputs or its code
	// change. Default "": no application user, no bootstrap. PostgreSQL
	// only. Allowed: a letter, then letters, digits and underscores, at
	// most 63 characters, not a reserved SQL key word, not starting with
	// pg_ or rds_, not public, none, postgres or one of RDS's accounts, not
	// MasterUsername. Grant the app Database.AppConnectPolicyJSON. Changing
	// it creates a new user and leaves the old one.
	AppUser string
	// AppSchema is the schema AppUser owns and finds first on its
	// search_path. Default AppUser. Allowed: as AppUser, but not public or
	// information_schema; rds_ is allowed. Only with AppUser.
	AppSchema string
	// PerformanceInsights turns on Performance Insights with the free 7-day
	// retention. Default true, except for mysql on the micro and small
	// classes, where RDS does not offer it.
	PerformanceInsights *bool
	// MonitoringIntervalSeconds is the Enhanced Monitoring granularity, one
	// of 0 (off), 1, 5, 10, 15, 30, 60. Default 60. When on, the component
	// creates the IAM role RDS publishes the metrics with.
	MonitoringIntervalSeconds *int
	// DeferChangesToMaintenanceWindow leaves modifications of the instances
	// (class, storage, Multi-AZ and the other instance settings) pending
	// until the next weekly maintenance window instead of applying them
	// during the deployment. Default false: changes apply immediately, so that a
	// successful `pulumi up` means the database runs what was asked for.
	// Applying immediately has a cost: a class change restarts the instance
	// (minutes of downtime single-AZ; with Multi-AZ, the standby is changed
	// first and a brief failover of about a minute follows), and a storage
	// change may slow I/O while it is optimised. Set it true to take those
	// interruptions in the maintenance window instead.
	DeferChangesToMaintenanceWindow bool
	// Parameters are extra engine parameters, merged over the defaults. The
	// defaults force TLS (postgres rds.force_ssl=1, mysql
	// require_secure_transport=ON), which cannot be relaxed, and log slow
	// statements (over one second). max_connections, if set, is a whole
	// number (postgres 1 to 262143, mysql 1 to 100000): it becomes
	// Database.MaxConnections, which a formula could not.
	Parameters map[string]string
	// Tags are applied to every taggable child, together with a Name tag
	// (the child's logical name), which wins over a "Name" given here.
	Tags map[string]string
	// BackupTags are tags only the primary instance carries, whose values
	// may come from other resources: the tag an AWS Backup plan selects data
	// stores by (backup.Plan.DataStoreTags). Replicas hold no data of their
	// own and do not get them. Default none.
	BackupTags map[string]pulumi.StringInput

	// ExistingSecurityGroupID is a security group of your own ("sg-..."),
	// used instead of the one the component creates: the instances are
	// placed behind it and it decides who connects. Default none: the
	// component creates `<name>` admitting AllowedSecurityGroups only.
	// Not with AllowedSecurityGroups (a group of your own is yours to
	// open) nor Database.AllowFrom. The component adds to it only the
	// rules that admit its own functions (`<name>-from-bootstrap`,
	// `<name>-from-rotation`) when it runs them. Changing it modifies the
	// instances in place.
	ExistingSecurityGroupID pulumi.StringInput
	// ExistingSubnetGroupName is a DB subnet group of your own, used
	// instead of the one the component creates over SubnetIDs. Default
	// none. Its subnets must be in two or more Availability Zones of the
	// VPC. Changing it moves the primary to the other group through
	// ModifyDBInstance (the provider's dbSubnetGroupName is not ForceNew),
	// an outage for the move, which RDS offers to move an instance to
	// another VPC (RDS API reference, ModifyDBInstance, DBSubnetGroupName);
	// switching from the component's group to yours also deletes the
	// component's group: choose it once.
	ExistingSubnetGroupName pulumi.StringInput
	// ExistingParameterGroupName is a DB parameter group of your own, of
	// the family of Engine and EngineVersion ("postgres16"), used instead
	// of the one the component creates. Default none. Not with Parameters.
	// The component's group forces TLS (rds.force_ssl,
	// require_secure_transport); yours should too. MaxConnections then
	// assumes RDS's default max_connections for the class. Changing it
	// modifies the instances in place (a reboot applies static parameters).
	ExistingParameterGroupName pulumi.StringInput
	// ExistingKMSKeyARN is a customer-managed KMS key of your own, by its
	// key ARN ("arn:aws:kms:<region>:<account>:key/<id>", not an alias),
	// in the database's region, that encrypts the storage, snapshots and
	// backups. Default none: RDS's AWS managed key (aws/rds). The key
	// policy must let the principal that deploys create grants for RDS
	// (kms:CreateGrant, kms:DescribeKey, with kms:ViaService
	// rds.<region>.amazonaws.com if you scope it) and keep the key enabled:
	// RDS cannot read a database whose key is disabled or deleted (RDS
	// user guide, "Encrypting Amazon RDS resources" and "Key management").
	// Changing it replaces the primary: choose it when the database is
	// created.
	ExistingKMSKeyARN pulumi.StringInput
	// ExistingMonitoringRoleARN is the IAM role RDS publishes Enhanced
	// Monitoring metrics with, of your own: it must trust
	// monitoring.rds.amazonaws.com and carry the AWS managed policy
	// AmazonRDSEnhancedMonitoringRole (RDS user guide, "Setting up and
	// enabling Enhanced Monitoring"). Default none: the component creates
	// `<name>-monitoring`. Not with MonitoringIntervalSeconds 0.
	ExistingMonitoringRoleARN pulumi.StringInput
}

// Defaults a Database and a Cluster share, applied by their WithDefaults.
const (
	defaultBackupRetentionDays = 7
	defaultDatabaseName        = "app"
	defaultMasterUsername      = "app_admin"
)

// MasterPasswordMode says who keeps a database's master password.
type MasterPasswordMode string

// The MasterPassword modes.
const (
	// MasterPasswordRDSManaged lets RDS generate, keep and rotate the master
	// password in a Secrets Manager secret of its own.
	MasterPasswordRDSManaged MasterPasswordMode = "rds-managed"
	// MasterPasswordStored has the component generate the master password
	// once and keep it in a Secrets Manager secret `<name>-master`.
	MasterPasswordStored MasterPasswordMode = "stored"
)

// Engine is a database engine a Database runs.
type Engine string

// The engines a Database runs.
const (
	EnginePostgres Engine = "postgres"
	EngineMySQL    Engine = "mysql"
)

// engine describes what differs between the supported database engines.
type engine struct {
	port int
	// defaultVersion is the default EngineVersion; fullVersion an example
	// of a version with its minor, for messages.
	defaultVersion, fullVersion string
	// majors are the supported major versions; majorParts is how many dotted
	// parts make a major ("16" for postgres, "8.0" for mysql).
	majors     []string
	majorParts int
	// logExports are the logs published to CloudWatch Logs.
	logExports []string
	// tlsParameter and tlsValue force encrypted connections.
	tlsParameter, tlsValue string
	// slowLogParameters log statements slower than one second.
	slowLogParameters map[string]string
	// maxUsernameLength and maxDatabaseNameLength are RDS's limits.
	maxUsernameLength, maxDatabaseNameLength int
	// systemDatabases cannot be used as DatabaseName.
	systemDatabases []string
	// noPerformanceInsights are the classes without Performance Insights.
	noPerformanceInsights []string
}

// engines are the supported engines, by Engine value.
var engines = map[Engine]engine{
	EnginePostgres: {
		port:                  5432,
		defaultVersion:        "16",
		fullVersion:           "16.4",
		majors:                []string{"14", "15", "16", "17"},
		majorParts:            1,
		logExports:            []string{"postgresql", "upgrade"},
		tlsParameter:          "rds.force_ssl",
		tlsValue:              "1",
		slowLogParameters:     map[string]string{"log_min_duration_statement": "1000"},
		maxUsernameLength:     63,
		maxDatabaseNameLength: 63,
		systemDatabases:       []string{"postgres", "rdsadmin", "template0", "template1"},
	},
	EngineMySQL: {
		port:                  3306,
		defaultVersion:        "8.0",
		fullVersion:           "8.0.39",
		majors:                []string{"8.0", "8.4"},
		majorParts:            2,
		logExports:            []string{"error", "slowquery"},
		tlsParameter:          "require_secure_transport",
		tlsValue:              "ON",
		slowLogParameters:     map[string]string{"slow_query_log": "1", "long_query_time": "1", "log_output": "FILE"},
		maxUsernameLength:     16,
		maxDatabaseNameLength: 64,
		systemDatabases:       []string{"information_schema", "mysql", "performance_schema", "sys"},
		noPerformanceInsights: []string{"db.t2.micro", "db.t2.small", "db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"},
	},
}

// retiredPostgresMajors are the PostgreSQL major versions the database
// and the cluster refuse, with why; the message of each ends in the
// majors allowed. PostgreSQL 13:
//   - left RDS and Aurora standard support on 2026-02-28 (AWS's release
//     calendars, "Release calendar for Amazon RDS for PostgreSQL" and
//     "Aurora PostgreSQL release calendar"; AWS's notices "Amazon RDS for
//     PostgreSQL 13 reaching end of standard support on February 28,
//     2026", the same date for Aurora PostgreSQL 13): a database created
//     on it now is enrolled in RDS Extended Support and charged for it
//     (RDS and Aurora user guides, "Overview of Amazon RDS Extended
//     Support");
//   - stores passwords as MD5 by default: scram-sha-256 is the default
//     password_encryption of the default parameter groups from 14 on
//     (RDS and Aurora user guides, "Using SCRAM for PostgreSQL password
//     encryption"), and the bootstrap's client refuses MD5 authentication
//     from a server whose certificate it has not verified
//     (bootstrap/pgwire.py), so a 13 database with an AppUser would fail
//     its deployment.
//
// Refusing it, rather than setting password_encryption in the parameter
// group, keeps every other database's parameters as they are.
var retiredPostgresMajors = map[string]string{
	"13": "PostgreSQL 13 left RDS and Aurora standard support on 2026-02-28 (a database created on it is enrolled in paid RDS Extended Support), " +
		"and stores passwords as MD5 by default, which the bootstrap of AppUser refuses to log in with",
}

// major returns the major version of version ("16.4" -> "16", "8.0.39" ->
// "8.0"), or "" when version is not a dotted number with a supported
// number of parts.
func (e engine) major(version string) string {
	parts := strings.Split(version, ".")
	if len(parts) < e.majorParts || len(parts) > e.majorParts+1 {
		return ""
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return ""
		}
	}
	return strings.Join(parts[:e.majorParts], ".")
}

// supportsPerformanceInsights reports whether RDS offers Performance
// Insights for this engine on class.
func (e engine) supportsPerformanceInsights(class string) bool {
	return !slices.Contains(e.noPerformanceInsights, class)
}

// reservedUsernames are the engines' built-in accounts and the engine
// default administrator names, which Security Hub (RDS.24, RDS.25) flags.
var reservedUsernames = []string{
	"admin", "administrator", "master", "mysql", "postgres", "rds_superuser",
	"rdsadmin", "rdsrepladmin", "root", "sa", "sys", "system",
}

// WithDefaults returns a copy of the args with every unset field given the
// default documented on it.
func (a DatabaseArgs) WithDefaults() DatabaseArgs {
	if a.Engine == "" {
		a.Engine = EnginePostgres
	}
	spec := engines[a.Engine] // the zero engine when unknown: validate reports it
	if a.EngineVersion == "" {
		a.EngineVersion = spec.defaultVersion
	}
	if a.InstanceClass == "" {
		a.InstanceClass = "db.t3.micro"
	}
	if a.AllocatedStorageGiB == 0 {
		a.AllocatedStorageGiB = 20
	}
	if a.MaxAllocatedStorageGiB == 0 {
		a.MaxAllocatedStorageGiB = min(max(100, 2*a.AllocatedStorageGiB), maxStorageGiB)
	}
	if a.ReplicaInstanceClass == "" {
		a.ReplicaInstanceClass = a.InstanceClass
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
	if a.MasterPassword == "" {
		a.MasterPassword = MasterPasswordRDSManaged
	}
	if a.RotationDays == 0 && a.MasterPassword == MasterPasswordStored {
		a.RotationDays = defaultRotationDays
	}
	if a.AppSchema == "" {
		a.AppSchema = a.AppUser
	}
	if a.PerformanceInsights == nil {
		a.PerformanceInsights = pulumi.BoolRef(spec.supportsPerformanceInsights(a.InstanceClass))
	}
	if a.MonitoringIntervalSeconds == nil {
		a.MonitoringIntervalSeconds = pulumi.IntRef(60)
	}
	return a
}

const (
	minStorageGiB = 20
	maxStorageGiB = 65536
	maxReplicas   = 5

	defaultRotationDays = 30
	maxRotationDays     = 365
)

// ownCallers are the AllowedSecurityGroups keys the component's own
// functions take.
var ownCallers = []string{bootstrapKey, rotationKey}

var (
	roleKey    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	identifier = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
)

// monitoringIntervals are the Enhanced Monitoring granularities RDS accepts.
var monitoringIntervals = []int{0, 1, 5, 10, 15, 30, 60}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewDatabase would, without registering anything: stages check their whole
// configuration before deploying. The region of ExistingKMSKeyARN is
// checked by NewDatabase, which knows the database's region.
func (a DatabaseArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("database", name), a.WithDefaults().validate(name, ""))
}

// runsFunctions reports whether the component runs functions of its own
// in SubnetIDs: the bootstrap (AppUser) and the rotation (a stored master
// password).
func (a DatabaseArgs) runsFunctions() bool {
	return a.AppUser != "" || a.MasterPassword == MasterPasswordStored
}

// validate reports every problem with the (defaulted) args at once, so that
// a bad configuration registers nothing; scope starts every message
// (`database "orders"`), region is the database's ("" when not known).
func (a DatabaseArgs) validate(name, region string) error {
	p := validate.For("database", name)

	p.Required("VpcID", a.VpcID != nil || a.ExistingSecurityGroupID != nil && !a.runsFunctions(), "")
	p.VpcID("VpcID", a.VpcID)
	a.existing().validateSubnets(p, a.SubnetIDs, a.runsFunctions())
	ids, known := a.SubnetIDs.(pulumi.StringArray)
	p.Allows("SubnetIDs", "two or more, in different Availability Zones").
		RefuseIf(known && len(ids) < 2, "has %d subnet(s)", len(ids))
	a.existing().validate(p, a.AllowedSecurityGroups, a.MonitoringIntervalSeconds, region)
	a.existing().validateParameterGroup(p, a.Parameters)
	checkAllowedGroups(p, a.AllowedSecurityGroups, ownCallers)
	checkRoute(p, a.SecretsManagerRoute)

	validate.OneOf(p, "Engine", a.Engine, EnginePostgres, EngineMySQL)
	if spec, known := engines[a.Engine]; known {
		supported := p.Allows("EngineVersion", fmt.Sprintf("for %s %s, optionally with a minor version, such as %q", a.Engine, strings.Join(spec.majors, ", "), spec.fullVersion))
		if why, retired := retiredPostgresMajors[spec.major(a.EngineVersion)]; retired && a.Engine == EnginePostgres {
			supported.Refuse("%q is refused: %s", a.EngineVersion, why)
		} else {
			supported.RefuseIf(!slices.Contains(spec.majors, spec.major(a.EngineVersion)), "%q is not supported for %s", a.EngineVersion, a.Engine)
		}
		// identifierName checks a database or user name: a letter, then
		// letters, digits and underscores, within the engine's length limit,
		// not one of reserved.
		identifierName := func(field, v string, maxLength int, reserved []string) {
			c := p.Allows(field, fmt.Sprintf("for %s a letter, then letters, digits and underscores, at most %d characters, not %s", a.Engine, maxLength, strings.Join(reserved, ", ")))
			switch {
			case !identifier.MatchString(v) || len(v) > maxLength:
				c.Refuse("%q is not a valid %s name", v, a.Engine)
			case slices.Contains(reserved, strings.ToLower(v)):
				c.Refuse("%q is reserved by %s or flagged by Security Hub", v, a.Engine)
			}
		}
		identifierName("DatabaseName", a.DatabaseName, spec.maxDatabaseNameLength, spec.systemDatabases)
		identifierName("MasterUsername", a.MasterUsername, spec.maxUsernameLength, reservedUsernames)
		checkPerformanceInsights(p, a.Engine, a.InstanceClass, *a.PerformanceInsights)
		value, set := a.Parameters[spec.tlsParameter]
		p.Allows("Parameters", fmt.Sprintf("%s %q or left out (%s)", spec.tlsParameter, spec.tlsValue, a.Engine)).
			RefuseIf(set && value != spec.tlsValue, "%s = %q would allow unencrypted connections", spec.tlsParameter, value)
	}

	p.InstanceType("InstanceClass", a.InstanceClass, "db.", "db.t3.micro")
	if a.ReplicaInstanceClass != a.InstanceClass { // else reported once, above
		p.InstanceType("ReplicaInstanceClass", a.ReplicaInstanceClass, "db.", "db.t3.micro")
	}
	p.IntRange("AllocatedStorageGiB", a.AllocatedStorageGiB, minStorageGiB, maxStorageGiB)
	p.IntRange("MaxAllocatedStorageGiB", a.MaxAllocatedStorageGiB, minStorageGiB, maxStorageGiB)
	p.Allows("MaxAllocatedStorageGiB", "at least 10% above AllocatedStorageGiB").
		RefuseIf(10*a.MaxAllocatedStorageGiB < 11*a.AllocatedStorageGiB, "%d is less than 10%% above AllocatedStorageGiB (%d), which takes %d or more", a.MaxAllocatedStorageGiB, a.AllocatedStorageGiB, (11*a.AllocatedStorageGiB+9)/10)

	p.IntRange("ReadReplicas", a.ReadReplicas, 0, maxReplicas)
	validate.OneOf(p, "MasterPassword", a.MasterPassword, MasterPasswordRDSManaged, MasterPasswordStored)
	p.Allows("ReadReplicas", fmt.Sprintf("MasterPassword %q with read replicas, or ReadReplicas 0", MasterPasswordStored)).
		RefuseIf(a.ReadReplicas > 0 && a.MasterPassword == MasterPasswordRDSManaged, "%d with MasterPassword %q: RDS refuses read replicas of a source whose master password it manages in Secrets Manager (every engine but SQL Server)", a.ReadReplicas, a.MasterPassword)
	p.IntRange("BackupRetentionDays", *a.BackupRetentionDays, 1, 35)
	a.validateRotation(p)
	a.validateAppUser(p)

	checkMonitoringInterval(p, *a.MonitoringIntervalSeconds)
	checkParameters(p, a.Parameters)
	a.validateMaxConnections(p)

	p.Tags("Tags", a.Tags)
	p.InputTags("BackupTags", a.BackupTags)
	return p.Err()
}

// checkAllowedGroups checks the keys and values of AllowedSecurityGroups:
// each key names the rule `<name>-from-<key>`, and none is one the
// component's own functions take (taken).
func checkAllowedGroups(p *validate.Problems, groups map[string]pulumi.StringInput, taken []string) {
	keys := p.Allows("AllowedSecurityGroups", "keys of lower-case letters, digits and single hyphens")
	ids := p.Allows("AllowedSecurityGroups", "a security group ID input for every key")
	var own validate.Check
	if len(taken) > 0 {
		own = p.Allows("AllowedSecurityGroups", "keys other than "+strings.Join(taken, " and ")+", the component's own functions'")
	}
	p.SecurityGroupIDMap("AllowedSecurityGroups", groups)
	for _, key := range validate.Keys(groups) {
		keys.RefuseIf(!roleKey.MatchString(key), "key %q names the rule <name>-from-<key>", key)
		ids.RefuseIf(groups[key] == nil, "%q has no security group ID", key)
		if slices.Contains(taken, key) {
			own.Refuse("key %q names the rule of the component's own %s function", key, key)
		}
	}
}

// checkRoute checks that SecretsManagerRoute holds no nil resource.
func checkRoute(p *validate.Problems, route []pulumi.Resource) {
	c := p.Allows("SecretsManagerRoute", "resources, such as the network's Secrets Manager endpoint")
	for i, r := range route {
		if r == nil {
			c.RefuseAt(fmt.Sprintf("SecretsManagerRoute[%d]", i), "is nil")
		}
	}
}

// checkPerformanceInsights checks that Performance Insights is on (on)
// only where RDS offers it for engine and class.
func checkPerformanceInsights(p *validate.Problems, engine Engine, class string, on bool) {
	spec := engines[engine]
	if len(spec.noPerformanceInsights) == 0 {
		return // offered on every class
	}
	p.Allows("PerformanceInsights", fmt.Sprintf("false for %s on %s", engine, strings.Join(spec.noPerformanceInsights, ", "))).
		RefuseIf(on && !spec.supportsPerformanceInsights(class), "true is not available for %s on InstanceClass %q", engine, class)
}

// checkMonitoringInterval checks an Enhanced Monitoring granularity.
func checkMonitoringInterval(p *validate.Problems, seconds int) {
	p.Allows("MonitoringIntervalSeconds", "0 (off), 1, 5, 10, 15, 30, 60").
		RefuseIf(!slices.Contains(monitoringIntervals, seconds), "%d is not an Enhanced Monitoring interval", seconds)
}

// checkParameters checks that every extra engine parameter has a name and
// a value.
func checkParameters(p *validate.Problems, parameters map[string]string) {
	c := p.Allows("Parameters", "parameter names with non-empty values")
	for _, key := range validate.Keys(parameters) {
		c.RefuseIf(strings.TrimSpace(key) == "" || strings.TrimSpace(parameters[key]) == "", "%q = %q", key, parameters[key])
	}
}

// existing are the resources of the user's own the database uses.
func (a DatabaseArgs) existing() existing {
	return existing{
		securityGroupID: a.ExistingSecurityGroupID, subnetGroupName: a.ExistingSubnetGroupName,
		parameterGroupName: a.ExistingParameterGroupName, monitoringRoleARN: a.ExistingMonitoringRoleARN,
		kmsKeyARN: a.ExistingKMSKeyARN,
	}
}

// validateRotation checks the rotation schedule against the password mode:
// a stored password rotates every 1 to 365 days; one RDS manages takes no
// schedule from the component.
func (a DatabaseArgs) validateRotation(p *validate.Problems) {
	switch a.MasterPassword {
	case MasterPasswordStored:
		p.IntRange("RotationDays", a.RotationDays, 1, maxRotationDays)
	case MasterPasswordRDSManaged:
		p.Allows("RotationDays", fmt.Sprintf("0, or MasterPassword %q for a rotation of the component's", MasterPasswordStored)).
			RefuseIf(a.RotationDays != 0, "%d with MasterPassword %q: RDS rotates the password it manages itself (every 7 days by default)", a.RotationDays, a.MasterPassword)
	}
}

// validateAppUser checks the application user and schema with the
// bootstrap function's own rules (names.go), and that the engine is one
// the function speaks.
func (a DatabaseArgs) validateAppUser(p *validate.Problems) {
	p.Allows("AppSchema", "only with an AppUser, who owns it").
		RefuseIf(a.AppUser == "" && a.AppSchema != "", "%q is set without AppUser", a.AppSchema)
	if a.AppUser == "" {
		return
	}
	engine := p.Allows("AppUser", fmt.Sprintf("only with Engine %q", EnginePostgres))
	if a.Engine != EnginePostgres {
		engine.Refuse("%q needs Engine \"postgres\": the bootstrap function that creates it speaks PostgreSQL only, not %s", a.AppUser, a.Engine)
		return
	}
	userRefused := checkAppName(p, "AppUser", userName, a.AppUser)
	p.Allows("AppUser", "not MasterUsername").
		RefuseIf(strings.EqualFold(a.AppUser, a.MasterUsername), "%q is the master user (MasterUsername)", a.AppUser)
	// A schema that defaults to a refused user name would only repeat its
	// problems; one named by the user, or a user name that is no schema
	// name (information_schema), gets its own.
	if a.AppSchema != a.AppUser || !userRefused {
		checkAppName(p, "AppSchema", schemaName, a.AppSchema)
	}
}
