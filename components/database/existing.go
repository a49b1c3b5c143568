package database

import (
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// validate checks the resources of the user's own a database stands on:
// their shapes where known, the key's region (region, "" when not known),
// and that none comes with the settings that would make the component
// create or configure it: allowed (AllowedSecurityGroups) and
// monitoringInterval (MonitoringIntervalSeconds, nil for its default). A
// primary's parameter group is validateParameterGroup's.
func (e existing) validate(p *validate.Problems, allowed map[string]pulumi.StringInput, monitoringInterval *int, region string) {
	p.SecurityGroupID("ExistingSecurityGroupID", e.securityGroupID)
	p.Conflict("ExistingSecurityGroupID", "AllowedSecurityGroups", e.securityGroupID != nil && len(allowed) > 0, "a security group of your own is yours to open")
	p.Name("ExistingSubnetGroupName", e.subnetGroupName, validate.DBSubnetGroup)
	p.KeyARN("ExistingKMSKeyARN", e.kmsKeyARN, region)
	p.RoleARN("ExistingMonitoringRoleARN", e.monitoringRoleARN)
	p.Conflict("ExistingMonitoringRoleARN", "MonitoringIntervalSeconds", e.monitoringRoleARN != nil && monitoringInterval != nil && *monitoringInterval == 0,
		"0 switches Enhanced Monitoring off, and with it the role")
}

// validateParameterGroup checks a parameter group of the user's own, of
// a primary (replicas and secondaries have their primary's): its name
// where known, and that it does not come with parameters (Parameters)
// the component would set in a group of its own.
func (e existing) validateParameterGroup(p *validate.Problems, parameters map[string]string) {
	p.Name("ExistingParameterGroupName", e.parameterGroupName, validate.DBParameterGroup)
	p.Conflict("ExistingParameterGroupName", "Parameters", e.parameterGroupName != nil && len(parameters) > 0, "the parameters are your group's to set")
}

// validateSubnets checks SubnetIDs against ExistingSubnetGroupName: a
// subnet group of the user's own takes the place of SubnetIDs, which are
// then needed only to place the component's functions (functions), and
// refused without them.
func (e existing) validateSubnets(p *validate.Problems, subnetIDs pulumi.StringArrayInput, functions bool) {
	if e.subnetGroupName != nil && !functions {
		p.Conflict("ExistingSubnetGroupName", "SubnetIDs", subnetIDs != nil, "the subnets are your group's, and the component runs no function of its own to place in them")
		return
	}
	p.Required("SubnetIDs", subnetIDs != nil, "")
	p.SubnetIDs("SubnetIDs", subnetIDs)
}
