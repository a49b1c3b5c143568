package database

// The bootstrap function's code, for the tests of package database_test.
var (
	BootstrapCode    = bootstrapCode
	BootstrapHandler = bootstrapHandler
)
