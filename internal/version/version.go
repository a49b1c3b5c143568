// Package version says which release of millionstack this is: what
// `millionstack version` prints, and what CHANGELOG.md's newest entry is
// (a test in tests/ holds the two together).
package version

// Version is millionstack's release, in semantic versioning: before 1.0 a
// minor release may change the components' API; every change is in
// CHANGELOG.md, and what replaces a resource is in UPGRADE.md.
const Version = "0.6.0"
