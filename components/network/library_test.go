package network_test

import (
	"testing"

	"github.com/millionstack/millionstack/components/network"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const ownKey = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

// A key of the user's encrypts the flow-log group; without one the group
// names none.
func TestExistingKeyEncryptsTheFlowLogs(t *testing.T) {
	inv, _, _ := record(t, network.NetworkArgs{ExistingKMSKeyARN: pulumi.String(ownKey)}, nil)
	assert.Equal(t, ownKey, millionstacktest.Named(t, inv, tLogGroup, "app-flow-logs").String("kmsKeyId"))
	inv, _, _ = record(t, network.NetworkArgs{}, nil)
	_, set := millionstacktest.Named(t, inv, tLogGroup, "app-flow-logs").Input("kmsKeyId")
	assert.False(t, set)
}

// A key in another region than the network's is refused, before
// anything is registered; the stage's check without a region lets it be.
func TestKeyInAnotherRegionIsRefused(t *testing.T) {
	args := network.NetworkArgs{ExistingKMSKeyARN: pulumi.String("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")}
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := network.NewNetwork(ctx, "app", args)
		return err
	}, millionstacktest.Options{})
	millionstacktest.Rejected(t, inv, err, `network "app": ExistingKMSKeyARN: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" is in eu-west-1; allowed: a KMS key (its key ARN, not an alias) in us-east-1`)
	assert.NoError(t, args.Validate("network"))
	bad := network.NetworkArgs{ExistingKMSKeyARN: pulumi.String("arn:aws:kms:eu-west-1:123456789012:grant/x")}
	assert.ErrorContains(t, bad.Validate("network"), "network \"network\": ExistingKMSKeyARN:")
	// CloudWatch Logs keeps a group's key as its key ARN: an alias is refused.
	alias := network.NetworkArgs{ExistingKMSKeyARN: pulumi.String("arn:aws:kms:eu-west-1:123456789012:alias/logs")}
	assert.ErrorContains(t, alias.Validate("network"), "is not the ARN of a KMS key (its key ARN, not an alias)")
}

// The VPC, every subnet by tier and AZ, and the flow-log group are exposed.
func TestChildrenAreExposed(t *testing.T) {
	_, n, out := record(t, network.NetworkArgs{AZCount: 3}, nil)
	require.NotNil(t, n.Vpc)
	require.NotNil(t, n.FlowLogGroup)
	assert.Equal(t, out.vpcID, millionstacktest.Resolve(t, n.Vpc.ID().ToStringOutput()))
	assert.Equal(t, out.flowLogGroup, millionstacktest.Resolve(t, n.FlowLogGroup.Name))
	for tier, ids := range map[network.Tier][]string{network.TierPublic: out.publicIDs, network.TierPrivate: out.privateIDs, network.TierDatabase: out.databaseIDs} {
		require.Len(t, n.Subnets[tier], 3, tier)
		for i, az := range n.AvailabilityZones {
			assert.Equal(t, ids[i], millionstacktest.Resolve(t, n.Subnets[tier][az].ID().ToStringOutput()), "%s %s", tier, az)
		}
	}
}
