package stages

import "strings"

// dataConfigKeys are the config keys of the 10m stage's data tier
// (settings_data.go), read like the others.
var dataConfigKeys = []ConfigKey{
	{"dbMembers", "functions split off the users database at 10m, comma-separated, each an Aurora cluster db-<member> (default products,forum)", func(s *Settings, v string, p *valueParser) bool {
		if s.Data == nil {
			return false
		}
		s.Data.Members = nil
		for _, m := range strings.Split(v, ",") {
			s.Data.Members = append(s.Data.Members, strings.TrimSpace(m))
		}
		return true
	}},
	{"shards", "Aurora clusters the sharded function is split over at 10m (1-64, default 2); only ever raise it", func(s *Settings, v string, p *valueParser) bool {
		if s.Data == nil {
			return false
		}
		s.Data.Shards = p.integer(v)
		return true
	}},
	{"shardedFunction", "the function split by key over the shards at 10m (default orders)", func(s *Settings, v string, p *valueParser) bool {
		if s.Data == nil {
			return false
		}
		s.Data.ShardedFunction = strings.TrimSpace(v)
		return true
	}},
	{"auroraInstanceClass", "instance class of every Aurora cluster at 10m, memory-optimized (default db.r6g.large)", func(s *Settings, v string, p *valueParser) bool {
		if s.Data == nil {
			return false
		}
		s.Data.Cluster.InstanceClass = strings.TrimSpace(v)
		return true
	}},
}
