package database

import (
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// validate checks the resources of the user's own a database stands on:
// their shapes where known, the key's region (region, "" when not known),
// and that none comes with the settings that would make the component
// create or configure it: allowed (AllowedSecurityGroups), parameters
// (Parameters) and monitoringInterval (MonitoringIntervalSeconds, nil for
// its default).
func (e existing) validate(p *validate.Problems, allowed map[string]pulumi.StringInput, parameters map[string]string, monitoringInterval *int, region string) {
	p.SecurityGroupID("ExistingSecurityGroupID", e.securityGroupID)
	if e.securityGroupID != nil && len(allowed) > 0 {
		p.Conflict("ExistingSecurityGroupID", "AllowedSecurityGroups", "a security group of your own is yours to open")
	}
	p.Name("ExistingSubnetGroupName", e.subnetGroupName, validate.DBSubnetGroup)
	p.Name("ExistingParameterGroupName", e.parameterGroupName, validate.DBParameterGroup)
	if e.parameterGroupName != nil && len(parameters) > 0 {
		p.Conflict("ExistingParameterGroupName", "Parameters", "the parameters are your group's to set")
	}
	p.KeyARN("ExistingKMSKeyARN", e.kmsKeyARN, region)
	p.RoleARN("ExistingMonitoringRoleARN", e.monitoringRoleARN)
	if e.monitoringRoleARN != nil && monitoringInterval != nil && *monitoringInterval == 0 {
		p.Conflict("ExistingMonitoringRoleARN", "MonitoringIntervalSeconds", "0 switches Enhanced Monitoring off, and with it the role")
	}
}

// validateSubnets checks SubnetIDs against ExistingSubnetGroupName: a
// subnet group of the user's own takes the place of SubnetIDs, which are
// then needed only to place the component's functions (functions), and
// refused without them.
func (e existing) validateSubnets(p *validate.Problems, subnetIDs pulumi.StringArrayInput, functions bool) {
	switch {
	case e.subnetGroupName != nil && !functions:
		if subnetIDs != nil {
			p.Conflict("ExistingSubnetGroupName", "SubnetIDs", "the subnets are your group's, and the component runs no function of its own to place in them")
		}
	case subnetIDs == nil:
		p.Addf("SubnetIDs", "is required")
	}
}
