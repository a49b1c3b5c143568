package database

import (
	"embed"
	"io/fs"
	"path"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// bootstrapSources are the modules of the bootstrap function, which creates
// the application's database user, authenticated with IAM, at deploy time:
// bootstrap/bootstrap.py says what it does, bootstrap/pgwire.py is its
// PostgreSQL client. They need only the Python standard library and boto3,
// which the Lambda Python runtimes ship, and are embedded in the Go binary,
// so deploying needs no build step. The tests beside them are not shipped.
//
//go:embed bootstrap/bootstrap.py bootstrap/pgwire.py
var bootstrapSources embed.FS

// bootstrapHandler is the bootstrap function's handler setting: module
// bootstrap, function handler.
const bootstrapHandler = "bootstrap.handler"

// bootstrapCode is the bootstrap function's deployment package: its modules
// at the root of the archive, where the handler setting finds them.
func bootstrapCode() pulumi.Archive {
	files, _ := fs.Glob(bootstrapSources, "bootstrap/*.py") // the pattern is valid, so Glob cannot fail
	assets := map[string]interface{}{}
	for _, file := range files {
		source, _ := bootstrapSources.ReadFile(file) // embedded files are always readable
		assets[path.Base(file)] = pulumi.NewStringAsset(string(source))
	}
	return pulumi.NewAssetArchive(assets)
}
