/**
 * The one place where errors become AWS's wire shapes. A `ServiceError` is a refusal the caller
 * caused (HTTP 400, its `type` as `__type`); anything else is our fault: HTTP 500
 * `InternalFailure`, with the details kept in our log rather than sent to the caller.
 */
import { ServiceError } from '../service/errors.js';

export interface WireError {
  status: number;
  /** AWS's error code: the response's `__type` and `x-amzn-ErrorType`. */
  type: string;
  message: string;
  /** Not the caller's doing: worth a line in the server's log. */
  unexpected: boolean;
}

/** Refusals whose HTTP status is not 400. */
const STATUS: Readonly<Record<string, number>> = {
  RequestEntityTooLargeException: 413,
  InternalFailure: 500,
};

export function toWireError(e: unknown): WireError {
  if (e instanceof ServiceError) return { status: STATUS[e.type] ?? 400, type: e.type, message: e.message, unexpected: false };
  return { status: 500, type: 'InternalFailure', message: 'The request processing has failed because of an unknown error, exception or failure.', unexpected: true };
}

/** The body AWS's JSON protocols send with an error; the SDKs read `__type`, older clients `message`. */
export const errorBody = (error: WireError): string => JSON.stringify({ __type: error.type, message: error.message });

// ---- refusals made by the protocol layer, before any action runs ----

export const unknownOperation = (target: string): ServiceError =>
  new ServiceError('UnknownOperationException', `The operation '${target}' is not known to AWS Step Functions (X-Amz-Target must be AWSStepFunctions.<Action>)`);

/** An action AWS has and this server does not (yet) carry out. */
export const unsupportedOperation = (action: string): ServiceError =>
  new ServiceError('UnsupportedOperationException', `Stepwise does not support the action ${action} yet`);

export const serializationException = (message: string): ServiceError => new ServiceError('SerializationException', message);

export const requestTooLarge = (limit: number): ServiceError =>
  new ServiceError('RequestEntityTooLargeException', `Request must be smaller than ${limit} bytes`);
