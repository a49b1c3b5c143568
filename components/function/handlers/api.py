"""A tiny JSON API for the prelaunch page.

It runs behind CloudFront through an IAM-authenticated function URL, so
CloudFront forwards /api/* here and the function sees event format 2.0.

    GET  /api/health   200 {"status": "ok"}
    POST /api/signup   {"email": "ada@example.com"}
                       202 {"status": "accepted"}  signup logged (and
                           published to SIGNUP_TOPIC_ARN when set)
                       400 the body is not JSON or has no valid "email"
                       413 the body is larger than MAX_BODY_BYTES
                       503 the signup could not be published

Any other path answers 404, a known path with another method 405.
"""

import base64
import binascii
import json
import os

from _common import logger, valid_email

MAX_BODY_BYTES = 4096

_sns = None


def _sns_client():
    """Create the SNS client on first use, so requests that publish nothing
    do not pay for importing boto3."""
    global _sns
    if _sns is None:
        import boto3

        _sns = boto3.client("sns")
    return _sns


def respond(status, body, headers=None):
    """Build a function URL response carrying body as JSON."""
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json", "Cache-Control": "no-store", **(headers or {})},
        "body": json.dumps(body),
    }


def health(event):
    return respond(200, {"status": "ok"})


def signup(event):
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        try:
            body = base64.b64decode(body, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return respond(400, {"error": "the body is not UTF-8 text"})
    if len(body.encode("utf-8")) > MAX_BODY_BYTES:
        return respond(413, {"error": "the body is larger than %d bytes" % MAX_BODY_BYTES})
    try:
        data = json.loads(body)
    except ValueError:
        return respond(400, {"error": "the body must be JSON"})
    email = data.get("email") if isinstance(data, dict) else None
    email = email.strip().lower() if isinstance(email, str) else ""
    if not valid_email(email):
        return respond(400, {"error": "a valid \"email\" is required"})

    logger.info(json.dumps({"event": "signup", "email": email}))
    topic = os.environ.get("SIGNUP_TOPIC_ARN")
    if topic:
        try:
            _sns_client().publish(TopicArn=topic, Message=json.dumps({"email": email}))
        except Exception:  # the caller can retry; the details stay in the logs
            logger.exception("publishing the signup failed")
            return respond(503, {"error": "the signup could not be recorded; please try again"})
    return respond(202, {"status": "accepted"})


# path -> (method, handler)
ROUTES = {
    "/api/health": ("GET", health),
    "/api/signup": ("POST", signup),
}


def handler(event, context):
    http = event.get("requestContext", {}).get("http", {})
    method = http.get("method", "").upper()
    path = (event.get("rawPath") or http.get("path") or "/").rstrip("/")
    if path not in ROUTES:
        return respond(404, {"error": "not found"})
    allowed, route = ROUTES[path]
    if method != allowed:
        return respond(405, {"error": "use %s" % allowed}, {"Allow": allowed})
    return route(event)
