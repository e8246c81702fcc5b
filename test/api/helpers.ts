/** A real Stepwise server on an ephemeral port, and an AWS SDK client pointed at it. */
import { request } from 'node:http';
import { after } from 'node:test';
import { SFNClient } from '@aws-sdk/client-sfn';
import { startServer, type RunningServer, type ServerOptions } from '../../src/api/server.js';
import { StepFunctionsService } from '../../src/service/service.js';
import type { ServiceOptions } from '../../src/service/context.js';

export const ROLE = 'arn:aws:iam::123456789012:role/stepwise';
export const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine';

export interface Harness {
  server: RunningServer;
  client: SFNClient;
}

/** Started once per test file and stopped after it; Waits cost no time unless `serviceOptions` says otherwise. */
export async function harness(serviceOptions: ServiceOptions = {}, serverOptions: ServerOptions = {}): Promise<Harness> {
  const service = new StepFunctionsService({ skipWaits: true, ...serviceOptions });
  const server = await startServer({ port: 0, service, ...serverOptions });
  const client = new SFNClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    // StartSyncExecution's endpoint is `sync-<host>` on AWS; a local endpoint has no such host.
    disableHostPrefix: true,
    maxAttempts: 1,
  });
  after(async () => {
    client.destroy();
    await server.close();
    await service.close();
  });
  return { server, client };
}

export const pass = (result: unknown = { ok: true }): string =>
  JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Result: result, End: true } } });

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: unknown;
}

/** A request as any HTTP client may send it, for what the SDK would refuse to send. */
export function raw(url: string, options: { method?: string; path?: string; target?: string; body?: string | Buffer; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/x-amz-json-1.0', ...options.headers };
    if (options.target !== undefined) headers['X-Amz-Target'] = options.target;
    const req = request(`${url}${options.path ?? '/'}`, { method: options.method ?? 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The AWS error an SDK call failed with: its `name` is the wire's `__type`. */
export async function awsError(call: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await call;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('the call succeeded; an AWS error was expected');
}
