#!/usr/bin/env bash
# The AWS CLI against a Stepwise server, as a user would drive it:
#   test/clients/aws-cli.sh http://127.0.0.1:8083
# Exits non-zero, naming the step, when an answer is not what AWS would give.
set -euo pipefail

ENDPOINT="${1:?usage: aws-cli.sh ENDPOINT_URL}"
export AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1
# StartSyncExecution's AWS endpoint is sync-<host>; a local endpoint has no such host.
export AWS_DISABLE_HOST_PREFIX_INJECTION=true
ROLE=arn:aws:iam::123456789012:role/stepwise
sfn() { aws stepfunctions --endpoint-url "$ENDPOINT" "$@"; }
fail() { echo "aws-cli.sh: $*" >&2; exit 1; }
expect() { [ "$2" = "$3" ] || fail "$1: expected '$3', got '$2'"; }

DEFINITION='{"StartAt":"Greet","States":{"Greet":{"Type":"Pass","Parameters":{"greeting.$":"States.Format('"'"'Hello, {}'"'"', $.name)"},"Next":"Pause"},"Pause":{"Type":"Wait","Seconds":0,"End":true}}}'

MACHINE=$(sfn create-state-machine --name cli-hello --definition "$DEFINITION" --role-arn "$ROLE" --query stateMachineArn --output text)
expect create-state-machine "$MACHINE" arn:aws:states:us-east-1:123456789012:stateMachine:cli-hello

EXECUTION=$(sfn start-execution --state-machine-arn "$MACHINE" --name first --input '{"name":"CLI"}' --query executionArn --output text)
expect start-execution "$EXECUTION" arn:aws:states:us-east-1:123456789012:execution:cli-hello:first

STATUS=RUNNING
for _ in $(seq 1 100); do
  STATUS=$(sfn describe-execution --execution-arn "$EXECUTION" --query status --output text)
  [ "$STATUS" = RUNNING ] || break
  sleep 0.1
done
expect describe-execution "$STATUS" SUCCEEDED
expect 'describe-execution output' "$(sfn describe-execution --execution-arn "$EXECUTION" --query output --output text)" '{"greeting":"Hello, CLI"}'
# Timestamps travel as epoch seconds with milliseconds, which AWS CLI v1 prints as they come.
START=$(sfn describe-execution --execution-arn "$EXECUTION" --query startDate --output text)
[[ "$START" =~ ^[0-9]{10}(\.[0-9]{1,3})?$ ]] || fail "describe-execution startDate: got '$START'"

TYPES=$(sfn get-execution-history --execution-arn "$EXECUTION" --query 'events[].type' --output text)
expect get-execution-history "$TYPES" "$(printf 'ExecutionStarted\tPassStateEntered\tPassStateExited\tWaitStateEntered\tWaitStateExited\tExecutionSucceeded')"
expect 'get-execution-history --reverse-order' "$(sfn get-execution-history --execution-arn "$EXECUTION" --reverse-order --max-items 1 --query 'events[0].type' --output text | head -1)" ExecutionSucceeded

NAMES=$(sfn list-state-machines --query 'stateMachines[].name' --output text)
[[ "$NAMES" == *cli-hello* ]] || fail "list-state-machines: cli-hello missing from '$NAMES'"

EXPRESS=$(sfn create-state-machine --name cli-express --type EXPRESS --definition "$DEFINITION" --role-arn "$ROLE" --query stateMachineArn --output text)
expect start-sync-execution "$(sfn start-sync-execution --state-machine-arn "$EXPRESS" --input '{"name":"sync"}' --query output --output text)" '{"greeting":"Hello, sync"}'

# AWS's error codes reach the CLI.
if ERR=$(sfn describe-execution --execution-arn arn:aws:states:us-east-1:123456789012:execution:cli-hello:nope 2>&1); then fail 'describe-execution of a missing execution succeeded'; fi
[[ "$ERR" == *"(ExecutionDoesNotExist)"* ]] || fail "describe-execution of a missing execution: $ERR"
if ERR=$(sfn start-execution --state-machine-arn "$MACHINE" --input '{not json' 2>&1); then fail 'start-execution with bad input succeeded'; fi
[[ "$ERR" == *"(InvalidExecutionInput)"* ]] || fail "start-execution with bad input: $ERR"

sfn delete-state-machine --state-machine-arn "$MACHINE"
echo "aws-cli.sh: ok"
