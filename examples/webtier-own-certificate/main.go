// Command webtier-own-certificate is a Pulumi program of your own that
// imports one millionstack component: the web tier (an Application Load
// Balancer and an Auto Scaling group of instances) in a VPC you already
// have, serving HTTPS with an ACM certificate you already have. Everything
// comes from config; see README.md.
//
//	cd examples/webtier-own-certificate && pulumi stack init dev && pulumi config set ... && pulumi up
package main

import (
	"fmt"

	"github.com/millionstack/millionstack/components/webtier"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// namespace is where the program's config keys live: the project's name
// in Pulumi.yaml, so that `pulumi config set vpcId ...` sets them.
const namespace = "webtier-own-certificate"

func main() {
	pulumi.Run(program)
}

func program(ctx *pulumi.Context) error {
	settings, err := read(config.New(ctx, namespace))
	if err != nil {
		return err
	}
	web, err := webtier.NewWebTier(ctx, "web", webtier.WebTierArgs{
		VpcID:                 pulumi.String(settings.VpcID),
		LoadBalancerSubnetIDs: pulumi.ToStringArray(settings.PublicSubnetIDs),
		InstanceSubnetIDs:     pulumi.ToStringArray(settings.PrivateSubnetIDs),
		// Issued by ACM in the stack's region for the names you serve: an
		// HTTPS listener serves them and HTTP redirects to it.
		CertificateARN:   pulumi.String(settings.CertificateARN),
		InstanceType:     settings.InstanceType,
		MinSize:          settings.MinSize,
		MaxSize:          settings.MaxSize,
		CPUTargetPercent: 60,
		// Set false for a stack you mean to destroy.
		DeletionProtection: settings.DeletionProtection,
	})
	if err != nil {
		return err
	}
	// Point your domain at it (an alias record to dnsName in zoneId), let
	// your database admit instanceSecurityGroupId, attach your app's
	// policies to instanceRoleName.
	ctx.Export("dnsName", web.DNSName)
	ctx.Export("zoneId", web.ZoneID)
	ctx.Export("instanceSecurityGroupId", web.InstanceSecurityGroupID)
	ctx.Export("instanceRoleName", web.InstanceRoleName)
	ctx.Export("accessLogBucket", web.LogBucketName)
	return nil
}

// settings is what the program reads from config.
type settings struct {
	VpcID, CertificateARN             string
	PublicSubnetIDs, PrivateSubnetIDs []string
	InstanceType                      string
	MinSize, MaxSize                  int
	DeletionProtection                *bool
}

// read reads the config, telling which required key is missing and what
// it should hold.
func read(cfg *config.Config) (settings, error) {
	var s settings
	var missing []string
	require := func(key, what string, into *string) {
		if v, err := cfg.Try(key); err == nil && v != "" {
			*into = v
			return
		}
		missing = append(missing, fmt.Sprintf("%s:%s (%s)", namespace, key, what))
	}
	requireList := func(key, what string, into *[]string) {
		if err := cfg.TryObject(key, into); err != nil || len(*into) < 2 {
			missing = append(missing, fmt.Sprintf("%s:%s (%s, a JSON list of two or more: pulumi config set --path '%s[0]' subnet-...)", namespace, key, what, key))
		}
	}
	require("vpcId", "the VPC's ID, vpc-...", &s.VpcID)
	require("certificateArn", "an issued ACM certificate in the stack's region, arn:aws:acm:...", &s.CertificateARN)
	requireList("publicSubnetIds", "public subnets in two or more AZs, for the load balancer", &s.PublicSubnetIDs)
	requireList("privateSubnetIds", "private subnets with a NAT route, for the instances", &s.PrivateSubnetIDs)
	if len(missing) > 0 {
		return settings{}, fmt.Errorf("missing config: %v", missing)
	}
	s.InstanceType = cfg.Get("instanceType") // "" takes the component's default
	s.MinSize = cfg.GetInt("minSize")
	s.MaxSize = cfg.GetInt("maxSize")
	if v, err := cfg.TryBool("deletionProtection"); err == nil {
		s.DeletionProtection = &v
	}
	return s, nil
}
