package check

import "github.com/millionstack/millionstack/millionstacktest"

// Acceptance is a failure millionstack accepts by design: Security Hub
// reports it on a real account too, so the report shows it, as accepted,
// with the reason the design takes it. It differs from a user's
// Suppression in that it is found by what the resource is, not by name.
type Acceptance struct {
	Control string
	Reason  string
	// Applies says whether the acceptance covers r.
	Applies func(r millionstacktest.Resource, s *Scope) bool
}

// PlaceholderImage is the image the app tier's Fargate tasks run until the
// stack sets appImage: container.DefaultImage (tests/check_test.go holds the
// two equal; this package does not import the components).
const PlaceholderImage = "public.ecr.aws/nginx/nginx:1.27"

// Acceptances are the failures every stage carries by design.
var Acceptances = []Acceptance{
	{Control: "ELB.1",
		Reason: "the stack has no certificate: without millionstack:domain (or, with createZone, until zoneDelegated is set) ACM has " +
			"no name to issue one for, and an HTTPS listener needs one (ELB user guide, Create an HTTPS listener: a server " +
			"certificate is required); set millionstack:domain and every listener redirects HTTP to HTTPS",
		Applies: func(r millionstacktest.Resource, s *Scope) bool {
			return r.Type == tLB && len(s.ByType(tCertificate)) == 0
		}},
	{Control: "RDS.23",
		Reason: "the databases keep their engine's port: a port number hides nothing from whoever can reach the database subnets, and " +
			"nothing outside the stack can (no route from the internet, RDS.2; a security group that admits only the app tiers); " +
			"moving a live database to another port restarts it and breaks every client configured with the old one",
		Applies: func(r millionstacktest.Resource, s *Scope) bool {
			return (r.Type == tRDS || r.Type == tCluster) && !isTrue(r, "publiclyAccessible")
		}},
	{Control: "ECS.20",
		Reason: "the placeholder web server (nginx, until the stack sets appImage) starts as root to bind port 80 and serves its " +
			"workers as nginx; an app image of your own is judged as it is: set appUser (container.ServiceArgs.User)",
		Applies: func(r millionstacktest.Resource, s *Scope) bool {
			containers := containersOf(r)
			if r.Type != tTaskDefinition || len(containers) == 0 {
				return false
			}
			for _, c := range containers {
				if c["image"] != PlaceholderImage {
					return false
				}
			}
			return true
		}},
	{Control: "S3.9",
		Reason: "this bucket receives the stack's S3 server access logs; logging it into itself would log every delivery of its own " +
			"(S3 user guide, Enabling Amazon S3 server access logging: the target should be a different bucket)",
		Applies: func(r millionstacktest.Resource, s *Scope) bool {
			return r.Type == tBucket && len(s.Attached(r, tBucketLogging, "targetBucket")) > 0
		}},
	{Control: "S3.12",
		Reason: "CloudFront standard logging (legacy) writes its log files with ACLs, so its log bucket must keep them " +
			"(CloudFront developer guide, Configure standard logging (legacy): the bucket must have ACLs enabled)",
		Applies: func(r millionstacktest.Resource, s *Scope) bool {
			if r.Type != tBucket {
				return false
			}
			for _, d := range s.ByType(tDistribution) {
				for _, u := range d.PropertyDependencies["loggingConfig"] {
					if u == r.URN {
						return true
					}
				}
			}
			return false
		}},
	{Control: "RDS.15",
		Reason: "a global database's secondary runs one instance until it is promoted: it serves its region's reads and takes over when the " +
			"primary's region fails, and its data is in three AZs whatever its instances (Aurora user guide, Aurora storage); " +
			"raise database.SecondaryClusterArgs.Instances for a copy that also survives the loss of an AZ",
		Applies: func(r millionstacktest.Resource, s *Scope) bool {
			return r.Type == tCluster && r.String("globalClusterIdentifier") != "" && r.String("masterUsername") == ""
		}},
	{Control: "DynamoDB.4",
		Reason: "a replica of a global table: the table it replicates, in the stack's region, is in the backup plan, which copies its backups " +
			"to the second region, and holds every item written in either region (global tables replicate both ways)",
		Applies: func(r millionstacktest.Resource, s *Scope) bool { return r.Type == tTableReplica }},
}

// acceptance returns the acceptance that covers a failure of control on r.
func acceptance(control string, r millionstacktest.Resource, s *Scope) (Acceptance, bool) {
	for _, a := range Acceptances {
		if a.Control == control && a.Applies(r, s) {
			return a, true
		}
	}
	return Acceptance{}, false
}
