package nosql_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/nosql"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A hot table of activity, read by one service (ReadPolicy) and written by
// another (ReadWritePolicy); neither may scan it.
func Example() {
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		activity, err := nosql.NewTable(ctx, "activity", nosql.TableArgs{PartitionKey: "userId", SortKey: pulumi.StringRef("at")})
		if err != nil {
			return err
		}
		if _, err := iam.NewRolePolicy(ctx, "feed-read", &iam.RolePolicyArgs{Role: pulumi.String("feed"), Policy: activity.ReadPolicy()}); err != nil {
			return err
		}
		_, err = iam.NewRolePolicy(ctx, "events-write", &iam.RolePolicyArgs{Role: pulumi.String("events"), Policy: activity.ReadWritePolicy()})
		return err
	}, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	table, _ := inv.Named("aws:dynamodb/table:Table", "activity")
	fmt.Println("keys:", table.String("hashKey"), table.String("rangeKey"))
	read, _ := inv.Named("aws:iam/rolePolicy:RolePolicy", "feed-read")
	fmt.Println("read:", read.String("policy"))
	// Output:
	// keys: userId at
	// read: {"Version":"2012-10-17","Statement":[{"Sid":"HotTableItems","Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:ConditionCheckItem","dynamodb:GetItem","dynamodb:Query"],"Resource":["arn:aws:dynamodb:us-east-1:123456789012:table/activity","arn:aws:dynamodb:us-east-1:123456789012:table/activity/index/*"]}]}
}
