"""Give log groups that AWS services create themselves a retention.

RDS publishes an instance's exported logs to /aws/rds/instance/<identifier>/<log>,
a log group it creates on its own, without a retention: its logs would be
kept, and billed, forever. Run once per deployment that changes what it is
given (a lambda.Invocation), with an event such as

    {"logGroupNames": ["/aws/rds/instance/db-1a2b3c/postgresql"], "retentionInDays": 365}

the handler creates each group that does not exist yet (RDS then publishes
into it) and sets its retention, as the AWS CDK's LogRetention custom
resource does for the groups Lambda creates. With "kmsKeyId" (a KMS key
ARN), it creates missing groups encrypted with that key and associates the
key with groups that exist already (AssociateKmsKey: events ingested from
then on are encrypted with it). It returns what it set; any
other failure fails the invocation, and with it the deployment.
"""

import time

from _common import logger

# CloudWatch Logs retention periods (PutRetentionPolicy, retentionInDays).
RETENTIONS = {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
              1096, 1827, 2192, 2557, 2922, 3288, 3653}

# A role's new permissions take seconds to reach every endpoint (IAM is
# eventually consistent), and the invocation runs right after the role's
# policy is written: access denied is retried, every RETRY_SECONDS, until
# ATTEMPTS are spent.
ATTEMPTS = 12
RETRY_SECONDS = 5

_logs = None


def _logs_client():
    """Create the CloudWatch Logs client on first use (see api._sns_client)."""
    global _logs
    if _logs is None:
        import boto3

        _logs = boto3.client("logs")
    return _logs


def _error_code(exc):
    """The AWS error code of a botocore ClientError, or "" for anything else."""
    return getattr(exc, "response", {}).get("Error", {}).get("Code", "")


def _retrying(call):
    """Run call, retrying while AWS denies access (see ATTEMPTS)."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return call()
        except Exception as exc:
            if _error_code(exc) != "AccessDeniedException" or attempt == ATTEMPTS:
                raise
            logger.info("access denied (attempt %d of %d); IAM may still be propagating", attempt, ATTEMPTS)
            time.sleep(RETRY_SECONDS)


def _create(client, name, key):
    """Create the log group name, encrypted with key when not None, unless it
    exists already; an existing group gets key associated instead."""
    try:
        if key is None:
            client.create_log_group(logGroupName=name)
        else:
            client.create_log_group(logGroupName=name, kmsKeyId=key)
    except Exception as exc:
        if _error_code(exc) != "ResourceAlreadyExistsException":
            raise
        if key is not None:
            client.associate_kms_key(logGroupName=name, kmsKeyId=key)


def _request(event):
    """The group names, retention and key (None without one) of event, or
    ValueError saying what is wrong."""
    if not isinstance(event, dict):
        raise ValueError("the event is not an object")
    names, days = event.get("logGroupNames"), event.get("retentionInDays")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.startswith("/") for n in names):
        raise ValueError("logGroupNames must be a non-empty list of log group names starting with /")
    if days not in RETENTIONS or isinstance(days, bool):
        raise ValueError("retentionInDays %r is not a CloudWatch Logs retention" % (days,))
    key = event.get("kmsKeyId")
    if key is not None and not (isinstance(key, str) and key.startswith("arn:") and ":kms:" in key and ":key/" in key):
        raise ValueError("kmsKeyId %r is not a KMS key ARN" % (key,))
    return names, days, key


def handler(event, context):
    names, days, key = _request(event)
    client = _logs_client()
    for name in names:
        _retrying(lambda: _create(client, name, key))
        _retrying(lambda: client.put_retention_policy(logGroupName=name, retentionInDays=days))
        logger.info("%s keeps its events %d days", name, days)
    return {"logGroupNames": names, "retentionInDays": days}
