package webtier

import (
	"encoding/base64"
	"fmt"
	"github.com/millionstack/millionstack/internal/naming"

	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// amazonLinuxImages matches the standard (not minimal) Amazon Linux 2023
// x86_64 images.
const amazonLinuxImages = "al2023-ami-2023.*-x86_64"

// instanceRole creates the instances' role `<name>` (trusted by EC2 only)
// with AmazonSSMManagedInstanceCore, so that Session Manager replaces SSH,
// plus InstancePolicyARNs, and the instance profile `<name>` that carries it.
func (b *builder) instanceRole() (*iam.Role, *iam.InstanceProfile, error) {
	trust, err := policy.AssumeRole("ec2.amazonaws.com").JSON()
	if err != nil {
		return nil, nil, err
	}
	role, err := iam.NewRole(b.ctx, b.name, &iam.RoleArgs{
		Description:      pulumi.String("Instances of the web tier " + b.name),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             tagging.Named(b.name, b.args.Tags),
	}, b.parent)
	if err != nil {
		return nil, nil, err
	}

	policies := map[string]pulumi.StringInput{
		ssmAttachment: pulumi.String(fmt.Sprintf("arn:%s:iam::aws:policy/AmazonSSMManagedInstanceCore", b.partition)),
	}
	for key, arn := range b.args.InstancePolicyARNs {
		policies[key] = arn
	}
	for _, key := range validate.Keys(policies) {
		if _, err := iam.NewRolePolicyAttachment(b.ctx, naming.Child(b.name, key), &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: policies[key],
		}, b.parent); err != nil {
			return nil, nil, err
		}
	}

	profile, err := iam.NewInstanceProfile(b.ctx, b.name, &iam.InstanceProfileArgs{
		Role: role.Name,
		Tags: tagging.Named(b.name, b.args.Tags),
	}, b.parent)
	if err != nil {
		return nil, nil, err
	}
	return role, profile, nil
}

// launchTemplate creates the launch template `<name>`: the image, IMDSv2 only
// (hop limit 1, so containers cannot borrow the instance's credentials), an
// encrypted gp3 root volume, a network interface in the instance security
// group without a public IP, detailed monitoring, the user data, and the
// tier's tags on every instance, volume and network interface it launches.
//
// Every change makes a new template version, which the Auto Scaling group
// picks up through an instance refresh. An unpinned image is ignored after
// the first deployment, so a new Amazon Linux release does not roll the fleet.
//
// The profile is profileARN: the component's own, or
// ExistingInstanceProfileARN. The root volume is encrypted with
// ExistingKMSKeyARN when given, else with the account's default EBS key.
func (b *builder) launchTemplate(groups *securityGroups, profileARN pulumi.StringInput) (*ec2.LaunchTemplate, error) {
	image := b.args.AMI
	var opts []pulumi.ResourceOption
	if image == "" {
		latest, err := ec2.LookupAmi(b.ctx, &ec2.LookupAmiArgs{
			Owners:     []string{"amazon"},
			MostRecent: pulumi.BoolRef(true),
			Filters: []ec2.GetAmiFilter{
				{Name: "name", Values: []string{amazonLinuxImages}},
				{Name: "architecture", Values: []string{"x86_64"}},
				{Name: "state", Values: []string{"available"}},
			},
		}, b.parent)
		if err != nil {
			return nil, err
		}
		image = latest.Id
		opts = append(opts, pulumi.IgnoreChanges([]string{"imageId"}))
	}

	var tagSpecifications ec2.LaunchTemplateTagSpecificationArray
	for _, resourceType := range []string{"instance", "volume", "network-interface"} {
		tagSpecifications = append(tagSpecifications, &ec2.LaunchTemplateTagSpecificationArgs{
			ResourceType: pulumi.String(resourceType),
			Tags:         tagging.Named(b.name, b.args.Tags),
		})
	}
	root := &ec2.LaunchTemplateBlockDeviceMappingEbsArgs{
		VolumeType:          pulumi.String("gp3"),
		VolumeSize:          pulumi.Int(b.args.RootVolumeGiB),
		Encrypted:           pulumi.String("true"),
		DeleteOnTermination: pulumi.String("true"),
	}
	if key := b.args.ExistingKMSKeyARN; key != nil {
		root.KmsKeyId = key.ToStringOutput()
	}
	return ec2.NewLaunchTemplate(b.ctx, b.name, &ec2.LaunchTemplateArgs{
		Description:          pulumi.String("Instances of the web tier " + b.name),
		ImageId:              pulumi.String(image),
		InstanceType:         pulumi.String(b.args.InstanceType),
		UpdateDefaultVersion: pulumi.Bool(true),
		IamInstanceProfile:   &ec2.LaunchTemplateIamInstanceProfileArgs{Arn: profileARN},
		MetadataOptions: &ec2.LaunchTemplateMetadataOptionsArgs{
			HttpEndpoint:            pulumi.String("enabled"),
			HttpTokens:              pulumi.String("required"),
			HttpPutResponseHopLimit: pulumi.Int(1),
		},
		BlockDeviceMappings: ec2.LaunchTemplateBlockDeviceMappingArray{&ec2.LaunchTemplateBlockDeviceMappingArgs{
			DeviceName: pulumi.String("/dev/xvda"),
			Ebs:        root,
		}},
		NetworkInterfaces: ec2.LaunchTemplateNetworkInterfaceArray{&ec2.LaunchTemplateNetworkInterfaceArgs{
			DeviceIndex:              pulumi.Int(0),
			AssociatePublicIpAddress: pulumi.String("false"),
			DeleteOnTermination:      pulumi.String("true"),
			SecurityGroups:           pulumi.StringArray{groups.instancesID},
		}},
		Monitoring:        &ec2.LaunchTemplateMonitoringArgs{Enabled: pulumi.Bool(true)},
		UserData:          pulumi.String(base64.StdEncoding.EncodeToString([]byte(b.args.UserData))),
		TagSpecifications: tagSpecifications,
		Tags:              tagging.Named(b.name, b.args.Tags),
	}, append(opts, b.parent)...)
}
