package cdn

import (
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/privatebucket"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// failoverStatusCodes are the content bucket's answers on which CloudFront
// tries the copy (Failover says why these).
var failoverStatusCodes = []int{403, 404, 500, 502, 503, 504}

// replicationRuleID names the content bucket's one replication rule.
const replicationRuleID = "copy-to-failover-region"

// newFailoverCopy creates, with Failover, the copy `<name>-failover` in the
// failover region (privatebucket, as the content bucket: no public access,
// SSE-S3, versioned, noncurrent versions kept as long, access logs into that
// region's access-log bucket) and the replication `<name>-failover` that
// fills it; nil without Failover.
//
// The replication rule copies the whole bucket (an empty filter) with its
// delete markers: the copy serves what the content bucket serves, and an
// asset deleted from the content bucket must not come back from the copy
// on a failover. Deleting a particular version is never replicated (S3
// user guide, "Replicating delete markers between buckets": a delete that
// names a version ID is not replicated), so the copy keeps its history
// whatever happens to the content bucket's. Objects already in the
// content bucket when replication starts are not copied (S3 Batch
// Replication does that, once, by hand; the configuration's
// existingObjectReplication is refused for new rules). S3 replicates only
// between versioned buckets, so the configuration waits for both buckets'
// settings, versioning among them (S3 user guide, "Requirements and
// considerations for replication"). The copy's objects are encrypted with
// SSE-S3, as the source's; the rule needs no key.
func newFailoverCopy(ctx *pulumi.Context, name string, args CDNArgs, content *privatebucket.Bucket, parent pulumi.ResourceOrInvokeOption) (*privatebucket.Bucket, error) {
	f := args.Failover
	if f == nil {
		return nil, nil
	}
	copyName := name + "-failover"
	copied, err := privatebucket.New(ctx, privatebucket.Spec{
		Name:                  copyName,
		Ownership:             privatebucket.OwnerEnforced,
		BucketKey:             true,
		NoncurrentVersionDays: contentVersionDays,
		Lifecycle:             []privatebucket.LifecycleRule{abortIncompleteUploads},
		AccessLogBucket:       f.AccessLogBucket,
		Tags:                  args.Tags,
	}, parent, pulumi.Provider(f.Provider))
	if err != nil {
		return nil, err
	}
	role, err := newReplicationRole(ctx, copyName, content, copied, args.Tags, parent)
	if err != nil {
		return nil, err
	}
	after := append(append([]pulumi.Resource{role.attached}, content.Settings...), copied.Settings...)
	_, err = s3.NewBucketReplicationConfig(ctx, copyName, &s3.BucketReplicationConfigArgs{
		Bucket: content.ID(),
		Role:   role.arn,
		Rules: s3.BucketReplicationConfigRuleArray{s3.BucketReplicationConfigRuleArgs{
			Id:       pulumi.String(replicationRuleID),
			Status:   pulumi.String("Enabled"),
			Priority: pulumi.Int(1),
			Filter:   &s3.BucketReplicationConfigRuleFilterArgs{},
			DeleteMarkerReplication: &s3.BucketReplicationConfigRuleDeleteMarkerReplicationArgs{
				Status: pulumi.String("Enabled"),
			},
			Destination: s3.BucketReplicationConfigRuleDestinationArgs{
				Bucket:       copied.Arn,
				StorageClass: pulumi.String("STANDARD"),
			},
		}},
	}, parent, pulumi.DependsOn(after))
	if err != nil {
		return nil, err
	}
	return copied, nil
}

// replicationRole is the role S3 replicates as, once its policy is on.
type replicationRole struct {
	arn      pulumi.StringOutput
	attached pulumi.Resource
}

// newReplicationRole creates the role `<name>` S3 assumes to replicate the
// content bucket into the copy, with the permissions the S3 user guide
// lists for it ("Setting up permissions for live replication") and no
// more: read the source bucket's replication configuration and list it,
// read the object versions to replicate with their ACLs and tags, and
// replicate objects, deletes and tags into the copy. Only S3, on behalf of
// this account, may assume it.
func newReplicationRole(ctx *pulumi.Context, name string, content, copied *privatebucket.Bucket, tags map[string]string, parent pulumi.ResourceOrInvokeOption) (replicationRole, error) {
	account, err := accountID(ctx, parent)
	if err != nil {
		return replicationRole{}, err
	}
	trust, err := policy.AssumeRoleFromAccount("s3.amazonaws.com", account).JSON()
	if err != nil {
		return replicationRole{}, err
	}
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		Description:      pulumi.String("Lets S3 replicate the content bucket into its failover copy " + name),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             tagging.Named(name, tags),
	}, parent)
	if err != nil {
		return replicationRole{}, err
	}
	document := pulumi.All(content.Arn, copied.Arn).ApplyT(func(v []interface{}) (string, error) {
		source, destination := v[0].(string), v[1].(string)
		return policy.Document{Statement: []policy.Statement{
			{Sid: "ReadReplicationConfiguration", Effect: "Allow",
				Action:   []string{"s3:GetReplicationConfiguration", "s3:ListBucket"},
				Resource: source},
			{Sid: "ReadObjectVersions", Effect: "Allow",
				Action:   []string{"s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"},
				Resource: source + "/*"},
			{Sid: "WriteCopies", Effect: "Allow",
				Action:   []string{"s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"},
				Resource: destination + "/*"},
		}}.JSON()
	}).(pulumi.StringOutput)
	attached, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{Role: role.ID(), Policy: document}, parent)
	if err != nil {
		return replicationRole{}, err
	}
	return replicationRole{arn: role.Arn, attached: attached}, nil
}

// accountID is the account the component deploys to.
func accountID(ctx *pulumi.Context, parent pulumi.ResourceOrInvokeOption) (string, error) {
	caller, err := aws.GetCallerIdentity(ctx, nil, parent)
	if err != nil {
		return "", err
	}
	return caller.AccountId, nil
}
