package stages

import (
	"github.com/millionstack/millionstack/components/cdn"
	"github.com/millionstack/millionstack/components/function"
)

// prelaunch: before the product exists there is nothing to run. A static
// landing page on S3 + CloudFront costs cents and cannot go down, and a small
// Lambda function behind the same distribution collects sign-ups. No VPC, no
// servers, nothing to patch.
func prelaunch() Settings {
	return Settings{
		Name:    "prelaunch",
		Users:   "0",
		Summary: "static site on S3 + CloudFront, a Lambda API behind it; no servers",
		// The landing page: a private bucket that only CloudFront may read.
		Site: &cdn.CDNArgs{DefaultRootObject: "index.html"},
		// The sign-up API: reachable only through CloudFront, never as an open
		// function URL. It logs each sign-up; the log group outlives the API
		// (kept in AWS for a year) so launching never loses the list.
		API: &function.FunctionArgs{Handler: "api", URL: true, LogRetentionDays: 365, KeepLogsOnDelete: true},
	}
}
