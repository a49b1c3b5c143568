package monitoring_test

import (
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/container"
	"github.com/millionstack/millionstack/components/monitoring"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Type tokens of the children a Monitoring registers.
const (
	componentType    = "millionstack:monitoring:Monitoring"
	alarmType        = "aws:cloudwatch/metricAlarm:MetricAlarm"
	keyType          = "aws:kms/key:Key"
	topicType        = "aws:sns/topic:Topic"
	topicPolicyType  = "aws:sns/topicPolicy:TopicPolicy"
	subscriptionType = "aws:sns/topicSubscription:TopicSubscription"
	dashboardType    = "aws:cloudwatch/dashboard:Dashboard"
	samplingRuleType = "aws:xray/samplingRule:SamplingRule"
	trailType        = "aws:cloudtrail/trail:Trail"
	bucketType       = "aws:s3/bucketV2:BucketV2"
	accessBlockType  = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	ownershipType    = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	encryptionType   = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	versioningType   = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	lifecycleType    = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	bucketPolicyType = "aws:s3/bucketPolicy:BucketPolicy"
	logGroupType     = "aws:cloudwatch/logGroup:LogGroup"
	roleType         = "aws:iam/role:Role"
	rolePolicyType   = "aws:iam/rolePolicy:RolePolicy"
)

// name is the component name every test uses; stack is the stack it is recorded in.
const (
	name  = "app"
	stack = "dev"
)

// topicARN is the alarm topic's ARN as the mocks answer it.
const topicARN = "arn:aws:sns:us-east-1:123456789012:topic/app-alarms"

// stage100 watches what stage 100 runs: one host and one database.
func stage100() monitoring.MonitoringArgs {
	return monitoring.MonitoringArgs{
		AlarmEmail: "ops@example.com",
		Hosts:      map[string]pulumi.StringInput{"web": pulumi.String("i-0123")},
		Database:   &monitoring.DatabaseTarget{InstanceID: pulumi.String("app-db"), AllocatedStorageGiB: 20, MaxConnections: 850},
		Tags:       map[string]string{"team": "platform"},
	}
}

// stage1m watches everything stage 1m runs, with the same host and database
// as stage100 plus every other tier and feature.
func stage1m() monitoring.MonitoringArgs {
	a := stage100()
	a.Database.ReplicaIDs = map[string]pulumi.StringInput{"read-1": pulumi.String("app-db-read-1")}
	a.Database.ReplicaMaxConnections = 1700
	a.LoadBalancers = map[string]monitoring.LoadBalancerTarget{"web": {
		ARNSuffix: pulumi.String("app/web/0123"), TargetGroupARNSuffix: pulumi.String("targetgroup/web/4567"),
	}}
	a.AutoScalingGroups = map[string]pulumi.StringInput{"web": pulumi.String("app-web-asg")}
	a.Caches = map[string]monitoring.CacheTarget{"sessions": {ReplicationGroupID: pulumi.String("sessions-rg"), Nodes: 2}}
	a.Queues = map[string]monitoring.QueueTarget{"orders": {
		QueueName: pulumi.String("orders"), DeadLetterQueueName: pulumi.String("orders-dlq"), MaxAgeSeconds: 600,
	}}
	a.Functions = map[string]pulumi.StringInput{"resize": pulumi.String("resize-fn")}
	a.Tables = map[string]pulumi.StringInput{"events": pulumi.String("events-table")}
	a.Dashboard, a.Tracing, a.AuditTrail = true, true, true
	a.AccessLogBucket = pulumi.String("stack-access-logs")
	return a
}

// outputs are the component's outputs, resolved by the mocks.
type outputs struct{ topicARN, dashboardName, trailARN string }

// run records a Monitoring built from args and returns the inventory and the
// component's resolved outputs.
func run(t *testing.T, args monitoring.MonitoringArgs) (*millionstacktest.Inventory, outputs) {
	t.Helper()
	got := make(chan outputs, 1)
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		m, err := monitoring.NewMonitoring(ctx, name, args)
		if err != nil {
			return err
		}
		pulumi.All(m.TopicARN, m.DashboardName, m.TrailARN).ApplyT(func(v []interface{}) error {
			got <- outputs{v[0].(string), v[1].(string), v[2].(string)}
			return nil
		})
		return nil
	}, millionstacktest.Options{Stack: stack})
	return inv, <-got
}

// alarms indexes the recorded alarms by logical name.
func alarms(inv *millionstacktest.Inventory) map[string]millionstacktest.Resource {
	out := map[string]millionstacktest.Resource{}
	for _, r := range inv.ByType(alarmType) {
		out[r.Name] = r
	}
	return out
}

// stmt is one statement of a policy document as AWS receives it.
type stmt struct {
	Sid       string
	Effect    string
	Principal interface{}
	Action    interface{}
	Resource  interface{}
	Condition map[string]map[string]interface{}
}

// policy parses the JSON policy document at path of r and indexes its
// statements by Sid.
func policy(t *testing.T, r millionstacktest.Resource, path string) map[string]stmt {
	t.Helper()
	var doc struct{ Statement []stmt }
	millionstacktest.JSON(t, r, path, &doc)
	out := map[string]stmt{}
	for _, s := range doc.Statement {
		out[s.Sid] = s
	}
	return out
}

func TestStage100WatchesOnlyTheHostAndTheDatabase(t *testing.T) {
	inv, out := run(t, stage100())

	var names []string
	for n := range alarms(inv) {
		names = append(names, n)
	}
	assert.ElementsMatch(t, []string{
		"app-host-web-cpuutilization", "app-host-web-statuscheckfailed",
		"app-database-primary-cpuutilization", "app-database-primary-freestoragespace", "app-database-primary-databaseconnections",
	}, names)
	for _, typ := range []string{dashboardType, samplingRuleType, trailType, bucketType, logGroupType, roleType} {
		assert.Empty(t, inv.ByType(typ), "%s without its feature turned on", typ)
	}
	assert.Equal(t, outputs{topicARN: topicARN}, out, "dashboard and trail outputs are empty when off")
}

func TestAlarmThresholdsAndDimensions(t *testing.T) {
	inv, _ := run(t, stage1m())
	got := alarms(inv)
	const gib = 1 << 30

	cases := []struct {
		alarm, namespace, metric, stat, comparison string
		threshold                                  float64
		dimensions                                 map[string]interface{}
	}{
		{"app-host-web-cpuutilization", "AWS/EC2", "CPUUtilization", "Average", "GreaterThanThreshold", 80, map[string]interface{}{"InstanceId": "i-0123"}},
		{"app-host-web-statuscheckfailed", "AWS/EC2", "StatusCheckFailed", "Maximum", "GreaterThanOrEqualToThreshold", 1, map[string]interface{}{"InstanceId": "i-0123"}},
		{"app-database-primary-cpuutilization", "AWS/RDS", "CPUUtilization", "Average", "GreaterThanThreshold", 80, map[string]interface{}{"DBInstanceIdentifier": "app-db"}},
		{"app-database-primary-freestoragespace", "AWS/RDS", "FreeStorageSpace", "Minimum", "LessThanThreshold", 2 * gib, map[string]interface{}{"DBInstanceIdentifier": "app-db"}},
		{"app-database-primary-databaseconnections", "AWS/RDS", "DatabaseConnections", "Average", "GreaterThanThreshold", 0.8 * 850, map[string]interface{}{"DBInstanceIdentifier": "app-db"}},
		{"app-database-replica-read-1-replicalag", "AWS/RDS", "ReplicaLag", "Maximum", "GreaterThanThreshold", 60, map[string]interface{}{"DBInstanceIdentifier": "app-db-read-1"}},
		{"app-database-replica-read-1-databaseconnections", "AWS/RDS", "DatabaseConnections", "Average", "GreaterThanThreshold", 0.8 * 1700, map[string]interface{}{"DBInstanceIdentifier": "app-db-read-1"}},
		{"app-loadbalancer-web-httpcode_elb_5xx_count", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "Sum", "GreaterThanOrEqualToThreshold", 10, map[string]interface{}{"LoadBalancer": "app/web/0123"}},
		{"app-loadbalancer-web-httpcode_target_5xx_count", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", "GreaterThanOrEqualToThreshold", 10, map[string]interface{}{"LoadBalancer": "app/web/0123"}},
		{"app-loadbalancer-web-targetresponsetime", "AWS/ApplicationELB", "TargetResponseTime", "p95", "GreaterThanThreshold", 1, map[string]interface{}{"LoadBalancer": "app/web/0123"}},
		{"app-loadbalancer-web-unhealthyhostcount", "AWS/ApplicationELB", "UnHealthyHostCount", "Maximum", "GreaterThanOrEqualToThreshold", 1, map[string]interface{}{"LoadBalancer": "app/web/0123", "TargetGroup": "targetgroup/web/4567"}},
		{"app-autoscaling-web-cpuutilization", "AWS/EC2", "CPUUtilization", "Average", "GreaterThanThreshold", 85, map[string]interface{}{"AutoScalingGroupName": "app-web-asg"}},
		{"app-cache-sessions-001-enginecpuutilization", "AWS/ElastiCache", "EngineCPUUtilization", "Average", "GreaterThanThreshold", 80, map[string]interface{}{"CacheClusterId": "sessions-rg-001"}},
		{"app-cache-sessions-001-databasememoryusagepercentage", "AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "Average", "GreaterThanThreshold", 80, map[string]interface{}{"CacheClusterId": "sessions-rg-001"}},
		{"app-cache-sessions-001-evictions", "AWS/ElastiCache", "Evictions", "Sum", "GreaterThanThreshold", 0, map[string]interface{}{"CacheClusterId": "sessions-rg-001"}},
		{"app-cache-sessions-002-enginecpuutilization", "AWS/ElastiCache", "EngineCPUUtilization", "Average", "GreaterThanThreshold", 80, map[string]interface{}{"CacheClusterId": "sessions-rg-002"}},
		{"app-cache-sessions-002-databasememoryusagepercentage", "AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "Average", "GreaterThanThreshold", 80, map[string]interface{}{"CacheClusterId": "sessions-rg-002"}},
		{"app-cache-sessions-002-evictions", "AWS/ElastiCache", "Evictions", "Sum", "GreaterThanThreshold", 0, map[string]interface{}{"CacheClusterId": "sessions-rg-002"}},
		{"app-queue-orders-approximateageofoldestmessage", "AWS/SQS", "ApproximateAgeOfOldestMessage", "Maximum", "GreaterThanThreshold", 600, map[string]interface{}{"QueueName": "orders"}},
		{"app-queue-orders-dlq-approximatenumberofmessagesvisible", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", "GreaterThanOrEqualToThreshold", 1, map[string]interface{}{"QueueName": "orders-dlq"}},
		{"app-function-resize-errors", "AWS/Lambda", "Errors", "Sum", "GreaterThanOrEqualToThreshold", 1, map[string]interface{}{"FunctionName": "resize-fn"}},
		{"app-function-resize-throttles", "AWS/Lambda", "Throttles", "Sum", "GreaterThanOrEqualToThreshold", 1, map[string]interface{}{"FunctionName": "resize-fn"}},
		{"app-table-events-readthrottleevents", "AWS/DynamoDB", "ReadThrottleEvents", "Sum", "GreaterThanOrEqualToThreshold", 1, map[string]interface{}{"TableName": "events-table"}},
		{"app-table-events-writethrottleevents", "AWS/DynamoDB", "WriteThrottleEvents", "Sum", "GreaterThanOrEqualToThreshold", 1, map[string]interface{}{"TableName": "events-table"}},
	}
	assert.Len(t, got, len(cases), "one alarm per rule and target, nothing else")
	for _, c := range cases {
		t.Run(c.alarm, func(t *testing.T) {
			a, ok := got[c.alarm]
			require.True(t, ok, "alarm %s missing", c.alarm)
			assert.Equal(t, c.namespace, a.String("namespace"))
			assert.Equal(t, c.metric, a.String("metricName"))
			assert.Equal(t, c.comparison, a.String("comparisonOperator"))
			assert.Equal(t, c.threshold, a.Inputs["threshold"].NumberValue())
			dims, _ := a.Input("dimensions")
			assert.Equal(t, c.dimensions, dims)
			if strings.HasPrefix(c.stat, "p") {
				assert.Equal(t, c.stat, a.String("extendedStatistic"))
				assert.Empty(t, a.String("statistic"), "CloudWatch refuses both statistic and extendedStatistic")
			} else {
				assert.Equal(t, c.stat, a.String("statistic"))
				assert.Empty(t, a.String("extendedStatistic"))
			}
		})
	}
}

func TestHostCPUAlarmsAfterFifteenMinutes(t *testing.T) {
	inv, _ := run(t, stage100())
	cpu := alarms(inv)["app-host-web-cpuutilization"]
	assert.Equal(t, 300.0, cpu.Inputs["period"].NumberValue())
	assert.Equal(t, 3.0, cpu.Inputs["evaluationPeriods"].NumberValue())
	assert.Equal(t, 3.0, cpu.Inputs["datapointsToAlarm"].NumberValue())
}

func TestEveryAlarmNotifiesTheTopicAndSaysWhatToDo(t *testing.T) {
	inv, _ := run(t, stage1m())
	component := millionstacktest.Named(t, inv, componentType, name)
	for n, a := range alarms(inv) {
		assert.Equal(t, component.URN, a.Parent, n)
		assert.Equal(t, true, a.Inputs["actionsEnabled"].BoolValue(), n)
		actions, _ := a.Input("alarmActions")
		assert.Equal(t, []interface{}{topicARN}, actions, "%s alarm actions", n)
		ok, _ := a.Input("okActions")
		assert.Equal(t, []interface{}{topicARN}, ok, "%s OK actions", n)
		assert.Contains(t, []string{"breaching", "missing", "notBreaching"}, a.String("treatMissingData"), n)
		assert.LessOrEqual(t, a.Inputs["datapointsToAlarm"].NumberValue(), a.Inputs["evaluationPeriods"].NumberValue(), n)
		assert.Greater(t, len(a.String("alarmDescription")), 40, "%s description says what to do", n)
		assert.Equal(t, n, a.String("tags.Name"), n)
		assert.Equal(t, "platform", a.String("tags.team"), n)
	}
}

func TestMissingDataIsTreatedPerMetric(t *testing.T) {
	inv, _ := run(t, stage1m())
	got := alarms(inv)
	for alarm, want := range map[string]string{
		"app-host-web-statuscheckfailed":              "breaching",    // silence is an outage
		"app-database-replica-read-1-replicalag":      "breaching",    // replication stopped reporting
		"app-database-primary-cpuutilization":         "missing",      // maintenance must not page
		"app-loadbalancer-web-httpcode_elb_5xx_count": "notBreaching", // no traffic, no errors
		"app-function-resize-errors":                  "notBreaching",
	} {
		assert.Equal(t, want, got[alarm].String("treatMissingData"), alarm)
	}
}

func TestAlarmIdentitySurvivesGrowth(t *testing.T) {
	small, _ := run(t, stage100())
	large, _ := run(t, stage1m())
	grown := large.ByURN()
	smallAlarms := small.ByType(alarmType)
	require.NotEmpty(t, smallAlarms)
	for _, a := range smallAlarms {
		b, ok := grown[a.URN]
		if assert.True(t, ok, "%s lost its URN at stage 1m", a.URN) {
			assert.Equal(t, a.Inputs.Mappable(), b.Inputs.Mappable(), "%s changed inputs at stage 1m", a.Name)
		}
	}
	for _, typ := range []string{keyType, topicType, topicPolicyType} {
		assert.Equal(t, millionstacktest.Named(t, small, typ, "app-alarms").URN, millionstacktest.Named(t, large, typ, "app-alarms").URN, typ)
	}
}

func TestAlarmTopicIsEncryptedWithAKeyCloudWatchAndBudgetsMayUse(t *testing.T) {
	inv, _ := run(t, stage100())

	key := millionstacktest.Named(t, inv, keyType, "app-alarms")
	assert.Equal(t, true, key.Inputs["enableKeyRotation"].BoolValue())
	keyPolicy := policy(t, key, "policy")
	assert.Equal(t, map[string]interface{}{"AWS": "arn:aws:iam::123456789012:root"}, keyPolicy["AccountAdministersKey"].Principal)
	publishers := keyPolicy["AlarmPublishersUseKey"]
	assert.Equal(t, "Allow", publishers.Effect)
	assert.Equal(t, map[string]interface{}{"Service": []interface{}{"cloudwatch.amazonaws.com", "budgets.amazonaws.com"}}, publishers.Principal)
	assert.Equal(t, []interface{}{"kms:Decrypt", "kms:GenerateDataKey*"}, publishers.Action)

	topic := millionstacktest.Named(t, inv, topicType, "app-alarms")
	assert.Equal(t, "arn:aws:kms:us-east-1:123456789012:key/app-alarms", topic.String("kmsMasterKeyId"), "not alias/aws/sns")

	topicPolicy := policy(t, millionstacktest.Named(t, inv, topicPolicyType, "app-alarms"), "policy")
	publish := topicPolicy["AlarmPublishersPublish"]
	assert.Equal(t, "sns:Publish", publish.Action)
	assert.Equal(t, topicARN, publish.Resource)
	assert.Equal(t, publishers.Principal, publish.Principal)
	assert.Equal(t, map[string]interface{}{"aws:SourceAccount": "123456789012"}, publish.Condition["StringEquals"])
	tls := topicPolicy["DenyInsecureTransport"]
	assert.Equal(t, "Deny", tls.Effect)
	assert.Equal(t, map[string]interface{}{"aws:SecureTransport": "false"}, tls.Condition["Bool"])

	email := millionstacktest.Named(t, inv, subscriptionType, "app-alarms-email")
	assert.Equal(t, "email", email.String("protocol"))
	assert.Equal(t, "ops@example.com", email.String("endpoint"))
	assert.Equal(t, topicARN, email.String("topic"))
}

// RotationFailures sends Secrets Manager's RotationFailed events to the
// alarm topic, whose policy and key then admit EventBridge; without it,
// neither the rule nor the principal.
func TestRotationFailuresNotifyTheAlarmTopic(t *testing.T) {
	args := stage100()
	args.RotationFailures = true
	inv, _ := run(t, args)
	rule := millionstacktest.Named(t, inv, "aws:cloudwatch/eventRule:EventRule", "app-rotation-failed")
	var pattern struct {
		Source     []string `json:"source"`
		DetailType []string `json:"detail-type"`
		Detail     struct {
			EventSource []string `json:"eventSource"`
			EventName   []string `json:"eventName"`
		} `json:"detail"`
	}
	millionstacktest.JSON(t, rule, "eventPattern", &pattern)
	assert.Equal(t, []string{"aws.secretsmanager"}, pattern.Source)
	assert.Equal(t, []string{"AWS Service Event via CloudTrail"}, pattern.DetailType)
	assert.Equal(t, []string{"secretsmanager.amazonaws.com"}, pattern.Detail.EventSource)
	assert.Equal(t, []string{"RotationFailed"}, pattern.Detail.EventName)
	target := millionstacktest.Named(t, inv, "aws:cloudwatch/eventTarget:EventTarget", "app-rotation-failed")
	assert.Equal(t, topicARN, target.String("arn"))
	assert.Equal(t, rule.Outputs["name"].StringValue(), target.String("rule"))
	withEvents := map[string]interface{}{"Service": []interface{}{"cloudwatch.amazonaws.com", "budgets.amazonaws.com", "events.amazonaws.com"}}
	assert.Equal(t, withEvents, policy(t, millionstacktest.Named(t, inv, keyType, "app-alarms"), "policy")["AlarmPublishersUseKey"].Principal)
	assert.Equal(t, withEvents, policy(t, millionstacktest.Named(t, inv, topicPolicyType, "app-alarms"), "policy")["AlarmPublishersPublish"].Principal)

	inv, _ = run(t, stage100())
	assert.Empty(t, inv.ByType("aws:cloudwatch/eventRule:EventRule"))
	assert.NotContains(t, millionstacktest.Named(t, inv, topicPolicyType, "app-alarms").String("policy"), "events.amazonaws.com")
}

func TestNoAlarmEmailNoSubscription(t *testing.T) {
	args := stage100()
	args.AlarmEmail = ""
	inv, _ := run(t, args)
	assert.Empty(t, inv.ByType(subscriptionType))
}

func TestDashboardHasARowPerTierPresent(t *testing.T) {
	dashboardTitles := func(args monitoring.MonitoringArgs) (rows []string, graphs map[string][]interface{}) {
		inv, out := run(t, args)
		d := millionstacktest.Named(t, inv, dashboardType, name)
		assert.Equal(t, "app-dev", d.String("dashboardName"))
		assert.Equal(t, "app-dev", out.dashboardName)
		var body struct {
			Widgets []struct {
				Type       string
				Properties struct {
					Markdown, Title string
					Metrics         []interface{}
				}
			}
		}
		millionstacktest.JSON(t, d, "dashboardBody", &body)
		graphs = map[string][]interface{}{}
		for _, w := range body.Widgets {
			if w.Type == "text" {
				rows = append(rows, w.Properties.Markdown)
			} else {
				graphs[w.Properties.Title] = w.Properties.Metrics
			}
		}
		return rows, graphs
	}

	small := stage100()
	small.Dashboard = true
	rows, _ := dashboardTitles(small)
	assert.Equal(t, []string{"## Hosts", "## Database"}, rows)

	rows, graphs := dashboardTitles(stage1m())
	assert.Equal(t, []string{"## Hosts", "## Database", "## Load balancers", "## Auto scaling groups", "## Caches", "## Queues", "## Functions", "## Tables"}, rows)
	assert.Equal(t, []interface{}{
		[]interface{}{"AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", "sessions-rg-001", map[string]interface{}{"label": "sessions-001", "period": 300.0, "stat": "Average"}},
		[]interface{}{"AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", "sessions-rg-002", map[string]interface{}{"label": "sessions-002", "period": 300.0, "stat": "Average"}},
	}, graphs["Caches: EngineCPUUtilization"], "a line per member cluster, with the alarm's statistic")
	assert.Contains(t, graphs, "Load balancers: TargetResponseTime")
	assert.Contains(t, graphs, "Database: ReplicaLag")
	assert.Contains(t, graphs, "Queues: ApproximateNumberOfMessagesVisible")
}

func TestTracingAddsASamplingRuleWithAShortUniqueName(t *testing.T) {
	inv, _ := run(t, stage1m())
	rule := millionstacktest.Named(t, inv, samplingRuleType, name)
	assert.Equal(t, "app-dev", rule.String("ruleName"))
	assert.Equal(t, 0.05, rule.Inputs["fixedRate"].NumberValue())

	long := []string{"checkout-monitoring-eu1", "checkout-monitoring-eu2"}
	inv = millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		for _, n := range long {
			if _, err := monitoring.NewMonitoring(ctx, n, monitoring.MonitoringArgs{Tracing: true}); err != nil {
				return err
			}
		}
		return nil
	}, millionstacktest.Options{Stack: "production-europe"})
	first, second := millionstacktest.Named(t, inv, samplingRuleType, long[0]).String("ruleName"), millionstacktest.Named(t, inv, samplingRuleType, long[1]).String("ruleName")
	assert.Len(t, first, 32)
	assert.Len(t, second, 32)
	assert.NotEqual(t, first, second, "truncation keeps names unique")
}

func TestAuditTrailIsMultiRegionEncryptedAndValidated(t *testing.T) {
	inv, out := run(t, stage1m())
	const trailARN = "arn:aws:cloudtrail:us-east-1:123456789012:trail/app-dev"
	const bucketARN = "arn:aws:s3:::app-trail"
	const logGroupARN = "arn:aws:cloudwatch:us-east-1:123456789012:logGroup/app-trail"

	trail := millionstacktest.Named(t, inv, trailType, name)
	assert.Equal(t, "app-dev", trail.String("name"))
	assert.Equal(t, true, trail.Inputs["isMultiRegionTrail"].BoolValue())
	assert.Equal(t, true, trail.Inputs["includeGlobalServiceEvents"].BoolValue())
	assert.Equal(t, true, trail.Inputs["enableLogFileValidation"].BoolValue())
	assert.Equal(t, true, trail.Inputs["enableLogging"].BoolValue())
	assert.Equal(t, "app-trail", trail.String("s3BucketName"))
	assert.Equal(t, "arn:aws:kms:us-east-1:123456789012:key/app-trail", trail.String("kmsKeyId"))
	assert.Equal(t, logGroupARN+":*", trail.String("cloudWatchLogsGroupArn"))
	assert.Equal(t, "arn:aws:iam:us-east-1:123456789012:role/app-trail", trail.String("cloudWatchLogsRoleArn"))
	assert.Subset(t, trail.Dependencies, []string{
		millionstacktest.Named(t, inv, bucketPolicyType, "app-trail").URN, millionstacktest.Named(t, inv, rolePolicyType, "app-trail").URN,
	}, "CloudTrail checks both policies when the trail is created")
	assert.Equal(t, "arn:aws:cloudtrail:us-east-1:123456789012:trail/app", out.trailARN)

	key := millionstacktest.Named(t, inv, keyType, "app-trail")
	assert.Equal(t, true, key.Inputs["enableKeyRotation"].BoolValue())
	encrypt := policy(t, key, "policy")["TrailEncryptsLogs"]
	assert.Equal(t, "kms:GenerateDataKey*", encrypt.Action)
	assert.Equal(t, map[string]interface{}{"aws:SourceArn": trailARN}, encrypt.Condition["StringEquals"])

	block := millionstacktest.Named(t, inv, accessBlockType, "app-trail")
	for _, setting := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		v, _ := block.Input(setting)
		assert.Equal(t, true, v, setting)
	}
	assert.Equal(t, "BucketOwnerEnforced", millionstacktest.Named(t, inv, ownershipType, "app-trail").String("rule.objectOwnership"))
	assert.Equal(t, "AES256", millionstacktest.Named(t, inv, encryptionType, "app-trail").String("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"))
	assert.Equal(t, "Enabled", millionstacktest.Named(t, inv, versioningType, "app-trail").String("versioningConfiguration.status"))
	lifecycle := millionstacktest.Named(t, inv, lifecycleType, "app-trail")
	assert.Equal(t, "Enabled", lifecycle.String("rules[0].status"))
	assert.Equal(t, "365", lifecycle.String("rules[0].expiration.days"))
	assert.Equal(t, "30", lifecycle.String("rules[0].noncurrentVersionExpiration.noncurrentDays"))
	logging := millionstacktest.Named(t, inv, "aws:s3/bucketLoggingV2:BucketLoggingV2", "app-trail")
	assert.Equal(t, "stack-access-logs", logging.String("targetBucket"), "S3 server access logs of the trail bucket (S3.9)")
	assert.Equal(t, "app-trail/", logging.String("targetPrefix"))

	bucketPolicy := millionstacktest.Named(t, inv, bucketPolicyType, "app-trail")
	statements := policy(t, bucketPolicy, "policy")
	acl := statements["TrailChecksBucketAcl"]
	assert.Equal(t, map[string]interface{}{"Service": []interface{}{"cloudtrail.amazonaws.com"}}, acl.Principal)
	assert.Equal(t, "s3:GetBucketAcl", acl.Action)
	assert.Equal(t, bucketARN, acl.Resource)
	assert.Equal(t, map[string]interface{}{"aws:SourceArn": trailARN}, acl.Condition["StringEquals"])
	write := statements["TrailWritesLogs"]
	assert.Equal(t, "s3:PutObject", write.Action)
	assert.Equal(t, bucketARN+"/AWSLogs/123456789012/*", write.Resource)
	assert.Equal(t, map[string]interface{}{"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailARN}, write.Condition["StringEquals"])
	tls := statements["DenyInsecureTransport"]
	assert.Equal(t, "Deny", tls.Effect)
	assert.Equal(t, []interface{}{bucketARN, bucketARN + "/*"}, tls.Resource)

	assert.Equal(t, "365", millionstacktest.Named(t, inv, logGroupType, "app-trail").String("retentionInDays"))
	role := millionstacktest.Named(t, inv, roleType, "app-trail")
	trust := policy(t, role, "assumeRolePolicy")["CloudTrailAssumes"]
	assert.Equal(t, map[string]interface{}{"Service": "cloudtrail.amazonaws.com"}, trust.Principal)
	write = policy(t, millionstacktest.Named(t, inv, rolePolicyType, "app-trail"), "policy")["WriteTrailLogStreams"]
	assert.Equal(t, []interface{}{"logs:CreateLogStream", "logs:PutLogEvents"}, write.Action)
	assert.Equal(t, logGroupARN+":log-stream:*", write.Resource, "only the trail's own log group")
}

func TestAuditTrailRoleTrustsCloudTrailOnlyForThisTrail(t *testing.T) {
	inv, _ := run(t, stage1m())
	var trust struct{ Statement []map[string]interface{} }
	role := millionstacktest.Named(t, inv, roleType, "app-trail")
	millionstacktest.JSON(t, role, "assumeRolePolicy", &trust)
	assert.Equal(t, []map[string]interface{}{{
		"Sid":       "CloudTrailAssumes",
		"Effect":    "Allow",
		"Principal": map[string]interface{}{"Service": "cloudtrail.amazonaws.com"},
		"Action":    "sts:AssumeRole",
		"Condition": map[string]interface{}{"StringEquals": map[string]interface{}{
			"aws:SourceAccount": "123456789012",
			"aws:SourceArn":     "arn:aws:cloudtrail:us-east-1:123456789012:trail/app-dev",
		}},
	}}, trust.Statement, "the confused-deputy guard: CloudTrail acting for this trail only")
}

func TestAuditTrailBucketIsConfiguredOneSettingAtATime(t *testing.T) {
	inv, _ := run(t, stage1m())
	chain := []millionstacktest.Resource{
		millionstacktest.Named(t, inv, accessBlockType, "app-trail"),
		millionstacktest.Named(t, inv, ownershipType, "app-trail"),
		millionstacktest.Named(t, inv, encryptionType, "app-trail"),
		millionstacktest.Named(t, inv, versioningType, "app-trail"),
		millionstacktest.Named(t, inv, lifecycleType, "app-trail"),
		millionstacktest.Named(t, inv, bucketPolicyType, "app-trail"),
		millionstacktest.Named(t, inv, trailType, name),
	}
	for i := 1; i < len(chain); i++ {
		assert.Contains(t, chain[i].Dependencies, chain[i-1].URN,
			"%s waits for %s: S3 rejects concurrent configuration changes (OperationAborted)", chain[i].Type, chain[i-1].Type)
	}
}

func TestLogRetentionOverride(t *testing.T) {
	args := stage1m()
	args.LogRetentionDays = 90
	inv, _ := run(t, args)
	assert.Equal(t, "90", millionstacktest.Named(t, inv, logGroupType, "app-trail").String("retentionInDays"))
}

func TestValidation(t *testing.T) {
	cases := map[string]struct {
		change func(a *monitoring.MonitoringArgs)
		want   []string
	}{
		"bad e-mail":    {func(a *monitoring.MonitoringArgs) { a.AlarmEmail = "ops@" }, []string{`AlarmEmail: "ops@" is not an e-mail address`}},
		"bad retention": {func(a *monitoring.MonitoringArgs) { a.LogRetentionDays = 42 }, []string{"LogRetentionDays: 42 days is not a CloudWatch Logs retention"}},
		"bad host key": {func(a *monitoring.MonitoringArgs) {
			a.Hosts = map[string]pulumi.StringInput{"Web_1": pulumi.String("i-1")}
		}, []string{`Hosts: key "Web_1" cannot name resources`}},
		"nil host": {func(a *monitoring.MonitoringArgs) { a.Hosts["web"] = nil }, []string{`Hosts["web"]: is required`}},
		"database": {func(a *monitoring.MonitoringArgs) {
			a.Database = &monitoring.DatabaseTarget{MaxConnections: -1, ReplicaIDs: map[string]pulumi.StringInput{"read-": pulumi.String("r")}}
		}, []string{
			"Database.InstanceID: is required",
			"Database.AllocatedStorageGiB: 0 is out of range; allowed: 1 to 65536",
			"Database.MaxConnections: -1 is less than 1; allowed: the primary's max_connections, 1 or more",
			`Database.ReplicaIDs: key "read-" cannot name resources`,
			"Database.ReplicaMaxConnections: 0 with 1 replica(s); allowed: with replicas, the replicas' max_connections, 1 or more",
		}},
		// No default: max_connections follows the instance class (about 190
		// on db.t3.small, 850 on db.m5.large), and a fixed 80 paged all day.
		"database without max connections": {func(a *monitoring.MonitoringArgs) { a.Database.MaxConnections = 0 }, []string{
			"Database.MaxConnections: 0 is less than 1; allowed: the primary's max_connections, 1 or more (database.Database.MaxConnections)",
		}},
		"service": {func(a *monitoring.MonitoringArgs) {
			a.Services = map[string]monitoring.ServiceTarget{"app": {Alarms: []monitoring.Alarm{{Key: "CPU"}, {Key: "mem", Namespace: "AWS/ECS", MetricName: "MemoryUtilization", Dimensions: pulumi.StringMap{}}, {Key: "mem"}}}, "idle": {}}
		}, []string{
			`Services["app"]: alarm key "CPU" is not allowed`, `Services["app"]: alarm "CPU" needs Namespace, MetricName and Dimensions`,
			`Services["app"]: alarm key "mem" is not allowed`, `Services["idle"]: has no alarms`,
		}},
		"load balancer": {func(a *monitoring.MonitoringArgs) {
			a.LoadBalancers = map[string]monitoring.LoadBalancerTarget{"web": {ARNSuffix: pulumi.String("app/web/1")}}
		}, []string{`LoadBalancers["web"].TargetGroupARNSuffix: is required`}},
		"auto scaling group": {func(a *monitoring.MonitoringArgs) { a.AutoScalingGroups = map[string]pulumi.StringInput{"web": nil} }, []string{`AutoScalingGroups["web"]: is required`}},
		"cache": {func(a *monitoring.MonitoringArgs) {
			a.Caches = map[string]monitoring.CacheTarget{"none": {Nodes: 0}, "many": {ReplicationGroupID: pulumi.String("rg"), Nodes: 7}}
		}, []string{
			`Caches["none"].ReplicationGroupID: is required`, `Caches["none"].Nodes: 0 is out of range; allowed: 1 to 6`,
			`Caches["many"].Nodes: 7 is out of range; allowed: 1 to 6`,
		}},
		"queue": {func(a *monitoring.MonitoringArgs) {
			a.Queues = map[string]monitoring.QueueTarget{"fast": {QueueName: pulumi.String("q"), MaxAgeSeconds: 30}, "slow": {MaxAgeSeconds: 1209601}}
		}, []string{
			`Queues["fast"].MaxAgeSeconds: 30 is out of range; allowed: 60 to 1209600`,
			`Queues["slow"].QueueName: is required`, `Queues["slow"].MaxAgeSeconds: 1209601 is out of range`,
		}},
		"function": {func(a *monitoring.MonitoringArgs) { a.Functions = map[string]pulumi.StringInput{"resize": nil} }, []string{`Functions["resize"]: is required`}},
		"table":    {func(a *monitoring.MonitoringArgs) { a.Tables = map[string]pulumi.StringInput{"": pulumi.String("t")} }, []string{`Tables: key "" cannot name resources`}},
	}
	for label, c := range cases {
		t.Run(label, func(t *testing.T) {
			args := stage100()
			c.change(&args)
			inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
				_, err := monitoring.NewMonitoring(ctx, name, args)
				return err
			}, millionstacktest.Options{Stack: stack})
			require.Error(t, err)
			for _, want := range c.want {
				assert.Contains(t, err.Error(), `monitoring "app": `+want)
			}
			millionstacktest.NothingRegistered(t, inv)
		})
	}
}

func TestDefaultsLeaveTheCallersArgsAlone(t *testing.T) {
	args := stage1m()
	args.Queues["orders"] = monitoring.QueueTarget{QueueName: pulumi.String("orders")}
	inv, _ := run(t, args)
	assert.Equal(t, 900.0, alarms(inv)["app-queue-orders-approximateageofoldestmessage"].Inputs["threshold"].NumberValue())
	assert.Zero(t, args.Queues["orders"].MaxAgeSeconds)
}

func TestExplicitNamesAreSafeForEveryService(t *testing.T) {
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		_, err := monitoring.NewMonitoring(ctx, "app", monitoring.MonitoringArgs{Dashboard: true, Tracing: true, AuditTrail: true})
		return err
	}, millionstacktest.Options{Stack: "10k._eu"})
	assert.Equal(t, "app-10k-eu", millionstacktest.Named(t, inv, dashboardType, "app").String("dashboardName"), "no dots, no '_-' runs")
	assert.Equal(t, "app-10k-eu", millionstacktest.Named(t, inv, samplingRuleType, "app").String("ruleName"))
	assert.Equal(t, "app-10k-eu", millionstacktest.Named(t, inv, trailType, "app").String("name"))
}

// A container service's alarms, as the service asks for them, in the
// region of the monitoring that watches it: a monitoring made through a
// provider for a second region watches the service of that region there.
func TestContainerServicesAreWatchedInTheirRegion(t *testing.T) {
	inv := millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
		west, err := aws.NewProvider(ctx, "secondary", &aws.ProviderArgs{Region: pulumi.String("us-west-2")})
		if err != nil {
			return err
		}
		svc, err := container.NewService(ctx, "app", container.ServiceArgs{
			VpcID: pulumi.String("vpc-00000001"), SubnetIDs: pulumi.ToStringArray([]string{"subnet-0000000a", "subnet-0000000b"}), MinCount: 3,
		}, pulumi.Provider(west))
		if err != nil {
			return err
		}
		_, err = monitoring.NewMonitoring(ctx, name, monitoring.MonitoringArgs{
			Services: map[string]monitoring.ServiceTarget{"app": svc.AlarmTarget()}, Dashboard: true,
		}, pulumi.Provider(west))
		return err
	}, millionstacktest.Options{Stack: stack})
	provider := millionstacktest.Named(t, inv, "pulumi:providers:aws", "secondary")
	all := alarms(inv)
	for key, want := range map[string][2]string{
		"cpu": {"AWS/ECS", "CPUUtilization"}, "memory": {"AWS/ECS", "MemoryUtilization"}, "running-tasks": {"ECS/ContainerInsights", "RunningTaskCount"},
	} {
		alarm, ok := all[name+"-service-app-"+key]
		if !assert.True(t, ok, "alarm %s", key) {
			continue
		}
		assert.Equal(t, want[0], alarm.String("namespace"), key)
		assert.Equal(t, want[1], alarm.String("metricName"), key)
		assert.Equal(t, "app", alarm.String("dimensions.ServiceName"), key)
		assert.Equal(t, "app", alarm.String("dimensions.ClusterName"), key)
		assert.True(t, strings.HasPrefix(alarm.Provider, provider.URN+"::"), "%s is in the second region", key)
	}
	assert.Equal(t, 3.0, millionstacktest.Input(t, all[name+"-service-app-running-tasks"], "threshold"), "fewer tasks than the service's minimum")
	dashboard := millionstacktest.Only(t, inv, dashboardType)
	assert.Contains(t, dashboard.String("dashboardBody"), `"region":"us-west-2"`)
	assert.Contains(t, dashboard.String("dashboardBody"), `"ECS/ContainerInsights","RunningTaskCount"`)
}
