"""Behaviour of the bundled handlers, run by function_test.go with
PYTHONPATH=handlers. boto3 is replaced by a recorder, so no AWS is needed."""

import json
import logging
import os
import sys
import types
import unittest
from unittest import mock

import api
import thumbnail
import welcome_email

logging.disable(logging.CRITICAL)  # the handlers log every failure they report


class FakeClient:
    """Records every call made on it; raises when told to fail."""

    def __init__(self, fail=False):
        self.calls, self.fail = [], fail

    def __getattr__(self, operation):
        def call(**kwargs):
            if self.fail:
                raise RuntimeError("AWS is down")
            self.calls.append((operation, kwargs))

        return call


def fake_boto3(client):
    """Install a boto3 module whose client() returns client."""
    module = types.ModuleType("boto3")
    module.client = lambda service: client
    return mock.patch.dict(sys.modules, {"boto3": module})


def request(method, path, body=None):
    return {"rawPath": path, "requestContext": {"http": {"method": method, "path": path}},
            "body": None if body is None else json.dumps(body), "isBase64Encoded": False}


def sqs(*bodies):
    return {"Records": [{"messageId": "m%d" % i, "body": json.dumps(b)} for i, b in enumerate(bodies)]}


class API(unittest.TestCase):
    def setUp(self):
        api._sns = None

    def status(self, event):
        return api.handler(event, None)["statusCode"]

    def test_routes(self):
        self.assertEqual(self.status(request("GET", "/api/health")), 200)
        self.assertEqual(self.status(request("GET", "/api/missing")), 404)
        response = api.handler(request("GET", "/api/signup"), None)
        self.assertEqual(response["statusCode"], 405)
        self.assertEqual(response["headers"]["Allow"], "POST")

    def test_signup_validates(self):
        self.assertEqual(self.status(request("POST", "/api/signup", {"email": "Ada@Example.com "})), 202)
        self.assertEqual(self.status(request("POST", "/api/signup", {"email": "not-an-address"})), 400)
        self.assertEqual(self.status(request("POST", "/api/signup", ["ada@example.com"])), 400)
        broken = request("POST", "/api/signup")
        broken["body"] = "{"
        self.assertEqual(self.status(broken), 400)
        self.assertEqual(self.status(request("POST", "/api/signup", {"email": "a" * 5000 + "@example.com"})), 413)

    def test_signup_publishes_when_topic_is_set(self):
        client = FakeClient()
        with fake_boto3(client), mock.patch.dict(os.environ, {"SIGNUP_TOPIC_ARN": "arn:aws:sns:us-east-1:1:t"}):
            self.assertEqual(self.status(request("POST", "/api/signup", {"email": "Ada@Example.com"})), 202)
        self.assertEqual(client.calls, [("publish", {"TopicArn": "arn:aws:sns:us-east-1:1:t",
                                                     "Message": json.dumps({"email": "ada@example.com"})})])

    def test_signup_fails_when_publishing_fails(self):
        with fake_boto3(FakeClient(fail=True)), mock.patch.dict(os.environ, {"SIGNUP_TOPIC_ARN": "arn"}):
            self.assertEqual(self.status(request("POST", "/api/signup", {"email": "ada@example.com"})), 503)


class WelcomeEmail(unittest.TestCase):
    def setUp(self):
        welcome_email._ses = None

    def test_unwraps_sns_and_reports_bad_records(self):
        envelope = {"Type": "Notification", "Message": json.dumps({"email": "ada@example.com"})}
        client = FakeClient()
        with fake_boto3(client), mock.patch.dict(os.environ, {"SENDER": "hello@example.com"}):
            result = welcome_email.handler(sqs(envelope, {"email": "nope"}), None)
        self.assertEqual(result, {"batchItemFailures": [{"itemIdentifier": "m1"}]})
        self.assertEqual(client.calls[0][1]["Destination"], {"ToAddresses": ["ada@example.com"]})

    def test_logs_without_sender(self):
        with mock.patch.dict(os.environ, {}, clear=True):
            self.assertEqual(welcome_email.handler(sqs({"email": "ada@example.com"}), None), {"batchItemFailures": []})

    def test_reports_ses_failures(self):
        with fake_boto3(FakeClient(fail=True)), mock.patch.dict(os.environ, {"SENDER": "hello@example.com"}):
            result = welcome_email.handler(sqs({"email": "ada@example.com"}), None)
        self.assertEqual(result, {"batchItemFailures": [{"itemIdentifier": "m0"}]})


class Thumbnail(unittest.TestCase):
    def setUp(self):
        thumbnail._s3 = None

    def test_writes_reports(self):
        s3_event = {"Records": [{"s3": {"bucket": {"name": "uploads"}, "object": {"key": "cats/a+b.png", "size": 3}}}]}
        client = FakeClient()
        with fake_boto3(client), mock.patch.dict(os.environ, {"OUTPUT_BUCKET": "out"}):
            result = thumbnail.handler(sqs(s3_event, {"Event": "s3:TestEvent"}, {"what": "else"}), None)
        self.assertEqual(result, {"batchItemFailures": [{"itemIdentifier": "m2"}]})
        self.assertEqual(len(client.calls), 1)
        operation, call = client.calls[0]
        self.assertEqual((operation, call["Bucket"], call["Key"]), ("put_object", "out", "reports/cats/a b.png.json"))
        self.assertEqual(json.loads(call["Body"])["source"], "s3://uploads/cats/a b.png")

    def test_logs_without_output_bucket(self):
        with mock.patch.dict(os.environ, {}, clear=True):
            result = thumbnail.handler(sqs({"bucket": "uploads", "key": "a.png"}), None)
        self.assertEqual(result, {"batchItemFailures": []})


if __name__ == "__main__":
    unittest.main()
