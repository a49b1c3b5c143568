// Command aurora-global-two-regions is a Pulumi program of your own that
// builds the data tier of millionstack's stage 10m for one function of the
// application: an Aurora PostgreSQL cluster (a writer and two readers in
// three Availability Zones) heading an Aurora global database, and a
// read-only secondary of it in a second region, each in a three-AZ network
// of its own. The application logs in as its own user with IAM tokens; the
// master password lives in a secret the stack owns and rotates. See
// README.md.
//
//	cd examples/aurora-global-two-regions && pulumi stack init dev && pulumi up
package main

import (
	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/components/logretention"
	"github.com/millionstack/millionstack/components/network"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// namespace is where the program's config keys live: the project's name in
// Pulumi.yaml.
const namespace = "aurora-global-two-regions"

// appUser is the application's database user, created at deploy time.
const appUser = "orders_app"

func main() {
	pulumi.Run(program)
}

func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, namespace)
	secondaryRegion := cfg.Get("secondaryRegion")
	if secondaryRegion == "" {
		secondaryRegion = "us-west-2"
	}

	// The primary region: the stack's own (aws:region). The database
	// subnets have no internet route, so the cluster's bootstrap and
	// rotation functions reach Secrets Manager through its endpoint.
	east, err := network.NewNetwork(ctx, "orders", network.NetworkArgs{
		CIDR:               "10.30.0.0/16",
		AZCount:            3,
		InterfaceEndpoints: []string{"secretsmanager"},
	})
	if err != nil {
		return err
	}
	app, err := ec2.NewSecurityGroup(ctx, "orders-app", &ec2.SecurityGroupArgs{
		VpcId:       east.VpcID,
		Description: pulumi.String("orders application, primary region"),
	})
	if err != nil {
		return err
	}
	orders, err := database.NewCluster(ctx, "orders", database.ClusterArgs{
		VpcID:                 east.VpcID,
		SubnetIDs:             east.DatabaseSubnetIDs,
		AvailabilityZones:     east.AvailabilityZones,
		AllowedSecurityGroups: map[string]pulumi.StringInput{"app": app.ID()},
		SecretsManagerRoute:   []pulumi.Resource{east.InterfaceEndpoints["secretsmanager"]},
		// The primary of a global database: secondaries join it below.
		Global:  true,
		AppUser: appUser,
	})
	if err != nil {
		return err
	}

	// The second region, on a provider of its own. Its network must not
	// overlap the first if you peer them later (the stage peers them for
	// writes).
	west, err := aws.NewProvider(ctx, "secondary", &aws.ProviderArgs{Region: pulumi.String(secondaryRegion)})
	if err != nil {
		return err
	}
	inWest := pulumi.Provider(west)
	westNet, err := network.NewNetwork(ctx, "orders-secondary", network.NetworkArgs{
		CIDR:    "10.31.0.0/16",
		AZCount: 3,
	}, inWest)
	if err != nil {
		return err
	}
	westApp, err := ec2.NewSecurityGroup(ctx, "orders-app-secondary", &ec2.SecurityGroupArgs{
		VpcId:       westNet.VpcID,
		Description: pulumi.String("orders application, secondary region"),
	}, inWest)
	if err != nil {
		return err
	}
	replica, err := database.NewSecondaryCluster(ctx, "orders-secondary", database.SecondaryClusterArgs{
		Primary:               orders,
		VpcID:                 westNet.VpcID,
		SubnetIDs:             westNet.DatabaseSubnetIDs,
		AvailabilityZones:     westNet.AvailabilityZones,
		AllowedSecurityGroups: map[string]pulumi.StringInput{"app": westApp.ID()},
	}, inWest)
	if err != nil {
		return err
	}

	// RDS creates each cluster's log groups (/aws/rds/cluster/<id>/<log>)
	// without a retention, to be kept and billed forever: a function in
	// each region gives them one (a year, the default).
	if _, err := logretention.NewRetention(ctx, "orders-logs", logretention.RetentionArgs{
		Directories: []logretention.Directory{{Path: pulumi.Sprintf("/aws/rds/cluster/%s/", orders.ClusterID), Names: orders.LogExports}},
	}); err != nil {
		return err
	}
	if _, err := logretention.NewRetention(ctx, "orders-logs-secondary", logretention.RetentionArgs{
		Directories: []logretention.Directory{{Path: pulumi.Sprintf("/aws/rds/cluster/%s/", replica.ClusterID), Names: replica.LogExports}},
	}, inWest); err != nil {
		return err
	}

	ctx.Export("writerEndpoint", orders.Endpoint)
	ctx.Export("readerEndpoint", orders.ReaderEndpoint)
	ctx.Export("secondaryReaderEndpoint", replica.ReaderEndpoint)
	ctx.Export("appSecurityGroupId", app.ID())
	ctx.Export("secondaryAppSecurityGroupId", westApp.ID())
	// Attach to the application's role in each region: rds-db:connect as
	// appUser, and nothing else.
	ctx.Export("connectPolicy", orders.ConnectPolicy(appUser))
	ctx.Export("secondaryConnectPolicy", replica.ConnectPolicy(appUser))
	return nil
}
