/**
 * For the console's browser tests: a real Stepwise (SQLite in a temp dir, the console's routes,
 * a functions folder) on an ephemeral port, Debian's Chromium driven by playwright-core with a
 * fresh profile, and an AWS SDK client. Everything started here is stopped by `close()`.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SFNClient } from '@aws-sdk/client-sfn';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { openStepwise, type Stepwise, type StepwiseOptions } from '../../src/app/stepwise.js';

export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserSkipReason(): string | undefined {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the console's browser tests`;
  if (!existsSync(join(repoRoot(), 'console', 'dist', 'index.html'))) return 'the console is not built: run npm run build:console (npm run build does it)';
  return undefined;
}

/** The repository's root, from source (tsx) or from dist/. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no package.json above the tests');
    dir = parent;
  }
  return dir;
}

/** A test run leaves the committed pictures alone unless asked: `STEPWISE_SCREENSHOTS=docs/screenshots`. */
export const screenshotDir = () => resolve(repoRoot(), process.env.STEPWISE_SCREENSHOTS ?? join(tmpdir(), 'stepwise-screenshots'));

export interface ConsoleHarness {
  app: Stepwise;
  server: RunningServer;
  sfn: SFNClient;
  context: BrowserContext;
  page: Page;
  url: string;
  dataDir: string;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startConsole(options: Partial<StepwiseOptions> & { prepare?: (dataDir: string) => void | Promise<void> } = {}): Promise<ConsoleHarness> {
  const root = mkdtempSync(join(tmpdir(), 'stepwise-console-'));
  const dataDir = join(root, 'data');
  mkdirSync(dataDir);
  await options.prepare?.(dataDir);
  const app = await openStepwise({ dataDir, fsync: false, consoleDir: join(repoRoot(), 'console', 'dist'), ...options });
  await app.start();
  const server = await startServer({ service: app.service, port: 0, routes: app.routes });
  const sfn = new SFNClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
  const context = await chromium.launchPersistentContext(join(root, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  mkdirSync(screenshotDir(), { recursive: true });
  return {
    app,
    server,
    sfn,
    context,
    page,
    url: server.url,
    dataDir,
    shot: async (name) => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(screenshotDir(), `${name}.png`) });
    },
    close: async () => {
      await context.close();
      sfn.destroy();
      await server.close(1000);
      await app.close();
      rmSync(root, { recursive: true, force: true });
      if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
    },
  };
}
