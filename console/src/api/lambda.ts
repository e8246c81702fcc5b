/** AWS Lambda's REST API (`/2015-03-31/functions…`), as the AWS SDK calls it; its shapes are the function service's own. */
import type { FunctionConfiguration } from '../../../src/functions/function-service-shapes.js';
import { awsError, jsonAnswer } from './aws.js';

export interface InvokeResult {
  statusCode: number;
  /** `Handled`/`Unhandled` when the function failed. */
  functionError?: string;
  payload: string;
  logTail: string;
  durationMs: number;
}

async function lambda<T>(path: string): Promise<T> {
  return jsonAnswer<T>(await fetch(`/2015-03-31/functions${path}`));
}

export async function listFunctions(): Promise<FunctionConfiguration[]> {
  const all: FunctionConfiguration[] = [];
  let marker: string | undefined;
  do {
    const page = await lambda<{ Functions: FunctionConfiguration[]; NextMarker?: string }>(`/${marker ? `?Marker=${encodeURIComponent(marker)}` : ''}`);
    all.push(...page.Functions);
    marker = page.NextMarker ?? undefined;
  } while (marker);
  return all;
}

export function getFunction(name: string): Promise<{ Configuration: FunctionConfiguration; Code?: { Location?: string; RepositoryType?: string } }> {
  return lambda(`/${encodeURIComponent(name)}`);
}

/** A synchronous invoke with the last 4 KB of the function's log, as `aws lambda invoke --log-type Tail` does. */
export async function invokeFunction(name: string, payload: string): Promise<InvokeResult> {
  const t0 = performance.now();
  const res = await fetch(`/2015-03-31/functions/${encodeURIComponent(name)}/invocations`, {
    method: 'POST',
    headers: { 'X-Amz-Log-Type': 'Tail', 'X-Amz-Invocation-Type': 'RequestResponse', 'content-type': 'application/json' },
    body: payload,
  });
  const text = await res.text();
  const durationMs = performance.now() - t0;
  if (!res.ok) throw awsError(res, text);
  const log = res.headers.get('X-Amz-Log-Result');
  return {
    statusCode: res.status,
    functionError: res.headers.get('X-Amz-Function-Error') ?? undefined,
    payload: text,
    logTail: log ? decodeBase64(log) : '',
    durationMs,
  };
}

function decodeBase64(text: string): string {
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
