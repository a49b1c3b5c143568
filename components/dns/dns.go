// Package dns provides the names in front of a stage's entry point: the
// Route 53 hosted zone (Zone), a DNS-validated ACM certificate
// (Certificate) and the records that point the domain at an Elastic IP, a
// load balancer or a CloudFront distribution (Records).
//
// Records are named by label and type, never by position, so a stage that
// moves the apex from an Elastic IP to a load balancer updates the same
// record in place instead of deleting and recreating it. Records may be
// latency-routed between regions, each with a Route 53 health check, so
// that a region's outage sends its users to the next region.
package dns
