package tests

import (
	"testing"

	"github.com/millionstack/millionstack/internal/plan"
	"github.com/millionstack/millionstack/stages"
)

// BenchmarkPlan runs every stage under the mock engine and prices it: the
// cost of one `millionstack plan`. Run with: go test ./tests -bench Plan -run '^$'
func BenchmarkPlan(b *testing.B) {
	for _, name := range stages.Names() {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := plan.Build(name, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
