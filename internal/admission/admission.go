// Package admission lets a component's security group admit another
// security group after the component is made: the AllowFrom method of the
// components that own a group (webtier's targets, container's tasks, ...).
// Each admission is an ingress rule of its own, `<component>-from-<name>`,
// parented to the component, on the one port the component serves, so that
// adding or removing one never touches the others.
package admission

import (
	"fmt"
	"regexp"

	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Group is a component's security group as AllowFrom sees it.
type Group struct {
	// Ctx is the context the component was created with.
	Ctx *pulumi.Context
	// Scope names the component in messages (`container "app"`).
	Scope string
	// Name is the component's name, which starts every rule's name.
	Name string
	// Component is the parent of every rule.
	Component pulumi.Resource
	// GroupID is the component's own security group; nil when the
	// component uses a group of the user's (Existing), which it does not
	// open.
	GroupID pulumi.StringInput
	// What names the group in messages ("the tasks' security group").
	What string
	// Existing is the field that gave the user's group
	// ("ExistingSecurityGroupID").
	Existing string
	// Port is the TCP port admitted.
	Port int
	// Tags go on every rule, with Name.
	Tags map[string]string
	// Taken are names that may not be used: names of the component's
	// admissions made otherwise (AllowedSecurityGroups keys), and every
	// name AllowFrom has used.
	Taken map[string]bool
}

// nameShape is what a name may look like: it ends a logical name.
var nameShape = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// AllowFrom creates the rule `<component>-from-<name>`: TCP on the
// component's port from securityGroupID. It refuses (and creates nothing)
// when the component uses a group of the user's, when name is not a
// lower-case word (or words joined by hyphens) or is taken, and when
// securityGroupID, known at program time, is not a security group ID.
func (g *Group) AllowFrom(name string, securityGroupID pulumi.StringInput) error {
	if g == nil || g.Ctx == nil {
		return fmt.Errorf("AllowFrom: the component is not registered")
	}
	p := validate.In(g.Scope)
	switch {
	case g.GroupID == nil:
		p.Addf("AllowFrom", "%q: %s is %s, a group of your own; allowed: a rule of your own on it", name, g.What, g.Existing)
	case !nameShape.MatchString(name):
		p.Addf("AllowFrom", "name %q cannot name a rule; allowed: lower-case letters and digits, words joined by single hyphens, such as \"workers\"", name)
	case g.Taken[name]:
		p.Addf("AllowFrom", "name %q is taken; allowed: a name used once per component", name)
	}
	if securityGroupID == nil {
		p.Addf("AllowFrom", "%q: the security group is not set", name)
	}
	p.SecurityGroupID("AllowFrom", securityGroupID)
	if err := p.Err(); err != nil {
		return err
	}
	if g.Taken == nil {
		g.Taken = map[string]bool{}
	}
	g.Taken[name] = true
	rule := g.Name + "-from-" + name
	_, err := vpc.NewSecurityGroupIngressRule(g.Ctx, rule, &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId:           g.GroupID,
		Description:               pulumi.String("From the " + name + " security group"),
		IpProtocol:                pulumi.String("tcp"),
		FromPort:                  pulumi.Int(g.Port),
		ToPort:                    pulumi.Int(g.Port),
		ReferencedSecurityGroupId: securityGroupID,
		Tags:                      tagging.Named(rule, g.Tags),
	}, pulumi.Parent(g.Component))
	return err
}
