package database

import (
	"fmt"
	"github.com/millionstack/millionstack/internal/validate"
	"strings"

	"github.com/millionstack/millionstack/components/function"
	"github.com/millionstack/millionstack/internal/naming"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/serverlessrepository"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// rotationKey names the rotation function's security group and the
// database's rule admitting it.
const rotationKey = "rotation"

// rotationApplications are the single-user rotation functions AWS
// publishes in the Serverless Application Repository, by engine: the
// applications AWS CDK's DatabaseInstance.addRotationSingleUser deploys
// (aws-cdk-lib aws-secretsmanager/lib/secret-rotation.ts,
// SecretRotationApplication.POSTGRES_ROTATION_SINGLE_USER and
// MYSQL_ROTATION_SINGLE_USER). A single-user function logs in as the user
// whose password it rotates, the master user here, and changes its own
// password (ALTER USER ... WITH PASSWORD).
var rotationApplications = map[Engine]string{
	EnginePostgres: "SecretsManagerRDSPostgreSQLRotationSingleUser",
	EngineMySQL:    "SecretsManagerRDSMySQLRotationSingleUser",
}

// rotationRepository is where the applications live, and the version
// pinned, in each partition: CDK's pins (secret-rotation.ts, 1.1.671 in the
// aws partition for both engines). A newer version ships newer runtimes;
// raise the pin with CDK's.
type rotationRepository struct{ accountARN, version string }

var rotationRepositories = map[string]rotationRepository{
	"aws":        {"arn:aws:serverlessrepo:us-east-1:297356227824:applications/", "1.1.671"},
	"aws-cn":     {"arn:aws-cn:serverlessrepo:cn-north-1:193023089310:applications/", "1.1.440"},
	"aws-us-gov": {"arn:aws-us-gov:serverlessrepo:us-gov-west-1:023102451235:applications/", "1.1.397"},
}

// rotationExcludedCharacters are left out of the passwords the rotation
// function generates: CDK's DEFAULT_PASSWORD_EXCLUDE_CHARS (aws-cdk-lib
// aws-rds/lib/private/util.ts), characters that trouble shells, connection
// strings and other services, and among them every one RDS refuses in a
// master password (/, ', ", @ and space).
const rotationExcludedCharacters = " %+~`#$&*()|[]{}:;<>?!'/@\"\\"

// maxRotationStackName is the longest name the rotation's CloudFormation
// stack gets. CloudFormation takes 128 characters (naming.MaxStackName),
// of which the Serverless Application Repository's prefix
// "serverlessrepo-" takes 15 (the prefix the provider strips when it reads
// the stack back: terraform-provider-aws,
// internal/service/serverlessrepo/cloudformation_stack.go,
// CloudFormationStackNamePrefix); the stack keeps the 64 of the function
// name it was named after until now, so that no stack deployed before is
// renamed, which would replace it.
const maxRotationStackName = 64

// rotationCapabilities are what the application's template needs
// acknowledged: it creates the function's IAM role and the resource policy
// that lets Secrets Manager invoke it.
var rotationCapabilities = []string{"CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"}

// newRotation has Secrets Manager rotate the stored master password every
// days with AWS's single-user rotation function for the engine, deployed
// from the Serverless Application Repository as the CloudFormation stack
// `<name>-rotation` (serverlessrepo-<project>-<stack>-<name>-rotation, under
// CloudFormation's naming rule: maxRotationStackName), running in the site's
// subnets behind its own security group, which the database (its security
// group: database) admits. The function rotates the password of an Aurora
// PostgreSQL cluster as it does an RDS instance's: it connects to the host
// the secret names, the cluster's writer endpoint.
//
// The function is the only reader of the secret besides the bootstrap
// function. Its role comes with the application's template, which grants
// secretsmanager:DescribeSecret, GetSecretValue, PutSecretValue and
// UpdateSecretVersionStage only on the secrets whose rotation function it
// is (condition secretsmanager:resource/AllowRotationLambdaArn: the SAM
// policy template AWSSecretsManagerRotationPolicy, and the permissions the
// Secrets Manager user guide lists for a rotation function), and
// GetRandomPassword. It reads the secret's current version, which must
// hold engine, host, username and password (get_secret_dict in the
// function's lambda_function.py; port and dbname are optional), which is
// why the secret gets its connection version (newConnectionVersion) first.
// It reaches Secrets Manager at https://secretsmanager.<region>.<DNS
// suffix>, what CDK passes without an endpoint: with the network's
// interface endpoint and its private DNS that name resolves to the
// endpoint inside the VPC.
//
// Rotation starts as soon as it is switched on (rotateImmediately, which
// the provider defaults to true too), after the bootstrap, so that the
// bootstrap never reads a password the rotation is changing.
func newRotation(ctx *pulumi.Context, name string, at site, database pulumi.StringInput, master *storedMaster, days int, connection *secretsmanager.SecretVersion, after []pulumi.Resource, parent pulumi.ResourceOrInvokeOption) (*secretsmanager.SecretRotation, error) {
	place, err := newFunctionNetwork(ctx, name, rotationKey, at, database, parent)
	if err != nil {
		return nil, err
	}
	partition, err := aws.GetPartition(ctx, nil, parent)
	if err != nil {
		return nil, err
	}
	region, err := aws.GetRegion(ctx, nil, parent)
	if err != nil {
		return nil, err
	}
	repository, known := rotationRepositories[partition.Partition]
	if !known {
		return nil, fmt.Errorf("%s: AWS publishes no rotation function for partition %s; allowed: aws, aws-cn, aws-us-gov", validate.Scope("database", name), partition.Partition)
	}
	// The function's name keeps what Lambda takes ("_" too); the stack's
	// name is CloudFormation's: letters, digits and hyphens, a letter
	// first (naming.StackName), or the Serverless Application Repository
	// refuses it and `pulumi up` fails.
	physical := function.PhysicalName(ctx.Project(), ctx.Stack(), name+"-"+rotationKey)
	cloudFormationName := naming.StackName(ctx.Project(), ctx.Stack(), name+"-"+rotationKey, maxRotationStackName)
	subnets := at.subnetIDs.ToStringArrayOutput().ApplyT(func(ids []string) string {
		return strings.Join(ids, ",")
	}).(pulumi.StringOutput)
	stackName := name + "-" + rotationKey
	stack, err := serverlessrepository.NewCloudFormationStack(ctx, stackName, &serverlessrepository.CloudFormationStackArgs{
		Name:            pulumi.String(cloudFormationName),
		ApplicationId:   pulumi.String(repository.accountARN + rotationApplications[at.engine]),
		SemanticVersion: pulumi.String(repository.version),
		Capabilities:    pulumi.ToStringArray(rotationCapabilities),
		Parameters: pulumi.StringMap{
			"endpoint":            pulumi.String("https://secretsmanager." + region.Name + "." + partition.DnsSuffix),
			"functionName":        pulumi.String(physical),
			"vpcSubnetIds":        subnets,
			"vpcSecurityGroupIds": place.securityGroup.ID(),
			"excludeCharacters":   pulumi.String(rotationExcludedCharacters),
		},
		Tags: tagging.Named(stackName, at.tags),
	}, parent)
	if err != nil {
		return nil, err
	}
	waitFor := append([]pulumi.Resource{connection, place.admitted}, at.secretsManagerRoute...)
	// The secret itself, not the connection version's copy of its ID: the
	// same value, but a reader of the program (and `millionstack check`) sees
	// which secret rotates; the version is waited for below.
	return secretsmanager.NewSecretRotation(ctx, name+"-master", &secretsmanager.SecretRotationArgs{
		SecretId:          master.secret.ID(),
		RotationLambdaArn: stack.Outputs.MapIndex(pulumi.String("RotationLambdaARN")),
		RotationRules: &secretsmanager.SecretRotationRotationRulesArgs{
			AutomaticallyAfterDays: pulumi.Int(days),
		},
		RotateImmediately: pulumi.Bool(true),
	}, parent, pulumi.DependsOn(append(waitFor, after...)))
}
