package monitoring_test

import (
	"sort"
	"testing"

	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A topic and a key of the user's, in the stack's region and elsewhere.
const (
	ownTopic = "arn:aws:sns:us-east-1:123456789012:on-call"
	ownKey   = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	westKey  = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// With a topic of the user's, the alarms notify it and the component
// creates no topic, key, policy or subscription; TopicARN is the given one.
func TestExistingTopicIsNotifiedNotCreated(t *testing.T) {
	args := stage100()
	args.AlarmEmail = ""
	args.ExistingTopicARN = pulumi.String(ownTopic)
	inv, out := run(t, args)
	for _, typ := range []string{topicType, keyType, topicPolicyType, subscriptionType} {
		assert.Empty(t, inv.ByType(typ), typ)
	}
	assert.Equal(t, ownTopic, out.topicARN)
	all := alarms(inv)
	require.NotEmpty(t, all)
	for alarmName, alarm := range all {
		assert.Equal(t, []interface{}{ownTopic}, millionstacktest.Input(t, alarm, "alarmActions"), alarmName)
		assert.Equal(t, []interface{}{ownTopic}, millionstacktest.Input(t, alarm, "okActions"), alarmName)
	}
}

// With a key of the user's, the component's topic is encrypted with it and
// no key is created.
func TestExistingKeyEncryptsTheTopic(t *testing.T) {
	args := stage100()
	args.ExistingKMSKeyARN = pulumi.String(ownKey)
	inv, _ := run(t, args)
	assert.Empty(t, inv.ByType(keyType))
	assert.Equal(t, ownKey, millionstacktest.Named(t, inv, topicType, "app-alarms").String("kmsMasterKeyId"))
}

// The children are exposed, nil where the user gave their own.
func TestChildrenAreExposed(t *testing.T) {
	var own, given *monitoring.Monitoring
	millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		var err error
		if own, err = monitoring.NewMonitoring(ctx, "own", stage1m()); err != nil {
			return err
		}
		args := stage100()
		args.AlarmEmail, args.ExistingTopicARN = "", pulumi.String(ownTopic)
		given, err = monitoring.NewMonitoring(ctx, "given", args)
		return err
	}, millionstacktest.Options{Stack: stack})
	assert.NotNil(t, own.Topic)
	assert.NotNil(t, own.TopicKey)
	assert.NotNil(t, own.Dashboard)
	assert.NotNil(t, own.Trail)
	assert.Nil(t, given.Topic)
	assert.Nil(t, given.TopicKey)
	assert.Nil(t, given.Dashboard)
	assert.Nil(t, given.Trail)
}

// A load balancer's target carries the group behind it: the same alarms,
// under the same names, as the group given apart.
func TestLoadBalancerTargetWatchesItsGroup(t *testing.T) {
	apart := stage1m()
	together := stage1m()
	lb := together.LoadBalancers["web"]
	lb.AutoScalingGroupName = together.AutoScalingGroups["web"]
	together.LoadBalancers = map[string]monitoring.LoadBalancerTarget{"web": lb}
	together.AutoScalingGroups = nil
	before, _ := run(t, apart)
	after, _ := run(t, together)
	assert.Equal(t, names(before), names(after))
	assert.Equal(t, "app-web-asg", alarms(after)["app-autoscaling-web-cpuutilization"].String("dimensions.AutoScalingGroupName"))
}

func names(inv *millionstacktest.Inventory) []string {
	var out []string
	for _, r := range inv.Resources {
		out = append(out, r.Type+" "+r.Name)
	}
	sort.Strings(out)
	return out
}

// A distribution is watched from us-east-1, where CloudFront publishes.
func TestDistributions(t *testing.T) {
	args := monitoring.MonitoringArgs{Distributions: map[string]monitoring.DistributionTarget{"site": {DistributionID: pulumi.String("E2QWRUHAPOMQZL")}}}
	inv, _ := run(t, args)
	alarm := alarms(inv)["app-distribution-site-5xxerrorrate"]
	require.NotEmpty(t, alarm.URN)
	assert.Equal(t, "AWS/CloudFront", alarm.String("namespace"))
	assert.Equal(t, "E2QWRUHAPOMQZL", alarm.String("dimensions.DistributionId"))
	assert.Equal(t, "Global", alarm.String("dimensions.Region"))
	assert.Equal(t, 5.0, millionstacktest.Input(t, alarm, "threshold"))
}

// Bad resources of the user's, settings that would configure them, and
// targets that cannot be watched from the monitoring's region are refused
// before anything is registered.
func TestLibraryValidation(t *testing.T) {
	west := func(ctx *pulumi.Context) ([]pulumi.ResourceOption, error) {
		p, err := aws.NewProvider(ctx, "west", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		return []pulumi.ResourceOption{pulumi.Provider(p)}, err
	}
	for _, c := range []struct {
		name   string
		change func(*monitoring.MonitoringArgs)
		opts   func(ctx *pulumi.Context) ([]pulumi.ResourceOption, error)
		want   []string
	}{
		{"topic and e-mail", func(a *monitoring.MonitoringArgs) { a.ExistingTopicARN = pulumi.String(ownTopic) }, nil,
			[]string{"monitoring \"app\": ExistingTopicARN and AlarmEmail: the e-mail would subscribe to a topic of your own; subscribe it yourself; allowed: one of them"}},
		{"topic and key", func(a *monitoring.MonitoringArgs) {
			a.AlarmEmail, a.ExistingTopicARN, a.ExistingKMSKeyARN = "", pulumi.String(ownTopic), pulumi.String(ownKey)
		}, nil, []string{"monitoring \"app\": ExistingTopicARN and ExistingKMSKeyARN:"}},
		{"queue as topic", func(a *monitoring.MonitoringArgs) {
			a.AlarmEmail, a.ExistingTopicARN = "", pulumi.String("arn:aws:sqs:us-east-1:123456789012:alarms")
		}, nil, []string{`monitoring "app": ExistingTopicARN: "arn:aws:sqs:us-east-1:123456789012:alarms" is not the ARN of an SNS topic`}},
		{"topic in another region", func(a *monitoring.MonitoringArgs) { a.AlarmEmail, a.ExistingTopicARN = "", pulumi.String(ownTopic) }, west,
			[]string{`monitoring "app": ExistingTopicARN: "` + ownTopic + `" is in us-east-1; allowed: an SNS topic in us-west-2`}},
		{"key in another region", func(a *monitoring.MonitoringArgs) { a.ExistingKMSKeyARN = pulumi.String(westKey) }, nil,
			[]string{`monitoring "app": ExistingKMSKeyARN: "` + westKey + `" is in us-west-2; allowed: a KMS key in us-east-1`}},
		{"distribution outside us-east-1", func(a *monitoring.MonitoringArgs) {
			a.Distributions = map[string]monitoring.DistributionTarget{"site": {DistributionID: pulumi.String("E2QWRUHAPOMQZL")}}
		}, west, []string{"monitoring \"app\": Distributions: [site] are watched from us-west-2; allowed: a monitoring in us-east-1"}},
		{"distribution without ID", func(a *monitoring.MonitoringArgs) {
			a.Distributions = map[string]monitoring.DistributionTarget{"site": {}}
		}, nil, []string{`monitoring "app": Distributions["site"].DistributionID: is required`}},
		{"group twice", func(a *monitoring.MonitoringArgs) {
			a.LoadBalancers = map[string]monitoring.LoadBalancerTarget{"web": {
				ARNSuffix: pulumi.String("app/web/1"), TargetGroupARNSuffix: pulumi.String("targetgroup/web/2"), AutoScalingGroupName: pulumi.String("web"),
			}}
			a.AutoScalingGroups = map[string]pulumi.StringInput{"web": pulumi.String("web")}
		}, nil, []string{`monitoring "app": AutoScalingGroups["web"]: is also LoadBalancers["web"].AutoScalingGroupName`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := stage100()
			c.change(&args)
			inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
				var opts []pulumi.ResourceOption
				if c.opts != nil {
					var err error
					if opts, err = c.opts(ctx); err != nil {
						return err
					}
				}
				_, err := monitoring.NewMonitoring(ctx, name, args, opts...)
				return err
			}, millionstacktest.Options{Stack: stack})
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Empty(t, inv.ByType(componentType), "nothing may be registered when the arguments are invalid")
		})
	}
}

// The tracing grant is X-Ray's write actions and nothing else.
func TestTracingPolicy(t *testing.T) {
	got := make(chan string, 1)
	monitoring.TracingPolicy().ApplyT(func(d string) string { got <- d; return d })
	document := <-got
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["xray:PutTraceSegments","xray:PutTelemetryRecords","xray:GetSamplingRules","xray:GetSamplingTargets","xray:GetSamplingStatisticSummaries"],"Resource":"*"}]}`, document)
}
