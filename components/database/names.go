package database

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/millionstack/millionstack/internal/validate"
)

// The rules for the application's user and schema names, the same as the
// bootstrap function's (name_problems in bootstrap/bootstrap.py, which says
// where each comes from), so that a name the function would refuse at
// deploy time is refused here, before anything is registered. The example
// names in bootstrap/testdata/names.json are judged by both, and
// names_test.go compares the word lists below with the function's.

// appName is a letter, then letters, digits and underscores: the same
// name in SQL, in the IAM policy's resource
// (arn:aws:rds-db:...:dbuser:<DbiResourceId>/<user>, where "*" and "?" are
// wildcards and ":" and "/" separators) and in the token, which IAM
// compares case-sensitively with the database role.
var appName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// maxAppNameBytes is the longest identifier PostgreSQL keeps (NAMEDATALEN -
// 1); it truncates longer ones silently.
const maxAppNameBytes = 63

// reservedKeywords are the key words PostgreSQL 15 to 17 reserve (Appendix
// C, "SQL Key Words"): a role or schema of that name needs quotes in every
// statement that names it.
var reservedKeywords = strings.Fields(`
	all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create
	current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc
	distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral
	leading limit localtime localtimestamp not null offset on only or order placing primary references returning
	select session_user some symmetric system_user table then to trailing true union unique user using variadic when
	where window with`)

// reservedRoles are role names PostgreSQL refuses ("public", "none") and
// those of PostgreSQL's default superuser and RDS's own accounts; every
// name starting with rds_ is RDS's too (rds_superuser, rds_iam, ...).
var reservedRoles = []string{"public", "none", "postgres", "rdsadmin", "rdsrepladmin", "rdstopmgr"}

// reservedSchemas are the schemas PostgreSQL creates in every database
// (pg_catalog and pg_toast are covered by the pg_ prefix).
var reservedSchemas = []string{"public", "information_schema"}

// nameKind says what an application name names: the user or its schema.
type nameKind string

const (
	userName   nameKind = "user"
	schemaName nameKind = "schema"
)

// appNameProblems says, in sentences, every rule name breaks as a kind's
// name, with what is allowed instead; none when it is fine. A name that is
// not even letters, digits and underscores gets that one problem only, as
// in the function.
func appNameProblems(kind nameKind, name string) []string {
	if !appName.MatchString(name) {
		return []string{fmt.Sprintf("%q is not a valid PostgreSQL %s name here; allowed: a letter, then letters, digits and underscores, at most %d characters", name, kind, maxAppNameBytes)}
	}
	var problems []string
	lower := strings.ToLower(name)
	if len(name) > maxAppNameBytes {
		problems = append(problems, fmt.Sprintf("%q is %d characters long; allowed: at most %d (PostgreSQL truncates longer names)", name, len(name), maxAppNameBytes))
	}
	if strings.HasPrefix(lower, "pg_") {
		problems = append(problems, fmt.Sprintf("%q starts with pg_, which PostgreSQL reserves for itself; allowed: any other name, such as \"app_user\"", name))
	}
	if slices.Contains(reservedKeywords, lower) {
		problems = append(problems, fmt.Sprintf("%q is a reserved SQL key word; allowed: any other name, such as \"app_user\"", name))
	}
	if kind == userName && (slices.Contains(reservedRoles, lower) || strings.HasPrefix(lower, "rds_")) {
		problems = append(problems, fmt.Sprintf("%q is reserved by PostgreSQL or RDS; allowed: a user of the application's own, such as \"app_user\"", name))
	}
	if kind == schemaName && slices.Contains(reservedSchemas, lower) {
		problems = append(problems, fmt.Sprintf("%q is a schema PostgreSQL creates itself; allowed: the application's own, such as the default (AppUser)", name))
	}
	return problems
}

// checkAppName records under field every problem of name as a kind's name,
// and reports whether there were any.
func checkAppName(p *validate.Problems, field string, kind nameKind, name string) bool {
	problems := appNameProblems(kind, name)
	for _, problem := range problems {
		p.Addf(field, "%s", problem)
	}
	return len(problems) > 0
}
