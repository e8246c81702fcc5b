/**
 * The error payloads Lambda itself writes when an invocation fails outside the handler's own
 * error reporting: timeouts, crashed or killed runtimes, oversized responses. Shapes and wording
 * are AWS's, so callers (Step Functions Retry/Catch, SDK users) see the same `errorType`.
 */

/** The largest response a synchronous invoke may return (AWS's figure, in its error message). */
export const MAX_RESPONSE_BYTES = 6_291_556;
/** The largest request payload of a synchronous invoke. */
export const MAX_REQUEST_BYTES = 6_291_456;

export interface LambdaError {
  errorType: string;
  errorMessage: string;
}

/** Since 2024 AWS names the type; older accounts saw only `"<date> <id> Task timed out after …"`. */
export function timeoutError(requestId: string, timeoutSeconds: number): LambdaError {
  return { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds` };
}

/** The log line Lambda writes before END when it stops a timed-out invocation. */
export function timeoutLogLine(at: Date, requestId: string, timeoutSeconds: number): string {
  return `${at.toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
}

export function responseTooLargeError(): LambdaError {
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
  };
}

/** How a runtime process ended, worded as Go's os.ProcessState prints it (Lambda's host is Go). */
export function exitDescription(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `signal: ${SIGNAL_NAMES[signal] ?? signal.toLowerCase()}`;
  return `exit status ${code ?? 0}`;
}

const SIGNAL_NAMES: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'killed',
  SIGABRT: 'aborted (core dumped)',
  SIGSEGV: 'segmentation fault',
  SIGTERM: 'terminated',
  SIGINT: 'interrupt',
  SIGBUS: 'bus error',
  SIGILL: 'illegal instruction',
  SIGFPE: 'floating point exception',
};

export function exitError(requestId: string, code: number | null, signal: NodeJS.Signals | null): LambdaError {
  const reason = code === 0 && !signal ? 'Runtime exited without providing a reason' : `Runtime exited with error: ${exitDescription(code, signal)}`;
  return { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${reason}` };
}

export function outOfMemoryError(requestId: string, code: number | null, signal: NodeJS.Signals | null): LambdaError {
  return { errorType: 'Runtime.OutOfMemory', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${exitDescription(code, signal)}` };
}

/** A provided.* package without a runnable `bootstrap`, worded as Go's fork/exec error. */
export function invalidEntrypointError(requestId: string, path: string, cause: NodeJS.ErrnoException): LambdaError {
  const why = cause.code === 'EACCES' ? 'permission denied' : cause.code === 'ENOENT' ? 'no such file or directory' : (cause.code ?? cause.message);
  return { errorType: 'Runtime.InvalidEntrypoint', errorMessage: `RequestId: ${requestId} Error: fork/exec ${path}: ${why}` };
}

