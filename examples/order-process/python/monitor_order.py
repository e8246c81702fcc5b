"""
Watches how an order ended and emits one event for it: `order_completed` when the execution
succeeded, `order_failed` otherwise. It takes what DescribeExecution (or a run's result) says —
status, output, error, cause — and writes the event as one JSON log line, which is where a
log-based alarm or an event bus forwarder picks it up; the event is also its response.
"""
import json


def lambda_handler(execution, context):
    output = execution.get("output")
    if isinstance(output, str):
        output = json.loads(output)
    output = output or {}
    completed = execution.get("status") == "SUCCEEDED" and output.get("status") == "COMPLETED"
    event = {
        "event": "order_completed" if completed else "order_failed",
        "orderId": output.get("orderId") or (execution.get("input") or {}).get("orderId"),
    }
    if completed:
        event["trackingNumber"] = output.get("trackingNumber")
    else:
        event["status"] = output.get("status") or execution.get("status")
        event["error"] = execution.get("error")
        event["cause"] = execution.get("cause")
    print(json.dumps(event))
    return event
