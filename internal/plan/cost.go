package plan

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// CostLine is one priced item of one resource: quantity x price = monthly.
type CostLine struct {
	Item       string  `json:"item"`
	Quantity   float64 `json:"quantity"`
	Unit       string  `json:"unit"`
	UnitUSD    float64 `json:"unitUSD"`
	MonthlyUSD float64 `json:"monthlyUSD"`
	Source     string  `json:"source"`
	// Unconfirmed marks a line built on an expected, not confirmed, list price.
	Unconfirmed bool `json:"unconfirmed,omitempty"`
}

// UsageLine is a charge that grows with use, listed with its unit price
// and source but never multiplied: how much a resource stores or moves is
// not known before it runs (backup storage, data copied between regions).
type UsageLine struct {
	Item        string  `json:"item"`
	Unit        string  `json:"unit"`
	UnitUSD     float64 `json:"unitUSD"`
	Source      string  `json:"source"`
	Unconfirmed bool    `json:"unconfirmed,omitempty"`
}

// String renders the line as the plan lists it: "EBS backups $0.05/GB-month",
// "$0.10" rather than "$0.1", "$0.095" in full.
func (u UsageLine) String() string {
	price := strconv.FormatFloat(u.UnitUSD, 'f', -1, 64)
	if i := strings.IndexByte(price, '.'); i < 0 || len(price)-i-1 < 2 {
		price = fmt.Sprintf("%.2f", u.UnitUSD)
	}
	return fmt.Sprintf("%s $%s/%s", u.Item, price, u.Unit)
}

func usage(item string, p Price) UsageLine {
	return UsageLine{Item: item, Unit: p.Unit, UnitUSD: p.USD, Source: p.Source, Unconfirmed: p.Unconfirmed}
}

// Cost is the estimate for one resource: fixed monthly lines, plus what it
// will also cost with use that the planner cannot know (traffic, requests).
type Cost struct {
	Lines      []CostLine `json:"lines,omitempty"`
	MonthlyUSD float64    `json:"monthlyUSD"`
	// Usage are the usage charges with a price in the table.
	Usage []UsageLine `json:"usage,omitempty"`
	// Unpriced says what other usage-based charges come on top.
	Unpriced string `json:"unpriced,omitempty"`
}

func line(item string, qty float64, p Price) CostLine {
	return CostLine{
		Item: item, Quantity: qty, Unit: p.Unit, UnitUSD: p.USD,
		MonthlyUSD: round2(qty * p.USD), Source: p.Source, Unconfirmed: p.Unconfirmed,
	}
}

// pricer prices one resource type; the inventory is there for resources whose
// price depends on another (a replica's engine, an ASG's launch template).
type pricer func(r millionstacktest.Resource, inv *millionstacktest.Inventory) Cost

// pricers are the resource types that cost money or have usage charges worth
// a note. A type not listed here is free (security groups, route tables,
// IAM, gateway endpoints, certificates...).
var pricers = map[string]pricer{
	"aws:ec2/instance:Instance":                                        priceInstance,
	"aws:ebs/volume:Volume":                                            priceVolume,
	"aws:ec2/eip:Eip":                                                  fixed(priceIPv4, HoursPerMonth, "public IPv4 address", ""),
	"aws:ec2/natGateway:NatGateway":                                    fixed(priceNAT, HoursPerMonth, "NAT gateway hours", "data processed $0.045/GB"),
	"aws:rds/instance:Instance":                                        priceDatabase,
	"aws:rds/clusterInstance:ClusterInstance":                          priceClusterInstance,
	"aws:rds/cluster:Cluster":                                          priceCluster,
	"aws:rds/globalCluster:GlobalCluster":                              usageOnly(usage("replicated write I/Os, per secondary region", priceAuroraGlobalIO), usage("transfer to each secondary region", priceInterRegion)),
	"aws:dynamodb/tableReplica:TableReplica":                           usageOnly(usage("replicated writes", priceDDBWrites), usage("storage", priceDDBStorage), usage("transfer from the table's region", priceInterRegion)),
	"aws:s3/bucketReplicationConfig:BucketReplicationConfig":           usageOnly(usage("replication requests", priceS3Puts), usage("transfer to the copy's region", priceInterRegion)),
	"aws:lb/loadBalancer:LoadBalancer":                                 fixed(priceALB, HoursPerMonth, "load balancer hours", "LCUs $0.008/LCU-hour"),
	"aws:autoscaling/group:Group":                                      priceGroup,
	"aws:ecs/service:Service":                                          priceFargateService,
	"aws:ecs/cluster:Cluster":                                          note("Container Insights: metrics $0.30/metric-month, performance events as log ingestion $0.50/GB; more metrics when enhanced"),
	"aws:elasticache/replicationGroup:ReplicationGroup":                priceCache,
	"aws:cloudwatch/metricAlarm:MetricAlarm":                           fixed(priceAlarm, 1, "alarm", ""),
	"aws:cloudwatch/dashboard:Dashboard":                               fixed(priceDashboard, 1, "dashboard", ""),
	"aws:cloudwatch/logGroup:LogGroup":                                 note("ingestion $0.50/GB, storage $0.03/GB-month"),
	"aws:wafv2/webAcl:WebAcl":                                          priceWebACLRules,
	"aws:kms/key:Key":                                                  fixed(priceKMSKey, 1, "customer-managed key", "requests $0.03/10,000"),
	"aws:secretsmanager/secret:Secret":                                 fixed(priceSecret, 1, "secret", "API calls $0.05/10,000"),
	"aws:route53/zone:Zone":                                            fixed(priceHostedZone, 1, "hosted zone", "queries $0.40/million"),
	"aws:budgets/budget:Budget":                                        fixed(priceBudget, 1, "cost budget", ""),
	"aws:cloudfront/distribution:Distribution":                         note("data transfer out $0.085/GB, HTTPS requests $0.01/10,000"),
	"aws:s3/bucketV2:BucketV2":                                         note("storage $0.023/GB-month, requests"),
	"aws:lambda/function:Function":                                     note("requests $0.20/million, duration $0.0000166667/GB-second"),
	"aws:sqs/queue:Queue":                                              note("requests $0.40/million"),
	"aws:sns/topic:Topic":                                              note("publishes $0.50/million"),
	"aws:dynamodb/table:Table":                                         note("on-demand writes $0.625/million, reads $0.125/million, storage $0.25/GB-month, PITR $0.20/GB-month"),
	"aws:cloudtrail/trail:Trail":                                       note("first management-event trail free; S3 storage"),
	"aws:ec2/flowLog:FlowLog":                                          note("vended log ingestion"),
	"aws:xray/samplingRule:SamplingRule":                               note("traces recorded $5/million beyond the free tier"),
	"aws:cloudwatch/eventRule:EventRule":                               note("AWS service events on the default bus are free (EventBridge pricing)"),
	"aws:elasticache/serverlessCache:ServerlessCache":                  note("not used by millionstack"),
	"aws:apigatewayv2/api:Api":                                         note("requests"),
	"aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration":  note("log ingestion"),
	"aws:ec2/vpcEndpoint:VpcEndpoint":                                  priceEndpoint,
	"aws:serverlessrepository/cloudFormationStack:CloudFormationStack": note("the rotation function: a few Lambda requests a month"),
	"aws:dlm/lifecyclePolicy:LifecyclePolicy":                          usageOnly(usage("snapshot storage", priceEBSSnapshot)),
	"aws:backup/plan:Plan":                                             priceBackupPlan,
	"aws:route53/healthCheck:HealthCheck":                              priceHealthCheck,
	"aws:ec2/vpcPeeringConnection:VpcPeeringConnection":                usageOnly(usage("data between the regions, each way", priceInterRegion)),
	"aws:route53/record:Record":                                        priceRecord,
}

// Estimate prices one resource.
func Estimate(r millionstacktest.Resource, inv *millionstacktest.Inventory) Cost {
	p, ok := pricers[r.Type]
	if !ok || !r.Custom {
		return Cost{}
	}
	c := p(r, inv)
	for _, l := range c.Lines {
		c.MonthlyUSD += l.MonthlyUSD
	}
	c.MonthlyUSD = round2(c.MonthlyUSD)
	return c
}

func fixed(p Price, qty float64, item, unpriced string) pricer {
	return func(millionstacktest.Resource, *millionstacktest.Inventory) Cost {
		return Cost{Lines: []CostLine{line(item, qty, p)}, Unpriced: unpriced}
	}
}

func note(unpriced string) pricer {
	return func(millionstacktest.Resource, *millionstacktest.Inventory) Cost { return Cost{Unpriced: unpriced} }
}

func usageOnly(lines ...UsageLine) pricer {
	return func(millionstacktest.Resource, *millionstacktest.Inventory) Cost { return Cost{Usage: lines} }
}

func notPriced(what string) Cost {
	return Cost{Unpriced: "no list price in the table for " + what}
}

func priceInstance(r millionstacktest.Resource, _ *millionstacktest.Inventory) Cost {
	c := computeCost(r.String("instanceType"), 1)
	if size := number(r, "rootBlockDevice.volumeSize"); size > 0 {
		c.Lines = append(c.Lines, line("root volume gp3 GB", size, priceGP3))
	}
	return c
}

// computeCost prices n instances of an EC2 type for a month.
func computeCost(instanceType string, n float64) Cost {
	p, ok := ec2Hourly[instanceType]
	if !ok {
		return notPriced("EC2 " + instanceType)
	}
	return Cost{Lines: []CostLine{line(fmt.Sprintf("%s instance hours", instanceType), n*HoursPerMonth, p)}}
}

func priceVolume(r millionstacktest.Resource, _ *millionstacktest.Inventory) Cost {
	return Cost{Lines: []CostLine{line("gp3 GB", number(r, "size"), priceGP3)}, Usage: []UsageLine{usage("snapshots", priceEBSSnapshot)}}
}

// priceDatabase prices an RDS instance; a read replica takes engine and
// storage from its source.
func priceDatabase(r millionstacktest.Resource, inv *millionstacktest.Inventory) Cost {
	engine, storage := r.String("engine"), number(r, "allocatedStorage")
	if src := r.String("replicateSourceDb"); src != "" {
		source, ok := findByOutput(inv, "aws:rds/instance:Instance", "identifier", src)
		if !ok { // a replica in another region names its source by ARN
			source, ok = findByOutput(inv, "aws:rds/instance:Instance", "arn", src)
		}
		if ok {
			engine = orDefault(engine, source.String("engine"))
			if storage == 0 {
				storage = number(source, "allocatedStorage")
			}
		}
	}
	multiAZ := r.String("multiAz") == "true"
	class := r.String("instanceClass")
	p, ok := rdsHourly[rdsKey{class, engine, multiAZ}]
	if !ok {
		return notPriced(fmt.Sprintf("RDS %s %s (multi-AZ %v)", engine, class, multiAZ))
	}
	deployment := "Single-AZ"
	storagePrice := priceRDSStorage
	if multiAZ {
		deployment, storagePrice = "Multi-AZ", priceRDSStorageMZ
	}
	lines := []CostLine{
		line(fmt.Sprintf("%s %s %s hours", class, engine, deployment), HoursPerMonth, p),
		line("gp3 storage GB", storage, storagePrice),
	}
	if r.String("manageMasterUserPassword") == "true" {
		lines = append(lines, line("managed master password secret", 1, priceSecret))
	}
	return Cost{Lines: lines, Usage: []UsageLine{usage("backups beyond the allocated size", priceRDSBackup)}, Unpriced: "I/O"}
}

// priceClusterInstance prices an Aurora instance by the hour, at the
// I/O-Optimized rate when its cluster's storage is.
func priceClusterInstance(r millionstacktest.Resource, inv *millionstacktest.Inventory) Cost {
	class := r.String("instanceClass")
	p, ok := auroraHourly[class]
	if !ok {
		return notPriced("Aurora PostgreSQL " + class)
	}
	item := class + " Aurora PostgreSQL hours"
	if cluster, found := findByOutput(inv, "aws:rds/cluster:Cluster", "id", r.String("clusterIdentifier")); found && cluster.String("storageType") == "aurora-iopt1" {
		p.USD *= auroraIOOptimized
		p.Source += "; " + srcAuroraIOOpt
		item = class + " Aurora PostgreSQL I/O-Optimized hours"
	}
	return Cost{Lines: []CostLine{line(item, HoursPerMonth, p)}}
}

// priceCluster lists what an Aurora cluster costs with use: its storage
// volume, billed per GB used, shared by its instances; I/O (none on
// I/O-Optimized); backups beyond the volume's size.
func priceCluster(r millionstacktest.Resource, _ *millionstacktest.Inventory) Cost {
	if r.String("storageType") == "aurora-iopt1" {
		return Cost{Usage: []UsageLine{usage("storage (I/O-Optimized)", priceAuroraStorageIO), usage("backups beyond the volume", priceAuroraBackup)}}
	}
	return Cost{Usage: []UsageLine{usage("storage", priceAuroraStorage), usage("I/O", priceAuroraIO), usage("backups beyond the volume", priceAuroraBackup)}}
}

// priceBackupPlan lists what an AWS Backup plan costs with use: the storage
// of its backups, per service at that service's backup rate (Aurora's too
// when a selection of the plan picks DB clusters), and with copy actions
// the transfer to the copy region (where the copies are stored at the same
// rates). The plan itself, its vault and its selections cost nothing; the
// vaults' keys are priced as keys.
func priceBackupPlan(r millionstacktest.Resource, inv *millionstacktest.Inventory) Cost {
	c := Cost{Usage: []UsageLine{
		usage("EBS volume backups", priceEBSSnapshot),
		usage("RDS backups", priceRDSBackup),
		usage("DynamoDB backups", priceDDBBackup),
	}}
	if selectsClusters(r, inv) {
		c.Usage = append(c.Usage, usage("Aurora backups", priceAuroraBackup))
	}
	if _, copies := r.Input("rules[0].copyActions[0].destinationVaultArn"); copies {
		c.Usage = append(c.Usage, usage("transfer to the copy region", priceInterRegion))
		c.Unpriced = "copies stored in the copy region at the same rates"
	}
	return c
}

// selectsClusters reports whether a selection of the backup plan picks
// Aurora DB clusters, which AWS Backup names by their cluster ARN
// (arn:<partition>:rds:<region>:<account>:cluster:<id>). Their snapshots
// are billed by Aurora, at its backup storage rate: a resource type without
// full AWS Backup management has its backups' storage billed by its own
// service (AWS Backup developer guide, "Metering, costs, and billing").
func selectsClusters(plan millionstacktest.Resource, inv *millionstacktest.Inventory) bool {
	if inv == nil {
		return false
	}
	for _, s := range inv.ByType("aws:backup/selection:Selection") {
		if owner, found := findByOutput(inv, plan.Type, "id", s.String("planId")); !found || owner.URN != plan.URN {
			continue
		}
		resources, _ := s.Input("resources")
		if list, ok := resources.([]interface{}); ok {
			for _, arn := range list {
				if strings.Contains(fmt.Sprint(arn), ":rds:") && strings.Contains(fmt.Sprint(arn), ":cluster:") {
					return true
				}
			}
		}
	}
	return false
}

// priceEndpoint prices an interface VPC endpoint by the hour in each of its
// AZs, one per subnet; a gateway endpoint (S3, DynamoDB) is free.
func priceEndpoint(r millionstacktest.Resource, _ *millionstacktest.Inventory) Cost {
	if r.String("vpcEndpointType") != "Interface" {
		return Cost{}
	}
	azs := 1.0 // AWS picks one subnet when none is named
	if subnets, ok := r.Input("subnetIds"); ok {
		if list, ok := subnets.([]interface{}); ok && len(list) > 0 {
			azs = float64(len(list))
		}
	}
	return Cost{
		Lines:    []CostLine{line(fmt.Sprintf("interface endpoint hours in %d AZ(s)", int(azs)), azs*HoursPerMonth, priceEndpointAZ)},
		Unpriced: "data processed $0.01/GB",
	}
}

// priceGroup prices an Auto Scaling group at its desired capacity, with the
// instance type it launches first: the first override of its mixed
// instances policy, or else its launch template's type. The other types of
// the policy are of the same size and launched only when the first is
// short, so the estimate stays at the first one's price (and on demand:
// Spot, when asked for, only lowers it).
func priceGroup(r millionstacktest.Resource, inv *millionstacktest.Inventory) Cost {
	n := number(r, "desiredCapacity")
	if n == 0 {
		n = number(r, "minSize")
	}
	templateID := r.String("launchTemplate.id")
	if id := r.String("mixedInstancesPolicy.launchTemplate.launchTemplateSpecification.launchTemplateId"); id != "" {
		templateID = id
	}
	lt, ok := findByOutput(inv, "aws:ec2/launchTemplate:LaunchTemplate", "id", templateID)
	if !ok {
		return notPriced("an Auto Scaling group without a known launch template")
	}
	instanceType := orDefault(r.String("mixedInstancesPolicy.launchTemplate.overrides[0].instanceType"), lt.String("instanceType"))
	c := computeCost(instanceType, n)
	if size := number(lt, "blockDeviceMappings[0].ebs.volumeSize"); size > 0 {
		c.Lines = append(c.Lines, line("root volumes gp3 GB", n*size, priceGP3))
	}
	c.Unpriced = fmt.Sprintf("at desired capacity %d; up to %d instances when scaled out", int(n), int(number(r, "maxSize")))
	return c
}

// priceFargateService prices an ECS service on Fargate at its desired count,
// with the size and architecture of its task definition; the scalable
// target that scales it says how far it may grow.
func priceFargateService(r millionstacktest.Resource, inv *millionstacktest.Inventory) Cost {
	td, ok := findByOutput(inv, "aws:ecs/taskDefinition:TaskDefinition", "arn", r.String("taskDefinition"))
	if !ok {
		return notPriced("an ECS service without a known task definition")
	}
	arch := orDefault(td.String("runtimePlatform.cpuArchitecture"), "X86_64")
	p, ok := fargateHourly[arch]
	if !ok {
		return notPriced("Fargate " + arch)
	}
	n := number(r, "desiredCount")
	vcpu, gb := number(td, "cpu")/1024, number(td, "memory")/1024
	unpriced := fmt.Sprintf("at desired count %d", int(n))
	if name, ok := r.Outputs["name"]; ok {
		for _, t := range inv.ByType("aws:appautoscaling/target:Target") {
			if strings.HasSuffix(t.String("resourceId"), "/"+fmt.Sprint(name.V)) {
				unpriced += fmt.Sprintf("; up to %d tasks when scaled out", int(number(t, "maxCapacity")))
			}
		}
	}
	if strings.Contains(fmt.Sprint(r.Plain()["capacityProviderStrategies"]), "FARGATE_SPOT") {
		unpriced += "; tasks on Fargate Spot cost less than priced"
	}
	return Cost{
		Lines: []CostLine{
			line(fmt.Sprintf("Fargate %s vCPU hours (%g vCPU x %d tasks)", arch, vcpu, int(n)), n*HoursPerMonth*vcpu, p.VCPU),
			line(fmt.Sprintf("Fargate %s GB hours (%g GB x %d tasks)", arch, gb, int(n)), n*HoursPerMonth*gb, p.GB),
		},
		Unpriced: unpriced + "; ephemeral storage over 20 GB $0.000111/GB-hour",
	}
}

func priceCache(r millionstacktest.Resource, _ *millionstacktest.Inventory) Cost {
	nodeType := r.String("nodeType")
	p, ok := cacheHourly[nodeType]
	if !ok {
		return notPriced("ElastiCache " + nodeType)
	}
	nodes := number(r, "numCacheClusters")
	if nodes == 0 {
		nodes = 1
	}
	item := nodeType + " Redis OSS node hours"
	if r.String("engine") == "valkey" {
		p.USD *= valkeyDiscount
		item = nodeType + " Valkey node hours"
	}
	return Cost{Lines: []CostLine{line(item, nodes*HoursPerMonth, p)}, Unpriced: "backup storage beyond one snapshot $0.085/GB-month"}
}

func priceWebACLRules(r millionstacktest.Resource, _ *millionstacktest.Inventory) Cost {
	rules := 0.0
	if list, ok := r.Input("rules"); ok {
		if l, ok := list.([]interface{}); ok {
			rules = float64(len(l))
		}
	}
	return Cost{
		Lines:    []CostLine{line("web ACL", 1, priceWebACL), line("rules", rules, priceWAFRule)},
		Unpriced: "requests $0.60/million",
	}
}

// priceHealthCheck prices a Route 53 health check: the check, at the rate
// of an AWS endpoint when it checks one (a name under amazonaws.com: a load
// balancer, an instance), and each optional feature it uses (HTTPS, a fast
// interval, string matching, latency measurement). The first 50 checks of
// AWS endpoints an account has are free: the estimate assumes none is.
func priceHealthCheck(r millionstacktest.Resource, _ *millionstacktest.Inventory) Cost {
	check, option, endpoint := priceHealthCheckOther, priceHealthCheckOption, "other endpoint"
	if strings.HasSuffix(r.String("fqdn"), ".amazonaws.com") {
		check, option, endpoint = priceHealthCheckAWS, priceHealthCheckOptionAWS, "AWS endpoint"
	}
	typ := r.String("type")
	var features []string
	if strings.HasPrefix(typ, "HTTPS") {
		features = append(features, "HTTPS")
	}
	if strings.HasSuffix(typ, "STR_MATCH") {
		features = append(features, "string matching")
	}
	if number(r, "requestInterval") == 10 {
		features = append(features, "fast interval")
	}
	if r.String("measureLatency") == "true" {
		features = append(features, "latency measurement")
	}
	lines := []CostLine{line("health check of an "+endpoint, 1, check)}
	if len(features) > 0 {
		lines = append(lines, line("optional features: "+strings.Join(features, ", "), float64(len(features)), option))
	}
	return Cost{Lines: lines}
}

// priceRecord lists what a record's queries cost: nothing for an alias to
// an AWS resource (a load balancer, a distribution), the latency rate for a
// latency-routed record and for an alias to one in the zone, the standard
// rate otherwise.
func priceRecord(r millionstacktest.Resource, inv *millionstacktest.Inventory) Cost {
	latency := func(rec millionstacktest.Resource) bool {
		_, routed := rec.Input("latencyRoutingPolicies[0].region")
		return routed
	}
	aliasZone := r.String("aliases[0].zoneId")
	switch {
	case aliasZone != "" && aliasZone != r.String("zoneId"):
		return Cost{} // an alias to an AWS resource: its queries are free
	case latency(r):
		return Cost{Usage: []UsageLine{usage("latency-routed queries", priceLBRQueries)}}
	case aliasZone != "":
		target := strings.TrimSuffix(r.String("aliases[0].name"), ".")
		for _, other := range inv.ByType(r.Type) {
			if strings.TrimSuffix(other.String("name"), ".") == target && latency(other) {
				return Cost{Usage: []UsageLine{usage("latency-routed queries", priceLBRQueries)}}
			}
		}
	}
	return Cost{Usage: []UsageLine{usage("queries", priceDNSQueries)}}
}

// findByOutput finds the resource of a type whose mock output key equals value.
func findByOutput(inv *millionstacktest.Inventory, typ, key, value string) (millionstacktest.Resource, bool) {
	for _, r := range inv.ByType(typ) {
		if v, ok := r.Outputs[resource.PropertyKey(key)]; ok && fmt.Sprint(v.V) == value {
			return r, true
		}
		if key == "id" && r.Name+"-id" == value {
			return r, true
		}
	}
	return millionstacktest.Resource{}, false
}

func number(r millionstacktest.Resource, path string) float64 {
	v, ok := r.Input(path)
	if !ok {
		return 0
	}
	switch n := v.(type) {
	case float64:
		return n
	case int:
		return float64(n)
	case string:
		var f float64
		fmt.Sscanf(n, "%g", &f)
		return f
	}
	return 0
}

func orDefault(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return v
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }
