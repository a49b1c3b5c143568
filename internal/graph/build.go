package graph

import (
	"fmt"
	"sort"
	"strings"

	"github.com/millionstack/millionstack/millionstacktest"
)

// Resource types the model is built from.
const (
	tVPC            = "aws:ec2/vpc:Vpc"
	tSubnet         = "aws:ec2/subnet:Subnet"
	tNAT            = "aws:ec2/natGateway:NatGateway"
	tVPCEndpoint    = "aws:ec2/vpcEndpoint:VpcEndpoint"
	tSG             = "aws:ec2/securityGroup:SecurityGroup"
	tIngress        = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	tSGRule         = "aws:ec2/securityGroupRule:SecurityGroupRule"
	tInstance       = "aws:ec2/instance:Instance"
	tEIPAssoc       = "aws:ec2/eipAssociation:EipAssociation"
	tLaunchTemplate = "aws:ec2/launchTemplate:LaunchTemplate"
	tLB             = "aws:lb/loadBalancer:LoadBalancer"
	tListener       = "aws:lb/listener:Listener"
	tTargetGroup    = "aws:lb/targetGroup:TargetGroup"
	tASG            = "aws:autoscaling/group:Group"
	tECSService     = "aws:ecs/service:Service"
	tTaskDef        = "aws:ecs/taskDefinition:TaskDefinition"
	tRDS            = "aws:rds/instance:Instance"
	tCluster        = "aws:rds/cluster:Cluster"
	tClusterInst    = "aws:rds/clusterInstance:ClusterInstance"
	tGlobalCluster  = "aws:rds/globalCluster:GlobalCluster"
	tReplGroup      = "aws:elasticache/replicationGroup:ReplicationGroup"
	tTable          = "aws:dynamodb/table:Table"
	tTableReplica   = "aws:dynamodb/tableReplica:TableReplica"
	tBucket         = "aws:s3/bucketV2:BucketV2"
	tDistribution   = "aws:cloudfront/distribution:Distribution"
	tFunction       = "aws:lambda/function:Function"
	tFunctionURL    = "aws:lambda/functionUrl:FunctionUrl"
	tInvocation     = "aws:lambda/invocation:Invocation"
	tBackupVault    = "aws:backup/vault:Vault"
	tESM            = "aws:lambda/eventSourceMapping:EventSourceMapping"
	tTopic          = "aws:sns/topic:Topic"
	tSubscription   = "aws:sns/topicSubscription:TopicSubscription"
	tQueue          = "aws:sqs/queue:Queue"
	tWebACL         = "aws:wafv2/webAcl:WebAcl"
	tWAFAssoc       = "aws:wafv2/webAclAssociation:WebAclAssociation"
	tRecord         = "aws:route53/record:Record"
	tInstanceProf   = "aws:iam/instanceProfile:InstanceProfile"
	tRole           = "aws:iam/role:Role"
	tRolePolicy     = "aws:iam/rolePolicy:RolePolicy"
	tAlarm          = "aws:cloudwatch/metricAlarm:MetricAlarm"
	tDashboard      = "aws:cloudwatch/dashboard:Dashboard"
	tTrail          = "aws:cloudtrail/trail:Trail"
	tBudget         = "aws:budgets/budget:Budget"
	tSampling       = "aws:xray/samplingRule:SamplingRule"
	tParameter      = "aws:ssm/parameter:Parameter"
)

// builder derives a Model from an inventory.
type builder struct {
	inv   *millionstacktest.Inventory
	byURN map[string]millionstacktest.Resource
	// attached: URN -> resources with an input computed from it.
	attached map[string][]millionstacktest.Resource
	m        *Model
	// owner maps a resource URN to the node that stands for it.
	owner map[string]string
}

// Build derives the architecture of a recorded stack.
func Build(title string, inv *millionstacktest.Inventory) *Model {
	b := &builder{inv: inv, byURN: inv.ByURN(), attached: map[string][]millionstacktest.Resource{}, m: &Model{Title: title}, owner: map[string]string{}}
	for _, r := range inv.Resources {
		for _, urns := range r.PropertyDependencies {
			for _, u := range urns {
				b.attached[u] = append(b.attached[u], r)
			}
		}
	}
	b.regions()
	b.nodes()
	b.zones()
	b.edges()
	b.m.sort()
	return b.m
}

// sources returns the resources of type typ that r's property came from.
func (b *builder) sources(r millionstacktest.Resource, property, typ string) []millionstacktest.Resource {
	var out []millionstacktest.Resource
	for _, u := range r.PropertyDependencies[property] {
		if d, ok := b.byURN[u]; ok && (typ == "" || d.Type == typ) {
			out = append(out, d)
		}
	}
	return out
}

// users returns the resources of type typ with an input (property, or any
// when empty) computed from r.
func (b *builder) users(r millionstacktest.Resource, typ, property string) []millionstacktest.Resource {
	var out []millionstacktest.Resource
	seen := map[string]bool{}
	for _, a := range b.attached[r.URN] {
		if a.Type != typ || seen[a.URN] {
			continue
		}
		if property != "" && !contains(a.PropertyDependencies[property], r.URN) {
			continue
		}
		seen[a.URN] = true
		out = append(out, a)
	}
	return out
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// regions lists every region with resources, and the network of each.
func (b *builder) regions() {
	seen := map[string]*Region{}
	for _, r := range b.inv.Cloud() {
		region := b.inv.RegionOf(r)
		if seen[region] == nil {
			seen[region] = &Region{Name: region}
		}
	}
	for _, vpc := range b.inv.ByType(tVPC) {
		region := b.inv.RegionOf(vpc)
		reg := seen[region]
		azSet := map[string]bool{}
		for _, s := range b.users(vpc, tSubnet, "vpcId") {
			if az := s.String("availabilityZone"); az != "" {
				azSet[az] = true
			}
		}
		reg.AZs = sortedKeys(azSet)
		nats := 0
		for _, n := range b.inv.ByType(tNAT) {
			if b.inv.RegionOf(n) == region {
				nats++
			}
		}
		nat := "no NAT"
		switch {
		case nats == 1:
			nat = "1 NAT gateway"
		case nats > 1 && nats == len(reg.AZs):
			nat = "NAT per AZ"
		case nats > 1:
			nat = plural(nats, "NAT gateway", "NAT gateways")
		}
		reg.Network = fmt.Sprintf("VPC %s · %s · %s", vpc.String("cidrBlock"), plural(len(reg.AZs), "AZ", "AZs"), nat)
	}
	for _, r := range seen {
		b.m.Regions = append(b.m.Regions, *r)
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// add puts a node in the model for resource r (and the resources folded into it).
func (b *builder) add(r millionstacktest.Resource, kind string, n Node, folded ...millionstacktest.Resource) string {
	if n.ID == "" {
		n.ID = nodeID(kind, r.Name)
	}
	if n.Region == "" && n.Placement != Global {
		n.Region = b.inv.RegionOf(r)
	}
	n.URNs = append(n.URNs, r.URN)
	b.owner[r.URN] = n.ID
	for _, f := range folded {
		n.URNs = append(n.URNs, f.URN)
		b.owner[f.URN] = n.ID
	}
	b.m.Nodes = append(b.m.Nodes, n)
	return n.ID
}

// placement is where a resource in subnets sits: the most exposed tier of
// the subnets its property names (a Tier tag, else the subnet's name).
func (b *builder) placement(r millionstacktest.Resource, property string) Placement {
	subnets := b.subnetsOf(r, property)
	if len(subnets) == 0 {
		return Regional
	}
	best := IsolatedSubnet
	for _, s := range subnets {
		switch subnetTier(s) {
		case PublicSubnet:
			return PublicSubnet
		case PrivateSubnet:
			best = PrivateSubnet
		}
	}
	return best
}

// subnetsOf returns the subnets r's property names, directly or through
// the subnet group it names.
func (b *builder) subnetsOf(r millionstacktest.Resource, property string) []millionstacktest.Resource {
	subnets := b.sources(r, property, tSubnet)
	if len(subnets) == 0 {
		for _, group := range b.sources(r, property, "") {
			subnets = append(subnets, b.sources(group, "subnetIds", tSubnet)...)
		}
	}
	return subnets
}

// subnetTier is the boundary a subnet draws: public when its Tier tag or
// name says so or it gives instances public addresses, private when they
// say private, else isolated (the database subnets).
func subnetTier(s millionstacktest.Resource) Placement {
	tier := strings.ToLower(s.String("tags.Tier") + " " + s.Name)
	switch {
	case strings.Contains(tier, "public") || s.String("mapPublicIpOnLaunch") == "true":
		return PublicSubnet
	case strings.Contains(tier, "private"):
		return PrivateSubnet
	}
	return IsolatedSubnet
}

// nodes adds one node per piece of the architecture.
func (b *builder) nodes() {
	b.m.Nodes = append(b.m.Nodes, Node{ID: UsersID, Label: "Users", Lane: LaneEdge, Placement: Global, Shape: "users"})
	logBuckets := b.logBuckets()
	for _, r := range b.inv.Cloud() {
		switch r.Type {
		case tDistribution:
			b.add(r, "cdn", Node{Label: r.Name + ": CloudFront", Detail: orDefault(r.String("priceClass"), "PriceClass_All"), Lane: LaneEdge, Placement: Global, Shape: "box"})
		case tWebACL:
			n := Node{Label: r.Name + ": WAF", Detail: plural(len(list(r, "rules")), "rule", "rules"), Shape: "shield"}
			if r.String("scope") == "CLOUDFRONT" {
				n.Lane, n.Placement = LaneEdge, Global
			} else {
				n.Lane, n.Placement = LanePublic, Regional
			}
			b.add(r, "waf", n)
		case tLB:
			b.addLoadBalancer(r)
		case tASG:
			b.addGroup(r)
		case tInstance:
			detail := r.String("instanceType")
			if len(b.users(r, tEIPAssoc, "instanceId")) > 0 {
				detail += " + Elastic IP"
			}
			p := b.placement(r, "subnetId")
			lane := LaneApp
			if p == PublicSubnet {
				lane = LanePublic
			}
			b.add(r, "ec2", Node{Label: r.Name + ": EC2 instance", Detail: detail, Lane: lane, Placement: p, Shape: "box"})
		case tECSService:
			b.addService(r)
		case tRDS:
			if len(b.sources(r, "replicateSourceDb", tRDS)) == 0 {
				b.addDatabase(r)
			}
		case tCluster:
			b.addCluster(r)
		case tReplGroup:
			detail := fmt.Sprintf("%s %s %s × %s", r.String("engine"), r.String("engineVersion"), r.String("nodeType"), orDefault(r.String("numCacheClusters"), "1"))
			if r.String("automaticFailoverEnabled") == "true" {
				detail += ", failover"
			}
			b.add(r, "cache", Node{Label: r.Name + ": ElastiCache", Detail: detail, Lane: LaneData, Placement: b.placement(r, "subnetGroupName"), Shape: "store"})
		case tTable:
			detail := "on-demand"
			if r.String("billingMode") == "PROVISIONED" {
				detail = "provisioned"
			}
			if r.String("pointInTimeRecovery.enabled") == "true" {
				detail += ", PITR"
			}
			b.add(r, "table", Node{Label: r.Name + ": DynamoDB", Detail: detail, Lane: LaneData, Placement: Regional, Shape: "store"})
		case tTableReplica:
			b.add(r, "table", Node{Label: r.Name + ": DynamoDB replica", Detail: "global table replica", Lane: LaneData, Placement: Regional, Shape: "store"})
		case tBucket:
			if !logBuckets[r.URN] {
				b.add(r, "s3", Node{Label: r.Name + ": S3 bucket", Lane: LaneData, Placement: Regional, Shape: "store"})
			}
		case tFunction:
			if b.deployJob(r) {
				continue // drawn in the operations node
			}
			lane := LaneApp
			if len(b.users(r, tESM, "functionName")) > 0 {
				lane = LaneAsync
			}
			detail := strings.TrimSpace(fmt.Sprintf("%s %s", r.String("runtime"), mb(r.String("memorySize"))))
			b.add(r, "fn", Node{Label: r.Name + ": Lambda", Detail: detail, Lane: lane, Placement: b.placement(r, "vpcConfig"), Shape: "box"})
		case tTopic:
			if !b.alarmTopic(r) {
				b.add(r, "topic", Node{Label: r.Name + ": SNS topic", Lane: LaneAsync, Placement: Regional, Shape: "queue"})
			}
		case tQueue:
			b.addQueue(r)
		}
	}
	b.addDNS()
	b.addOps()
}

// deployJob reports whether a function is a deploy-time job: one that a
// lambda.Invocation runs during `pulumi up` (the database's bootstrap), not
// a piece of the running architecture.
func (b *builder) deployJob(fn millionstacktest.Resource) bool {
	return len(b.users(fn, tInvocation, "functionName")) > 0
}

// logBuckets are the buckets that receive logs (access logs, CloudFront
// logs, trails): operations, not architecture.
func (b *builder) logBuckets() map[string]bool {
	out := map[string]bool{}
	for _, r := range b.inv.Cloud() {
		for _, property := range []string{"accessLogs", "loggingConfig", "s3BucketName", "targetBucket"} {
			for _, u := range r.PropertyDependencies[property] {
				if d, ok := b.byURN[u]; ok && d.Type == tBucket {
					out[u] = true
				}
			}
		}
	}
	return out
}

// alarmTopic reports whether a topic only carries alarms and budget alerts.
func (b *builder) alarmTopic(topic millionstacktest.Resource) bool {
	return len(b.users(topic, tAlarm, "alarmActions")) > 0 && len(b.users(topic, tSubscription, "topic")) == 0
}

func (b *builder) addLoadBalancer(r millionstacktest.Resource) {
	https := false
	for _, l := range b.users(r, tListener, "loadBalancerArn") {
		if l.String("protocol") == "HTTPS" {
			https = true
		}
	}
	scheme := "internet-facing"
	lane := LanePublic
	if r.String("internal") == "true" {
		scheme, lane = "internal", LaneApp
	}
	detail := scheme
	if https {
		detail += ", HTTPS"
	} else {
		detail += ", HTTP only"
	}
	kind := "ALB"
	if t := r.String("loadBalancerType"); t == "network" {
		kind = "NLB"
	}
	b.add(r, "lb", Node{Label: r.Name + ": " + kind, Detail: detail, Lane: lane, Placement: b.placement(r, "subnets"), Shape: "balancer"})
}

func (b *builder) addGroup(r millionstacktest.Resource) {
	// The group's first instance type is the one it prefers (and the one
	// the plan prices): a mixed instances policy's first override, else its
	// launch template's type.
	instanceType := r.String("mixedInstancesPolicy.launchTemplate.overrides[0].instanceType")
	for _, property := range []string{"launchTemplate", "mixedInstancesPolicy"} {
		for _, lt := range b.sources(r, property, tLaunchTemplate) {
			if instanceType == "" {
				instanceType = lt.String("instanceType")
			}
		}
	}
	size := r.String("minSize")
	if max := r.String("maxSize"); max != size {
		size += "–" + max
	}
	b.add(r, "asg", Node{Label: r.Name + ": Auto Scaling group", Detail: fmt.Sprintf("%s × %s", orDefault(instanceType, "EC2"), size),
		Lane: LaneApp, Placement: b.placement(r, "vpcZoneIdentifiers"), Shape: "box"})
}

func (b *builder) addService(r millionstacktest.Resource) {
	detail := "Fargate × " + orDefault(r.String("desiredCount"), "1")
	for _, td := range b.sources(r, "taskDefinition", tTaskDef) {
		detail = fmt.Sprintf("Fargate %s CPU units / %s MiB × %s", td.String("cpu"), td.String("memory"), orDefault(r.String("desiredCount"), "1"))
	}
	b.add(r, "ecs", Node{Label: r.Name + ": ECS service", Detail: detail, Lane: LaneApp, Placement: b.placement(r, "networkConfiguration"), Shape: "box"})
}

// addDatabase draws an RDS instance with its same-region read replicas
// folded in; a replica in another region is a node of its own there.
func (b *builder) addDatabase(r millionstacktest.Resource) {
	var local []millionstacktest.Resource
	for _, rep := range b.users(r, tRDS, "replicateSourceDb") {
		if b.inv.RegionOf(rep) == b.inv.RegionOf(r) {
			local = append(local, rep)
		} else {
			b.add(rep, "rds", Node{Label: rep.Name + ": RDS cross-region replica", Detail: rep.String("instanceClass"),
				Lane: LaneData, Placement: b.placement(rep, "dbSubnetGroupName"), Shape: "store"})
		}
	}
	detail := fmt.Sprintf("%s %s %s", r.String("engine"), r.String("engineVersion"), r.String("instanceClass"))
	if r.String("multiAz") == "true" {
		detail += " Multi-AZ"
	} else {
		detail += " single-AZ"
	}
	if len(local) > 0 {
		detail += " + " + plural(len(local), "replica", "replicas")
	}
	b.add(r, "rds", Node{Label: r.Name + ": RDS", Detail: detail, Lane: LaneData, Placement: b.placement(r, "dbSubnetGroupName"), Shape: "store"}, local...)
}

// addCluster draws an Aurora cluster with its instances folded in.
func (b *builder) addCluster(r millionstacktest.Resource) {
	instances := b.users(r, tClusterInst, "clusterIdentifier")
	class := ""
	for _, i := range instances {
		class = i.String("instanceClass")
	}
	detail := strings.TrimSpace(fmt.Sprintf("%s %s × %d", r.String("engine"), class, len(instances)))
	b.add(r, "aurora", Node{Label: r.Name + ": Aurora cluster", Detail: detail, Lane: LaneData, Placement: b.placement(r, "dbSubnetGroupName"), Shape: "store"}, instances...)
}

// addQueue draws a queue with the dead-letter queue that catches its
// failures folded in; a dead-letter queue is no node of its own.
func (b *builder) addQueue(r millionstacktest.Resource) {
	for _, u := range b.attached[r.URN] {
		if u.Type == tQueue && contains(u.PropertyDependencies["redrivePolicy"], r.URN) {
			return // r is a dead-letter queue
		}
	}
	var dlqs []millionstacktest.Resource
	for _, d := range b.sources(r, "redrivePolicy", tQueue) {
		dlqs = append(dlqs, d)
	}
	detail := ""
	if len(dlqs) > 0 {
		detail = "with dead-letter queue"
	}
	b.add(r, "queue", Node{Label: r.Name + ": SQS queue", Detail: detail, Lane: LaneAsync, Placement: Regional, Shape: "queue"}, dlqs...)
}

// addDNS draws Route 53 when the stack has records (not the certificates'
// validation records): one node with its names and routing.
func (b *builder) addDNS() {
	var records []millionstacktest.Resource
	names := map[string]bool{}
	routing := "simple"
	for _, r := range b.inv.ByType(tRecord) {
		if strings.HasPrefix(r.String("name"), "_") {
			continue // ACM validation
		}
		records = append(records, r)
		names[strings.TrimSuffix(r.String("name"), ".")] = true
		if isSet(r, "latencyRoutingPolicies") {
			routing = "latency"
		} else if isSet(r, "failoverRoutingPolicies") && routing == "simple" {
			routing = "failover"
		}
	}
	if len(records) == 0 {
		return
	}
	n := Node{ID: "dns_route53", Label: "Route 53", Detail: strings.Join(sortedKeys(names), ", ") + " (" + routing + " routing)", Lane: LaneEdge, Placement: Global, Shape: "box"}
	b.add(records[0], "dns", n, records[1:]...)
}

// addOps draws the operations pieces of each region as one node: alarms,
// dashboard, trail, tracing, budget, configuration parameters.
func (b *builder) addOps() {
	type tally struct {
		alarms, params, jobs      int
		vaults                    int
		dashboard, trail, tracing bool
		budget                    string
		first                     millionstacktest.Resource
		folded                    []millionstacktest.Resource
	}
	byRegion := map[string]*tally{}
	for _, r := range b.inv.Cloud() {
		switch r.Type {
		case tAlarm, tDashboard, tTrail, tSampling, tBudget, tParameter, tBackupVault:
		case tFunction:
			if !b.deployJob(r) {
				continue
			}
		case tTopic:
			if !b.alarmTopic(r) {
				continue
			}
		default:
			continue
		}
		region := b.inv.RegionOf(r)
		t := byRegion[region]
		if t == nil {
			t = &tally{first: r}
			byRegion[region] = t
		} else {
			t.folded = append(t.folded, r)
		}
		switch r.Type {
		case tAlarm:
			t.alarms++
		case tDashboard:
			t.dashboard = true
		case tTrail:
			t.trail = true
		case tSampling:
			t.tracing = true
		case tBudget:
			t.budget = r.String("limitAmount")
		case tParameter:
			t.params++
		case tFunction:
			t.jobs++
		case tBackupVault:
			t.vaults++
		}
	}
	for _, region := range sortedRegions(byRegion) {
		t := byRegion[region]
		var parts []string
		if t.alarms > 0 {
			parts = append(parts, plural(t.alarms, "alarm", "alarms"))
		}
		if t.dashboard {
			parts = append(parts, "dashboard")
		}
		if t.tracing {
			parts = append(parts, "X-Ray")
		}
		if t.trail {
			parts = append(parts, "CloudTrail")
		}
		if t.budget != "" {
			parts = append(parts, "budget $"+strings.TrimSuffix(t.budget, ".00"))
		}
		if t.params > 0 {
			parts = append(parts, plural(t.params, "SSM parameter", "SSM parameters"))
		}
		if t.vaults > 0 {
			parts = append(parts, plural(t.vaults, "backup vault", "backup vaults"))
		}
		if t.jobs > 0 {
			parts = append(parts, plural(t.jobs, "deploy-time job", "deploy-time jobs"))
		}
		b.add(t.first, "ops", Node{ID: nodeID("ops", region), Label: "Operations", Detail: strings.Join(parts, ", "), Lane: LaneOps, Placement: Regional, Shape: "box", Region: region}, t.folded...)
	}
}

func sortedRegions[T any](m map[string]T) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func list(r millionstacktest.Resource, path string) []interface{} {
	v, _ := r.Input(path)
	l, _ := v.([]interface{})
	return l
}

func isSet(r millionstacktest.Resource, path string) bool {
	v, ok := r.Input(path)
	if !ok || v == nil {
		return false
	}
	if l, isList := v.([]interface{}); isList {
		return len(l) > 0
	}
	return fmt.Sprint(v) != ""
}

func mb(v string) string {
	if v == "" {
		return ""
	}
	return v + " MB"
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
