package database_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A database in a VPC you already have, behind your own security group and
// encrypted with your own key, whose application user logs in with IAM:
// the role your application runs as gets ConnectPolicy, and a bastion made
// later is admitted with AllowFrom (here on a database of the component's
// own group). The example records the program under Pulumi's mock engine,
// as a test of yours would, and prints what AWS would be asked for.
func Example() {
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		db, err := database.NewDatabase(ctx, "orders", database.DatabaseArgs{
			VpcID:                   pulumi.String("vpc-0123456789abcdef0"),
			SubnetIDs:               pulumi.ToStringArray([]string{"subnet-0123456789abcdef0", "subnet-0123456789abcdef1"}),
			ExistingSecurityGroupID: pulumi.String("sg-0123456789abcdef0"),
			ExistingKMSKeyARN:       pulumi.String("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
			AppUser:                 "orders_app",
		})
		if err != nil {
			return err
		}
		_, err = iam.NewRolePolicy(ctx, "orders-app-connect", &iam.RolePolicyArgs{
			Role:   pulumi.String("orders-app"),
			Policy: db.ConnectPolicy("orders_app"),
		})
		if err != nil {
			return err
		}
		reports, err := database.NewDatabase(ctx, "reports", database.DatabaseArgs{
			VpcID:     pulumi.String("vpc-0123456789abcdef0"),
			SubnetIDs: pulumi.ToStringArray([]string{"subnet-0123456789abcdef0", "subnet-0123456789abcdef1"}),
		})
		if err != nil {
			return err
		}
		return reports.AllowFrom("bastion", pulumi.String("sg-0fedcba9876543210"))
	}, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	orders, _ := inv.Named("aws:rds/instance:Instance", "orders")
	fmt.Println("storage key:", orders.String("kmsKeyId"))
	fmt.Println("security groups:", orders.String("vpcSecurityGroupIds"))
	grant, _ := inv.Named("aws:iam/rolePolicy:RolePolicy", "orders-app-connect")
	fmt.Println("grant:", grant.String("policy"))
	rule, _ := inv.Named("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "reports-from-bastion")
	fmt.Println("bastion admitted on port", rule.String("fromPort"))
	// Output:
	// storage key: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
	// security groups: [sg-0123456789abcdef0]
	// grant: {"Version":"2012-10-17","Statement":[{"Sid":"IAMDatabaseAuthentication","Effect":"Allow","Action":"rds-db:connect","Resource":["arn:aws:rds-db:us-east-1:123456789012:dbuser:db-2W4DA4IMLDN7FZ8MEDT19YVZSV/orders_app"]}]}
	// bastion admitted on port 5432
}
