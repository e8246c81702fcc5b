/** Lambda's errors: the HTTP status its API model gives each, and the one that carries more than a message. */
import { ServiceError } from '../service/errors.js';

const STATUS: Readonly<Record<string, number>> = {
  ResourceNotFoundException: 404,
  ResourceConflictException: 409,
  ResourceInUseException: 400,
  InvalidParameterValueException: 400,
  InvalidRequestContentException: 400,
  ValidationException: 400,
  PreconditionFailedException: 412,
  RequestTooLargeException: 413,
  RequestEntityTooLargeException: 413,
  UnsupportedMediaTypeException: 415,
  TooManyRequestsException: 429,
  UnknownOperationException: 404,
  ServiceException: 500,
};

/** The HTTP status Lambda answers an error with (400 for any it does not list). */
export const lambdaErrorStatus = (type: string): number => STATUS[type] ?? 400;

/** A throttled call: Lambda's `Reason` (`ReservedFunctionConcurrentInvocationLimitExceeded`, …) goes with it. */
export class ThrottledError extends ServiceError {
  constructor(
    message: string,
    readonly reason?: string,
  ) {
    super('TooManyRequestsException', message);
  }
}
