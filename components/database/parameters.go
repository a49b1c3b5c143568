package database

import (
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newParameterGroup creates the engine parameters shared by the primary and
// its replicas: TLS forced, slow statements logged, then the caller's
// Parameters. The family follows the major version (postgres16, mysql8.0),
// so a major upgrade creates a new group next to the one still in use.
// With ExistingParameterGroupName it creates nothing and returns that
// group's name.
func newParameterGroup(ctx *pulumi.Context, name string, args DatabaseArgs, parent pulumi.ResourceOption) (*rds.ParameterGroup, pulumi.StringOutput, error) {
	if args.ExistingParameterGroupName != nil {
		return nil, args.ExistingParameterGroupName.ToStringOutput(), nil
	}
	spec := engines[args.Engine]
	values := engineParameters(spec, args.Parameters)
	var parameters rds.ParameterGroupParameterArray
	for _, k := range validate.Keys(values) {
		parameters = append(parameters, rds.ParameterGroupParameterArgs{
			Name:  pulumi.String(k),
			Value: pulumi.String(values[k]),
		})
	}
	group, err := rds.NewParameterGroup(ctx, name, &rds.ParameterGroupArgs{
		Family:      pulumi.String(string(args.Engine) + spec.major(args.EngineVersion)),
		Description: pulumi.String("Engine parameters of " + name),
		Parameters:  parameters,
		Tags:        tagging.Named(name, args.Tags),
	}, parent)
	if err != nil {
		return nil, pulumi.StringOutput{}, err
	}
	return group, group.Name, nil
}

// engineParameters are the parameters every database of an engine gets:
// TLS forced and slow statements logged, then the caller's extra ones.
func engineParameters(spec engine, extra map[string]string) map[string]string {
	values := map[string]string{spec.tlsParameter: spec.tlsValue}
	for k, v := range spec.slowLogParameters {
		values[k] = v
	}
	for k, v := range extra {
		values[k] = v
	}
	return values
}
