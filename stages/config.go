package stages

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/components/firewall"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// ConfigKey is one setting a stack may override in its Pulumi.<stack>.yaml
// (all under the millionstack: namespace).
type ConfigKey struct {
	// Name is the key without namespace ("dbInstanceClass").
	Name string
	// Help says what it changes; `millionstack help` lists it.
	Help string
	// apply parses value onto s and reports whether the stage has the piece
	// the key changes; syntax problems go to p under the full key.
	apply func(s *Settings, value string, p *valueParser) bool
}

// ConfigKeys lists every config key millionstack reads besides
// millionstack:stage, in the order the README documents them.
var ConfigKeys = append([]ConfigKey{
	{"domain", "apex domain (example.com): adds Route 53 records and ACM certificates", func(s *Settings, v string, p *valueParser) bool {
		if p.domain(v) {
			s.Domain.Name = v
		}
		return true
	}},
	{"createZone", "true: create the Route 53 hosted zone instead of looking it up (certificates wait for zoneDelegated)", func(s *Settings, v string, p *valueParser) bool {
		s.Domain.CreateZone = p.boolean(v)
		return true
	}},
	{"zoneDelegated", "true once the registrar points the domain at the created zone's nameServers: issues the certificates", func(s *Settings, v string, p *valueParser) bool {
		s.Domain.Delegated = p.boolean(v)
		return true
	}},
	{"alarmEmail", "e-mail address subscribed to alarms and budget alerts", func(s *Settings, v string, p *valueParser) bool {
		if s.Monitoring == nil && s.Budget == nil {
			return false
		}
		p.email(v)
		if s.Monitoring != nil {
			s.Monitoring.AlarmEmail = v
		}
		if s.Budget != nil {
			s.Budget.AlertEmails = []string{v}
		}
		return true
	}},
	{"deletionProtection", "false for throw-away stacks: lets pulumi destroy remove databases, load balancers and tables", func(s *Settings, v string, p *valueParser) bool {
		on := p.boolean(v)
		if s.Database != nil {
			s.Database.DeletionProtection = &on
			s.Database.SkipFinalSnapshot = !on
		}
		if s.Web != nil {
			s.Web.DeletionProtection = &on
		}
		if s.Services != nil {
			s.Services.App.DeletionProtection = &on
		}
		if s.Sessions != nil {
			s.Sessions.DeletionProtection = &on
		}
		if s.Data != nil {
			s.Data.Cluster.DeletionProtection = &on
			s.Data.Cluster.SkipFinalSnapshot = !on
			for name, t := range s.Data.HotTables {
				t.DeletionProtection = &on
				s.Data.HotTables[name] = t
			}
		}
		return true
	}},
	{"vpcCidr", "VPC IPv4 range (default 10.0.0.0/16); fixed once deployed", func(s *Settings, v string, p *valueParser) bool {
		if s.Network == nil {
			return false
		}
		s.Network.CIDR = v
		return true
	}},
	{"azCount", "number of availability zones (1-6); only ever raise it", func(s *Settings, v string, p *valueParser) bool {
		if s.Network == nil {
			return false
		}
		s.Network.AZCount = p.count(v)
		return true
	}},
	{"hostInstanceType", "EC2 instance type of the single host (vertical scaling)", func(s *Settings, v string, p *valueParser) bool {
		if s.Host == nil {
			return false
		}
		s.Host.InstanceType = v
		return true
	}},
	{"hostAmi", "pin the host's AMI (default: newest Amazon Linux 2023 at first deploy)", func(s *Settings, v string, p *valueParser) bool {
		if s.Host == nil {
			return false
		}
		s.Host.AMI = v
		return true
	}},
	{"dbEngine", "postgres, the only engine the stages run (the app logs in with IAM as a user the stack creates, on PostgreSQL only); fixed once deployed", func(s *Settings, v string, p *valueParser) bool {
		if s.Database == nil {
			return false
		}
		// Every stage gives the app a user of its own, which logs in with
		// IAM tokens, so that no server can read the master secret. The
		// bootstrap function that creates that user at deploy time speaks
		// PostgreSQL only; a MySQL stage would leave the app nothing to log
		// in with but the master password. The database component still
		// runs MySQL in stacks of one's own.
		if v != "postgres" {
			p.Addf(p.key, "%q is not supported by the stages; allowed: postgres (the app logs in with IAM database authentication as a user the stack creates at deploy time, which millionstack does on PostgreSQL only; the database component runs mysql in a stack of your own)", v)
		}
		s.Database.Engine = database.Engine(v)
		return true
	}},
	{"dbInstanceClass", "RDS instance class (db.t3.micro, db.m5.large, ...)", func(s *Settings, v string, p *valueParser) bool {
		if s.Database == nil {
			return false
		}
		s.Database.InstanceClass = v
		return true
	}},
	{"dbStorageGiB", "allocated database storage in GiB (only ever raise it)", func(s *Settings, v string, p *valueParser) bool {
		if s.Database == nil {
			return false
		}
		s.Database.AllocatedStorageGiB = p.count(v)
		return true
	}},
	{"dbMaxStorageGiB", "storage autoscaling ceiling in GiB", func(s *Settings, v string, p *valueParser) bool {
		if s.Database == nil {
			return false
		}
		s.Database.MaxAllocatedStorageGiB = p.count(v)
		return true
	}},
	{"dbReadReplicas", "number of read replicas (0-5)", func(s *Settings, v string, p *valueParser) bool {
		if s.Database == nil {
			return false
		}
		s.Database.ReadReplicas = p.integer(v)
		return true
	}},
	{"dbMasterPassword", "rds-managed (never in state; no replicas) or stored (the stack's own secret; needed for replicas, default from 10k)", func(s *Settings, v string, p *valueParser) bool {
		if s.Database == nil {
			return false
		}
		s.Database.MasterPassword = database.MasterPasswordMode(v)
		return true
	}},
	{"dbRotationDays", "days between rotations of the stored master passwords (1-365, default 30); applies from 10k, or with dbMasterPassword=stored, and to the 10m clusters", func(s *Settings, v string, p *valueParser) bool {
		days := p.count(v)
		if s.Database == nil || s.Database.MasterPassword != database.MasterPasswordStored {
			return false // RDS rotates a password it manages itself
		}
		s.Database.RotationDays = days
		return true
	}},
	{"dbAppUser", "the app's database user, created at deploy time, logging in with IAM tokens (default app_user); another name creates another user", func(s *Settings, v string, p *valueParser) bool {
		if s.Database == nil {
			return false
		}
		s.Database.AppUser = v
		return true
	}},
	{"webInstanceType", "EC2 instance type of the web tier", func(s *Settings, v string, p *valueParser) bool {
		if s.Web == nil {
			return false
		}
		s.Web.InstanceType = v
		return true
	}},
	{"webMinSize", "minimum instances in the web tier", func(s *Settings, v string, p *valueParser) bool {
		if s.Web == nil {
			return false
		}
		s.Web.MinSize = p.count(v)
		return true
	}},
	{"webMaxSize", "maximum instances in the web tier", func(s *Settings, v string, p *valueParser) bool {
		if s.Web == nil {
			return false
		}
		s.Web.MaxSize = p.count(v)
		return true
	}},
	{"webAmi", "pin the web tier's AMI (default: newest Amazon Linux 2023 at first deploy)", func(s *Settings, v string, p *valueParser) bool {
		if s.Web == nil {
			return false
		}
		s.Web.AMI = v
		return true
	}},
	{"cacheNodeType", "ElastiCache node type (cache.t4g.small, ...)", func(s *Settings, v string, p *valueParser) bool {
		if s.Cache == nil {
			return false
		}
		s.Cache.NodeType = v
		return true
	}},
	{"cacheNodes", "cache nodes: primary plus replicas (1-6)", func(s *Settings, v string, p *valueParser) bool {
		if s.Cache == nil {
			return false
		}
		s.Cache.Nodes = p.count(v)
		return true
	}},
	{"wafRateLimit", "requests per 5 minutes per IP before WAF blocks (minimum 10)", func(s *Settings, v string, p *valueParser) bool {
		if s.Firewall == nil && s.EdgeFirewall == nil {
			return false
		}
		n := p.count(v)
		for _, acl := range []*firewall.WebACLArgs{s.Firewall, s.EdgeFirewall} {
			if acl != nil {
				acl.RateLimit = n
			}
		}
		return true
	}},
	{"budgetUSD", "monthly cost budget in US dollars", func(s *Settings, v string, p *valueParser) bool {
		if s.Budget == nil {
			return false
		}
		s.Budget.MonthlyLimitUSD = p.float(v)
		return true
	}},
	{"backupDailyDays", "days each daily AWS Backup backup is kept (default 35; 1 or more)", func(s *Settings, v string, p *valueParser) bool {
		if s.Backup == nil {
			return false
		}
		s.Backup.DailyRetentionDays = p.count(v)
		return true
	}},
	{"backupMonthlyMonths", "months each monthly backup is kept (default 12; at least as long as the daily one)", func(s *Settings, v string, p *valueParser) bool {
		if s.Backup == nil {
			return false
		}
		s.Backup.MonthlyRetentionMonths = p.count(v)
		return true
	}},
	{"backupCopyRegion", "region backups are copied to from 500k on (default us-west-2; not the stack's region)", func(s *Settings, v string, p *valueParser) bool {
		if s.Backup == nil || s.Backup.CopyRegion == "" {
			return false
		}
		s.Backup.CopyRegion = strings.TrimSpace(v)
		return true
	}},
	{"secondaryRegion", "the second region from 10m on (default us-west-2): not the stack's region, and one with 3 or more AZs; changing it on a live stack replaces everything in the second region", func(s *Settings, v string, p *valueParser) bool {
		if s.Secondary == nil {
			return false
		}
		v = strings.TrimSpace(v)
		p.Region(p.key, v)
		s.Secondary.Region = v
		return true
	}},
	{"secondaryVpcCidr", "the second region's VPC range from 10m on (default 10.1.0.0/16); must not overlap vpcCidr; fixed once deployed", func(s *Settings, v string, p *valueParser) bool {
		if s.Secondary == nil {
			return false
		}
		s.Secondary.CIDR = strings.TrimSpace(v)
		return true
	}},
	{"appImage", "the app tier's container image from 10m on, pinned by tag or digest (default: a placeholder that answers /health); serves HTTP on port 80 and answers /health with 2xx or 3xx", func(s *Settings, v string, p *valueParser) bool {
		if s.Services == nil || s.Services.Container == nil {
			return false
		}
		s.Services.Container.Image = strings.TrimSpace(v)
		return true
	}},
	{"appUser", "the user the app tier's containers run as from 10m on (\"1000\", \"app:app\"; default: the image's); set it for your own image (Security Hub ECS.20), whose server must then be allowed to bind port 80, e.g. setcap cap_net_bind_service on its binary", func(s *Settings, v string, p *valueParser) bool {
		if s.Services == nil || s.Services.Container == nil {
			return false
		}
		s.Services.Container.User = strings.TrimSpace(v)
		return true
	}},
	{"appCpu", "CPU units of each app task from 10m on (1024 per vCPU; default 1024): 256, 512, 1024, 2048, 4096, 8192 or 16384", func(s *Settings, v string, p *valueParser) bool {
		if s.Services == nil || s.Services.Container == nil {
			return false
		}
		s.Services.Container.CPU = p.count(v)
		return true
	}},
	{"appMemory", "memory of each app task in MiB from 10m on (default 2048); a size Fargate offers for appCpu", func(s *Settings, v string, p *valueParser) bool {
		if s.Services == nil || s.Services.Container == nil {
			return false
		}
		s.Services.Container.MemoryMiB = p.count(v)
		return true
	}},
	{"createEcsServiceLinkedRole", "true in an account that never ran ECS: creates the role AWSServiceRoleForECS, which fails if it exists (`aws iam get-role --role-name AWSServiceRoleForECS` tells); default false", func(s *Settings, v string, p *valueParser) bool {
		if s.Services == nil || s.Services.Container == nil {
			return false
		}
		s.Services.Container.CreateServiceLinkedRole = p.boolean(v)
		return true
	}},
	// Read by `millionstack check` only; the program ignores it.
	{"suppress", `failures millionstack check accepts: JSON list of {"control", "resource" (URN, name or glob), "reason"}`, func(*Settings, string, *valueParser) bool {
		return true
	}},
}, dataConfigKeys...)

// IsConfigKey reports whether key ("millionstack:dbInstanceClass") is one
// millionstack reads, so tools can refuse a typo that Pulumi would keep.
func IsConfigKey(key string) bool {
	if key == StageConfigKey {
		return true
	}
	return slices.Contains(configKeyNames(), key)
}

// CheckConfigKey refuses a key ("millionstack:dbInstanceClass") in
// millionstack's namespace that millionstack does not read: Pulumi keeps
// any key it is given, so a misspelled one would be ignored without a word.
// The error names the key and, for a near miss, the key meant. Keys of
// other namespaces (aws:region) are not millionstack's to judge. The CLI's
// --config flag and the Pulumi program (CheckStackConfig) both use it, so
// a typo gets the same message wherever it is made.
func CheckConfigKey(key string) error {
	if !strings.HasPrefix(key, configNamespace) || IsConfigKey(key) {
		return nil
	}
	hint := ""
	if meant, ok := closestConfigKey(key); ok {
		hint = "; did you mean " + meant + "?"
	}
	return fmt.Errorf("%s is not a millionstack config key%s (see millionstack help for the keys)", key, hint)
}

// CheckStackConfig checks every key of the stack's config as CheckConfigKey
// does and reports all the unknown ones together. configJSON is the
// stack's whole config as the Pulumi engine hands it to a Go program: a
// JSON object of "namespace:key" to value in the PULUMI_CONFIG environment
// variable (pulumi.EnvConfig; the SDK reads it into RunInfo.Config but
// gives a program only single-key lookups, so the program reads it too).
// An empty string, as under the mock engine, checks nothing.
func CheckStackConfig(configJSON string) error {
	if configJSON == "" {
		return nil
	}
	var config map[string]string
	if err := json.Unmarshal([]byte(configJSON), &config); err != nil {
		return fmt.Errorf("the stack's config (%s) is not a JSON object of strings: %w", pulumi.EnvConfig, err)
	}
	var problems []error
	for _, key := range validate.Keys(config) {
		if err := CheckConfigKey(key); err != nil {
			problems = append(problems, err)
		}
	}
	return errors.Join(problems...)
}

// configNamespace prefixes every key millionstack reads.
const configNamespace = "millionstack:"

// closestConfigKey returns the key millionstack reads that key most likely
// misspells: the same letters in another case, or at most two edits away.
func closestConfigKey(key string) (string, bool) {
	best, bestDistance := "", 3
	for _, k := range append([]string{StageConfigKey}, configKeyNames()...) {
		d := editDistance(strings.ToLower(key), strings.ToLower(k))
		if d < bestDistance {
			best, bestDistance = k, d
		}
	}
	return best, best != ""
}

// configKeyNames returns every key of ConfigKeys with its namespace.
func configKeyNames() []string {
	out := make([]string, len(ConfigKeys))
	for i, k := range ConfigKeys {
		out[i] = configNamespace + k.Name
	}
	return out
}

// editDistance is the Levenshtein distance between a and b: how many
// single-character insertions, deletions or substitutions turn a into b.
func editDistance(a, b string) int {
	previous := make([]int, len(b)+1)
	for j := range previous {
		previous[j] = j
	}
	for i := 1; i <= len(a); i++ {
		current := make([]int, len(b)+1)
		current[0] = i
		for j := 1; j <= len(b); j++ {
			substitution := previous[j-1]
			if a[i-1] != b[j-1] {
				substitution++
			}
			current[j] = min(substitution, previous[j]+1, current[j-1]+1)
		}
		previous = current
	}
	return previous[len(b)]
}

// applyConfig reads every millionstack config key the stack sets onto s.
// Values that do not parse are all reported together, naming the key; a key
// for a piece the stage does not have (hostInstanceType on a stage without a
// host) is ignored with a warning, so moving a stack up the ladder never fails
// on settings left from the stage below.
func applyConfig(ctx *pulumi.Context, s *Settings) error {
	p := &valueParser{Problems: validate.In("config")}
	for _, key := range ConfigKeys {
		value := config.Get(ctx, "millionstack:"+key.Name)
		if value == "" {
			continue
		}
		p.key = "millionstack:" + key.Name
		if !key.apply(s, value, p) {
			_ = ctx.Log.Warn(fmt.Sprintf("config %s is ignored: stage %s has nothing it applies to", p.key, s.Name), nil)
		}
	}
	d := s.Domain
	switch {
	case d.CreateZone && d.Name == "":
		_ = ctx.Log.Warn("config millionstack:createZone is ignored: millionstack:domain is not set", nil)
	case d.Delegated && !d.CreateZone:
		_ = ctx.Log.Warn("config millionstack:zoneDelegated is ignored: without millionstack:createZone the zone is looked up, and delegated already", nil)
	case !d.IssueCertificates() && d.Name != "":
		_ = ctx.Log.Warn("no certificates yet for "+d.Name+": at the domain's registrar, set its name servers to the stack output nameServers, "+
			"then `pulumi config set millionstack:zoneDelegated true` and `pulumi up` again", nil)
	}
	return p.Err()
}

// valueParser turns config strings into typed values, recording a problem
// under the current key when one does not parse.
type valueParser struct {
	*validate.Problems
	key string
}

func (p *valueParser) integer(v string) int {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		p.Addf(p.key, "%q is not a whole number", v)
	}
	return n
}

// count parses a value where zero would silently mean "the default" to the
// component (a size, a count): set explicitly, it must be at least 1.
func (p *valueParser) count(v string) int {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		p.Addf(p.key, "%q is not a whole number", v)
	} else if n < 1 {
		p.Addf(p.key, "%q is not allowed; allowed: 1 or more", v)
	}
	return n
}

func (p *valueParser) float(v string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		p.Addf(p.key, "%q is not a number", v)
	}
	return f
}

func (p *valueParser) boolean(v string) bool {
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		p.Addf(p.key, "%q is not a boolean; allowed: true, false", v)
	}
	return b
}

func (p *valueParser) domain(v string) bool {
	if !validate.IsDomainName(v) {
		p.DomainName(p.key, v)
		return false
	}
	return true
}

func (p *valueParser) email(v string) {
	p.Email(p.key, v)
}
