package host

import (
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// instance creates the EC2 instance `<name>`: IMDSv2 only (hop limit 1, so
// containers on the host cannot borrow its credentials), an encrypted gp3
// root volume, detailed monitoring, EBS optimisation, and no public address
// of its own (the Elastic IP provides a stable one).
//
// Everything that could force a replacement is fixed for the host's life:
// only the instance type, user data and sizes change, and those update in
// place. An unpinned AMI is looked up once and then ignored, so a newer
// Amazon Linux release never replaces a running host.
//
// It runs in securityGroupID (the component's group, or
// ExistingSecurityGroupID) with the instance profile profileName (the
// component's, or ExistingInstanceProfileARN's), and encrypts its root
// volume with ExistingKMSKeyARN when given.
func (c *children) instance(securityGroupID, profileName pulumi.StringInput) (*ec2.Instance, error) {
	ami, err := c.ami()
	if err != nil {
		return nil, err
	}
	opts := []pulumi.ResourceOption{c.parent}
	if c.args.AMI == "" {
		opts = append(opts, pulumi.IgnoreChanges([]string{"ami"}))
	}
	var userData pulumi.StringPtrInput
	if c.args.UserData != "" {
		userData = pulumi.String(c.args.UserData)
	}
	root := &ec2.InstanceRootBlockDeviceArgs{
		VolumeType:          pulumi.String("gp3"),
		VolumeSize:          pulumi.Int(c.args.RootVolumeGiB),
		Encrypted:           pulumi.Bool(true),
		DeleteOnTermination: pulumi.Bool(true),
		Tags:                tagging.Named(c.name+"-root", c.args.Tags),
	}
	if key := c.args.ExistingKMSKeyARN; key != nil {
		root.KmsKeyId = key.ToStringOutput()
	}
	return ec2.NewInstance(c.ctx, c.name, &ec2.InstanceArgs{
		Ami:                      pulumi.String(ami),
		InstanceType:             pulumi.String(c.args.InstanceType),
		AvailabilityZone:         pulumi.String(c.args.AvailabilityZone),
		SubnetId:                 c.args.SubnetID,
		VpcSecurityGroupIds:      pulumi.StringArray{securityGroupID},
		IamInstanceProfile:       profileName,
		AssociatePublicIpAddress: pulumi.Bool(false),
		EbsOptimized:             pulumi.Bool(true),
		Monitoring:               pulumi.Bool(true),
		MetadataOptions: &ec2.InstanceMetadataOptionsArgs{
			HttpEndpoint:            pulumi.String("enabled"),
			HttpTokens:              pulumi.String("required"),
			HttpPutResponseHopLimit: pulumi.Int(1),
		},
		RootBlockDevice: root,
		UserData:        userData,
		Tags:            tagging.Named(c.name, c.args.Tags),
	}, opts...)
}

// ami returns the pinned AMI, or else the newest Amazon Linux 2023 x86_64
// image Amazon publishes in the stack's region.
func (c *children) ami() (string, error) {
	if c.args.AMI != "" {
		return c.args.AMI, nil
	}
	mostRecent := true
	image, err := ec2.LookupAmi(c.ctx, &ec2.LookupAmiArgs{
		Owners:     []string{"amazon"},
		MostRecent: &mostRecent,
		Filters:    []ec2.GetAmiFilter{{Name: "name", Values: []string{"al2023-ami-2023.*-x86_64"}}},
	}, c.parent)
	if err != nil {
		return "", err
	}
	return image.Id, nil
}
