package inventory_test

import (
	"strings"
	"testing"

	"github.com/millionstack/millionstack/internal/inventory"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A resource or lookup that goes through an explicit provider for another
// region is answered in that region; one through the default provider in
// the stack's. Every invoke is recorded with the provider it went through.
func TestAnswersInTheRegionOfTheProvider(t *testing.T) {
	var west, east string
	inv, err := inventory.Record(func(ctx *pulumi.Context) error {
		p, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		r, err := aws.GetRegion(ctx, nil, pulumi.Provider(p))
		if err != nil {
			return err
		}
		west = r.Name
		if r, err = aws.GetRegion(ctx, nil); err != nil {
			return err
		}
		east = r.Name
		if _, err := sqs.NewQueue(ctx, "west", &sqs.QueueArgs{}, pulumi.Provider(p)); err != nil {
			return err
		}
		_, err = sqs.NewQueue(ctx, "east", &sqs.QueueArgs{})
		return err
	}, inventory.Options{Config: map[string]string{"aws:region": "us-east-1"}})
	require.NoError(t, err)

	assert.Equal(t, "us-west-2", west)
	assert.Equal(t, "us-east-1", east)
	provider, ok := inv.Named("pulumi:providers:aws", "west")
	require.True(t, ok)
	queue, _ := inv.Named("aws:sqs/queue:Queue", "west")
	assert.Equal(t, "arn:aws:sqs:us-west-2:123456789012:queue/west", queue.Outputs["arn"].StringValue())
	assert.Equal(t, "https://sqs.us-west-2.amazonaws.com/123456789012/west", queue.Outputs["url"].StringValue())
	queue, _ = inv.Named("aws:sqs/queue:Queue", "east")
	assert.Equal(t, "arn:aws:sqs:us-east-1:123456789012:queue/east", queue.Outputs["arn"].StringValue())

	require.Len(t, inv.Invokes, 2)
	assert.Equal(t, "aws:index/getRegion:getRegion", inv.Invokes[0].Token)
	assert.True(t, strings.HasPrefix(inv.Invokes[0].Provider, provider.URN+"::"), inv.Invokes[0].Provider)
	assert.Empty(t, inv.Invokes[1].Provider)
}
