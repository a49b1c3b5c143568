package host_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/host"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Type tokens of the children the tests look at.
const (
	hostType         = "millionstack:host:Host"
	instanceType     = "aws:ec2/instance:Instance"
	securityGroup    = "aws:ec2/securityGroup:SecurityGroup"
	ingressRule      = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	egressRule       = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	role             = "aws:iam/role:Role"
	policyAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	instanceProfile  = "aws:iam/instanceProfile:InstanceProfile"
	volume           = "aws:ebs/volume:Volume"
	volumeAttachment = "aws:ec2/volumeAttachment:VolumeAttachment"
	eip              = "aws:ec2/eip:Eip"
	eipAssociation   = "aws:ec2/eipAssociation:EipAssociation"
	lifecyclePolicy  = "aws:dlm/lifecyclePolicy:LifecyclePolicy"
)

// minimalArgs sets only the required fields.
func minimalArgs() host.HostArgs {
	return host.HostArgs{
		VpcID:            pulumi.String("vpc-0000c123"),
		SubnetID:         pulumi.String("subnet-00000123"),
		AvailabilityZone: "us-east-1a",
	}
}

// record runs NewHost("web", args) under the recording mocks.
func record(t *testing.T, args host.HostArgs) *millionstacktest.Inventory {
	t.Helper()
	return millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		_, err := host.NewHost(ctx, "web", args)
		return err
	}, millionstacktest.Options{})
}

func TestInstanceDefaultsAreSecure(t *testing.T) {
	inv := record(t, minimalArgs())
	i := millionstacktest.Named(t, inv, instanceType, "web")

	assert.Equal(t, "required", i.String("metadataOptions.httpTokens"), "IMDSv2 only")
	assert.Equal(t, float64(1), millionstacktest.Input(t, i, "metadataOptions.httpPutResponseHopLimit"))
	assert.Equal(t, "enabled", i.String("metadataOptions.httpEndpoint"))
	assert.Equal(t, true, millionstacktest.Input(t, i, "rootBlockDevice.encrypted"))
	assert.Equal(t, "gp3", i.String("rootBlockDevice.volumeType"))
	assert.Equal(t, float64(20), millionstacktest.Input(t, i, "rootBlockDevice.volumeSize"))
	assert.Equal(t, true, millionstacktest.Input(t, i, "monitoring"))
	assert.Equal(t, true, millionstacktest.Input(t, i, "ebsOptimized"))
	assert.Equal(t, false, millionstacktest.Input(t, i, "associatePublicIpAddress"))
	assert.Equal(t, "t3.micro", i.String("instanceType"))
	assert.Equal(t, "subnet-00000123", i.String("subnetId"))
	assert.Equal(t, "us-east-1a", i.String("availabilityZone"))
	assert.Equal(t, []interface{}{"web-id"}, millionstacktest.Input(t, i, "vpcSecurityGroupIds"))
	assert.Equal(t, "web", i.String("iamInstanceProfile"))
	_, hasUserData := i.Input("userData")
	assert.False(t, hasUserData, "no user data unless asked for")
}

func TestDefaultAMIIsLookedUpAndThenIgnored(t *testing.T) {
	i := millionstacktest.Named(t, record(t, minimalArgs()), instanceType, "web")
	assert.Equal(t, "ami-0mock0al2023", i.String("ami"))
	assert.Equal(t, []string{"ami"}, i.IgnoreChanges, "a newer AMI must never replace a running host")
}

func TestPinnedAMIPassesThroughAndIsTracked(t *testing.T) {
	args := minimalArgs()
	args.AMI = "ami-0123456789abcdef0"
	i := millionstacktest.Named(t, record(t, args), instanceType, "web")
	assert.Equal(t, "ami-0123456789abcdef0", i.String("ami"))
	assert.Empty(t, i.IgnoreChanges, "a pinned AMI is rolled out on purpose")
}

func TestOnlyHTTPAndHTTPSAreOpen(t *testing.T) {
	inv := record(t, minimalArgs())

	sg := millionstacktest.Named(t, inv, securityGroup, "web")
	assert.Equal(t, "vpc-0000c123", sg.String("vpcId"))
	for _, inline := range []string{"ingress", "egress"} {
		_, ok := sg.Input(inline)
		assert.False(t, ok, "security group must not carry inline %s rules", inline)
	}

	ports := map[string]float64{}
	for _, rule := range inv.ByType(ingressRule) {
		from := millionstacktest.Input(t, rule, "fromPort").(float64)
		to := millionstacktest.Input(t, rule, "toPort").(float64)
		assert.Equal(t, from, to, "%s opens a port range", rule.Name)
		assert.False(t, from <= 22 && 22 <= to, "%s opens SSH", rule.Name)
		assert.Equal(t, "tcp", rule.String("ipProtocol"))
		assert.Equal(t, "0.0.0.0/0", rule.String("cidrIpv4"))
		assert.Equal(t, "web-id", rule.String("securityGroupId"))
		ports[rule.Name] = from
	}
	assert.Equal(t, map[string]float64{"web-http": 80, "web-https": 443}, ports)

	egress := millionstacktest.Named(t, inv, egressRule, "web-egress")
	assert.Equal(t, "-1", egress.String("ipProtocol"))
	assert.Equal(t, "0.0.0.0/0", egress.String("cidrIpv4"))
}

func TestInstanceRoleIsManagedBySSM(t *testing.T) {
	inv := record(t, minimalArgs())

	r := millionstacktest.Named(t, inv, role, "web")
	trust := millionstacktest.Document(t, r, "assumeRolePolicy")
	assert.Equal(t, map[string]interface{}{"Service": "ec2.amazonaws.com"}, trust["Statement"].([]interface{})[0].(map[string]interface{})["Principal"])

	ssm := millionstacktest.Named(t, inv, policyAttachment, "web-ssm")
	assert.Equal(t, "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", ssm.String("policyArn"))
	assert.Equal(t, "web", ssm.String("role"))

	profile := millionstacktest.Named(t, inv, instanceProfile, "web")
	assert.Equal(t, "web", profile.String("role"))
	assert.Contains(t, profile.Dependencies, ssm.URN, "the agent needs its permissions at first boot")
}

func TestDataVolumeIsEncryptedRetainedAndInTheHostsZone(t *testing.T) {
	args := minimalArgs()
	args.AvailabilityZone = "eu-west-1b"
	inv := record(t, args)

	v := millionstacktest.Named(t, inv, volume, "web-data")
	assert.True(t, v.RetainOnDelete, "removing the host must never delete its data")
	assert.Equal(t, true, millionstacktest.Input(t, v, "encrypted"))
	assert.Equal(t, "gp3", v.String("type"))
	assert.Equal(t, float64(20), millionstacktest.Input(t, v, "size"))
	assert.Equal(t, "eu-west-1b", v.String("availabilityZone"))

	a := millionstacktest.Named(t, inv, volumeAttachment, "web-data")
	assert.Equal(t, "web-data-"+a.String("instanceId"), v.String("tags.Snapshot"), "the snapshot target names the host's instance")
	assert.Equal(t, "/dev/sdf", a.String("deviceName"))
	assert.Equal(t, "web-id", a.String("instanceId"))
	assert.Equal(t, "web-data-id", a.String("volumeId"))
	assert.Equal(t, true, millionstacktest.Input(t, a, "stopInstanceBeforeDetaching"))
	assert.True(t, a.DeleteBeforeReplace, "a new instance gets the volume only once the old one let it go (VolumeInUse)")
}

// BackupTags go on the data volume and nowhere else: the instance, its root
// volume and the rest are not data stores, and a backup plan selecting by
// the tag must not back them up. The volume keeps its own Name and snapshot
// target whatever BackupTags hold.
func TestBackupTagsAreOnTheDataVolumeOnly(t *testing.T) {
	args := minimalArgs()
	args.Tags = map[string]string{"team": "web"}
	args.BackupTags = map[string]pulumi.StringInput{"millionstack:backup": pulumi.String("backup-vault")}
	inv := record(t, args)

	v := millionstacktest.Named(t, inv, volume, "web-data")
	assert.Equal(t, "backup-vault", v.String("tags.millionstack:backup"))
	assert.Equal(t, "web", v.String("tags.team"))
	assert.Equal(t, "web-data", v.String("tags.Name"))
	assert.NotEmpty(t, v.String("tags.Snapshot"))
	for _, r := range inv.Cloud() {
		if r.URN == v.URN {
			continue
		}
		assert.NotContains(t, fmt.Sprint(r.Plain()), "backup-vault", "%s %s carries the backup tag", r.Type, r.Name)
	}
}

func TestDataVolumeIsSnapshottedDaily(t *testing.T) {
	inv := record(t, minimalArgs())

	p := millionstacktest.Named(t, inv, lifecyclePolicy, "web-data-snapshots")
	assert.Equal(t, "ENABLED", p.String("state"))
	assert.Equal(t, "arn:aws:iam:us-east-1:123456789012:role/web-dlm", p.String("executionRoleArn"))
	assert.Equal(t, []interface{}{"VOLUME"}, millionstacktest.Input(t, p, "policyDetails.resourceTypes"))
	target := millionstacktest.Named(t, inv, volume, "web-data").String("tags.Snapshot")
	assert.NotEmpty(t, target)
	assert.Equal(t, map[string]interface{}{"Snapshot": target}, millionstacktest.Input(t, p, "policyDetails.targetTags"), "the policy selects the data volume by its own tag")
	assert.Equal(t, float64(24), millionstacktest.Input(t, p, "policyDetails.schedules[0].createRule.interval"))
	assert.Equal(t, "HOURS", p.String("policyDetails.schedules[0].createRule.intervalUnit"))
	assert.Equal(t, "03:00", p.String("policyDetails.schedules[0].createRule.times"))
	assert.Equal(t, float64(7), millionstacktest.Input(t, p, "policyDetails.schedules[0].retainRule.count"))
	assert.Equal(t, true, millionstacktest.Input(t, p, "policyDetails.schedules[0].copyTags"))

	dlmRole := millionstacktest.Named(t, inv, role, "web-dlm")
	trust := millionstacktest.Document(t, dlmRole, "assumeRolePolicy")
	assert.Equal(t, map[string]interface{}{"Service": "dlm.amazonaws.com"}, trust["Statement"].([]interface{})[0].(map[string]interface{})["Principal"])
	permissions := millionstacktest.Named(t, inv, policyAttachment, "web-dlm")
	assert.Equal(t, "arn:aws:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole", permissions.String("policyArn"))
	assert.Contains(t, p.Dependencies, permissions.URN, "DLM must hold its permissions before the policy runs")
}

// snapshotTargets records hosts named names in the stack lifetime seed stands
// for and returns, per host, its data volume's snapshot tag, after checking
// that its policy selects exactly that tag and that the tag is the host
// instance's ID, taken once the instance exists.
func snapshotTargets(t *testing.T, seed string, names ...string) []string {
	t.Helper()
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		for _, name := range names {
			if _, err := host.NewHost(ctx, name, minimalArgs()); err != nil {
				return err
			}
		}
		return nil
	}, millionstacktest.Options{RandomSeed: seed})
	var targets []string
	for _, name := range names {
		v := millionstacktest.Named(t, inv, volume, name+"-data")
		target := v.String("tags.Snapshot")
		instanceID := millionstacktest.Named(t, inv, volumeAttachment, name+"-data").String("instanceId")
		assert.Equal(t, name+"-data-"+instanceID, target)
		assert.Contains(t, v.Dependencies, millionstacktest.Named(t, inv, instanceType, name).URN)
		policy := millionstacktest.Named(t, inv, lifecyclePolicy, name+"-data-snapshots")
		assert.Equal(t, map[string]interface{}{"Snapshot": target}, millionstacktest.Input(t, policy, "policyDetails.targetTags"))
		targets = append(targets, target)
	}
	return targets
}

// Each data volume has a snapshot target of its own: with the fixed
// "<name>-data", every stack's policy in an account selected every stack's
// volume (or DLM refused the second policy: no two may share target tags),
// and a retained volume stayed selected by the policy of the host created
// after it. The target is the instance's ID, which EC2 never reuses: hosts
// of two stacks, or two lifetimes of one (another seed stands for the host
// created again; the mocks then answer other IDs), never share it.
func TestEachDataVolumeHasASnapshotTargetOfItsOwn(t *testing.T) {
	first := snapshotTargets(t, "", "web", "api")
	assert.NotEqual(t, first[0], first[1], "two hosts in one account")
	again := snapshotTargets(t, "created again", "web")
	assert.NotEqual(t, first[0], again[0], "the host created again, next to its retained volume")
	assert.Equal(t, first[:1], snapshotTargets(t, "", "web"), "stable from run to run")
}

func TestElasticIPIsAssociatedAndExported(t *testing.T) {
	var publicIP, privateIP, dataVolumeID string
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		h, err := host.NewHost(ctx, "web", minimalArgs())
		if err != nil {
			return err
		}
		h.PublicIP.ApplyT(func(v string) string { publicIP = v; return v })
		h.PrivateIP.ApplyT(func(v string) string { privateIP = v; return v })
		h.DataVolumeID.ApplyT(func(v string) string { dataVolumeID = v; return v })
		return nil
	}, millionstacktest.Options{})

	assert.Equal(t, "vpc", millionstacktest.Named(t, inv, eip, "web").String("domain"))
	assoc := millionstacktest.Named(t, inv, eipAssociation, "web")
	assert.Equal(t, "eipalloc-web", assoc.String("allocationId"))
	assert.Equal(t, "web-id", assoc.String("instanceId"))
	assert.Equal(t, "203.0.113.10", publicIP)
	assert.Equal(t, "10.0.128.10", privateIP)
	assert.Equal(t, "web-data-id", dataVolumeID)
}

func TestOverrides(t *testing.T) {
	args := minimalArgs()
	args.InstanceType = "m7i.large"
	args.RootVolumeGiB = 30
	args.DataVolumeGiB = 100
	args.SnapshotRetentionCount = 14
	args.UserData = "#!/bin/sh\necho hello\n"
	args.Tags = map[string]string{"team": "web", "Name": "ignored"}
	inv := record(t, args)

	i := millionstacktest.Named(t, inv, instanceType, "web")
	assert.Equal(t, "m7i.large", i.String("instanceType"))
	assert.Equal(t, float64(30), millionstacktest.Input(t, i, "rootBlockDevice.volumeSize"))
	assert.Equal(t, args.UserData, i.String("userData"))
	assert.Equal(t, float64(100), millionstacktest.Input(t, millionstacktest.Named(t, inv, volume, "web-data"), "size"))
	assert.Equal(t, float64(14), millionstacktest.Input(t, millionstacktest.Named(t, inv, lifecyclePolicy, "web-data-snapshots"), "policyDetails.schedules[0].retainRule.count"))

	// Every taggable child carries the user's tags and its own Name.
	tagged := 0
	for _, r := range inv.Cloud() {
		tags, ok := r.Input("tags")
		if !ok {
			continue
		}
		tagged++
		assert.Equal(t, "web", tags.(map[string]interface{})["team"], r.Name)
		assert.Equal(t, r.Name, tags.(map[string]interface{})["Name"], r.Name)
	}
	assert.Equal(t, 11, tagged, "security group, 3 rules, 2 roles, profile, instance, volume, EIP, DLM policy")
	assert.Equal(t, "web", i.String("rootBlockDevice.tags.team"))
	assert.Equal(t, "web-root", i.String("rootBlockDevice.tags.Name"))
}

func TestChildrenAreParentedAndNamedByRole(t *testing.T) {
	inv := record(t, minimalArgs())
	millionstacktest.ParentedTo(t, millionstacktest.Only(t, inv, hostType), inv.Cloud()...)
	assert.ElementsMatch(t, []string{
		securityGroup + " web",
		ingressRule + " web-http",
		ingressRule + " web-https",
		egressRule + " web-egress",
		role + " web",
		policyAttachment + " web-ssm",
		instanceProfile + " web",
		instanceType + " web",
		eip + " web",
		eipAssociation + " web",
		volume + " web-data",
		volumeAttachment + " web-data",
		role + " web-dlm",
		policyAttachment + " web-dlm",
		lifecyclePolicy + " web-data-snapshots",
	}, millionstacktest.Labels(inv.Cloud()))
}

// Resizing the host changes the instance type of the same instance and
// nothing else: no name, parent or other input moves.
func TestChangingInstanceTypeOnlyUpdatesTheInstance(t *testing.T) {
	small := record(t, minimalArgs())
	args := minimalArgs()
	args.InstanceType = "m7i.xlarge"
	large := record(t, args)

	require.Len(t, large.Resources, len(small.Resources))
	afterByURN := large.ByURN()
	for _, before := range small.Resources {
		after, ok := afterByURN[before.URN]
		require.True(t, ok, "%s %s was renamed or removed", before.Type, before.Name)
		require.Equal(t, before.Parent, after.Parent)
		if before.Type != instanceType {
			assert.True(t, before.Inputs.DeepEquals(after.Inputs), "%s %s changed", before.Type, before.Name)
			continue
		}
		b, a := before.Inputs.Copy(), after.Inputs.Copy()
		assert.Equal(t, "m7i.xlarge", after.String("instanceType"))
		delete(b, "instanceType")
		delete(a, "instanceType")
		assert.True(t, b.DeepEquals(a), "only instanceType may change on the instance")
	}
}

func TestValidation(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*host.HostArgs)
		want   string
	}{
		{"missing VPC", func(a *host.HostArgs) { a.VpcID = nil }, "host \"web\": VpcID: is required"},
		{"missing subnet", func(a *host.HostArgs) { a.SubnetID = nil }, "host \"web\": SubnetID: is required"},
		{"missing zone", func(a *host.HostArgs) { a.AvailabilityZone = "" }, `host "web": AvailabilityZone: "" is not an Availability Zone`},
		{"region instead of zone", func(a *host.HostArgs) { a.AvailabilityZone = "us-east-1" }, `host "web": AvailabilityZone: "us-east-1" is not an Availability Zone`},
		{"bad instance type", func(a *host.HostArgs) { a.InstanceType = "micro" }, `host "web": InstanceType: "micro" is not a valid instance class`},
		{"Graviton with default AMI", func(a *host.HostArgs) { a.InstanceType = "t4g.micro" }, `host "web": InstanceType: "t4g.micro" is an Arm (Graviton) type`},
		{"bad AMI", func(a *host.HostArgs) { a.AMI = "ami-xyz" }, `host "web": AMI: "ami-xyz" is not an AMI ID`},
		{"root volume too small", func(a *host.HostArgs) { a.RootVolumeGiB = 4 }, "host \"web\": RootVolumeGiB: 4 is out of range; allowed: 8 to 16384"},
		{"data volume too big", func(a *host.HostArgs) { a.DataVolumeGiB = 20000 }, "host \"web\": DataVolumeGiB: 20000 is out of range; allowed: 1 to 16384"},
		{"negative retention", func(a *host.HostArgs) { a.SnapshotRetentionCount = -1 }, "host \"web\": SnapshotRetentionCount: -1 is out of range; allowed: 1 to 1000"},
		{"user data too long", func(a *host.HostArgs) { a.UserData = strings.Repeat("x", 16385) }, "host \"web\": UserData: is 16385 bytes; allowed: at most 16384 bytes"},
		{"reserved tag", func(a *host.HostArgs) { a.Tags = map[string]string{"aws:owner": "x"} }, `host "web": Tags: key "aws:owner" uses the reserved prefix`},
		{"empty tag key", func(a *host.HostArgs) { a.Tags = map[string]string{"": "x"} }, `host "web": Tags: key "" has 0 characters; allowed: keys of 1 to 128 characters`},
		{"long tag value", func(a *host.HostArgs) { a.Tags = map[string]string{"k": strings.Repeat("v", 257)} }, `host "web": Tags: value of "k" has 257 characters; allowed: values of at most 256 characters`},
		{"reserved backup tag", func(a *host.HostArgs) { a.BackupTags = map[string]pulumi.StringInput{"aws:backup": pulumi.String("x")} }, `host "web": BackupTags: key "aws:backup" uses the reserved prefix`},
		{"backup tag without value", func(a *host.HostArgs) { a.BackupTags = map[string]pulumi.StringInput{"backup": nil} }, `host "web": BackupTags: value of "backup" is not set`},
		{"backup tag renames", func(a *host.HostArgs) { a.BackupTags = map[string]pulumi.StringInput{"Snapshot": pulumi.String("x")} }, `host "web": BackupTags: key "Snapshot" is set by the component`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := minimalArgs()
			tt.modify(&args)
			inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
				_, err := host.NewHost(ctx, "web", args)
				return err
			}, millionstacktest.Options{})
			millionstacktest.Rejected(t, inv, err, tt.want)
		})
	}
}

func TestGravitonWithPinnedAMIIsAllowed(t *testing.T) {
	args := minimalArgs()
	args.InstanceType = "t4g.micro"
	args.AMI = "ami-0123456789abcdef0"
	assert.Equal(t, "t4g.micro", millionstacktest.Named(t, record(t, args), instanceType, "web").String("instanceType"))
}

func TestValidationReportsEveryProblemAtOnce(t *testing.T) {
	_, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		_, err := host.NewHost(ctx, "web", host.HostArgs{RootVolumeGiB: 1})
		return err
	}, millionstacktest.Options{})
	require.Error(t, err)
	for _, field := range []string{"VpcID", "SubnetID", "AvailabilityZone", "RootVolumeGiB"} {
		assert.Contains(t, err.Error(), `host "web": `+field+":")
	}
}
