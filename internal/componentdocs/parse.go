package componentdocs

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Package is what the reference page of one components/<name> package is
// made of, read from its non-test sources.
type Package struct {
	// Name is the package's name (its directory's).
	Name string
	// Doc is the package's doc comment.
	Doc string
	// Args are the structs whose name ends in "Args": what a constructor
	// takes, in alphabetical order.
	Args []*Struct
	// Components are the structs that embed pulumi.ResourceState.
	Components []*Component
	// Types are the other exported struct types: parts of Args (an origin,
	// a record, a health check) and what alarms are given (targets).
	Types []*Struct
	// Enums are the named string types with constants, by name.
	Enums map[string]*Enum
	// Constructors are the exported functions whose name starts with New.
	Constructors []Func
	// Funcs are the other exported functions.
	Funcs []Func
	// Values are the exported constants and variables that are not enum
	// members or type tokens.
	Values []Func
}

// Struct is an exported struct type.
type Struct struct {
	Name   string
	Doc    string
	Fields []Field
	// Methods are its exported methods.
	Methods []Func
}

// Field is one exported field of a struct.
type Field struct {
	Name string
	// Type is the Go type as written in the source.
	Type string
	// Doc is the field's doc comment; for a field listed right under
	// another without a comment of its own, the comment they share.
	Doc string
	// DocOf names the field that carries Doc, when it is another's.
	DocOf string
	// Tag is the `pulumi:"..."` tag, if any.
	Tag string
}

// Component is a component type: a struct embedding pulumi.ResourceState.
type Component struct {
	Struct
	// Token is the value of the <Name>Type constant.
	Token string
}

// Enum is a named string type with its constants, in source order.
type Enum struct {
	Name   string
	Doc    string
	Values []EnumValue
}

// EnumValue is one constant of an Enum.
type EnumValue struct {
	Name, Value, Doc string
}

// Func is a function, method, constant or variable: its declaration as
// written (without body) and its doc comment.
type Func struct {
	Name, Signature, Doc string
}

// ParsePackage reads the package in dir (components/<name>) without its
// tests.
func ParsePackage(dir string) (*Package, error) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []*ast.File
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no Go files", dir)
	}
	// The fields are read from the AST, which go/doc is told to leave
	// as it is (PreserveAST); fieldsOf keeps the exported ones.
	structs := map[string]*ast.StructType{}
	for _, f := range files {
		for _, decl := range f.Decls {
			if gen, ok := decl.(*ast.GenDecl); ok && gen.Tok == token.TYPE {
				for _, spec := range gen.Specs {
					ts := spec.(*ast.TypeSpec)
					if st, ok := ts.Type.(*ast.StructType); ok {
						structs[ts.Name.Name] = st
					}
				}
			}
		}
	}
	d, err := doc.NewFromFiles(fset, files, "github.com/millionstack/millionstack/components/"+filepath.Base(dir), doc.PreserveAST)
	if err != nil {
		return nil, err
	}
	p := &Package{Name: d.Name, Doc: d.Doc, Enums: map[string]*Enum{}}
	tokens := map[string]string{}
	values := func(vs []*doc.Value, skip func(name string) bool) {
		for _, v := range vs {
			for _, spec := range v.Decl.Specs {
				vspec := spec.(*ast.ValueSpec)
				for i, n := range vspec.Names {
					if !n.IsExported() {
						continue
					}
					if strings.HasSuffix(n.Name, "Type") && i < len(vspec.Values) {
						if s, ok := stringLit(vspec.Values[i]); ok && strings.HasPrefix(s, "millionstack:") {
							tokens[n.Name] = s
							continue
						}
					}
					if skip != nil && skip(n.Name) {
						continue
					}
					text := strings.TrimSpace(vspec.Doc.Text())
					if text == "" {
						text = strings.TrimSpace(vspec.Comment.Text())
					}
					if text == "" && len(v.Decl.Specs) == 1 {
						text = strings.TrimSpace(v.Doc)
					}
					p.Values = append(p.Values, Func{Name: n.Name, Signature: valueSource(fset, v.Decl.Tok, vspec), Doc: text})
				}
			}
		}
	}
	values(d.Consts, nil)
	values(d.Vars, nil)
	for _, f := range d.Funcs {
		p.Funcs = append(p.Funcs, funcOf(fset, f))
	}
	for _, t := range d.Types {
		for _, f := range t.Funcs {
			fn := funcOf(fset, f)
			if strings.HasPrefix(f.Name, "New") {
				p.Constructors = append(p.Constructors, fn)
			} else {
				p.Funcs = append(p.Funcs, fn)
			}
		}
		ts := t.Decl.Specs[0].(*ast.TypeSpec)
		if ident, ok := ts.Type.(*ast.Ident); ok && ident.Name == "string" && len(t.Consts) > 0 {
			e := &Enum{Name: t.Name, Doc: strings.TrimSpace(t.Doc)}
			for _, v := range t.Consts {
				e.Values = append(e.Values, enumValues(v, t.Name)...)
			}
			p.Enums[t.Name] = e
		} else {
			values(t.Consts, nil)
		}
		values(t.Vars, nil)
		st, ok := structs[t.Name]
		if !ok {
			continue
		}
		s := Struct{Name: t.Name, Doc: strings.TrimSpace(t.Doc), Fields: fieldsOf(fset, st)}
		for _, m := range t.Methods {
			s.Methods = append(s.Methods, funcOf(fset, m))
		}
		switch {
		case embedsResourceState(st):
			p.Components = append(p.Components, &Component{Struct: s})
		case strings.HasSuffix(t.Name, "Args"):
			p.Args = append(p.Args, &s)
		default:
			p.Types = append(p.Types, &s)
		}
	}
	for _, c := range p.Components {
		c.Token = tokens[c.Name+"Type"]
		if c.Token == "" {
			return nil, fmt.Errorf("%s: component %s has no %sType constant holding its type token", dir, c.Name, c.Name)
		}
	}
	sort.Slice(p.Funcs, func(i, j int) bool { return p.Funcs[i].Name < p.Funcs[j].Name })
	return p, nil
}

// embedsResourceState reports whether st embeds pulumi.ResourceState.
func embedsResourceState(st *ast.StructType) bool {
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 && exprString(f.Type) == "pulumi.ResourceState" {
			return true
		}
	}
	return false
}

// fieldsOf lists a struct's exported fields in source order. A field
// without a doc comment of its own, on the line right under a field
// with one, shares that field's comment (as the sources write
// "VpcID, SubnetIDs and AllowedSecurityGroups place the replica ...").
func fieldsOf(fset *token.FileSet, st *ast.StructType) []Field {
	var out []Field
	groupDoc, groupOf, prevLine := "", "", -1
	for _, f := range st.Fields.List {
		own := strings.TrimSpace(f.Doc.Text())
		if own == "" {
			own = strings.TrimSpace(f.Comment.Text())
		}
		switch {
		case own != "":
			groupDoc, groupOf = own, ""
			if len(f.Names) > 0 {
				groupOf = f.Names[0].Name
			}
		case fset.Position(f.Pos()).Line != prevLine+1:
			groupDoc, groupOf = "", ""
		}
		prevLine = fset.Position(f.End()).Line
		tag := ""
		if f.Tag != nil {
			raw, _ := strconv.Unquote(f.Tag.Value)
			tag = reflect.StructTag(raw).Get("pulumi")
		}
		for _, n := range f.Names {
			if !n.IsExported() {
				continue
			}
			field := Field{Name: n.Name, Type: exprString(f.Type), Doc: groupDoc, Tag: tag}
			if groupOf != n.Name && groupDoc != "" {
				field.DocOf = groupOf
			}
			out = append(out, field)
		}
	}
	return out
}

// enumValues reads the constants of a declaration associated with the
// string type name, with their values.
func enumValues(v *doc.Value, name string) []EnumValue {
	var out []EnumValue
	for _, spec := range v.Decl.Specs {
		vs := spec.(*ast.ValueSpec)
		if vs.Type == nil || exprString(vs.Type) != name {
			continue
		}
		text := strings.TrimSpace(vs.Doc.Text())
		if text == "" {
			text = strings.TrimSpace(vs.Comment.Text())
		}
		for i, n := range vs.Names {
			if !n.IsExported() || i >= len(vs.Values) {
				continue
			}
			if s, ok := stringLit(vs.Values[i]); ok {
				out = append(out, EnumValue{Name: n.Name, Value: s, Doc: text})
			}
		}
	}
	return out
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// funcOf renders a function's declaration without its body.
func funcOf(fset *token.FileSet, f *doc.Func) Func {
	decl := *f.Decl
	decl.Body, decl.Doc = nil, nil
	var b bytes.Buffer
	_ = printer.Fprint(&b, fset, &decl)
	return Func{Name: f.Name, Signature: b.String(), Doc: strings.TrimSpace(f.Doc)}
}

// valueSource renders one constant or variable as written, without its
// comments.
func valueSource(fset *token.FileSet, tok token.Token, vs *ast.ValueSpec) string {
	spec := *vs
	spec.Doc, spec.Comment = nil, nil
	var b bytes.Buffer
	_ = printer.Fprint(&b, fset, &ast.GenDecl{Tok: tok, Specs: []ast.Spec{&spec}})
	return b.String()
}

// exprString renders a type expression as written.
func exprString(e ast.Expr) string {
	var b bytes.Buffer
	_ = printer.Fprint(&b, token.NewFileSet(), e)
	return b.String()
}
