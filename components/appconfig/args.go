package appconfig

import (
	"errors"
	"regexp"
	"strings"

	"github.com/millionstack/millionstack/internal/validate"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ConfigArgs say what the application must be told and allowed.
type ConfigArgs struct {
	// Path is the SSM Parameter Store prefix the values live under, such as
	// "/millionstack/10k". Required; starts with "/", no trailing "/".
	// Changing it replaces every parameter and the app's log group
	// `<Path>/app`, whose events go with it: choose it once.
	Path string
	// Values are the endpoints and names the app needs, keyed by a relative
	// parameter name such as "db/writer" or "cache/primary".
	Values map[string]pulumi.StringInput
	// Roles are the IAM roles the app runs as (the host's or the web tier's
	// instance role), keyed by a stable name ("web", "app"); each may read
	// the parameters under Path and nothing else from SSM.
	Roles map[string]pulumi.StringInput
	// Policies are further IAM policy documents (JSON) every role gets, keyed
	// by a stable name ("cache", "sessions"): access to the app's backing
	// services, each scoped by the component that owns the service.
	Policies map[string]pulumi.StringInput
	// LogRetentionDays is how long the app's CloudWatch log group,
	// "<Path>/app", keeps what the app writes to it. Default 90; one of the
	// retentions CloudWatch Logs accepts.
	LogRetentionDays int
	// Tags are applied to every parameter and the log group.
	Tags map[string]string
	// ExistingLogKMSKeyARN is a customer-managed KMS key of your own, by
	// its key ARN, in the config's region, that encrypts the app's log
	// group. Default none: CloudWatch Logs' own encryption. Its key policy
	// must allow the service principal logs.<region>.amazonaws.com
	// kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey* and
	// kms:Describe* (CloudWatch Logs user guide, "Encrypt log data in
	// CloudWatch Logs using AWS Key Management Service"); the app's roles
	// need no KMS permission to write. Changing it modifies the group in
	// place. (The parameters are plain String parameters: endpoints and
	// names, no secret, so there is no SecureString key to bring.)
	ExistingLogKMSKeyARN pulumi.StringInput
}

// WithDefaults returns the args with every unset field at its documented default.
func (a ConfigArgs) WithDefaults() ConfigArgs {
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = 90
	}
	return a
}

var (
	pathPattern = regexp.MustCompile(`^(/[A-Za-z0-9_.-]+)+$`)
	keyPattern  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*$`)
	namePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// validate reports every problem with the args at once; region is the
// config's, "" when not known.
func (a ConfigArgs) validate(name, region string) error {
	p := validate.For("appconfig", name)
	p.KeyARN("ExistingLogKMSKeyARN", a.ExistingLogKMSKeyARN, region)
	p.LogRetention("LogRetentionDays", a.LogRetentionDays)
	p.Allows("Path", `an SSM path such as "/millionstack/10k": "/" and names of letters, digits, "_", "." and "-", no trailing "/"`).
		RefuseIf(!pathPattern.MatchString(a.Path), "%q is not an SSM path", a.Path)
	values := p.Allows("Values", `keys of lower-case words separated by "-" and "/", such as "db/writer"`)
	for _, key := range validate.Keys(a.Values) {
		values.RefuseIf(!keyPattern.MatchString(key), "key %q cannot name a parameter", key)
	}
	for _, named := range []struct {
		field string
		keys  []string
	}{{"Roles", validate.Keys(a.Roles)}, {"Policies", validate.Keys(a.Policies)}} {
		c := p.Allows(named.field, "keys of lower-case letters, digits and single hyphens")
		for _, key := range named.keys {
			c.RefuseIf(!namePattern.MatchString(key), "key %q cannot name a resource", key)
		}
	}
	own := p.Allows("Policies", "keys other than "+strings.Join(reservedPolicies, " and ")+" (the component's own)")
	for _, key := range reservedPolicies {
		_, taken := a.Policies[key]
		own.RefuseIf(taken, "key %q is the component's own policy", key)
	}
	p.Allows("Roles", "at least one role: the parameters are for the app to read").
		RefuseIf(len(a.Roles) == 0, "is empty")
	p.Tags("Tags", a.Tags)
	return p.Err()
}

// Validate reports every problem with the args of the component called
// name (the name included), as NewConfig would, without registering
// anything.
func (a ConfigArgs) Validate(name string) error {
	return errors.Join(validate.ComponentName("appconfig", name), a.WithDefaults().validate(name, ""))
}
