// Package stages holds millionstack's ladder: one Pulumi program per growth
// stage, from a prelaunch page to a service-oriented architecture for a
// million users. Each stage is the one below it plus what the next order of
// magnitude needs, and all of them are built by the same function, so a live
// stack moves up a rung by changing one config value (millionstack:stage)
// and `pulumi up` only adds, resizes or reconfigures: it never replaces a
// VPC, subnet, database, cache, bucket, table or queue.
package stages

import (
	"fmt"
	"os"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// StageConfigKey is the config key that picks a stack's stage; without it the
// stack name is the stage name.
const StageConfigKey = "millionstack:stage"

// ladder lists the stages in order, each with the function that describes it.
var ladder = []struct {
	name     string
	settings func() Settings
}{
	{"prelaunch", prelaunch},
	{"1", one},
	{"10", ten},
	{"100", hundred},
	{"1k", thousand},
	{"10k", tenThousand},
	{"500k", halfMillion},
	{"1m", million},
	{"10m", tenMillion},
}

// Names returns the stages that exist, in ladder order.
func Names() []string {
	out := make([]string, len(ladder))
	for i, s := range ladder {
		out[i] = s.name
	}
	return out
}

// Describe returns the settings of a stage before any config is applied:
// what it contains and how big, for tools that list or explain the ladder.
func Describe(name string) (Settings, error) {
	for _, s := range ladder {
		if s.name == name {
			return s.settings(), nil
		}
	}
	return Settings{}, unknownStage(name)
}

// Program returns the Pulumi program of a stage: read the stack's config onto
// the stage's settings, validate everything, then build. An unknown name gets
// an error that lists the valid ones.
func Program(name string) (pulumi.RunFunc, error) {
	if _, err := Describe(name); err != nil {
		return nil, err
	}
	return func(ctx *pulumi.Context) error {
		s, _ := Describe(name)
		if err := applyConfig(ctx, &s); err != nil {
			return err
		}
		return build(ctx, s)
	}, nil
}

// Main is the program behind Pulumi.yaml: it refuses a millionstack config
// key it does not read (a typo set with `pulumi config set`), then runs the
// stage named by config millionstack:stage, or else the stage named like
// the stack.
func Main(ctx *pulumi.Context) error {
	if err := CheckStackConfig(os.Getenv(pulumi.EnvConfig)); err != nil {
		return err
	}
	name := config.Get(ctx, StageConfigKey)
	source := "config " + StageConfigKey
	if name == "" {
		name, source = ctx.Stack(), "stack name"
	}
	program, err := Program(name)
	if err != nil {
		return fmt.Errorf("%s %q does not name a stage: set %s to one of: %s",
			source, name, StageConfigKey, strings.Join(Names(), ", "))
	}
	return program(ctx)
}

func unknownStage(name string) error {
	return fmt.Errorf("unknown stage %q; valid stages: %s", name, strings.Join(Names(), ", "))
}
