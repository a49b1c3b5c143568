// Package componentdocs generates the reference of the components from
// their code: docs/components/<package>.md for every package under
// components/ (each Args field with its type, the default WithDefaults
// gives it, what its validation allows and what changing it does; every
// component's outputs, children and methods, the grant helpers among
// them), the index docs/components/README.md, and UPGRADE.md, the fields
// whose change replaces or deletes a resource.
//
// Nothing about a field's default, what it allows or its change is copied
// from prose. Defaults are what WithDefaults returns for the zero args.
// What a field allows is what the checks of the Args' Validate say they
// allow, the phrases their error messages end with (validate.Rule),
// collected by validate.Describe as the probe runs. What a change
// does is measured: the registry (registry.go) holds, for every Args type,
// a fixture that registers the component with args it accepts; the probe
// (probe.go) records it under the mock engine, changes one field at a
// time, records again and compares the two recordings with
// millionstacktest.Compare, which judges them by the AWS provider's
// replace triggers. `go run ./cmd/millionstack docs` writes the files
// with the stage pages (internal/stagedocs); a test fails when the
// checked-in copies are stale.
package componentdocs

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/millionstack/millionstack/millionstacktest"
)

// Dir is where the reference pages live, relative to the repository root.
const Dir = "docs/components"

// UpgradeFile is the upgrade guide, relative to the repository root.
const UpgradeFile = "UPGRADE.md"

// Packages parses every package under root/components, by name.
func Packages(root string) ([]*Package, error) {
	dirs, err := filepath.Glob(filepath.Join(root, "components", "*"))
	if err != nil {
		return nil, err
	}
	var out []*Package
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		p, err := ParsePackage(dir)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Missing returns the Args types of the packages that the registry has no
// entry for ("cache.CacheArgs"), and the registry's entries no package
// declares: a new component cannot be left out of the reference.
func Missing(pkgs []*Package) (unregistered, unknown []string) {
	declared := map[string]bool{}
	for _, p := range pkgs {
		for _, a := range p.Args {
			key := p.Name + "." + a.Name
			declared[key] = true
			if _, ok := registry[key]; !ok {
				unregistered = append(unregistered, key)
			}
		}
	}
	for _, key := range sortedKeys(registry) {
		if !declared[key] {
			unknown = append(unknown, key)
		}
	}
	return unregistered, unknown
}

// Measure runs the probe of every Args type of pkgs, two at a time per
// core, and returns the references.
func Measure(pkgs []*Package) ([]*Reference, error) {
	refs := make([]*Reference, len(pkgs))
	type job struct {
		ref  *Reference
		name string
		e    entry
	}
	var jobs []job
	for i, p := range pkgs {
		refs[i] = &Reference{Package: p, Measured: map[string]*Measured{}}
		for _, a := range p.Args {
			e, ok := registry[p.Name+"."+a.Name]
			if !ok {
				return nil, fmt.Errorf("componentdocs: %s.%s has no registry entry (internal/componentdocs/registry.go)", p.Name, a.Name)
			}
			refs[i].Measured[a.Name] = &Measured{Defaults: e.defaults()}
			jobs = append(jobs, job{refs[i], a.Name, e})
		}
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, 2*runtime.NumCPU())
	)
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			fields, validation, err := j.e.probe(j.ref.Enums)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			j.ref.Measured[j.name].Fields = fields
			j.ref.Measured[j.name].Validation = validation
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
		return nil, errs[0]
	}
	return refs, nil
}

// References parses every package under root/components and measures
// its Args types. It fails when an Args type has no registry entry, or the
// registry one no package declares.
func References(root string) ([]*Reference, error) {
	pkgs, err := Packages(root)
	if err != nil {
		return nil, err
	}
	if unregistered, unknown := Missing(pkgs); len(unregistered)+len(unknown) > 0 {
		return nil, fmt.Errorf("componentdocs registry (internal/componentdocs/registry.go): Args types without an entry: %v; entries of no Args type: %v", unregistered, unknown)
	}
	return Measure(pkgs)
}

// Files renders the references: every file this package writes, by path
// relative to the repository root, with its content.
func Files(refs []*Reference) map[string]string {
	files := map[string]string{}
	for _, ref := range refs {
		files[filepath.Join(Dir, ref.Name+".md")] = Page(ref)
	}
	files[filepath.Join(Dir, "README.md")] = Index(refs)
	files[UpgradeFile] = Upgrade(refs)
	return files
}

// Generate returns every file this package writes for the repository at
// root.
func Generate(root string) (map[string]string, error) {
	refs, err := References(root)
	if err != nil {
		return nil, err
	}
	return Files(refs), nil
}

// Orphans returns the files under root/Dir that Generate no longer
// writes: the page of a package that was removed or renamed.
func Orphans(root string, files map[string]string) ([]string, error) {
	have, err := filepath.Glob(filepath.Join(root, Dir, "*.md"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, path := range have {
		rel := filepath.Join(Dir, filepath.Base(path))
		if _, ok := files[rel]; !ok {
			out = append(out, rel)
		}
	}
	return out, nil
}

// Index renders docs/components/README.md: one line per package.
func Index(refs []*Reference) string {
	var b bytes.Buffer
	b.WriteString(Header)
	b.WriteString("# Component reference\n\n")
	b.WriteString("One page per package under `components/`, generated from its source: every Args field with its type, " +
		"default, allowed values and what changing it does (measured, not copied from the doc text), every output and " +
		"exposed child, and the grant, admission and alarm helpers. [UPGRADE.md](../../UPGRADE.md) lists the changes that " +
		"replace or delete a resource.\n\n")
	b.WriteString("| Package | Components | What it is |\n|---|---|---|\n")
	for _, ref := range refs {
		var names []string
		for _, c := range ref.Components {
			names = append(names, "`"+c.Name+"`")
		}
		fmt.Fprintf(&b, "| [%s](%s.md) | %s | %s |\n", ref.Name, ref.Name, strings.Join(names, ", "), cell(synopsis(ref.Doc)))
	}
	return b.String()
}

// synopsis is the first sentence of a doc comment.
func synopsis(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	for i := 0; i+1 < len(text); i++ {
		if text[i] == '.' && text[i+1] == ' ' {
			return text[:i+1]
		}
	}
	return text
}

// Upgrade renders UPGRADE.md: per Args type, the fields whose change
// replaces or deletes a resource.
func Upgrade(refs []*Reference) string {
	var b bytes.Buffer
	b.WriteString(Header)
	b.WriteString("# Upgrading: the settings that replace resources\n\n")
	b.WriteString("Moving a stack up the stage ladder never replaces or deletes a stateful resource (`tests/upgrade_test.go` " +
		"holds every stage to it). Changing a component's args yourself can. This page lists, for every Args type, the " +
		"fields whose change replaces or deletes a resource.\n\n")
	b.WriteString("It is measured, not written by hand: for each field, `internal/componentdocs` records the component " +
		"under the mock engine with a fixture's args and again with that field changed (a bool flipped, every other " +
		"constant of a typed setting, a number raised, lowered or doubled, the alternates its registry lists for the " +
		"rest), and compares the two recordings with `millionstacktest.Compare`, which applies the AWS provider's " +
		"replace triggers (`millionstacktest.ReplaceTriggers`, read from the Terraform provider's schema), the " +
		"components' IgnoreChanges and moves between providers. A change the mocks cannot tell from another (a " +
		"replacement decided by AWS at apply time, a conditional replacement the table leaves out) is in the field's " +
		"doc text on its reference page. A field that was not probed is marked so on its page.\n\n")
	b.WriteString("**Stateful** marks a resource that holds data (a database, cache, bucket, table, queue, key, log group, " +
		"VPC or subnet): replacing it loses its data unless you plan for it, with a snapshot and a restore, or a new " +
		"resource beside the old one and a move (blue-green). The rest are outages or new addresses (a replaced security " +
		"group, load balancer, instance or certificate), except two that lose nothing: a replaced `ecs:TaskDefinition` is " +
		"a new revision the service rolls its tasks to, and a replaced `lambda:Invocation` runs the component's function " +
		"again (the database's bootstrap of its application user, the setting of log retentions). Deleting the " +
		"component's own security group, role or parameter group when you give one of your own is what that field is " +
		"for; it is listed because whatever else used the deleted resource loses it.\n\n")
	for _, ref := range refs {
		fmt.Fprintf(&b, "## %s\n\n", ref.Name)
		for _, a := range ref.Args {
			m := ref.Measured[a.Name]
			var breaking []FieldResult
			for _, f := range m.Fields {
				if f.Breaks() {
					breaking = append(breaking, f)
				}
			}
			link := fmt.Sprintf("[%s](%s/%s.md#%s)", a.Name, Dir, ref.Name, anchor(a.Name))
			if len(breaking) == 0 {
				fmt.Fprintf(&b, "%s: no field's change replaces or deletes a resource.\n\n", link)
				continue
			}
			fmt.Fprintf(&b, "%s:\n\n| Field | Change | What it replaces or deletes |\n|---|---|---|\n", link)
			for _, f := range breaking {
				for _, t := range f.Trials {
					if !tBreaks(t) {
						continue
					}
					change := t.Change
					if f.Given != "" {
						change += " (" + f.Given + ")"
					}
					fmt.Fprintf(&b, "| [`%s`](%s/%s.md#%s) | %s | %s |\n", f.Field, Dir, ref.Name, anchor(a.Name+"."+f.Field), cell(change), cell(breaks(t.Effects)))
				}
			}
			b.WriteString("\n")
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// tBreaks reports whether a trial replaces or deletes a resource.
func tBreaks(t Trial) bool {
	for _, e := range t.Effects {
		if e.Action == millionstacktest.Replace || e.Action == millionstacktest.Delete {
			return true
		}
	}
	return false
}

// breaks describes the replacements and deletions of a change.
func breaks(effects []Effect) string {
	var only []Effect
	for _, e := range effects {
		if e.Action == millionstacktest.Replace || e.Action == millionstacktest.Delete {
			only = append(only, e)
		}
	}
	return describe(only)
}
