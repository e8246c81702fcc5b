/**
 * Lambda's front end: a request's JSON body held to the action's member types
 * (`InvalidRequestContentException`, the body Lambda cannot read), then the model's constraints
 * on the members the function service does not check itself (`ValidationException`).
 */
import { checkShape } from '../../service/constraints.js';
import { ServiceError } from '../../service/errors.js';
import { checkRequest } from '../check-input.js';
import { LAMBDA_BODY_MODELS } from './input-model.js';
import { LAMBDA_SHAPES } from './shapes.js';

const unreadable = (why: string): ServiceError => new ServiceError('InvalidRequestContentException', `Could not parse request body into json: ${why}`);

const lowerFirst = (member: string): string => member[0].toLowerCase() + member.slice(1);

/** Throws Lambda's error when the body of an `action` request is not one the action takes. */
export function checkLambdaBody(action: string, body: () => Record<string, unknown>): void {
  const model = LAMBDA_BODY_MODELS[action];
  if (!model) return;
  const request = checkRequest(body(), model, unreadable);
  const shape = LAMBDA_SHAPES[action];
  if (shape) checkShape(request, shape, lowerFirst);
}
