package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
)

// sdkModule is the pulumi-aws Go SDK whose doc comments the rules come from.
const sdkModule = "github.com/pulumi/pulumi-aws/sdk/v6"

// SDK is the pinned pulumi-aws SDK in the module cache.
type SDK struct {
	Dir     string // module root in the module cache
	Version string // "v6.83.0"
}

// locateSDK asks the go command where the module cache holds the SDK the
// main module requires: `go list -m -json`, which reads go.mod and needs no
// network when the module is already downloaded.
func locateSDK() (SDK, error) {
	cmd := exec.Command("go", "list", "-m", "-json", sdkModule)
	cmd.Env = append(os.Environ(), "GOPROXY=off") // read the cache, never the network
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return SDK{}, fmt.Errorf("go list -m -json %s: %v: %s", sdkModule, err, stderr.String())
	}
	var m struct{ Dir, Version string }
	if err := json.Unmarshal(out, &m); err != nil {
		return SDK{}, err
	}
	if m.Dir == "" {
		return SDK{}, fmt.Errorf("%w: %s %s (go mod download %s)", errNotInCache, sdkModule, m.Version, sdkModule)
	}
	if _, err := os.Stat(filepath.Join(m.Dir, "go", "aws")); err != nil {
		return SDK{}, fmt.Errorf("%w: %s has no go/aws sources", errNotInCache, m.Dir)
	}
	return SDK{Dir: m.Dir, Version: m.Version}, nil
}

// errNotInCache says the module cache has no sources of the SDK: the only
// reason the staleness test may skip.
var errNotInCache = errors.New("the pulumi-aws SDK sources are not in the module cache")

// field is one argument of a resource or of a nested input type: its Pulumi
// name, its doc comment and, when it is an object or a list of objects, the
// fields of that object.
type field struct {
	Name   string // pulumi name: "manageMasterUserPassword"
	Doc    string // the doc comment, lines joined
	List   bool   // a list of objects: the path says "name[]"
	Fields []field
}

// resource is one resource type's arguments as its SDK file documents them.
type resource struct {
	Token  string // "aws:rds/instance:Instance"
	File   string // "go/aws/rds/instance.go", relative to the SDK root
	Fields []field
}

// pkg caches the parsed nested input types of one SDK package.
type pkg struct {
	structs map[string]*ast.StructType
}

// loader parses SDK files, once each.
type loader struct {
	sdk  SDK
	fset *token.FileSet
	pkgs map[string]*pkg
}

func newLoader(sdk SDK) *loader {
	return &loader{sdk: sdk, fset: token.NewFileSet(), pkgs: map[string]*pkg{}}
}

// maxDepth is how deep nested input types are read: two levels below the
// resource (launchTemplate metadataOptions.httpTokens, distribution
// defaultCacheBehavior.forwardedValues.cookies). Deeper types (WAF rule
// statements) are left out: cheap to read, but no rule the stages need lives
// there, and every rule has to be reviewed.
const maxDepth = 2

// fileOf maps a type token to its SDK file: "aws:rds/instance:Instance" is
// go/aws/rds/instance.go.
func fileOf(token string) (dir, file string, err error) {
	parts := strings.Split(token, ":")
	if len(parts) != 3 || parts[0] != "aws" {
		return "", "", fmt.Errorf("%q is not an aws type token", token)
	}
	mod, name, ok := strings.Cut(parts[1], "/")
	if !ok {
		return "", "", fmt.Errorf("%q has no module/resource part", token)
	}
	return filepath.Join("go", "aws", mod), filepath.Join("go", "aws", mod, name+".go"), nil
}

// load reads one resource's arguments. The file must register the token
// (ctx.RegisterResource("<token>", ...)), so a renamed file is an error, not
// a silently empty table.
func (l *loader) load(token string) (resource, error) {
	dir, file, err := fileOf(token)
	if err != nil {
		return resource{}, err
	}
	f, err := parser.ParseFile(l.fset, filepath.Join(l.sdk.Dir, file), nil, parser.ParseComments)
	if err != nil {
		return resource{}, err
	}
	if !registers(f, token) {
		return resource{}, fmt.Errorf("%s does not register %s", file, token)
	}
	goName := strings.Split(token, ":")[2]
	argsName := strings.ToLower(goName[:1]) + goName[1:] + "Args"
	st := structNamed(f, argsName)
	if st == nil {
		return resource{}, fmt.Errorf("%s has no struct %s", file, argsName)
	}
	p, err := l.pkg(dir)
	if err != nil {
		return resource{}, err
	}
	return resource{Token: token, File: filepath.ToSlash(file), Fields: l.fields(st, p, 0)}, nil
}

func registers(f *ast.File, token string) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "RegisterResource" || len(call.Args) == 0 {
			return true
		}
		if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Value == `"`+token+`"` {
			found = true
		}
		return true
	})
	return found
}

func structNamed(f *ast.File, name string) *ast.StructType {
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, s := range g.Specs {
			ts := s.(*ast.TypeSpec)
			if st, ok := ts.Type.(*ast.StructType); ok && ts.Name.Name == name {
				return st
			}
		}
	}
	return nil
}

// pkg parses the nested input types of an SDK package (pulumiTypes*.go).
func (l *loader) pkg(dir string) (*pkg, error) {
	if p, ok := l.pkgs[dir]; ok {
		return p, nil
	}
	p := &pkg{structs: map[string]*ast.StructType{}}
	files, err := filepath.Glob(filepath.Join(l.sdk.Dir, dir, "pulumiTypes*.go"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	for _, name := range files {
		f, err := parser.ParseFile(l.fset, name, nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, s := range g.Specs {
				ts := s.(*ast.TypeSpec)
				if st, ok := ts.Type.(*ast.StructType); ok {
					p.structs[ts.Name.Name] = st
				}
			}
		}
	}
	l.pkgs[dir] = p
	return p, nil
}

// fields reads the documented fields of a plain (non-Input) struct, in
// source order, following nested struct types of the same package.
func (l *loader) fields(st *ast.StructType, p *pkg, depth int) []field {
	var out []field
	for _, f := range st.Fields.List {
		if f.Tag == nil {
			continue
		}
		tag := reflect.StructTag(strings.Trim(f.Tag.Value, "`")).Get("pulumi")
		if tag == "" {
			continue
		}
		fl := field{Name: tag, Doc: joinDoc(f.Doc)}
		if depth < maxDepth {
			if name, list := nestedType(f.Type); name != "" {
				if nested, ok := p.structs[name]; ok {
					fl.List = list
					fl.Fields = l.fields(nested, p, depth+1)
				}
			}
		}
		out = append(out, fl)
	}
	return out
}

// nestedType names the struct type behind *T, []T or T, and whether it is a list.
func nestedType(e ast.Expr) (string, bool) {
	switch t := e.(type) {
	case *ast.StarExpr:
		name, _ := nestedType(t.X)
		return name, false
	case *ast.ArrayType:
		name, _ := nestedType(t.Elt)
		return name, true
	case *ast.Ident:
		if t.Obj == nil && !ast.IsExported(t.Name) {
			return "", false // a builtin: string, int, bool
		}
		return t.Name, false
	}
	return "", false
}

// joinDoc joins a doc comment's lines with spaces, as one paragraph.
func joinDoc(g *ast.CommentGroup) string {
	if g == nil {
		return ""
	}
	return strings.Join(strings.Fields(g.Text()), " ")
}
