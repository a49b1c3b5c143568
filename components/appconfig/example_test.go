package appconfig_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/appconfig"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The app's endpoints under one SSM path, readable by its role and nothing
// else, with its log group encrypted by your own key.
func Example() {
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := appconfig.NewConfig(ctx, "appconfig", appconfig.ConfigArgs{
			Path:                 "/shop/prod",
			Values:               map[string]pulumi.StringInput{"db/writer": pulumi.String("orders.abcdefghij.us-east-1.rds.amazonaws.com")},
			Roles:                map[string]pulumi.StringInput{"web": pulumi.String("web-instances")},
			ExistingLogKMSKeyARN: pulumi.String("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
		})
		return err
	}, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range inv.ByType("aws:ssm/parameter:Parameter") {
		fmt.Println(p.String("name"))
	}
	logs, _ := inv.Named("aws:cloudwatch/logGroup:LogGroup", "appconfig-app")
	fmt.Println("log key:", logs.String("kmsKeyId"))
	// Output:
	// /shop/prod/db/writer
	// /shop/prod/logs/group
	// log key: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
}
