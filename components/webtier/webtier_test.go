package webtier_test

import (
	"encoding/base64"
	"fmt"
	"testing"

	"github.com/millionstack/millionstack/components/webtier"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Resource types the tests look up.
const (
	componentType     = "millionstack:webtier:WebTier"
	loadBalancerType  = "aws:lb/loadBalancer:LoadBalancer"
	targetGroupType   = "aws:lb/targetGroup:TargetGroup"
	listenerType      = "aws:lb/listener:Listener"
	launchTemplate    = "aws:ec2/launchTemplate:LaunchTemplate"
	groupType         = "aws:autoscaling/group:Group"
	policyType        = "aws:autoscaling/policy:Policy"
	securityGroupType = "aws:ec2/securityGroup:SecurityGroup"
	ingressType       = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	egressType        = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	roleType          = "aws:iam/role:Role"
	attachmentType    = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	profileType       = "aws:iam/instanceProfile:InstanceProfile"
	bucketPolicyType  = "aws:s3/bucketPolicy:BucketPolicy"
)

// publicArgs is a minimal public tier: only the required fields.
func publicArgs() webtier.WebTierArgs {
	return webtier.WebTierArgs{
		VpcID:                 pulumi.String("vpc-00000001"),
		LoadBalancerSubnetIDs: pulumi.ToStringArray([]string{"subnet-0000bb0a", "subnet-0000bb0b"}),
		InstanceSubnetIDs:     pulumi.ToStringArray([]string{"subnet-0000aa0a", "subnet-0000aa0b"}),
	}
}

// outputs are the component's outputs as the mocks resolved them.
type outputs struct {
	dnsName, logBucket, instanceSecurityGroup string
}

// record runs NewWebTier("web", args) under the recording mocks.
func record(t *testing.T, args webtier.WebTierArgs) (*millionstacktest.Inventory, outputs, error) {
	t.Helper()
	var out outputs
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		tier, err := webtier.NewWebTier(ctx, "web", args)
		if err != nil {
			return err
		}
		pulumi.All(tier.DNSName, tier.LogBucketName, tier.InstanceSecurityGroupID).ApplyT(func(v []interface{}) error {
			out = outputs{v[0].(string), v[1].(string), v[2].(string)}
			return nil
		})
		return nil
	}, millionstacktest.Options{})
	return inv, out, err
}

// mustRecord records args and fails the test on an error.
func mustRecord(t *testing.T, args webtier.WebTierArgs) (*millionstacktest.Inventory, outputs) {
	t.Helper()
	inv, out, err := record(t, args)
	require.NoError(t, err)
	return inv, out
}

func TestChildrenAreParentedAndNamedAfterTheComponent(t *testing.T) {
	inv, _ := mustRecord(t, publicArgs())
	component := millionstacktest.Only(t, inv, componentType)
	assert.Equal(t, "web", component.Name)
	millionstacktest.ParentedTo(t, component, inv.Cloud()...)
	for _, r := range inv.Cloud() {
		assert.Regexpf(t, `^web(-[a-z0-9-]+)?$`, r.Name, "%s has a name not derived from the component", r.Type)
	}
}

func TestLoadBalancerIsHardenedAndLogsToItsBucket(t *testing.T) {
	inv, out := mustRecord(t, publicArgs())
	alb := millionstacktest.Named(t, inv, loadBalancerType, "web")

	assert.Equal(t, "application", alb.String("loadBalancerType"))
	assert.Equal(t, false, millionstacktest.Input(t, alb, "internal"))
	assert.Equal(t, []interface{}{"subnet-0000bb0a", "subnet-0000bb0b"}, millionstacktest.Input(t, alb, "subnets"))
	assert.Equal(t, []interface{}{"web-lb-id"}, millionstacktest.Input(t, alb, "securityGroups"))
	assert.Equal(t, true, millionstacktest.Input(t, alb, "dropInvalidHeaderFields"))
	assert.Equal(t, "defensive", alb.String("desyncMitigationMode"))
	assert.Equal(t, 60.0, millionstacktest.Input(t, alb, "idleTimeout"))
	assert.Equal(t, true, millionstacktest.Input(t, alb, "enableDeletionProtection"))
	assert.Equal(t, "web-logs", alb.String("accessLogs.bucket"))
	assert.Equal(t, true, millionstacktest.Input(t, alb, "accessLogs.enabled"))
	assert.Contains(t, alb.Dependencies, millionstacktest.Named(t, inv, bucketPolicyType, "web-logs").URN, "the load balancer must wait for the log delivery policy")
	assert.Equal(t, "web-logs", out.logBucket)
	assert.Equal(t, "web-123456789.us-east-1.elb.amazonaws.com", out.dnsName)
}

func TestLogBucketIsPrivateEncryptedExpiringAndWritableOnlyByELB(t *testing.T) {
	args := publicArgs()
	args.S3AccessLogBucket = pulumi.String("stack-access-logs")
	inv, _ := mustRecord(t, args)

	block := millionstacktest.Named(t, inv, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "web-logs")
	for _, setting := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		assert.Equal(t, true, millionstacktest.Input(t, block, setting), setting)
	}
	ownership := millionstacktest.Named(t, inv, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "web-logs")
	assert.Equal(t, "BucketOwnerEnforced", ownership.String("rule.objectOwnership"))
	sse := millionstacktest.Named(t, inv, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "web-logs")
	assert.Equal(t, "AES256", sse.String("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"))
	lifecycle := millionstacktest.Named(t, inv, "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "web-logs")
	assert.Equal(t, "Enabled", lifecycle.String("rules[0].status"))
	assert.Equal(t, 90.0, millionstacktest.Input(t, lifecycle, "rules[0].expiration.days"))
	// Versioned (S3.14) with expired versions gone a month later, and its
	// own S3 server access logs in the stack's access-log bucket (S3.9).
	assert.Equal(t, "Enabled", millionstacktest.Named(t, inv, "aws:s3/bucketVersioningV2:BucketVersioningV2", "web-logs").String("versioningConfiguration.status"))
	assert.Equal(t, "expire-noncurrent-versions", lifecycle.String("rules[1].id"))
	logging := millionstacktest.Named(t, inv, "aws:s3/bucketLoggingV2:BucketLoggingV2", "web-logs")
	assert.Equal(t, "stack-access-logs", logging.String("targetBucket"))
	assert.Equal(t, "web-logs/", logging.String("targetPrefix"))

	policy := millionstacktest.Named(t, inv, bucketPolicyType, "web-logs")
	assert.Contains(t, policy.Dependencies, block.URN, "the policy must wait for the public access block")
	var doc struct {
		Statement []struct {
			Sid, Effect string
			Principal   interface{}
			Action      interface{}
			Resource    interface{}
			Condition   map[string]map[string]string
		}
	}
	millionstacktest.JSON(t, policy, "policy", &doc)
	require.Len(t, doc.Statement, 3)
	bucketARN := "arn:aws:s3:::web-logs"
	logPrefix := bucketARN + "/AWSLogs/" + millionstacktest.AccountID + "/*"

	delivery := doc.Statement[0]
	assert.Equal(t, "Allow", delivery.Effect)
	assert.Equal(t, map[string]interface{}{"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}, delivery.Principal)
	assert.Equal(t, "s3:PutObject", delivery.Action)
	assert.Equal(t, logPrefix, delivery.Resource)

	legacy := doc.Statement[1]
	assert.Equal(t, "Allow", legacy.Effect)
	assert.Equal(t, map[string]interface{}{"AWS": "arn:aws:iam::127311923021:root"}, legacy.Principal, "us-east-1 predates the service principal")
	assert.Equal(t, "s3:PutObject", legacy.Action)
	assert.Equal(t, logPrefix, legacy.Resource)

	tls := doc.Statement[2]
	assert.Equal(t, "Deny", tls.Effect)
	assert.Equal(t, "*", tls.Principal)
	assert.Equal(t, []interface{}{bucketARN, bucketARN + "/*"}, tls.Resource)
	assert.Equal(t, map[string]map[string]string{"Bool": {"aws:SecureTransport": "false"}}, tls.Condition)
}

func TestTargetGroupChecksHealthAndIsNotSticky(t *testing.T) {
	inv, _ := mustRecord(t, publicArgs())
	tg := millionstacktest.Named(t, inv, targetGroupType, "web")

	assert.Equal(t, "vpc-00000001", tg.String("vpcId"))
	assert.Equal(t, "HTTP", tg.String("protocol"))
	assert.Equal(t, 80.0, millionstacktest.Input(t, tg, "port"))
	assert.Equal(t, 30.0, millionstacktest.Input(t, tg, "deregistrationDelay"))
	assert.Equal(t, "/health", tg.String("healthCheck.path"))
	assert.Equal(t, "200-399", tg.String("healthCheck.matcher"))
	assert.Equal(t, 15.0, millionstacktest.Input(t, tg, "healthCheck.interval"))
	assert.Equal(t, 5.0, millionstacktest.Input(t, tg, "healthCheck.timeout"))
	assert.Equal(t, 3.0, millionstacktest.Input(t, tg, "healthCheck.healthyThreshold"))
	assert.Equal(t, 3.0, millionstacktest.Input(t, tg, "healthCheck.unhealthyThreshold"))
	assert.Equal(t, false, millionstacktest.Input(t, tg, "stickiness.enabled"))
}

func TestHealthCheckOverridesAndShortestInterval(t *testing.T) {
	args := publicArgs()
	args.InstancePort = 8080
	args.HealthCheckPath = "/"
	args.HealthyThreshold = 2
	args.UnhealthyThreshold = 10
	args.HealthCheckIntervalSeconds = 5
	args.DeregistrationDelaySeconds = 0
	inv, _ := mustRecord(t, args)
	tg := millionstacktest.Named(t, inv, targetGroupType, "web")

	assert.Equal(t, 8080.0, millionstacktest.Input(t, tg, "port"))
	assert.Equal(t, "/", tg.String("healthCheck.path"))
	assert.Equal(t, 2.0, millionstacktest.Input(t, tg, "healthCheck.healthyThreshold"))
	assert.Equal(t, 10.0, millionstacktest.Input(t, tg, "healthCheck.unhealthyThreshold"))
	assert.Equal(t, 5.0, millionstacktest.Input(t, tg, "healthCheck.interval"))
	assert.Equal(t, 4.0, millionstacktest.Input(t, tg, "healthCheck.timeout"), "the timeout must stay below the interval")
	assert.Equal(t, 30.0, millionstacktest.Input(t, tg, "deregistrationDelay"), "0 selects the default")
}

func TestWithoutCertificateHTTPForwards(t *testing.T) {
	inv, _ := mustRecord(t, publicArgs())
	assert.Equal(t, []string{"web-http"}, millionstacktest.Names(inv.ByType(listenerType)))

	http := millionstacktest.Named(t, inv, listenerType, "web-http")
	assert.Equal(t, "arn:aws:lb:us-east-1:123456789012:loadBalancer/web", http.String("loadBalancerArn"))
	assert.Equal(t, 80.0, millionstacktest.Input(t, http, "port"))
	assert.Equal(t, "HTTP", http.String("protocol"))
	assert.Equal(t, "forward", http.String("defaultActions[0].type"))
	assert.Equal(t, "arn:aws:lb:us-east-1:123456789012:targetGroup/web", http.String("defaultActions[0].targetGroupArn"))
}

func TestWithCertificateHTTPSForwardsAndHTTPRedirects(t *testing.T) {
	args := publicArgs()
	args.CertificateARN = pulumi.String("arn:aws:acm:us-east-1:123456789012:certificate/web")
	inv, _ := mustRecord(t, args)
	assert.ElementsMatch(t, []string{"web-http", "web-https"}, millionstacktest.Names(inv.ByType(listenerType)))

	https := millionstacktest.Named(t, inv, listenerType, "web-https")
	assert.Equal(t, 443.0, millionstacktest.Input(t, https, "port"))
	assert.Equal(t, "HTTPS", https.String("protocol"))
	assert.Equal(t, "ELBSecurityPolicy-TLS13-1-2-2021-06", https.String("sslPolicy"))
	assert.Equal(t, "arn:aws:acm:us-east-1:123456789012:certificate/web", https.String("certificateArn"))
	assert.Equal(t, "forward", https.String("defaultActions[0].type"))
	assert.Equal(t, "arn:aws:lb:us-east-1:123456789012:targetGroup/web", https.String("defaultActions[0].targetGroupArn"))

	http := millionstacktest.Named(t, inv, listenerType, "web-http")
	assert.Equal(t, 80.0, millionstacktest.Input(t, http, "port"))
	assert.Equal(t, "redirect", http.String("defaultActions[0].type"))
	assert.Equal(t, "HTTPS", http.String("defaultActions[0].redirect.protocol"))
	assert.Equal(t, "443", http.String("defaultActions[0].redirect.port"))
	assert.Equal(t, "HTTP_301", http.String("defaultActions[0].redirect.statusCode"))
	assert.Empty(t, http.String("defaultActions[0].targetGroupArn"))
}

func TestLaunchTemplateIsHardened(t *testing.T) {
	inv, out := mustRecord(t, publicArgs())
	lt := millionstacktest.Named(t, inv, launchTemplate, "web")

	assert.Equal(t, "ami-0mock0al2023", lt.String("imageId"))
	assert.Equal(t, []string{"imageId"}, lt.IgnoreChanges, "a new Amazon Linux release must not roll the fleet unasked")
	assert.Equal(t, "t3.small", lt.String("instanceType"))
	assert.Equal(t, "required", lt.String("metadataOptions.httpTokens"))
	assert.Equal(t, 1.0, millionstacktest.Input(t, lt, "metadataOptions.httpPutResponseHopLimit"))
	assert.Equal(t, "/dev/xvda", lt.String("blockDeviceMappings[0].deviceName"))
	assert.Equal(t, "true", lt.String("blockDeviceMappings[0].ebs.encrypted"))
	assert.Equal(t, "gp3", lt.String("blockDeviceMappings[0].ebs.volumeType"))
	assert.Equal(t, 20.0, millionstacktest.Input(t, lt, "blockDeviceMappings[0].ebs.volumeSize"))
	assert.Equal(t, "false", lt.String("networkInterfaces[0].associatePublicIpAddress"))
	assert.Equal(t, []interface{}{"web-instances-id"}, millionstacktest.Input(t, lt, "networkInterfaces[0].securityGroups"))
	assert.Equal(t, "web-instances-id", out.instanceSecurityGroup)
	assert.Equal(t, "arn:aws:iam:us-east-1:123456789012:instanceProfile/web", lt.String("iamInstanceProfile.arn"))
	assert.Equal(t, true, millionstacktest.Input(t, lt, "monitoring.enabled"))
	var tagged []string
	for _, spec := range millionstacktest.Input(t, lt, "tagSpecifications").([]interface{}) {
		spec := spec.(map[string]interface{})
		tagged = append(tagged, spec["resourceType"].(string))
		assert.Equal(t, "web", spec["tags"].(map[string]interface{})["Name"])
	}
	assert.ElementsMatch(t, []string{"instance", "volume", "network-interface"}, tagged)
}

func TestLaunchTemplateOverrides(t *testing.T) {
	args := publicArgs()
	args.AMI = "ami-0123456789abcdef0"
	args.InstanceType = "c7i.large"
	args.RootVolumeGiB = 100
	args.UserData = "#!/bin/sh\necho hello\n"
	inv, _ := mustRecord(t, args)
	lt := millionstacktest.Named(t, inv, launchTemplate, "web")

	assert.Equal(t, "ami-0123456789abcdef0", lt.String("imageId"))
	assert.Empty(t, lt.IgnoreChanges, "a pinned AMI rolls the fleet when it changes")
	assert.Equal(t, "c7i.large", lt.String("instanceType"))
	assert.Equal(t, 100.0, millionstacktest.Input(t, lt, "blockDeviceMappings[0].ebs.volumeSize"))
	assert.Equal(t, base64.StdEncoding.EncodeToString([]byte(args.UserData)), lt.String("userData"))
}

func TestInstanceRoleIsTrustedByEC2WithSSMAndExtraPolicies(t *testing.T) {
	inv, _ := mustRecord(t, publicArgs())
	role := millionstacktest.Named(t, inv, roleType, "web")
	var trust struct {
		Statement []struct {
			Effect, Action string
			Principal      map[string]string
		}
	}
	millionstacktest.JSON(t, role, "assumeRolePolicy", &trust)
	require.Len(t, trust.Statement, 1)
	assert.Equal(t, "Allow", trust.Statement[0].Effect)
	assert.Equal(t, "sts:AssumeRole", trust.Statement[0].Action)
	assert.Equal(t, map[string]string{"Service": "ec2.amazonaws.com"}, trust.Statement[0].Principal)
	assert.Equal(t, "web", millionstacktest.Named(t, inv, profileType, "web").String("role"))

	attachments := inv.ByType(attachmentType)
	require.Len(t, attachments, 1, "only AmazonSSMManagedInstanceCore by default")
	assert.Equal(t, "web-ssm", attachments[0].Name)
	assert.Equal(t, "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", attachments[0].String("policyArn"))
	assert.Equal(t, "web", attachments[0].String("role"))

	args := publicArgs()
	args.InstancePolicyARNs = map[string]pulumi.StringInput{"params": pulumi.String("arn:aws:iam::123456789012:policy/read-params")}
	inv, _ = mustRecord(t, args)
	assert.ElementsMatch(t, []string{"web-ssm", "web-params"}, millionstacktest.Names(inv.ByType(attachmentType)))
	assert.Equal(t, "arn:aws:iam::123456789012:policy/read-params", millionstacktest.Named(t, inv, attachmentType, "web-params").String("policyArn"))
}

func TestAutoScalingGroupRollsAndLeavesDesiredCapacityToAutoScaling(t *testing.T) {
	inv, _ := mustRecord(t, publicArgs())
	asg := millionstacktest.Named(t, inv, groupType, "web")

	assert.Equal(t, []interface{}{"subnet-0000aa0a", "subnet-0000aa0b"}, millionstacktest.Input(t, asg, "vpcZoneIdentifiers"))
	assert.Equal(t, 2.0, millionstacktest.Input(t, asg, "minSize"))
	assert.Equal(t, 4.0, millionstacktest.Input(t, asg, "maxSize"))
	assert.Equal(t, 2.0, millionstacktest.Input(t, asg, "desiredCapacity"))
	assert.Equal(t, []string{"desiredCapacity"}, asg.IgnoreChanges)
	assert.Equal(t, "ELB", asg.String("healthCheckType"))
	assert.Equal(t, 300.0, millionstacktest.Input(t, asg, "healthCheckGracePeriod"))
	assert.Equal(t, 300.0, millionstacktest.Input(t, asg, "defaultInstanceWarmup"))
	assert.Equal(t, []interface{}{"arn:aws:lb:us-east-1:123456789012:targetGroup/web"}, millionstacktest.Input(t, asg, "targetGroupArns"))
	spec := "mixedInstancesPolicy.launchTemplate.launchTemplateSpecification."
	assert.Equal(t, "web-id", asg.String(spec+"launchTemplateId"))
	assert.Equal(t, "1", asg.String(spec+"version"), "pinned to the template's latest version, never $Latest")
	_, plain := asg.Input("launchTemplate")
	assert.False(t, plain, "the provider takes exactly one of launchTemplate and mixedInstancesPolicy")
	assert.Equal(t, "Rolling", asg.String("instanceRefresh.strategy"))
	assert.Equal(t, true, millionstacktest.Input(t, asg, "instanceRefresh.preferences.skipMatching"),
		"the switch from a plain launch template replaces no instance")
	assert.Equal(t, 90.0, millionstacktest.Input(t, asg, "instanceRefresh.preferences.minHealthyPercentage"))
	assert.Equal(t, "300", asg.String("instanceRefresh.preferences.instanceWarmup"))
	assert.Contains(t, millionstacktest.Input(t, asg, "enabledMetrics"), "GroupInServiceInstances")
	assert.Contains(t, asg.Dependencies, millionstacktest.Named(t, inv, listenerType, "web-http").URN, "instances join a target group in service")
	assert.Empty(t, inv.ByType(policyType), "no scaling policy without a target")
}

// The group runs several types of one size (Security Hub AutoScaling.6):
// InstanceType first, on demand, then its same-size equivalents or the
// types given; the launch template keeps InstanceType.
func TestGroupRunsSeveralTypesOfOneSize(t *testing.T) {
	overrides := func(args webtier.WebTierArgs) ([]interface{}, millionstacktest.Resource, millionstacktest.Resource) {
		inv, _ := mustRecord(t, args)
		asg := millionstacktest.Named(t, inv, groupType, "web")
		var types []interface{}
		list, _ := asg.Input("mixedInstancesPolicy.launchTemplate.overrides")
		for _, o := range list.([]interface{}) {
			types = append(types, o.(map[string]interface{})["instanceType"])
		}
		return types, asg, millionstacktest.Named(t, inv, launchTemplate, "web")
	}
	types, asg, lt := overrides(publicArgs())
	assert.Equal(t, []interface{}{"t3.small", "t3a.small"}, types)
	assert.Equal(t, "t3.small", lt.String("instanceType"), "the template is the one of today")
	distribution := "mixedInstancesPolicy.instancesDistribution."
	assert.Equal(t, "prioritized", asg.String(distribution+"onDemandAllocationStrategy"), "InstanceType first, the others when it is short")
	assert.Equal(t, 100.0, millionstacktest.Input(t, asg, distribution+"onDemandPercentageAboveBaseCapacity"), "on demand only")
	assert.Equal(t, 0.0, millionstacktest.Input(t, asg, distribution+"onDemandBaseCapacity"))
	_, spot := asg.Input(distribution + "spotAllocationStrategy")
	assert.False(t, spot)

	args := publicArgs()
	args.InstanceType = "m5.large"
	types, _, _ = overrides(args)
	assert.Equal(t, []interface{}{"m5.large", "m5a.large", "m6i.large"}, types)

	args.InstanceType = "x2iedn.xlarge"
	args.AlternativeInstanceTypes = []string{"x2idn.xlarge"}
	types, _, _ = overrides(args)
	assert.Equal(t, []interface{}{"x2iedn.xlarge", "x2idn.xlarge"}, types, "a type the table does not know, with the types given")

	args = publicArgs()
	args.MinSize, args.MaxSize = 2, 10
	args.SpotPercentage = 70
	_, asg, _ = overrides(args)
	assert.Equal(t, 2.0, millionstacktest.Input(t, asg, distribution+"onDemandBaseCapacity"), "MinSize stays on demand")
	assert.Equal(t, 30.0, millionstacktest.Input(t, asg, distribution+"onDemandPercentageAboveBaseCapacity"))
	assert.Equal(t, "price-capacity-optimized", asg.String(distribution+"spotAllocationStrategy"))
}

func TestGroupSizeOverrides(t *testing.T) {
	args := publicArgs()
	args.MinSize = 3
	args.MaxSize = 30
	args.DesiredCapacity = 6
	args.HealthCheckGracePeriodSeconds = 120
	inv, _ := mustRecord(t, args)
	asg := millionstacktest.Named(t, inv, groupType, "web")

	assert.Equal(t, 3.0, millionstacktest.Input(t, asg, "minSize"))
	assert.Equal(t, 30.0, millionstacktest.Input(t, asg, "maxSize"))
	assert.Equal(t, 6.0, millionstacktest.Input(t, asg, "desiredCapacity"))
	assert.Equal(t, 120.0, millionstacktest.Input(t, asg, "healthCheckGracePeriod"))
	assert.Equal(t, "120", asg.String("instanceRefresh.preferences.instanceWarmup"))
}

func TestScalingPoliciesOnlyForTheTargetsSet(t *testing.T) {
	args := publicArgs()
	args.CPUTargetPercent = 50
	inv, _ := mustRecord(t, args)
	assert.Equal(t, []string{"web-cpu"}, millionstacktest.Names(inv.ByType(policyType)))
	cpu := millionstacktest.Named(t, inv, policyType, "web-cpu")
	assert.Equal(t, "web", cpu.String("autoscalingGroupName"))
	assert.Equal(t, "TargetTrackingScaling", cpu.String("policyType"))
	assert.Equal(t, "ASGAverageCPUUtilization", cpu.String("targetTrackingConfiguration.predefinedMetricSpecification.predefinedMetricType"))
	assert.Equal(t, 50.0, millionstacktest.Input(t, cpu, "targetTrackingConfiguration.targetValue"))

	args = publicArgs()
	args.RequestsPerTarget = 1000
	inv, _ = mustRecord(t, args)
	assert.Equal(t, []string{"web-requests"}, millionstacktest.Names(inv.ByType(policyType)))
	requests := millionstacktest.Named(t, inv, policyType, "web-requests")
	assert.Equal(t, "ALBRequestCountPerTarget", requests.String("targetTrackingConfiguration.predefinedMetricSpecification.predefinedMetricType"))
	assert.Equal(t, "app/web/0123456789abcdef/targetgroup/web/0123456789abcdef",
		requests.String("targetTrackingConfiguration.predefinedMetricSpecification.resourceLabel"))
	assert.Equal(t, 1000.0, millionstacktest.Input(t, requests, "targetTrackingConfiguration.targetValue"))

	args.CPUTargetPercent = 60
	inv, _ = mustRecord(t, args)
	assert.ElementsMatch(t, []string{"web-cpu", "web-requests"}, millionstacktest.Names(inv.ByType(policyType)))
}

// rulesOf returns the rules of one type attached to a security group ID.
func rulesOf(inv *millionstacktest.Inventory, typ, groupID string) []millionstacktest.Resource {
	var out []millionstacktest.Resource
	for _, r := range inv.ByType(typ) {
		if r.String("securityGroupId") == groupID {
			out = append(out, r)
		}
	}
	return out
}

func TestPublicSecurityGroupsAdmitOnlyTheNextHop(t *testing.T) {
	args := publicArgs()
	args.InstancePort = 8080
	inv, _ := mustRecord(t, args)
	assert.ElementsMatch(t, []string{"web-lb", "web-instances"}, millionstacktest.Names(inv.ByType(securityGroupType)))
	for _, sg := range inv.ByType(securityGroupType) {
		_, inline := sg.Input("ingress")
		assert.False(t, inline, "rules must be separate resources")
	}

	lbIngress := rulesOf(inv, ingressType, "web-lb-id")
	require.Len(t, lbIngress, 2)
	var ports []float64
	for _, rule := range lbIngress {
		assert.Equal(t, "0.0.0.0/0", rule.String("cidrIpv4"))
		assert.Equal(t, "tcp", rule.String("ipProtocol"))
		assert.Equal(t, millionstacktest.Input(t, rule, "fromPort"), millionstacktest.Input(t, rule, "toPort"))
		ports = append(ports, millionstacktest.Input(t, rule, "fromPort").(float64))
	}
	assert.ElementsMatch(t, []float64{80, 443}, ports)

	lbEgress := rulesOf(inv, egressType, "web-lb-id")
	require.Len(t, lbEgress, 1)
	assert.Equal(t, "web-instances-id", lbEgress[0].String("referencedSecurityGroupId"))
	assert.Equal(t, 8080.0, millionstacktest.Input(t, lbEgress[0], "fromPort"))
	assert.Equal(t, 8080.0, millionstacktest.Input(t, lbEgress[0], "toPort"))

	instanceIngress := rulesOf(inv, ingressType, "web-instances-id")
	require.Len(t, instanceIngress, 1, "the instances admit the load balancer only")
	assert.Equal(t, "web-instances-from-lb", instanceIngress[0].Name)
	assert.Equal(t, "web-lb-id", instanceIngress[0].String("referencedSecurityGroupId"))
	assert.Empty(t, instanceIngress[0].String("cidrIpv4"))
	assert.Equal(t, "tcp", instanceIngress[0].String("ipProtocol"))
	assert.Equal(t, 8080.0, millionstacktest.Input(t, instanceIngress[0], "fromPort"))
	assert.Equal(t, 8080.0, millionstacktest.Input(t, instanceIngress[0], "toPort"))

	instanceEgress := rulesOf(inv, egressType, "web-instances-id")
	require.Len(t, instanceEgress, 1)
	assert.Equal(t, "-1", instanceEgress[0].String("ipProtocol"))
	assert.Equal(t, "0.0.0.0/0", instanceEgress[0].String("cidrIpv4"))
}

func TestInternalTierAdmitsOnlyTheAllowedSecurityGroups(t *testing.T) {
	args := publicArgs()
	args.Internal = true
	args.LoadBalancerSubnetIDs = pulumi.ToStringArray([]string{"subnet-0000aa0a", "subnet-0000aa0b"})
	args.AllowedSecurityGroups = map[string]pulumi.StringInput{"web": pulumi.String("sg-00000eb0"), "workers": pulumi.String("sg-00000a0b")}
	args.CertificateARN = pulumi.String("arn:aws:acm:us-east-1:123456789012:certificate/internal")
	inv, _ := mustRecord(t, args)

	alb := millionstacktest.Named(t, inv, loadBalancerType, "web")
	assert.Equal(t, true, millionstacktest.Input(t, alb, "internal"))
	assert.Equal(t, []interface{}{"subnet-0000aa0a", "subnet-0000aa0b"}, millionstacktest.Input(t, alb, "subnets"))

	lbIngress := rulesOf(inv, ingressType, "web-lb-id")
	assert.ElementsMatch(t, []string{"web-lb-from-web", "web-lb-from-workers"}, millionstacktest.Names(lbIngress))
	sources := map[string]string{}
	for _, rule := range lbIngress {
		sources[rule.Name] = rule.String("referencedSecurityGroupId")
		assert.Equal(t, 443.0, millionstacktest.Input(t, rule, "fromPort"), "with a certificate callers use HTTPS")
		assert.Equal(t, 443.0, millionstacktest.Input(t, rule, "toPort"))
	}
	assert.Equal(t, map[string]string{"web-lb-from-web": "sg-00000eb0", "web-lb-from-workers": "sg-00000a0b"}, sources)

	for _, rule := range inv.ByType(ingressType) {
		assert.NotEqualf(t, "0.0.0.0/0", rule.String("cidrIpv4"), "%s admits the internet", rule.Name)
	}
	for _, rule := range rulesOf(inv, egressType, "web-lb-id") {
		assert.Emptyf(t, rule.String("cidrIpv4"), "%s lets the load balancer reach beyond the instances", rule.Name)
	}
}

func TestInternalTierWithoutCertificateAdmitsHTTP(t *testing.T) {
	args := publicArgs()
	args.Internal = true
	args.AllowedSecurityGroups = map[string]pulumi.StringInput{"web": pulumi.String("sg-00000eb0")}
	inv, _ := mustRecord(t, args)
	rule := millionstacktest.Named(t, inv, ingressType, "web-lb-from-web")
	assert.Equal(t, 80.0, millionstacktest.Input(t, rule, "fromPort"))
	assert.Equal(t, 80.0, millionstacktest.Input(t, rule, "toPort"))
}

func TestAccessLogsAndDeletionProtectionCanBeTurnedOff(t *testing.T) {
	off := false
	args := publicArgs()
	args.AccessLogs = &off
	args.DeletionProtection = &off
	inv, out := mustRecord(t, args)

	alb := millionstacktest.Named(t, inv, loadBalancerType, "web")
	assert.Equal(t, false, millionstacktest.Input(t, alb, "enableDeletionProtection"))
	_, logged := alb.Input("accessLogs")
	assert.False(t, logged)
	for _, r := range inv.Cloud() {
		assert.NotContainsf(t, r.Type, "aws:s3/", "%s %s registered without access logs", r.Type, r.Name)
	}
	assert.Equal(t, "", out.logBucket)
}

func TestTagsReachEveryTaggableChild(t *testing.T) {
	args := publicArgs()
	args.Tags = map[string]string{"team": "growth"}
	args.AccessLogRetentionDays = 30
	inv, _ := mustRecord(t, args)

	for _, r := range inv.Cloud() {
		if _, taggable := r.Input("tags"); !taggable || r.Type == groupType {
			continue
		}
		assert.Equalf(t, "growth", r.String("tags.team"), "%s %s", r.Type, r.Name)
		assert.Equalf(t, r.Name, r.String("tags.Name"), "%s %s", r.Type, r.Name)
	}
	assert.Equal(t, []interface{}{
		map[string]interface{}{"key": "Name", "value": "web", "propagateAtLaunch": false},
		map[string]interface{}{"key": "team", "value": "growth", "propagateAtLaunch": false},
	}, millionstacktest.Input(t, millionstacktest.Named(t, inv, groupType, "web"), "tags"), "instances take their tags from the launch template")
	lifecycle := millionstacktest.Named(t, inv, "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "web-logs")
	assert.Equal(t, 30.0, millionstacktest.Input(t, lifecycle, "rules[0].expiration.days"))
}

func TestInvalidArgsRegisterNothing(t *testing.T) {
	internal := func(a *webtier.WebTierArgs) {
		a.Internal = true
		a.AllowedSecurityGroups = map[string]pulumi.StringInput{"web": pulumi.String("sg-00000eb0")}
	}
	cases := map[string]struct {
		change func(*webtier.WebTierArgs)
		want   string
	}{
		"missing VPC":              {func(a *webtier.WebTierArgs) { a.VpcID = nil }, "VpcID: is required"},
		"missing LB subnets":       {func(a *webtier.WebTierArgs) { a.LoadBalancerSubnetIDs = nil }, "LoadBalancerSubnetIDs: is required"},
		"missing instance subnets": {func(a *webtier.WebTierArgs) { a.InstanceSubnetIDs = nil }, "InstanceSubnetIDs: is required"},
		"min > max":                {func(a *webtier.WebTierArgs) { a.MinSize, a.MaxSize = 5, 3 }, "MaxSize: 3 is smaller than MinSize 5"},
		"negative min":             {func(a *webtier.WebTierArgs) { a.MinSize = -1 }, "MinSize: -1 is out of range; allowed: 1 to 1000"},
		"max too large":            {func(a *webtier.WebTierArgs) { a.MaxSize = 1001 }, "MaxSize: 1001 is out of range; allowed: 1 to 1000"},
		"desired below min":        {func(a *webtier.WebTierArgs) { a.MinSize, a.DesiredCapacity = 3, 1 }, "DesiredCapacity: 1 is outside the group's size, MinSize 3 to MaxSize 4; allowed: MinSize to MaxSize"},
		"desired above max":        {func(a *webtier.WebTierArgs) { a.DesiredCapacity = 5 }, "DesiredCapacity: 5 is outside the group's size, MinSize 2 to MaxSize 4; allowed: MinSize to MaxSize"},
		"CPU target 5":             {func(a *webtier.WebTierArgs) { a.CPUTargetPercent = 5 }, "CPUTargetPercent: 5 is out of range; allowed: 0 (no policy) or 10 to 90"},
		"CPU target 95":            {func(a *webtier.WebTierArgs) { a.CPUTargetPercent = 95 }, "CPUTargetPercent: 95 is out of range"},
		"requests 0.5":             {func(a *webtier.WebTierArgs) { a.RequestsPerTarget = 0.5 }, "RequestsPerTarget: 0.5 is out of range; allowed: 0 (no policy) or 1 to 100000"},
		"path without slash":       {func(a *webtier.WebTierArgs) { a.HealthCheckPath = "health" }, `HealthCheckPath: "health" is not a path`},
		"healthy threshold 1":      {func(a *webtier.WebTierArgs) { a.HealthyThreshold = 1 }, "HealthyThreshold: 1 is out of range; allowed: 2 to 10"},
		"unhealthy threshold 11":   {func(a *webtier.WebTierArgs) { a.UnhealthyThreshold = 11 }, "UnhealthyThreshold: 11 is out of range; allowed: 2 to 10"},
		"interval 4":               {func(a *webtier.WebTierArgs) { a.HealthCheckIntervalSeconds = 4 }, "HealthCheckIntervalSeconds: 4 is out of range; allowed: 5 to 300"},
		"grace period too long":    {func(a *webtier.WebTierArgs) { a.HealthCheckGracePeriodSeconds = 7201 }, "HealthCheckGracePeriodSeconds: 7201 is out of range; allowed: 0 to 7200"},
		"deregistration too long":  {func(a *webtier.WebTierArgs) { a.DeregistrationDelaySeconds = 3601 }, "DeregistrationDelaySeconds: 3601 is out of range; allowed: 0 to 3600"},
		"internal without allowed": {func(a *webtier.WebTierArgs) { a.Internal = true }, "AllowedSecurityGroups: is empty; allowed: with Internal, at least one security group allowed to reach the load balancer"},
		"allowed on public tier": {func(a *webtier.WebTierArgs) {
			a.AllowedSecurityGroups = map[string]pulumi.StringInput{"web": pulumi.String("sg-00000eb0")}
		}, "AllowedSecurityGroups: [web] is set on a public tier; allowed: only with Internal"},
		"allowed key with capitals": {func(a *webtier.WebTierArgs) {
			internal(a)
			a.AllowedSecurityGroups["Web"] = pulumi.String("sg-00000eb0")
		}, `AllowedSecurityGroups: key "Web" is not allowed`},
		"allowed value nil": {func(a *webtier.WebTierArgs) {
			internal(a)
			a.AllowedSecurityGroups["workers"] = nil
		}, `AllowedSecurityGroups: key "workers" has no value`},
		"policy key ssm": {func(a *webtier.WebTierArgs) {
			a.InstancePolicyARNs = map[string]pulumi.StringInput{"ssm": pulumi.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}
		}, `InstancePolicyARNs: key "ssm" is taken`},
		"policy key with underscore": {func(a *webtier.WebTierArgs) {
			a.InstancePolicyARNs = map[string]pulumi.StringInput{"read_params": pulumi.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}
		}, `InstancePolicyARNs: key "read_params" is not allowed`},
		"bad instance type": {func(a *webtier.WebTierArgs) { a.InstanceType = "t3small" }, `InstanceType: "t3small" is not a valid instance class`},
		"type without equivalent": {func(a *webtier.WebTierArgs) { a.InstanceType = "x2iedn.xlarge" },
			`AlternativeInstanceTypes: is empty and "x2iedn.xlarge" has no same-size equivalent in the table; allowed: other types of InstanceType's vCPUs and memory, such as [m5a.large m6i.large]`},
		"alternative is the type": {func(a *webtier.WebTierArgs) { a.AlternativeInstanceTypes = []string{"t3a.small", "t3.small"} },
			`AlternativeInstanceTypes: "t3.small" is listed twice or is InstanceType`},
		"bad alternative": {func(a *webtier.WebTierArgs) { a.AlternativeInstanceTypes = []string{"t3a"} }, `AlternativeInstanceTypes: "t3a" is not a valid instance class`},
		"too many types": {func(a *webtier.WebTierArgs) {
			for i := 0; i < 40; i++ {
				a.AlternativeInstanceTypes = append(a.AlternativeInstanceTypes, fmt.Sprintf("m%d.large", i+10))
			}
		}, "AlternativeInstanceTypes: holds 41 types with InstanceType; allowed: at most 40"},
		"spot over 100":      {func(a *webtier.WebTierArgs) { a.SpotPercentage = 101 }, "SpotPercentage: 101 is out of range; allowed: 0 to 100"},
		"bad AMI":            {func(a *webtier.WebTierArgs) { a.AMI = "al2023" }, `AMI: "al2023" must start with "ami-"`},
		"negative port":      {func(a *webtier.WebTierArgs) { a.InstancePort = -1 }, "InstancePort: -1 is out of range; allowed: 1 to 65535"},
		"port too large":     {func(a *webtier.WebTierArgs) { a.InstancePort = 65536 }, "InstancePort: 65536 is out of range; allowed: 1 to 65535"},
		"retention too long": {func(a *webtier.WebTierArgs) { a.AccessLogRetentionDays = 3651 }, "AccessLogRetentionDays: 3651 is out of range; allowed: 1 to 3650"},
		"root volume 4 GiB":  {func(a *webtier.WebTierArgs) { a.RootVolumeGiB = 4 }, "RootVolumeGiB: 4 is out of range; allowed: 8 to 16384"},
		"user data too long": {func(a *webtier.WebTierArgs) { a.UserData = string(make([]byte, 16385)) }, "UserData: is 16385 bytes; allowed: at most 16384 bytes"},
		"aws tag":            {func(a *webtier.WebTierArgs) { a.Tags = map[string]string{"aws:owner": "me"} }, `Tags: key "aws:owner" uses the reserved prefix "aws:"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			args := publicArgs()
			c.change(&args)
			inv, _, err := record(t, args)
			require.Error(t, err)
			assert.Contains(t, err.Error(), `webtier "web": `+c.want)
			assert.Empty(t, inv.ByType(componentType), "the component must not be registered")
			assert.Empty(t, inv.Cloud(), "no resource may be registered")
		})
	}
}

func TestEveryProblemIsReportedAtOnce(t *testing.T) {
	args := publicArgs()
	args.MinSize, args.MaxSize = 5, 3
	args.HealthCheckPath = "health"
	args.InstanceType = "large"
	_, _, err := record(t, args)
	require.Error(t, err)
	for _, field := range []string{"MaxSize", "DesiredCapacity", "HealthCheckPath", "InstanceType"} {
		assert.Contains(t, err.Error(), `webtier "web": `+field+":")
	}
}

// ipArgs is an internal tier for container targets, as the 10m stage's app
// tier: the load balancer, its security groups and a target group of type
// "ip" that an ECS service registers its tasks in.
func ipArgs() webtier.WebTierArgs {
	return webtier.WebTierArgs{
		VpcID:                 pulumi.String("vpc-00000001"),
		LoadBalancerSubnetIDs: pulumi.ToStringArray([]string{"subnet-0000aa0a", "subnet-0000aa0b"}),
		Internal:              true,
		AllowedSecurityGroups: map[string]pulumi.StringInput{"web": pulumi.String("sg-00000eb0")},
		Targets:               webtier.TargetsIP,
	}
}

// With container targets the tier is the front only: the load balancer,
// its listeners and a target group of type "ip" (`<name>-ip`), the
// security groups with the hop from the load balancer to the targets, and
// nothing that runs instances.
func TestIPTargetsAreTheFrontOnly(t *testing.T) {
	var tier *webtier.WebTier
	var asg, role, targetGroup string
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		var err error
		tier, err = webtier.NewWebTier(ctx, "web", ipArgs())
		if err != nil {
			return err
		}
		pulumi.All(tier.AutoScalingGroupName, tier.InstanceRoleName, tier.TargetGroupARN).ApplyT(func(v []interface{}) error {
			asg, role, targetGroup = v[0].(string), v[1].(string), v[2].(string)
			return nil
		})
		return nil
	}, millionstacktest.Options{})
	require.NoError(t, err)

	for _, typ := range []string{groupType, launchTemplate, policyType, roleType, profileType, attachmentType} {
		assert.Empty(t, inv.ByType(typ), "no %s with container targets", typ)
	}
	tg := millionstacktest.Only(t, inv, targetGroupType)
	assert.Equal(t, "web-ip", tg.Name)
	assert.Equal(t, "ip", tg.String("targetType"))
	assert.Equal(t, 80.0, millionstacktest.Input(t, tg, "port"))
	assert.Equal(t, "/health", tg.String("healthCheck.path"), "the path an app, and the placeholder container, answer")
	assert.Equal(t, "web-ip", tg.String("tags.Name"))
	for _, l := range inv.ByType(listenerType) {
		assert.Equal(t, tg.Outputs["arn"].StringValue(), l.String("defaultActions[0].targetGroupArn"), l.Name)
	}
	assert.Len(t, tier.Listeners, 1, "the HTTP listener, without a certificate")
	assert.Equal(t, webtier.TargetsIP, tier.Targets)
	assert.Equal(t, "", asg)
	assert.Equal(t, "", role)
	assert.Equal(t, tg.Outputs["arn"].StringValue(), targetGroup)

	// The load balancer reaches the targets' group on the target port, the
	// group admits it, and has no egress of its own: the tasks' own group
	// says where they may connect.
	toTargets := millionstacktest.Named(t, inv, egressType, "web-lb-to-instances")
	assert.Equal(t, "web-instances-id", toTargets.String("referencedSecurityGroupId"))
	assert.Equal(t, 80.0, millionstacktest.Input(t, toTargets, "fromPort"))
	fromLB := millionstacktest.Named(t, inv, ingressType, "web-instances-from-lb")
	assert.Equal(t, "web-lb-id", fromLB.String("referencedSecurityGroupId"))
	assert.Empty(t, rulesOf(inv, egressType, "web-instances-id"), "no egress from the targets' group")
}

// A live internal tier moves from instances to container targets in place:
// the load balancer, its listeners, both security groups and the rules
// between them keep their names; the listeners forward to the new target
// group; what ran instances goes.
func TestMovingToIPTargetsKeepsTheFront(t *testing.T) {
	before := publicArgs()
	before.Internal = true
	before.AllowedSecurityGroups = map[string]pulumi.StringInput{"web": pulumi.String("sg-00000eb0")}
	before.LoadBalancerSubnetIDs = pulumi.ToStringArray([]string{"subnet-0000aa0a", "subnet-0000aa0b"})
	before.CertificateARN = pulumi.String("arn:aws:acm:us-east-1:123456789012:certificate/c")
	after := ipArgs()
	after.CertificateARN = before.CertificateARN
	a, _ := mustRecord(t, before)
	b, _ := mustRecord(t, after)

	next := b.ByURN()
	kept := map[string]bool{}
	for _, r := range a.Cloud() {
		if _, ok := next[r.URN]; ok {
			kept[r.Type+" "+r.Name] = true
		}
	}
	for _, r := range []string{
		loadBalancerType + " web", listenerType + " web-https", listenerType + " web-http",
		securityGroupType + " web-lb", securityGroupType + " web-instances",
		ingressType + " web-lb-from-web", egressType + " web-lb-to-instances", ingressType + " web-instances-from-lb",
	} {
		assert.True(t, kept[r], "%s is kept", r)
	}
	for _, r := range []string{targetGroupType + " web", groupType + " web", launchTemplate + " web", roleType + " web", egressType + " web-instances-to-any"} {
		assert.False(t, kept[r], "%s goes", r)
	}
	alb, lb := millionstacktest.Named(t, a, loadBalancerType, "web"), millionstacktest.Named(t, b, loadBalancerType, "web")
	assert.Equal(t, alb.Plain(), lb.Plain(), "the load balancer is not touched")
	ipGroup := millionstacktest.Named(t, b, targetGroupType, "web-ip")
	assert.Equal(t, ipGroup.Outputs["arn"].StringValue(), millionstacktest.Named(t, b, listenerType, "web-https").String("defaultActions[0].targetGroupArn"))
}

func TestIPTargetsRefuseInstanceSettings(t *testing.T) {
	args := ipArgs()
	args.InstanceSubnetIDs = pulumi.ToStringArray([]string{"subnet-0000aa0a"})
	args.InstanceType = "m5.large"
	args.MinSize, args.MaxSize = 2, 4
	args.CPUTargetPercent = 50
	args.UserData = "#!/bin/sh"
	args.HealthCheckPath = "health"
	inv, _, err := record(t, args)
	millionstacktest.Rejected(t, inv, err,
		`webtier "web": InstanceSubnetIDs: is set with Targets "ip", whose tier has no instances (the container service sizes, scales and places its tasks); allowed: only with Targets "instance"`,
		"webtier \"web\": InstanceType: is set with Targets", "webtier \"web\": MinSize: is set", "webtier \"web\": MaxSize: is set",
		"webtier \"web\": CPUTargetPercent: is set", "webtier \"web\": UserData: is set", `webtier "web": HealthCheckPath: "health" is not a path`)

	args = ipArgs()
	args.Targets = "lambda"
	inv, _, err = record(t, args)
	millionstacktest.Rejected(t, inv, err, `webtier "web": Targets: "lambda" is not supported; allowed: instance, ip`)
}
