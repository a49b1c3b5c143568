// Package millionstacktest tests Pulumi programs offline: it runs a program
// under Pulumi's mock engine, records every resource the program registers
// (type, logical name, parent, inputs, dependencies, resource options) and
// answers with plausible outputs (IDs, ARNs, endpoints, availability zones,
// the lookups millionstack's components make), so that a test asserts what
// AWS would receive. No AWS account, no Pulumi CLI.
//
// It is the recording mock engine millionstack's own tests and its offline
// planner (`millionstack plan`, `diff`) run on, published for tests of your
// own stacks:
//
//   - Record runs a program (Options: project, stack, config, a seed for
//     what AWS would choose anew) and returns its Inventory; MustRecord
//     stops the test when the program fails, Rejected checks that it failed
//     before registering anything.
//   - Inventory.ByType, Inventory.Named, Named, Only and Under find
//     resources by type and logical name; Resource.Input and Resource.String
//     read an input by dotted path ("metadataOptions.httpTokens",
//     "ingress[0].fromPort"); Input stops the test when it is unset; JSON,
//     Document and Statements decode the JSON documents (IAM policies) an
//     input holds; ParentedTo checks parents; Resolve and ResolveStrings
//     read a component's outputs (a grant helper's policy document).
//   - Compare says what deploying one recording over another does (added,
//     updated, replaced, deleted, with each input's old and new value),
//     judged by the replace triggers of the AWS provider (ReplaceTriggers)
//     and the types that hold data (IsStateful); AssertInPlace fails a test
//     of an upgrade of your stack that replaces anything or deletes data.
//     AfterIgnoreChanges is what a resource's update sends with its
//     IgnoreChanges applied.
//   - Violations holds every resource against what the pinned AWS provider
//     states about its arguments (exclusions, ranges, formats: what a real
//     account refuses although the mocks accept it); NoViolations fails the
//     test on any.
//
// A test of a stack of your own, in five lines:
//
//	func TestShop(t *testing.T) {
//		inv := millionstacktest.MustRecord(t, shop, millionstacktest.Options{Project: "shop", Stack: "dev"})
//		db := millionstacktest.Named(t, inv, "aws:rds/instance:Instance", "orders")
//		assert.Equal(t, true, millionstacktest.Input(t, db, "storageEncrypted"))
//		millionstacktest.NoViolations(t, inv)
//	}
package millionstacktest
