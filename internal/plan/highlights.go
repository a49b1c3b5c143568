package plan

import (
	"fmt"
	"strings"

	"github.com/millionstack/millionstack/millionstacktest"
)

// highlighted are the inputs worth showing per resource type: size, placement
// and the security settings a reviewer looks for first. Display name ->
// input path.
var highlighted = map[string][][2]string{
	"aws:ec2/vpc:Vpc":       {{"cidr", "cidrBlock"}},
	"aws:ec2/subnet:Subnet": {{"cidr", "cidrBlock"}, {"az", "availabilityZone"}},
	"aws:ec2/instance:Instance": {
		{"type", "instanceType"}, {"imds", "metadataOptions.httpTokens"}, {"rootEncrypted", "rootBlockDevice.encrypted"},
	},
	"aws:ebs/volume:Volume": {{"size", "size"}, {"type", "type"}, {"encrypted", "encrypted"}, {"az", "availabilityZone"}},
	"aws:rds/instance:Instance": {
		{"class", "instanceClass"}, {"engine", "engine"}, {"version", "engineVersion"}, {"multiAZ", "multiAz"},
		{"storage", "allocatedStorage"}, {"encrypted", "storageEncrypted"}, {"replicaOf", "replicateSourceDb"},
	},
	"aws:rds/cluster:Cluster": {
		{"engine", "engine"}, {"version", "engineVersion"}, {"storage", "storageType"}, {"encrypted", "storageEncrypted"},
		{"iamAuth", "iamDatabaseAuthenticationEnabled"}, {"backupDays", "backupRetentionPeriod"},
	},
	"aws:rds/clusterInstance:ClusterInstance": {{"class", "instanceClass"}, {"az", "availabilityZone"}, {"promotionTier", "promotionTier"}},
	"aws:rds/globalCluster:GlobalCluster":     {{"engine", "engine"}, {"version", "engineVersion"}, {"encrypted", "storageEncrypted"}},
	"aws:dynamodb/tableReplica:TableReplica":  {{"pitr", "pointInTimeRecovery"}, {"deletionProtection", "deletionProtectionEnabled"}},
	"aws:ec2/launchTemplate:LaunchTemplate":   {{"type", "instanceType"}, {"imds", "metadataOptions.httpTokens"}},
	"aws:autoscaling/group:Group": {
		{"min", "minSize"}, {"max", "maxSize"}, {"desired", "desiredCapacity"}, {"health", "healthCheckType"},
		{"type", "mixedInstancesPolicy.launchTemplate.overrides[0].instanceType"},
		{"orType", "mixedInstancesPolicy.launchTemplate.overrides[1].instanceType"},
		{"orType2", "mixedInstancesPolicy.launchTemplate.overrides[2].instanceType"},
	},
	"aws:autoscaling/policy:Policy":    {{"metric", "targetTrackingConfiguration.predefinedMetricSpecification.predefinedMetricType"}, {"target", "targetTrackingConfiguration.targetValue"}},
	"aws:lb/loadBalancer:LoadBalancer": {{"internal", "internal"}, {"dropInvalidHeaders", "dropInvalidHeaderFields"}},
	"aws:lb/listener:Listener":         {{"port", "port"}, {"protocol", "protocol"}, {"tls", "sslPolicy"}},
	"aws:elasticache/replicationGroup:ReplicationGroup": {
		{"node", "nodeType"}, {"nodes", "numCacheClusters"}, {"multiAZ", "multiAzEnabled"},
		{"atRest", "atRestEncryptionEnabled"}, {"inTransit", "transitEncryptionEnabled"},
	},
	"aws:cloudfront/distribution:Distribution": {{"priceClass", "priceClass"}, {"tls", "viewerCertificate.minimumProtocolVersion"}},
	"aws:dynamodb/table:Table":                 {{"billing", "billingMode"}, {"pitr", "pointInTimeRecovery.enabled"}, {"stream", "streamViewType"}},
	"aws:sqs/queue:Queue":                      {{"visibility", "visibilityTimeoutSeconds"}, {"retention", "messageRetentionSeconds"}},
	"aws:lambda/function:Function":             {{"runtime", "runtime"}, {"memory", "memorySize"}, {"timeout", "timeout"}},
	"aws:cloudwatch/metricAlarm:MetricAlarm":   {{"metric", "metricName"}, {"threshold", "threshold"}},
	"aws:wafv2/webAcl:WebAcl":                  {{"scope", "scope"}},
	"aws:budgets/budget:Budget":                {{"limit", "limitAmount"}},
	// The backup component writes the daily rule first, the monthly second.
	"aws:backup/plan:Plan": {
		{"daily", "rules[0].schedule"}, {"dailyKeepDays", "rules[0].lifecycle.deleteAfter"},
		{"monthly", "rules[1].schedule"}, {"monthlyKeepDays", "rules[1].lifecycle.deleteAfter"},
		{"copyTo", "rules[0].copyActions[0].destinationVaultArn"},
	},
	"aws:backup/vaultLockConfiguration:VaultLockConfiguration": {{"minDays", "minRetentionDays"}, {"maxDays", "maxRetentionDays"}},
	"aws:backup/selection:Selection":                           {{"tag", "conditions[0].stringEquals[0].key"}, {"value", "conditions[0].stringEquals[0].value"}},
}

// Highlights returns the settings worth showing for a resource.
func Highlights(r millionstacktest.Resource) map[string]string {
	fields := highlighted[r.Type]
	if len(fields) == 0 {
		return nil
	}
	out := map[string]string{}
	for _, f := range fields {
		if v := r.String(f[1]); v != "" {
			out[f[0]] = v
		}
	}
	return out
}

// formatSettings renders highlights in the order of the table.
func formatSettings(typ string, settings map[string]string) string {
	var parts []string
	for _, f := range highlighted[typ] {
		if v, ok := settings[f[0]]; ok {
			parts = append(parts, fmt.Sprintf("%s=%s", f[0], v))
		}
	}
	return strings.Join(parts, " ")
}
