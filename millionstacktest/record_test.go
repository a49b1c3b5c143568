package millionstacktest_test

import (
	"testing"

	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The mock engine answers each resource and each lookup in the region of
// the provider it goes through, as AWS would: a program with a provider for
// a second region gets that region's ARNs and availability zones.
func TestMocksAnswerInTheProvidersRegion(t *testing.T) {
	var westRegion, eastRegion string
	var westZones []string
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		west, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		if _, err := sqs.NewQueue(ctx, "east", nil); err != nil {
			return err
		}
		if _, err := sqs.NewQueue(ctx, "west", nil, pulumi.Provider(west)); err != nil {
			return err
		}
		r, err := aws.GetRegion(ctx, nil, pulumi.Provider(west))
		if err != nil {
			return err
		}
		westRegion = r.Name
		zones, err := aws.GetAvailabilityZones(ctx, nil, pulumi.Provider(west))
		if err != nil {
			return err
		}
		westZones = zones.Names
		r, err = aws.GetRegion(ctx, nil)
		if err != nil {
			return err
		}
		eastRegion = r.Name
		return nil
	}, millionstacktest.Options{Stack: "dev"})
	require.NoError(t, err)

	assert.Equal(t, "us-west-2", westRegion)
	assert.Equal(t, "us-east-1", eastRegion)
	assert.Equal(t, "us-west-2a", westZones[0])
	east, _ := inv.Named("aws:sqs/queue:Queue", "east")
	west, _ := inv.Named("aws:sqs/queue:Queue", "west")
	assert.Contains(t, east.Outputs["arn"].StringValue(), ":us-east-1:")
	assert.Contains(t, west.Outputs["arn"].StringValue(), ":us-west-2:")
	assert.Contains(t, west.Outputs["url"].StringValue(), "sqs.us-west-2.")
	assert.Equal(t, "us-west-2", inv.RegionOf(west))
}
