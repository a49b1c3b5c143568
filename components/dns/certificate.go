package dns

import (
	"errors"
	"fmt"
	"strings"

	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/acm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// CertificateType is the Certificate component's type token.
const CertificateType = "millionstack:dns:Certificate"

// Certificate is a public ACM certificate proven by DNS records in a Route
// 53 zone, so ACM renews it on its own for as long as the records exist.
//
// Its children are the escape hatch: read their outputs or depend on them.
// To change an input the component sets, give NewCertificate a transform,
// which the engine applies to the children as they register:
//
//	pulumi.Transforms([]pulumi.ResourceTransform{func(_ context.Context, r *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult { ... }})
type Certificate struct {
	pulumi.ResourceState

	// ARN is the certificate's ARN, known only once ACM has validated it:
	// a listener or distribution that uses it waits for a usable certificate.
	ARN pulumi.StringOutput `pulumi:"arn"`

	// Certificate is the ACM certificate `<name>` and Validation its
	// validation, which completes once ACM has checked the records.
	Certificate *acm.Certificate
	Validation  *acm.CertificateValidation
}

// NewCertificate requests a certificate for args.Domain and
// args.AlternativeNames, in args.Region, and validates it through DNS
// records in args.ZoneID. It validates args before it registers anything.
func NewCertificate(ctx *pulumi.Context, name string, args CertificateArgs, opts ...pulumi.ResourceOption) (*Certificate, error) {
	args = args.WithDefaults()
	if err := errors.Join(validate.ComponentName("dns", name), args.validate(name)); err != nil {
		return nil, err
	}
	cert := &Certificate{}
	if err := ctx.RegisterComponentResource(CertificateType, name, cert, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(cert)
	// The ACM resources go to args.Region; when that is not where the
	// component's provider deploys, through a provider `<name>-<region>` of
	// their own with that provider's settings. (CloudFront only accepts
	// certificates from us-east-1.)
	acmOpts := []pulumi.ResourceOption{parent}
	if args.Region != "" {
		var err error
		if acmOpts, err = awsprovider.InRegion(ctx, cert, name, args.Region); err != nil {
			return nil, err
		}
	}
	certArgs := &acm.CertificateArgs{
		DomainName:       pulumi.String(args.Domain),
		ValidationMethod: pulumi.String("DNS"),
		KeyAlgorithm:     pulumi.String("RSA_2048"),
		Tags:             tagging.Named(name, args.Tags),
	}
	if len(args.AlternativeNames) > 0 { // an empty list would show as a diff against ACM's answer
		certArgs.SubjectAlternativeNames = pulumi.ToStringArray(args.AlternativeNames)
	}
	requested, err := acm.NewCertificate(ctx, name, certArgs, acmOpts...)
	if err != nil {
		return nil, err
	}
	var fqdns pulumi.StringArray
	for _, domain := range args.validationDomains() {
		record, err := validationRecord(ctx, name, args.ZoneID, requested, domain, parent)
		if err != nil {
			return nil, err
		}
		fqdns = append(fqdns, record.Fqdn)
	}
	validation, err := acm.NewCertificateValidation(ctx, name, &acm.CertificateValidationArgs{
		CertificateArn:        requested.Arn,
		ValidationRecordFqdns: fqdns,
	}, acmOpts...)
	if err != nil {
		return nil, err
	}
	cert.ARN = validation.CertificateArn
	cert.Certificate, cert.Validation = requested, validation
	return cert, ctx.RegisterResourceOutputs(cert, pulumi.Map{"arn": cert.ARN})
}

// validationRecord creates the DNS record `<name>-validation-<domain with
// dashes>` that proves control of domain, using the record ACM asked for in
// the certificate's domainValidationOptions.
func validationRecord(ctx *pulumi.Context, name string, zoneID pulumi.StringInput, cert *acm.Certificate, domain string, parent pulumi.ResourceOrInvokeOption) (*route53.Record, error) {
	option := cert.DomainValidationOptions.ApplyT(func(options []acm.CertificateDomainValidationOption) (acm.CertificateDomainValidationOption, error) {
		for _, o := range options {
			if o.DomainName != nil && *o.DomainName == domain {
				return o, nil
			}
		}
		return acm.CertificateDomainValidationOption{}, fmt.Errorf("%s: ACM returned no validation record for %q", validate.Scope("dns", name), domain)
	}).(acm.CertificateDomainValidationOptionOutput)
	return route53.NewRecord(ctx, name+"-validation-"+validationKey(domain), &route53.RecordArgs{
		ZoneId:  zoneID,
		Name:    option.ResourceRecordName().Elem(),
		Type:    option.ResourceRecordType().Elem(),
		Records: pulumi.StringArray{option.ResourceRecordValue().Elem()},
		Ttl:     pulumi.Int(60),
		// ACM asks for the same record for a name in every certificate that
		// covers it: another certificate (or its predecessor during a
		// replacement) may already have written it.
		AllowOverwrite: pulumi.Bool(true),
	}, parent)
}

// validationKey is the part of a validation record's logical name that
// identifies the name it proves: "www.example.com" -> "www-example-com".
// A wildcard shares its base name's record, so "*.example.com" has the key
// of "example.com".
func validationKey(domain string) string {
	return strings.ReplaceAll(strings.TrimPrefix(domain, "*."), ".", "-")
}
