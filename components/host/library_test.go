package host_test

import (
	"testing"

	"github.com/millionstack/millionstack/components/host"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Resources of the user's.
const (
	ownGroup   = "sg-0123456789abcdef0"
	ownProfile = "arn:aws:iam::123456789012:instance-profile/ops/web-host"
	ownKey     = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// hostOf records the host "web" and hands it back.
func hostOf(t *testing.T, args host.HostArgs) (*millionstacktest.Inventory, *host.Host) {
	t.Helper()
	var h *host.Host
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		var err error
		h, err = host.NewHost(ctx, "web", args)
		return err
	}, millionstacktest.Options{})
	return inv, h
}

// With resources of the user's, the host creates none of their kind and
// runs with the given ones; the outputs still resolve.
func TestExistingResourcesAreUsedNotCreated(t *testing.T) {
	args := minimalArgs()
	args.ExistingSecurityGroupID = pulumi.String(ownGroup)
	args.ExistingInstanceProfileARN = pulumi.String(ownProfile)
	args.ExistingKMSKeyARN = pulumi.String(ownKey)
	inv, h := hostOf(t, args)
	for _, typ := range []string{securityGroup, ingressRule, egressRule, instanceProfile} {
		assert.Empty(t, inv.ByType(typ), typ)
	}
	assert.Equal(t, []string{"web-dlm"}, millionstacktest.Names(inv.ByType(role)), "only the snapshot role, which is the component's")
	i := millionstacktest.Named(t, inv, instanceType, "web")
	assert.Equal(t, []interface{}{ownGroup}, millionstacktest.Input(t, i, "vpcSecurityGroupIds"))
	assert.Equal(t, "web-host", i.String("iamInstanceProfile"), "EC2 takes the profile by name")
	assert.Equal(t, ownKey, i.String("rootBlockDevice.kmsKeyId"))
	assert.Equal(t, ownKey, millionstacktest.Named(t, inv, volume, "web-data").String("kmsKeyId"))
	assert.Equal(t, ownGroup, millionstacktest.Resolve(t, h.SecurityGroupID))
	assert.Equal(t, "", millionstacktest.Resolve(t, h.RoleName))
	assert.Nil(t, h.SecurityGroup)
	assert.Nil(t, h.Role)
}

// Without a key of the user's, neither volume names one: the account's
// default EBS key encrypts them.
func TestNoKeyNoKeyInput(t *testing.T) {
	inv, _ := hostOf(t, minimalArgs())
	_, root := millionstacktest.Named(t, inv, instanceType, "web").Input("rootBlockDevice.kmsKeyId")
	_, data := millionstacktest.Named(t, inv, volume, "web-data").Input("kmsKeyId")
	assert.False(t, root)
	assert.False(t, data)
}

// The children are exposed, and AlarmTarget is the instance.
func TestChildrenAndAlarmTarget(t *testing.T) {
	_, h := hostOf(t, minimalArgs())
	require.NotNil(t, h.Instance)
	require.NotNil(t, h.SecurityGroup)
	require.NotNil(t, h.Role)
	require.NotNil(t, h.DataVolume)
	require.NotNil(t, h.ElasticIP)
	assert.Equal(t, millionstacktest.Resolve(t, h.InstanceID), millionstacktest.Resolve(t, h.Instance.ID().ToStringOutput()))
	assert.Equal(t, millionstacktest.Resolve(t, h.PublicIP), millionstacktest.Resolve(t, h.ElasticIP.PublicIp))
	assert.Equal(t, millionstacktest.Resolve(t, h.DataVolumeID), millionstacktest.Resolve(t, h.DataVolume.ID().ToStringOutput()))
	assert.Equal(t, millionstacktest.Resolve(t, h.InstanceID), millionstacktest.Resolve(t, h.AlarmTarget()))
}

func TestExistingResourcesValidation(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*host.HostArgs)
		want   string
	}{
		{"group", func(a *host.HostArgs) { a.ExistingSecurityGroupID = pulumi.String("default") },
			`host "web": ExistingSecurityGroupID: "default" is not a security group ID`},
		{"role as profile", func(a *host.HostArgs) {
			a.ExistingInstanceProfileARN = pulumi.String("arn:aws:iam::123456789012:role/web")
		}, `host "web": ExistingInstanceProfileARN: "arn:aws:iam::123456789012:role/web" is not the ARN of an instance profile`},
		{"key in another region", func(a *host.HostArgs) {
			a.ExistingKMSKeyARN = pulumi.String("arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
		}, `host "web": ExistingKMSKeyARN: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" is in eu-central-1; allowed: a KMS key (its key ARN, not an alias) in us-east-1`},
		// A volume reads its key back as the key ARN: an alias would replace
		// the instance and the data volume on the next update.
		{"alias", func(a *host.HostArgs) {
			a.ExistingKMSKeyARN = pulumi.String("arn:aws:kms:us-east-1:123456789012:alias/ebs")
		}, `host "web": ExistingKMSKeyARN: "arn:aws:kms:us-east-1:123456789012:alias/ebs" is not the ARN of a KMS key (its key ARN, not an alias)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := minimalArgs()
			c.change(&args)
			inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
				_, err := host.NewHost(ctx, "web", args)
				return err
			}, millionstacktest.Options{})
			millionstacktest.Rejected(t, inv, err, c.want)
		})
	}
}
