package container

import (
	"fmt"
	"slices"
	"strings"

	"github.com/millionstack/millionstack/internal/validate"
)

// fargateSizes are the task sizes Fargate runs, as the Amazon ECS developer
// guide lists them ("Task size", in Amazon ECS task definition parameters
// for Fargate; the same table is in the RegisterTaskDefinition API
// reference): each CPU value in CPU units with the memory, in MiB, it
// accepts. Anything else is refused at registration ("No Fargate
// configuration exists for given values"). 8 and 16 vCPU need Linux
// platform version 1.4.0 or later, which LATEST is.
var fargateSizes = []struct {
	cpu                  int
	minMiB, maxMiB, step int
	listed               []int // for the sizes that are a list, not a range
}{
	{cpu: 256, listed: []int{512, 1024, 2048}},
	{cpu: 512, listed: []int{1024, 2048, 3072, 4096}},
	{cpu: 1024, minMiB: 2048, maxMiB: 8192, step: 1024},
	{cpu: 2048, minMiB: 4096, maxMiB: 16384, step: 1024},
	{cpu: 4096, minMiB: 8192, maxMiB: 30720, step: 1024},
	{cpu: 8192, minMiB: 16384, maxMiB: 61440, step: 4096},
	{cpu: 16384, minMiB: 32768, maxMiB: 122880, step: 8192},
}

// FargateMemoryMiB returns the task memory sizes, in MiB, Fargate accepts
// with cpu CPU units, smallest first; none for a CPU value Fargate does not
// offer.
func FargateMemoryMiB(cpu int) []int {
	for _, s := range fargateSizes {
		if s.cpu != cpu {
			continue
		}
		if s.listed != nil {
			return append([]int(nil), s.listed...)
		}
		var out []int
		for m := s.minMiB; m <= s.maxMiB; m += s.step {
			out = append(out, m)
		}
		return out
	}
	return nil
}

// checkTaskSize reports a CPU value Fargate does not offer, or a memory size
// it does not accept with that CPU value, saying what it does accept.
func checkTaskSize(p *validate.Problems, cpu, memoryMiB int) {
	var cpus, memory []string
	for _, s := range fargateSizes {
		cpus = append(cpus, fmt.Sprint(s.cpu))
		memory = append(memory, fmt.Sprintf("%s with %d CPU units", describeMiB(s.cpu), s.cpu))
	}
	cpuRule := p.Allows("CPU", strings.Join(cpus, ", ")+" (1024 per vCPU)")
	p.Allows("MemoryMiB", "the sizes Fargate takes with CPU: "+strings.Join(memory, ", "))
	allowed := FargateMemoryMiB(cpu)
	if allowed == nil {
		cpuRule.Refuse("%d CPU units is not a Fargate task size", cpu)
		return
	}
	if !slices.Contains(allowed, memoryMiB) {
		// The message names the sizes of the CPU given, not the whole table.
		p.Allows("MemoryMiB", fmt.Sprintf("%s with %d CPU units", describeMiB(cpu), cpu)).
			Refuse("%d MiB is not a Fargate task size with CPU %d", memoryMiB, cpu)
	}
}

// describeMiB says which memory sizes go with cpu, as the ECS guide does.
func describeMiB(cpu int) string {
	for _, s := range fargateSizes {
		if s.cpu != cpu {
			continue
		}
		if s.listed != nil {
			parts := make([]string, len(s.listed))
			for i, m := range s.listed {
				parts[i] = fmt.Sprint(m)
			}
			return strings.Join(parts, ", ") + " MiB"
		}
		return fmt.Sprintf("%d to %d MiB in steps of %d", s.minMiB, s.maxMiB, s.step)
	}
	return ""
}
