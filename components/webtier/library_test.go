package webtier_test

import (
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/webtier"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Resources of the user's, given by ID, name and ARN.
const (
	ownLBGroup       = "sg-0aaaaaaaaaaaaaaaa"
	ownInstanceGroup = "sg-0bbbbbbbbbbbbbbbb"
	ownLogBucket     = "org-alb-logs"
	ownProfile       = "arn:aws:iam::123456789012:instance-profile/web"
	ownKey           = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	ownCertificate   = "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab"
	westCertificate  = "arn:aws:acm:us-west-2:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// ownEverything gives a public tier every resource of the user's it takes.
func ownEverything() webtier.WebTierArgs {
	args := publicArgs()
	args.CertificateARN = pulumi.String(ownCertificate)
	args.ExistingLoadBalancerSecurityGroupID = pulumi.String(ownLBGroup)
	args.ExistingInstanceSecurityGroupID = pulumi.String(ownInstanceGroup)
	args.ExistingLogBucketName = pulumi.String(ownLogBucket)
	args.ExistingInstanceProfileARN = pulumi.String(ownProfile)
	args.ExistingKMSKeyARN = pulumi.String(ownKey)
	return args
}

// tierOf records a tier "web" and hands it back with the inventory.
func tierOf(t *testing.T, args webtier.WebTierArgs, after func(*webtier.WebTier) error) (*millionstacktest.Inventory, *webtier.WebTier, error) {
	t.Helper()
	var tier *webtier.WebTier
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		var err error
		if tier, err = webtier.NewWebTier(ctx, "web", args); err != nil {
			return err
		}
		if after != nil {
			return after(tier)
		}
		return nil
	}, millionstacktest.Options{})
	return inv, tier, err
}

// With resources of the user's, the tier creates none of their kind and
// uses the given ones; every output still resolves.
func TestExistingResourcesAreUsedNotCreated(t *testing.T) {
	inv, tier, err := tierOf(t, ownEverything(), nil)
	require.NoError(t, err)
	for _, typ := range []string{securityGroupType, ingressType, egressType, roleType, attachmentType, profileType, bucketPolicyType, "aws:s3/bucketV2:BucketV2"} {
		assert.Empty(t, inv.ByType(typ), typ)
	}
	alb := millionstacktest.Named(t, inv, loadBalancerType, "web")
	assert.Equal(t, []interface{}{ownLBGroup}, millionstacktest.Input(t, alb, "securityGroups"))
	assert.Equal(t, ownLogBucket, alb.String("accessLogs.bucket"))
	assert.Equal(t, "web", alb.String("accessLogs.prefix"), "the tier's logs under a prefix of its own in a shared bucket")
	template := millionstacktest.Named(t, inv, launchTemplate, "web")
	assert.Equal(t, ownProfile, template.String("iamInstanceProfile.arn"))
	assert.Equal(t, ownKey, template.String("blockDeviceMappings[0].ebs.kmsKeyId"))
	assert.Equal(t, "true", template.String("blockDeviceMappings[0].ebs.encrypted"))
	assert.Equal(t, []interface{}{ownInstanceGroup}, millionstacktest.Input(t, template, "networkInterfaces[0].securityGroups"))
	assert.Equal(t, ownCertificate, millionstacktest.Named(t, inv, listenerType, "web-https").String("certificateArn"))

	assert.Equal(t, ownLBGroup, millionstacktest.Resolve(t, tier.LoadBalancerSecurityGroupID))
	assert.Equal(t, ownInstanceGroup, millionstacktest.Resolve(t, tier.InstanceSecurityGroupID))
	assert.Equal(t, ownLogBucket, millionstacktest.Resolve(t, tier.LogBucketName))
	assert.Equal(t, "", millionstacktest.Resolve(t, tier.InstanceRoleName), "the role is in the profile of the user's")
	assert.Nil(t, tier.LoadBalancerSecurityGroup)
	assert.Nil(t, tier.InstanceSecurityGroup)
	assert.Nil(t, tier.LogBucket)
	assert.Nil(t, tier.InstanceRole)
	assert.NotNil(t, tier.AutoScalingGroup)
}

// The bucket of the user's gets no policy from the tier: LogBucketPolicy
// says what to add, for the tier's prefix.
func TestLogBucketPolicyForABucketOfTheUsers(t *testing.T) {
	_, tier, err := tierOf(t, ownEverything(), nil)
	require.NoError(t, err)
	document := millionstacktest.Resolve(t, tier.LogBucketPolicy())
	assert.Contains(t, document, `"Resource":"arn:aws:s3:::org-alb-logs/web/AWSLogs/123456789012/*"`)
	assert.Contains(t, document, `"Service":"logdelivery.elasticloadbalancing.amazonaws.com"`)
	assert.Contains(t, document, `"aws:SecureTransport":"false"`)
}

// With one group of the user's, the rules of the other hop name it.
func TestOneGroupOfTheUsers(t *testing.T) {
	args := publicArgs()
	args.ExistingInstanceSecurityGroupID = pulumi.String(ownInstanceGroup)
	inv, _, err := tierOf(t, args, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"web-lb"}, millionstacktest.Names(inv.ByType(securityGroupType)))
	assert.Equal(t, ownInstanceGroup, millionstacktest.Named(t, inv, egressType, "web-lb-to-instances").String("referencedSecurityGroupId"))
	_, made := inv.Named(ingressType, "web-instances-from-lb")
	assert.False(t, made, "the user's group is theirs to open")

	args = publicArgs()
	args.ExistingLoadBalancerSecurityGroupID = pulumi.String(ownLBGroup)
	inv, _, err = tierOf(t, args, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"web-instances"}, millionstacktest.Names(inv.ByType(securityGroupType)))
	assert.Equal(t, ownLBGroup, millionstacktest.Named(t, inv, ingressType, "web-instances-from-lb").String("referencedSecurityGroupId"))
}

// The main children are exposed.
func TestChildrenAreExposed(t *testing.T) {
	_, tier, err := tierOf(t, publicArgs(), nil)
	require.NoError(t, err)
	for name, child := range map[string]interface{}{
		"LoadBalancer": tier.LoadBalancer, "TargetGroup": tier.TargetGroup, "LoadBalancerSecurityGroup": tier.LoadBalancerSecurityGroup,
		"InstanceSecurityGroup": tier.InstanceSecurityGroup, "LogBucket": tier.LogBucket, "AutoScalingGroup": tier.AutoScalingGroup,
		"LaunchTemplate": tier.LaunchTemplate, "InstanceRole": tier.InstanceRole,
	} {
		assert.NotNil(t, child, name)
	}
	assert.Equal(t, millionstacktest.Resolve(t, tier.DNSName), millionstacktest.Resolve(t, tier.LoadBalancer.DnsName))
	assert.Equal(t, millionstacktest.Resolve(t, tier.InstanceRoleName), millionstacktest.Resolve(t, tier.InstanceRole.Name))
	assert.Equal(t, millionstacktest.Resolve(t, tier.AutoScalingGroupName), millionstacktest.Resolve(t, tier.AutoScalingGroup.Name))
}

// AlarmTarget carries the group behind an instance tier and none behind a
// container tier; ServiceTarget and Alias are the tier's own values.
func TestWhatOtherComponentsTake(t *testing.T) {
	_, tier, err := tierOf(t, publicArgs(), nil)
	require.NoError(t, err)
	target := tier.AlarmTarget()
	assert.Equal(t, millionstacktest.Resolve(t, tier.LoadBalancerARNSuffix), millionstacktest.Resolve(t, target.ARNSuffix.ToStringOutput()))
	assert.Equal(t, millionstacktest.Resolve(t, tier.TargetGroupARNSuffix), millionstacktest.Resolve(t, target.TargetGroupARNSuffix.ToStringOutput()))
	require.NotNil(t, target.AutoScalingGroupName)
	assert.Equal(t, "web", millionstacktest.Resolve(t, target.AutoScalingGroupName.ToStringOutput()))
	alias := tier.Alias()
	assert.True(t, alias.EvaluateTargetHealth)
	assert.Equal(t, millionstacktest.Resolve(t, tier.ZoneID), millionstacktest.Resolve(t, alias.ZoneID.ToStringOutput()))

	_, ip, err := tierOf(t, ipArgs(), nil)
	require.NoError(t, err)
	assert.Nil(t, ip.AlarmTarget().AutoScalingGroupName, "container targets have no group")
	service := ip.ServiceTarget()
	assert.Equal(t, millionstacktest.Resolve(t, ip.TargetGroupARN), millionstacktest.Resolve(t, service.TargetGroupARN.ToStringOutput()))
	assert.Equal(t, ip.Listeners, service.Listeners)
}

// AllowFrom admits another group to the targets on the instance port.
func TestAllowFrom(t *testing.T) {
	inv, _, err := tierOf(t, publicArgs(), func(tier *webtier.WebTier) error {
		return tier.AllowFrom("metrics", pulumi.String("sg-0fedcba9876543210"))
	})
	require.NoError(t, err)
	rule := millionstacktest.Named(t, inv, ingressType, "web-from-metrics")
	millionstacktest.ParentedTo(t, millionstacktest.Only(t, inv, componentType), rule)
	assert.Equal(t, "web-instances-id", rule.String("securityGroupId"))
	assert.Equal(t, "sg-0fedcba9876543210", rule.String("referencedSecurityGroupId"))
	assert.Equal(t, 80.0, millionstacktest.Input(t, rule, "fromPort"))

	_, _, err = tierOf(t, ownEverything(), func(tier *webtier.WebTier) error {
		return tier.AllowFrom("metrics", pulumi.String("sg-0fedcba9876543210"))
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `webtier "web": AllowFrom: "metrics": the targets' security group is ExistingInstanceSecurityGroupID, a group of your own`)
}

// Bad resources of the user's, and settings that would configure them,
// are refused before anything is registered.
func TestExistingResourcesValidation(t *testing.T) {
	off := false
	for _, c := range []struct {
		name   string
		change func(*webtier.WebTierArgs)
		want   []string
	}{
		{"certificate in another region", func(a *webtier.WebTierArgs) { a.CertificateARN = pulumi.String(westCertificate) },
			[]string{`webtier "web": CertificateARN: "` + westCertificate + `" is in us-west-2; allowed: an ACM certificate in us-east-1`}},
		{"key as certificate", func(a *webtier.WebTierArgs) { a.CertificateARN = pulumi.String(ownKey) },
			[]string{`webtier "web": CertificateARN: "` + ownKey + `" is not the ARN of an ACM certificate`}},
		{"group shapes", func(a *webtier.WebTierArgs) {
			a.ExistingLoadBalancerSecurityGroupID = pulumi.String("web-lb")
			a.ExistingInstanceSecurityGroupID = pulumi.String("sg-123")
		}, []string{
			`webtier "web": ExistingLoadBalancerSecurityGroupID: "web-lb" is not a security group ID`,
			`webtier "web": ExistingInstanceSecurityGroupID: "sg-123" is not a security group ID`,
		}},
		{"group and allowed groups", func(a *webtier.WebTierArgs) {
			a.Internal = true
			a.AllowedSecurityGroups = map[string]pulumi.StringInput{"web": pulumi.String("sg-0123456789abcdef0")}
			a.ExistingLoadBalancerSecurityGroupID = pulumi.String(ownLBGroup)
		}, []string{"webtier \"web\": ExistingLoadBalancerSecurityGroupID and AllowedSecurityGroups: a security group of your own is yours to open; allowed: one of them"}},
		{"log bucket and the component's bucket settings", func(a *webtier.WebTierArgs) {
			a.ExistingLogBucketName = pulumi.String(ownLogBucket)
			a.AccessLogRetentionDays = 30
			a.S3AccessLogBucket = pulumi.String("stack-access-logs")
		}, []string{"webtier \"web\": ExistingLogBucketName and AccessLogRetentionDays:", "webtier \"web\": ExistingLogBucketName and S3AccessLogBucket:"}},
		{"log bucket with logs off", func(a *webtier.WebTierArgs) {
			a.ExistingLogBucketName = pulumi.String(ownLogBucket)
			a.AccessLogs = &off
		}, []string{"webtier \"web\": ExistingLogBucketName and AccessLogs:"}},
		{"log bucket name", func(a *webtier.WebTierArgs) { a.ExistingLogBucketName = pulumi.String("Org_Logs") },
			[]string{`webtier "web": ExistingLogBucketName: "Org_Logs" breaks S3 naming rules`}},
		{"role as profile", func(a *webtier.WebTierArgs) {
			a.ExistingInstanceProfileARN = pulumi.String("arn:aws:iam::123456789012:role/web")
		}, []string{`webtier "web": ExistingInstanceProfileARN: "arn:aws:iam::123456789012:role/web" is not the ARN of an instance profile`}},
		{"profile and policies", func(a *webtier.WebTierArgs) {
			a.ExistingInstanceProfileARN = pulumi.String(ownProfile)
			a.InstancePolicyARNs = map[string]pulumi.StringInput{"read": pulumi.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}
		}, []string{"webtier \"web\": ExistingInstanceProfileARN and InstancePolicyARNs:"}},
		{"key in another region", func(a *webtier.WebTierArgs) {
			a.ExistingKMSKeyARN = pulumi.String(strings.Replace(ownKey, "us-east-1", "eu-west-1", 1))
		}, []string{`webtier "web": ExistingKMSKeyARN: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" is in eu-west-1; allowed: a KMS key in us-east-1`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := publicArgs()
			c.change(&args)
			inv, _, err := record(t, args)
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
			millionstacktest.NothingRegistered(t, inv)
		})
	}
}

// Container targets take no instance settings of the user's either.
func TestIPTargetsRefuseInstanceResourcesOfTheUsers(t *testing.T) {
	args := ipArgs()
	args.ExistingInstanceProfileARN = pulumi.String(ownProfile)
	args.ExistingKMSKeyARN = pulumi.String(ownKey)
	inv, _, err := record(t, args)
	millionstacktest.Rejected(t, inv, err,
		`webtier "web": ExistingInstanceProfileARN: is set with Targets "ip"`,
		`webtier "web": ExistingKMSKeyARN: is set with Targets "ip"`)
}

// A tier given a provider for another region holds its certificate
// against that region.
func TestCertificateRegionIsTheProvidersRegion(t *testing.T) {
	args := publicArgs()
	args.CertificateARN = pulumi.String(westCertificate)
	_, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		west, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		_, err = webtier.NewWebTier(ctx, "web", args, pulumi.Provider(west))
		return err
	}, millionstacktest.Options{})
	assert.NoError(t, err)
}
