package host

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// HostArgs configures a Host. VpcID, SubnetID and AvailabilityZone are
// required; every other field has a documented default applied by WithDefaults.
type HostArgs struct {
	// VpcID is the VPC the host's security group belongs to. Required.
	VpcID pulumi.StringInput
	// SubnetID is the public subnet the instance runs in. Required. The
	// subnet need not assign public addresses: the Elastic IP gives the host
	// its stable public address.
	SubnetID pulumi.StringInput
	// AvailabilityZone is the subnet's Availability Zone ("us-east-1a").
	// Required, because an EBS volume can only attach to an instance in its
	// own zone and the data volume must exist before the instance reads it.
	AvailabilityZone string
	// InstanceType is the EC2 instance type. Default "t3.micro". Changing it
	// resizes the running host in place (a stop and start), it never replaces it.
	// The type must support EBS optimisation (every current generation does),
	// and be x86_64 unless AMI pins an arm64 image.
	InstanceType string
	// AMI pins the machine image ("ami-0123456789abcdef0"). Default "": the
	// newest Amazon Linux 2023 x86_64 image, looked up at deploy time; the
	// instance then ignores later AMI changes so that a newer image never
	// replaces a running host. Pin an AMI to roll a new image out on purpose
	// (that replaces the instance; the data volume survives).
	AMI string
	// RootVolumeGiB is the size of the encrypted gp3 root volume. Default 20,
	// allowed 8 to 16384. It can grow in place, never shrink.
	RootVolumeGiB int
	// DataVolumeGiB is the size of the separate encrypted gp3 volume the app
	// (and at stage 1 the database) keeps its data on. Default 20, allowed 1
	// to 16384. It can grow in place, never shrink.
	DataVolumeGiB int
	// SnapshotRetentionCount is how many daily snapshots of the data volume
	// Data Lifecycle Manager keeps. Default 7, allowed 1 to 1000.
	SnapshotRetentionCount int
	// BackupTags are tags only the data volume carries, whose values may come
	// from other resources: the tag an AWS Backup plan selects data stores
	// by (backup.Plan.DataStoreTags). The volume keeps them when it is
	// retained after the host goes, so the plan keeps backing it up until
	// it is deleted. Default none. Keys follow the tag rules, and may not
	// be "Name" or the snapshot tag, which the component sets.
	BackupTags map[string]pulumi.StringInput
	// UserData is an optional cloud-init document or shell script run at
	// first boot. Default "": none. At most 16384 bytes (the EC2 limit).
	UserData string

	// ExistingSecurityGroupID is a security group of your own the host runs
	// in, instead of the group `<name>` the component otherwise creates
	// (HTTP and HTTPS from anywhere, all egress). Default nil. Allowed: a
	// security group ID ("sg-" and 8 or 17 hex digits) of VpcID. Its rules
	// are yours. Changing it updates the instance in place.
	ExistingSecurityGroupID pulumi.StringInput
	// ExistingInstanceProfileARN is an IAM instance profile of your own the
	// host runs with, instead of the role and profile `<name>` the
	// component otherwise creates. Default nil. Allowed: the ARN of an
	// instance profile (arn:<partition>:iam::<account>:instance-profile/<name>);
	// EC2 takes a profile, not a role. Its role should hold the AWS managed
	// AmazonSSMManagedInstanceCore (the host has no SSH: Session Manager is
	// the way in), and whoever runs `pulumi up` needs iam:PassRole on it.
	// RoleName is then "". Changing it updates the instance in place.
	ExistingInstanceProfileARN pulumi.StringInput
	// ExistingKMSKeyARN is a customer-managed KMS key of your own that
	// encrypts the root and data volumes, instead of the account's default
	// EBS key. Default nil. Allowed: the key ARN (not an alias: a volume
	// reads its key back as the key ARN, and an alias would replace the
	// volume on the next update) of a key in the host's region; whoever runs `pulumi up` needs kms:CreateGrant,
	// kms:GenerateDataKeyWithoutPlaintext, kms:Decrypt and kms:DescribeKey
	// on it (EBS uses the key through grants made on the caller's behalf:
	// EBS user guide, "How Amazon EBS encryption works"). Set it when the
	// host is created: a volume's key is fixed (kms_key_id is ForceNew on
	// both, terraform-provider-aws internal/service/ec2). Changing it
	// replaces the instance and the data volume (the old data volume is
	// retained, with its data, and no longer attached).
	ExistingKMSKeyARN pulumi.StringInput
	// Tags are added to every taggable child, together with a Name tag
	// naming the child (which takes precedence over a "Name" key here).
	Tags map[string]string
}

// Defaults applied by WithDefaults.
const (
	defaultInstanceType           = "t3.micro"
	defaultRootVolumeGiB          = 20
	defaultDataVolumeGiB          = 20
	defaultSnapshotRetentionCount = 7
)

// maxUserDataBytes is the largest user data EC2 accepts (before base64).
const maxUserDataBytes = 16384

// WithDefaults returns a copy of a with every unset field given its documented default.
func (a HostArgs) WithDefaults() HostArgs {
	if a.InstanceType == "" {
		a.InstanceType = defaultInstanceType
	}
	if a.RootVolumeGiB == 0 {
		a.RootVolumeGiB = defaultRootVolumeGiB
	}
	if a.DataVolumeGiB == 0 {
		a.DataVolumeGiB = defaultDataVolumeGiB
	}
	if a.SnapshotRetentionCount == 0 {
		a.SnapshotRetentionCount = defaultSnapshotRetentionCount
	}
	return a
}

var (
	// availabilityZone matches zone names such as "us-east-1a" and Local
	// Zones such as "us-west-2-lax-1a".
	availabilityZone = regexp.MustCompile(`^[a-z]{2}(-[a-z0-9]+)*-\d+[a-z]$`)
	// amiID matches EC2 image IDs, old (8 hex digits) and new (17).
	amiID = regexp.MustCompile(`^ami-([0-9a-f]{8}|[0-9a-f]{17})$`)
	// graviton matches Arm (AWS Graviton) instance types, "t4g.micro",
	// "m7gd.large", "a1.medium", which cannot boot the default x86_64 AMI.
	graviton = regexp.MustCompile(`^(a1|[a-z]+[0-9]+[a-z]*g[a-z]*)\.`)
)

// validate reports every problem with a (after WithDefaults) at once.
// region is the host's region, "" when not looked up (Validate): the key
// is then held against no region.
func (a HostArgs) validate(name, region string) error {
	p := validate.For("host", name)
	p.SecurityGroupID("ExistingSecurityGroupID", a.ExistingSecurityGroupID)
	p.ARN("ExistingInstanceProfileARN", a.ExistingInstanceProfileARN, validate.InstanceProfile, "")
	p.KeyARN("ExistingKMSKeyARN", a.ExistingKMSKeyARN, region)
	p.Required("VpcID", a.VpcID != nil, "")
	p.Required("SubnetID", a.SubnetID != nil, "")
	p.VpcID("VpcID", a.VpcID)
	p.SubnetID("SubnetID", a.SubnetID)
	p.Allows("AvailabilityZone", `the subnet's zone name, such as "us-east-1a"`).
		RefuseIf(!availabilityZone.MatchString(a.AvailabilityZone), "%q is not an Availability Zone", a.AvailabilityZone)
	p.InstanceType("InstanceType", a.InstanceType, "", defaultInstanceType)
	p.Allows("AMI", `"" (newest Amazon Linux 2023) or "ami-" followed by 8 or 17 hex digits`).
		RefuseIf(a.AMI != "" && !amiID.MatchString(a.AMI), "%q is not an AMI ID", a.AMI)
	p.Allows("InstanceType", "an x86_64 type with the default AMI; an Arm (Graviton) type with an arm64 AMI pinned in AMI").
		RefuseIf(a.AMI == "" && graviton.MatchString(a.InstanceType), "%q is an Arm (Graviton) type and the default AMI is x86_64", a.InstanceType)
	p.IntRange("RootVolumeGiB", a.RootVolumeGiB, 8, 16384)
	p.IntRange("DataVolumeGiB", a.DataVolumeGiB, 1, 16384)
	p.IntRange("SnapshotRetentionCount", a.SnapshotRetentionCount, 1, 1000)
	p.InputTags("BackupTags", a.BackupTags)
	own := p.Allows("BackupTags", fmt.Sprintf("keys other than %q and %q, which the component sets", "Name", snapshotTag))
	for _, reserved := range []string{"Name", snapshotTag} {
		_, taken := a.BackupTags[reserved]
		own.RefuseIf(taken, "key %q is set by the component", reserved)
	}
	n := len(a.UserData)
	p.Allows("UserData", fmt.Sprintf("at most %d bytes", maxUserDataBytes)).
		RefuseIf(n > maxUserDataBytes, "is %d bytes", n)
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// Validate applies the defaults and reports every problem with the args of
// the component called name (the name included), as
// NewHost would, without registering anything: a stage checks all of its
// components this way before it registers its first resource.
func (a HostArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("host", name), a.WithDefaults().validate(name, ""))
}

// needsRegion reports whether validation holds a key known at program
// time against the host's region.
func (a HostArgs) needsRegion() bool {
	_, key := validate.Known(a.ExistingKMSKeyARN)
	return key
}
