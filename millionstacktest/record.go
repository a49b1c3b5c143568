package millionstacktest

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DefaultRegion is the region programs are recorded in when the config sets none.
const DefaultRegion = "us-east-1"

// AccountID is the account the mocks pretend to deploy into.
const AccountID = "123456789012"

// Options say which stack a program is recorded as and with which config.
type Options struct {
	// Stack is the stack name, part of every URN and what ctx.Stack()
	// answers (millionstack's stages run on stacks named for the stage).
	// Default "dev".
	Stack string
	// Config holds the stack's config by fully qualified key
	// ("shop:domain", "aws:region"), as `pulumi config` would: what
	// pulumi.Config reads. "aws:region" is the region of the default
	// provider; default DefaultRegion.
	Config map[string]string
	// Project is the Pulumi project the program runs in (the name in your
	// Pulumi.yaml): the namespace of its own config keys and part of every
	// URN. Default DefaultProject (millionstack's own).
	Project string
	// RandomSeed varies what AWS would choose anew if the program's
	// resources were created again (after a destroy, or on another stack):
	// what secretsmanager.GetRandomPassword answers, and the IDs of created
	// resources. Recordings with the same seed answer the same values, so
	// plans and diffs are stable. Default "": IDs are "<name>-id".
	RandomSeed string
}

// Record runs program under Pulumi's mock engine and returns what it
// registered. The program's own error (validation, a failed invoke) is
// returned as is, with whatever was registered before it.
func Record(program pulumi.RunFunc, opts Options) (*Inventory, error) {
	if opts.Stack == "" {
		opts.Stack = "dev"
	}
	region := opts.Config["aws:region"]
	if region == "" {
		region = DefaultRegion
	}
	project := opts.Project
	if project == "" {
		project = DefaultProject
	}
	rec := &recorder{stack: opts.Stack, project: project, region: region, seed: opts.RandomSeed}
	config := map[string]string{}
	for k, v := range opts.Config {
		config[k] = v
	}
	withConfig := func(info *pulumi.RunInfo) { info.Config = config }
	err := pulumi.RunErr(program, pulumi.WithMocks(project, opts.Stack, rec), withConfig)
	resources, invokes := rec.snapshot()
	return &Inventory{Stack: opts.Stack, Project: project, Region: region, Resources: resources, Invokes: invokes}, unwrap(err)
}

// unwrap returns the program's own errors without the "N errors occurred"
// envelope the Pulumi runtime puts around them.
func unwrap(err error) error {
	if multi, ok := err.(interface{ WrappedErrors() []error }); ok {
		return errors.Join(multi.WrappedErrors()...)
	}
	return err
}

// recorder is the pulumi.MockResourceMonitor behind Record: it keeps every
// registration and answers with plausible outputs so that programs which read
// IDs, ARNs and endpoints of their resources run to completion.
type recorder struct {
	stack     string
	project   string
	region    string
	seed      string // Options.RandomSeed
	mu        sync.Mutex
	resources []Resource
	invokes   []Invoke
}

func (m *recorder) snapshot() ([]Resource, []Invoke) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Resource(nil), m.resources...), append([]Invoke(nil), m.invokes...)
}

// NewResource records one registration and invents its outputs.
func (m *recorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	r := Resource{
		Type:     args.TypeToken,
		Name:     args.Name,
		Custom:   args.Custom,
		Inputs:   args.Inputs,
		Provider: args.Provider,
	}
	if rpc := args.RegisterRPC; rpc != nil {
		r.Parent = rpc.GetParent()
		r.Dependencies = append([]string(nil), rpc.GetDependencies()...)
		sort.Strings(r.Dependencies)
		for property, deps := range rpc.GetPropertyDependencies() {
			if urns := deps.GetUrns(); len(urns) > 0 {
				if r.PropertyDependencies == nil {
					r.PropertyDependencies = map[string][]string{}
				}
				r.PropertyDependencies[property] = append([]string(nil), urns...)
			}
		}
		r.IgnoreChanges = rpc.GetIgnoreChanges()
		r.ReplaceOnChanges = rpc.GetReplaceOnChanges()
		r.Protect = rpc.GetProtect()
		r.RetainOnDelete = rpc.GetRetainOnDelete()
		r.DeleteBeforeReplace = rpc.GetDeleteBeforeReplace()
		for _, a := range rpc.GetAliases() {
			if urn := a.GetUrn(); urn != "" {
				r.Aliases = append(r.Aliases, Alias{URN: urn})
			} else if spec := a.GetSpec(); spec != nil {
				r.Aliases = append(r.Aliases, Alias{Name: spec.GetName(), Type: spec.GetType(), Parent: spec.GetParentUrn()})
			}
		}
	}
	r.URN = urnOf(m.stack, m.project, r.Parent, r.Type, r.Name)
	id := r.Name + "-id"
	if m.seed != "" {
		sum := sha256.Sum256([]byte(m.seed))
		id = fmt.Sprintf("%s-%x-id", r.Name, sum[:4])
	}
	if !args.Custom {
		id = ""
	}
	r.Outputs = m.outputs(r, m.regionOf(r.Provider))

	m.mu.Lock()
	m.resources = append(m.resources, r)
	m.mu.Unlock()
	return id, r.Outputs, nil
}

// regionOf is the region of the provider a registration or invoke names
// (a "<urn>::<id>" reference): the region input of that recorded provider,
// else the stack's. So a program with a provider for a second region gets
// ARNs, endpoints and availability zones of that region, as it would from
// AWS.
func (m *recorder) regionOf(provider string) string {
	i := strings.LastIndex(provider, "::")
	if i < 0 {
		return m.region
	}
	urn := provider[:i]
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range m.resources {
		if r.URN == urn {
			if region := r.String("region"); region != "" {
				return region
			}
		}
	}
	return m.region
}

// urnOf computes the URN the engine gives a resource, exactly as the mock
// engine does: the parent's type chain, the resource's own type, its name.
func urnOf(stack, project, parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(stack), tokens.PackageName(project), parentType, tokens.Type(typ), name))
}

// Call records and answers the invokes (data-source lookups) that
// millionstack's programs make, in the region of the provider the invoke
// goes through.
func (m *recorder) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.mu.Lock()
	m.invokes = append(m.invokes, Invoke{Token: args.Token, Provider: args.Provider})
	m.mu.Unlock()
	region := m.regionOf(args.Provider)
	switch args.Token {
	case "aws:index/getAvailabilityZones:getAvailabilityZones":
		var names, ids []interface{}
		letters := "abcdef"
		if region == "us-west-1" {
			letters = "bc" // as in reality: a region with only two AZs, for tests of AZ limits
		}
		for i, letter := range letters {
			names = append(names, region+string(letter))
			ids = append(ids, fmt.Sprintf("%s-az%d", regionCode(region), i+1))
		}
		return resource.NewPropertyMapFromMap(map[string]interface{}{
			"names": names, "zoneIds": ids, "id": region, "region": region,
		}), nil
	case "aws:index/getRegion:getRegion":
		return resource.NewPropertyMapFromMap(map[string]interface{}{"name": region, "region": region, "id": region}), nil
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return resource.NewPropertyMapFromMap(map[string]interface{}{
			"accountId": AccountID, "arn": "arn:aws:iam::" + AccountID + ":user/mock", "userId": "MOCK", "id": AccountID,
		}), nil
	case "aws:index/getPartition:getPartition":
		return resource.NewPropertyMapFromMap(map[string]interface{}{"partition": "aws", "dnsSuffix": "amazonaws.com", "id": "aws"}), nil
	case "aws:ec2/getAmi:getAmi":
		return resource.NewPropertyMapFromMap(map[string]interface{}{
			"id": "ami-0mock0al2023", "imageId": "ami-0mock0al2023", "name": "al2023-ami-2023.mock-x86_64", "architecture": "x86_64",
		}), nil
	case "aws:secretsmanager/getRandomPassword:getRandomPassword":
		password, err := randomPassword(args.Args, m.seed)
		if err != nil {
			return nil, err
		}
		return resource.NewPropertyMapFromMap(map[string]interface{}{"randomPassword": password, "id": "mock"}), nil
	case "aws:s3/getBucket:getBucket":
		// A bucket of the user's, as s3.LookupBucket finds it: in the
		// region of the provider asked.
		name, _ := args.Args["bucket"].V.(string)
		return resource.NewPropertyMapFromMap(map[string]interface{}{
			"id": name, "bucket": name, "arn": "arn:aws:s3:::" + name, "region": region,
			"bucketDomainName":         name + ".s3.amazonaws.com",
			"bucketRegionalDomainName": name + ".s3." + region + ".amazonaws.com",
		}), nil
	case "aws:route53/getZone:getZone":
		name, _ := args.Args["name"].V.(string)
		return resource.NewPropertyMapFromMap(map[string]interface{}{
			"id": "Z0MOCKZONE", "zoneId": "Z0MOCKZONE", "name": name, "nameServers": []interface{}{"ns-1.awsdns-00.com"},
		}), nil
	}
	// Unknown invokes echo their arguments, so a new lookup fails loudly in
	// an assertion rather than deep inside the SDK.
	return args.Args, nil
}

// outputs returns what a real provider would answer for r: its inputs plus
// the computed attributes programs read (ids, ARNs, names, endpoints).
func (m *recorder) outputs(r Resource, region string) resource.PropertyMap {
	out := r.Inputs.Copy()
	if !r.Custom {
		return out
	}
	service, kind := serviceAndKind(r.Type)
	set := func(key string, v interface{}) {
		if _, ok := out[resource.PropertyKey(key)]; !ok {
			out[resource.PropertyKey(key)] = resource.NewPropertyValue(v)
		}
	}
	set("arn", fmt.Sprintf("arn:aws:%s:%s:%s:%s/%s", service, region, AccountID, kind, r.Name))
	set("name", r.Name)
	switch r.Type {
	case "aws:lb/loadBalancer:LoadBalancer":
		set("arnSuffix", "app/"+r.Name+"/0123456789abcdef")
		set("dnsName", r.Name+"-123456789."+region+".elb.amazonaws.com")
		set("zoneId", "Z35SXDOTRQ7X7K")
	case "aws:lb/targetGroup:TargetGroup":
		set("arnSuffix", "targetgroup/"+r.Name+"/0123456789abcdef")
	case "aws:rds/instance:Instance":
		out["arn"] = resource.NewPropertyValue("arn:aws:rds:" + region + ":" + AccountID + ":db:" + r.Name) // RDS's form, not the generic one above
		set("resourceId", dbiResourceID(r.Name))
		set("identifier", r.Name)
		set("address", r.Name+".abcdefghij."+region+".rds.amazonaws.com")
		set("endpoint", r.Name+".abcdefghij."+region+".rds.amazonaws.com:5432")
		set("port", 5432)
		set("masterUserSecrets", []interface{}{map[string]interface{}{
			"secretArn": "arn:aws:secretsmanager:" + region + ":" + AccountID + ":secret:rds!" + r.Name, "secretStatus": "active", "kmsKeyId": "",
		}})
	case "aws:rds/cluster:Cluster":
		out["arn"] = resource.NewPropertyValue("arn:aws:rds:" + region + ":" + AccountID + ":cluster:" + r.Name)
		set("clusterIdentifier", r.Name)
		set("clusterResourceId", "cluster-"+dbiResourceID(r.Name)[3:])
		set("endpoint", r.Name+".cluster-abcdefghij."+region+".rds.amazonaws.com")
		set("readerEndpoint", r.Name+".cluster-ro-abcdefghij."+region+".rds.amazonaws.com")
		set("port", 5432)
	case "aws:rds/clusterInstance:ClusterInstance":
		out["arn"] = resource.NewPropertyValue("arn:aws:rds:" + region + ":" + AccountID + ":db:" + r.Name)
		set("identifier", r.Name)
		set("dbiResourceId", dbiResourceID(r.Name))
		set("endpoint", r.Name+".abcdefghij."+region+".rds.amazonaws.com")
	case "aws:rds/globalCluster:GlobalCluster":
		// Global: no region in the ARN.
		out["arn"] = resource.NewPropertyValue("arn:aws:rds::" + AccountID + ":global-cluster:" + r.String("globalClusterIdentifier"))
	case "aws:dynamodb/table:Table":
		if r.String("streamEnabled") == "true" {
			set("streamArn", "arn:aws:dynamodb:"+region+":"+AccountID+":table/"+r.Name+"/stream/2026-01-01T00:00:00.000")
		}
	case "aws:dynamodb/tableReplica:TableReplica":
		// The replica is the same table in its region: same name, that region's ARN.
		source := r.String("globalTableArn")
		out["arn"] = resource.NewPropertyValue("arn:aws:dynamodb:" + region + ":" + AccountID + ":table/" + source[strings.LastIndex(source, "/")+1:])
	case "aws:elasticache/replicationGroup:ReplicationGroup":
		set("primaryEndpointAddress", "master."+r.Name+".abcdef.use1.cache.amazonaws.com")
		set("readerEndpointAddress", "replica."+r.Name+".abcdef.use1.cache.amazonaws.com")
	case "aws:cloudfront/distribution:Distribution":
		set("domainName", "d111111abcdef8.cloudfront.net")
		set("hostedZoneId", "Z2FDTNDATAQYW2")
	case "aws:ec2/eip:Eip":
		set("publicIp", "203.0.113.10")
		set("allocationId", "eipalloc-"+r.Name)
	case "aws:ec2/instance:Instance":
		set("privateIp", "10.0.128.10")
		set("publicIp", "")
	case "aws:s3/bucketV2:BucketV2":
		// The bucket's name: the one the program gave (a secret too), else
		// the logical name, in every output that holds it.
		bucket := r.Name
		if v, ok := plain(out["bucket"]).(string); ok && v != "" {
			bucket = v
		}
		set("bucket", bucket)
		// S3's form: bucket names are global, so the ARN has neither region
		// nor account (S3 user guide, "Bucket ARNs").
		out["arn"] = resource.NewPropertyValue("arn:aws:s3:::" + bucket)
		set("bucketDomainName", bucket+".s3.amazonaws.com")
		set("bucketRegionalDomainName", bucket+".s3."+region+".amazonaws.com")
	case "aws:sqs/queue:Queue":
		set("url", "https://sqs."+region+".amazonaws.com/"+AccountID+"/"+r.Name)
	case "aws:lambda/function:Function":
		set("invokeArn", "arn:aws:apigateway:"+region+":lambda:path/functions/"+r.Name+"/invocations")
		set("qualifiedArn", "arn:aws:lambda:"+region+":"+AccountID+":function:"+r.Name+":1")
	case "aws:lambda/invocation:Invocation":
		// As if the function answered its input: a result a program can
		// parse, holding what it asked for.
		set("result", r.String("input"))
	case "aws:serverlessrepository/cloudFormationStack:CloudFormationStack":
		// The Secrets Manager rotation applications output the function's ARN.
		set("outputs", map[string]interface{}{
			"RotationLambdaARN": "arn:aws:lambda:" + region + ":" + AccountID + ":function:" + r.String("parameters.functionName"),
		})
	case "aws:lambda/functionUrl:FunctionUrl":
		set("functionUrl", "https://"+r.Name+".lambda-url."+region+".on.aws/")
	case "aws:route53/zone:Zone":
		set("zoneId", "Z0MOCKZONE")
		set("nameServers", []interface{}{"ns-1.awsdns-00.com", "ns-2.awsdns-00.net"})
	case "aws:route53/record:Record":
		set("fqdn", strings.TrimSuffix(r.String("name"), "."))
	case "aws:acm/certificate:Certificate":
		set("domainValidationOptions", validationOptions(r))
	case "aws:ec2/launchTemplate:LaunchTemplate":
		set("latestVersion", 1)
	}
	return out
}

// dbiResourceID is an RDS instance's DbiResourceId as AWS forms it ("db-"
// and 26 upper-case letters and digits), derived from the instance's name
// so that recordings agree.
func dbiResourceID(name string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	sum := sha256.Sum256([]byte(name))
	id := make([]byte, 26)
	for i := range id {
		id[i] = alphabet[int(sum[i])%len(alphabet)]
	}
	return "db-" + string(id)
}

// validationOptions answers an ACM certificate's DNS validation records, one
// per name the certificate covers.
func validationOptions(r Resource) []interface{} {
	names := []string{r.String("domainName")}
	if sans, ok := r.Input("subjectAlternativeNames"); ok {
		for _, s := range sans.([]interface{}) {
			names = append(names, fmt.Sprint(s))
		}
	}
	var out []interface{}
	for _, n := range names {
		out = append(out, map[string]interface{}{
			"domainName":          n,
			"resourceRecordName":  "_x1." + strings.TrimPrefix(n, "*.") + ".",
			"resourceRecordType":  "CNAME",
			"resourceRecordValue": "_x2.acm-validations.aws.",
		})
	}
	return out
}

// serviceAndKind splits "aws:ec2/securityGroup:SecurityGroup" into ("ec2", "securityGroup").
func serviceAndKind(typ string) (string, string) {
	parts := strings.Split(typ, ":")
	if len(parts) != 3 {
		return "mock", "resource"
	}
	mod := parts[1]
	if i := strings.IndexByte(mod, '/'); i >= 0 {
		return mod[:i], mod[i+1:]
	}
	return mod, strings.ToLower(parts[2])
}

// regionCode turns "us-east-1" into "use1", the prefix of AZ IDs.
func regionCode(region string) string {
	parts := strings.Split(region, "-")
	if len(parts) != 3 {
		return region
	}
	return parts[0] + parts[1][:1] + parts[2]
}
