// Command millionstack plans the stage ladder offline: `millionstack stages`,
// `millionstack plan <stage>`, `millionstack diff <from> <to>`. It runs the
// same stage programs `pulumi up` runs, under Pulumi's mock engine, so it
// needs neither an AWS account nor the Pulumi CLI.
package main

import (
	"os"

	"github.com/millionstack/millionstack/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
