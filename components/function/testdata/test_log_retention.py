"""Behaviour of the log_retention handler, run by logretention_test.go with
PYTHONPATH=handlers. boto3 is replaced by a recorder, so no AWS is needed."""

import logging
import sys
import types
import unittest
from unittest import mock

import log_retention

logging.disable(logging.CRITICAL)


class ClientError(Exception):
    """Stands for botocore's ClientError: an error with an AWS code."""

    def __init__(self, code):
        super().__init__(code)
        self.response = {"Error": {"Code": code}}


class FakeLogs:
    """Records calls; raises the codes queued for an operation, in order."""

    def __init__(self, **failures):
        self.calls, self.failures = [], {k: list(v) for k, v in failures.items()}

    def _call(self, operation, kwargs):
        queued = self.failures.get(operation)
        if queued:
            raise ClientError(queued.pop(0))
        self.calls.append((operation, kwargs))

    def create_log_group(self, **kwargs):
        self._call("create_log_group", kwargs)

    def put_retention_policy(self, **kwargs):
        self._call("put_retention_policy", kwargs)

    def associate_kms_key(self, **kwargs):
        self._call("associate_kms_key", kwargs)


def with_client(client):
    module = types.ModuleType("boto3")
    module.client = lambda service: client
    return mock.patch.dict(sys.modules, {"boto3": module})


GROUPS = ["/aws/rds/instance/db-1/postgresql", "/aws/rds/instance/db-1/upgrade"]
KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


class LogRetention(unittest.TestCase):
    def setUp(self):
        log_retention._logs = None

    def run_with(self, client, event):
        with with_client(client), mock.patch.object(log_retention.time, "sleep") as sleep:
            return log_retention.handler(event, None), sleep

    def test_creates_each_group_and_sets_its_retention(self):
        client = FakeLogs()
        result, _ = self.run_with(client, {"logGroupNames": GROUPS, "retentionInDays": 365})
        self.assertEqual(result, {"logGroupNames": GROUPS, "retentionInDays": 365})
        self.assertEqual(client.calls, [
            ("create_log_group", {"logGroupName": GROUPS[0]}),
            ("put_retention_policy", {"logGroupName": GROUPS[0], "retentionInDays": 365}),
            ("create_log_group", {"logGroupName": GROUPS[1]}),
            ("put_retention_policy", {"logGroupName": GROUPS[1], "retentionInDays": 365}),
        ])

    def test_a_group_rds_created_already_keeps_its_events(self):
        client = FakeLogs(create_log_group=["ResourceAlreadyExistsException"])
        self.run_with(client, {"logGroupNames": GROUPS[:1], "retentionInDays": 30})
        self.assertEqual(client.calls, [("put_retention_policy", {"logGroupName": GROUPS[0], "retentionInDays": 30})])

    def test_with_a_key_new_groups_are_created_encrypted(self):
        client = FakeLogs()
        self.run_with(client, {"logGroupNames": GROUPS[:1], "retentionInDays": 30, "kmsKeyId": KEY})
        self.assertEqual(client.calls, [
            ("create_log_group", {"logGroupName": GROUPS[0], "kmsKeyId": KEY}),
            ("put_retention_policy", {"logGroupName": GROUPS[0], "retentionInDays": 30}),
        ])

    def test_with_a_key_existing_groups_get_it_associated(self):
        client = FakeLogs(create_log_group=["ResourceAlreadyExistsException"])
        self.run_with(client, {"logGroupNames": GROUPS[:1], "retentionInDays": 30, "kmsKeyId": KEY})
        self.assertEqual(client.calls, [
            ("associate_kms_key", {"logGroupName": GROUPS[0], "kmsKeyId": KEY}),
            ("put_retention_policy", {"logGroupName": GROUPS[0], "retentionInDays": 30}),
        ])

    def test_access_denied_is_retried_while_iam_propagates(self):
        client = FakeLogs(put_retention_policy=["AccessDeniedException", "AccessDeniedException"])
        _, sleep = self.run_with(client, {"logGroupNames": GROUPS[:1], "retentionInDays": 30})
        self.assertEqual(sleep.call_count, 2)
        self.assertEqual(client.calls[-1][0], "put_retention_policy")

    def test_access_denied_for_good_fails(self):
        client = FakeLogs(create_log_group=["AccessDeniedException"] * log_retention.ATTEMPTS)
        with self.assertRaises(ClientError):
            self.run_with(client, {"logGroupNames": GROUPS[:1], "retentionInDays": 30})

    def test_other_errors_fail_at_once(self):
        client = FakeLogs(put_retention_policy=["InvalidParameterException"])
        with self.assertRaises(ClientError):
            self.run_with(client, {"logGroupNames": GROUPS[:1], "retentionInDays": 30})

    def test_bad_events_are_refused_before_any_call(self):
        for event in [None, {}, {"logGroupNames": [], "retentionInDays": 30},
                      {"logGroupNames": ["relative"], "retentionInDays": 30},
                      {"logGroupNames": GROUPS, "retentionInDays": 10},
                      {"logGroupNames": GROUPS, "retentionInDays": True},
                      {"logGroupNames": GROUPS, "retentionInDays": 30, "kmsKeyId": "alias/logs"},
                      {"logGroupNames": GROUPS, "retentionInDays": 30, "kmsKeyId": 7}]:
            client = FakeLogs()
            with self.assertRaises(ValueError, msg=event):
                self.run_with(client, event)
            self.assertEqual(client.calls, [], event)


if __name__ == "__main__":
    unittest.main()
