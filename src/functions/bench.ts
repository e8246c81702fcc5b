/**
 * Measures the function runtime: cold starts and warm invoke round trips (in-process calls to
 * `invoke`) for Node and Python. `node dist/src/functions/bench.js [invokes]`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FunctionRuntime, type FunctionConfig, type Runtime } from './runtime.js';

const INVOKES = Number(process.argv[2] ?? 2000);
const COLD_STARTS = 10;
const CALLERS = 8;

const functions: Array<{ runtime: Runtime; handler: string; file: string; source: string }> = [
  { runtime: 'nodejs20.x', handler: 'index.handler', file: 'index.mjs', source: 'export const handler = async (event) => event;' },
  { runtime: 'python3.12', handler: 'lambda_function.lambda_handler', file: 'lambda_function.py', source: 'def lambda_handler(event, context):\n    return event\n' },
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/** Invokes/s with CALLERS invoking at once (one warm environment each). */
async function concurrentRate(runtime: FunctionRuntime, config: FunctionConfig): Promise<number> {
  const each = Math.ceil(INVOKES / CALLERS);
  const caller = async () => {
    for (let i = 0; i < each; i++) await runtime.invoke(config, '{"n":2}');
  };
  await Promise.all(Array.from({ length: CALLERS }, caller));
  const started = performance.now();
  await Promise.all(Array.from({ length: CALLERS }, caller));
  return (each * CALLERS) / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const runtime = new FunctionRuntime();
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-'));
  try {
    for (const fn of functions) {
      writeFileSync(join(dir, fn.file), fn.source);
      const config = (n: number): FunctionConfig => ({
        functionName: `bench-${fn.runtime}-${n}`,
        functionArn: `arn:aws:lambda:us-east-1:123456789012:function:bench-${n}`,
        version: '$LATEST',
        runtime: fn.runtime,
        handler: fn.handler,
        codeDir: dir,
        memorySize: 128,
        timeout: 3,
        environment: {},
      });
      const cold: number[] = [];
      for (let i = 0; i < COLD_STARTS; i++) {
        const started = performance.now();
        await runtime.invoke(config(i), '{"n":0}');
        cold.push(performance.now() - started);
        runtime.invalidate(config(i).functionArn);
      }
      const warmConfig = config(COLD_STARTS);
      await runtime.invoke(warmConfig, '{}');
      const times: number[] = [];
      const started = performance.now();
      for (let i = 0; i < INVOKES; i++) {
        const t = performance.now();
        await runtime.invoke(warmConfig, '{"n":1}');
        times.push(performance.now() - t);
      }
      const seconds = (performance.now() - started) / 1000;
      times.sort((a, b) => a - b);
      cold.sort((a, b) => a - b);
      const parallel = await concurrentRate(runtime, warmConfig);
      console.log(
        `${fn.runtime}: cold start p50 ${percentile(cold, 0.5).toFixed(1)} ms; warm invoke p50 ${percentile(times, 0.5).toFixed(3)} ms, ` +
          `p99 ${percentile(times, 0.99).toFixed(3)} ms, ${(INVOKES / seconds).toFixed(0)} invokes/s (sequential, ${INVOKES} invokes); ` +
          `${parallel.toFixed(0)} invokes/s from ${CALLERS} concurrent callers`,
      );
    }
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
