package tests

import (
	"fmt"
	"sort"
	"testing"

	"github.com/millionstack/millionstack/internal/cli"
	"github.com/millionstack/millionstack/internal/plan"
	"github.com/millionstack/millionstack/internal/providerrules"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/millionstack/millionstack/stages"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stageConfigs are the configurations every stage is held against the
// provider rules with: bare, with a domain, and with everything optional
// switched on (a hosted zone of its own, alarm e-mails, the zone delegated).
var stageConfigs = []map[string]string{
	nil,
	{"millionstack:domain": "example.com"},
	{"millionstack:domain": "example.com", "millionstack:createZone": "true", "millionstack:alarmEmail": "ops@example.com"},
	// ... and once the zone is delegated: certificates validated through
	// the zone the stack created.
	{"millionstack:domain": "example.com", "millionstack:createZone": "true", "millionstack:zoneDelegated": "true"},
}

// No stage breaks a rule the provider would enforce at `pulumi up`, with or
// without a domain; plan and diff of every stage succeed.
func TestNoStageBreaksAProviderRule(t *testing.T) {
	for _, cfg := range stageConfigs {
		for _, name := range stages.Names() {
			t.Run(fmt.Sprintf("%s %v", name, cfg), func(t *testing.T) {
				inv := record(t, name, cfg)
				for _, v := range plan.Check(inv) {
					t.Errorf("%s", v)
				}
				_, err := plan.Build(name, cfg)
				assert.NoError(t, err)
			})
		}
	}
}

// The check bites: a database given both a stored password and an explicit
// manageMasterUserPassword=false is refused, naming the resource, both
// arguments and the SDK sentence the rule comes from.
func TestAConflictingResourceIsCaught(t *testing.T) {
	program := func(ctx *pulumi.Context) error {
		_, err := rds.NewInstance(ctx, "conflicting", &rds.InstanceArgs{
			InstanceClass:            pulumi.String("db.t3.micro"),
			Engine:                   pulumi.String("postgres"),
			AllocatedStorage:         pulumi.Int(20),
			Username:                 pulumi.String("app"),
			Password:                 pulumi.String("stored-password-123"),
			ManageMasterUserPassword: pulumi.Bool(false),
			SkipFinalSnapshot:        pulumi.Bool(true),
		})
		return err
	}
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev"})
	require.NoError(t, err, "the mock engine accepts it")
	vs := plan.Check(inv)
	require.Len(t, vs, 1, "%v", vs)
	v := vs[0]
	assert.Equal(t, "conflicting", v.Name)
	assert.Contains(t, v.URN, "rds/instance:Instance::conflicting")
	for _, want := range []string{"manageMasterUserPassword (false)", "password ([secret])", "cannot both be set", "Conflicts rule",
		"go/aws/rds/instance.go", "Cannot be set if `password` or `passwordWo` is provided."} {
		assert.Contains(t, v.String(), want)
	}
	assert.NotContains(t, v.String(), "stored-password-123")
}

// Every type a stage registers is covered by the provider rules table, so a
// new type forces a regeneration (add it to Types in
// internal/providerrules/gen, then go generate ./internal/providerrules).
func TestProviderRulesCoverEveryRegisteredType(t *testing.T) {
	missing := map[string]bool{}
	for _, cfg := range stageConfigs {
		for _, name := range stages.Names() {
			for _, r := range record(t, name, cfg).Cloud() {
				if !providerrules.Covered(r.Type) {
					missing[r.Type] = true
				}
			}
		}
	}
	var list []string
	for typ := range missing {
		list = append(list, typ)
	}
	sort.Strings(list)
	assert.Empty(t, list, "types without provider rules")
}

// Every offline command refuses a stage that breaks a provider rule, with
// exit code 3 and the rule in the message: plan, diff (either side), check,
// graph and deploy-time all record through the same checked path.
func TestCLIRefusesAStageThatBreaksAProviderRule(t *testing.T) {
	conflicting, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := rds.NewInstance(ctx, "conflicting", &rds.InstanceArgs{
			InstanceClass: pulumi.String("db.t3.micro"), Engine: pulumi.String("postgres"), AllocatedStorage: pulumi.Int(20),
			Username: pulumi.String("app"), Password: pulumi.String("stored-password-123"), ManageMasterUserPassword: pulumi.Bool(false),
		})
		return err
	}, millionstacktest.Options{})
	require.NoError(t, err)
	real := cli.Recorder
	t.Cleanup(func() { cli.Recorder = real })
	// Stage 10 as the program registers it, plus the conflicting database.
	cli.Recorder = func(stage, stack string, config map[string]string) (*millionstacktest.Inventory, error) {
		inv, err := real(stage, stack, config)
		if err == nil && stage == "10" {
			inv.Resources = append(inv.Resources, conflicting.Resources...)
		}
		return inv, err
	}
	for _, args := range [][]string{{"plan", "10"}, {"diff", "1", "10"}, {"diff", "10", "100"}, {"check", "10"}, {"graph", "10"}, {"deploy-time", "10"}} {
		code, _, errOut := runCLI(args...)
		assert.Equal(t, cli.ExitFailed, code, "%v", args)
		for _, want := range []string{"stage 10 breaks 1 provider rule", "conflicting", "manageMasterUserPassword", "go/aws/rds/instance.go"} {
			assert.Contains(t, errOut, want, "%v", args)
		}
	}
	code, _, errOut := runCLI("plan", "100")
	assert.Equal(t, cli.ExitOK, code, "another stage is untouched: %s", errOut)
}
