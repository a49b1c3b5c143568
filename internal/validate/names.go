package validate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// This file checks the names and key ARNs of data-tier resources a user
// already has (ExistingSubnetGroupName, ExistingParameterGroupName,
// ExistingVaultName, ExistingKMSKeyARN of a data store), as aws.go checks
// IDs and ARNs: only when the value is known at program time.

// KMSKeyOnly is a KMS key named by its key ARN, not by an alias. The data
// stores (RDS, ElastiCache, DynamoDB, CloudWatch Logs, AWS Backup) keep the
// ARN of the key they encrypt with and report it back on every refresh: an
// alias ARN given instead reads back as a different value, a change of an
// input that replaces the store (terraform-provider-aws: kms_key_id of
// aws_db_instance, aws_rds_cluster and aws_elasticache_replication_group,
// kms_key_arn of aws_backup_vault are ForceNew, with no diff suppression
// for aliases).
var KMSKeyOnly = ARNKind{What: "a KMS key (its key ARN, not an alias)", Service: "kms", Resources: []string{"key/"},
	Example: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}

// KeyARN checks a known key ARN of KMSKeyOnly in region ("" when not
// known): the customer-managed key of a data store, which must be in the
// store's region (a KMS key never leaves its region: AWS KMS developer
// guide, "Multi-Region keys" aside, a key is usable in its own region
// only).
func (p *Problems) KeyARN(field string, v pulumi.StringInput, region string) {
	p.ARN(field, v, KMSKeyOnly, region)
}

// NameShape is the naming rule of a kind of resource a user names by its
// name rather than an ID (a DB subnet group, a parameter group).
type NameShape struct {
	// What names the kind in messages, with its article.
	What string
	// Pattern is the rule, Rule says it in words.
	Pattern *regexp.Regexp
	Rule    string
	// Example is a well-formed name.
	Example string
	// Reserved are names the rule matches that AWS refuses nonetheless.
	Reserved []string
}

// Names of the data tier's resources (each rule from the service's API
// reference for the create call).
var (
	// DBSubnetGroup is an RDS DB subnet group: "no more than 255 letters,
	// numbers, periods, underscores, spaces, or hyphens. Must not be
	// default" (RDS API reference, CreateDBSubnetGroup, DBSubnetGroupName).
	DBSubnetGroup = NameShape{What: "a DB subnet group", Pattern: regexp.MustCompile(`^[A-Za-z0-9._ -]{1,255}$`),
		Rule: "1 to 255 letters, digits, periods, underscores, spaces and hyphens", Example: "orders-db", Reserved: []string{"default"}}
	// DBParameterGroup is an RDS DB (or DB cluster) parameter group: 1 to
	// 255 letters, numbers and hyphens, a letter first, no hyphen last and
	// no two in a row (RDS API reference, CreateDBParameterGroup,
	// DBParameterGroupName).
	DBParameterGroup = NameShape{What: "a DB parameter group", Pattern: regexp.MustCompile(`^[A-Za-z](-?[A-Za-z0-9])*$`),
		Rule: "a letter, then letters, digits and single hyphens, not ending in one, at most 255 characters", Example: "orders-postgres16"}
	// CacheSubnetGroup is an ElastiCache subnet group: "no more than 255
	// alphanumeric characters or hyphens" (ElastiCache API reference,
	// CreateCacheSubnetGroup, CacheSubnetGroupName), stored in lower case.
	CacheSubnetGroup = NameShape{What: "a cache subnet group", Pattern: regexp.MustCompile(`^[a-z0-9-]{1,255}$`),
		Rule: "1 to 255 lower-case letters, digits and hyphens", Example: "sessions-cache", Reserved: []string{"default"}}
	// CacheParameterGroup is an ElastiCache parameter group: 1 to 255
	// letters, digits and hyphens, a letter first, no hyphen last and no
	// two in a row (ElastiCache API reference, CreateCacheParameterGroup).
	CacheParameterGroup = NameShape{What: "a cache parameter group", Pattern: regexp.MustCompile(`^[A-Za-z](-?[A-Za-z0-9])*$`),
		Rule: "a letter, then letters, digits and single hyphens, not ending in one, at most 255 characters", Example: "sessions-redis7"}
	// BackupVault is an AWS Backup vault: 2 to 50 letters, digits, hyphens
	// and underscores (AWS Backup API reference, CreateBackupVault,
	// BackupVaultName: ^[a-zA-Z0-9\-\_]{2,50}$).
	BackupVault = NameShape{What: "a backup vault", Pattern: regexp.MustCompile(`^[A-Za-z0-9_-]{2,50}$`),
		Rule: "2 to 50 letters, digits, hyphens and underscores", Example: "prod-backups"}
)

// Name checks a known name of the kind shape describes.
func (p *Problems) Name(field string, v pulumi.StringInput, shape NameShape) {
	allowed := fmt.Sprintf("%s, such as %q", shape.Rule, shape.Example)
	if len(shape.Reserved) > 0 {
		allowed = fmt.Sprintf("%s, not %s, such as %q", shape.Rule, strings.Join(shape.Reserved, " or "), shape.Example)
	}
	c := p.Allows(field, allowed)
	s, ok := Known(v)
	if !ok {
		return
	}
	c.RefuseIf(!shape.Pattern.MatchString(s) || len(s) > 255 || slices.Contains(shape.Reserved, s), "%q is not the name of %s", s, shape.What)
}
