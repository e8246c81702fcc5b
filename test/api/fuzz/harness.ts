/**
 * The server the bad-request fuzz tests hammer: Stepwise as `stepwise serve` composes it (SQLite
 * store, the Step Functions API, the Lambda REST API and the console on one port), holding one
 * of each kind of resource, so that every ARN and name in a request can point at something real.
 * It also reads back everything the server holds, to show that refused requests changed nothing,
 * and keeps the faults the server logs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { createLogger } from '../../../src/api/log.js';
import { startServer } from '../../../src/api/server.js';
import { openStepwise } from '../../../src/app/stepwise.js';
import { zipOf } from '../../lambda/server.js';
import { raw, type RawResponse } from '../helpers.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/stepwise-fuzz`;
export const LAMBDA_ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-fuzz`;
const STATES = `arn:aws:states:${REGION}:${ACCOUNT}`;

/** The resources the server holds before the first bad request, by what they are. */
export const FIXTURES = {
  machine: `${STATES}:stateMachine:fuzz-machine`,
  version1: `${STATES}:stateMachine:fuzz-machine:1`,
  version2: `${STATES}:stateMachine:fuzz-machine:2`,
  alias: `${STATES}:stateMachine:fuzz-machine:live`,
  express: `${STATES}:stateMachine:fuzz-express`,
  execution: `${STATES}:execution:fuzz-machine:fuzz-run`,
  activity: `${STATES}:activity:fuzz-activity`,
  /** An execution of `fuzz-worker`, waiting for a worker to finish its activity task. */
  waiting: `${STATES}:execution:fuzz-worker:fuzz-waiting`,
  mapRun: `${STATES}:mapRun:fuzz-machine/fuzz-run:1b4e28ba-2fa1-11d2-883f-0016d3cca427`,
  function: 'fuzz-fn',
  functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:fuzz-fn`,
  functionAlias: 'live',
};

export const passDefinition = (result: unknown = 'ok'): string =>
  JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Result: result, End: true } } });

export const FUNCTION_ZIP = Buffer.from(zipOf({ 'index.mjs': 'export const handler = async (event) => ({ echo: event });' })).toString('base64');

export interface FuzzServer {
  url: string;
  sfn: SFNClient;
  lambda: LambdaClient;
  /** Lines the server logged as errors: faults of its own, which a bad request must never cause. */
  faults: string[];
  /** The token of the activity task `FIXTURES.waiting` waits on. */
  taskToken: string;
  /** An AWS JSON 1.0 call, as raw HTTP. */
  call(action: string, body: unknown): Promise<RawResponse>;
  /** Everything both APIs would tell a caller about what the server holds. */
  snapshot(): Promise<unknown>;
}

export async function fuzzServer(): Promise<FuzzServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-fuzz-'));
  const app = await openStepwise({ dataDir, fsync: false, skipWaits: true });
  await app.start();
  const faults: string[] = [];
  const log = createLogger('error', (line) => faults.push(line));
  const server = await startServer({ port: 0, service: app.service, routes: app.routes, log });
  const consoleError = console.error;
  // The Lambda adapter reports its own faults on stderr, each line naming the request.
  console.error = (...args: unknown[]) => {
    const line = args.map(String).join(' ');
    if (line.startsWith('lambda ')) faults.push(line);
    else consoleError(...args);
  };
  const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
  const sfn = new SFNClient({ endpoint: server.url, region: REGION, credentials, disableHostPrefix: true, maxAttempts: 1 });
  const lambda = new LambdaClient({ endpoint: server.url, region: REGION, credentials, maxAttempts: 1 });
  after(async () => {
    console.error = consoleError;
    sfn.destroy();
    lambda.destroy();
    await server.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = (action: string, body: unknown): Promise<RawResponse> =>
    raw(server.url, { target: `AWSStepFunctions.${action}`, body: JSON.stringify(body) });
  const ok = async (action: string, body: unknown): Promise<Record<string, unknown>> => {
    const r = await call(action, body);
    if (r.status !== 200) throw new Error(`fixture ${action} failed: ${r.status} ${r.body}`);
    return r.json as Record<string, unknown>;
  };
  const lambdaCall = (method: string, path: string, body?: unknown): Promise<RawResponse> =>
    raw(server.url, { method, path, headers: { 'Content-Type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const lambdaOk = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const r = await lambdaCall(method, path, body);
    if (r.status >= 300) throw new Error(`fixture ${method} ${path} failed: ${r.status} ${r.body}`);
    return r.json as Record<string, unknown>;
  };

  // ---- the resources ----
  const tags = [{ key: 'team', value: 'fuzz' }];
  await ok('CreateStateMachine', { name: 'fuzz-machine', definition: passDefinition(1), roleArn: ROLE, tags, publish: true });
  await ok('UpdateStateMachine', { stateMachineArn: FIXTURES.machine, definition: passDefinition(2), publish: true });
  await ok('CreateStateMachineAlias', { name: 'live', routingConfiguration: [{ stateMachineVersionArn: FIXTURES.version1, weight: 100 }] });
  await ok('CreateStateMachine', { name: 'fuzz-express', definition: passDefinition(), roleArn: ROLE, type: 'EXPRESS' });
  await ok('StartExecution', { stateMachineArn: FIXTURES.machine, name: 'fuzz-run', input: '{"n": 1}' });
  await ok('CreateActivity', { name: 'fuzz-activity', tags });
  await app.service.idle();
  const worker = JSON.stringify({ StartAt: 'Work', States: { Work: { Type: 'Task', Resource: FIXTURES.activity, End: true } } });
  await ok('CreateStateMachine', { name: 'fuzz-worker', definition: worker, roleArn: ROLE });
  await ok('StartExecution', { stateMachineArn: `${STATES}:stateMachine:fuzz-worker`, name: 'fuzz-waiting' });
  const { taskToken } = (await ok('GetActivityTask', { activityArn: FIXTURES.activity })) as { taskToken: string };
  const fn = FIXTURES.function;
  await lambdaOk('POST', '/2015-03-31/functions', {
    FunctionName: fn,
    Runtime: 'nodejs20.x',
    Role: LAMBDA_ROLE,
    Handler: 'index.handler',
    Code: { ZipFile: FUNCTION_ZIP },
    Publish: true,
    Tags: { team: 'fuzz' },
  });
  await lambdaOk('POST', `/2015-03-31/functions/${fn}/aliases`, { Name: FIXTURES.functionAlias, FunctionVersion: '1' });
  await lambdaOk('PUT', `/2017-10-31/functions/${fn}/concurrency`, { ReservedConcurrentExecutions: 5 });

  const snapshot = async (): Promise<unknown> => {
    const read = async (action: string, body: unknown): Promise<Record<string, unknown>> => ok(action, body);
    const machines = ((await read('ListStateMachines', {})).stateMachines as { stateMachineArn: string }[]).map((m) => m.stateMachineArn);
    const sfnState = [];
    for (const arn of machines) {
      const aliases = ((await read('ListStateMachineAliases', { stateMachineArn: arn })).stateMachineAliases as { stateMachineAliasArn: string }[]) ?? [];
      const machine = await read('DescribeStateMachine', { stateMachineArn: arn });
      sfnState.push({
        machine,
        tags: await read('ListTagsForResource', { resourceArn: arn }),
        versions: await read('ListStateMachineVersions', { stateMachineArn: arn }),
        aliases: await Promise.all(aliases.map((a) => read('DescribeStateMachineAlias', { stateMachineAliasArn: a.stateMachineAliasArn }))),
        // Express executions are not listed.
        executions: machine.type === 'STANDARD' ? await read('ListExecutions', { stateMachineArn: arn }) : [],
      });
    }
    const activities = ((await read('ListActivities', {})).activities as { activityArn: string }[]).map((a) => a.activityArn);
    const functions = ((await lambdaOk('GET', '/2015-03-31/functions')).Functions as { FunctionName: string }[]).map((f) => f.FunctionName);
    const lambdaState = [];
    for (const name of functions) {
      lambdaState.push({
        function: await lambdaOk('GET', `/2015-03-31/functions/${name}`),
        versions: await lambdaOk('GET', `/2015-03-31/functions/${name}/versions`),
        aliases: await lambdaOk('GET', `/2015-03-31/functions/${name}/aliases`),
        concurrency: await lambdaOk('GET', `/2019-09-30/functions/${name}/concurrency`),
      });
    }
    return {
      machines: sfnState,
      activities: await Promise.all(activities.map(async (arn) => ({ ...(await read('DescribeActivity', { activityArn: arn })), tags: await read('ListTagsForResource', { resourceArn: arn }) }))),
      executions: await Promise.all([FIXTURES.execution, FIXTURES.waiting].map((executionArn) => read('DescribeExecution', { executionArn }))),
      histories: await Promise.all([FIXTURES.execution, FIXTURES.waiting].map((executionArn) => read('GetExecutionHistory', { executionArn }))),
      functions: lambdaState,
    };
  };

  return { url: server.url, sfn, lambda, faults, taskToken, call, snapshot };
}

/** Runs `work` over `items` with at most `width` in flight: the server sees concurrent bad requests, as it would in use. */
export async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}
