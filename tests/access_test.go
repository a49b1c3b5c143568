package tests

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/internal/plan"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/millionstack/millionstack/stages"
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

// instanceRoles are the names of the roles EC2 instances run as (the host,
// the web and app tiers): every role whose trust policy admits
// ec2.amazonaws.com.
func instanceRoles(t *testing.T, inv *millionstacktest.Inventory) map[string]bool {
	t.Helper()
	roles := map[string]bool{}
	for _, r := range inv.ByType(tRole) {
		if strings.Contains(r.String("assumeRolePolicy"), `"ec2.amazonaws.com"`) {
			roles[r.Outputs["name"].StringValue()] = true
		}
	}
	return roles
}

// No role an EC2 instance runs as may read a secret, at any stage: every
// inline policy attached to one is free of Secrets Manager actions and
// secret ARNs, and no managed policy attached to one is a Secrets Manager
// policy. The only role in the stack that may read the master secret is the
// bootstrap function's (the rotation function's role lives in its
// CloudFormation stack, limited by AWS to the secrets it rotates).
func TestNoInstanceRoleCanReadASecret(t *testing.T) {
	for _, cfg := range accessConfigs {
		for _, name := range stages.Names() {
			t.Run(fmt.Sprintf("%s %v", name, cfg), func(t *testing.T) {
				inv := record(t, name, cfg)
				roles := instanceRoles(t, inv)
				if name != "prelaunch" {
					require.NotEmpty(t, roles, "the stage runs the app on instances")
				}
				// The bootstrap function of each database: db's, and at 10m
				// each primary cluster's.
				var bootstraps []string
				for _, db := range append(inv.ByType(tDatabase), inv.ByType(tClusterComp)...) {
					bootstraps = append(bootstraps, db.Name+"-bootstrap")
				}
				var secretARNs []string
				for _, s := range inv.ByType(tSecret) {
					secretARNs = append(secretARNs, s.Outputs["arn"].StringValue())
				}
				for _, p := range inv.ByType(tRolePolicy) {
					document := p.String("policy")
					if roles[p.String("role")] {
						assert.NotContains(t, document, "secretsmanager", "%s: instance role %s may use Secrets Manager", p.Name, p.String("role"))
						assert.NotContains(t, document, ":secret:", "%s names a secret", p.Name)
						assert.NotContains(t, document, "rds!", "%s names RDS's secret", p.Name)
						for _, arn := range secretARNs {
							assert.NotContains(t, document, arn, "%s names the stack's secret", p.Name)
						}
						continue
					}
					if strings.Contains(document, "secretsmanager:") {
						assert.Contains(t, bootstraps, p.Name, "only a database's bootstrap function may read a secret")
					}
				}
				for _, a := range inv.ByType(tAttachment) {
					if roles[a.String("role")] {
						assert.NotContains(t, strings.ToLower(a.String("policyArn")), "secretsmanager", a.Name)
					}
				}
			})
		}
	}
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
