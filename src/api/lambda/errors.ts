/**
 * Lambda's REST-JSON errors on the wire: the status code Lambda's model gives each error, the
 * `X-Amzn-ErrorType` header the SDKs read the code from, and a body `{"Type":"User","message":…}`
 * — `Message` for the errors Lambda's model spells so (ResourceNotFoundException, …).
 */
import { ServiceError } from '../../service/errors.js';
import { lambdaErrorStatus, ThrottledError } from '../../functions/function-service-errors.js';

/** Errors whose message member Lambda's model names `Message`. */
const CAPITAL_MESSAGE = new Set(['ResourceNotFoundException', 'ResourceInUseException', 'ServiceException']);

export interface LambdaWireError {
  status: number;
  type: string;
  headers: Record<string, string>;
  body: string;
  /** Not the caller's doing: worth a line in the server's log. */
  unexpected: boolean;
}

export function toLambdaWireError(e: unknown): LambdaWireError {
  const error = e instanceof ServiceError ? e : new ServiceError('ServiceException', 'An internal error occurred while processing the request.');
  const status = lambdaErrorStatus(error.type);
  const body: Record<string, unknown> = { Type: status >= 500 ? 'Service' : 'User', [CAPITAL_MESSAGE.has(error.type) ? 'Message' : 'message']: error.message };
  const headers: Record<string, string> = { 'X-Amzn-ErrorType': error.type };
  if (error instanceof ThrottledError) {
    if (error.reason) body.Reason = error.reason;
    headers['Retry-After'] = '1';
  }
  return { status, type: error.type, headers, body: JSON.stringify(body), unexpected: !(e instanceof ServiceError) };
}
