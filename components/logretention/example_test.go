package logretention_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/logretention"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A retention for the log groups RDS creates for an instance of yours
// (identifier "orders"), which CloudWatch Logs would keep forever.
func Example() {
	var retention *logretention.Retention
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) (err error) {
		retention, err = logretention.NewRetention(ctx, "orders-logs", logretention.RetentionArgs{
			Directories:   []logretention.Directory{{Path: pulumi.String("/aws/rds/instance/orders/"), Names: []string{"postgresql", "upgrade"}}},
			RetentionDays: 90,
		})
		return err
	}, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	invocation, _ := inv.Named("aws:lambda/invocation:Invocation", "orders-logs")
	fmt.Println(invocation.String("input"))
	fmt.Println("children exported:", retention.Function != nil && retention.Invocation != nil)
	// Output:
	// {"logGroupNames":["/aws/rds/instance/orders/postgresql","/aws/rds/instance/orders/upgrade"],"retentionInDays":90}
	// children exported: true
}
