"""Send a welcome e-mail for every signup that reaches the queue.

Triggered by SQS (usually fed by the signups SNS topic). Each message is a
JSON signup such as {"email": "ada@example.com"}. With SENDER set (a verified
SES identity) the e-mail goes out through SES; without it the handler only
logs, so a stack can run before SES is set up. Records that fail are returned
as batchItemFailures so only they are retried.
"""

import os

from _common import logger, process_batch, valid_email

SUBJECT = "Welcome aboard"
BODY = "Thanks for signing up. We will write as soon as we launch."

_ses = None


def _ses_client():
    """Create the SES client on first use (see api._sns_client)."""
    global _ses
    if _ses is None:
        import boto3

        _ses = boto3.client("ses")
    return _ses


def welcome(signup):
    """Send (or, without SENDER, log) the welcome e-mail for one signup."""
    email = signup.get("email") if isinstance(signup, dict) else None
    if not valid_email(email):
        raise ValueError("the signup has no valid email")
    sender = os.environ.get("SENDER")
    if not sender:
        logger.info("SENDER is not set; not sending the welcome e-mail to %s", email)
        return
    _ses_client().send_email(
        Source=sender,
        Destination={"ToAddresses": [email]},
        Message={
            "Subject": {"Data": SUBJECT, "Charset": "UTF-8"},
            "Body": {"Text": {"Data": BODY, "Charset": "UTF-8"}},
        },
    )


def handler(event, context):
    return process_batch(event, welcome)
