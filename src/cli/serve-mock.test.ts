import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMockConfig } from '../integrations/mock-config.js';
import type { TaskRequest } from '../integrations/local-invoker.js';
import { loadServeMock, mockInvoker } from './serve-mock.js';

const config = parseMockConfig({
  StateMachines: { Orders: { TestCases: { Happy: { Charge: 'Charged' } } } },
  MockedResponses: { Charged: { '0': { Return: { charged: 1 } }, '1': { Throw: { Error: 'Declined', Cause: 'second try' } } } },
});
const handlers = { Charge: async () => ({ real: true }) };

const call = (executionArn: string): TaskRequest => ({ stateName: 'Charge', resource: 'arn:aws:states:::lambda:invoke', input: {}, retryCount: 0, executionArn });
const ORDERS = 'arn:aws:states:us-east-1:123456789012:execution:Orders';

test('each execution of a mocked machine counts its own invocations; other machines use the handlers', async () => {
  const invoke = mockInvoker(config, 'Happy', handlers);
  assert.deepEqual(await invoke(call(`${ORDERS}:e1`)), { ok: true, output: { charged: 1 } });
  assert.deepEqual(await invoke(call(`${ORDERS}:e1`)), { ok: false, error: 'Declined', cause: 'second try' });
  assert.deepEqual(await invoke(call(`${ORDERS}:e2`)), { ok: true, output: { charged: 1 } });
  const other = await invoke(call('arn:aws:states:us-east-1:123456789012:execution:Refunds:e1'));
  assert.equal(other.ok, true);
  assert.deepEqual((other as { output: { Payload: unknown } }).output.Payload, { real: true });
});

test('--mock names a test case some machine has, with responses the file defines', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'stepwise-serve-mock-'));
  const file = join(dir, 'mock.json');
  await writeFile(file, JSON.stringify({ StateMachines: { M: { TestCases: { T: { S: 'Missing' } } } }, MockedResponses: {} }));
  await assert.rejects(loadServeMock(`${file}#Nope`, {}), { name: 'UserError', message: `${file}: no state machine has a mock test case 'Nope'` });
  await assert.rejects(loadServeMock(`${file}#T`, {}), { name: 'UserError', message: `${file}: Test case 'T' maps state 'S' to unknown mocked response 'Missing'` });
  await assert.rejects(loadServeMock(file, {}), { name: 'UserError', message: /^--mock expects FILE#TestCase/ });
});
