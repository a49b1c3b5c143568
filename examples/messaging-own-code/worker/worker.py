"""Your worker: one batch of SQS messages, each an SNS envelope around an order.

The queue's event source mapping reports partial batch failures, so a message
that fails is returned in batchItemFailures and retried alone (then moved to
the dead-letter queue after 5 deliveries); the others are deleted.
"""

import json


def handler(event, context):
    failures = []
    for record in event.get("Records", []):
        try:
            order = json.loads(json.loads(record["body"])["Message"])
            print(json.dumps({"order": order.get("id"), "status": "shipped"}))
        except (KeyError, ValueError) as exc:
            print(json.dumps({"messageId": record.get("messageId"), "error": str(exc)}))
            failures.append({"itemIdentifier": record.get("messageId")})
    return {"batchItemFailures": failures}
