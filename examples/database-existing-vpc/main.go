// Command database-existing-vpc puts millionstack's database component into
// a VPC you already have: PostgreSQL in your database subnets, behind your
// own security group, its storage encrypted with your own KMS key, and an
// application user created at deploy time that logs in with IAM tokens. The
// role your application runs as is granted that login, and nothing else.
//
// Everything it builds on is yours and comes from config:
//
//	pulumi config set vpcId vpc-0123456789abcdef0
//	pulumi config set --path 'databaseSubnetIds[0]' subnet-0123456789abcdef0
//	pulumi config set --path 'databaseSubnetIds[1]' subnet-0123456789abcdef1
//	pulumi config set securityGroupId sg-0123456789abcdef0
//	pulumi config set kmsKeyArn arn:aws:kms:us-east-1:123456789012:key/...
//	pulumi config set appRoleName my-app-role
//	pulumi up
package main

import (
	"fmt"

	"github.com/millionstack/millionstack/components/database"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(program)
}

// settings are what the program reads from the stack's config.
type settings struct {
	vpcID, securityGroupID, kmsKeyARN, appRoleName string
	subnetIDs                                      []string
	appUser, instanceClass                         string
}

// readSettings reads the config, saying which keys are missing and what
// each one is, all at once.
func readSettings(ctx *pulumi.Context) (settings, error) {
	cfg := config.New(ctx, "")
	s := settings{
		vpcID:           cfg.Get("vpcId"),
		securityGroupID: cfg.Get("securityGroupId"),
		kmsKeyARN:       cfg.Get("kmsKeyArn"),
		appRoleName:     cfg.Get("appRoleName"),
		appUser:         cfg.Get("appUser"),
		instanceClass:   cfg.Get("instanceClass"),
	}
	var missing []string
	if s.vpcID == "" {
		missing = append(missing, "vpcId: the ID of your VPC (vpc-...)")
	}
	if err := cfg.TryObject("databaseSubnetIds", &s.subnetIDs); err != nil || len(s.subnetIDs) < 2 {
		missing = append(missing, "databaseSubnetIds: two or more private subnet IDs in different AZs, set with --path 'databaseSubnetIds[0]'")
	}
	if s.securityGroupID == "" {
		missing = append(missing, "securityGroupId: the security group the database stands behind (sg-...), which admits your application on 5432")
	}
	if s.kmsKeyARN == "" {
		missing = append(missing, "kmsKeyArn: the key ARN of your KMS key in the stack's region")
	}
	if s.appRoleName == "" {
		missing = append(missing, "appRoleName: the IAM role your application runs as")
	}
	if len(missing) > 0 {
		msg := "missing config (pulumi config set <key> <value>):"
		for _, m := range missing {
			msg += "\n  " + m
		}
		return s, fmt.Errorf("%s", msg)
	}
	if s.appUser == "" {
		s.appUser = "app_user"
	}
	if s.instanceClass == "" {
		s.instanceClass = "db.t4g.micro"
	}
	return s, nil
}

func program(ctx *pulumi.Context) error {
	s, err := readSettings(ctx)
	if err != nil {
		return err
	}
	db, err := database.NewDatabase(ctx, "orders", database.DatabaseArgs{
		VpcID:     pulumi.String(s.vpcID),
		SubnetIDs: pulumi.ToStringArray(s.subnetIDs),
		// Yours: the component creates none of these. It adds to your group
		// only the rule that admits its own bootstrap function, which
		// creates the application user from inside your subnets (they need
		// a route to Secrets Manager: an interface endpoint or a NAT).
		ExistingSecurityGroupID: pulumi.String(s.securityGroupID),
		ExistingKMSKeyARN:       pulumi.String(s.kmsKeyARN),
		InstanceClass:           s.instanceClass,
		AppUser:                 s.appUser,
	})
	if err != nil {
		return err
	}
	// The grant: your application's role may log in as the application
	// user, with IAM tokens, and do nothing else with the database.
	if _, err := iam.NewRolePolicy(ctx, "orders-connect", &iam.RolePolicyArgs{
		Role:   pulumi.String(s.appRoleName),
		Policy: db.ConnectPolicy(s.appUser),
	}); err != nil {
		return err
	}
	ctx.Export("databaseAddress", db.Address)
	ctx.Export("databasePort", pulumi.Int(db.Port))
	ctx.Export("databaseName", pulumi.String(db.DatabaseName))
	ctx.Export("databaseUser", db.AppUser)
	ctx.Export("databaseSecurityGroupId", db.SecurityGroupID)
	return nil
}
