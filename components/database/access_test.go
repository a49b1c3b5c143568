package database_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	functionType     = "aws:lambda/function:Function"
	functionComp     = "millionstack:function:Function"
	rolePolicyType   = "aws:iam/rolePolicy:RolePolicy"
	invocationType   = "aws:lambda/invocation:Invocation"
	egressRuleType   = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	rotationType     = "aws:secretsmanager/secretRotation:SecretRotation"
	repositoryType   = "aws:serverlessrepository/cloudFormationStack:CloudFormationStack"
	endpointType     = "aws:ec2/vpcEndpoint:VpcEndpoint"
	namesFile        = "bootstrap/testdata/names.json"
	managedSecretARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db"
	storedSecretARN  = "arn:aws:secretsmanager:us-east-1:123456789012:secret/db-master"
)

// access are the outputs of a Database that say how it is used.
type access struct {
	appUser, appPolicy, resourceID, arn string
	replicaResourceIDs                  []string
	policies                            map[string]string // ConnectPolicy by user
}

// recordAccess records a Database "db" in stack "10" with a Secrets
// Manager endpoint for it to wait for, resolves its access outputs and
// asks it for the connect policy of each of users.
func recordAccess(t *testing.T, args database.DatabaseArgs, users ...string) (*millionstacktest.Inventory, *access) {
	t.Helper()
	out := &access{policies: map[string]string{}}
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		endpoint, err := ec2.NewVpcEndpoint(ctx, "secretsmanager", &ec2.VpcEndpointArgs{
			VpcId: pulumi.String("vpc-00000123"), ServiceName: pulumi.String("com.amazonaws.us-east-1.secretsmanager"),
			VpcEndpointType: pulumi.String("Interface"), PrivateDnsEnabled: pulumi.Bool(true),
		})
		if err != nil {
			return err
		}
		args.SecretsManagerRoute = []pulumi.Resource{endpoint}
		db, err := database.NewDatabase(ctx, "db", args)
		if err != nil {
			return err
		}
		pulumi.All(db.AppUser, db.AppConnectPolicyJSON, db.ResourceID, db.ARN, db.ReplicaResourceIDs).ApplyT(func(v []interface{}) error {
			out.appUser, out.appPolicy, out.resourceID, out.arn = v[0].(string), v[1].(string), v[2].(string), v[3].(string)
			out.replicaResourceIDs = v[4].([]string)
			return nil
		})
		for _, user := range users {
			user := user
			db.ConnectPolicy(user).ApplyT(func(doc string) string { out.policies[user] = doc; return doc })
		}
		return nil
	}, millionstacktest.Options{Stack: "10"})
	require.NoError(t, err)
	return inv, out
}

// withAppUser is baseArgs with an application user.
func withAppUser() database.DatabaseArgs {
	args := baseArgs()
	args.AppUser = "app_user"
	return args
}

// diskDigest is the SHA-256 of the bootstrap function's shipped modules as
// they are on disk (names and contents, in name order): what the
// invocation's trigger must carry for a code change to run it again.
func diskDigest(t *testing.T) string {
	t.Helper()
	files, err := filepath.Glob("bootstrap/*.py")
	require.NoError(t, err)
	sort.Strings(files)
	sum := sha256.New()
	for _, file := range files {
		if strings.HasPrefix(filepath.Base(file), "test_") {
			continue
		}
		source, err := os.ReadFile(file)
		require.NoError(t, err)
		sum.Write([]byte(filepath.Base(file) + "\x00" + string(source) + "\x00"))
	}
	return hex.EncodeToString(sum.Sum(nil))
}

// The bootstrap function creates AppUser at deploy time: it runs in the
// database subnets behind its own group, which reaches the database and
// HTTPS only and which the database admits; it may read the master secret
// and nothing else; the invocation hands it no credential, waits for its
// network and the route to Secrets Manager, and runs again when its code
// changes. The user's name comes back from the run.
func TestAppUserIsBootstrapped(t *testing.T) {
	inv, out := recordAccess(t, withAppUser())
	component := millionstacktest.Named(t, inv, database.DatabaseType, "db")
	fnComponent := millionstacktest.Named(t, inv, functionComp, "db-bootstrap")
	millionstacktest.ParentedTo(t, component, fnComponent)

	fn := millionstacktest.Named(t, inv, functionType, "db-bootstrap")
	assert.Equal(t, "millionstack-10-db-bootstrap", fn.String("name"))
	assert.Equal(t, "bootstrap.handler", fn.String("handler"))
	assert.Equal(t, "python3.13", fn.String("runtime"))
	assert.Equal(t, 120.0, millionstacktest.Input(t, fn, "timeout"))
	assert.Equal(t, 128.0, millionstacktest.Input(t, fn, "memorySize"))
	assert.Equal(t, []interface{}{"subnet-0000db0a", "subnet-0000db0b"}, millionstacktest.Input(t, fn, "vpcConfig.subnetIds"), "two AZs (Lambda.5)")
	assert.Equal(t, []interface{}{"db-bootstrap-id"}, millionstacktest.Input(t, fn, "vpcConfig.securityGroupIds"))
	code := fn.Inputs["code"]
	require.True(t, code.IsArchive())
	assert.ElementsMatch(t, []string{"bootstrap.py", "pgwire.py"}, keys(code.ArchiveValue().Assets))

	// Its group reaches the database on the engine port and HTTPS, nothing else.
	sg := millionstacktest.Named(t, inv, securityGroupType, "db-bootstrap")
	assert.Equal(t, "vpc-00000123", sg.String("vpcId"))
	egress := map[string]millionstacktest.Resource{}
	for _, r := range inv.ByType(egressRuleType) {
		if r.String("securityGroupId") == "db-bootstrap-id" {
			egress[r.Name] = r
		}
	}
	require.Len(t, egress, 2)
	toDB, toHTTPS := egress["db-bootstrap-to-database"], egress["db-bootstrap-to-https"]
	assert.Equal(t, "db-id", toDB.String("referencedSecurityGroupId"))
	assert.Equal(t, 5432.0, millionstacktest.Input(t, toDB, "fromPort"))
	assert.Equal(t, 5432.0, millionstacktest.Input(t, toDB, "toPort"))
	assert.Equal(t, "0.0.0.0/0", toHTTPS.String("cidrIpv4"))
	assert.Equal(t, 443.0, millionstacktest.Input(t, toHTTPS, "fromPort"))
	assert.Equal(t, 443.0, millionstacktest.Input(t, toHTTPS, "toPort"))
	for _, r := range append(inv.ByType(egressRuleType), inv.ByType(ingressRuleType)...) {
		assert.Equal(t, "tcp", r.String("ipProtocol"), "%s: one protocol, one port, never all traffic", r.Name)
	}
	admitted := millionstacktest.Named(t, inv, ingressRuleType, "db-from-bootstrap")
	assert.Equal(t, "db-id", admitted.String("securityGroupId"))
	assert.Equal(t, "db-bootstrap-id", admitted.String("referencedSecurityGroupId"))
	assert.Equal(t, 5432.0, millionstacktest.Input(t, admitted, "fromPort"))

	// It may read the master secret, and only it.
	policy := millionstacktest.Named(t, inv, rolePolicyType, "db-bootstrap")
	var secretStatements []map[string]interface{}
	for _, s := range millionstacktest.Statements(t, policy, "policy") {
		for _, action := range s["Action"].([]interface{}) {
			if strings.HasPrefix(action.(string), "secretsmanager:") {
				secretStatements = append(secretStatements, s)
			}
		}
	}
	require.Len(t, secretStatements, 1)
	assert.Equal(t, []interface{}{"secretsmanager:GetSecretValue"}, secretStatements[0]["Action"])
	assert.Equal(t, []interface{}{managedSecretARN}, secretStatements[0]["Resource"])
	for _, r := range inv.ByType(rolePolicyType) {
		if r.Name != "db-bootstrap" {
			assert.NotContains(t, r.String("policy"), "secretsmanager", "%s may not touch secrets", r.Name)
		}
	}

	// The invocation hands over where and what, never a credential.
	invocation := millionstacktest.Named(t, inv, invocationType, "db-bootstrap")
	assert.Equal(t, component.URN, invocation.Parent)
	assert.Equal(t, fn.Outputs["name"].StringValue(), invocation.String("functionName"))
	var event map[string]interface{}
	millionstacktest.JSON(t, invocation, "input", &event)
	assert.Equal(t, map[string]interface{}{
		"host": millionstacktest.Named(t, inv, instanceType, "db").Outputs["address"].StringValue(), "port": 5432.0, "database": "app",
		"secretArn": managedSecretARN, "user": "app_user", "schema": "app_user",
	}, event)
	assert.Equal(t, diskDigest(t), invocation.String("triggers.code"), "a change of code runs the bootstrap again")
	_, scoped := invocation.Input("lifecycleScope")
	assert.False(t, scoped, "CREATE_ONLY, the default: runs on create and replace, calls nothing on delete")
	for _, dependency := range []millionstacktest.Resource{fn, admitted, millionstacktest.Named(t, inv, endpointType, "secretsmanager")} {
		assert.Contains(t, invocation.Dependencies, dependency.URN, "the first run waits for %s %s", dependency.Type, dependency.Name)
	}
	// The permission to read the secret is in place before the first run:
	// the invocation names the function, which is created only once its
	// role's policy is. (Depending on the function's component is not
	// enough: the engine expands a component into the children it knows
	// when the dependent registers, which may not include the policy yet.)
	assert.Contains(t, fn.Dependencies, millionstacktest.Named(t, inv, rolePolicyType, "db-bootstrap").URN, "the function waits for its role's policy")

	assert.Equal(t, "app_user", out.appUser, "read back from the bootstrap's result")
	assert.Empty(t, inv.ByType(rotationType), "RDS rotates a password it manages")
	assert.Empty(t, inv.ByType(repositoryType))
}

// The application's policy lets it connect as its user to the primary and
// each replica, by DbiResourceId, and grants nothing else;
// ConnectPolicy gives the same for any valid user.
func TestConnectPolicyNamesEveryInstanceByResourceID(t *testing.T) {
	args := withAppUser()
	args.MasterPassword, args.ReadReplicas = database.MasterPasswordStored, 2
	inv, out := recordAccess(t, args, "reporting")
	ids := []string{out.resourceID}
	ids = append(ids, out.replicaResourceIDs...)
	require.Len(t, ids, 3)
	for i, name := range []string{"db", "db-replica-1", "db-replica-2"} {
		assert.Equal(t, millionstacktest.Named(t, inv, instanceType, name).Outputs["resourceId"].StringValue(), ids[i])
		assert.Regexp(t, `^db-[A-Z0-9]{26}$`, ids[i])
	}
	assert.Equal(t, "arn:aws:rds:us-east-1:123456789012:db:db", out.arn)
	for user, doc := range map[string]string{"app_user": out.appPolicy, "reporting": out.policies["reporting"]} {
		var policy struct {
			Statement []struct {
				Effect, Action string
				Resource       []string
			}
		}
		require.NoError(t, json.Unmarshal([]byte(doc), &policy), doc)
		require.Len(t, policy.Statement, 1)
		assert.Equal(t, "Allow", policy.Statement[0].Effect)
		assert.Equal(t, "rds-db:connect", policy.Statement[0].Action)
		var want []string
		for _, id := range ids {
			want = append(want, "arn:aws:rds-db:us-east-1:123456789012:dbuser:"+id+"/"+user)
		}
		assert.Equal(t, want, policy.Statement[0].Resource, user)
	}
}

// ConnectPolicy refuses a user name IAM or PostgreSQL would read
// differently: its output fails, and with it the deployment that uses it.
func TestConnectPolicyRefusesBadUserNames(t *testing.T) {
	for _, user := range []string{"", "app*", "app/user", "pg_app", "rds_iam", "select"} {
		_, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
			db, err := database.NewDatabase(ctx, "db", baseArgs())
			if err != nil {
				return err
			}
			ctx.Export("policy", db.ConnectPolicy(user))
			return nil
		}, millionstacktest.Options{Stack: "10"})
		require.Error(t, err, user)
		assert.Contains(t, err.Error(), "database \"db\": ConnectPolicy user: ", user)
		assert.Contains(t, err.Error(), `"`+user+`"`)
	}
}

// The rotation's CloudFormation stack gets a name CloudFormation takes
// (letters, digits and hyphens, a letter first, at most 128 with the
// Serverless Application Repository's prefix "serverlessrepo-"), whatever
// the project and stack are called; the function keeps its own name,
// which Lambda takes with "_" too.
func TestRotationStackNameSuitsCloudFormation(t *testing.T) {
	stackName := regexp.MustCompile(`^[A-Za-z][-A-Za-z0-9]*$`)
	for _, c := range []struct{ project, stack, want, function string }{
		{"millionstack", "prod_eu", "millionstack-prod-eu-db-rotation", "millionstack-prod_eu-db-rotation"},
		{"1shop", "prod", "stack-1shop-prod-db-rotation", "1shop-prod-db-rotation"},
		{"millionstack", "10", "millionstack-10-db-rotation", "millionstack-10-db-rotation"},
	} {
		args := baseArgs()
		args.MasterPassword = database.MasterPasswordStored
		inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
			_, err := database.NewDatabase(ctx, "db", args)
			return err
		}, millionstacktest.Options{Project: c.project, Stack: c.stack})
		require.NoError(t, err)
		stack := millionstacktest.Named(t, inv, repositoryType, "db-rotation")
		name := stack.String("name")
		assert.Equal(t, c.want, name, "%s/%s", c.project, c.stack)
		assert.Regexp(t, stackName, name)
		assert.LessOrEqual(t, len("serverlessrepo-"+name), 128)
		assert.Equal(t, c.function, stack.String("parameters.functionName"))
	}
}

// A stored master password rotates: the secret's connection version adds
// the host the rotation function needs, AWS's single-user function for the
// engine is deployed from the Serverless Application Repository at a pinned
// version, in the database subnets behind a group the database admits, and
// the schedule starts after the bootstrap.
func TestStoredPasswordRotates(t *testing.T) {
	for engine, application := range map[database.Engine]string{
		"postgres": "SecretsManagerRDSPostgreSQLRotationSingleUser",
		"mysql":    "SecretsManagerRDSMySQLRotationSingleUser",
	} {
		t.Run(string(engine), func(t *testing.T) {
			args := baseArgs()
			args.Engine, args.MasterPassword = engine, database.MasterPasswordStored
			if engine == "postgres" {
				args.AppUser = "app_user"
			}
			inv, _ := recordAccess(t, args)
			component := millionstacktest.Named(t, inv, database.DatabaseType, "db")
			primary := millionstacktest.Named(t, inv, instanceType, "db")
			port := primary.Inputs["port"].NumberValue()

			first := millionstacktest.Named(t, inv, secretVersionType, "db-master")
			connection := millionstacktest.Named(t, inv, secretVersionType, "db-master-connection")
			millionstacktest.ParentedTo(t, component, connection)
			assert.Equal(t, "db-master-id", connection.String("secretId"))
			assert.Empty(t, connection.IgnoreChanges, "its input is the same on every run")
			assert.Contains(t, connection.Dependencies, first.URN)
			var initial, current map[string]interface{}
			millionstacktest.JSON(t, first, "secretString", &initial)
			millionstacktest.JSON(t, connection, "secretString", &current)
			assert.Equal(t, map[string]interface{}{
				"username": "app_admin", "password": initial["password"], "engine": string(engine), "port": port, "dbname": "app",
				"host": primary.Outputs["address"].StringValue(), "dbInstanceIdentifier": "db",
			}, current, "what the rotation function requires: engine, host, username, password")
			assert.Equal(t, primary.String("password"), initial["password"], "the primary starts with the first password")

			stack := millionstacktest.Named(t, inv, repositoryType, "db-rotation")
			millionstacktest.ParentedTo(t, component, stack)
			assert.Equal(t, "arn:aws:serverlessrepo:us-east-1:297356227824:applications/"+application, stack.String("applicationId"))
			assert.Equal(t, "1.1.671", stack.String("semanticVersion"), "pinned, as CDK pins it")
			assert.Equal(t, []interface{}{"CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"}, millionstacktest.Input(t, stack, "capabilities"))
			assert.Equal(t, "millionstack-10-db-rotation", stack.String("name"))
			assert.Equal(t, map[string]interface{}{
				"endpoint":            "https://secretsmanager.us-east-1.amazonaws.com",
				"functionName":        "millionstack-10-db-rotation",
				"vpcSubnetIds":        "subnet-0000db0a,subnet-0000db0b",
				"vpcSecurityGroupIds": "db-rotation-id",
				"excludeCharacters":   " %+~`#$&*()|[]{}:;<>?!'/@\"\\",
			}, millionstacktest.Input(t, stack, "parameters"))
			for _, c := range `/'"@ ` {
				assert.Contains(t, stack.String("parameters.excludeCharacters"), string(c), "RDS refuses %q in a master password", c)
			}
			admitted := millionstacktest.Named(t, inv, ingressRuleType, "db-from-rotation")
			assert.Equal(t, "db-rotation-id", admitted.String("referencedSecurityGroupId"))
			assert.Equal(t, port, millionstacktest.Input(t, admitted, "fromPort"))

			rotation := millionstacktest.Named(t, inv, rotationType, "db-master")
			millionstacktest.ParentedTo(t, component, rotation)
			assert.Equal(t, "db-master-id", rotation.String("secretId"))
			assert.Equal(t, "arn:aws:lambda:us-east-1:123456789012:function:millionstack-10-db-rotation", rotation.String("rotationLambdaArn"))
			assert.Equal(t, 30.0, millionstacktest.Input(t, rotation, "rotationRules.automaticallyAfterDays"), "default 30 days")
			assert.Equal(t, true, millionstacktest.Input(t, rotation, "rotateImmediately"))
			waits := []millionstacktest.Resource{connection, admitted, millionstacktest.Named(t, inv, endpointType, "secretsmanager")}
			if engine == "postgres" {
				waits = append(waits, millionstacktest.Named(t, inv, invocationType, "db-bootstrap"))
			} else {
				assert.Empty(t, inv.ByType(invocationType), "no bootstrap for mysql")
			}
			for _, w := range waits {
				assert.Contains(t, rotation.Dependencies, w.URN, "rotation waits for %s %s", w.Type, w.Name)
			}
			if engine == "postgres" {
				var event map[string]interface{}
				millionstacktest.JSON(t, millionstacktest.Named(t, inv, invocationType, "db-bootstrap"), "input", &event)
				assert.Equal(t, storedSecretARN, event["secretArn"], "the bootstrap reads the stored secret")
			}
		})
	}

	args := baseArgs()
	args.MasterPassword, args.RotationDays = database.MasterPasswordStored, 7
	inv, _ := recordAccess(t, args)
	assert.Equal(t, 7.0, millionstacktest.Input(t, millionstacktest.Named(t, inv, rotationType, "db-master"), "rotationRules.automaticallyAfterDays"))
}

// Switching a running database to a stored password and its user to the
// bootstrap keeps the primary: only its password inputs change, and the
// bootstrap runs again against the new secret.
func TestStoredPasswordSwitchKeepsThePrimaryAndRerunsTheBootstrap(t *testing.T) {
	before, _ := recordAccess(t, withAppUser())
	args := withAppUser()
	args.MasterPassword, args.ReadReplicas = database.MasterPasswordStored, 1
	after, _ := recordAccess(t, args)
	old, grown := millionstacktest.Named(t, before, instanceType, "db"), millionstacktest.Named(t, after, instanceType, "db")
	assert.Equal(t, old.URN, grown.URN)
	for _, p := range []string{"engine", "username", "dbName", "storageEncrypted", "dbSubnetGroupName"} {
		assert.Equal(t, millionstacktest.Value(old, p), millionstacktest.Value(grown, p), p)
	}
	assert.NotEqual(t, millionstacktest.Named(t, before, invocationType, "db-bootstrap").String("input"),
		millionstacktest.Named(t, after, invocationType, "db-bootstrap").String("input"), "a new secret: the bootstrap runs again")
	assert.Equal(t, millionstacktest.Named(t, before, functionType, "db-bootstrap").URN, millionstacktest.Named(t, after, functionType, "db-bootstrap").URN)
}

// Without AppUser nothing of the bootstrap exists, and without a stored
// password nothing of the rotation.
func TestNoAppUserNoBootstrap(t *testing.T) {
	inv, out := recordAccess(t, baseArgs())
	for _, typ := range []string{invocationType, functionType, rotationType, repositoryType, egressRuleType} {
		assert.Empty(t, inv.ByType(typ), typ)
	}
	assert.Len(t, inv.ByType(securityGroupType), 1, "the database's own group only")
	assert.Empty(t, out.appUser)
	assert.Empty(t, out.appPolicy)
}

// names are the example names both the component and the bootstrap
// function judge (bootstrap/testdata/names.json).
type names struct {
	Accept []string          `json:"accept"`
	Refuse map[string]string `json:"refuse"` // name: the rule it breaks
}

func loadNames(t *testing.T) map[string]names {
	t.Helper()
	raw, err := os.ReadFile(namesFile)
	require.NoError(t, err)
	var all map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &all))
	out := map[string]names{}
	for _, kind := range []string{"user", "schema"} {
		var n names
		require.NoError(t, json.Unmarshal(all[kind], &n))
		require.NotEmpty(t, n.Accept)
		require.NotEmpty(t, n.Refuse)
		out[kind] = n
	}
	return out
}

// rulePhrases are the words of the component's message for each rule.
var rulePhrases = map[string]map[string]string{
	"user": {
		"syntax": "is not a valid PostgreSQL user name here; allowed: a letter, then letters, digits and underscores, at most 63 characters",
		"length": "characters long; allowed: at most 63", "pg_prefix": "starts with pg_", "keyword": "is a reserved SQL key word",
		"reserved": "is reserved by PostgreSQL or RDS",
	},
	"schema": {
		"syntax": "is not a valid PostgreSQL schema name here", "length": "characters long; allowed: at most 63",
		"pg_prefix": "starts with pg_", "keyword": "is a reserved SQL key word", "reserved": "is a schema PostgreSQL creates itself",
	},
}

// The component judges user and schema names as the bootstrap function
// does (its Python tests read the same examples): each refused name gets
// exactly one problem, naming the field and the value, before anything is
// registered.
func TestAppNamesAreJudgedAsTheBootstrapJudgesThem(t *testing.T) {
	for kind, examples := range loadNames(t) {
		field := map[string]string{"user": "AppUser", "schema": "AppSchema"}[kind]
		set := func(name string) database.DatabaseArgs {
			args := withAppUser()
			if kind == "user" {
				args.AppUser = name
			} else {
				args.AppSchema = name
			}
			return args
		}
		for _, name := range examples.Accept {
			assert.NoError(t, set(name).Validate("db"), "%s %q", kind, name)
		}
		for name, rule := range examples.Refuse {
			inv, _, err := run(set(name))
			millionstacktest.Rejected(t, inv, err, `database "db": `+field+": ", rulePhrases[kind][rule])
			require.Error(t, err)
			assert.Equal(t, 1, strings.Count(err.Error(), `database "db": `), "%s %q breaks one rule: %v", kind, name, err)
			assert.Contains(t, err.Error(), strings.TrimSuffix(strings.TrimPrefix(mustJSON(name), `"`), `"`), "the message quotes the name")
		}
	}
}

func mustJSON(s string) string {
	out, _ := json.Marshal(s)
	return string(out)
}

// The word lists the rules use are the bootstrap function's own: read from
// bootstrap.py, so that neither side can change alone.
func TestReservedWordsAreTheBootstrapsOwn(t *testing.T) {
	source, err := os.ReadFile("bootstrap/bootstrap.py")
	require.NoError(t, err)
	words := func(pattern string) []string {
		m := regexp.MustCompile(pattern).FindSubmatch(source)
		require.NotNil(t, m, pattern)
		out := regexp.MustCompile(`[a-z_]+`).FindAllString(string(m[1]), -1)
		sort.Strings(out)
		return out
	}
	sorted := func(in []string) []string {
		out := append([]string(nil), in...)
		sort.Strings(out)
		return out
	}
	assert.Equal(t, words(`RESERVED_KEYWORDS = frozenset\("""([^"]*)"""`), sorted(database.ReservedKeywords))
	assert.Equal(t, words(`_RESERVED_USERS = frozenset\(\(([^)]*)\)\)`), sorted(database.ReservedRoles))
	assert.Equal(t, words(`_RESERVED_SCHEMAS = frozenset\(\(([^)]*)\)\)`), sorted(database.ReservedSchemas))
}

func TestAccessArgsAreValidated(t *testing.T) {
	cases := map[string]struct {
		change func(*database.DatabaseArgs)
		want   []string
	}{
		"mysql app user": {func(a *database.DatabaseArgs) { a.Engine = "mysql" },
			[]string{"AppUser", `"app_user"`, `needs Engine "postgres"`, "PostgreSQL only, not mysql", `allowed: only with Engine "postgres"`}},
		"app user is the master": {func(a *database.DatabaseArgs) { a.AppUser = "App_Admin" },
			[]string{"AppUser", `"App_Admin" is the master user (MasterUsername)`}},
		"schema without user": {func(a *database.DatabaseArgs) { a.AppUser, a.AppSchema = "", "data" },
			[]string{"AppSchema", `"data" is set without AppUser`}},
		"rotation 366": {func(a *database.DatabaseArgs) { a.MasterPassword, a.RotationDays = "stored", 366 },
			[]string{"RotationDays", "366 is out of range; allowed: 1 to 365"}},
		"rotation negative": {func(a *database.DatabaseArgs) { a.MasterPassword, a.RotationDays = "stored", -1 },
			[]string{"RotationDays", "-1 is out of range; allowed: 1 to 365"}},
		"rotation of a managed password": {func(a *database.DatabaseArgs) { a.RotationDays = 30 },
			[]string{"RotationDays", `30 with MasterPassword "rds-managed"`, "RDS rotates the password it manages itself", `allowed: 0, or MasterPassword "stored"`}},
		"bootstrap key": {func(a *database.DatabaseArgs) { a.AllowedSecurityGroups["bootstrap"] = pulumi.String("sg-x") },
			[]string{"AllowedSecurityGroups", `key "bootstrap" names the rule of the component's own bootstrap function`}},
		"rotation key": {func(a *database.DatabaseArgs) { a.AllowedSecurityGroups["rotation"] = pulumi.String("sg-x") },
			[]string{"AllowedSecurityGroups", `key "rotation" names the rule of the component's own rotation function`}},
		"nil route": {func(a *database.DatabaseArgs) { a.SecretsManagerRoute = []pulumi.Resource{nil} },
			[]string{"SecretsManagerRoute[0]: is nil"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			args := withAppUser()
			tc.change(&args)
			inv, _, err := run(args)
			millionstacktest.Rejected(t, inv, err, tc.want...)
		})
	}
}

func keys(m map[string]interface{}) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
