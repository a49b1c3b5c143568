package database

// The bootstrap function's code and the word lists of its name rules, for
// the tests of package database_test.
var (
	BootstrapCode    = bootstrapCode
	BootstrapHandler = bootstrapHandler
	ReservedKeywords = reservedKeywords
	ReservedRoles    = reservedRoles
	ReservedSchemas  = reservedSchemas
)
