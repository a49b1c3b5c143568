package graph

import (
	"github.com/millionstack/millionstack/millionstacktest"
)

// edges adds the data flow between nodes, each kind derived from the
// resources that make it possible.
func (b *builder) edges() {
	seen := map[[2]string]int{}
	link := func(from, to, label string, dashed bool) {
		if from == "" || to == "" || from == to {
			return
		}
		if b.opsNode(from) {
			return // deploy-time jobs and alarms touch the data stores, but carry none of the app's data
		}
		if _, reverse := seen[[2]string{to, from}]; reverse {
			return // a consumer's read permission on what already flows to it
		}
		if i, ok := seen[[2]string{from, to}]; ok {
			if b.m.Edges[i].Label == "" {
				b.m.Edges[i].Label = label
			}
			return
		}
		seen[[2]string{from, to}] = len(b.m.Edges)
		b.m.Edges = append(b.m.Edges, Edge{From: from, To: to, Label: label, Dashed: dashed})
	}
	b.entryPoints(link)
	b.targets(link)
	b.origins(link)
	b.messaging(link)
	b.securityGroupFlows(link)
	b.iamFlows(link)
	b.replication(link)
	b.dns(link)
}

type linker func(from, to, label string, dashed bool)

// protector returns the node of the web ACL protecting an entry point:
// associated with it (regional) or named by it (CloudFront's webAclId).
func (b *builder) protector(r millionstacktest.Resource) string {
	for _, a := range b.users(r, tWAFAssoc, "resourceArn") {
		for _, acl := range b.sources(a, "webAclArn", tWebACL) {
			return b.owner[acl.URN]
		}
	}
	for _, acl := range b.sources(r, "webAclId", tWebACL) {
		return b.owner[acl.URN]
	}
	return ""
}

// entryPoints connects the users to what the internet reaches: CloudFront
// distributions, internet-facing load balancers, instances with a public
// address, public function URLs; through the web ACL that guards each.
func (b *builder) entryPoints(link linker) {
	for _, r := range b.inv.Cloud() {
		entry := false
		switch r.Type {
		case tDistribution:
			entry = true
		case tLB:
			entry = r.String("internal") != "true"
		case tInstance:
			entry = r.String("associatePublicIpAddress") == "true" || len(b.users(r, tEIPAssoc, "instanceId")) > 0
		case tFunctionURL:
			if r.String("authorizationType") == "NONE" {
				for _, fn := range b.sources(r, "functionName", tFunction) {
					link(UsersID, b.owner[fn.URN], "HTTPS", false)
				}
			}
		}
		if !entry {
			continue
		}
		if waf := b.protector(r); waf != "" {
			link(UsersID, waf, "", false)
			link(waf, b.owner[r.URN], "filtered", false)
		} else {
			link(UsersID, b.owner[r.URN], "", false)
		}
	}
}

// targets connects load balancers to what they forward to: the Auto Scaling
// groups and services registered in their target groups.
func (b *builder) targets(link linker) {
	for _, l := range b.inv.ByType(tListener) {
		for _, lb := range b.sources(l, "loadBalancerArn", tLB) {
			for _, tg := range b.sources(l, "defaultActions", tTargetGroup) {
				for _, t := range b.attached[tg.URN] {
					if t.Type == tASG || t.Type == tECSService {
						link(b.owner[lb.URN], b.owner[t.URN], "", false)
					}
				}
			}
		}
	}
}

// origins connects CloudFront distributions to their origins.
func (b *builder) origins(link linker) {
	for _, d := range b.inv.ByType(tDistribution) {
		for _, o := range b.sources(d, "origins", "") {
			target := b.owner[o.URN]
			if o.Type == tFunctionURL {
				for _, fn := range b.sources(o, "functionName", tFunction) {
					target = b.owner[fn.URN]
				}
			}
			if o.Type == tFunction {
				target = b.owner[o.URN]
			}
			link(b.owner[d.URN], target, "origin", false)
		}
	}
}

// securityGroupFlows connects whoever holds a security group to whoever
// holds a group that admits it: that is who may open connections to whom.
func (b *builder) securityGroupFlows(link linker) {
	admit := func(rule millionstacktest.Resource, srcProperty, dstProperty string) {
		for _, src := range b.sources(rule, srcProperty, tSG) {
			for _, dst := range b.sources(rule, dstProperty, tSG) {
				for _, from := range b.members(src) {
					for _, to := range b.members(dst) {
						link(from, to, "", false)
					}
				}
			}
		}
	}
	for _, r := range b.inv.ByType(tIngress) {
		admit(r, "referencedSecurityGroupId", "securityGroupId")
	}
	for _, r := range b.inv.ByType(tSGRule) {
		if r.String("type") == "ingress" {
			admit(r, "sourceSecurityGroupId", "securityGroupId")
		}
	}
}

// members returns the nodes whose resources use a security group: directly,
// or through the launch template of an Auto Scaling group.
func (b *builder) members(sg millionstacktest.Resource) []string {
	var out []string
	for _, u := range b.attached[sg.URN] {
		if u.Type == tIngress || u.Type == tSGRule {
			continue
		}
		if id := b.owner[u.URN]; id != "" {
			out = append(out, id)
		}
		if u.Type == tLaunchTemplate {
			for _, g := range b.groupsOf(u) {
				out = append(out, b.owner[g.URN])
			}
		}
	}
	return out
}

// iamFlows connects compute to the data stores and topics its role's
// policies name: the app may write sessions, publish events.
func (b *builder) iamFlows(link linker) {
	for _, p := range b.inv.ByType(tRolePolicy) {
		var targets []string
		for _, t := range b.sources(p, "policy", "") {
			if id := b.owner[t.URN]; id != "" {
				if n, ok := b.m.Node(id); ok && (n.Lane == LaneData || n.Lane == LaneAsync) {
					targets = append(targets, id)
				}
			}
		}
		if len(targets) == 0 {
			continue
		}
		for _, role := range b.sources(p, "role", tRole) {
			for _, from := range b.roleHolders(role) {
				for _, to := range targets {
					link(from, to, "", false)
				}
			}
		}
	}
}

// roleHolders returns the nodes whose compute runs as a role: instances and
// groups through an instance profile, functions, ECS tasks.
func (b *builder) roleHolders(role millionstacktest.Resource) []string {
	var out []string
	for _, u := range b.attached[role.URN] {
		switch u.Type {
		case tFunction, tTaskDef:
			if id := b.owner[u.URN]; id != "" {
				out = append(out, id)
			}
			if u.Type == tTaskDef {
				for _, s := range b.users(u, tECSService, "taskDefinition") {
					out = append(out, b.owner[s.URN])
				}
			}
		case tInstanceProf:
			for _, holder := range b.attached[u.URN] {
				if holder.Type == tInstance {
					out = append(out, b.owner[holder.URN])
				}
				if holder.Type == tLaunchTemplate {
					for _, g := range b.groupsOf(holder) {
						out = append(out, b.owner[g.URN])
					}
				}
			}
		}
	}
	return out
}

// messaging connects topics to the queues subscribed to them and queues to
// the functions that drain them.
func (b *builder) messaging(link linker) {
	for _, s := range b.inv.ByType(tSubscription) {
		for _, t := range b.sources(s, "topic", tTopic) {
			for _, q := range b.sources(s, "endpoint", "") {
				link(b.owner[t.URN], b.owner[q.URN], "subscription", false)
			}
		}
	}
	for _, m := range b.inv.ByType(tESM) {
		for _, src := range b.sources(m, "eventSourceArn", "") {
			for _, fn := range b.sources(m, "functionName", tFunction) {
				link(b.owner[src.URN], b.owner[fn.URN], "", false)
			}
		}
	}
}

// replication connects data stores to their copies in other regions.
func (b *builder) replication(link linker) {
	for _, r := range b.inv.ByType(tRDS) {
		for _, src := range b.sources(r, "replicateSourceDb", tRDS) {
			link(b.owner[src.URN], b.owner[r.URN], "replication", false)
		}
	}
	for _, r := range b.inv.ByType(tTableReplica) {
		for _, t := range b.sources(r, "globalTableArn", tTable) {
			link(b.owner[t.URN], b.owner[r.URN], "replication", false)
		}
	}
	for _, c := range b.inv.ByType(tCluster) {
		for _, src := range b.sources(c, "replicationSourceIdentifier", "") {
			link(b.owner[src.URN], b.owner[c.URN], "replication", false)
		}
	}
	// An Aurora global database's secondaries replicate from its primary:
	// the member with a master user, which a secondary may not have.
	members := map[string][]millionstacktest.Resource{}
	var globals []string
	for _, c := range b.inv.ByType(tCluster) {
		for _, g := range b.sources(c, "globalClusterIdentifier", tGlobalCluster) {
			if members[g.URN] == nil {
				globals = append(globals, g.URN)
			}
			members[g.URN] = append(members[g.URN], c)
		}
	}
	for _, g := range globals {
		for _, primary := range members[g] {
			if primary.String("masterUsername") == "" {
				continue
			}
			for _, secondary := range members[g] {
				if secondary.URN != primary.URN {
					link(b.owner[primary.URN], b.owner[secondary.URN], "replication", false)
				}
			}
		}
	}
}

// dns connects Route 53 to the entry points its records alias.
func (b *builder) dns(link linker) {
	for _, r := range b.inv.ByType(tRecord) {
		for _, t := range b.sources(r, "aliases", "") {
			link(b.owner[r.URN], b.owner[t.URN], "alias", true)
		}
	}
}

// groupsOf returns the Auto Scaling groups that launch from a launch
// template, directly or through a mixed instances policy.
func (b *builder) groupsOf(lt millionstacktest.Resource) []millionstacktest.Resource {
	return append(b.users(lt, tASG, "launchTemplate"), b.users(lt, tASG, "mixedInstancesPolicy")...)
}

// opsNode reports whether a node is a region's operations node.
func (b *builder) opsNode(id string) bool {
	for _, n := range b.m.Nodes {
		if n.ID == id {
			return n.Lane == LaneOps
		}
	}
	return false
}
