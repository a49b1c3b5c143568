package tests

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/internal/plan"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/millionstack/millionstack/stages"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	tRole       = "aws:iam/role:Role"
	tRolePolicy = "aws:iam/rolePolicy:RolePolicy"
	tAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	tInvocation = "aws:lambda/invocation:Invocation"
	tRotation   = "aws:secretsmanager/secretRotation:SecretRotation"
	tSAR        = "aws:serverlessrepository/cloudFormationStack:CloudFormationStack"
	tEndpoint   = "aws:ec2/vpcEndpoint:VpcEndpoint"
	tSecret     = "aws:secretsmanager/secret:Secret"
)

// accessConfigs are the configurations the secret checks run every stage
// with: as shipped, and with a stored master password from stage 10.
var accessConfigs = []map[string]string{nil, {"millionstack:dbMasterPassword": "stored"}}

// tManagedPolicy and tPolicyAttachment are the other ways IAM attaches a
// policy to a role: a customer managed policy, and the attachment of a
// policy to a list of roles.
const (
	tManagedPolicy    = "aws:iam/policy:Policy"
	tPolicyAttachment = "aws:iam/policyAttachment:PolicyAttachment"
)

// serviceRolePolicies are the AWS managed policies the stages attach, each
// with the only service principal whose role may carry it. The one on a
// role that runs our code, AmazonSSMManagedInstanceCore (the instances'
// Session Manager and agent), allows ssm, ssmmessages and ec2messages
// actions and no Secrets Manager action (AWS managed policy reference,
// AmazonSSMManagedInstanceCore); the others are AWS's service-role
// policies for the service that alone assumes the role (AWS Backup, Data
// Lifecycle Manager, RDS Enhanced Monitoring), which runs none of our
// code. Any other AWS managed policy on any role is reported
// (SecretsManagerReadWrite, ReadOnlyAccess, AdministratorAccess, ... read
// secrets): add one here only after reading what it allows.
var serviceRolePolicies = map[string]string{
	"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore":                       "ec2.amazonaws.com",
	"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup":   "backup.amazonaws.com",
	"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores": "backup.amazonaws.com",
	"arn:aws:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole":    "dlm.amazonaws.com",
	"arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole":       "monitoring.rds.amazonaws.com",
}

// readsSecrets reports whether a policy document allows
// secretsmanager:GetSecretValue, through an Action (IAM's wildcards "*"
// and "?", case-insensitive: "secretsmanager:*", "secretsmanager:Get*",
// "*") or a NotAction that leaves it out.
func readsSecrets(t *testing.T, document string) bool {
	t.Helper()
	var doc struct {
		Statement []map[string]interface{}
	}
	require.NoError(t, json.Unmarshal([]byte(document), &doc), document)
	matches := func(patterns interface{}) bool {
		var list []interface{}
		switch v := patterns.(type) {
		case string:
			list = []interface{}{v}
		case []interface{}:
			list = v
		}
		for _, p := range list {
			wildcards := strings.NewReplacer(`\*`, ".*", `\?`, ".")
			pattern := "^" + wildcards.Replace(regexp.QuoteMeta(strings.ToLower(fmt.Sprint(p)))) + "$"
			if regexp.MustCompile(pattern).MatchString("secretsmanager:getsecretvalue") {
				return true
			}
		}
		return false
	}
	for _, st := range doc.Statement {
		if st["Effect"] != "Allow" {
			continue
		}
		if action, ok := st["Action"]; ok && matches(action) {
			return true
		}
		if notAction, ok := st["NotAction"]; ok && !matches(notAction) {
			return true
		}
	}
	return false
}

// secretReaders says which IAM roles of inv may read a secret, and how:
// their inline policies (RolePolicy, and the role's own inlinePolicies),
// the customer managed policies attached to them (RolePolicyAttachment,
// PolicyAttachment), and the AWS managed ones (those, and the role's
// managedPolicyArns), each of which must be one of serviceRolePolicies on
// a role its service assumes. It returns one line per grant, by the role's
// logical name; the roles named in except may read secrets.
func secretReaders(t *testing.T, inv *millionstacktest.Inventory, except map[string]bool) []string {
	t.Helper()
	roles := map[string]millionstacktest.Resource{} // by the role's name and by its ID
	for _, r := range inv.ByType(tRole) {
		roles[r.Outputs["name"].StringValue()] = r
		roles[r.Name+"-id"] = r
	}
	customer := map[string]millionstacktest.Resource{} // customer managed policies by ARN
	for _, p := range inv.ByType(tManagedPolicy) {
		customer[p.Outputs["arn"].StringValue()] = p
	}
	var found []string
	report := func(role millionstacktest.Resource, how string) {
		if !except[role.Name] {
			found = append(found, role.Name+": "+how)
		}
	}
	attached := func(role millionstacktest.Resource, arn, via string) {
		if p, ok := customer[arn]; ok {
			if readsSecrets(t, p.String("policy")) {
				report(role, via+" customer managed policy "+p.Name+" allows secretsmanager:GetSecretValue")
			}
			return
		}
		service, known := serviceRolePolicies[arn]
		switch {
		case !known:
			report(role, via+" AWS managed policy "+arn+", which the test does not know to read no secret")
		case !strings.Contains(role.String("assumeRolePolicy"), `"`+service+`"`):
			report(role, via+" "+arn+" on a role that "+service+" does not assume")
		}
	}
	for _, role := range inv.ByType(tRole) {
		if inline, ok := role.Input("inlinePolicies"); ok {
			for _, p := range inline.([]interface{}) {
				if policy, _ := p.(map[string]interface{})["policy"].(string); policy != "" && readsSecrets(t, policy) {
					report(role, "its inlinePolicies allow secretsmanager:GetSecretValue")
				}
			}
		}
		if managed, ok := role.Input("managedPolicyArns"); ok {
			for _, arn := range managed.([]interface{}) {
				attached(role, fmt.Sprint(arn), "managedPolicyArns")
			}
		}
	}
	for _, p := range inv.ByType(tRolePolicy) {
		role, ok := roles[p.String("role")]
		require.True(t, ok, "role policy %s names no role of the stack: %s", p.Name, p.String("role"))
		if readsSecrets(t, p.String("policy")) {
			report(role, "role policy "+p.Name+" allows secretsmanager:GetSecretValue")
		}
	}
	for _, a := range inv.ByType(tAttachment) {
		role, ok := roles[a.String("role")]
		require.True(t, ok, "attachment %s names no role of the stack: %s", a.Name, a.String("role"))
		attached(role, a.String("policyArn"), "attachment "+a.Name+" of")
	}
	for _, a := range inv.ByType(tPolicyAttachment) {
		names, _ := a.Input("roles")
		list, _ := names.([]interface{})
		for _, name := range list {
			role, ok := roles[fmt.Sprint(name)]
			require.True(t, ok, "policy attachment %s names no role of the stack: %v", a.Name, name)
			attached(role, a.String("policyArn"), "policy attachment "+a.Name+" of")
		}
	}
	return found
}

// bootstrapRoles are the roles of the databases' bootstrap functions (db's,
// and at 10m each primary cluster's): the only roles of the stack that may
// read a master secret. (The rotation functions' roles live in their
// CloudFormation stacks, limited by AWS to the secrets they rotate.)
func bootstrapRoles(inv *millionstacktest.Inventory) map[string]bool {
	roles := map[string]bool{}
	for _, db := range append(inv.ByType(tDatabase), inv.ByType(tClusterComp)...) {
		roles[db.Name+"-bootstrap"] = true
	}
	return roles
}

// No IAM role of any stage may read a secret but the bootstrap functions'
// (each its own database's secret, by ARN): not the instances', the
// container tasks', the other functions', nor the service roles, through
// any kind of policy.
func TestNoRoleButTheBootstrapsCanReadASecret(t *testing.T) {
	for _, cfg := range accessConfigs {
		for _, name := range stages.Names() {
			t.Run(fmt.Sprintf("%s %v", name, cfg), func(t *testing.T) {
				inv := record(t, name, cfg)
				bootstraps := bootstrapRoles(inv)
				assert.Empty(t, secretReaders(t, inv, bootstraps))
				for _, p := range inv.ByType(tRolePolicy) {
					if !bootstraps[p.Name] {
						continue
					}
					for _, st := range millionstacktest.Statements(t, p, "policy") {
						if strings.Contains(fmt.Sprint(st["Action"]), "secretsmanager:") {
							resources, _ := st["Resource"].([]interface{})
							if assert.Len(t, resources, 1, "%s reads one secret", p.Name) {
								assert.Regexp(t, `^arn:aws:secretsmanager:[^*?]+$`, resources[0], "%s names its secret by ARN", p.Name)
							}
						}
					}
				}
			})
		}
	}
}

// The check above sees every way IAM grants a role a policy: each grant
// added to stage 10m here is reported, by role: a SecretsManagerReadWrite
// attachment on the container tasks' role, an inline policy on a worker
// function's role, a role's own inlinePolicies and managedPolicyArns, and
// a customer managed policy attached to the web instances' role.
func TestTheSecretCheckSeesEveryGrant(t *testing.T) {
	program, err := stages.Program("10m")
	require.NoError(t, err)
	plain := record(t, "10m", nil)
	roleName := func(logical string) pulumi.String {
		return pulumi.String(millionstacktest.Named(t, plain, tRole, logical).Outputs["name"].StringValue())
	}
	task, worker, web := roleName("app-service-task"), roleName("thumbnails-worker"), roleName("web")
	readAll := pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:Get*","Resource":"*"}]}`)
	allButIAM := pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`)
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		if err := program(ctx); err != nil {
			return err
		}
		if _, err := iam.NewRolePolicyAttachment(ctx, "injected-readwrite", &iam.RolePolicyAttachmentArgs{
			Role: task, PolicyArn: pulumi.String("arn:aws:iam::aws:policy/SecretsManagerReadWrite"),
		}); err != nil {
			return err
		}
		if _, err := iam.NewRolePolicy(ctx, "injected-inline", &iam.RolePolicyArgs{Role: worker, Policy: allButIAM}); err != nil {
			return err
		}
		if _, err := iam.NewRole(ctx, "injected-role", &iam.RoleArgs{
			AssumeRolePolicy:  pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`),
			InlinePolicies:    iam.RoleInlinePolicyArray{iam.RoleInlinePolicyArgs{Name: pulumi.String("read"), Policy: readAll}},
			ManagedPolicyArns: pulumi.StringArray{pulumi.String("arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup")},
		}); err != nil {
			return err
		}
		policy, err := iam.NewPolicy(ctx, "injected-policy", &iam.PolicyArgs{Policy: readAll})
		if err != nil {
			return err
		}
		_, err = iam.NewPolicyAttachment(ctx, "injected-attachment", &iam.PolicyAttachmentArgs{Roles: pulumi.Array{web}, PolicyArn: policy.Arn})
		return err
	}, millionstacktest.Options{Stack: "10m", Config: map[string]string{stages.StageConfigKey: "10m"}})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{
		"app-service-task: attachment injected-readwrite of AWS managed policy arn:aws:iam::aws:policy/SecretsManagerReadWrite, which the test does not know to read no secret",
		"thumbnails-worker: role policy injected-inline allows secretsmanager:GetSecretValue",
		"injected-role: its inlinePolicies allow secretsmanager:GetSecretValue",
		"injected-role: managedPolicyArns arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup on a role that backup.amazonaws.com does not assume",
		"web: policy attachment injected-attachment of customer managed policy injected-policy allows secretsmanager:GetSecretValue",
	}, secretReaders(t, inv, bootstrapRoles(inv)))
}

// secretPatterns are the secrets the README's table "Secrets the stack
// creates" lists, as patterns of logical names: each code span of its
// first column that names a secret by its name prefix ("db-master-…"),
// with <n> a number and any other <placeholder> a lower-case word.
func secretPatterns(t *testing.T) []*regexp.Regexp {
	t.Helper()
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	_, section, found := strings.Cut(string(readme), "### Secrets the stack creates")
	require.True(t, found, "the README lists the stack's secrets")
	var patterns []*regexp.Regexp
	inTable := false
	for _, row := range strings.Split(section, "\n") {
		if !strings.HasPrefix(row, "|") {
			if inTable {
				break // the table's end
			}
			continue
		}
		inTable = true
		cells := strings.Split(row, "|")
		if strings.HasPrefix(cells[1], "---") {
			continue
		}
		for _, span := range regexp.MustCompile("`([^`]+)-…`").FindAllStringSubmatch(cells[1], -1) {
			pattern := regexp.QuoteMeta(span[1])
			pattern = strings.ReplaceAll(pattern, "<n>", "[0-9]+")
			pattern = regexp.MustCompile(`<[a-z]+>`).ReplaceAllString(pattern, "[a-z][a-z0-9]*")
			patterns = append(patterns, regexp.MustCompile("^"+pattern+"$"))
		}
	}
	require.NotEmpty(t, patterns)
	return patterns
}

// Every Secrets Manager secret a stage creates is in the README's table of
// secrets, with who may read it: at every stage, with and without a stored
// master password, and at 10m with more members and shards.
func TestEverySecretIsInTheREADME(t *testing.T) {
	patterns := secretPatterns(t)
	configs := append(append([]map[string]string{}, accessConfigs...), map[string]string{"millionstack:dbMembers": "products,forum,search", "millionstack:shards": "3"})
	seen := 0
	for _, cfg := range configs {
		for _, name := range stages.Names() {
			for _, secret := range record(t, name, cfg).ByType(tSecret) {
				seen++
				listed := false
				for _, p := range patterns {
					listed = listed || p.MatchString(secret.Name)
				}
				assert.True(t, listed, "%s %v: secret %s is not in the README's table of secrets", name, cfg, secret.Name)
			}
		}
	}
	assert.NotZero(t, seen)
}

// From stage 10 the app logs in as its own user with IAM tokens: SSM tells
// it the user and the region to sign tokens for, no longer a secret, and
// its roles may connect as that user to the primary and every replica, by
// DbiResourceId, and do nothing else with the database.
func TestAppLogsInAsItsOwnUserWithIAM(t *testing.T) {
	for _, c := range []struct {
		stage string
		roles []string
	}{{"10", []string{"host"}}, {"10k", []string{"web"}}, {"1m", []string{"web", "app"}}} {
		t.Run(c.stage, func(t *testing.T) {
			inv := record(t, c.stage, nil)
			path := "/millionstack/" + c.stage + "/db/"
			assert.Equal(t, "app_user", parameter(t, inv, path+"user"))
			assert.Equal(t, "us-east-1", parameter(t, inv, path+"region"))
			assert.False(t, hasParameter(inv, path+"secret-arn"), "the app is told no secret")
			var users []interface{}
			for _, db := range inv.ByType(tRDS) {
				assert.Equal(t, "true", db.String("iamDatabaseAuthenticationEnabled"), db.Name)
				users = append(users, "arn:aws:rds-db:us-east-1:123456789012:dbuser:"+db.Outputs["resourceId"].StringValue()+"/app_user")
			}
			for _, role := range c.roles {
				connect := millionstacktest.Named(t, inv, tRolePolicy, "appconfig-"+role+"-db")
				statements := millionstacktest.Statements(t, connect, "policy")
				require.Len(t, statements, 1)
				assert.Equal(t, "rds-db:connect", statements[0]["Action"])
				assert.ElementsMatch(t, users, statements[0]["Resource"], "the primary and every replica, as app_user only")
			}
		})
	}
}

// From stage 10 the database subnets reach Secrets Manager through one
// interface endpoint in one AZ, which the bootstrap (and the rotation) wait
// for; stage 1 has no database and no endpoint. At 10m the second region
// has none: no function there reads a secret.
func TestSecretsManagerEndpointFromStageTen(t *testing.T) {
	assert.Empty(t, interfaceEndpoints(record(t, "1", nil)))
	for _, stage := range []string{"10", "1k", "10k", "1m", "10m"} {
		inv := record(t, stage, nil)
		endpoints := interfaceEndpoints(inv)
		require.Len(t, endpoints, 1, stage)
		endpoint := endpoints[0]
		assert.Equal(t, "network-secretsmanager", endpoint.Name)
		assert.Equal(t, "com.amazonaws.us-east-1.secretsmanager", endpoint.String("serviceName"))
		assert.Equal(t, "true", endpoint.String("privateDnsEnabled"))
		subnets, _ := endpoint.Input("subnetIds")
		assert.Len(t, subnets, 1, "%s: one AZ is enough for a deploy-time and a monthly job", stage)
		assert.Contains(t, millionstacktest.Named(t, inv, tInvocation, "db-bootstrap").Dependencies, endpoint.URN, stage)
		assert.Equal(t, inv.Region, inv.RegionOf(endpoint), stage)
	}
	// Nothing in the second region may read a secret: the bootstraps and
	// rotations of its copies' databases run in the stack's region, and its
	// app logs in with IAM tokens.
	inv := record(t, "10m", nil)
	for _, stack := range inv.ByType(tSAR) {
		assert.Equal(t, inv.Region, inv.RegionOf(stack), stack.Name)
	}
	for _, p := range inv.ByType(tRolePolicy) {
		if inv.RegionOf(p) != inv.Region {
			assert.NotContains(t, p.String("policy"), "secretsmanager:", p.Name)
		}
	}
}

func interfaceEndpoints(inv *millionstacktest.Inventory) []millionstacktest.Resource {
	var out []millionstacktest.Resource
	for _, e := range inv.ByType(tEndpoint) {
		if e.String("vpcEndpointType") == "Interface" {
			out = append(out, e)
		}
	}
	return out
}

// The stored master password rotates from 10k, every 30 days unless
// dbRotationDays says otherwise; below 10k RDS manages and rotates it, and
// the key is ignored.
func TestStoredPasswordRotatesFromTenThousand(t *testing.T) {
	assert.Empty(t, record(t, "1k", nil).ByType(tRotation))
	inv := record(t, "10k", nil)
	rotation := millionstacktest.Only(t, inv, tRotation)
	assert.Equal(t, "30", rotation.String("rotationRules.automaticallyAfterDays"))
	assert.Contains(t, rotation.Dependencies, millionstacktest.Named(t, inv, tInvocation, "db-bootstrap").URN, "the rotation starts after the bootstrap")
	stack := millionstacktest.Only(t, inv, tSAR)
	assert.Contains(t, stack.String("applicationId"), "SecretsManagerRDSPostgreSQLRotationSingleUser")

	assert.Equal(t, "14", millionstacktest.Only(t, record(t, "10k", map[string]string{"millionstack:dbRotationDays": "14"}), tRotation).String("rotationRules.automaticallyAfterDays"))
	assert.Empty(t, record(t, "10", map[string]string{"millionstack:dbRotationDays": "14"}).ByType(tRotation), "RDS rotates the password it manages")
	stored := record(t, "10", map[string]string{"millionstack:dbMasterPassword": "stored", "millionstack:dbRotationDays": "14"})
	assert.Equal(t, "14", millionstacktest.Only(t, stored, tRotation).String("rotationRules.automaticallyAfterDays"), "a stored password rotates at any stage")

	// At 10m the clusters' master passwords follow the same key.
	for days, config := range map[string]map[string]string{"30": nil, "14": {"millionstack:dbRotationDays": "14"}} {
		rotations := record(t, "10m", config).ByType(tRotation)
		var names []string
		for _, r := range rotations {
			names = append(names, r.Name)
			assert.Equal(t, days, r.String("rotationRules.automaticallyAfterDays"), "%s with %v", r.Name, config)
		}
		assert.ElementsMatch(t, []string{"db-master", "db-products-master", "db-forum-master", "db-orders-1-master", "db-orders-2-master"}, names)
	}
}

// A failed rotation pages wherever a password rotates and there is an
// alarm topic (from 100): the stored master password, at 10k or by config
// below, and the clusters of 10m; not where RDS rotates its own.
func TestFailedRotationsNotifyTheAlarmTopic(t *testing.T) {
	const tRule = "aws:cloudwatch/eventRule:EventRule"
	for _, c := range []struct {
		stage  string
		config map[string]string
		want   bool
	}{
		{"100", nil, false},
		{"100", map[string]string{"millionstack:dbMasterPassword": "stored"}, true},
		{"10k", nil, true},
		{"10m", nil, true},
	} {
		_, found := record(t, c.stage, c.config).Named(tRule, "monitoring-rotation-failed")
		assert.Equal(t, c.want, found, "%s %v", c.stage, c.config)
	}
}

// The upgrades that change how the database is reached keep it: 1 -> 10
// adds the database, its user and the endpoint; 1k -> 10k switches the
// master password in place and runs the bootstrap again against the new
// secret; 10 -> 100 resizes without running it again.
func TestAccessUpgradesKeepTheDatabase(t *testing.T) {
	entries := func(from, to string) map[string]plan.Entry {
		d, err := plan.Between(from, to, nil)
		require.NoError(t, err)
		assert.Empty(t, d.DataLosses, "%s -> %s", from, to)
		out := map[string]plan.Entry{}
		for _, e := range d.Entries {
			out[e.Type+" "+e.Name] = e
		}
		return out
	}
	added := entries("1", "10")
	for _, r := range []string{tRDS + " db", tInvocation + " db-bootstrap", tEndpoint + " network-secretsmanager"} {
		assert.Equal(t, plan.Add, added[r].Action, r)
	}

	switched := entries("1k", "10k")
	assert.Equal(t, plan.Update, switched[tRDS+" db"].Action)
	assert.Equal(t, plan.Replace, switched[tInvocation+" db-bootstrap"].Action, "a new secret: the bootstrap runs again")
	assert.Equal(t, plan.Add, switched[tRotation+" db-master"].Action)
	_, endpointChanged := switched[tEndpoint+" network-secretsmanager"]
	assert.False(t, endpointChanged, "the endpoint stays as it is when NAT and more AZs come")

	resized := entries("10", "100")
	_, rerun := resized[tInvocation+" db-bootstrap"]
	assert.False(t, rerun, "nothing the bootstrap reads changed: it does not run again")
}

// The endpoint is priced: one AZ, $0.01 an hour (infracost
// vpc_endpoint_test golden, $7.30 per 730 hours).
func TestSecretsManagerEndpointIsPriced(t *testing.T) {
	p, err := plan.Build("10", nil)
	require.NoError(t, err)
	l := line(t, p, tEndpoint, "network-secretsmanager", "interface endpoint hours")
	assert.Equal(t, float64(plan.HoursPerMonth), l.Quantity)
	assert.Equal(t, 0.01, l.UnitUSD)
	assert.InDelta(t, 7.30, l.MonthlyUSD, 0.001)
	assert.Contains(t, l.Source, "infracost vpc_endpoint_test golden")
	assert.False(t, l.Unconfirmed)
}
