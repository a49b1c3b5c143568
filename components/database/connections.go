package database

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/millionstack/millionstack/internal/validate"
)

// How many connections an instance accepts is RDS's default max_connections,
// a formula over DBInstanceClassMemory (RDS user guide, Quotas and
// constraints for Amazon RDS, Maximum number of database connections):
//
//	PostgreSQL: LEAST({DBInstanceClassMemory/9531392}, 5000)
//	MySQL:      {DBInstanceClassMemory/12582880}
//
// unless the parameter group sets max_connections, which Parameters may do
// with a whole number. The connections alarm is sized from the result, so
// the component works it out for its class: with the fixed 80 it replaced,
// the alarm paged all day on anything larger than a micro.

// maxConnectionsParameter is the engine parameter both engines call
// max_connections.
const maxConnectionsParameter = "max_connections"

// maxConnectionsFormula is an engine's default max_connections: the divisor
// of DBInstanceClassMemory and the cap (0: none).
type maxConnectionsFormula struct {
	bytesPerConnection int64
	limit              int64
}

// connectionFormulas are RDS's defaults, by Engine.
var connectionFormulas = map[Engine]maxConnectionsFormula{
	EnginePostgres: {bytesPerConnection: 9531392, limit: 5000},
	EngineMySQL:    {bytesPerConnection: 12582880},
}

// maxConnectionsSetting are the values a whole-number max_connections may
// take: PostgreSQL's own ceiling is MAX_BACKENDS, 2^18-1 (PostgreSQL
// documentation, max_connections; src/include/postmaster/postmaster.h),
// MySQL's is 100000 (MySQL reference manual, max_connections).
var maxConnectionsSetting = map[Engine]int{EnginePostgres: 262143, EngineMySQL: 100000}

// DB instance class memory, in GiB, as RDS lists it (RDS user guide, DB
// instance classes, Hardware specifications for DB instance classes,
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html).
// Burstable classes have a memory per size; every other family has a fixed
// memory per vCPU, and its sizes a fixed vCPU count: large 2, xlarge 4,
// <n>xlarge 4n (db.m5.large 8 GiB, db.r6g.2xlarge 64 GiB, db.x2g.large
// 32 GiB, db.z1d.3xlarge 96 GiB).
var (
	burstableFamilies = []string{"t2", "t3", "t4g"}
	burstableGiB      = map[string]int64{"micro": 1, "small": 2, "medium": 4, "large": 8, "xlarge": 16, "2xlarge": 32}
	gibPerVCPU        = map[string]int64{
		"m5": 4, "m5d": 4, "m6g": 4, "m6gd": 4, "m6i": 4, "m6idn": 4, "m6in": 4, "m7g": 4, "m7i": 4, "m8g": 4,
		"r5": 8, "r5b": 8, "r5d": 8, "r6g": 8, "r6gd": 8, "r6i": 8, "r6idn": 8, "r6in": 8, "r7g": 8, "r7i": 8, "r8g": 8,
		"z1d": 8, "x2g": 16,
	}
	scalableSize = regexp.MustCompile(`^(large|xlarge|([1-9][0-9]*)xlarge)$`)
)

// classMemoryGiB returns the memory of a DB instance class ("db.m5.large")
// and whether the table above knows the class.
func classMemoryGiB(class string) (int64, bool) {
	parts := strings.Split(class, ".")
	if len(parts) != 3 || parts[0] != "db" {
		return 0, false
	}
	family, size := parts[1], parts[2]
	for _, f := range burstableFamilies {
		if family == f {
			gib, ok := burstableGiB[size]
			return gib, ok
		}
	}
	perVCPU, ok := gibPerVCPU[family]
	m := scalableSize.FindStringSubmatch(size)
	if !ok || m == nil {
		return 0, false
	}
	vcpus := int64(2)
	switch {
	case m[2] != "":
		n, _ := strconv.ParseInt(m[2], 10, 64) // digits only: the pattern says so
		vcpus = 4 * n
	case size == "xlarge":
		vcpus = 4
	}
	return perVCPU * vcpus, true
}

// instanceClassMemory estimates DBInstanceClassMemory, in bytes, from the
// class's memory. AWS publishes no formula: DBInstanceClassMemory is the
// class's memory less what the operating system and RDS's own processes
// reserve, "always somewhat lower than the memory figures shown in the
// instance class tables", and depends on class and engine (RDS user guide,
// Specifying DB parameters, DB parameter formula variables). The one worked
// figure AWS gives is 16 GiB making "around 1,300" MySQL connections (Quotas
// and constraints, Maximum number of database connections), which is 95% of
// the memory. The estimate here reserves 5%, and at least 256 MiB: that
// matches AWS's figure, and the values users report from SHOW
// max_connections on PostgreSQL classes of 2, 4 and 8 GiB (198, 413 and 856)
// within 4%. It is an approximation: the alarm built on it fires at 80% of
// the real limit, give or take a few percent.
func instanceClassMemory(gib int64) int64 {
	const mib = int64(1) << 20
	total := gib << 30
	return total - max(256*mib, total/20)
}

// maxConnections returns how many connections an instance of class accepts
// with the args' engine and parameters: a whole-number max_connections in
// Parameters if there is one (the primary and its replicas share the
// parameter group), else RDS's default formula over the class's estimated
// DBInstanceClassMemory. ok is false when neither is known (a class missing
// from the table); validate reports it.
func (a DatabaseArgs) maxConnections(class string) (n int, ok bool) {
	if v, set := a.Parameters[maxConnectionsParameter]; set {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		return n, err == nil
	}
	formula, known := connectionFormulas[a.Engine]
	gib, listed := classMemoryGiB(class)
	if !known || !listed {
		return 0, false
	}
	connections := instanceClassMemory(gib) / formula.bytesPerConnection
	if formula.limit > 0 {
		connections = min(connections, formula.limit)
	}
	return int(connections), true
}

// knownClasses describes the classes classMemoryGiB knows, for messages.
func knownClasses() string {
	var families []string
	for _, f := range burstableFamilies {
		families = append(families, "db."+f)
	}
	for _, f := range validate.Keys(gibPerVCPU) {
		families = append(families, "db."+f)
	}
	return fmt.Sprintf("a class of %s (sizes micro to 2xlarge for db.t*, large, xlarge or <n>xlarge for the others)", strings.Join(families, ", "))
}

// validateMaxConnections checks that the connections of every instance are
// known: a whole-number max_connections within the engine's range, or a
// class whose memory the table knows. A class missing from the table is
// refused rather than guessed, because a wrong guess is an alarm that pages
// all day or never; setting max_connections says the number outright.
func (a DatabaseArgs) validateMaxConnections(p *validate.Problems) {
	if _, known := connectionFormulas[a.Engine]; !known {
		return // Engine is reported on its own
	}
	ceiling := maxConnectionsSetting[a.Engine]
	setting := p.Allows("Parameters", fmt.Sprintf("%s a whole number from 1 to %d for %s (a formula cannot size the connections alarm), or left out for RDS's default for the class", maxConnectionsParameter, ceiling, a.Engine))
	if v, set := a.Parameters[maxConnectionsParameter]; set {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		setting.RefuseIf(err != nil || n < 1 || n > ceiling, "%s = %q", maxConnectionsParameter, v)
		return
	}
	check := func(field, class string) {
		c := p.Allows(field, fmt.Sprintf("%s, or set Parameters %s to a whole number", knownClasses(), maxConnectionsParameter))
		if strings.Count(class, ".") != 2 || !strings.HasPrefix(class, "db.") {
			return // not a class name at all: p.InstanceType says so
		}
		if _, listed := classMemoryGiB(class); !listed {
			c.Refuse("%q: its memory, from which RDS derives max_connections and the component its connections alarm, is not known to the component", class)
		}
	}
	check("InstanceClass", a.InstanceClass)
	if a.ReadReplicas > 0 && a.ReplicaInstanceClass != a.InstanceClass {
		check("ReplicaInstanceClass", a.ReplicaInstanceClass)
	}
}
