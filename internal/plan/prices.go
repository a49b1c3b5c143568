package plan

// Price is one AWS list price with where it comes from. Every number the
// planner multiplies is one of these, so a reader can check it.
type Price struct {
	// USD is the price per Unit.
	USD float64
	// Unit is what the price is per ("hour", "GB-month", "month").
	Unit string
	// Source names where the price was read and when.
	Source string
	// Unconfirmed marks expected list prices no strong source confirmed yet;
	// the plan flags costs built on them.
	Unconfirmed bool
}

// HoursPerMonth is the month the estimates assume (AWS and infracost use 730).
const HoursPerMonth = 730

// Sources of the prices below (us-east-1, on-demand, Linux), compiled on
// 2026-11-23. Strong sources are generated from the AWS Price List; the
// expected list prices (srcExpect) are flagged Unconfirmed and starred in
// every plan until one AWS Price List call confirms them.
const (
	srcEC2     = "AWS Pricing API via karpenter zz_generated.pricing_aws.go, generated 2026-07-20"
	srcInfra   = "infracost golden tests (AWS Price List mirror), regenerated 2024-07-01"
	srcRDSPG   = "AWS Pricing API capture 2026-03-22 (effective 2026-03-01)"
	srcRDSIC   = "infracost db_instance_test golden, 2026-05-03"
	srcRDSMy   = "infracost hclmulti_project_infra golden, 2022-06-21"
	srcIPv4    = "AWS public IPv4 pricing, effective 2024-02-01"
	srcExpect  = "expected list price, unconfirmed as of 2026-11-23"
	srcWAF     = "infracost wafv2_web_acl_test golden, 2024-07-01"
	srcCW      = "infracost cloudwatch_*_test goldens, 2024-07-01"
	srcKMS     = "infracost kms_key_test golden, 2024-07-01; aws.amazon.com/kms/pricing"
	srcSecrets = "infracost secretsmanager_secret_test golden, 2024-07-01"
	srcR53     = "infracost route53_zone_test golden, 2024-07-01"
	srcBudgets = "AWS Price List AWSBudgets.csv, effective 2020-10-01"
	// x86: $59.10 for 2 vCPU and $12.98 for 4 GB over 730 h in the golden.
	srcFargate = "infracost ecs_service_test golden (AWS Price List mirror), 2024-07-01"
	// ARM: 80% of x86 (0.032384 and 0.003556 before the page's rounding).
	srcFargateARM = "AWS Fargate pricing page, Linux/ARM, as quoted by vantage.sh and cloudburn.io (2026-03); unconfirmed by the AWS Price List"
	srcVPCE       = "infracost vpc_endpoint_test golden (Interface: 730 h = $7.30, two subnets 1,460 h = $14.60), commit 0a8a5aaa; aws.amazon.com/privatelink/pricing (billed per endpoint per AZ-hour)"
	srcSnap       = "infracost ebs_snapshot_test golden (10 GB-months = $0.50)"
	srcRDSBak     = "infracost db_instance_test golden (backup storage 1,000 GB = $95.00)"
	srcDDBBak     = "infracost dynamodb_table_test golden (on-demand backup storage), 2024-11-15"
	srcXfer       = "infracost data_transfer_test golden (us-east-1 to other regions), 2024-09-25"
	// AWS endpoints: $0.50 a check and $1.00 an optional feature (HTTPS,
	// fast interval, string matching, latency measurement); other
	// endpoints $0.75 and $2.00; beyond the 50 free checks of AWS endpoints.
	srcR53HC = "infracost route53_health_check_test golden (AWS Price List: Health-Check-AWS, Health-Check-Option-AWS, -non-AWS)"
	srcR53Q  = "infracost route53_record_test golden (AWS Price List: DNS-Queries $0.40, LBR-Queries $0.60 per million, first billion)"

	// Aurora: instance hours from a captured AWS Pricing API answer,
	// storage, I/O and backup from infracost's goldens.
	srcAurora       = "AWS Pricing API capture 2026-03-22 (\"$0.26 per RDS db.r6g.large Single-AZ instance hour (or partial hour) running Aurora PostgreSQL\")"
	srcAuroraIC     = "infracost rds_cluster_test / rds_cluster_instance_test goldens (Aurora Standard storage $0.10/GB-month, I/O $0.20/million, backup $0.021/GB-month), 2024-07-01 and 2025-03-05"
	srcAuroraIOOpt  = "aws/agent-toolkit-for-aws amazon-aurora-postgresql io-optimized-pricing-tables.md (I/O-Optimized: instances +30%), 2026-08"
	srcDDBReplicas  = "infracost dynamodb_table_test golden (on-demand writes $0.625/million, storage $0.25/GB-month), 2024-11-15; replicated writes billed as writes in the replica's region since 2024-11-01 (aws.amazon.com/dynamodb/pricing)"
	srcS3Requests   = "infracost s3_bucket_test golden (PUT, COPY, POST, LIST $0.005/1,000), 2024-07-01"
	srcAuroraGlobal = "aws.amazon.com/rds/aurora/pricing, Global Database: replicated write I/Os $0.20/million; unconfirmed by the AWS Price List"
)

// ec2Hourly are EC2 on-demand prices per instance-hour.
var ec2Hourly = map[string]Price{
	"t3.micro":  {0.0104, "hour", srcEC2, false},
	"t3.small":  {0.0208, "hour", srcEC2, false},
	"t3.medium": {0.0416, "hour", srcEC2, false},
	"t3.large":  {0.0832, "hour", srcEC2, false},
	"m5.large":  {0.096, "hour", srcEC2, false},
	"m5.xlarge": {0.192, "hour", srcEC2, false},
	"m6i.large": {0.096, "hour", srcEC2, false},
	"c5.large":  {0.085, "hour", srcEC2, false},
	"c6i.large": {0.085, "hour", srcEC2, false},
	"r5.large":  {0.126, "hour", srcEC2, false},
}

// rdsKey identifies an RDS price: class, engine and deployment.
type rdsKey struct {
	class, engine string
	multiAZ       bool
}

// rdsHourly are RDS on-demand prices per instance-hour.
var rdsHourly = map[rdsKey]Price{
	{"db.t3.micro", "postgres", false}:  {0.018, "hour", srcRDSPG, false},
	{"db.t3.micro", "postgres", true}:   {0.036, "hour", srcExpect, true},
	{"db.t3.micro", "mysql", false}:     {0.017, "hour", srcRDSPG, false},
	{"db.t3.micro", "mysql", true}:      {0.034, "hour", srcExpect, true},
	{"db.t3.small", "postgres", false}:  {0.036, "hour", srcExpect, true},
	{"db.t3.small", "postgres", true}:   {0.072, "hour", srcExpect, true},
	{"db.t3.small", "mysql", false}:     {0.034, "hour", srcRDSMy, false},
	{"db.t3.small", "mysql", true}:      {0.068, "hour", srcRDSMy, false},
	{"db.t3.medium", "postgres", false}: {0.072, "hour", srcExpect, true},
	{"db.t3.medium", "postgres", true}:  {0.144, "hour", srcExpect, true},
	{"db.t3.medium", "mysql", false}:    {0.068, "hour", srcExpect, true},
	{"db.t3.medium", "mysql", true}:     {0.136, "hour", srcExpect, true},
	{"db.t3.large", "postgres", false}:  {0.145, "hour", srcRDSIC, false},
	{"db.t3.large", "mysql", false}:     {0.136, "hour", srcRDSIC, false},
	{"db.t3.large", "mysql", true}:      {0.272, "hour", srcRDSIC, false},
	{"db.m5.large", "postgres", false}:  {0.178, "hour", srcExpect, true},
	{"db.m5.large", "postgres", true}:   {0.356, "hour", srcExpect, true},
	{"db.m5.large", "mysql", false}:     {0.171, "hour", srcRDSIC, false},
	{"db.m5.large", "mysql", true}:      {0.342, "hour", srcExpect, true},
	{"db.m6g.large", "postgres", false}: {0.159, "hour", srcExpect, true},
	{"db.m6g.large", "postgres", true}:  {0.318, "hour", srcExpect, true},
	{"db.r5.large", "postgres", false}:  {0.25, "hour", srcExpect, true},
	{"db.r5.large", "postgres", true}:   {0.50, "hour", srcExpect, true},
	{"db.r5.large", "mysql", false}:     {0.24, "hour", srcExpect, true},
	{"db.r5.large", "mysql", true}:      {0.48, "hour", srcExpect, true},
	{"db.r6g.large", "postgres", false}: {0.225, "hour", srcExpect, true},
	{"db.r6g.large", "postgres", true}:  {0.45, "hour", srcExpect, true},
}

// auroraHourly are Aurora PostgreSQL on-demand prices per instance-hour
// (Aurora Standard; I/O-Optimized clusters pay auroraIOOptimized more).
var auroraHourly = map[string]Price{
	"db.r6g.large":  {0.26, "hour", srcAurora, false},
	"db.r6g.xlarge": {0.519, "hour", srcExpect, true},
	"db.r5.large":   {0.29, "hour", srcExpect, true},
	"db.r6i.large":  {0.29, "hour", srcExpect, true},
	"db.r7g.large":  {0.276, "hour", srcExpect, true},
	"db.t4g.medium": {0.073, "hour", srcExpect, true},
}

// auroraIOOptimized is what an I/O-Optimized cluster's instances cost over
// Aurora Standard's.
const auroraIOOptimized = 1.3

// cacheHourly are ElastiCache (Redis OSS) node-hour prices; Valkey nodes cost
// valkeyDiscount of these.
var cacheHourly = map[string]Price{
	"cache.t3.micro":  {0.017, "hour", srcExpect, true},
	"cache.t3.small":  {0.034, "hour", srcExpect, true},
	"cache.t4g.small": {0.032, "hour", srcExpect, true},
	"cache.m4.large":  {0.156, "hour", srcInfra, false},
	"cache.m6g.large": {0.149, "hour", srcExpect, true},
	"cache.r6g.large": {0.206, "hour", srcExpect, true},
}

// fargatePrice is what a Fargate task's size costs: per vCPU and per GB of
// memory, each an hour, on-demand Linux.
type fargatePrice struct{ VCPU, GB Price }

// fargateHourly are Fargate's prices by CPU architecture (the task
// definition's runtimePlatform.cpuArchitecture). Fargate Spot, for the tasks
// a service puts there, costs less and varies; it is not priced.
var fargateHourly = map[string]fargatePrice{
	"X86_64": {Price{0.04048, "vCPU-hour", srcFargate, false}, Price{0.004445, "GB-hour", srcFargate, false}},
	"ARM64":  {Price{0.03238, "vCPU-hour", srcFargateARM, true}, Price{0.00356, "GB-hour", srcFargateARM, true}},
}

// valkeyDiscount: node-based Valkey is priced 20% below Redis OSS (AWS
// ElastiCache skill docs, agent-toolkit-for-aws, 2026-08).
const valkeyDiscount = 0.8

// Flat prices for everything else the stages create.
var (
	priceGP3          = Price{0.08, "GB-month", srcInfra, false}  // EBS gp3 storage
	priceRDSStorage   = Price{0.115, "GB-month", srcInfra, false} // RDS gp3, Single-AZ
	priceRDSStorageMZ = Price{0.23, "GB-month", srcInfra, false}  // RDS gp3, Multi-AZ
	priceIPv4         = Price{0.005, "hour", srcIPv4, false}      // public IPv4 address (EIP), in use or idle
	priceNAT          = Price{0.045, "hour", srcInfra, false}     // NAT gateway hour (+ $0.045/GB processed, not priced)
	priceALB          = Price{0.0225, "hour", srcInfra, false}    // ALB hour (+ $0.008 per LCU-hour, not priced)
	priceAlarm        = Price{0.10, "month", srcCW, false}        // standard-resolution alarm metric
	priceDashboard    = Price{3.00, "month", srcCW, false}        // dashboard
	priceWebACL       = Price{5.00, "month", srcWAF, false}       // web ACL (+ $0.60 per million requests, not priced)
	priceWAFRule      = Price{1.00, "month", srcWAF, false}       // rule or rule group in a web ACL
	priceKMSKey       = Price{1.00, "month", srcKMS, false}       // customer-managed key
	priceSecret       = Price{0.40, "month", srcSecrets, false}   // Secrets Manager secret (RDS-managed master password)
	priceHostedZone   = Price{0.50, "month", srcR53, false}       // hosted zone (first 25)
	priceBudget       = Price{0.00, "month", srcBudgets, false}   // monitoring budget without actions
	priceEndpointAZ   = Price{0.01, "hour", srcVPCE, false}       // interface VPC endpoint, per AZ (+ $0.01/GB processed, not priced)
	// Route 53 health checks, by whether the endpoint is AWS's (an ELB, an
	// EC2 instance...) or not, and each optional feature on top.
	priceHealthCheckAWS       = Price{0.50, "month", srcR53HC, false}
	priceHealthCheckOther     = Price{0.75, "month", srcR53HC, false}
	priceHealthCheckOptionAWS = Price{1.00, "month", srcR53HC, false}
	priceHealthCheckOption    = Price{2.00, "month", srcR53HC, false}

	// Usage prices: listed with the resources they apply to, never
	// multiplied (how much is stored or moved depends on the data). AWS
	// Backup bills a backup at the rate of the service's own backups
	// (aws.amazon.com/backup/pricing: EBS snapshots, RDS snapshots,
	// DynamoDB warm backup storage).
	priceEBSSnapshot = Price{0.05, "GB-month", srcSnap, false}    // EBS snapshot (DLM or AWS Backup)
	priceRDSBackup   = Price{0.095, "GB-month", srcRDSBak, false} // RDS backups beyond the free allocation, AWS Backup snapshots of RDS
	priceDDBBackup   = Price{0.10, "GB-month", srcDDBBak, false}  // DynamoDB on-demand backup, AWS Backup warm storage of DynamoDB
	priceInterRegion = Price{0.02, "GB", srcXfer, false}          // data transfer from us-east-1 to another region (us-east-2: $0.01)
	priceDNSQueries  = Price{0.40, "million queries", srcR53Q, false}
	priceLBRQueries  = Price{0.60, "million queries", srcR53Q, false} // latency-routed

	priceAuroraStorage   = Price{0.10, "GB-month", srcAuroraIC, false}          // Aurora Standard storage
	priceAuroraStorageIO = Price{0.225, "GB-month", srcAuroraIOOpt, false}      // Aurora I/O-Optimized storage
	priceAuroraIO        = Price{0.20, "million requests", srcAuroraIC, false}  // Aurora Standard I/O
	priceAuroraBackup    = Price{0.021, "GB-month", srcAuroraIC, false}         // Aurora backups beyond the cluster's size
	priceAuroraGlobalIO  = Price{0.20, "million writes", srcAuroraGlobal, true} // writes replicated to each secondary region
	priceDDBWrites       = Price{0.625, "million writes", srcDDBReplicas, false}
	priceDDBStorage      = Price{0.25, "GB-month", srcDDBReplicas, false}
	priceS3Puts          = Price{0.005, "1,000 requests", srcS3Requests, false}
)
