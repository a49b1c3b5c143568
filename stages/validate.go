package stages

import (
	"errors"

	"github.com/millionstack/millionstack/components/cdn"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// pending stands in for IDs that only exist once earlier components are
// registered, so every component's settings can be validated before the
// first resource of the stage is.
var (
	pending      = pulumi.String("pending")
	pendingList  = pulumi.StringArray{pending, pending}
	pendingGroup = map[string]pulumi.StringInput{"app": pending}
)

// validateSettings runs the validation of every component the stage has, as
// they will be built, and returns all problems together. Nothing is
// registered when it fails.
func validateSettings(s Settings) error {
	var errs []error
	check := func(err error) { errs = append(errs, err) }

	if s.API != nil {
		check(s.API.Validate())
	}
	if s.Site != nil {
		a := *s.Site
		if s.API != nil {
			a.FunctionOrigin = &cdn.FunctionOrigin{FunctionName: pending, URLDomain: pending, PathPatterns: []string{"/api/*"}}
		}
		if s.Domain.Name != "" && s.Network == nil {
			a.Aliases, a.CertificateARN = []string{s.Domain.Name}, pending
		}
		check(a.Validate())
	}
	if s.EdgeFirewall != nil {
		check(s.EdgeFirewall.Validate())
	}
	if s.Network != nil {
		check(s.Network.Validate())
	}
	if s.Host != nil {
		a := *s.Host
		a.VpcID, a.SubnetID, a.AvailabilityZone = pending, pending, "us-east-1a"
		check(a.Validate())
	}
	if s.Web != nil {
		a := *s.Web
		a.VpcID, a.LoadBalancerSubnetIDs, a.InstanceSubnetIDs = pending, pendingList, pendingList
		check(a.Validate())
	}
	if s.Services != nil {
		a := s.Services.App
		a.VpcID, a.LoadBalancerSubnetIDs, a.InstanceSubnetIDs = pending, pendingList, pendingList
		a.AllowedSecurityGroups = pendingGroup
		check(a.Validate())
		for _, name := range sortedKeys(s.Services.Flows) {
			check(s.Services.Flows[name].Args.Validate())
		}
	}
	if s.Database != nil {
		a := *s.Database
		a.VpcID, a.SubnetIDs, a.AllowedSecurityGroups = pending, pendingList, pendingGroup
		check(a.Validate())
	}
	if s.Cache != nil {
		a := *s.Cache
		a.VpcID, a.SubnetIDs, a.AllowedSecurityGroups = pending, pendingList, pendingGroup
		check(a.Validate())
	}
	if s.Sessions != nil {
		check(s.Sessions.Validate())
	}
	if s.Assets != nil {
		a := *s.Assets
		if s.Domain.Name != "" {
			a.Aliases, a.CertificateARN = []string{"assets." + s.Domain.Name}, pending
		}
		check(a.Validate())
	}
	if s.Firewall != nil {
		a := *s.Firewall
		a.AssociatedResourceARNs = map[string]pulumi.StringInput{webName: pending}
		check(a.Validate())
	}
	if s.Monitoring != nil {
		check(s.Monitoring.Validate())
	}
	if s.Budget != nil {
		a := *s.Budget
		if s.Monitoring != nil {
			a.AlertTopicARN = pending
		}
		check(a.Validate())
	}
	return errors.Join(errs...)
}
