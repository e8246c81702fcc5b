"""Stepwise's Python runtime: a Lambda runtime client over the Runtime API at AWS_LAMBDA_RUNTIME_API.

Standard library only, for whatever python3 the machine has. Loads `module.function` handlers
and reports errors the way AWS's Python runtime (awslambdaric) does:
{"errorMessage", "errorType", "requestId", "stackTrace"}, with Runtime.* names for init failures.
"""

import decimal
import importlib
import json
import logging
import os
import socket
import sys
import time
import traceback

API = "/2018-06-01/runtime"
ERROR_LOG_LINE_TERMINATE = "\r"
ERROR_LOG_IDENT = "\u00a0"


class FaultException(Exception):
    MARSHAL_ERROR = "Runtime.MarshalError"
    UNMARSHAL_ERROR = "Runtime.UnmarshalError"
    IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
    BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
    MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
    HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
    USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
    LAMBDA_CONTEXT_UNMARSHAL_ERROR = "Runtime.LambdaContextUnmarshalError"

    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.msg = msg
        self.exception_type = exception_type
        self.trace = trace


class RuntimeApiClient:
    """HTTP/1.1 on one keep-alive connection. The answer to an invocation and the long-poll for
    the next one go out in a single write (pipelined), saving a round trip per invoke."""

    def __init__(self, address):
        host, port = address.split(":")
        self.host = address
        self.sock = socket.create_connection((host, int(port)))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def _request(self, method, path, body=None, headers=None):
        head = "%s %s HTTP/1.1\r\nHost: %s\r\n" % (method, path, self.host)
        for name, value in (headers or {}).items():
            head += "%s: %s\r\n" % (name, value)
        data = b""
        if body is not None:
            data = body if isinstance(body, bytes) else body.encode("utf-8")
            head += "Content-Type: application/json\r\nContent-Length: %d\r\n" % len(data)
        return (head + "\r\n").encode("latin-1") + data

    def _read_response(self):
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(self.buffer) < length:
            self._fill()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return int(lines[0].split(" ")[1]), headers, body

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            # The platform went away (the server stopped): nothing left to serve.
            os._exit(0)
        self.buffer += chunk

    def _send(self, *requests):
        try:
            self.sock.sendall(b"".join(requests))
        except OSError:
            os._exit(0)

    def next_invocation(self, answer=None):
        """Sends `answer` (an already-built request) with the long-poll; returns the next event."""
        requests = [self._request("GET", API + "/invocation/next")]
        if answer is not None:
            requests.insert(0, answer)
        self._send(*requests)
        if answer is not None:
            self._read_response()
        _, headers, body = self._read_response()
        return headers, body

    def response(self, invoke_id, body):
        return self._request("POST", "%s/invocation/%s/response" % (API, invoke_id), body)

    def error(self, invoke_id, error_result):
        return self._request(
            "POST",
            "%s/invocation/%s/error" % (API, invoke_id),
            to_json(error_result),
            {"Lambda-Runtime-Function-Error-Type": error_result["errorType"]},
        )

    def post_init_error(self, error_result):
        self._send(
            self._request(
                "POST",
                API + "/init/error",
                to_json(error_result),
                {"Lambda-Runtime-Function-Error-Type": error_result["errorType"]},
            )
        )
        self._read_response()


def decimal_serializer(o):
    if isinstance(o, decimal.Decimal):
        return float(o)
    # json's own wording, which AWS's runtime passes through: "Object of type datetime is not JSON serializable".
    raise TypeError("Object of type %s is not JSON serializable" % type(o).__name__)


def to_json(obj):
    # awslambdaric's encoder keeps json's default separators: its documents read '{"a": 1}'.
    return json.dumps(obj, default=decimal_serializer, ensure_ascii=False)


def marshal_response(response):
    # Bytes go out as they are, unencoded, as awslambdaric sends them.
    if isinstance(response, (bytes, bytearray)):
        return bytes(response)
    try:
        return to_json(response).encode("utf-8")
    except Exception as e:
        raise FaultException(FaultException.MARSHAL_ERROR, "Unable to marshal response: {}".format(str(e)), None)


def unmarshal_event(body):
    try:
        return json.loads(body)
    except Exception as e:
        raise FaultException(FaultException.UNMARSHAL_ERROR, "Unable to unmarshal input: {}".format(str(e)), None)


def get_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException(FaultException.MALFORMED_HANDLER_NAME, "Bad handler '{}': {}".format(handler, str(e)))
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException(
                FaultException.BUILT_IN_MODULE_CONFLICT,
                "Cannot use built-in module {} as a handler module".format(modname),
            )
        module = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException(FaultException.IMPORT_MODULE_ERROR, "Unable to import module '{}': {}".format(modname, str(e)))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException(
            FaultException.USER_CODE_SYNTAX_ERROR,
            "Syntax error in module '{}': {}".format(modname, str(e)),
            trace,
        )
    try:
        return getattr(module, fname)
    except AttributeError:
        raise FaultException(FaultException.HANDLER_NOT_FOUND, "Handler '{}' missing on module '{}'".format(fname, modname))


def make_error(error_message, error_type, stack_trace, invoke_id=None):
    return {
        "errorMessage": error_message if error_message else "",
        "errorType": error_type if error_type else "",
        "requestId": invoke_id if invoke_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def on_task_path(filename):
    """A file of the function's code as Lambda names it: under /var/task, where Lambda unpacks code."""
    root = os.environ.get("LAMBDA_TASK_ROOT")
    if root and filename.startswith(root.rstrip("/") + "/"):
        return "/var/task/" + filename[len(root.rstrip("/")) + 1 :]
    return filename


def user_frames(tb):
    """The traceback without this bootstrap's own frames, as awslambdaric trims it."""
    frames = [(on_task_path(f.filename), f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    for i, frame in enumerate(frames):
        if not frame[0].endswith("/bootstrap.py"):
            return frames[i:]
    return frames


def fault_result(exc_info, invoke_id=None):
    etype, value, tb = exc_info
    return make_error(str(value), etype.__name__, traceback.format_list(user_frames(tb)), invoke_id)


def log_error(error_result):
    description = "[ERROR]"
    if error_result.get("errorType"):
        description += " " + error_result["errorType"]
    if error_result.get("errorMessage"):
        if error_result.get("errorType"):
            description += ":"
        description += " " + error_result["errorMessage"]
    lines = [description]
    stack_trace = error_result.get("stackTrace")
    if stack_trace is not None:
        lines.append("Traceback (most recent call last):")
        for element in stack_trace:
            if element == "":
                lines.append("")
                continue
            for line in element.splitlines():
                stripped = line.lstrip(" ")
                lines.append(ERROR_LOG_IDENT * (len(line) - len(stripped)) + stripped)
    sys.stdout.write(ERROR_LOG_LINE_TERMINATE.join(lines) + "\n")


class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]


class Client(object):
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]


class ClientContext(object):
    __slots__ = ["custom", "env", "client"]


def make_obj_from_dict(cls, values):
    if values is None:
        return None
    obj = cls()
    for field in cls.__slots__:
        setattr(obj, field, values.get(field, None))
    return obj


class LambdaContext(object):
    def __init__(self, invoke_id, client_context, cognito_identity, epoch_deadline_time_in_ms, invoked_function_arn=None):
        self.aws_request_id = invoke_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.client_context = make_obj_from_dict(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = make_obj_from_dict(Client, self.client_context.client)
        self.identity = make_obj_from_dict(CognitoIdentity, {})
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get("cognitoIdentityPoolId")
        self._epoch_deadline_time_in_ms = epoch_deadline_time_in_ms

    def get_remaining_time_in_millis(self):
        remaining = self._epoch_deadline_time_in_ms - int(time.time() * 1000)
        return remaining if remaining > 0 else 0

    def log(self, msg):
        sys.stdout.write(str(msg))


def parse_json_header(value, name):
    try:
        return json.loads(value)
    except Exception as e:
        raise FaultException(FaultException.LAMBDA_CONTEXT_UNMARSHAL_ERROR, "Unable to parse {} JSON: {}".format(name, str(e)), None)


_request_id = None


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id or ""
        return True


class LambdaLoggerHandler(logging.Handler):
    def emit(self, record):
        sys.stdout.write(self.format(record))


def setup_logging():
    logging.Formatter.converter = time.gmtime
    handler = LambdaLoggerHandler()
    handler.setFormatter(
        logging.Formatter(
            "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
            "%Y-%m-%dT%H:%M:%S",
        )
    )
    handler.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(handler)


def handle(client, request_handler, headers, body):
    """Runs one invocation; returns the request that answers it."""
    invoke_id = headers.get("lambda-runtime-aws-request-id")
    try:
        client_context = headers.get("lambda-runtime-client-context")
        cognito_identity = headers.get("lambda-runtime-cognito-identity")
        context = LambdaContext(
            invoke_id,
            parse_json_header(client_context, "Client Context") if client_context else None,
            parse_json_header(cognito_identity, "Cognito Identity") if cognito_identity else None,
            int(headers.get("lambda-runtime-deadline-ms", "0")),
            headers.get("lambda-runtime-invoked-function-arn"),
        )
        event = unmarshal_event(body)
        result = marshal_response(request_handler(event, context))
        return client.response(invoke_id, result)
    except FaultException as e:
        error_result = make_error(e.msg, e.exception_type, e.trace, invoke_id)
    except Exception:
        error_result = fault_result(sys.exc_info(), invoke_id)
    log_error(error_result)
    return client.error(invoke_id, error_result)


def main():
    global _request_id
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    # The handler's directory comes first, as in Lambda; this bootstrap's own directory is not importable.
    sys.path[0:1] = [task_root]
    os.chdir(task_root)
    client = RuntimeApiClient(os.environ["AWS_LAMBDA_RUNTIME_API"])
    setup_logging()
    try:
        request_handler = get_handler(os.environ.get("_HANDLER", ""))
    except FaultException as e:
        error_result = make_error(e.msg, e.exception_type, e.trace)
        log_error(error_result)
        client.post_init_error(error_result)
        sys.exit(1)
    except Exception:
        error_result = fault_result(sys.exc_info())
        log_error(error_result)
        client.post_init_error(error_result)
        sys.exit(1)
    answer = None
    while True:
        headers, body = client.next_invocation(answer)
        _request_id = headers.get("lambda-runtime-aws-request-id")
        trace_id = headers.get("lambda-runtime-trace-id")
        if trace_id is not None:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        answer = handle(client, request_handler, headers, body)


if __name__ == "__main__":
    main()
