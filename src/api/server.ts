/**
 * One HTTP server on one port for everything Stepwise speaks: the Step Functions API
 * (awsJson1_0 on `POST /`), `GET /health`, and whatever further routes the caller mounts. Any
 * SigV4 `Authorization` header is accepted unchecked: this is a local endpoint. A request never
 * crashes the server: every failure becomes an AWS-shaped answer, and faults of ours are logged.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TaskInvoker } from '../integrations/local-invoker.js';
import { StepFunctionsService } from '../service/service.js';
import { CONTENT_TYPE, handleAwsJson } from './aws-json.js';
import { errorBody, requestTooLarge, toWireError, type WireError } from './errors.js';
import { silentLogger, type Logger } from './log.js';

/** AWS's limit on a Step Functions request: 1 MB, headers aside. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** A route of another protocol on the same port: answers and returns true, or returns false to pass. */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export interface ServerOptions {
  /** The Step Functions service to serve, started and closed by its owner; by default one over the in-memory store, which the server starts and closes. */
  service?: StepFunctionsService;
  /** Default 8083; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** How TestState carries out an unmocked Task. */
  invoker?: TaskInvoker;
  maxRequestBytes?: number;
  /** Tried in order before the built-in routes. */
  routes?: HttpRoute[];
  log?: Logger;
}

export interface RunningServer {
  /** `http://host:port`, what SDKs take as `endpoint` and the AWS CLI as `--endpoint-url`. */
  url: string;
  port: number;
  service: StepFunctionsService;
  /** Stops taking connections and lets requests in flight finish (for at most `graceMs`); closes the service if it made it. */
  close(graceMs?: number): Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const owned = options.service === undefined;
  const service = options.service ?? new StepFunctionsService();
  if (owned) await service.start();
  const log = options.log ?? silentLogger;
  const limit = options.maxRequestBytes ?? MAX_REQUEST_BYTES;
  const ctx = { service, ...(options.invoker && { invoker: options.invoker }) };
  const started = Date.now();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<string> => {
    for (const route of options.routes ?? []) if (await route(req, res)) return 'route';
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health') {
      send(res, 200, 'application/json', JSON.stringify({ status: 'ok', service: 'stepwise', uptimeSeconds: (Date.now() - started) / 1000 }));
      return '';
    }
    if (req.method !== 'POST' || path !== '/') {
      const error: WireError = { status: 404, type: 'NotFound', message: `No route for ${req.method} ${path}: the Step Functions API is POST / with X-Amz-Target`, unexpected: false };
      sendError(res, error);
      return error.type;
    }
    const body = await readBody(req, limit);
    if (body === undefined) {
      const error = toWireError(requestTooLarge(limit));
      sendError(res, error, { Connection: 'close' });
      return error.type;
    }
    const reply = await handleAwsJson(ctx, header(req, 'x-amz-target'), body.toString('utf8'));
    if (reply.fault !== undefined) log.error(`${reply.action ?? 'request'} failed: ${describe(reply.fault)}`);
    if (reply.error) res.setHeader('x-amzn-ErrorType', reply.error.type);
    send(res, reply.status, CONTENT_TYPE, reply.body);
    return [reply.action, reply.error?.type].filter(Boolean).join(' ');
  };

  const server = createServer((req, res) => {
    const t0 = performance.now();
    res.setHeader('x-amzn-RequestId', randomUUID());
    handle(req, res).then(
      (what) => log.debug(`${req.method} ${req.url}${what && ` ${what}`} → ${res.statusCode} in ${(performance.now() - t0).toFixed(1)} ms`),
      (e: unknown) => {
        if (req.destroyed && !res.headersSent) return log.debug(`${req.method} ${req.url}: the client went away mid-request`);
        log.error(`${req.method} ${req.url} failed: ${describe(e)}`);
        if (!res.headersSent) sendError(res, toWireError(e));
        else res.destroy();
      },
    );
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8083, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    if (owned) await service.close();
    throw e;
  }
  const { port, address, family } = server.address() as AddressInfo;
  const host = family === 'IPv6' ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    port,
    service,
    close: async (graceMs = 5000) => {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      if (owned) await service.close();
    },
  };
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendError(res: ServerResponse, error: WireError, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries({ ...headers, 'x-amzn-ErrorType': error.type })) res.setHeader(name, value);
  send(res, error.status, CONTENT_TYPE, errorBody(error));
}

/**
 * The body, or `undefined` when it is larger than `limit` bytes. An oversized body is still read
 * to its end (and dropped), so that the client gets our answer rather than a reset, and it is
 * never held in memory.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    let tooLarge = declared > limit;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const describe = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));
