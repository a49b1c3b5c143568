// Package svg renders a Graphviz DOT drawing to SVG in-process, with
// Graphviz itself compiled to WebAssembly and run by a pure-Go runtime
// (github.com/goccy/go-graphviz, wazero): no system package, no cgo. It is
// its own package so that only the command links the renderer.
package svg

import (
	"bytes"
	"context"
	"fmt"

	"github.com/goccy/go-graphviz"
)

// Render lays out and draws a DOT document as SVG with Graphviz's dot layout.
func Render(ctx context.Context, dot []byte) ([]byte, error) {
	g, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("svg: starting Graphviz: %w", err)
	}
	defer g.Close()
	graph, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("svg: Graphviz cannot parse the drawing: %w", err)
	}
	defer graph.Close()
	var out bytes.Buffer
	if err := g.Render(ctx, graph, graphviz.SVG, &out); err != nil {
		return nil, fmt.Errorf("svg: rendering: %w", err)
	}
	return out.Bytes(), nil
}
