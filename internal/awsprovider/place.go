package awsprovider

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Place is where a component's provider deploys: the partition, region and
// account its ARNs and policies name.
type Place struct {
	Partition string // "aws", "aws-cn", "aws-us-gov"
	Region    string // "us-east-1"
	AccountID string // "123456789012"
}

// Where asks the provider opts select (pulumi.Parent(component) passes the
// component's down) for its partition, region and account: three lookups,
// which register nothing.
func Where(ctx *pulumi.Context, opts ...pulumi.InvokeOption) (Place, error) {
	partition, err := aws.GetPartition(ctx, nil, opts...)
	if err != nil {
		return Place{}, err
	}
	region, err := aws.GetRegion(ctx, nil, opts...)
	if err != nil {
		return Place{}, err
	}
	caller, err := aws.GetCallerIdentity(ctx, nil, opts...)
	if err != nil {
		return Place{}, err
	}
	return Place{Partition: partition.Partition, Region: region.Name, AccountID: caller.AccountId}, nil
}

// Root is the account's root principal, which delegates to IAM: a key
// policy that trusts it lets the account's administrators manage the key.
func (p Place) Root() string {
	return fmt.Sprintf("arn:%s:iam::%s:root", p.Partition, p.AccountID)
}

// ARN is the ARN of resource (in the service's own form, such as
// "parameter/app/db" or "log-group:/aws/rds/*") of a regional service here.
func (p Place) ARN(service, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", p.Partition, service, p.Region, p.AccountID, resource)
}
