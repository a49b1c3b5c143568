"""Helpers shared by the bundled handlers.

Every deployment package carries this module next to its handler, so a
handler imports it as ``from _common import ...``.
"""

import json
import logging
import re

logger = logging.getLogger()
logger.setLevel(logging.INFO)

# Deliberately simple: one "@", no spaces, a dot in the domain. The real test
# of an address is whether mail to it arrives.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def valid_email(value):
    """Return True when value looks like a deliverable e-mail address."""
    return isinstance(value, str) and len(value) <= 254 and bool(_EMAIL.match(value))


def message(record):
    """Return the JSON payload of one SQS record.

    When the queue is subscribed to an SNS topic the body is an SNS envelope
    whose "Message" holds the payload; it is unwrapped here so handlers see the
    same payload whether it came through a topic or straight into the queue.
    """
    body = json.loads(record["body"])
    if isinstance(body, dict) and body.get("Type") == "Notification" and "Message" in body:
        return json.loads(body["Message"])
    return body


def process_batch(event, process):
    """Call process(payload) for every SQS record of event.

    A record whose processing raises is logged and reported back in the shape
    Lambda's ReportBatchItemFailures expects, so only that record returns to
    the queue (and, after too many attempts, moves to the dead-letter queue)
    while the rest of the batch is deleted.
    """
    failures = []
    for record in event.get("Records", []):
        try:
            process(message(record))
        except Exception:  # any failure of one record must not fail the batch
            logger.exception("record %s failed", record.get("messageId"))
            failures.append({"itemIdentifier": record.get("messageId")})
    return {"batchItemFailures": failures}
