package tests

import (
	"encoding/json"
	"testing"

	"github.com/millionstack/millionstack/internal/cli"
	"github.com/millionstack/millionstack/internal/plan"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/millionstack/millionstack/stages"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Bad config is rejected with an error that names the key or field and what is
// allowed, before a single resource of the stage is registered.
func TestBadConfigIsRejectedBeforeAnyResource(t *testing.T) {
	cases := []struct {
		stage, key, value string
		want              []string
	}{
		{"1", "domain", "not a domain", []string{"millionstack:domain", "example.com"}},
		{"1", "createZone", "maybe", []string{"millionstack:createZone", "true, false"}},
		{"1", "zoneDelegated", "soon", []string{"millionstack:zoneDelegated", "true, false"}},
		{"100", "alarmEmail", "ops-at-example.com", []string{"millionstack:alarmEmail", "e-mail"}},
		{"1", "azCount", "three", []string{"millionstack:azCount", "whole number"}},
		{"1", "azCount", "7", []string{"AZCount", "7 is out of range; allowed: 1 to 6"}},
		{"1", "vpcCidr", "8.8.0.0/16", []string{"CIDR", "8.8.0.0/16"}},
		{"1", "hostInstanceType", "huge", []string{"InstanceType", "huge"}},
		{"10", "dbInstanceClass", "t3.micro", []string{"InstanceClass", "db."}},
		{"10", "dbEngine", "oracle", []string{"millionstack:dbEngine", `"oracle" is not supported by the stages; allowed: postgres`}},
		{"10", "dbEngine", "mysql", []string{"millionstack:dbEngine", `"mysql" is not supported by the stages; allowed: postgres`, "IAM database authentication", "PostgreSQL only"}},
		{"10", "dbAppUser", "pg_app", []string{"AppUser", `"pg_app" starts with pg_`}},
		{"10", "dbAppUser", "app-user", []string{"AppUser", `"app-user" is not a valid PostgreSQL user name`, "letters, digits and underscores"}},
		{"10", "dbAppUser", "select", []string{"AppUser", `"select" is a reserved SQL key word`}},
		{"10", "dbAppUser", "rds_app", []string{"AppUser", `"rds_app" is reserved by PostgreSQL or RDS`}},
		{"10", "dbAppUser", "app_admin", []string{"AppUser", `"app_admin" is the master user`}},
		{"10k", "dbRotationDays", "400", []string{"RotationDays", "400 is out of range; allowed: 1 to 365"}},
		{"10k", "dbRotationDays", "0", []string{"millionstack:dbRotationDays", "1 or more"}},
		{"10", "dbRotationDays", "monthly", []string{"millionstack:dbRotationDays", "whole number"}},
		{"10k", "dbReadReplicas", "6", []string{"ReadReplicas", "5"}},
		{"10", "dbReadReplicas", "1", []string{"ReadReplicas", `MasterPassword "rds-managed"`, `"stored"`}},
		{"10", "dbMasterPassword", "plaintext", []string{"MasterPassword", "rds-managed, stored"}},
		{"1k", "webMinSize", "5", []string{"MinSize", "MaxSize"}},
		{"10k", "cacheNodes", "0", []string{"Nodes", "1"}},
		{"10k", "cacheNodeType", "m6g.large", []string{"NodeType", "cache."}},
		{"500k", "wafRateLimit", "5", []string{"RateLimit", "10"}},
		{"500k", "budgetUSD", "-5", []string{"MonthlyLimitUSD"}},
		{"500k", "budgetUSD", "lots", []string{"millionstack:budgetUSD", "number"}},
		{"1", "backupDailyDays", "0", []string{"millionstack:backupDailyDays", `"0" is not allowed; allowed: 1 or more`}},
		{"10", "backupDailyDays", "40000", []string{"DailyRetentionDays", "40000 is out of range; allowed: 1 to 36500"}},
		{"1", "backupMonthlyMonths", "1", []string{"MonthlyRetentionMonths", "1 months (31 days) is shorter than DailyRetentionDays 35"}},
		{"500k", "backupCopyRegion", "us-east-1", []string{"CopyRegion", `"us-east-1" is the region the plan deploys to`}},
		{"500k", "backupCopyRegion", "mars-1", []string{"CopyRegion", `"mars-1" is not an AWS region`}},
		{"10m", "secondaryRegion", "us-east-1", []string{"millionstack:secondaryRegion", `"us-east-1" is the stack's region (aws:region); allowed: another region, such as "us-west-2"`}},
		{"10m", "secondaryRegion", "oregon", []string{"millionstack:secondaryRegion", `"oregon" is not an AWS region`}},
		// us-west-1 has two AZs (the mocks answer as AWS does); the second
		// region has the first one's three.
		{"10m", "secondaryRegion", "us-west-1", []string{"second region us-west-1 (millionstack:secondaryRegion)", "AZCount: 3 exceeds the 2 Availability Zones available in us-west-1"}},
		{"10m", "secondaryVpcCidr", "10.0.128.0/17", []string{"millionstack:secondaryVpcCidr", `"10.0.128.0/17" overlaps the stack's VPC range 10.0.0.0/16`}},
		{"10m", "secondaryVpcCidr", "8.8.0.0/16", []string{"second region us-west-2", "CIDR", "8.8.0.0/16"}},
		{"10m", "appImage", "nginx", []string{"Image", `"nginx" has no tag or digest`}},
		{"10m", "appImage", "nginx:latest", []string{"Image", `"nginx:latest" is tagged latest`}},
		{"10m", "appCpu", "300", []string{"CPU", "300 CPU units is not a Fargate task size"}},
		{"10m", "appMemory", "512", []string{"MemoryMiB", "512 MiB is not a Fargate task size with CPU 1024"}},
		{"10m", "createEcsServiceLinkedRole", "maybe", []string{"millionstack:createEcsServiceLinkedRole", "true, false"}},
	}
	for _, c := range cases {
		c := c
		t.Run(c.stage+"/"+c.key+"="+c.value, func(t *testing.T) {
			inv, err := plan.Record(c.stage, c.stage, map[string]string{"millionstack:" + c.key: c.value})
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Empty(t, inv.Cloud(), "nothing may be registered before validation passes")
		})
	}
}

// A millionstack key the stages do not read (a typo Pulumi would keep
// silently) is refused with one message, whether it comes with the CLI's
// --config flag or from the stack's config under `pulumi up`, where the
// engine hands the program its whole config in PULUMI_CONFIG.
func TestUnknownConfigKeyIsRefusedByTheCLIAndTheProgramAlike(t *testing.T) {
	want := stages.CheckConfigKey("millionstack:dbInstanceClas")
	require.Error(t, want)
	assert.Contains(t, want.Error(), "millionstack:dbInstanceClas is not a millionstack config key")
	assert.Contains(t, want.Error(), "did you mean millionstack:dbInstanceClass?")

	code, _, errOut := runCLI("plan", "10", "--config", "dbInstanceClas=db.m5.large")
	assert.Equal(t, cli.ExitUsage, code)
	assert.Contains(t, errOut, want.Error())

	config := map[string]string{
		stages.StageConfigKey:         "10",
		"millionstack:dbInstanceClas": "db.m5.large",
		"millionstack:webSize":        "3",
		"aws:region":                  "eu-west-1", // other namespaces are not millionstack's to judge
	}
	inv, err := runMain(t, config)
	require.Error(t, err)
	assert.Contains(t, err.Error(), want.Error())
	assert.Contains(t, err.Error(), "millionstack:webSize is not a millionstack config key", "every unknown key at once")
	assert.Empty(t, inv.Cloud(), "nothing may be registered")

	delete(config, "millionstack:dbInstanceClas")
	delete(config, "millionstack:webSize")
	config["millionstack:dbInstanceClass"] = "db.m5.large"
	inv, err = runMain(t, config)
	require.NoError(t, err)
	assert.Equal(t, "db.m5.large", millionstacktest.Named(t, inv, tRDS, "db").String("instanceClass"))
}

// runMain runs the Pulumi program as `pulumi up` would on stack "10": with
// config in RunInfo and, as the engine does, in PULUMI_CONFIG.
func runMain(t *testing.T, config map[string]string) (*millionstacktest.Inventory, error) {
	t.Helper()
	encoded, err := json.Marshal(config)
	require.NoError(t, err)
	t.Setenv(pulumi.EnvConfig, string(encoded))
	return millionstacktest.Record(stages.Main, millionstacktest.Options{Stack: "10", Config: config})
}

// Checks that need AWS's answer run before anything is registered too:
// us-west-1 has two AZs (the mocks answer as AWS does), so the three-AZ stage
// cannot go there.
func TestRegionWithTooFewAZsIsRejectedBeforeAnyResource(t *testing.T) {
	inv, err := plan.Record("500k", "500k", map[string]string{"aws:region": "us-west-1"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "AZCount: 3 exceeds the 2 Availability Zones available in us-west-1")
	assert.Empty(t, inv.Cloud())

	record(t, "10k", map[string]string{"aws:region": "us-west-1"}) // two AZs are enough below 500k
}

// A key for a piece the stage no longer has is ignored, so moving a stack up
// the ladder never fails on settings left from the stage below.
func TestConfigForRetiredPiecesIsIgnored(t *testing.T) {
	inv := record(t, "1k", map[string]string{"millionstack:hostInstanceType": "t3.large"})
	assert.Empty(t, inv.ByType(tEC2))
}

// Replicas below 10k: the master password must move to the stack's secret too.
func TestReplicasBelowTenThousandWithStoredPassword(t *testing.T) {
	inv := record(t, "10", map[string]string{"millionstack:dbReadReplicas": "1", "millionstack:dbMasterPassword": "stored"})
	assert.Len(t, inv.ByType(tRDS), 2)
	primary := millionstacktest.Named(t, inv, tRDS, "db")
	_, managed := primary.Input("manageMasterUserPassword")
	assert.False(t, managed, "unset, not false: the provider refuses the flag next to a password")
	assert.NotEmpty(t, primary.String("password"))
}

func TestConfigOverridesReachTheResources(t *testing.T) {
	inv := record(t, "10k", map[string]string{
		"millionstack:dbInstanceClass":    "db.r5.large",
		"millionstack:webMaxSize":         "25",
		"millionstack:cacheNodes":         "3",
		"millionstack:deletionProtection": "false",
	})
	db := millionstacktest.Named(t, inv, tRDS, "db")
	assert.Equal(t, "db.r5.large", db.String("instanceClass"))
	assert.Equal(t, "false", db.String("deletionProtection"))
	assert.Equal(t, "25", inv.ByType(tASG)[0].String("maxSize"))
	assert.Equal(t, "3", inv.ByType(tRG)[0].String("numCacheClusters"))
	assert.Equal(t, "false", inv.ByType(tLB)[0].String("enableDeletionProtection"))

	inv = record(t, "10m", map[string]string{
		"millionstack:secondaryRegion":  "eu-west-1",
		"millionstack:secondaryVpcCidr": "10.8.0.0/16",
		"millionstack:appImage":         "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.4.2",
		"millionstack:appCpu":           "2048",
		"millionstack:appMemory":        "4096",
	})
	assert.Equal(t, "eu-west-1", millionstacktest.Named(t, inv, "pulumi:providers:aws", "secondary").String("region"))
	assert.Equal(t, "10.8.0.0/16", millionstacktest.Named(t, inv, "aws:ec2/vpc:Vpc", "network-secondary-vpc").String("cidrBlock"))
	for _, name := range []string{"app-service", "app-service-secondary"} {
		td := millionstacktest.Named(t, inv, "aws:ecs/taskDefinition:TaskDefinition", name)
		assert.Equal(t, "2048", td.String("cpu"))
		assert.Equal(t, "4096", td.String("memory"))
		assert.Contains(t, td.String("containerDefinitions"), `"image":"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.4.2"`)
		assert.NotContains(t, td.String("containerDefinitions"), `"command"`, "an image of one's own runs as built")
	}
}
