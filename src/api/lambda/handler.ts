/**
 * The Lambda REST adapter: one HTTP request → one `FunctionService` action → the response as
 * Lambda sends it (JSON body or the function's raw payload, AWS's headers, AWS-shaped errors).
 * The server that owns the port hands over requests whose path `isLambdaPath`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FunctionService } from '../../functions/function-service.js';
import { ServiceError } from '../../service/errors.js';
import { checkLambdaBody } from './check-request.js';
import { toLambdaWireError } from './errors.js';
import { findRoute, type LambdaRequest, type LambdaResponse } from './routes.js';

/** Every Lambda API path starts with the API version it belongs to: those Stepwise lacks still get Lambda's answer. */
const LAMBDA_PATH = /^\/20\d\d-\d\d-\d\d\//;

/** Whether a request URL belongs to the Lambda API. */
export function isLambdaPath(url: string): boolean {
  return LAMBDA_PATH.test(url);
}

/**
 * The largest request Lambda's front end takes (a CreateFunction with its zip inline, base64):
 * AWS answers anything larger with `Request must be smaller than 69905067 bytes for the … operation`.
 */
export const MAX_LAMBDA_REQUEST_BYTES = 69_905_067;

/** `body` is `undefined` when the request was larger than `MAX_LAMBDA_REQUEST_BYTES` (and was not kept). */
export async function handleLambdaRequest(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined, service: FunctionService): Promise<void> {
  const requestId = randomUUID();
  let response: LambdaResponse;
  try {
    response = await dispatch(req, body, service);
  } catch (e) {
    const wire = toLambdaWireError(e);
    if (wire.unexpected) console.error(`lambda ${req.method} ${req.url}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    response = { status: wire.status, headers: wire.headers, body: Buffer.from(wire.body) };
  }
  send(res, response, requestId);
}

async function dispatch(req: IncomingMessage, body: Buffer | undefined, service: FunctionService): Promise<LambdaResponse> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let found;
  try {
    found = findRoute(req.method ?? 'GET', url.pathname);
  } catch {
    throw new ServiceError('ValidationException', `The request path ${url.pathname} is not correctly encoded`);
  }
  if (!('route' in found)) {
    throw new ServiceError(
      'UnknownOperationException',
      found.known ? `The method ${req.method} is not allowed on ${url.pathname}` : `No Lambda API operation at ${req.method} ${url.pathname}`,
    );
  }
  if (body === undefined) {
    const operation = found.route.action === 'Invoke' ? 'InvokeFunction' : found.route.action;
    throw new ServiceError('RequestEntityTooLargeException', `Request must be smaller than ${MAX_LAMBDA_REQUEST_BYTES} bytes for the ${operation} operation`);
  }
  let json: Record<string, unknown> | undefined;
  const request: LambdaRequest = {
    params: found.params,
    query: url.searchParams,
    headers: req.headers,
    body,
    json: () => (json ??= parseBody(body)),
  };
  checkLambdaBody(found.route.action, request.json);
  return found.route.run(service, request);
}

function parseBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new ServiceError('InvalidRequestContentException', `Could not parse request body into json: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ServiceError('InvalidRequestContentException', 'Could not parse request body into json: the body is not a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function send(res: ServerResponse, response: LambdaResponse, requestId: string): void {
  const headers: Record<string, string> = { 'x-amzn-RequestId': requestId, ...response.headers };
  let payload: Buffer | undefined;
  if (response.body !== undefined) {
    const body = response.body;
    // The function's payload is already bytes: sent as they are, not copied.
    payload = Buffer.isBuffer(body) ? body : body instanceof Uint8Array ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : Buffer.from(JSON.stringify(body));
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(payload.length);
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}
