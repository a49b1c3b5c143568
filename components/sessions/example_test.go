package sessions_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/sessions"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A session table encrypted with your own key; the web tier's role may
// read and write single sessions (ReadWritePolicy), never scan them.
func Example() {
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		store, err := sessions.NewStore(ctx, "sessions", sessions.StoreArgs{
			ExistingKMSKeyARN: pulumi.String("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
		})
		if err != nil {
			return err
		}
		_, err = iam.NewRolePolicy(ctx, "web-sessions", &iam.RolePolicyArgs{Role: pulumi.String("web"), Policy: store.ReadWritePolicy()})
		return err
	}, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	table, _ := inv.Named("aws:dynamodb/table:Table", "sessions")
	fmt.Println("key:", table.String("serverSideEncryption.kmsKeyArn"))
	grant, _ := inv.Named("aws:iam/rolePolicy:RolePolicy", "web-sessions")
	fmt.Println("grant:", grant.String("policy"))
	// Output:
	// key: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
	// grant: {"Version":"2012-10-17","Statement":[{"Sid":"SessionItems","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:UpdateItem","dynamodb:DeleteItem"],"Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/sessions"}]}
}
