package database

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// site is where a database of this package lives and who may reach it:
// what the pieces every kind of database shares (its subnet group, its
// security group and the rules admitting its callers, the bootstrap and
// rotation functions beside it) need to know. Database and Cluster each
// derive theirs from their Args, so those pieces are written once.
type site struct {
	vpcID               pulumi.StringInput
	subnetIDs           pulumi.StringArrayInput
	allowed             map[string]pulumi.StringInput
	secretsManagerRoute []pulumi.Resource
	// engine names the engine in descriptions and picks the rotation
	// function: "postgres" or "mysql" (Aurora PostgreSQL speaks postgres).
	engine Engine
	port   int
	tags   map[string]string
	// existing are the user's own resources the database stands on
	// instead of ones the component creates.
	existing existing
}

// existing are resources of the user's own that a database of this package
// uses instead of creating them (the Existing<Thing> fields of its Args);
// nil where the component creates its own.
type existing struct {
	securityGroupID, subnetGroupName, parameterGroupName, monitoringRoleARN, kmsKeyARN pulumi.StringInput
}

// login is the master user of a database whose password the component
// keeps (MasterPassword "stored", and every Cluster): who it is, and the
// database it logs in to.
type login struct {
	username, database string
	engine             Engine
	port               int
}

// appUser is the application's own user, which the bootstrap function
// creates, and the schema it owns.
type appUser struct {
	name, schema string
}
