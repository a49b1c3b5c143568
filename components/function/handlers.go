package function

import (
	"embed"
	"io/fs"
	"path"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// handlerSources are the Python sources deployed as function code. They are
// embedded in the Go binary, so deploying needs no build step and no path
// that depends on the working directory.
//
//go:embed handlers/*.py
var handlerSources embed.FS

// Handler names a Python handler bundled in handlers/: the file name
// without ".py".
type Handler string

// The bundled handlers (a test holds them to the files in handlers/).
const (
	// HandlerAPI is the prelaunch sign-up API behind CloudFront.
	HandlerAPI Handler = "api"
	// HandlerLogRetention sets the retention of log groups that AWS
	// creates (see components/logretention).
	HandlerLogRetention Handler = "log_retention"
	// HandlerThumbnail makes thumbnails of uploaded images.
	HandlerThumbnail Handler = "thumbnail"
	// HandlerWelcomeEmail sends a new user's welcome e-mail.
	HandlerWelcomeEmail Handler = "welcome_email"
)

// Handlers are the bundled handlers.
var Handlers = []Handler{HandlerAPI, HandlerLogRetention, HandlerThumbnail, HandlerWelcomeEmail}

// handlers maps a handler name ("api") to its module's source; shared holds
// the helper modules every handler may import (files starting with "_").
var handlers, shared = loadHandlers()

func loadHandlers() (handlers map[Handler]string, shared map[string]string) {
	handlers, shared = map[Handler]string{}, map[string]string{}
	files, _ := fs.Glob(handlerSources, "handlers/*.py") // the pattern is valid, so Glob cannot fail
	for _, file := range files {
		source, _ := handlerSources.ReadFile(file) // embedded files are always readable
		base := path.Base(file)
		if strings.HasPrefix(base, "_") {
			shared[base] = string(source)
		} else {
			handlers[Handler(strings.TrimSuffix(base, ".py"))] = string(source)
		}
	}
	return handlers, shared
}

// codeArchive is the deployment package of one handler: its module plus the
// shared helper modules, all at the root of the archive.
func codeArchive(handler Handler) pulumi.Archive {
	assets := map[string]interface{}{string(handler) + ".py": pulumi.NewStringAsset(handlers[handler])}
	for file, source := range shared {
		assets[file] = pulumi.NewStringAsset(source)
	}
	return pulumi.NewAssetArchive(assets)
}
