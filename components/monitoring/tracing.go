package monitoring

import (
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/xray"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// maxSamplingRuleName is X-Ray's limit on a sampling rule's name.
const maxSamplingRuleName = 32

// newSamplingRule creates the stack's X-Ray sampling rule: the first request
// each second and 5% of the rest, for every service. It matches X-Ray's
// built-in default but is owned by the stack (and ranks before the default),
// so a stage can change the rate in code when traffic grows.
func (m *Monitoring) newSamplingRule(ctx *pulumi.Context, name string, tags map[string]string) error {
	_, err := xray.NewSamplingRule(ctx, name, &xray.SamplingRuleArgs{
		RuleName:      pulumi.String(physicalName(ctx, name, maxSamplingRuleName)),
		Priority:      pulumi.Int(9000),
		Version:       pulumi.Int(1),
		ReservoirSize: pulumi.Int(1),
		FixedRate:     pulumi.Float64(0.05),
		ServiceName:   pulumi.String("*"),
		ServiceType:   pulumi.String("*"),
		Host:          pulumi.String("*"),
		HttpMethod:    pulumi.String("*"),
		UrlPath:       pulumi.String("*"),
		ResourceArn:   pulumi.String("*"),
		Tags:          tagging.Named(name, tags),
	}, pulumi.Parent(m))
	return err
}
