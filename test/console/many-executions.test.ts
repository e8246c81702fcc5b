/**
 * The executions page with 100,000 executions in the store (written straight into SQLite in one
 * transaction, as a year of traffic would leave them): how long the page takes to show its
 * first rows, to page on, to search by name and to filter by status, in a real browser.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateStateMachineCommand } from '@aws-sdk/client-sfn';
import type { SqliteStore } from '../../src/store/sqlite-store.js';
import type { ExecutionRecord } from '../../src/store/store.js';
import { browserSkipReason, startConsole, type ConsoleHarness } from './harness.js';

const COUNT = 100_000;
const STATUSES = ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'ABORTED', 'TIMED_OUT', 'RUNNING'] as const;

describe('the executions page with 100,000 executions', { skip: browserSkipReason(), timeout: 300_000 }, () => {
  let h: ConsoleHarness;
  const timings: string[] = [];

  before(async () => {
    h = await startConsole();
    const { stateMachineArn } = await h.sfn.send(
      new CreateStateMachineCommand({ name: 'Orders', definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }), roleArn: 'arn:aws:iam::123456789012:role/r' }),
    );
    const store = h.app.store as SqliteStore;
    const machine = (await store.getMachine(stateMachineArn!))!;
    const now = Date.now();
    const t0 = performance.now();
    store.db.transaction(() => {
      for (let i = 0; i < COUNT; i++) {
        const name = `order-${String(i).padStart(6, '0')}`;
        const status = STATUSES[i % STATUSES.length];
        const start = now - (COUNT - i) * 25_000; // about a month of traffic, oldest first
        const record: ExecutionRecord = {
          executionArn: `${stateMachineArn!.replace(':stateMachine:', ':execution:')}:${name}`,
          stateMachineArn: stateMachineArn!,
          name,
          status,
          input: '{}',
          startDate: new Date(start),
          ...(status !== 'RUNNING' && { stopDate: new Date(start + 1000 + (i % 500)) }),
          machine: { ...machine, updateDate: machine.creationDate },
          redriveCount: 0,
        };
        // The SQLite store writes synchronously; its promise only reports.
        void store.putExecution(record);
      }
    })();
    timings.push(`stored ${COUNT.toLocaleString()} executions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });
  after(async () => {
    console.log(`# ${timings.join('; ')}`);
    await h?.close();
  });

  /** Milliseconds until `ready` holds after `act`. */
  async function timed(label: string, act: () => Promise<unknown>, ready: () => Promise<unknown>): Promise<number> {
    const t0 = performance.now();
    await act();
    await ready();
    const ms = performance.now() - t0;
    timings.push(`${label} ${ms.toFixed(0)} ms`);
    return ms;
  }

  it('shows the newest first, pages, searches and filters without slowing down', async () => {
    const { page } = h;
    const newest = `order-${String(COUNT - 1).padStart(6, '0')}`;
    const load = await timed('page load', () => page.goto(`${h.url}/executions`), () => page.locator(`[data-execution="${newest}"]`).waitFor());
    await page.getByRole('status').filter({ hasText: '100,000 executions' }).waitFor();
    assert.equal(await page.locator('tr[data-execution]').count(), 100);
    await h.shot('executions-100k');

    let deepest = 0;
    for (let p = 1; p <= 5; p++) {
      const expected = `order-${String(COUNT - 1 - p * 100).padStart(6, '0')}`;
      deepest = Math.max(deepest, await timed(`next page ${p}`, () => page.getByRole('button', { name: 'Next' }).click(), () => page.locator(`[data-execution="${expected}"]`).waitFor()));
    }
    assert.match(await page.locator('.pager').innerText(), /Page 6/);

    const search = await timed('name search', () => page.getByLabel('Name').fill('order-01234'), () => page.locator('[data-execution="order-012345"]').waitFor());
    assert.equal(await page.locator('tr[data-execution]').count(), 10, 'order-012340 … order-012349');
    await page.getByLabel('Name').fill('');
    const newestTimedOut = COUNT - 1 - ((COUNT - 1 - STATUSES.indexOf('TIMED_OUT')) % STATUSES.length);
    const timedOut = `order-${String(newestTimedOut).padStart(6, '0')}`;
    const filter = await timed('status filter', () => page.getByLabel('Status').selectOption('TIMED_OUT'), () => page.locator(`[data-execution="${timedOut}"]`).waitFor());
    assert.equal(await page.locator('tr[data-execution]').count(), 100);
    assert.deepEqual(new Set(await page.locator('tr[data-execution] .status').allInnerTexts()), new Set(['TIMED OUT']));
    await page.getByRole('status').filter({ hasText: /^14,285 executions$/ }).waitFor();

    // The same queries straight to the API, to tell the server's share from the browser's.
    for (const [label, query] of [['API first page', ''], ['API status filter', '&status=TIMED_OUT'], ['API name search', '&name=order-01234']]) {
      await timed(label, () => fetch(`${h.url}/console/api/executions?limit=100${query}`).then((r) => r.json()), async () => undefined);
    }

    for (const [what, ms] of [['page load', load], ['paging', deepest], ['search', search], ['filter', filter]] as const) {
      assert.ok(ms < 5000, `${what} took ${ms.toFixed(0)} ms`);
    }
  });
});
