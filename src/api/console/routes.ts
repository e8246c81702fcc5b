/**
 * The console on the server's one port: its JSON API under `/console/api/`, the live feed,
 * Prometheus metrics at `/metrics`, and the single-page app's files for every other GET.
 * Mount these last: the app's fallback answers any GET path no earlier route took.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Monitoring } from '../../service/monitoring.js';
import type { Store } from '../../store/store.js';
import type { HttpRoute } from '../server.js';
import type { ConsoleApi, ConsoleEndpoint } from './contract.js';
import { listExecutions, summary } from './executions.js';
import { ConsoleError, QueryParams, sendError, sendJson } from './http.js';
import { inbox } from './inbox.js';
import { metrics, prometheus, PROMETHEUS_CONTENT_TYPE } from './metrics.js';
import { defaultConsoleDir, staticRoute } from './static.js';
import { KEEP_ALIVE_MS, stream } from './stream.js';

/** What the console reads: a `Stepwise` has both. */
export interface ConsoleApp {
  store: Store;
  monitoring: Monitoring;
}

export interface ConsoleRoutesOptions {
  /** The built console (default `console/dist` in the repository). */
  staticDir?: string;
  /** Between keep-alive comments on the live feed (default 15 s). */
  keepAliveMs?: number;
  /** Epoch ms (default the system clock). */
  now?: () => number;
}

const API = '/console/api/';

export function consoleRoutes(app: ConsoleApp, options: ConsoleRoutesOptions = {}): HttpRoute[] {
  const now = options.now ?? Date.now;
  const api: HttpRoute = async (req, res) => {
    // The path is tested before it is parsed: `//x` is not a path to a URL parser but a host.
    if (!(req.url ?? '/').startsWith(API)) return false;
    const url = new URL(req.url ?? '/', 'http://console');
    if (!url.pathname.startsWith(API)) return false;
    try {
      await answer(app, req, res, url, now, options.keepAliveMs ?? KEEP_ALIVE_MS);
    } catch (e) {
      if (res.headersSent) res.destroy();
      else sendError(res, e);
    }
    return true;
  };
  const prometheusRoute: HttpRoute = async (req, res) => {
    if (req.method !== 'GET' || (req.url ?? '/').split('?')[0] !== '/metrics') return false;
    await app.monitoring.ready();
    const text = prometheus(app.monitoring);
    res.writeHead(200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
    res.end(text);
    return true;
  };
  return [api, prometheusRoute, staticRoute(options.staticDir ?? defaultConsoleDir())];
}

async function answer(app: ConsoleApp, req: IncomingMessage, res: ServerResponse, url: URL, now: () => number, keepAliveMs: number): Promise<void> {
  const name = url.pathname.slice(API.length);
  const handlers: { [K in ConsoleEndpoint]: () => Promise<ConsoleApi[K]['answer']> } = {
    summary: () => summary(app.store, now()),
    executions: () => listExecutions(app.store, new QueryParams(url.searchParams)),
    inbox: () => inbox(app.store),
    metrics: async () => {
      await app.monitoring.ready();
      return metrics(app.monitoring, new QueryParams(url.searchParams), now());
    },
  };
  if (name !== 'stream' && !Object.hasOwn(handlers, name)) throw new ConsoleError(404, 'NotFound', `No console API at ${url.pathname}: there are ${[...Object.keys(handlers), 'stream'].map((n) => API + n).join(', ')}`);
  if (req.method !== 'GET') {
    res.setHeader('Allow', 'GET');
    throw new ConsoleError(405, 'MethodNotAllowed', `${url.pathname} answers GET only, not ${req.method}`);
  }
  if (name === 'stream') stream(req, res, app.monitoring, keepAliveMs);
  else sendJson(res, 200, await handlers[name as ConsoleEndpoint]());
}
