// A Stepwise server for the benches, wired as `stepwise serve` wires one (openStepwise + the
// HTTP server on one port, SQLite with fsync on, the durable work loop), plus in-process Task
// handlers: `serve --functions` runs every function in a process of its own, and the service
// benches measure the service, not a function runtime.
// Usage: node bench/server.js <data-dir>. Prints `listening on <url>`; SIGTERM stops it.
// Handlers: Work (adds 1 to `n`) and Park (writes its message's task token to $BENCH_TOKEN_FILE).
import { existsSync, openSync, writeSync } from 'node:fs';

const DIST = new URL('../dist/src/', import.meta.url);
if (!existsSync(new URL('app/stepwise.js', DIST))) {
  console.error('Stepwise is not built: run `npm run build`');
  process.exit(2);
}
const { openStepwise } = await import(new URL('app/stepwise.js', DIST).href);
const { startServer } = await import(new URL('api/server.js', DIST).href);

let tokens;
const handlers = {
  Work: async (event) => ({ ...event, n: (event.n ?? 0) + 1 }),
  Park: async (event) => {
    tokens ??= openSync(process.env.BENCH_TOKEN_FILE, 'a');
    writeSync(tokens, event.MessageBody.token + '\n');
    return { MessageId: 'bench' };
  },
};

const app = await openStepwise({ dataDir: process.argv[2], handlers });
await app.start();
const server = await startServer({ service: app.service, port: 0, routes: app.routes });
console.log(`listening on ${server.url}`);
process.once('SIGTERM', async () => {
  await server.close();
  await app.close();
  process.exit(0);
});
