/** Every command in examples/README.md, run as documented, with the outcome it promises. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot, stepwise } from './cli-helpers.js';

const order = 'examples/order-process/order.asl.json';
const functions = ['--functions', 'examples/order-process/functions'];
const input = (name: string) => ['--input', `@examples/order-process/inputs/${name}.json`];

test('every command in examples/README.md runs with the exit code it documents', async () => {
  const readme = await readFile(join(repoRoot(), 'examples', 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/(?:exit code (\d):)?\n\n```sh\n((?:npm start -- .+\n)+)```/g)];
  const commands = blocks.flatMap(([, code, lines]) =>
    lines.trim().split('\n').map((line) => ({ args: line.replace('npm start -- ', '').split(' | ')[0].split(' '), code: Number(code ?? 0) })),
  );
  assert.ok(commands.length >= 9, `found only ${commands.length} commands`);
  for (const { args, code } of commands) {
    const r = await stepwise(args);
    assert.equal(r.code, code, `stepwise ${args.join(' ')}\n${r.stderr}`);
  }
});

test('order-process: a happy order retries the payment, reserves each item, fulfils in parallel', async () => {
  const r = await stepwise(['run', order, ...input('happy-order'), ...functions, '--skip-waits']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  const expected = [
    /^✓ ValidateOrder {2}Task /,
    /^✓ InStock\? {2}Choice /,
    /^▸ ReserveItems {2}Map$/,
    /^ {2}· iteration 0$/,
    /^ {2}✓ ReserveItem {2}Task /,
    /^ {2}· iteration 1$/,
    /^ {2}✓ ReserveItem {2}Task /,
    /^✓ ReserveItems {2}Map .*\(2 iterations\)$/,
    /^✓ ProcessPayment {2}Task .*\(1 retry after PaymentGatewayTimeout\)$/,
    /^▸ Fulfil {2}Parallel$/,
  ];
  expected.forEach((pattern, i) => assert.match(lines[i], pattern));
  assert.deepEqual(lines.slice(10, 12).map((l) => l.trim().split('  ')[0]).sort(), ['✓ NotifyCustomer', '✓ ShipOrder']);
  assert.match(lines[12], /^✓ Fulfil {2}Parallel /);
  assert.match(lines[13], /^✓ OrderComplete {2}Pass /);
  assert.match(r.stdout, /Status: SUCCEEDED/);
  assert.match(r.stdout, /"status": "COMPLETED",\n {2}"charged": 33,\n {2}"trackingNumber": "TRACK-A-1001"/);
});

test('order-process: an out-of-stock order is backordered', async () => {
  const r = await stepwise(['run', order, ...input('out-of-stock-order'), ...functions, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.equal(result.status, 'SUCCEEDED');
  assert.deepEqual(result.output, { orderId: 'A-1002', status: 'BACKORDERED', missing: ['LAMP-003'] });
});

test('order-process: a declined payment is caught and compensated; the execution fails', async () => {
  const r = await stepwise(['run', order, ...input('declined-payment-order'), ...functions]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /↪ ProcessPayment {2}Task .*\(caught PaymentDeclined: Card ending 0002 was declined for order A-1003\)/);
  assert.match(r.stdout, /✓ Refund {2}Task /);
  assert.match(r.stdout, /✗ OrderFailed {2}Fail /);
  assert.match(r.stdout, /Status: FAILED in \S+\nError: {2}OrderFailed\nCause: {2}The order could not be completed/);
});

test('order-process: the HappyPath mock needs no handlers', async () => {
  const r = await stepwise(['run', order, '--mock', 'examples/order-process/mock.json#HappyPath', '--skip-waits', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.deepEqual(result.output, { orderId: 'M-1', status: 'COMPLETED', charged: 28.5, trackingNumber: 'TRACK-MOCK' });
  const scheduled = result.history.filter((e: { type: string }) => /^(Task|LambdaFunction)Failed$/.test(e.type));
  assert.equal(scheduled.length, 1, 'the mocked first payment attempt fails once');
});

test('order-process: mocks and handlers together; exhausted retries are compensated', async () => {
  const r = await stepwise(['run', order, ...input('happy-order'), ...functions, '--mock', 'examples/order-process/mock.json#GatewayDown', '--skip-waits']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /↪ ProcessPayment {2}Task .*\(2 retries after PaymentGatewayTimeout; caught PaymentGatewayTimeout: /);
  assert.match(r.stdout, /Error: {2}OrderFailed/);
});

test('order-process: graph shows the Choice rule, the Catch edges and the clusters', async () => {
  const mermaid = await stepwise(['graph', order]);
  assert.equal(mermaid.code, 0);
  assert.match(mermaid.stdout, /InStock_ -->\|"\$\.stock\.available == true"\| ReserveItems/);
  assert.match(mermaid.stdout, /InStock_ -->\|"Default"\| Backorder/);
  assert.match(mermaid.stdout, /ProcessPayment -\.->\|"States\.ALL"\| Refund/);
  assert.match(mermaid.stdout, /subgraph Fulfil_cluster\["Fulfil \(Parallel\)"\]/);
  assert.match(mermaid.stdout, /subgraph ReserveItems_cluster\["ReserveItems \(Map\)"\]/);
  const dot = await stepwise(['graph', order, '--format', 'dot']);
  assert.match(dot.stdout, /Fulfil -> Refund \[label="States\.ALL", style=dashed\];/);
});

test('common-mistakes: validate explains every mistake; exit 2', async () => {
  const r = await stepwise(['validate', 'examples/common-mistakes/broken.asl.json']);
  assert.equal(r.code, 2);
  const expected = [
    "at /TimeoutSeconds: Duplicate field 'TimeoutSeconds'",
    'DUPLICATE_STATE_NAME at /States/Charge',
    "MISSING_TRANSITION_TARGET at /States/CheckTier/Default: Missing 'Default' target: chargeFullPrice",
    'at /States/Charge: State "Charge" is not reachable.',
    'at /States/ChargeFullPrice: The fields [Next, End] are mutually exclusive',
    "at /States/ChargeFullPrice/Parameters: The value for the field 'amount.$' must be a valid JSONPath",
    "at /States/WaitForSettlement: The value for the field 'Seconds' must be a non-negative INTEGER",
    'at /States/SendReceipt: These fields are required: [Resource]',
  ];
  for (const text of expected) assert.ok(r.stdout.includes(text), `missing "${text}" in\n${r.stdout}`);
  const blocks = r.stdout.trim().split('\n\n')[0].split(/\n(?=ERROR|WARNING)/);
  for (const block of blocks) assert.match(block, /\n {4}\S/, `no explanation for: ${block}`);
});

test('common-mistakes: graph still draws the broken definition', async () => {
  const r = await stepwise(['graph', 'examples/common-mistakes/broken.asl.json']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /CheckTier -->\|"Default"\| missing_chargeFullPrice/);
});
