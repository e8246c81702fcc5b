/**
 * The order process with its Python handlers (examples/order-process/python): deployed through
 * CreateFunction as Lambda would get them, run by the order state machine, and watched by the
 * monitoring function, which emits `order_completed` or `order_failed`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { loadDefinition } from '../../src/asl/load.js';
import { FunctionService } from '../../src/functions/function-service.js';
import { FunctionRuntime } from '../../src/functions/runtime.js';
import { lambdaInvoker } from '../../src/integrations/lambda.js';
import { runExecution } from '../../src/runner/local-runner.js';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) throw new Error('package.json not found above the test');
    dir = dirname(dir);
  }
  return dir;
}

const EXAMPLE = join(repoRoot(), 'examples', 'order-process');
const PYTHON = join(EXAMPLE, 'python');
const hasPython = spawnSync('python3', ['--version']).status === 0;

/** Function name (as the state machine's ARNs say it) → Python module. */
const FUNCTIONS: Record<string, string> = {
  'validate-order': 'validate_order',
  'reserve-item': 'reserve_item',
  'process-payment': 'process_payment',
  'notify-customer': 'notify_customer',
  'ship-order': 'ship_order',
  'refund-payment': 'refund_payment',
  'monitor-order': 'monitor_order',
};

describe('order process with Python handlers', { skip: hasPython ? undefined : 'python3 is not on the PATH' }, () => {
  let runtime: FunctionRuntime;
  let functions: FunctionService;
  let dataDir: string;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'stepwise-order-py-'));
    runtime = new FunctionRuntime();
    functions = new FunctionService({ runtime, dataDir });
    const files = Object.fromEntries(readdirSync(PYTHON).filter((f) => f.endsWith('.py')).map((f) => [f, strToU8(readFileSync(join(PYTHON, f), 'utf8'))]));
    const zip = zipSync(files);
    for (const [name, module] of Object.entries(FUNCTIONS)) {
      await functions.createFunction({
        FunctionName: name,
        Runtime: 'python3.12',
        Role: 'arn:aws:iam::123456789012:role/order-process',
        Handler: `${module}.lambda_handler`,
        Code: { ZipFile: zip },
      });
    }
  });
  after(async () => {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const machine = () => loadDefinition(readFileSync(join(EXAMPLE, 'order.asl.json'), 'utf8'));
  const input = (name: string) => JSON.parse(readFileSync(join(EXAMPLE, 'inputs', name), 'utf8'));

  async function runAndMonitor(inputFile: string) {
    const order = input(inputFile);
    const r = await runExecution(machine(), { input: order, invoker: lambdaInvoker(functions), skipWaits: true, history: false });
    const watched = await functions.invoke({
      FunctionName: 'monitor-order',
      Payload: JSON.stringify({ status: r.status, input: order, output: r.output ?? null, error: r.error ?? null, cause: r.cause ?? null }),
    });
    return { r, event: JSON.parse(Buffer.from(watched.Payload!).toString('utf8')) };
  }

  it('completes a good order (the payment retried once) and emits order_completed', async () => {
    const { r, event } = await runAndMonitor('happy-order.json');
    assert.equal(r.status, 'SUCCEEDED');
    assert.deepEqual(r.output, { orderId: 'A-1001', status: 'COMPLETED', charged: 33, trackingNumber: 'TRACK-A-1001' });
    assert.deepEqual(event, { event: 'order_completed', orderId: 'A-1001', trackingNumber: 'TRACK-A-1001' });
  });

  it('refunds a declined card and emits order_failed', async () => {
    const { r, event } = await runAndMonitor('declined-payment-order.json');
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'OrderFailed');
    assert.deepEqual(event, { event: 'order_failed', orderId: 'A-1003', status: 'FAILED', error: 'OrderFailed', cause: r.cause });
  });

  it('backorders an order out of stock, which is not a completed order', async () => {
    const { r, event } = await runAndMonitor('out-of-stock-order.json');
    assert.equal(r.status, 'SUCCEEDED');
    assert.deepEqual(r.output, { orderId: 'A-1002', status: 'BACKORDERED', missing: ['LAMP-003'] });
    assert.equal(event.event, 'order_failed');
    assert.equal(event.status, 'BACKORDERED');
  });

  it('rejects an invalid order: the Python exception class is the error Catch sees', async () => {
    const r = await runExecution(machine(), { input: { orderId: 'A-9', items: [] }, invoker: lambdaInvoker(functions), skipWaits: true, history: false });
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'InvalidOrder');
  });
});
