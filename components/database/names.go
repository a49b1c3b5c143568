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

// checkAppName records under field the rules of name as a kind's name and
// every one it breaks, and reports whether it breaks any. A name that is
// not even letters, digits and underscores gets that one problem only, as
// in the function.
func checkAppName(p *validate.Problems, field string, kind nameKind, name string) (refused bool) {
	refuse := func(c validate.Check, format string, args ...interface{}) {
		c.Refuse(format, args...)
		refused = true
	}
	syntax := p.Allows(field, fmt.Sprintf("a letter, then letters, digits and underscores, at most %d characters", maxAppNameBytes))
	length := p.Allows(field, fmt.Sprintf("at most %d characters (PostgreSQL truncates longer names)", maxAppNameBytes))
	prefix := p.Allows(field, "not starting with pg_ (PostgreSQL's own)")
	keyword := p.Allows(field, "not a reserved SQL key word")
	var reserved validate.Check
	switch kind {
	case userName:
		reserved = p.Allows(field, fmt.Sprintf("not %s nor starting with rds_ (PostgreSQL's and RDS's own)", strings.Join(reservedRoles, ", ")))
	case schemaName:
		reserved = p.Allows(field, fmt.Sprintf("not %s (schemas PostgreSQL creates itself)", strings.Join(reservedSchemas, " or ")))
	}
	if !appName.MatchString(name) {
		refuse(syntax, "%q is not a valid PostgreSQL %s name here", name, kind)
		return refused
	}
	lower := strings.ToLower(name)
	if len(name) > maxAppNameBytes {
		refuse(length, "%q is %d characters long", name, len(name))
	}
	if strings.HasPrefix(lower, "pg_") {
		refuse(prefix, "%q starts with pg_, which PostgreSQL reserves for itself", name)
	}
	if slices.Contains(reservedKeywords, lower) {
		refuse(keyword, "%q is a reserved SQL key word", name)
	}
	if kind == userName && (slices.Contains(reservedRoles, lower) || strings.HasPrefix(lower, "rds_")) {
		refuse(reserved, "%q is reserved by PostgreSQL or RDS", name)
	}
	if kind == schemaName && slices.Contains(reservedSchemas, lower) {
		refuse(reserved, "%q is a schema PostgreSQL creates itself", name)
	}
	return refused
}
