package database

import (
	"github.com/millionstack/millionstack/internal/awsprovider"
	"github.com/millionstack/millionstack/internal/policy"
	"github.com/millionstack/millionstack/internal/tagging"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newStorageKey creates the customer-managed key `<name>` that encrypts a
// database's storage in the component's region: a cluster's, or a
// cross-region replica's, which cannot use its source's key (a KMS key
// never leaves its region; RDS user guide, "Encrypting Amazon RDS
// resources": a cross-Region read replica is encrypted with a key of the
// destination Region). Rotated yearly (Security Hub KMS.4), administered
// and used by the account's principals through IAM (the default key
// policy; RDS uses the key through grants made on behalf of whoever creates
// the database), and retained on delete: the final snapshot and the
// backups a deleted database leaves behind are encrypted with it, and a
// deleted key would make them unreadable. Delete it by hand once they are
// gone.
func newStorageKey(ctx *pulumi.Context, name, description string, tags map[string]string, parent pulumi.ResourceOrInvokeOption) (*kms.Key, error) {
	here, err := awsprovider.Where(ctx, parent)
	if err != nil {
		return nil, err
	}
	keyPolicy, err := policy.Document{Statement: []policy.Statement{{
		Sid: "AccountAdministersAndUsesKey", Effect: "Allow",
		Principal: map[string]interface{}{"AWS": here.Root()},
		Action:    "kms:*", Resource: "*",
	}}}.JSON()
	if err != nil {
		return nil, err
	}
	return kms.NewKey(ctx, name, &kms.KeyArgs{
		Description:          pulumi.String(description),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(30),
		Policy:               pulumi.String(keyPolicy),
		Tags:                 tagging.Named(name, tags),
	}, parent, pulumi.RetainOnDelete(true))
}
