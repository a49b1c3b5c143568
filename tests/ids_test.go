package tests

import (
	"testing"

	"github.com/millionstack/millionstack/components/cache"
	"github.com/millionstack/millionstack/components/container"
	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/components/function"
	"github.com/millionstack/millionstack/components/host"
	"github.com/millionstack/millionstack/components/webtier"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
)

// Every component that stands in a VPC of the user's refuses a VPC, subnet
// or security group ID of the wrong shape before anything is registered,
// naming the instance, the field (the element of a list) and the shape
// allowed: a subnet group name or an ARN passed where an ID belongs fails
// here, not at `pulumi up`.
func TestIDsOfTheWrongShapeAreRefused(t *testing.T) {
	vpc := pulumi.String("vpc-main")
	subnets := pulumi.StringArray{pulumi.String("subnet-0123456789abcdef0"), pulumi.String("db-subnets")}
	for _, c := range []struct {
		name string
		err  error
		want []string
	}{
		{"database", database.DatabaseArgs{VpcID: vpc, SubnetIDs: subnets, AllowedSecurityGroups: map[string]pulumi.StringInput{"web": pulumi.String("web-servers")}}.Validate("db"),
			[]string{`database "db": VpcID: "vpc-main" is not a VPC ID; allowed: a VPC ID such as "vpc-0123456789abcdef0"`, `database "db": SubnetIDs[1]: "db-subnets" is not a subnet ID`,
				`database "db": AllowedSecurityGroups["web"]: "web-servers" is not a security group ID`}},
		{"secondary cluster", database.SecondaryClusterArgs{VpcID: vpc, SubnetIDs: subnets}.Validate("orders-west"),
			[]string{`database "orders-west": VpcID: "vpc-main" is not a VPC ID`, `database "orders-west": SubnetIDs[1]: "db-subnets" is not a subnet ID`}},
		{"cluster", database.ClusterArgs{VpcID: vpc, SubnetIDs: subnets}.Validate("orders"),
			[]string{`database "orders": VpcID: "vpc-main" is not a VPC ID`, `SubnetIDs[1]: "db-subnets" is not a subnet ID`}},
		{"cache", cache.CacheArgs{VpcID: vpc, SubnetIDs: subnets, AllowedSecurityGroups: map[string]pulumi.StringInput{"web": pulumi.String("web-servers")}}.Validate("sessions"),
			[]string{`cache "sessions": VpcID: "vpc-main" is not a VPC ID`, `cache "sessions": SubnetIDs[1]: "db-subnets" is not a subnet ID`,
				`cache "sessions": AllowedSecurityGroups["web"]: "web-servers" is not a security group ID`}},
		{"container", container.ServiceArgs{VpcID: vpc, SubnetIDs: subnets}.Validate("app"),
			[]string{`container "app": VpcID: "vpc-main" is not a VPC ID`, `container "app": SubnetIDs[1]: "db-subnets" is not a subnet ID`}},
		{"webtier", webtier.WebTierArgs{VpcID: vpc, LoadBalancerSubnetIDs: subnets, InstanceSubnetIDs: subnets}.Validate("web"),
			[]string{`webtier "web": VpcID: "vpc-main" is not a VPC ID`, `LoadBalancerSubnetIDs[1]: "db-subnets" is not a subnet ID`, `InstanceSubnetIDs[1]: "db-subnets" is not a subnet ID`}},
		{"host", host.HostArgs{VpcID: vpc, SubnetID: pulumi.String("public-a")}.Validate("host"),
			[]string{`host "host": VpcID: "vpc-main" is not a VPC ID`, `host "host": SubnetID: "public-a" is not a subnet ID; allowed: a subnet ID such as "subnet-0123456789abcdef0"`}},
		{"function", function.FunctionArgs{Handler: "api", Vpc: &function.Vpc{SubnetIDs: subnets, SecurityGroupIDs: pulumi.StringArray{pulumi.String("api")}}}.Validate("api"),
			[]string{`function "api": Vpc.SubnetIDs[1]: "db-subnets" is not a subnet ID`, `function "api": Vpc.SecurityGroupIDs[0]: "api" is not a security group ID`}},
	} {
		for _, want := range c.want {
			assert.ErrorContains(t, c.err, want, c.name)
		}
	}
}
