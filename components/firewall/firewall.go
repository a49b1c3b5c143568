// Package firewall provides WebACL: an AWS WAF web ACL that puts AWS managed
// rule groups and a per-IP rate limit in front of a load balancer or a
// CloudFront distribution, and logs what it sees to CloudWatch Logs.
package firewall

import (
	"errors"

	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// cloudFrontRegion is the only region that can hold CLOUDFRONT-scoped web ACLs.
const cloudFrontRegion = "us-east-1"

// WebACLType is the WebACL component's type token.
const WebACLType = "millionstack:firewall:WebACL"

// WebACL is a WAFv2 web ACL with its logging and associations.
//
// The exported children are the escape hatch: read their outputs or
// depend on them. To change an input the component sets, give NewWebACL a
// transform, which the engine applies to the children as they register:
//
//	pulumi.Transforms([]pulumi.ResourceTransform{func(_ context.Context, r *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult { ... }})
type WebACL struct {
	pulumi.ResourceState

	// ARN of the web ACL: what a CloudFront distribution's WebACLARN takes.
	ARN pulumi.StringOutput `pulumi:"arn"`
	// ID of the web ACL.
	ID pulumi.StringOutput `pulumi:"id"`

	// ACL is the WAFv2 web ACL `<name>`.
	ACL *wafv2.WebAcl
	// LogGroup is the log group `<name>-logs`; nil with
	// ExistingLogGroupARN.
	LogGroup *cloudwatch.LogGroup
}

// NewWebACL creates a web ACL called name that allows traffic by default and
// blocks what the managed rule groups and the rate limit catch.
func NewWebACL(ctx *pulumi.Context, name string, args WebACLArgs, opts ...pulumi.ResourceOption) (*WebACL, error) {
	args = args.WithDefaults()
	region := args.region()
	if args.needsRegion() {
		looked, err := awsprovider.CurrentRegion(ctx, opts...)
		if err != nil {
			return nil, err
		}
		region = looked
	}
	if err := errors.Join(validate.ComponentName("firewall", name), args.validate(name, region)); err != nil {
		return nil, err
	}
	component := &WebACL{}
	if err := ctx.RegisterComponentResource(WebACLType, name, component, opts...); err != nil {
		return nil, err
	}
	childOpts, err := childOptions(ctx, name, args, component)
	if err != nil {
		return nil, err
	}

	acl, err := wafv2.NewWebAcl(ctx, name, &wafv2.WebAclArgs{
		Scope:         pulumi.String(args.Scope),
		DefaultAction: wafv2.WebAclDefaultActionArgs{Allow: &wafv2.WebAclDefaultActionAllowArgs{}},
		Rules:         rules(args),
		VisibilityConfig: wafv2.WebAclVisibilityConfigArgs{
			CloudwatchMetricsEnabled: pulumi.Bool(true),
			MetricName:               pulumi.String(name),
			SampledRequestsEnabled:   pulumi.Bool(true),
		},
		Tags: tagging.Named(name, args.Tags),
	}, childOpts...)
	if err != nil {
		return nil, err
	}
	if component.LogGroup, err = newLogging(ctx, name, args, acl, childOpts); err != nil {
		return nil, err
	}
	component.ACL = acl
	for key, arn := range args.AssociatedResourceARNs {
		if _, err := wafv2.NewWebAclAssociation(ctx, name+"-"+key, &wafv2.WebAclAssociationArgs{
			ResourceArn: arn,
			WebAclArn:   acl.Arn,
		}, childOpts...); err != nil {
			return nil, err
		}
	}

	component.ARN = acl.Arn
	component.ID = acl.ID().ToStringOutput()
	return component, ctx.RegisterResourceOutputs(component, pulumi.Map{
		"arn": component.ARN,
		"id":  component.ID,
	})
}

// childOptions returns the options every child takes: the component as
// parent and, for a CLOUDFRONT ACL whose inherited provider is not in
// us-east-1, a us-east-1 provider `<name>-us-east-1` of its own with the
// settings of the provider it stands in for (internal/awsprovider).
func childOptions(ctx *pulumi.Context, name string, args WebACLArgs, component *WebACL) ([]pulumi.ResourceOption, error) {
	if args.Scope != ScopeCloudFront {
		return []pulumi.ResourceOption{pulumi.Parent(component)}, nil
	}
	return awsprovider.InRegion(ctx, component, name, cloudFrontRegion)
}
