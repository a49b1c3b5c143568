package webtier

import (
	"fmt"
	"github.com/millionstack/millionstack/internal/naming"

	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/privatebucket"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// logBucket is the bucket the load balancer writes its access logs to,
// under prefix: the component's own (bucket, whose policy the load
// balancer must wait for, as AWS checks write access when access logging
// is switched on), or the user's (ExistingLogBucketName: bucket and policy
// nil). document is the bucket policy log delivery needs there.
type logBucket struct {
	name     pulumi.StringOutput
	prefix   string
	bucket   *s3.BucketV2
	policy   *s3.BucketPolicy
	document pulumi.StringOutput
}

// elbLogDeliveryPrincipal is the service that delivers access logs in the
// Regions opened since August 2022.
const elbLogDeliveryPrincipal = "logdelivery.elasticloadbalancing.amazonaws.com"

// legacyELBAccounts are the accounts that deliver access logs in the Regions
// opened before August 2022, which do not accept the service principal
// (AWS: "Enable access logs for your Application Load Balancer", step 2).
var legacyELBAccounts = map[string]string{
	"us-east-1":      "127311923021",
	"us-east-2":      "033677994240",
	"us-west-1":      "027434742980",
	"us-west-2":      "797873946194",
	"af-south-1":     "098369216593",
	"ap-east-1":      "754344448648",
	"ap-south-1":     "718504428378",
	"ap-northeast-1": "582318560864",
	"ap-northeast-2": "600734575887",
	"ap-northeast-3": "383597477331",
	"ap-southeast-1": "114774131450",
	"ap-southeast-2": "783225319266",
	"ca-central-1":   "985666609251",
	"eu-central-1":   "054676820928",
	"eu-west-1":      "156460612806",
	"eu-west-2":      "652711504416",
	"eu-west-3":      "009996457667",
	"eu-south-1":     "635631232127",
	"eu-north-1":     "897822967062",
	"me-south-1":     "076674570225",
	"sa-east-1":      "507241528517",
	"us-gov-west-1":  "048591011584",
	"us-gov-east-1":  "190560391635",
	"cn-north-1":     "638102146993",
	"cn-northwest-1": "037604701340",
}

// logBucket creates the access-log bucket `<name>-logs` when AccessLogs is
// on, and returns nil otherwise. The bucket blocks all public access, owns
// every object (no ACLs), encrypts with SSE-S3 (the only encryption ELB log
// delivery supports), expires logs after AccessLogRetentionDays (keeping an
// expired version a month, as every private bucket does), sends its own S3
// server access logs to S3AccessLogBucket when set, admits only
// ELB log delivery under AWSLogs/<account>/ and refuses plain HTTP. Its
// settings are applied one at a time and the policy last (privatebucket).
//
// The bucket is never force-destroyed: switching access logs off leaves the
// logs to be emptied deliberately before the bucket can go.
//
// With ExistingLogBucketName the logs go to that bucket under the prefix
// `<name>`, and the component creates nothing: the bucket's policy is the
// user's to extend (WebTier.LogBucketPolicy).
func (b *builder) logBucket() (*logBucket, error) {
	if !*b.args.AccessLogs {
		return nil, nil
	}
	if existing := b.args.ExistingLogBucketName; existing != nil {
		name := existing.ToStringOutput()
		arn := pulumi.Sprintf("arn:%s:s3:::%s", b.partition, name)
		document, err := b.logBucketPolicy(arn, b.name)
		return &logBucket{name: name, prefix: b.name, document: document}, err
	}
	bucket, err := privatebucket.New(b.ctx, privatebucket.Spec{
		Name:      naming.Child(b.name, "logs"),
		Ownership: privatebucket.OwnerEnforced,
		Lifecycle: []privatebucket.LifecycleRule{{
			ID:                 "expire-access-logs",
			ExpireDays:         b.args.AccessLogRetentionDays,
			AbortMultipartDays: 7,
		}},
		AccessLogBucket: b.args.S3AccessLogBucket,
		Tags:            b.args.Tags,
	}, b.parent)
	if err != nil {
		return nil, err
	}
	document, err := b.logBucketPolicy(bucket.Arn, "")
	if err != nil {
		return nil, err
	}
	bucketPolicy, err := bucket.AttachPolicy(b.ctx, document)
	if err != nil {
		return nil, err
	}
	return &logBucket{name: bucket.Bucket, bucket: bucket.BucketV2, policy: bucketPolicy, document: document}, nil
}

// logBucketPolicy builds the policy of the bucket bucketARN: ELB log
// delivery may put objects under [<prefix>/]AWSLogs/<account>/ (through the
// service principal, and through the Region's ELB account where the Region
// predates it), and every request without TLS is denied.
func (b *builder) logBucketPolicy(bucketARN pulumi.StringOutput, prefix string) (pulumi.StringOutput, error) {
	region, err := aws.GetRegion(b.ctx, nil, b.parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	caller, err := aws.GetCallerIdentity(b.ctx, nil, b.parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	if prefix != "" {
		prefix += "/"
	}
	return bucketARN.ApplyT(func(arn string) (string, error) {
		logs := fmt.Sprintf("%s/%sAWSLogs/%s/*", arn, prefix, caller.AccountId)
		statements := []policy.Statement{{
			Sid:       "AllowELBLogDelivery",
			Effect:    "Allow",
			Principal: map[string]string{"Service": elbLogDeliveryPrincipal},
			Action:    "s3:PutObject",
			Resource:  logs,
		}}
		if account, ok := legacyELBAccounts[region.Name]; ok {
			statements = append(statements, policy.Statement{
				Sid:       "AllowRegionalELBAccountLogDelivery",
				Effect:    "Allow",
				Principal: map[string]string{"AWS": fmt.Sprintf("arn:%s:iam::%s:root", b.partition, account)},
				Action:    "s3:PutObject",
				Resource:  logs,
			})
		}
		statements = append(statements, policy.DenyInsecureTransport("s3:*", arn, arn+"/*"))
		return policy.Document{Statement: statements}.JSON()
	}).(pulumi.StringOutput), nil
}
