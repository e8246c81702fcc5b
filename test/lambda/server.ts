/**
 * A Lambda API server for tests: the REST adapter on an ephemeral port over a function service
 * with the real process runtime, and an SDK client pointed at it. `stop()` closes everything.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { handleLambdaRequest, isLambdaPath } from '../../src/api/lambda/handler.js';
import { FunctionService } from '../../src/functions/function-service.js';
import { FunctionRuntime } from '../../src/functions/runtime.js';

export interface LambdaTestServer {
  endpoint: string;
  client: LambdaClient;
  service: FunctionService;
  stop(): Promise<void>;
}

export async function startLambdaServer(): Promise<LambdaTestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-lambda-api-'));
  const runtime = new FunctionRuntime();
  const service = new FunctionService({ runtime, dataDir, eventRetryDelaysMs: [10, 10] });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!isLambdaPath(req.url ?? '')) {
        res.writeHead(404).end();
        return;
      }
      void handleLambdaRequest(req, res, Buffer.concat(chunks), service);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new LambdaClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  return {
    endpoint,
    client,
    service,
    async stop() {
      client.destroy();
      await service.close();
      await runtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A zip holding `files` (path → source). */
export const zipOf = (files: Record<string, string>): Uint8Array =>
  zipSync(Object.fromEntries(Object.entries(files).map(([path, text]) => [path, strToU8(text)])));

export const ROLE = 'arn:aws:iam::123456789012:role/lambda-role';
