/**
 * The console's server side end to end: a Stepwise on a SQLite data dir behind a real server on
 * an ephemeral port, driven through the service, read through /console/api and /metrics — and
 * read again after a restart, from the store alone.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from '../src/api/server.js';
import { openStepwise, type Stepwise } from '../src/app/stepwise.js';
import type { TaskHandlers } from '../src/integrations/task-handler.js';

const ROLE = 'arn:aws:iam::123456789012:role/stepwise';
const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-console-api-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const named = (name: string, message: string): Error => Object.assign(new Error(message), { name });
const handlers: TaskHandlers = {
  Pay: (input, context) => {
    const order = input as { failures: number; declined?: boolean };
    if (context.retryCount < order.failures) throw named('Transient', 'try again');
    if (order.declined) throw named('CardDeclined', 'no');
    return { paid: true };
  },
};
const orders = JSON.stringify({
  StartAt: 'Validate',
  States: {
    Validate: { Type: 'Pass', Next: 'Pay' },
    Pay: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:pay',
      Retry: [{ ErrorEquals: ['Transient'], IntervalSeconds: 1, MaxAttempts: 2 }],
      End: true,
    },
  },
});

interface Running {
  app: Stepwise;
  server: RunningServer;
  get(path: string): Promise<{ status: number; json: any; text: string; headers: Headers }>;
  close(): Promise<void>;
}

async function open(): Promise<Running> {
  const app = await openStepwise({ dataDir, handlers, skipWaits: true, fsync: false, pollMs: 20 });
  await app.start();
  const server = await startServer({ service: app.service, routes: app.routes, port: 0 });
  return {
    app,
    server,
    async get(path) {
      const res = await fetch(`${server.url}${path}`);
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, json, text, headers: res.headers };
    },
    async close() {
      await server.close();
      await app.close();
    },
  };
}

async function ended(app: Stepwise, executionArn: string): Promise<string> {
  for (;;) {
    const { status } = await app.service.describeExecution({ executionArn });
    if (status !== 'RUNNING') return status;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('console API', () => {
  let s: Running;
  let machineArn: string;
  const started: Record<string, string> = {};
  const t0 = Date.now();

  before(async () => {
    s = await open();
    ({ stateMachineArn: machineArn } = await s.app.service.createStateMachine({ name: 'orders', definition: orders, roleArn: ROLE, publish: true }));
    await s.app.service.createStateMachine({ name: 'idle', definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }), roleArn: ROLE });
    await s.app.service.createStateMachineAlias({ name: 'live', routingConfiguration: [{ stateMachineVersionArn: `${machineArn}:1`, weight: 100 }] });
    const inputs: Record<string, object> = {
      'order-A': { failures: 0 },
      'order-B': { failures: 1 },
      'order-C': { failures: 2 },
      'order-D': { failures: 0, declined: true },
      'order-E': { failures: 3 },
    };
    for (const [name, input] of Object.entries(inputs)) {
      const { executionArn } = await s.app.service.startExecution({ stateMachineArn: machineArn, name, input: JSON.stringify(input) });
      started[name] = executionArn;
      await ended(s.app, executionArn);
    }
  });
  after(() => s.close());

  it('summarizes every state machine: versions, aliases, last execution, the last day\'s executions', async () => {
    const { status, json } = await s.get('/console/api/summary');
    assert.equal(status, 200);
    const [idle, ordersSummary] = json.stateMachines;
    assert.deepEqual(idle, { stateMachineArn: machineArn.replace('orders', 'idle'), name: 'idle', type: 'STANDARD', creationDate: idle.creationDate, versions: 0, aliases: 0, executionsLast24h: 0 });
    assert.equal(ordersSummary.name, 'orders');
    assert.equal(ordersSummary.versions, 1);
    assert.equal(ordersSummary.aliases, 1);
    assert.equal(ordersSummary.executionsLast24h, 5);
    assert.equal(ordersSummary.lastExecution.executionArn, started['order-E']);
    assert.equal(ordersSummary.lastExecution.status, 'FAILED');
    assert.ok(Math.abs(ordersSummary.creationDate - t0) < 60_000, 'dates are epoch ms');
  });

  it('searches executions by status, name and start time, and pages with a cursor', async () => {
    const all = await s.get('/console/api/executions');
    assert.equal(all.status, 200);
    assert.deepEqual(all.json.executions.map((e: { name: string }) => e.name), ['order-E', 'order-D', 'order-C', 'order-B', 'order-A']);
    assert.equal(all.json.total, 5);
    const e = all.json.executions[0];
    assert.deepEqual(Object.keys(e).sort(), ['executionArn', 'name', 'redriveCount', 'startDate', 'stateMachineArn', 'status', 'stopDate']);
    assert.ok(e.stopDate >= e.startDate && e.startDate >= t0 - 1000);

    const failed = await s.get(`/console/api/executions?stateMachineArn=${encodeURIComponent(machineArn)}&status=FAILED`);
    assert.deepEqual(failed.json.executions.map((x: { name: string }) => x.name), ['order-E', 'order-D']);
    assert.equal(failed.json.total, 2);
    const byName = await s.get('/console/api/executions?name=ORDER-c');
    assert.deepEqual(byName.json.executions.map((x: { name: string }) => x.name), ['order-C']);
    assert.equal(byName.json.total, undefined, 'no total for a search by name');
    const window = await s.get(`/console/api/executions?from=${e.startDate}&to=${e.startDate}`);
    assert.ok(window.json.executions.every((x: { startDate: number }) => x.startDate === e.startDate));
    assert.ok(window.json.executions.some((x: { name: string }) => x.name === 'order-E'));

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await s.get(`/console/api/executions?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(page.json.executions.length <= 2);
      seen.push(...page.json.executions.map((x: { name: string }) => x.name));
      cursor = page.json.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ['order-E', 'order-D', 'order-C', 'order-B', 'order-A']);
  });

  it('refuses bad parameters with AWS-shaped errors, and unknown console paths with 404', async () => {
    for (const [query, message] of [
      ['limit=0', /'limit' must be an integer from 1 to 500/],
      ['limit=501', /'limit'/],
      ['status=DONE', /'status' must be one of RUNNING, SUCCEEDED/],
      ['from=yesterday', /'from'/],
      ['cursor=bm9wZQ', /Invalid cursor/],
      ['limit=1&limit=2', /given 2 times/],
    ] as const) {
      const res = await s.get(`/console/api/executions?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.json.__type, 'ValidationException');
      assert.match(res.json.message, message);
    }
    const missing = await s.get('/console/api/nothing');
    assert.equal(missing.status, 404);
    assert.equal(missing.json.__type, 'NotFound');
    const post = await fetch(`${s.server.url}/console/api/summary`, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(((await post.json()) as { __type: string }).__type, 'MethodNotAllowed');
    const badRange = await s.get('/console/api/metrics?from=10&to=5');
    assert.equal(badRange.status, 400);
  });

  it('serves metrics: a series per minute, durations, and hotspots with retries and errors', async () => {
    const { status, json } = await s.get(`/console/api/metrics?stateMachineArn=${encodeURIComponent(machineArn)}&from=${t0 - 60_000}&bucket=minute`);
    assert.equal(status, 200);
    const sum = (k: string) => json.series.reduce((n: number, p: Record<string, number>) => n + p[k], 0);
    assert.deepEqual([sum('started'), sum('succeeded'), sum('failed'), sum('timedOut'), sum('aborted')], [5, 3, 2, 0, 0]);
    assert.ok(json.series.every((p: { t: number }, i: number) => p.t % 60_000 === 0 && (i === 0 || p.t - json.series[i - 1].t === 60_000)));
    assert.equal(json.duration.count, 5);
    assert.ok(json.duration.p50 <= json.duration.p90 && json.duration.p90 <= json.duration.p99);
    assert.deepEqual(json.hotspots, [
      {
        stateName: 'Pay',
        failures: 7,
        retries: 5,
        topErrors: [
          { error: 'Transient', count: 6, exampleExecutionArn: started['order-E'] },
          { error: 'CardDeclined', count: 1, exampleExecutionArn: started['order-D'] },
        ],
      },
    ]);
    const hourly = await s.get(`/console/api/metrics?from=${t0 - 3_600_000}&bucket=hour`);
    assert.equal(hourly.json.series.reduce((n: number, p: { started: number }) => n + p.started, 0), 5, 'all machines');
    const elsewhere = await s.get(`/console/api/metrics?stateMachineArn=${encodeURIComponent(machineArn.replace('orders', 'idle'))}`);
    assert.deepEqual([elsewhere.json.duration.count, elsewhere.json.hotspots], [0, []]);
  });

  it('exposes the counters to Prometheus at /metrics', async () => {
    const res = await s.get('/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    for (const line of [
      '# TYPE stepwise_executions_started_total counter',
      'stepwise_executions_started_total{state_machine="orders"} 5',
      'stepwise_executions_succeeded_total{state_machine="orders"} 3',
      'stepwise_executions_failed_total{state_machine="orders"} 2',
      'stepwise_executions_timed_out_total{state_machine="orders"} 0',
      'stepwise_executions_aborted_total{state_machine="orders"} 0',
      '# TYPE stepwise_execution_duration_seconds histogram',
      'stepwise_execution_duration_seconds_bucket{state_machine="orders",le="+Inf"} 5',
      'stepwise_execution_duration_seconds_count{state_machine="orders"} 5',
      'stepwise_state_failures_total{state_machine="orders",state="Pay",error="Transient"} 6',
      'stepwise_state_failures_total{state_machine="orders",state="Pay",error="CardDeclined"} 1',
      'stepwise_state_retries_total{state_machine="orders",state="Pay",error="Transient"} 5',
    ]) {
      assert.ok(res.text.split('\n').includes(line), line);
    }
  });

  it('after a restart, reads the metrics back from the store: counts, durations, hotspots of failed executions', async () => {
    await s.close();
    s = await open();
    const { json } = await s.get(`/console/api/metrics?stateMachineArn=${encodeURIComponent(machineArn)}&from=${t0 - 60_000}`);
    const sum = (k: string) => json.series.reduce((n: number, p: Record<string, number>) => n + p[k], 0);
    assert.deepEqual([sum('started'), sum('succeeded'), sum('failed')], [5, 3, 2]);
    assert.equal(json.duration.count, 5);
    // Only failed executions' histories are read back: order-D's decline, order-E's three failures and two retries.
    assert.deepEqual(json.hotspots.map((h: { stateName: string; failures: number; retries: number }) => [h.stateName, h.failures, h.retries]), [['Pay', 4, 2]]);
    const prometheusText = (await s.get('/metrics')).text;
    assert.ok(prometheusText.includes('stepwise_executions_started_total{state_machine="orders"} 5'));
  });
});
