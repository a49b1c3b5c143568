package accesslogs_test

import (
	"fmt"

	"github.com/millionstack/millionstack/components/accesslogs"
	"github.com/millionstack/millionstack/components/cdn"
	"github.com/millionstack/millionstack/millionstacktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// One bucket for the S3 server access logs of every bucket of the stack:
// a component with buckets takes it as its AccessLogBucket.
func Example() {
	program := func(ctx *pulumi.Context) error {
		logs, err := accesslogs.NewBucket(ctx, "access-logs", accesslogs.BucketArgs{RetentionDays: 365})
		if err != nil {
			return err
		}
		_, err = cdn.NewCDN(ctx, "assets", cdn.CDNArgs{AccessLogBucket: logs.BucketName})
		return err
	}
	inv, err := millionstacktest.Record(program, millionstacktest.Options{Stack: "dev"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, bucket := range []string{"assets", "assets-logs"} {
		logging, _ := inv.Named("aws:s3/bucketLoggingV2:BucketLoggingV2", bucket)
		fmt.Println(bucket, "logs to", logging.String("targetBucket")+"/"+logging.String("targetPrefix"))
	}
	// Output:
	// assets logs to access-logs/assets/
	// assets-logs logs to access-logs/assets-logs/
}
