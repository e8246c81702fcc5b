/**
 * What a refused request must look like on the wire, for each protocol, and a collector of every
 * way an answer falls short, so that one run lists all of them rather than the first.
 */
import type { RawResponse } from '../helpers.js';
import type { Operation } from './model.js';
import { FUZZ_SEED } from './random.js';

/**
 * Errors any action of the protocol may answer with though no operation lists them: the front
 * end's (malformed requests, model constraints, unknown actions, oversized requests).
 */
export const AWS_JSON_COMMON = ['SerializationException', 'ValidationException', 'UnknownOperationException', 'RequestEntityTooLargeException'];
export const LAMBDA_COMMON = [
  'ValidationException',
  'InvalidParameterValueException',
  'InvalidRequestContentException',
  'UnknownOperationException',
  'RequestEntityTooLargeException',
];

/**
 * AWS's models do not list every "no such resource" error an action gives: ListStateMachineVersions
 * lists none, though it names a state machine. Any of them is an answer AWS gives.
 */
export const NOT_FOUND = /DoesNotExist$|^ResourceNotFound(Exception)?$/;

export interface Refusal {
  status: number;
  type: string;
  message: string;
}

/** An AWS JSON 1.0 error: 4xx, `{"__type", "message"}` and nothing else, the type again in `x-amzn-ErrorType`. */
export function awsJsonRefusal(r: RawResponse): Refusal | string {
  if (r.status < 400 || r.status >= 500) return `status ${r.status}: ${r.body.slice(0, 300)}`;
  if (!/^application\/x-amz-json-1\.0/.test(String(r.headers['content-type']))) return `content-type ${r.headers['content-type']}`;
  const body = r.json as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return `body is not JSON: ${r.body.slice(0, 300)}`;
  if (typeof body.__type !== 'string' || typeof body.message !== 'string') return `body is not {__type, message}: ${r.body.slice(0, 300)}`;
  const extra = Object.keys(body).filter((k) => k !== '__type' && k !== 'message');
  if (extra.length) return `body has more than __type and message: ${extra.join(', ')}`;
  if (r.headers['x-amzn-errortype'] !== body.__type) return `x-amzn-ErrorType ${r.headers['x-amzn-errortype']} is not __type ${body.__type}`;
  return { status: r.status, type: body.__type, message: body.message };
}

/** A Lambda REST error: 4xx, the code in `X-Amzn-ErrorType`, a JSON body `{"Type": "User", "message"|"Message"}`. */
export function lambdaRefusal(r: RawResponse): Refusal | string {
  if (r.status < 400 || r.status >= 500) return `status ${r.status}: ${r.body.slice(0, 300)}`;
  const type = r.headers['x-amzn-errortype'];
  if (typeof type !== 'string' || type === '') return `no X-Amzn-ErrorType: ${r.body.slice(0, 300)}`;
  if (!/^application\/json/.test(String(r.headers['content-type']))) return `content-type ${r.headers['content-type']}`;
  const body = r.json as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return `body is not JSON: ${r.body.slice(0, 300)}`;
  if (body.Type !== 'User') return `Type is ${String(body.Type)}, not User`;
  const message = body.message ?? body.Message;
  if (typeof message !== 'string' || message === '') return `no message: ${r.body.slice(0, 300)}`;
  return { status: r.status, type, message };
}

/** Every answer that fell short, with the request that got it. */
export class Findings {
  readonly problems: string[] = [];
  checked = 0;

  /**
   * Holds an answer to the protocol's error shape, to `allowed` (the types this mistake may
   * get), and to the types AWS's model lists for the operation.
   */
  expect(
    what: string,
    answer: Refusal | string,
    allowed: readonly string[] | undefined,
    operation?: Pick<Operation, 'errors'>,
    common: readonly string[] = AWS_JSON_COMMON,
  ): Refusal | undefined {
    this.checked++;
    if (typeof answer === 'string') return void this.problems.push(`${what}: ${answer}`);
    if (allowed && !allowed.includes(answer.type)) {
      this.problems.push(`${what}: ${answer.type} (${answer.message.slice(0, 200)}), expected ${allowed.join(' or ')}`);
    } else if (operation && !operation.errors.includes(answer.type) && !common.includes(answer.type) && !NOT_FOUND.test(answer.type)) {
      this.problems.push(`${what}: ${answer.type} is not an error AWS answers this action with`);
    }
    return answer;
  }

  /** For `assert.deepEqual(findings.report(), [])`: the problems, with the seed that found them. */
  report(): string[] {
    if (this.checked === 0) return ['nothing was checked'];
    return this.problems.map((p) => `${p} [STEPWISE_FUZZ_SEED=${FUZZ_SEED}]`);
  }
}
