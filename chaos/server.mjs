// `stepwise serve` as a child process that chaos kills with SIGKILL and starts again on the same
// data dir and port. Each life's output goes to its own log file beside the data dir.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep } from './api.mjs';

const BANNER = /Stepwise listening on (http:\/\/\S+)/;

export class ChaosServer {
  /** `{ bin, dataDir, functionsDir, logDir }` */
  constructor(options) {
    this.options = options;
    this.port = 0;
    this.url = undefined;
    this.lives = 0;
    this.child = undefined;
    /** Lives that ended without our SIGKILL or SIGTERM: a server must never crash on its own. */
    this.unexpectedExits = [];
    /** Lines of the servers' stderr that report a failure. */
    this.errorLines = [];
  }

  /** Starts a life and resolves with its milliseconds from spawn to a healthy `/health`. */
  async start() {
    const started = performance.now();
    const life = ++this.lives;
    const { bin, dataDir, functionsDir, logDir } = this.options;
    const args = [bin, 'serve', '--port', String(this.port), '--data-dir', dataDir, '--functions', functionsDir];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STEPWISE_LOG: 'warn' } });
    this.child = child;
    const log = createWriteStream(join(logDir, `serve-${life}.log`));
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => this.scanErrors(life, String(chunk)));
    child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    void child.exited.then(({ code, signal }) => {
      log.end();
      if (!child.expectedExit) this.unexpectedExits.push(`life ${life} exited on its own (code ${code}, signal ${signal})`);
    });

    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`stepwise serve (life ${life}) exited before it was healthy; see ${logDir}/serve-${life}.log`);
      if (performance.now() - started > 120_000) throw new Error(`stepwise serve (life ${life}) not healthy within 120 s; see ${logDir}/serve-${life}.log`);
      if (!this.url) {
        const m = BANNER.exec(stdout);
        if (m) {
          this.url = m[1];
          this.port = Number(new URL(this.url).port);
        }
      }
      if (this.url && (await healthy(this.url))) return performance.now() - started;
      await sleep(10);
    }
  }

  /** Resolves when the current life ends, however it ends. */
  exited() {
    return this.child.exited;
  }

  /** kill -9, and resolves once the process is gone. */
  async kill() {
    const child = this.child;
    child.expectedExit = true;
    child.kill('SIGKILL');
    await child.exited;
  }

  /** A clean shutdown at the end of the run. */
  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.expectedExit = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await child.exited;
    clearTimeout(timer);
  }

  scanErrors(life, text) {
    for (const line of text.split('\n')) {
      if (/error|fail|exception/i.test(line) && !/^\s+at /.test(line)) this.errorLines.push({ life, line: line.trim() });
    }
  }

  /** The failures the servers reported, alike ones counted together (timestamps aside). */
  errorSummary() {
    const counts = new Map();
    for (const { life, line } of this.errorLines) {
      const key = line.replace(/^\S*\d{4}-\d\d-\d\dT\S+\s*/, '');
      const seen = counts.get(key) ?? { count: 0, lives: new Set() };
      seen.count++;
      seen.lives.add(life);
      counts.set(key, seen);
    }
    return [...counts].map(([line, { count, lives }]) => `${count}× (lives ${[...lives].join(',')}): ${line}`);
  }
}

async function healthy(url) {
  try {
    const res = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Processes still running code from under `dir`: Lambda execution environments carry their code
 * root in LAMBDA_TASK_ROOT. Each must die with the server that started it. Linux only (/proc).
 */
export async function environmentsUnder(dir) {
  let pids;
  try {
    pids = (await readdir('/proc')).filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
  const found = [];
  for (const pid of pids) {
    try {
      const env = await readFile(`/proc/${pid}/environ`, 'latin1');
      if (env.split('\0').some((v) => v.startsWith('LAMBDA_TASK_ROOT=') && v.includes(dir))) found.push(Number(pid));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}
