package tests

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The conventions every component follows (components/README.md), held
// here on the components' sources so that a new component, or a change to
// one, cannot drift from them. Each test names the rule it holds.

// componentPackage is one package under components/, parsed without its
// tests.
type componentPackage struct {
	name  string
	dir   string
	fset  *token.FileSet
	files map[string]*ast.File // by file name
}

// componentPackages parses every package under ../components.
func componentPackages(t *testing.T) []componentPackage {
	t.Helper()
	dirs, err := filepath.Glob("../components/*")
	require.NoError(t, err)
	var out []componentPackage
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		fset := token.NewFileSet()
		pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, parser.ParseComments)
		require.NoError(t, err)
		for name, pkg := range pkgs {
			files := map[string]*ast.File{}
			for path, f := range pkg.Files {
				files[filepath.Base(path)] = f
			}
			out = append(out, componentPackage{name: name, dir: dir, fset: fset, files: files})
		}
	}
	require.NotEmpty(t, out)
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// typeSpecs returns the package's type declarations by name.
func (p componentPackage) typeSpecs() map[string]*ast.TypeSpec {
	out := map[string]*ast.TypeSpec{}
	for _, f := range p.files {
		for _, decl := range f.Decls {
			if gen, ok := decl.(*ast.GenDecl); ok && gen.Tok == token.TYPE {
				for _, spec := range gen.Specs {
					ts := spec.(*ast.TypeSpec)
					out[ts.Name.Name] = ts
				}
			}
		}
	}
	return out
}

// components returns the package's component types: the structs that embed
// pulumi.ResourceState.
func (p componentPackage) components() map[string]*ast.StructType {
	out := map[string]*ast.StructType{}
	for name, ts := range p.typeSpecs() {
		st, ok := ts.Type.(*ast.StructType)
		if !ok {
			continue
		}
		for _, field := range st.Fields.List {
			if len(field.Names) == 0 && exprString(field.Type) == "pulumi.ResourceState" {
				out[name] = st
			}
		}
	}
	return out
}

// constants returns the package's constants with a literal string value,
// by name.
func (p componentPackage) constants() map[string]string {
	out := map[string]string{}
	for _, f := range p.files {
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							out[name.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			}
		}
	}
	return out
}

func exprString(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return exprString(x.X) + "." + x.Sel.Name
	case *ast.StarExpr:
		return "*" + exprString(x.X)
	case *ast.ArrayType:
		return "[]" + exprString(x.Elt)
	case *ast.MapType:
		return "map[" + exprString(x.Key) + "]" + exprString(x.Value)
	}
	return ""
}

// Every component type has an exported constant <Type>Type holding its type
// token, millionstack:<package>:<Type>, and registers itself with that
// constant, never with a literal.
func TestEveryComponentHasATypeTokenConstant(t *testing.T) {
	count := 0
	for _, p := range componentPackages(t) {
		consts := p.constants()
		for typ := range p.components() {
			count++
			assert.Equal(t, "millionstack:"+p.name+":"+typ, consts[typ+"Type"], "%s.%sType must hold the type token of %s", p.name, typ, typ)
		}
		for file, f := range p.files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if ok && exprString(call.Fun) == "ctx.RegisterComponentResource" && len(call.Args) > 0 {
					_, literal := call.Args[0].(*ast.BasicLit)
					assert.False(t, literal, "%s/%s: %s registers with a literal type token; use the <Type>Type constant", p.name, file, p.fset.Position(call.Pos()))
				}
				return true
			})
		}
	}
	assert.GreaterOrEqual(t, count, 26, "every component type found")
}

// Every exported output of a component (a pulumi output field) carries a
// `pulumi:"..."` tag, the name Pulumi registers it under, unique within the
// component.
func TestEveryOutputHasAPulumiTag(t *testing.T) {
	for _, p := range componentPackages(t) {
		for typ, st := range p.components() {
			seen := map[string]string{}
			for _, field := range st.Fields.List {
				if typ := exprString(field.Type); !strings.HasPrefix(typ, "pulumi.") || !strings.HasSuffix(typ, "Output") {
					continue // not an output of Pulumi's (a child, a plain value, a Go map of outputs)
				}
				for _, name := range field.Names {
					if !name.IsExported() {
						continue
					}
					tag := ""
					if field.Tag != nil {
						raw, _ := strconv.Unquote(field.Tag.Value)
						tag = reflect.StructTag(raw).Get("pulumi")
					}
					if !assert.NotEmpty(t, tag, "%s.%s.%s has no pulumi tag", p.name, typ, name.Name) {
						continue
					}
					assert.Empty(t, seen[tag], "%s.%s: %s and %s are both tagged %q", p.name, typ, seen[tag], name.Name, tag)
					seen[tag] = name.Name
				}
			}
		}
	}
}

// initialisms are the words every exported name of a component spells in
// one way: the initialisms in capitals (WebACLARN, not WebACLArn), and
// "Vpc" as the project has always written it (VpcID, Network.Vpc).
var initialisms = []string{
	"ACL", "AMI", "API", "ARN", "AZ", "CDN", "CIDR", "CPU", "DB", "DNS", "ECS", "FQDN", "HTTP", "HTTPS",
	"IAM", "ID", "IP", "JSON", "KMS", "NAT", "RDS", "SNS", "SQS", "SSM", "TLS", "TTL", "URI", "URL", "USD", "WAF",
	"Vpc",
}

// misspelled returns the spelling of word a name must not use: "Arn" for
// "ARN", "VPC" for "Vpc".
func misspelled(word string) string {
	if strings.ToUpper(word) == word {
		return word[:1] + strings.ToLower(word[1:])
	}
	return strings.ToUpper(word)
}

// exportedNames returns every exported identifier a package declares:
// types, functions, methods, constants, variables and the fields of its
// exported struct types.
func (p componentPackage) exportedNames() []string {
	var out []string
	add := func(name string) {
		if ast.IsExported(name) {
			out = append(out, name)
		}
	}
	for _, f := range p.files {
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				add(d.Name.Name)
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						add(s.Name.Name)
						if st, ok := s.Type.(*ast.StructType); ok && s.Name.IsExported() {
							for _, field := range st.Fields.List {
								for _, n := range field.Names {
									add(n.Name)
								}
							}
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							add(n.Name)
						}
					}
				}
			}
		}
	}
	return out
}

// Exported names spell the initialisms one way in every package.
func TestInitialismsAreCasedOneWay(t *testing.T) {
	var rules []*regexp.Regexp
	for _, w := range initialisms {
		bad := misspelled(w)
		// The misspelling as a word of the camel-cased name: followed by
		// the name's end, a capital, a digit or a plural s (after a capital
		// too: "WebACLArn" has it).
		rules = append(rules, regexp.MustCompile(bad+`(s?$|s?[A-Z0-9_])`))
	}
	for _, p := range componentPackages(t) {
		for _, name := range p.exportedNames() {
			for i, rule := range rules {
				assert.False(t, rule.MatchString(name), "%s.%s: spell %q as %q", p.name, name, misspelled(initialisms[i]), initialisms[i])
			}
		}
	}
	// The rule catches what it is for.
	arn := rules[slices.Index(initialisms, "ARN")]
	assert.Regexp(t, arn, "WebACLArn")
	assert.Regexp(t, arn, "TargetGroupArnSuffix")
	assert.NotRegexp(t, arn, "Arnold")
	assert.Regexp(t, rules[len(rules)-1], "VPC")
}

// Validation problems name the instance: components collect them with
// validate.For(<package>, name), and no message of a component starts with
// its package alone ("database: ...") or with an unquoted name.
func TestComponentMessagesNameTheInstance(t *testing.T) {
	for _, p := range componentPackages(t) {
		bare := regexp.MustCompile(`^` + p.name + `(: | %s| $)`)
		for file, f := range p.files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.CallExpr:
					if fun := exprString(x.Fun); fun == "validate.For" {
						if lit, ok := x.Args[0].(*ast.BasicLit); assert.True(t, ok, "%s: validate.For takes the package name", p.fset.Position(x.Pos())) {
							assert.Equal(t, strconv.Quote(p.name), lit.Value, "%s: validate.For names the package", p.fset.Position(x.Pos()))
						}
					}
				case *ast.BasicLit:
					if x.Kind == token.STRING {
						v, _ := strconv.Unquote(x.Value)
						assert.False(t, bare.MatchString(v), "%s/%s: %s: %q names the package without the instance; use validate.For or validate.Scope", p.name, file, p.fset.Position(x.Pos()), v)
					}
				}
				return true
			})
		}
	}
}

// Settings with a fixed set of values are string types of their own, whose
// constants are the values: validate.OneOf never lists string literals.
func TestOneOfTakesTypedConstants(t *testing.T) {
	for _, p := range componentPackages(t) {
		for _, f := range p.files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || exprString(call.Fun) != "validate.OneOf" {
					return true
				}
				for _, arg := range call.Args[3:] {
					_, literal := arg.(*ast.BasicLit)
					assert.False(t, literal, "%s: validate.OneOf lists a literal; give the setting a string type with a constant per value", p.fset.Position(arg.Pos()))
				}
				return true
			})
		}
	}
}

// Every Args type offers WithDefaults (the one place defaults live) and
// Validate(name string) error (all problems, nothing registered).
func TestEveryArgsHasWithDefaultsAndValidate(t *testing.T) {
	count := 0
	for _, p := range componentPackages(t) {
		methods := map[string]map[string]*ast.FuncDecl{}
		for _, f := range p.files {
			for _, decl := range f.Decls {
				if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv != nil {
					recv := strings.TrimPrefix(exprString(fn.Recv.List[0].Type), "*")
					if methods[recv] == nil {
						methods[recv] = map[string]*ast.FuncDecl{}
					}
					methods[recv][fn.Name.Name] = fn
				}
			}
		}
		for name := range p.typeSpecs() {
			if !strings.HasSuffix(name, "Args") || !ast.IsExported(name) || methods[name]["validate"] == nil {
				continue // an Args of a component validates itself
			}
			count++
			if d := methods[name]["WithDefaults"]; assert.NotNil(t, d, "%s.%s has no WithDefaults", p.name, name) {
				assert.Equal(t, name, exprString(d.Type.Results.List[0].Type), "%s.%s.WithDefaults returns %s", p.name, name, name)
			}
			if v := methods[name]["Validate"]; assert.NotNil(t, v, "%s.%s has no Validate", p.name, name) {
				params := v.Type.Params.List
				assert.True(t, len(params) == 1 && exprString(params[0].Type) == "string", "%s.%s.Validate takes the component's name", p.name, name)
			}
		}
	}
	assert.GreaterOrEqual(t, count, 26)
}

// AWS names and hashes come from internal/naming: no component hashes on
// its own.
func TestComponentsNameThroughOneHelper(t *testing.T) {
	for _, p := range componentPackages(t) {
		for file, f := range p.files {
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				assert.NotContains(t, []string{"crypto/sha256", "crypto/md5", "crypto/sha1", "hash/fnv", "encoding/hex"}, path,
					"%s/%s hashes on its own; use internal/naming", p.name, file)
			}
		}
	}
}
