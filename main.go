// Command millionstack is the Pulumi program of this project: it runs the
// stage named by config millionstack:stage, or else the stage named like the
// stack (prelaunch, 1, 10, 100, 1k, 10k, 500k, 1m). See README.md.
package main

import (
	"github.com/millionstack/millionstack/stages"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(stages.Main)
}
