// Package appconfig tells the application where its backing services are and
// lets it use them: endpoints go to SSM Parameter Store under one path (never
// into the image or the code), and the app's IAM roles get read access to that
// path plus the scoped policies of the services it talks to.
package appconfig

import (
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssm"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/validate"
)

// Config is the application's configuration and permissions.
type Config struct {
	pulumi.ResourceState

	// Path is the SSM prefix the app reads (plain, known at program time).
	Path string
	// ParameterNames are the full parameter names, sorted.
	ParameterNames []string
}

// NewConfig stores the values as SSM parameters and grants the roles access.
func NewConfig(ctx *pulumi.Context, name string, args ConfigArgs, opts ...pulumi.ResourceOption) (*Config, error) {
	if err := args.validate(); err != nil {
		return nil, err
	}
	c := &Config{Path: args.Path}
	if err := ctx.RegisterComponentResource("millionstack:appconfig:Config", name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)

	for _, key := range validate.Keys(args.Values) {
		full := args.Path + "/" + key
		c.ParameterNames = append(c.ParameterNames, full)
		if _, err := ssm.NewParameter(ctx, name+"-"+strings.ReplaceAll(key, "/", "-"), &ssm.ParameterArgs{
			Name:  pulumi.String(full),
			Type:  ssm.ParameterTypeString,
			Tier:  pulumi.String("Standard"),
			Value: args.Values[key],
			Tags:  pulumi.ToStringMap(args.Tags),
		}, parent); err != nil {
			return nil, err
		}
	}

	readPolicy, err := readPolicy(ctx, args.Path)
	if err != nil {
		return nil, err
	}
	policies := map[string]pulumi.StringInput{"read": readPolicy}
	for k, v := range args.Policies {
		policies[k] = v
	}
	for _, role := range validate.Keys(args.Roles) {
		for _, key := range validate.Keys(policies) {
			if _, err := iam.NewRolePolicy(ctx, name+"-"+role+"-"+key, &iam.RolePolicyArgs{
				Role:   args.Roles[role],
				Policy: policies[key],
			}, parent); err != nil {
				return nil, err
			}
		}
	}

	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"path":           pulumi.String(c.Path),
		"parameterNames": pulumi.ToStringArray(c.ParameterNames),
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// readPolicy allows reading the parameters under path, in this account,
// region and partition only.
func readPolicy(ctx *pulumi.Context, path string) (pulumi.StringInput, error) {
	region, err := aws.GetRegion(ctx, nil)
	if err != nil {
		return nil, err
	}
	account, err := aws.GetCallerIdentity(ctx, nil)
	if err != nil {
		return nil, err
	}
	partition, err := aws.GetPartition(ctx, nil)
	if err != nil {
		return nil, err
	}
	arn := "arn:" + partition.Partition + ":ssm:" + region.Name + ":" + account.AccountId + ":parameter" + path
	doc, err := policy.Document{Statement: []policy.Statement{{
		Effect:   "Allow",
		Action:   []string{"ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"},
		Resource: []string{arn, arn + "/*"},
	}}}.JSON()
	if err != nil {
		return nil, err
	}
	return pulumi.String(doc), nil
}
