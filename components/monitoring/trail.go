package monitoring

import (
	"fmt"

	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/privatebucket"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudtrail"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	// maxTrailName is CloudTrail's limit on a trail's name.
	maxTrailName = 128
	// trailObjectExpiryDays is how long the bucket keeps log files.
	trailObjectExpiryDays = 365
	// trailNoncurrentExpiryDays is how long an overwritten or deleted log
	// file stays recoverable.
	trailNoncurrentExpiryDays = 30
)

// newAuditTrail creates a multi-region CloudTrail trail that records every
// management event, with digest files for log-file validation, encrypted
// with its own KMS key (Security Hub CloudTrail.2), into a private bucket
// and a CloudWatch log group (CloudTrail.5).
//
// The trail's name is fixed rather than generated so that its ARN is known
// before it exists: the key and bucket policies only admit CloudTrail on
// behalf of this trail (aws:SourceArn), and CloudTrail checks both when the
// trail is created.
func (m *Monitoring) newAuditTrail(ctx *pulumi.Context, name string, args MonitoringArgs, acct awsprovider.Place) (*cloudtrail.Trail, error) {
	trailName := physicalName(ctx, name, maxTrailName)
	trailARN := fmt.Sprintf("arn:%s:cloudtrail:%s:%s:trail/%s", acct.Partition, acct.Region, acct.AccountID, trailName)
	fromThisTrail := map[string]interface{}{"aws:SourceArn": trailARN}
	opts := pulumi.Parent(m)

	keyPolicy, err := policy.Document{Statement: []policy.Statement{
		{Sid: "AccountAdministersKey", Effect: "Allow", Principal: map[string]interface{}{"AWS": acct.Root()},
			Action: "kms:*", Resource: "*"},
		{Sid: "TrailEncryptsLogs", Effect: "Allow", Principal: services("cloudtrail.amazonaws.com"),
			Action: "kms:GenerateDataKey*", Resource: "*",
			Condition: map[string]map[string]interface{}{
				"StringEquals": fromThisTrail,
				"StringLike":   {"kms:EncryptionContext:aws:cloudtrail:arn": fmt.Sprintf("arn:%s:cloudtrail:*:%s:trail/*", acct.Partition, acct.AccountID)},
			}},
		{Sid: "TrailDescribesKey", Effect: "Allow", Principal: services("cloudtrail.amazonaws.com"),
			Action: "kms:DescribeKey", Resource: "*",
			Condition: map[string]map[string]interface{}{"StringEquals": fromThisTrail}},
	}}.JSON()
	if err != nil {
		return nil, err
	}
	key, err := kms.NewKey(ctx, name+"-trail", &kms.KeyArgs{
		Description:          pulumi.String("Encrypts the " + name + " CloudTrail log files."),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(30),
		Policy:               pulumi.String(keyPolicy),
		Tags:                 tagging.Named(name+"-trail", args.Tags),
	}, opts)
	if err != nil {
		return nil, err
	}

	bucket, bucketPolicy, err := m.newTrailBucket(ctx, name, args.Tags, args.AccessLogBucket, acct.AccountID, trailARN)
	if err != nil {
		return nil, err
	}
	logGroup, role, rolePolicy, err := m.newTrailLogGroup(ctx, name, args, acct.AccountID, trailARN)
	if err != nil {
		return nil, err
	}

	return cloudtrail.NewTrail(ctx, name, &cloudtrail.TrailArgs{
		Name:                       pulumi.String(trailName),
		S3BucketName:               bucket.Bucket,
		KmsKeyId:                   key.Arn,
		IsMultiRegionTrail:         pulumi.Bool(true),
		IncludeGlobalServiceEvents: pulumi.Bool(true),
		EnableLogFileValidation:    pulumi.Bool(true),
		EnableLogging:              pulumi.Bool(true),
		CloudWatchLogsGroupArn:     pulumi.Sprintf("%s:*", logGroup.Arn),
		CloudWatchLogsRoleArn:      role.Arn,
		Tags:                       tagging.Named(name, args.Tags),
	}, opts, pulumi.DependsOn([]pulumi.Resource{bucketPolicy, rolePolicy}))
}

// newTrailBucket creates the private, versioned, encrypted bucket the trail
// writes to (its own server access logs going to accessLogBucket, when set), with the policy CloudTrail requires: it may read the bucket
// ACL and write under AWSLogs/<account>/ for this trail only, and nobody may
// use plain HTTP. It returns the bucket and its policy, which the trail
// must wait for (privatebucket applies the settings one at a time and the
// policy last).
//
// Log files are encrypted with the trail's key; the bucket's SSE-S3 covers
// the rest (digest files), which CloudTrail writes without a KMS key.
func (m *Monitoring) newTrailBucket(ctx *pulumi.Context, name string, tags map[string]string, accessLogBucket pulumi.StringInput, accountID, trailARN string) (*privatebucket.Bucket, *s3.BucketPolicy, error) {
	bucket, err := privatebucket.New(ctx, privatebucket.Spec{
		Name:      name + "-trail",
		Ownership: privatebucket.OwnerEnforced,
		Lifecycle: []privatebucket.LifecycleRule{{
			ID:                   "expire-log-files",
			ExpireDays:           trailObjectExpiryDays,
			NoncurrentExpireDays: trailNoncurrentExpiryDays,
			AbortMultipartDays:   7,
		}},
		AccessLogBucket: accessLogBucket,
		Tags:            tags,
	}, pulumi.Parent(m))
	if err != nil {
		return nil, nil, err
	}
	bucketPolicy, err := bucket.AttachPolicy(ctx, bucket.Arn.ApplyT(func(arn string) (string, error) {
		return policy.Document{Statement: []policy.Statement{
			{Sid: "TrailChecksBucketAcl", Effect: "Allow", Principal: services("cloudtrail.amazonaws.com"),
				Action: "s3:GetBucketAcl", Resource: arn,
				Condition: map[string]map[string]interface{}{"StringEquals": {"aws:SourceArn": trailARN}}},
			{Sid: "TrailWritesLogs", Effect: "Allow", Principal: services("cloudtrail.amazonaws.com"),
				Action: "s3:PutObject", Resource: fmt.Sprintf("%s/AWSLogs/%s/*", arn, accountID),
				Condition: map[string]map[string]interface{}{"StringEquals": {
					"s3:x-amz-acl":  "bucket-owner-full-control",
					"aws:SourceArn": trailARN,
				}}},
			policy.DenyInsecureTransport("s3:*", arn, arn+"/*"),
		}}.JSON()
	}).(pulumi.StringOutput))
	return bucket, bucketPolicy, err
}

// newTrailLogGroup creates the log group the trail also delivers to, for
// metric filters and Logs Insights, and the role CloudTrail assumes to write
// to it, allowed nothing but log streams in that group. Only CloudTrail
// acting for this trail may assume the role (aws:SourceAccount and
// aws:SourceArn, the confused-deputy guard). It returns the role's policy
// too, which the trail must wait for.
func (m *Monitoring) newTrailLogGroup(ctx *pulumi.Context, name string, args MonitoringArgs, accountID, trailARN string) (*cloudwatch.LogGroup, *iam.Role, *iam.RolePolicy, error) {
	role := name + "-trail"
	opts := pulumi.Parent(m)
	logGroup, err := cloudwatch.NewLogGroup(ctx, role, &cloudwatch.LogGroupArgs{
		RetentionInDays: pulumi.Int(args.LogRetentionDays),
		Tags:            tagging.Named(role, args.Tags),
	}, opts)
	if err != nil {
		return nil, nil, nil, err
	}
	trustDoc := policy.AssumeRoleFromAccount("cloudtrail.amazonaws.com", accountID)
	trustDoc.Statement[0].Sid = "CloudTrailAssumes"
	trustDoc.Statement[0].Condition["StringEquals"]["aws:SourceArn"] = trailARN
	trust, err := trustDoc.JSON()
	if err != nil {
		return nil, nil, nil, err
	}
	trailRole, err := iam.NewRole(ctx, role, &iam.RoleArgs{
		Description:      pulumi.String("Lets CloudTrail deliver the " + name + " trail to its log group."),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             tagging.Named(role, args.Tags),
	}, opts)
	if err != nil {
		return nil, nil, nil, err
	}
	rolePolicy, err := iam.NewRolePolicy(ctx, role, &iam.RolePolicyArgs{
		Role: trailRole.ID(),
		Policy: logGroup.Arn.ApplyT(func(arn string) (string, error) {
			return policy.Document{Statement: []policy.Statement{{
				Sid: "WriteTrailLogStreams", Effect: "Allow",
				Action: []string{"logs:CreateLogStream", "logs:PutLogEvents"}, Resource: arn + ":log-stream:*",
			}}}.JSON()
		}).(pulumi.StringOutput),
	}, opts)
	return logGroup, trailRole, rolePolicy, err
}
