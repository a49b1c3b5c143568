package cache_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/cache"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A cache on your own subnet group and security group, its data encrypted
// with your own key; the app's role is granted ConnectPolicy, the one
// permission IAM authentication to the cache takes. Recorded under Pulumi's
// mock engine, as a test of yours would.
func Example() {
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		c, err := cache.NewCache(ctx, "sessions", cache.CacheArgs{
			ExistingSubnetGroupName: pulumi.String("app-private"),
			ExistingSecurityGroupID: pulumi.String("sg-0123456789abcdef0"),
			ExistingKMSKeyARN:       pulumi.String("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
			NodeType:                "cache.r7g.large",
		})
		if err != nil {
			return err
		}
		_, err = iam.NewRolePolicy(ctx, "app-cache", &iam.RolePolicyArgs{Role: pulumi.String("app"), Policy: c.ConnectPolicy()})
		return err
	}, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	group, _ := inv.Named("aws:elasticache/replicationGroup:ReplicationGroup", "sessions")
	fmt.Println("subnet group:", group.String("subnetGroupName"))
	fmt.Println("security groups:", group.String("securityGroupIds"))
	fmt.Println("key:", group.String("kmsKeyId"))
	grant, _ := inv.Named("aws:iam/rolePolicy:RolePolicy", "app-cache")
	fmt.Println("grant:", grant.String("policy"))
	// Output:
	// subnet group: app-private
	// security groups: [sg-0123456789abcdef0]
	// key: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
	// grant: {"Version":"2012-10-17","Statement":[{"Sid":"ConnectAsAppUser","Effect":"Allow","Action":"elasticache:Connect","Resource":["arn:aws:elasticache:us-east-1:123456789012:replicationGroup/sessions","arn:aws:elasticache:us-east-1:123456789012:user/sessions-app"]}]}
}
