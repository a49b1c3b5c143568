package cdn

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// allowFunctionInvoke lets the distribution, and only it, call the function
// behind the function URL origin. Function URLs created since October 2025
// need both lambda:InvokeFunctionUrl (`<name>-function`) and
// lambda:InvokeFunction (`<name>-function-invoke`); both are scoped to the
// distribution's ARN.
func allowFunctionInvoke(ctx *pulumi.Context, name string, fn *FunctionOrigin, dist *cloudfront.Distribution, opts ...pulumi.ResourceOption) error {
	if _, err := lambda.NewPermission(ctx, name+"-function", &lambda.PermissionArgs{
		Action:              pulumi.String("lambda:InvokeFunctionUrl"),
		Function:            fn.FunctionName,
		Principal:           pulumi.String(cloudFrontPrincipal),
		SourceArn:           dist.Arn,
		FunctionUrlAuthType: pulumi.String("AWS_IAM"),
	}, opts...); err != nil {
		return err
	}
	_, err := lambda.NewPermission(ctx, name+"-function-invoke", &lambda.PermissionArgs{
		Action:    pulumi.String("lambda:InvokeFunction"),
		Function:  fn.FunctionName,
		Principal: pulumi.String(cloudFrontPrincipal),
		SourceArn: dist.Arn,
	}, opts...)
	return err
}
