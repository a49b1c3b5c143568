package function_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/function"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Your own code, a Go binary built for arm64 as "bootstrap" (in a real
// program pulumi.NewFileArchive("./build") after
// `GOOS=linux GOARCH=arm64 go build -o build/bootstrap`), running as a role
// of your own; a scheduler's role may invoke it (InvokePolicy).
func Example() {
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		build := pulumi.NewAssetArchive(map[string]interface{}{"bootstrap": pulumi.NewStringAsset("(binary)")})
		fn, err := function.NewFunction(ctx, "resize", function.FunctionArgs{
			Code:            &function.Code{Archive: build, Handler: "bootstrap"},
			Runtime:         "provided.al2023",
			ExistingRoleARN: pulumi.String("arn:aws:iam::123456789012:role/resize"),
		})
		if err != nil {
			return err
		}
		_, err = iam.NewRolePolicy(ctx, "scheduler-invoke", &iam.RolePolicyArgs{Role: pulumi.String("scheduler"), Policy: fn.InvokePolicy()})
		return err
	}, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fn, _ := inv.Named("aws:lambda/function:Function", "resize")
	fmt.Println("runtime:", fn.String("runtime"), fn.String("architectures"))
	fmt.Println("role:", fn.String("role"))
	fmt.Println("roles created:", len(inv.ByType("aws:iam/role:Role")))
	grant, _ := inv.Named("aws:iam/rolePolicy:RolePolicy", "scheduler-invoke")
	fmt.Println("grant:", grant.String("policy"))
	// Output:
	// runtime: provided.al2023 [arm64]
	// role: arn:aws:iam::123456789012:role/resize
	// roles created: 0
	// grant: {"Version":"2012-10-17","Statement":[{"Sid":"InvokeFunction","Effect":"Allow","Action":["lambda:InvokeFunction"],"Resource":["arn:aws:lambda:us-east-1:123456789012:function/resize","arn:aws:lambda:us-east-1:123456789012:function/resize:*"]}]}
}
