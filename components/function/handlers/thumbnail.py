"""Process uploaded images, one SQS message per upload event.

Triggered by SQS. A message is an S3 event notification (straight from the
bucket or through SNS) or a plain {"bucket": ..., "key": ..., "size": ...}
from the application. For every uploaded object the handler writes a small
JSON report to OUTPUT_BUCKET under reports/<key>.json; without OUTPUT_BUCKET
it only logs. Resizing needs an imaging library the runtime does not ship;
the report is where that work plugs in. Records that fail are returned as
batchItemFailures so only they are retried.
"""

import json
import os
from datetime import datetime, timezone
from urllib.parse import unquote_plus

from _common import logger, process_batch

_s3 = None


def _s3_client():
    """Create the S3 client on first use (see api._sns_client)."""
    global _s3
    if _s3 is None:
        import boto3

        _s3 = boto3.client("s3")
    return _s3


def uploads(event):
    """Return (bucket, key, size) for every object an upload event names."""
    if event.get("Event") == "s3:TestEvent":  # sent once when notifications are set up
        return []
    if "Records" in event:
        return [
            (r["s3"]["bucket"]["name"], unquote_plus(r["s3"]["object"]["key"]), r["s3"]["object"].get("size", 0))
            for r in event["Records"]
        ]
    if "bucket" in event and "key" in event:
        return [(event["bucket"], event["key"], event.get("size", 0))]
    raise ValueError("not an upload event")


def report(upload_event):
    """Write (or, without OUTPUT_BUCKET, log) one report per uploaded object."""
    output = os.environ.get("OUTPUT_BUCKET")
    for bucket, key, size in uploads(upload_event):
        summary = {
            "source": "s3://%s/%s" % (bucket, key),
            "size": size,
            "processedAt": datetime.now(timezone.utc).isoformat(),
        }
        if not output:
            logger.info("OUTPUT_BUCKET is not set; report: %s", json.dumps(summary))
            continue
        _s3_client().put_object(
            Bucket=output,
            Key="reports/%s.json" % key,
            Body=json.dumps(summary).encode("utf-8"),
            ContentType="application/json",
        )


def handler(event, context):
    return process_batch(event, report)
