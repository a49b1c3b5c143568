package stages

import (
	"github.com/millionstack/millionstack/components/function"
	"github.com/millionstack/millionstack/components/messaging"
	"github.com/millionstack/millionstack/components/webtier"
)

// UploadPath is where the app takes uploads from the 1m stage on: the only
// path whose requests may carry bodies over 8 KB through the web ACL.
const UploadPath = "/uploads/"

// a million users: split the monolith by service so each part scales on its
// own. The public web tier calls an internal application tier through an
// internal load balancer, and work that need not happen inside a request
// (welcome e-mails, thumbnails) is published to topics and done by Lambda
// workers draining queues, with dead-letter queues for what fails.
func million() Settings {
	s := halfMillion()
	s.Name, s.Users = "1m", "1,000,000"
	s.Summary = "service-oriented: internal ALB app tier, SNS topics -> SQS queues -> Lambda workers"
	s.Web.MaxSize = 40
	s.Budget.MonthlyLimitUSD = 12000
	// Images are uploaded to the web tier, and an image is larger than the
	// 8 KB body the web ACL's core rule set lets through: bodies that large
	// pass under UploadPath only (firewall.WebACLArgs.LargeBodyPaths says
	// why). The CloudFront ACL keeps the limit: its distributions take reads.
	s.Firewall.LargeBodyPaths = []string{UploadPath}
	s.Services = &ServicesSettings{
		App: webtier.WebTierArgs{
			Internal: true, InstanceType: "m5.large", MinSize: 2, MaxSize: 20, CPUTargetPercent: 50,
		},
		Topics: []string{"signups", "uploads"},
		Flows: map[string]FlowSettings{
			// A new user gets a welcome e-mail without the sign-up request waiting for SES.
			"welcome-email": {Topic: "signups", Args: messaging.FlowArgs{
				Worker: function.FunctionArgs{Handler: "welcome_email", TimeoutSeconds: 30},
			}},
			// Uploaded images get thumbnails and a report in the background.
			"thumbnails": {Topic: "uploads", Args: messaging.FlowArgs{
				Worker:         function.FunctionArgs{Handler: "thumbnail", TimeoutSeconds: 60, MemoryMB: 512},
				MaxConcurrency: 20,
			}},
		},
	}
	return s
}
