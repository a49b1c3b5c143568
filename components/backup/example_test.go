package backup_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/backup"
	"github.com/millionstack/millionstack/components/sessions"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Daily and monthly backups into a vault you already have, run as your
// backup role; the session table carries the plan's tag, which is what puts
// it under the plan.
func Example() {
	inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
		plan, err := backup.NewPlan(ctx, "backup", backup.PlanArgs{
			ExistingVaultName: pulumi.String("prod-backups"),
			ExistingRoleARN:   pulumi.String("arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole"),
		})
		if err != nil {
			return err
		}
		_, err = sessions.NewStore(ctx, "sessions", sessions.StoreArgs{BackupTags: plan.DataStoreTags()})
		return err
	}, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("vaults and keys created:", len(inv.ByType("aws:backup/vault:Vault"))+len(inv.ByType("aws:kms/key:Key")))
	selection, _ := inv.Named("aws:backup/selection:Selection", "backup")
	fmt.Println("runs as:", selection.String("iamRoleArn"))
	table, _ := inv.Named("aws:dynamodb/table:Table", "sessions")
	fmt.Println("table tag:", table.String("tags.millionstack:backup"))
	// Output:
	// vaults and keys created: 0
	// runs as: arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole
	// table tag: prod-backups
}
