/**
 * The awsJson1_0 protocol of the Step Functions API: `POST /` with
 * `X-Amz-Target: AWSStepFunctions.<Action>`, a JSON request body, a JSON response body. Errors
 * are HTTP 400 with `{"__type": "<Type>", "message": "…"}` (500 `InternalFailure` when the fault
 * is ours), and timestamps travel as epoch seconds with a fraction, as AWS sends them.
 */
import { actionHandler, type ActionContext } from './actions.js';
import { checkRequest } from './check-input.js';
import { errorBody, serializationException, toWireError, unknownOperation, unsupportedOperation, type WireError } from './errors.js';
import { INPUT_MODELS } from './input-model.js';

export const TARGET_PREFIX = 'AWSStepFunctions.';
export const CONTENT_TYPE = 'application/x-amz-json-1.0';

export interface AwsJsonReply {
  status: number;
  body: string;
  /** The action named by the target, when it names one. */
  action?: string;
  error?: WireError;
  /** What went wrong when the error is ours, for the log; never sent. */
  fault?: unknown;
}

export async function handleAwsJson(ctx: ActionContext, target: string | undefined, body: string): Promise<AwsJsonReply> {
  const action = target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  try {
    // Own keys only: `constructor` or `valueOf` must not reach the service object.
    if (action === undefined || !Object.hasOwn(INPUT_MODELS, action)) throw unknownOperation(target ?? '');
    const model = INPUT_MODELS[action];
    const handler = actionHandler(ctx, action);
    if (!handler) throw unsupportedOperation(action);
    const output = await handler(checkRequest(parseBody(body), model));
    return { status: 200, body: toWireJson(output ?? {}), action };
  } catch (e) {
    const error = toWireError(e);
    return { status: error.status, body: errorBody(error), action, error, ...(error.unexpected && { fault: e }) };
  }
}

/** An empty body is an empty request, as the AWS CLI sends for actions without members. */
function parseBody(body: string): unknown {
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body) ?? {};
  } catch (e) {
    throw serializationException(`Malformed JSON request body: ${(e as Error).message}`);
  }
}

/** The members AWS's model types as timestamps, in every response shape of the API. */
const TIMESTAMP_MEMBERS = new Set(['creationDate', 'startDate', 'stopDate', 'redriveDate', 'updateDate', 'timestamp']);

/**
 * JSON with AWS's timestamps: epoch seconds, milliseconds as the fraction. The service hands out
 * `Date`s, and history events carry ISO-8601 text; both become numbers.
 */
export function toWireJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, json: unknown) {
    if (!TIMESTAMP_MEMBERS.has(key)) return json;
    const raw = this[key];
    const ms = raw instanceof Date ? raw.getTime() : typeof raw === 'string' ? Date.parse(raw) : NaN;
    return Number.isNaN(ms) ? json : ms / 1000;
  });
}
