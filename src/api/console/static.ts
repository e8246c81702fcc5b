/**
 * The console's files (`console/dist/`, built by `npm run build:console`) on the server's port.
 * A GET for a path that is not a file and not an API's falls back to `index.html`: the
 * single-page app routes it. Hashed assets are cached for good; everything else is revalidated.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpRoute } from '../server.js';
import { ConsoleError, sendError } from './http.js';

/** Paths other routes own (or the server's own 404 should answer): never the console's. */
const NOT_CONSOLE = /^\/(?:console\/api(?:\/|$)|metrics$|health$|20\d\d-\d\d-\d\d\/)/;
/** Vite's output names: `assets/index-B2x9_fQa.js`. */
const HASHED = /^\/assets\/.+[-.][A-Za-z0-9_-]{8,}\.\w+$/;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** `console/dist` of the repository this module belongs to (found by walking up to its package.json), from source or from `dist/`. */
export function defaultConsoleDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return join(dir, 'console', 'dist');
}

export function staticRoute(staticDir: string): HttpRoute {
  const root = resolve(staticDir);
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const raw = (req.url ?? '/').split('?')[0];
    if (NOT_CONSOLE.test(raw)) return false;
    let path: string;
    try {
      path = decodeURIComponent(raw);
    } catch {
      sendError(res, new ConsoleError(400, 'ValidationException', `Malformed path: ${raw}`));
      return true;
    }
    const index = join(root, 'index.html');
    if (!existsSync(index)) {
      sendError(res, new ConsoleError(404, 'NotFound', `The console is not built: run 'npm run build:console' (looked for ${index})`));
      return true;
    }
    const file = resolve(root, `.${path}`);
    if (file !== root && !file.startsWith(root + sep)) {
      sendError(res, new ConsoleError(404, 'NotFound', `No such file: ${path}`));
      return true;
    }
    if (await isFile(file)) await sendFile(req, res, file, HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    else if (extname(path) === '') await sendFile(req, res, index, 'no-cache');
    else sendError(res, new ConsoleError(404, 'NotFound', `No such file: ${path}`));
    return true;
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, cacheControl: string): Promise<void> {
  const info = await stat(file);
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers = { 'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'Cache-Control': cacheControl, ETag: etag };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const body = await readFile(file);
  res.writeHead(200, { ...headers, 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}
