"""boto3 against a Stepwise server, as a Python user would drive it:
    python3 test/clients/boto3_client.py http://127.0.0.1:8083
Exits non-zero, naming the step, when an answer is not what AWS would give."""
import datetime
import json
import sys
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
sfn = boto3.client(
    "stepfunctions",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="x",
    aws_secret_access_key="x",
    # StartSyncExecution's AWS endpoint is sync-<host>; a local endpoint has no such host.
    config=Config(inject_host_prefix=False, retries={"max_attempts": 1}),
)
ROLE = "arn:aws:iam::123456789012:role/stepwise"
DEFINITION = json.dumps({
    "StartAt": "Greet",
    "States": {
        "Greet": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('Hello, {}', $.name)"}, "Next": "Pause"},
        "Pause": {"Type": "Wait", "Seconds": 0, "End": True},
    },
})


def expect(step, actual, expected):
    if actual != expected:
        sys.exit(f"boto3_client.py: {step}: expected {expected!r}, got {actual!r}")


def error_code(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    sys.exit(f"boto3_client.py: {call.__name__} succeeded; an error was expected")


machine = sfn.create_state_machine(name="py-hello", definition=DEFINITION, roleArn=ROLE)
expect("create_state_machine", machine["stateMachineArn"], "arn:aws:states:us-east-1:123456789012:stateMachine:py-hello")
expect("creationDate", type(machine["creationDate"]), datetime.datetime)

started = sfn.start_execution(stateMachineArn=machine["stateMachineArn"], name="first", input='{"name": "boto3"}')
for _ in range(100):
    execution = sfn.describe_execution(executionArn=started["executionArn"])
    if execution["status"] != "RUNNING":
        break
    time.sleep(0.1)
expect("describe_execution status", execution["status"], "SUCCEEDED")
expect("describe_execution output", json.loads(execution["output"]), {"greeting": "Hello, boto3"})
if not execution["stopDate"] >= execution["startDate"]:
    sys.exit("boto3_client.py: stopDate is before startDate")

pages = sfn.get_paginator("get_execution_history").paginate(executionArn=started["executionArn"], PaginationConfig={"PageSize": 2})
events = [event for page in pages for event in page["events"]]
expect("get_execution_history (paged)", [e["type"] for e in events],
       ["ExecutionStarted", "PassStateEntered", "PassStateExited", "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded"])
expect("history ids", [e["id"] for e in events], list(range(1, 7)))
expect("history input is JSON text", json.loads(events[0]["executionStartedEventDetails"]["input"]), {"name": "boto3"})
newest = sfn.get_execution_history(executionArn=started["executionArn"], reverseOrder=True, maxResults=1)
expect("get_execution_history reverseOrder", newest["events"][0]["type"], "ExecutionSucceeded")

names = [m["name"] for m in sfn.list_state_machines()["stateMachines"]]
if "py-hello" not in names:
    sys.exit(f"boto3_client.py: list_state_machines: py-hello missing from {names}")
expect("list_executions", [e["name"] for e in sfn.list_executions(stateMachineArn=machine["stateMachineArn"])["executions"]], ["first"])

express = sfn.create_state_machine(name="py-express", type="EXPRESS", definition=DEFINITION, roleArn=ROLE)
sync = sfn.start_sync_execution(stateMachineArn=express["stateMachineArn"], input='{"name": "sync"}')
expect("start_sync_execution", (sync["status"], json.loads(sync["output"])), ("SUCCEEDED", {"greeting": "Hello, sync"}))

expect("unknown execution", error_code(sfn.describe_execution, executionArn="arn:aws:states:us-east-1:123456789012:execution:py-hello:nope"), ("ExecutionDoesNotExist", 400))
expect("bad ARN", error_code(sfn.describe_state_machine, stateMachineArn="not-an-arn"), ("InvalidArn", 400))
expect("bad name", error_code(sfn.create_state_machine, name="bad name", definition=DEFINITION, roleArn=ROLE), ("InvalidName", 400))
expect("bad input", error_code(sfn.start_execution, stateMachineArn=machine["stateMachineArn"], input="{nope"), ("InvalidExecutionInput", 400))
expect("invalid definition", error_code(sfn.create_state_machine, name="broken", definition='{"StartAt": "X", "States": {}}', roleArn=ROLE)[0], "InvalidDefinition")

activity = sfn.create_activity(name="py-work")
expect("get_activity_task with no work", "taskToken" in sfn.get_activity_task(activityArn=activity["activityArn"]), False)
expect("send_task_success with a made-up token", error_code(sfn.send_task_success, taskToken="made-up", output="{}"), ("InvalidToken", 400))

sfn.delete_state_machine(stateMachineArn=machine["stateMachineArn"])
print("boto3_client.py: ok")
