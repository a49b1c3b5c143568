package stages

import (
	"github.com/millionstack/millionstack/components/cache"
	"github.com/millionstack/millionstack/components/cdn"
	"github.com/millionstack/millionstack/components/database"
)

// ten to a hundred thousand users: scale out instead of up. The web tier
// scales on CPU and on requests per instance; read replicas take reads off
// the writer; a cache keeps sessions and hot reads out of the database, which
// makes the web tier stateless; static content moves to S3 + CloudFront so
// the servers only serve dynamic requests.
func tenThousand() Settings {
	s := thousand()
	s.Name, s.Users = "10k", "10,000-100,000"
	s.Summary = "auto scaling on CPU and requests, read replica, Redis cache, static assets on CloudFront"
	s.Web.InstanceType = "t3.medium"
	s.Web.MinSize, s.Web.MaxSize = 2, 10
	s.Web.CPUTargetPercent = 50
	s.Web.RequestsPerTarget = 1000
	s.Database.InstanceClass = "db.m5.large"
	s.Database.AllocatedStorageGiB = 100
	s.Database.MaxAllocatedStorageGiB = 1000
	s.Database.ReadReplicas = 1
	// RDS cannot replicate a source whose master password it manages, so the
	// password moves, once and in place, into a secret the stack owns, which
	// Secrets Manager then rotates every 30 days (RotationDays' default) with
	// AWS's rotation function, as RDS rotated its own.
	s.Database.MasterPassword = database.MasterPasswordStored
	// Two nodes in two AZs with automatic failover: losing the cache must not
	// log every user out.
	s.Cache = &cache.CacheArgs{NodeType: "cache.t4g.small", Nodes: 2}
	// A root object so the distribution's bare URL never lists or errors
	// (Security Hub CloudFront.1).
	s.Assets = &cdn.CDNArgs{PriceClass: "PriceClass_100", DefaultRootObject: "index.html"}
	return s
}
