// Package privatebucket creates the private S3 buckets the components keep
// for themselves (CDN content and logs, CloudTrail logs, load balancer access
// logs): every public access blocked, encrypted at rest with SSE-S3, an
// explicit object ownership, optional versioning, lifecycle rules, and a
// bucket policy set last.
//
// It exists so that the secure defaults and, above all, the order in which
// the settings are applied live in one place. S3 rejects concurrent
// configuration changes to one bucket (OperationAborted, "A conflicting
// conditional operation is currently in progress"), so each setting waits
// for every setting registered before it, and the policy waits for them all.
// The policy's statements differ from bucket to bucket and stay with the
// component; only the attaching is done here.
package privatebucket

import (
	"fmt"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Object ownership settings (S3 Object Ownership).
const (
	// OwnerEnforced turns ACLs off: the bucket owner owns every object. The
	// default, and what Security Hub (S3.12) asks for.
	OwnerEnforced = "BucketOwnerEnforced"
	// OwnerPreferred keeps ACLs for writers that need them (CloudFront
	// standard logs); objects written with bucket-owner-full-control belong
	// to the bucket owner.
	OwnerPreferred = "BucketOwnerPreferred"
	// ObjectWriter keeps ACLs and leaves each object to the account that wrote it.
	ObjectWriter = "ObjectWriter"
)

// Spec says how one bucket differs from the others; all else (no public
// access, SSE-S3, the order of the settings) they share.
type Spec struct {
	// Name is the logical name of the bucket and of every resource that
	// configures it (each of a different type, so they do not collide).
	Name string
	// BucketName is the explicit S3 name; "" lets Pulumi auto-name the bucket
	// after Name.
	BucketName string
	// Ownership is the object ownership: OwnerEnforced ("" means this),
	// OwnerPreferred or ObjectWriter, the last two for log deliveries that
	// write through ACLs.
	Ownership string
	// BucketKey turns on the S3 bucket key for SSE-S3. When false the setting
	// is left out of the encryption rule altogether (S3's default, off).
	BucketKey bool
	// Versioning keeps overwritten and deleted objects as noncurrent versions.
	Versioning bool
	// Lifecycle holds the lifecycle rules, in order; none means no lifecycle
	// configuration at all.
	Lifecycle []LifecycleRule
	// Tags go on the bucket, with Name (tagging.Named).
	Tags map[string]string
}

// LifecycleRule is one enabled lifecycle rule applying to the whole bucket
// (an empty filter). Each non-zero number adds one action; a rule needs at
// least one.
type LifecycleRule struct {
	// ID names the rule; it must be unique within the bucket.
	ID string
	// ExpireDays expires current objects that many days after creation; 0 = never.
	ExpireDays int
	// NoncurrentExpireDays deletes noncurrent versions that many days after
	// they become noncurrent; 0 = never.
	NoncurrentExpireDays int
	// AbortMultipartDays aborts multipart uploads still incomplete that many
	// days after they began; 0 = never.
	AbortMultipartDays int
}

// Bucket is a private bucket and the resources that configure it.
type Bucket struct {
	*s3.BucketV2
	// Settings are the resources that configure the bucket, in the order
	// they are applied (public access block, ownership, encryption,
	// versioning, lifecycle). Whatever uses the bucket should depend on them,
	// so that it never sees a half-configured bucket.
	Settings []pulumi.Resource

	name string
	opts []pulumi.ResourceOption
}

// New creates the bucket spec describes: the bucket, then its public access
// block (all four protections on), ownership controls, SSE-S3 encryption,
// versioning when asked for and the lifecycle rules when there are any, each
// registered with opts and depending on every setting before it. A Spec that
// is not valid registers nothing.
func New(ctx *pulumi.Context, spec Spec, opts ...pulumi.ResourceOption) (*Bucket, error) {
	if spec.Ownership == "" {
		spec.Ownership = OwnerEnforced
	}
	if err := spec.validate(); err != nil {
		return nil, err
	}

	bucketArgs := &s3.BucketV2Args{Tags: tagging.Named(spec.Name, spec.Tags)}
	if spec.BucketName != "" {
		bucketArgs.Bucket = pulumi.String(spec.BucketName)
	}
	bucket, err := s3.NewBucketV2(ctx, spec.Name, bucketArgs, opts...)
	if err != nil {
		return nil, err
	}
	b := &Bucket{BucketV2: bucket, name: spec.Name, opts: append([]pulumi.ResourceOption{}, opts...)}
	add := func(r pulumi.Resource, err error) error {
		if err == nil {
			b.Settings = append(b.Settings, r)
		}
		return err
	}

	if err := add(s3.NewBucketPublicAccessBlock(ctx, spec.Name, &s3.BucketPublicAccessBlockArgs{
		Bucket:                bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, b.afterSettings()...)); err != nil {
		return nil, err
	}
	if err := add(s3.NewBucketOwnershipControls(ctx, spec.Name, &s3.BucketOwnershipControlsArgs{
		Bucket: bucket.ID(),
		Rule:   &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String(spec.Ownership)},
	}, b.afterSettings()...)); err != nil {
		return nil, err
	}
	sse := &s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
		ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
			SseAlgorithm: pulumi.String("AES256"),
		},
	}
	if spec.BucketKey {
		sse.BucketKeyEnabled = pulumi.Bool(true)
	}
	if err := add(s3.NewBucketServerSideEncryptionConfigurationV2(ctx, spec.Name, &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules:  s3.BucketServerSideEncryptionConfigurationV2RuleArray{sse},
	}, b.afterSettings()...)); err != nil {
		return nil, err
	}
	if spec.Versioning {
		if err := add(s3.NewBucketVersioningV2(ctx, spec.Name, &s3.BucketVersioningV2Args{
			Bucket:                  bucket.ID(),
			VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
		}, b.afterSettings()...)); err != nil {
			return nil, err
		}
	}
	if len(spec.Lifecycle) > 0 {
		rules := make(s3.BucketLifecycleConfigurationV2RuleArray, 0, len(spec.Lifecycle))
		for _, r := range spec.Lifecycle {
			rules = append(rules, r.args())
		}
		if err := add(s3.NewBucketLifecycleConfigurationV2(ctx, spec.Name, &s3.BucketLifecycleConfigurationV2Args{
			Bucket: bucket.ID(),
			Rules:  rules,
		}, b.afterSettings()...)); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// AttachPolicy sets the bucket policy to document once every setting is in
// place. The policy is registered under the bucket's logical name with the
// options given to New followed by opts. Whatever relies on the policy (a
// log delivery AWS checks when it is switched on) should depend on the
// returned resource.
func (b *Bucket) AttachPolicy(ctx *pulumi.Context, document pulumi.StringInput, opts ...pulumi.ResourceOption) (*s3.BucketPolicy, error) {
	return s3.NewBucketPolicy(ctx, b.name, &s3.BucketPolicyArgs{
		Bucket: b.ID(),
		Policy: document,
	}, append(b.afterSettings(), opts...)...)
}

// afterSettings returns New's options and a dependency on every setting
// registered so far.
func (b *Bucket) afterSettings() []pulumi.ResourceOption {
	out := append([]pulumi.ResourceOption{}, b.opts...)
	if len(b.Settings) > 0 {
		out = append(out, pulumi.DependsOn(append([]pulumi.Resource{}, b.Settings...)))
	}
	return out
}

// args turns the rule into the provider's arguments.
func (r LifecycleRule) args() *s3.BucketLifecycleConfigurationV2RuleArgs {
	rule := &s3.BucketLifecycleConfigurationV2RuleArgs{
		Id:     pulumi.String(r.ID),
		Status: pulumi.String("Enabled"),
		Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{},
	}
	if r.ExpireDays > 0 {
		rule.Expiration = &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(r.ExpireDays)}
	}
	if r.NoncurrentExpireDays > 0 {
		rule.NoncurrentVersionExpiration = &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
			NoncurrentDays: pulumi.Int(r.NoncurrentExpireDays),
		}
	}
	if r.AbortMultipartDays > 0 {
		rule.AbortIncompleteMultipartUpload = &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
			DaysAfterInitiation: pulumi.Int(r.AbortMultipartDays),
		}
	}
	return rule
}

// validate reports a Spec that would make a bucket S3 or the provider
// rejects, or one that does not say what it means. Specs are written by the
// components, so an error here is a programming error, reported before
// anything is registered.
func (s Spec) validate() error {
	p := validate.For("privatebucket " + s.Name)
	p.NotEmpty("Name", s.Name)
	p.OneOf("Ownership", s.Ownership, OwnerEnforced, OwnerPreferred, ObjectWriter)
	ids := map[string]bool{}
	for i, r := range s.Lifecycle {
		field := fmt.Sprintf("Lifecycle[%d]", i)
		switch {
		case r.ID == "":
			p.Addf(field+".ID", "is required")
		case ids[r.ID]:
			p.Addf(field+".ID", "%q is used by an earlier rule; rule IDs must be unique", r.ID)
		}
		ids[r.ID] = true
		if r.ExpireDays < 0 || r.NoncurrentExpireDays < 0 || r.AbortMultipartDays < 0 {
			p.Addf(field, "days must not be negative (ExpireDays %d, NoncurrentExpireDays %d, AbortMultipartDays %d)",
				r.ExpireDays, r.NoncurrentExpireDays, r.AbortMultipartDays)
		} else if r.ExpireDays == 0 && r.NoncurrentExpireDays == 0 && r.AbortMultipartDays == 0 {
			p.Addf(field, "has no action; set ExpireDays, NoncurrentExpireDays or AbortMultipartDays")
		}
	}
	return p.Err()
}
