package cache

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// CacheArgs configures a Cache. VpcID, SubnetIDs and AllowedSecurityGroups
// are required; every other field has a documented default applied by
// WithDefaults.
type CacheArgs struct {
	// VpcID is the VPC the cache's security group belongs to. Required,
	// unless ExistingSecurityGroupID is given.
	VpcID pulumi.StringInput
	// SubnetIDs are the private subnets the cache nodes run in, ideally one
	// per Availability Zone so that Multi-AZ can spread primary and replicas.
	// Required, unless ExistingSubnetGroupName is given (not with it).
	SubnetIDs pulumi.StringArrayInput
	// AllowedSecurityGroups are the security groups admitted on Port, keyed
	// by a short role that names their ingress rule `<name>-from-<key>`
	// ("web" gives `sessions-from-web`). Required: at least one, unless
	// ExistingSecurityGroupID is given (not with it). Nothing else can
	// reach the cache; Cache.AllowFrom admits more later.
	AllowedSecurityGroups map[string]pulumi.StringInput
	// Engine is "redis" (Redis OSS) or "valkey". Default "redis". Moving
	// from "redis" to "valkey" is an in-place engine upgrade; the reverse
	// replaces the cache, so this component never offers it silently.
	Engine Engine
	// EngineVersion is the major.minor engine version. Default "7.1" for
	// redis, "8.0" for valkey. Allowed: the versions that support IAM
	// authentication (redis 7.0 and 7.1; valkey 7.2, 8.0 and 8.1). Upgrading
	// is in place; downgrading replaces the cache.
	EngineVersion string
	// NodeType is the node class, such as "cache.r7g.large". Default
	// "cache.t4g.small". Changing it resizes the nodes online, in place.
	// Data-tiering classes (r6gd) are not offered: switching to or from one
	// replaces the cache.
	NodeType string
	// Nodes is the number of nodes: one primary plus Nodes-1 read replicas.
	// Default 2 (also when 0, the zero value), allowed 1 to 6. With 2 or
	// more, automatic failover and Multi-AZ are on (Security Hub
	// ElastiCache.3); 1 node has no failover. Adding or removing replicas is
	// in place.
	Nodes int
	// SnapshotRetentionDays is how many days of daily snapshots ElastiCache
	// keeps. Default 7 (also when 0, the zero value), allowed 1 to 35:
	// backups cannot be turned off here (Security Hub ElastiCache.1).
	SnapshotRetentionDays int
	// Port is the TCP port the cache listens on. Default 6379, allowed 1024
	// to 65535. Changing it replaces the cache: choose it once.
	Port int
	// LogRetentionDays is how long the slow log is kept in CloudWatch Logs.
	// Default 30; allowed: a retention CloudWatch Logs accepts.
	LogRetentionDays int
	// Tags are added to every taggable child, together with a Name tag
	// naming the child (which takes precedence over a "Name" key here).
	Tags map[string]string

	// ExistingSecurityGroupID is a security group of your own ("sg-..."),
	// used instead of the one the component creates: the nodes are placed
	// behind it and it decides who connects. Default none. Not with
	// AllowedSecurityGroups (a group of your own is yours to open) nor
	// Cache.AllowFrom. Changing it updates the replication group's
	// security groups in place; switching from the component's group to
	// yours deletes the component's group and its rules (clients it
	// admitted lose access unless yours admits them).
	ExistingSecurityGroupID pulumi.StringInput
	// ExistingSubnetGroupName is a cache subnet group of your own, used
	// instead of the one the component creates over SubnetIDs. Default
	// none. Not with SubnetIDs. Changing it replaces the cache.
	ExistingSubnetGroupName pulumi.StringInput
	// ExistingParameterGroupName is a cache parameter group of your own, of
	// the family of Engine and EngineVersion ("redis7", "valkey8"), used
	// instead of the component's (which evicts volatile keys least
	// recently used first). Default none. Changing it modifies the cache
	// in place.
	ExistingParameterGroupName pulumi.StringInput
	// ExistingKMSKeyARN is a customer-managed KMS key of your own, by its
	// key ARN (not an alias), in the cache's region, that encrypts the data
	// at rest and the snapshots. Default none: ElastiCache's AWS owned key.
	// Its key policy must let ElastiCache use it through the deploying
	// principal's grants (kms:CreateGrant, kms:DescribeKey, kms:Encrypt,
	// kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*; ElastiCache user
	// guide, "At-Rest Encryption in ElastiCache": "Using customer managed
	// keys from AWS KMS"). Changing it replaces the cache (the provider's
	// kmsKeyId is ForceNew): choose it when the cache is created.
	ExistingKMSKeyARN pulumi.StringInput
	// ExistingLogKMSKeyARN is a customer-managed KMS key of your own, by
	// its key ARN, in the cache's region, that encrypts the slow log's log
	// group. Default none: CloudWatch Logs' own encryption. Its key policy
	// must allow the service principal logs.<region>.amazonaws.com
	// kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey* and
	// kms:Describe*, conditioned on kms:EncryptionContext:aws:logs:arn
	// (CloudWatch Logs user guide, "Encrypt log data in CloudWatch Logs
	// using AWS Key Management Service"). Changing it modifies the group in
	// place.
	ExistingLogKMSKeyARN pulumi.StringInput
}

// engine describes one engine the cache runs: its default version and the
// parameter group family of every version it allows.
type engine struct {
	defaultVersion string
	families       map[string]string // version -> parameter group family
}

// Engine is the engine a Cache runs.
type Engine string

// The engines a Cache runs.
const (
	// EngineRedis is Redis OSS.
	EngineRedis Engine = "redis"
	// EngineValkey is Valkey, the open-source fork of Redis OSS.
	EngineValkey Engine = "valkey"
)

// engines are the engines and versions a Cache supports: only those that
// support IAM authentication (Redis OSS 7.0 and later, Valkey 7.2 and
// later), because the app connects with IAM and no password exists.
var engines = map[Engine]engine{
	EngineRedis: {
		defaultVersion: "7.1",
		families:       map[string]string{"7.0": "redis7", "7.1": "redis7"},
	},
	EngineValkey: {
		defaultVersion: "8.0",
		families:       map[string]string{"7.2": "valkey7", "8.0": "valkey8", "8.1": "valkey8"},
	},
}

// Defaults applied by WithDefaults.
const (
	defaultEngine                = EngineRedis
	defaultNodeType              = "cache.t4g.small"
	defaultNodes                 = 2
	defaultSnapshotRetentionDays = 7
	defaultPort                  = 6379
	defaultLogRetentionDays      = 30
)

// Limits ElastiCache sets.
const (
	// maxNodes is the largest replication group without cluster mode: a
	// primary and five replicas.
	maxNodes = 6
	// maxSnapshotRetentionDays is the longest automatic snapshot retention.
	maxSnapshotRetentionDays = 35
)

// ruleKey matches the keys of AllowedSecurityGroups, which end up in the
// logical names of ingress rules.
var ruleKey = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// WithDefaults returns a copy of a with every unset (zero) field given its
// documented default.
func (a CacheArgs) WithDefaults() CacheArgs {
	if a.Engine == "" {
		a.Engine = defaultEngine
	}
	if e, ok := engines[a.Engine]; ok && a.EngineVersion == "" {
		a.EngineVersion = e.defaultVersion
	}
	if a.NodeType == "" {
		a.NodeType = defaultNodeType
	}
	if a.Nodes == 0 {
		a.Nodes = defaultNodes
	}
	if a.SnapshotRetentionDays == 0 {
		a.SnapshotRetentionDays = defaultSnapshotRetentionDays
	}
	if a.Port == 0 {
		a.Port = defaultPort
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = defaultLogRetentionDays
	}
	return a
}

// family is the parameter group family of the (validated) engine and version.
func (a CacheArgs) family() string {
	return engines[a.Engine].families[a.EngineVersion]
}

// validate reports every problem with a (after WithDefaults) at once;
// region is the cache's, "" when not known.
func (a CacheArgs) validate(name, region string) error {
	p := validate.For("cache", name)
	p.Required("VpcID", a.VpcID != nil || a.ExistingSecurityGroupID != nil, "")
	p.VpcID("VpcID", a.VpcID)
	p.SubnetIDs("SubnetIDs", a.SubnetIDs)
	p.Conflict("ExistingSubnetGroupName", "SubnetIDs", a.ExistingSubnetGroupName != nil && a.SubnetIDs != nil, "the subnets are your group's")
	if a.ExistingSubnetGroupName == nil {
		p.Required("SubnetIDs", a.SubnetIDs != nil, "the private subnets the nodes run in")
	}
	p.Conflict("ExistingSecurityGroupID", "AllowedSecurityGroups", a.ExistingSecurityGroupID != nil && len(a.AllowedSecurityGroups) > 0, "a security group of your own is yours to open")
	if a.ExistingSecurityGroupID == nil {
		p.Required("AllowedSecurityGroups", len(a.AllowedSecurityGroups) > 0, `at least one security group to admit, keyed by a role such as "web"`)
	}
	p.SecurityGroupID("ExistingSecurityGroupID", a.ExistingSecurityGroupID)
	p.Name("ExistingSubnetGroupName", a.ExistingSubnetGroupName, validate.CacheSubnetGroup)
	p.Name("ExistingParameterGroupName", a.ExistingParameterGroupName, validate.CacheParameterGroup)
	p.KeyARN("ExistingKMSKeyARN", a.ExistingKMSKeyARN, region)
	p.KeyARN("ExistingLogKMSKeyARN", a.ExistingLogKMSKeyARN, region)
	keys := p.Allows("AllowedSecurityGroups", `keys of lower-case letters, digits and hyphens, such as "web"`)
	ids := p.Allows("AllowedSecurityGroups", "a security group ID input for every key")
	p.SecurityGroupIDMap("AllowedSecurityGroups", a.AllowedSecurityGroups)
	for _, key := range validate.Keys(a.AllowedSecurityGroups) {
		keys.RefuseIf(!ruleKey.MatchString(key), "key %q cannot name a rule", key)
		ids.RefuseIf(a.AllowedSecurityGroups[key] == nil, "%q has no security group ID", key)
	}
	validate.OneOf(p, "Engine", a.Engine, EngineRedis, EngineValkey)
	if e, ok := engines[a.Engine]; ok {
		versions := validate.Keys(e.families)
		p.Allows("EngineVersion", fmt.Sprintf("for %s %s", a.Engine, strings.Join(versions, ", "))).
			RefuseIf(!slices.Contains(versions, a.EngineVersion), "%q is not supported", a.EngineVersion)
	}
	p.InstanceType("NodeType", a.NodeType, "cache.", defaultNodeType)
	p.Allows("NodeType", "classes without data tiering (no \"gd.\"), because switching to or from one replaces the cache").
		RefuseIf(strings.Contains(a.NodeType, "gd."), "%q is a data-tiering class", a.NodeType)
	p.IntRange("Nodes", a.Nodes, 1, maxNodes)
	p.IntRange("SnapshotRetentionDays", a.SnapshotRetentionDays, 1, maxSnapshotRetentionDays)
	p.IntRange("Port", a.Port, 1024, 65535)
	p.LogRetention("LogRetentionDays", a.LogRetentionDays)
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewCache would, without registering anything: a stage checks all of its
// components this way before it registers its first resource. The region
// of a key of your own is checked by NewCache, which knows it.
func (a CacheArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("cache", name), a.WithDefaults().validate(name, ""))
}
