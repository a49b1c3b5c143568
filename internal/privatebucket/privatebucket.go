// Package privatebucket creates the private S3 buckets the components keep
// for themselves (CDN content and logs, CloudTrail logs, load balancer access
// logs, the stack's S3 server access logs): every public access blocked,
// encrypted at rest with SSE-S3, an explicit object ownership, versioned with
// noncurrent versions expiring, lifecycle rules, server access logging into
// another bucket when given one, and a bucket policy set last.
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

// Ownership is a bucket's S3 Object Ownership setting.
type Ownership string

// Object ownership settings (S3 Object Ownership).
const (
	// OwnerEnforced turns ACLs off: the bucket owner owns every object. The
	// default, and what Security Hub (S3.12) asks for.
	OwnerEnforced Ownership = "BucketOwnerEnforced"
	// OwnerPreferred keeps ACLs for writers that need them (CloudFront
	// standard logs); objects written with bucket-owner-full-control belong
	// to the bucket owner.
	OwnerPreferred Ownership = "BucketOwnerPreferred"
	// ObjectWriter keeps ACLs and leaves each object to the account that wrote it.
	ObjectWriter Ownership = "ObjectWriter"
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
	Ownership Ownership
	// BucketKey turns on the S3 bucket key for SSE-S3. When false the setting
	// is left out of the encryption rule altogether (S3's default, off).
	BucketKey bool
	// KMSKeyARN, when set, encrypts the bucket with SSE-KMS under this
	// customer-managed key instead of SSE-S3 (with BucketKey, S3 asks KMS
	// for a data key per bucket rather than per object: S3 user guide,
	// "Reducing the cost of SSE-KMS with Amazon S3 Bucket Keys"). Not for a
	// bucket that receives S3 server access logs or load balancer access
	// logs: both are delivered to SSE-S3 buckets only. Default nil: SSE-S3.
	KMSKeyARN pulumi.StringInput
	// NoncurrentVersionDays is how long an overwritten or deleted object
	// stays recoverable as a noncurrent version. Every bucket is versioned
	// (Security Hub S3.14, "S3 general purpose buckets should have
	// versioning enabled"), and every bucket expires its noncurrent versions
	// so that versioning keeps a bounded cost: unless a Lifecycle rule sets
	// NoncurrentExpireDays, New appends the rule `expire-noncurrent-versions`
	// with this many days. Default DefaultNoncurrentVersionDays; setting it
	// next to a rule that sets NoncurrentExpireDays is an error (one place
	// says how long versions stay).
	NoncurrentVersionDays int
	// Lifecycle holds the lifecycle rules, in order; New appends the
	// noncurrent-version rule (see NoncurrentVersionDays) when none of them
	// expires noncurrent versions.
	Lifecycle []LifecycleRule
	// AccessLogBucket is the name of the bucket S3 server access logs of
	// this bucket go to (Security Hub S3.9), under the prefix "<Name>/".
	// That bucket must be in the same account and Region, encrypted with
	// SSE-S3 only, without Object Lock, and grant logging.s3.amazonaws.com
	// s3:PutObject (Amazon S3 User Guide, "Enabling Amazon S3 server access
	// logging"): the accesslogs component makes one. Default nil: no access
	// logging, which is right only for that bucket itself (a bucket logging
	// into itself loops, the same guide says).
	AccessLogBucket pulumi.StringInput
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

// DefaultNoncurrentVersionDays is Spec.NoncurrentVersionDays when unset:
// an overwritten or deleted object can be restored for a month.
const DefaultNoncurrentVersionDays = 30

// noncurrentRuleID is the ID of the lifecycle rule New appends to expire
// noncurrent versions.
const noncurrentRuleID = "expire-noncurrent-versions"

// Bucket is a private bucket and the resources that configure it.
type Bucket struct {
	*s3.BucketV2
	// Settings are the resources that configure the bucket, in the order
	// they are applied (public access block, ownership, encryption,
	// versioning, lifecycle, access logging). Whatever uses the bucket should
	// depend on them, so that it never sees a half-configured bucket.
	Settings []pulumi.Resource

	name string
	opts []pulumi.ResourceOption
}

// New creates the bucket spec describes: the bucket, then its public access
// block (all four protections on), ownership controls, SSE-S3 encryption,
// versioning, the lifecycle rules (with noncurrent versions expiring) and,
// with an AccessLogBucket, server access logging, each registered with opts
// and depending on every setting before it. A Spec that is not valid
// registers nothing.
func New(ctx *pulumi.Context, spec Spec, opts ...pulumi.ResourceOption) (*Bucket, error) {
	if err := spec.validate(); err != nil {
		return nil, err
	}
	spec = spec.WithDefaults()

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
		Rule:   &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String(string(spec.Ownership))},
	}, b.afterSettings()...)); err != nil {
		return nil, err
	}
	sse := &s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
		ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
			SseAlgorithm: pulumi.String("AES256"),
		},
	}
	if spec.KMSKeyARN != nil {
		sse.ApplyServerSideEncryptionByDefault = &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
			SseAlgorithm:   pulumi.String("aws:kms"),
			KmsMasterKeyId: spec.KMSKeyARN,
		}
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
	if err := add(s3.NewBucketVersioningV2(ctx, spec.Name, &s3.BucketVersioningV2Args{
		Bucket:                  bucket.ID(),
		VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, b.afterSettings()...)); err != nil {
		return nil, err
	}
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
	if spec.AccessLogBucket != nil {
		if err := add(s3.NewBucketLoggingV2(ctx, spec.Name, &s3.BucketLoggingV2Args{
			Bucket:       bucket.ID(),
			TargetBucket: spec.AccessLogBucket,
			TargetPrefix: pulumi.String(spec.Name + "/"),
		}, b.afterSettings()...)); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// WithDefaults returns a copy of s with Ownership defaulted and, unless a
// rule already expires noncurrent versions, the noncurrent-version rule
// appended to its own copy of the lifecycle rules.
func (s Spec) WithDefaults() Spec {
	if s.Ownership == "" {
		s.Ownership = OwnerEnforced
	}
	if s.expiresNoncurrent() {
		return s
	}
	if s.NoncurrentVersionDays == 0 {
		s.NoncurrentVersionDays = DefaultNoncurrentVersionDays
	}
	s.Lifecycle = append(append([]LifecycleRule(nil), s.Lifecycle...),
		LifecycleRule{ID: noncurrentRuleID, NoncurrentExpireDays: s.NoncurrentVersionDays})
	return s
}

// expiresNoncurrent reports whether one of the spec's own rules expires
// noncurrent versions.
func (s Spec) expiresNoncurrent() bool {
	for _, r := range s.Lifecycle {
		if r.NoncurrentExpireDays > 0 {
			return true
		}
	}
	return false
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
	p := validate.For("privatebucket", s.Name)
	p.NotEmpty("Name", s.Name)
	if s.Ownership != "" {
		validate.OneOf(p, "Ownership", s.Ownership, OwnerEnforced, OwnerPreferred, ObjectWriter)
	}
	switch {
	case s.NoncurrentVersionDays < 0:
		p.Addf("NoncurrentVersionDays", "%d is negative; allowed: 0 (the default, %d days) or more", s.NoncurrentVersionDays, DefaultNoncurrentVersionDays)
	case s.NoncurrentVersionDays > 0 && s.expiresNoncurrent():
		p.Addf("NoncurrentVersionDays", "%d is set and a Lifecycle rule sets NoncurrentExpireDays too; allowed: one of them", s.NoncurrentVersionDays)
	}
	ids := map[string]bool{}
	if !s.expiresNoncurrent() {
		ids[noncurrentRuleID] = true // New appends that rule
	}
	for i, r := range s.Lifecycle {
		field := fmt.Sprintf("Lifecycle[%d]", i)
		switch {
		case r.ID == "":
			p.Addf(field+".ID", "is required")
		case ids[r.ID]:
			p.Addf(field+".ID", "%q is used by an earlier rule or by the noncurrent-version rule New appends; rule IDs must be unique", r.ID)
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
