/** AWS Lambda's REST API (`/2015-03-31/functions…`), as the AWS SDK calls it. */
import { AwsError } from './aws.js';

export interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn: string;
  Runtime?: string;
  Handler?: string;
  MemorySize?: number;
  Timeout?: number;
  LastModified?: string;
  CodeSize?: number;
  Description?: string;
  State?: string;
  Version?: string;
  Environment?: { Variables?: Record<string, string> };
  PackageType?: string;
  Architectures?: string[];
}

export interface InvokeResult {
  statusCode: number;
  /** `Handled`/`Unhandled` when the function failed. */
  functionError?: string;
  payload: string;
  logTail: string;
  durationMs: number;
}

async function lambda<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`/2015-03-31/functions${path}`, init);
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    try {
      const json = JSON.parse(text) as { message?: string; Message?: string };
      message = json.message ?? json.Message ?? text;
    } catch {
      // A body that is not JSON is shown as it came.
    }
    throw new AwsError(res.headers.get('x-amzn-ErrorType')?.replace(/:.*$/, '') ?? `HTTP ${res.status}`, message, res.status);
  }
  return (text ? JSON.parse(text) : {}) as T;
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
  if (!res.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // As it came.
    }
    throw new AwsError(res.headers.get('x-amzn-ErrorType')?.replace(/:.*$/, '') ?? `HTTP ${res.status}`, message, res.status);
  }
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
