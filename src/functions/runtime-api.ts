/**
 * The Lambda Runtime API (2018-06-01) for one execution environment, on a loopback port of its
 * own. Real runtime clients read `AWS_LAMBDA_RUNTIME_API` as a bare `host:port` and build the
 * paths themselves, so a port per environment is the one routing every client honours.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_RESPONSE_BYTES } from './lambda-errors.js';

const PREFIX = '/2018-06-01/runtime';
const INVOCATION = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;

export interface NextEvent {
  requestId: string;
  payload: string;
  deadlineMs: number;
  invokedFunctionArn: string;
  traceId: string;
  clientContext?: string;
}

/** What the environment does with each call its runtime makes. */
export interface RuntimeApiHandlers {
  /** The runtime is ready for work: call `deliver` now or later with the next event. */
  next(deliver: (event: NextEvent) => void): void;
  /** False when `requestId` is not the invocation in flight (RAPID answers 400 InvalidRequestID). */
  isCurrent(requestId: string): boolean;
  response(requestId: string, body: string): void;
  responseTooLarge(requestId: string): void;
  error(requestId: string, body: string, errorType: string | undefined): void;
  initError(body: string, errorType: string | undefined): void;
}

export class RuntimeApiServer {
  private readonly server: Server;
  private readonly sockets = new Set<import('node:net').Socket>();

  constructor(private readonly handlers: RuntimeApiHandlers) {
    this.server = createServer((req, res) => this.route(req, res));
    this.server.on('connection', (socket) => {
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    // A long-poll /next may wait for minutes, and the runtime keeps one connection for its life.
    this.server.requestTimeout = 0;
    this.server.headersTimeout = 0;
    this.server.keepAliveTimeout = 0;
  }

  /** Listens on 127.0.0.1 and an ephemeral port; resolves to the `host:port` for AWS_LAMBDA_RUNTIME_API. */
  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const { port } = this.server.address() as AddressInfo;
        resolve(`127.0.0.1:${port}`);
      });
    });
  }

  close(): void {
    this.server.close();
    for (const socket of this.sockets) socket.destroy();
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '';
    if (req.method === 'GET' && url === `${PREFIX}/invocation/next`) {
      this.handlers.next((event) => sendNext(res, event));
      return;
    }
    if (req.method === 'POST' && url === `${PREFIX}/init/error`) {
      readBody(req, Infinity, (body) => {
        this.handlers.initError(body ?? '', header(req, 'lambda-runtime-function-error-type'));
        accepted(res);
      });
      return;
    }
    const match = req.method === 'POST' ? INVOCATION.exec(url) : null;
    if (!match) {
      req.resume();
      json(res, 404, { errorMessage: `No route for ${req.method} ${url}`, errorType: 'InvalidRequest' });
      return;
    }
    const requestId = decodeURIComponent(match[1]);
    const kind = match[2];
    if (!this.handlers.isCurrent(requestId)) {
      req.resume();
      json(res, 400, { errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID' });
      return;
    }
    const limit = kind === 'response' ? MAX_RESPONSE_BYTES : Infinity;
    readBody(req, limit, (body) => {
      if (body === undefined) {
        this.handlers.responseTooLarge(requestId);
        json(res, 413, { errorMessage: `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`, errorType: 'RequestEntityTooLarge' });
      } else {
        if (kind === 'response') this.handlers.response(requestId, body);
        else this.handlers.error(requestId, body, header(req, 'lambda-runtime-function-error-type'));
        accepted(res);
      }
    });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body as text, or undefined once it passes `limit` bytes (the rest is read and dropped). */
function readBody(req: IncomingMessage, limit: number, done: (body: string | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  });
  req.on('end', () => done(size <= limit ? Buffer.concat(chunks).toString('utf8') : undefined));
  req.on('error', () => undefined);
}

function sendNext(res: ServerResponse, event: NextEvent): void {
  // A flat header list skips the header object's walk; a string body goes out in one write with the head.
  const headers = [
    'Content-Type', 'application/json',
    'Content-Length', String(Buffer.byteLength(event.payload)),
    'Lambda-Runtime-Aws-Request-Id', event.requestId,
    'Lambda-Runtime-Deadline-Ms', String(event.deadlineMs),
    'Lambda-Runtime-Invoked-Function-Arn', event.invokedFunctionArn,
    'Lambda-Runtime-Trace-Id', event.traceId,
  ];
  if (event.clientContext !== undefined) headers.push('Lambda-Runtime-Client-Context', event.clientContext);
  res.writeHead(200, headers);
  res.end(event.payload);
}

/** What every accepted response and error gets, made once. */
const ACCEPTED_BODY = JSON.stringify({ status: 'OK' });
const ACCEPTED_HEADERS = ['Content-Type', 'application/json', 'Content-Length', String(ACCEPTED_BODY.length)];

function accepted(res: ServerResponse): void {
  res.writeHead(202, ACCEPTED_HEADERS);
  res.end(ACCEPTED_BODY);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
