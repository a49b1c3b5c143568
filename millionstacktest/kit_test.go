package millionstacktest_test

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/millionstack/millionstack/components/database"
	"github.com/millionstack/millionstack/components/network"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shop is a stack of a user's own, as the README shows it: a network and
// an orders database in its database subnets.
func shop(ctx *pulumi.Context) error {
	net, err := network.NewNetwork(ctx, "network", network.NetworkArgs{AZCount: 2})
	if err != nil {
		return err
	}
	_, err = database.NewDatabase(ctx, "orders", database.DatabaseArgs{
		VpcID:     net.VpcID,
		SubnetIDs: net.DatabaseSubnetIDs,
	})
	return err
}

// TestShop is the README's five-line test of a stack of your own.
func TestShop(t *testing.T) {
	inv := millionstacktest.MustRecord(t, shop, millionstacktest.Options{Project: "shop", Stack: "dev"})
	db := millionstacktest.Named(t, inv, "aws:rds/instance:Instance", "orders")
	assert.Equal(t, true, millionstacktest.Input(t, db, "storageEncrypted"))
	millionstacktest.NoViolations(t, inv)
}

// The README shows TestShop and the program it tests exactly as they are
// compiled and run here.
func TestReadmeShowsTheKitTest(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	source, err := os.ReadFile("kit_test.go")
	require.NoError(t, err)
	for _, start := range []string{"func shop(", "func TestShop("} {
		text := string(source)
		i := strings.Index(text, start)
		require.GreaterOrEqual(t, i, 0, start)
		end := strings.Index(text[i:], "\n}\n")
		assert.True(t, strings.Contains(string(readme), text[i:i+end+3]), "README.md shows %s...} as kit_test.go has it:\n%s", start, text[i:i+end+3])
	}
}

// A user's test binary compiles the kit, the components it uses and the
// pulumi SDKs, never the ladder of stages.
func TestTheKitDoesNotImportTheStages(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	require.NoError(t, err, string(out))
	for _, dep := range strings.Fields(string(out)) {
		assert.False(t, strings.HasPrefix(dep, "github.com/millionstack/millionstack/stages"), "the kit imports %s", dep)
		assert.False(t, strings.HasPrefix(dep, "github.com/millionstack/millionstack/components/"), "the kit imports %s", dep)
		assert.NotEqual(t, "github.com/millionstack/millionstack/internal/plan", dep)
	}
}

// spy is a testing.TB that keeps the failures an assertion reports.
type spy struct {
	testing.TB
	failures []string
}

func (s *spy) Helper() {}
func (s *spy) Errorf(format string, args ...interface{}) {
	s.failures = append(s.failures, fmt.Sprintf(format, args...))
}

// AssertInPlace passes an upgrade that updates resources in place and
// fails one that replaces the database, naming the input that forces it;
// both recordings are of the same stack of a project of the user's.
func TestAssertInPlace(t *testing.T) {
	record := func(args database.DatabaseArgs) *millionstacktest.Inventory {
		return millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
			args.VpcID = pulumi.String("vpc-0123456789abcdef0")
			args.SubnetIDs = pulumi.ToStringArray([]string{"subnet-0123456789abcdef0", "subnet-0123456789abcdef1"})
			_, err := database.NewDatabase(ctx, "orders", args)
			return err
		}, millionstacktest.Options{Project: "shop", Stack: "prod"})
	}
	small := record(database.DatabaseArgs{InstanceClass: "db.t3.micro"})
	assert.Equal(t, "urn:pulumi:prod::shop::millionstack:database:Database::orders", millionstacktest.Only(t, small, "millionstack:database:Database").URN)

	larger := &spy{TB: t}
	assert.True(t, millionstacktest.AssertInPlace(larger, small, record(database.DatabaseArgs{InstanceClass: "db.m5.large", MultiAZ: true})))
	assert.Empty(t, larger.failures)

	key := &spy{TB: t}
	assert.False(t, millionstacktest.AssertInPlace(key, small, record(database.DatabaseArgs{
		InstanceClass:     "db.t3.micro",
		ExistingKMSKeyARN: pulumi.String("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
	})))
	require.NotEmpty(t, key.failures)
	assert.Contains(t, strings.Join(key.failures, "\n"), "replaces aws:rds/instance:Instance orders, losing its data kmsKeyId:")
}

// An alias written with a name only resolves in the recording's own
// project: a component renamed in a user's stack is not a replacement.
func TestAliasesResolveInTheRecordingsProject(t *testing.T) {
	record := func(name string, opts ...pulumi.ResourceOption) *millionstacktest.Inventory {
		return millionstacktest.MustRecord(t, func(ctx *pulumi.Context) error {
			_, err := network.NewNetwork(ctx, name, network.NetworkArgs{AZCount: 1, NAT: network.NATNone}, opts...)
			return err
		}, millionstacktest.Options{Project: "shop", Stack: "dev"})
	}
	before := record("net")
	after := record("network", pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String("net")}}))
	d := millionstacktest.Compare(before, after)
	require.NotEmpty(t, d.Entries)
	for _, e := range d.Entries {
		if e.Type == "millionstack:network:Network" {
			assert.Equal(t, "urn:pulumi:dev::shop::millionstack:network:Network::net", e.RenamedFrom)
		}
	}
}

// What a program registers, found by type and logical name, read by the
// dotted path of an input.
func Example() {
	inv, err := millionstacktest.Record(shop, millionstacktest.Options{Project: "shop", Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	db, _ := inv.Named("aws:rds/instance:Instance", "orders")
	fmt.Println(db.URN)
	fmt.Println("encrypted:", db.String("storageEncrypted"), "class:", db.String("instanceClass"))
	subnets := inv.ByType("aws:ec2/subnet:Subnet")
	zones := map[string]bool{}
	for _, s := range subnets {
		zones[s.String("availabilityZone")] = true
	}
	fmt.Println(len(subnets), "subnets in", len(zones), "zones; us-east-1a among them:", zones["us-east-1a"])
	fmt.Println("provider rules broken:", len(millionstacktest.Violations(inv)))
	// Output:
	// urn:pulumi:dev::shop::millionstack:database:Database$aws:rds/instance:Instance::orders
	// encrypted: true class: db.t3.micro
	// 6 subnets in 2 zones; us-east-1a among them: true
	// provider rules broken: 0
}

// What an upgrade of a stack does: a larger instance class is an update in
// place; a key of your own for the storage would replace the database.
func ExampleCompare() {
	record := func(args database.DatabaseArgs) *millionstacktest.Inventory {
		inv, err := millionstacktest.Record(func(ctx *pulumi.Context) error {
			args.VpcID = pulumi.String("vpc-0123456789abcdef0")
			args.SubnetIDs = pulumi.ToStringArray([]string{"subnet-0123456789abcdef0", "subnet-0123456789abcdef1"})
			_, err := database.NewDatabase(ctx, "orders", args)
			return err
		}, millionstacktest.Options{Project: "shop", Stack: "prod"})
		if err != nil {
			panic(err)
		}
		return inv
	}
	before := record(database.DatabaseArgs{})
	for _, after := range []database.DatabaseArgs{
		{InstanceClass: "db.m5.large"},
		{ExistingKMSKeyARN: pulumi.String("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")},
	} {
		for _, e := range millionstacktest.Compare(before, record(after)).Entries {
			if e.Type == "aws:rds/instance:Instance" {
				fmt.Println(e.Action, e.Name, "stateful:", e.Stateful)
				for _, c := range e.Changes {
					fmt.Printf("  %s: %s -> %s (replaces: %v)\n", c.Property, c.Old, c.New, c.Replaces)
				}
			}
		}
	}
	// Output:
	// update orders stateful: true
	//   instanceClass: db.t3.micro -> db.m5.large (replaces: false)
	// replace orders stateful: true
	//   kmsKeyId: (unset) -> arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (replaces: true)
}
