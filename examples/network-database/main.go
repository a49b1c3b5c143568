// Command network-database is a Pulumi program of your own that imports two
// millionstack components: a three-AZ VPC with a NAT gateway per AZ and a
// Multi-AZ PostgreSQL database with a read replica in its database subnets,
// reachable only from an application security group you own. Its master
// password rotates every 30 days, and the application gets a user of its
// own that logs in with IAM tokens.
//
//	cd examples/network-database && pulumi stack init dev && pulumi up
package main

import (
	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/components/network"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(program)
}

func program(ctx *pulumi.Context) error {
	net, err := network.NewNetwork(ctx, "shop", network.NetworkArgs{
		CIDR:    "10.20.0.0/16",
		AZCount: 3,
		NAT:     network.NATPerAZ,
		// The database subnets have no internet route, even with NAT: the
		// database's bootstrap and rotation functions reach Secrets Manager
		// through this endpoint.
		InterfaceEndpoints: []string{"secretsmanager"},
	})
	if err != nil {
		return err
	}
	// Your application's security group: the database admits it and nothing else.
	app, err := ec2.NewSecurityGroup(ctx, "shop-app", &ec2.SecurityGroupArgs{
		VpcId:       net.VpcID,
		Description: pulumi.String("shop application servers"),
	})
	if err != nil {
		return err
	}
	db, err := database.NewDatabase(ctx, "shop-db", database.DatabaseArgs{
		VpcID:                 net.VpcID,
		SubnetIDs:             net.DatabaseSubnetIDs,
		AllowedSecurityGroups: map[string]pulumi.StringInput{"app": app.ID()},
		SecretsManagerRoute:   []pulumi.Resource{net.InterfaceEndpoints["secretsmanager"]},
		InstanceClass:         "db.m5.large",
		MultiAZ:               true,
		ReadReplicas:          1,
		// Replicas need a master password the stack keeps: RDS cannot
		// replicate a source whose password it manages.
		MasterPassword: database.MasterPasswordStored,
		// Created at deploy time; attach databaseConnectPolicy (the
		// database's ConnectPolicy for this user) to the role your
		// application runs as.
		AppUser: "shop",
	})
	if err != nil {
		return err
	}
	ctx.Export("vpcId", net.VpcID)
	ctx.Export("databaseEndpoint", db.Endpoint)
	ctx.Export("databaseSecretArn", db.MasterSecretARN)
	ctx.Export("databaseUser", db.AppUser)
	ctx.Export("databaseConnectPolicy", db.AppConnectPolicyJSON)
	return nil
}
