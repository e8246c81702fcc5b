/**
 * The console API's plumbing: JSON answers, AWS-shaped errors (`{"__type", "message"}`), and
 * query parameters checked one by one, so that every bad request says what was wrong.
 */
import type { ServerResponse } from 'node:http';
import { errorBody, toWireError } from '../errors.js';
import { ServiceError } from '../../service/errors.js';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/** An error as AWS's JSON protocols send it; a refusal of ours keeps its status, anything else is a 500. */
export function sendError(res: ServerResponse, e: unknown): void {
  const error = e instanceof ConsoleError ? { status: e.status, type: e.type, message: e.message, unexpected: false } : toWireError(e);
  const text = errorBody(error);
  res.writeHead(error.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'x-amzn-ErrorType': error.type });
  res.end(text);
}

/** A refusal with its own HTTP status (404, 405); plain 400s are `ValidationException`s. */
export class ConsoleError extends ServiceError {
  constructor(
    readonly status: number,
    type: string,
    message: string,
  ) {
    super(type, message);
  }
}

export const invalid = (message: string): ServiceError => new ServiceError('ValidationException', message);

/**
 * The query string's parameters, each given at most once; an empty value counts as absent. `Q` is
 * the endpoint's query in the contract, so a handler reads only parameters the client can send.
 */
export class QueryParams<Q extends object> {
  constructor(private readonly params: URLSearchParams) {}

  string(name: keyof Q & string, maxLength = 2048): string | undefined {
    const all = this.params.getAll(name);
    if (all.length > 1) throw invalid(`Parameter '${name}' is given ${all.length} times`);
    const value = all[0];
    if (value === undefined || value === '') return undefined;
    if (value.length > maxLength) throw invalid(`Parameter '${name}' is longer than ${maxLength} characters`);
    return value;
  }

  /** `allowed` lists the values of the parameter's type in the contract. */
  oneOf<K extends keyof Q & string>(name: K, allowed: readonly NonNullable<Q[K]>[]): NonNullable<Q[K]> | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!(allowed as readonly unknown[]).includes(value)) throw invalid(`Parameter '${name}' must be one of ${allowed.join(', ')}, got '${value}'`);
    return value as NonNullable<Q[K]>;
  }

  integer(name: keyof Q & string, min: number, max: number): number | undefined {
    const value = this.string(name, 20);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max) throw invalid(`Parameter '${name}' must be an integer from ${min} to ${max}, got '${value}'`);
    return n;
  }

  /** Epoch milliseconds. */
  time(name: keyof Q & string): number | undefined {
    return this.integer(name, 0, 8.64e15);
  }
}
