import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { ServiceError } from '../service/errors.js';
import { FakeRuntime } from './fake-runtime.js';
import { FunctionService } from './function-service.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const ROLE = 'arn:aws:iam::123456789012:role/lambda-role';
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function';
const zip = (source = 'def handler(e, c):\n    return e\n') => zipSync({ 'handler.py': strToU8(source) });

function setup(options: { random?: () => number; eventRetryDelaysMs?: [number, number] } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-fn-'));
  dirs.push(dataDir);
  const runtime = new FakeRuntime({ echo: (e) => ({ echoed: e }), fail: () => { throw Object.assign(new Error('boom'), { name: 'ValueError' }); } });
  let n = 0;
  const service = new FunctionService({ runtime, dataDir, uuid: () => `id-${++n}`, clock: { now: () => Date.UTC(2024, 0, 2, 3, 4, 5) }, ...options });
  const create = (name: string, extra: Record<string, unknown> = {}) =>
    service.createFunction({ FunctionName: name, Runtime: 'python3.12', Role: ROLE, Handler: 'handler.handler', Code: { ZipFile: zip() }, ...extra });
  return { service, runtime, dataDir, create };
}

async function rejects(p: Promise<unknown>, type: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ServiceError, String(e));
    assert.equal(e.type, type);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

const text = (p: Uint8Array | undefined) => Buffer.from(p ?? new Uint8Array()).toString('utf8');

describe('FunctionService: functions', () => {
  it('creates a function: configuration as Lambda reports it, code unpacked under its sha', async () => {
    const { service, dataDir, create } = setup();
    const c = await create('echo', { Environment: { Variables: { STAGE: 'dev' } }, Description: 'd', MemorySize: 256, Timeout: 10 });
    assert.equal(c.FunctionArn, `${ARN}:echo`);
    assert.equal(c.Version, '$LATEST');
    assert.equal(c.State, 'Active');
    assert.equal(c.LastModified, '2024-01-02T03:04:05.000+0000');
    assert.deepEqual(c.Environment, { Variables: { STAGE: 'dev' } });
    assert.equal(c.MemorySize, 256);
    assert.equal(c.CodeSize, zip().byteLength);
    assert.match(c.CodeSha256, /^[A-Za-z0-9+/]{43}=$/);
    const hex = Buffer.from(c.CodeSha256, 'base64').toString('hex');
    assert.match(readFileSync(join(dataDir, 'functions', 'echo', hex, 'handler.py'), 'utf8'), /def handler/);
    const got = await service.getFunction({ FunctionName: `${ARN}:echo` });
    assert.deepEqual(got.Configuration, c);
    assert.equal(got.Code.RepositoryType, 'S3');
  });

  it('refuses bad requests with AWS errors and messages', async () => {
    const { create } = setup();
    await create('dup');
    await rejects(create('dup'), 'ResourceConflictException', 'Function already exist: dup');
    await rejects(create('bad name!'), 'InvalidParameterValueException', /Value 'bad name!' at 'functionName' failed to satisfy constraint/);
    await rejects(create('x'.repeat(65)), 'InvalidParameterValueException', /Member must have length less than or equal to 64/);
    await rejects(create('r', { Role: 'nope' }), 'ValidationException', /Value 'nope' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:\(aws/);
    await rejects(create('m', { MemorySize: 64 }), 'ValidationException', "1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128");
    await rejects(create('t', { Timeout: 901 }), 'ValidationException', /at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900/);
    await rejects(create('rt', { Runtime: 'cobol1' }), 'InvalidParameterValueException', /^Value cobol1 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: \[nodejs20\.x, python3\.14/);
    await rejects(create('z', { Code: { ZipFile: Buffer.from('not a zip') } }), 'InvalidParameterValueException', 'Could not unzip uploaded file. Please check your file, then try to upload again.');
    await rejects(create('e', { Environment: { Variables: { AWS_REGION: 'x' } } }), 'InvalidParameterValueException', /Reserved keys used in this request: AWS_REGION/);
    await rejects(create('nocode', { Code: {} }), 'InvalidParameterValueException');
  });

  it('names a missing function by its ARN, qualified as asked', async () => {
    const { service } = setup();
    await rejects(service.getFunction({ FunctionName: 'ghost' }), 'ResourceNotFoundException', `Function not found: ${ARN}:ghost`);
    await rejects(service.getFunctionConfiguration({ FunctionName: 'ghost', Qualifier: '3' }), 'ResourceNotFoundException', `Function not found: ${ARN}:ghost:3`);
    await rejects(service.getFunction({ FunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:ghost' }), 'ResourceNotFoundException', "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')");
    await rejects(service.getFunction({ FunctionName: 'echo:1', Qualifier: '2' }), 'InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.');
  });

  it('updates code and configuration: new revision, warm environments dropped, RevisionId checked', async () => {
    const { service, runtime, create } = setup();
    const created = await create('echo');
    await rejects(service.updateFunctionConfiguration({ FunctionName: 'echo', Timeout: 5, RevisionId: 'stale' }), 'PreconditionFailedException');
    const updated = await service.updateFunctionConfiguration({ FunctionName: 'echo', Timeout: 5, Environment: { Variables: { AB: '1' } }, RevisionId: created.RevisionId });
    assert.equal(updated.Timeout, 5);
    assert.notEqual(updated.RevisionId, created.RevisionId);
    const code = await service.updateFunctionCode({ FunctionName: 'echo', ZipFile: zip('def handler(e, c):\n    return 2\n') });
    assert.notEqual(code.CodeSha256, created.CodeSha256);
    assert.deepEqual(runtime.invalidated, [`${ARN}:echo`, `${ARN}:echo`]);
  });

  it('deletes a function with its code, or one version', async () => {
    const { service, dataDir, create } = setup();
    await create('echo', { Publish: true });
    await rejects(service.deleteFunction({ FunctionName: 'echo', Qualifier: '$LATEST' }), 'InvalidParameterValueException', '$LATEST version cannot be deleted without deleting the function.');
    await service.deleteFunction({ FunctionName: 'echo', Qualifier: '1' });
    assert.deepEqual((await service.listVersionsByFunction({ FunctionName: 'echo' })).Versions.map((v) => v.Version), ['$LATEST']);
    await service.deleteFunction({ FunctionName: 'echo' });
    assert.equal(existsSync(join(dataDir, 'functions', 'echo')), false);
    await rejects(service.deleteFunction({ FunctionName: 'echo' }), 'ResourceNotFoundException');
  });

  it('lists functions in pages', async () => {
    const { service, create } = setup();
    for (const n of ['a', 'b', 'c']) await create(n);
    const first = await service.listFunctions({ MaxItems: 2 });
    assert.deepEqual(first.Functions.map((f) => f.FunctionName), ['a', 'b']);
    const second = await service.listFunctions({ MaxItems: 2, Marker: first.NextMarker });
    assert.deepEqual(second.Functions.map((f) => f.FunctionName), ['c']);
    assert.equal(second.NextMarker, undefined);
    await rejects(service.listFunctions({ MaxItems: 0 }), 'ValidationException');
    await rejects(service.listFunctions({ FunctionVersion: 'SOME' }), 'ValidationException');
  });
});

describe('FunctionService: versions and aliases', () => {
  it('publishes immutable versions; publishing an unchanged $LATEST returns the last version', async () => {
    const { service, create } = setup();
    await create('echo');
    const v1 = await service.publishVersion({ FunctionName: 'echo', Description: 'first' });
    assert.equal(v1.Version, '1');
    assert.equal(v1.FunctionArn, `${ARN}:echo:1`);
    assert.equal((await service.publishVersion({ FunctionName: 'echo' })).Version, '1');
    await service.updateFunctionConfiguration({ FunctionName: 'echo', MemorySize: 512 });
    const v2 = await service.publishVersion({ FunctionName: 'echo' });
    assert.equal(v2.Version, '2');
    assert.equal((await service.getFunctionConfiguration({ FunctionName: 'echo', Qualifier: '1' })).MemorySize, 128);
    await rejects(service.publishVersion({ FunctionName: 'echo', CodeSha256: 'x' }), 'InvalidParameterValueException', /^CodeSHA256 \(x\) is different from current CodeSHA256 in \$LATEST/);
  });

  it('creates, reads, updates and deletes aliases, with AWS errors', async () => {
    const { service, create } = setup();
    await create('echo', { Publish: true });
    const a = await service.createAlias({ FunctionName: 'echo', Name: 'live', FunctionVersion: '1', Description: 'prod' });
    assert.deepEqual(a, { AliasArn: `${ARN}:echo:live`, Name: 'live', FunctionVersion: '1', Description: 'prod', RevisionId: a.RevisionId });
    await rejects(service.createAlias({ FunctionName: 'echo', Name: 'live', FunctionVersion: '1' }), 'ResourceConflictException', `Alias already exists: ${ARN}:echo:live`);
    await rejects(service.createAlias({ FunctionName: 'echo', Name: '123', FunctionVersion: '1' }), 'ValidationException');
    await rejects(service.createAlias({ FunctionName: 'echo', Name: 'x', FunctionVersion: '9' }), 'ResourceNotFoundException', `Function not found: ${ARN}:echo:9`);
    await rejects(service.getAlias({ FunctionName: 'echo', Name: 'nope' }), 'ResourceNotFoundException', `Cannot find alias arn: ${ARN}:echo:nope`);
    await rejects(
      service.deleteFunction({ FunctionName: 'echo', Qualifier: '1' }),
      'ResourceConflictException',
      'Unable to delete version because the following aliases reference it: [live]',
    );
    const u = await service.updateAlias({ FunctionName: 'echo', Name: 'live', FunctionVersion: '$LATEST' });
    assert.equal(u.FunctionVersion, '$LATEST');
    assert.equal((await service.getFunctionConfiguration({ FunctionName: 'echo', Qualifier: 'live' })).FunctionArn, `${ARN}:echo:live`);
    assert.equal((await service.listAliases({ FunctionName: 'echo' })).Aliases.length, 1);
    await service.deleteAlias({ FunctionName: 'echo', Name: 'live' });
    assert.deepEqual((await service.listAliases({ FunctionName: 'echo' })).Aliases, []);
  });

  it('routes an alias by AdditionalVersionWeights', async () => {
    const draws = [0.1, 0.9];
    const { service, runtime, create } = setup({ random: () => draws.shift() ?? 0.5 });
    await create('echo', { Publish: true });
    await service.updateFunctionConfiguration({ FunctionName: 'echo', Description: 'v2' });
    await service.publishVersion({ FunctionName: 'echo' });
    await rejects(
      service.createAlias({ FunctionName: 'echo', Name: 'bad', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '1': 0.5 } } }),
      'InvalidParameterValueException',
      'Invalid function version 1. Function version 1 is already included in routing configuration.',
    );
    await service.createAlias({ FunctionName: 'echo', Name: 'canary', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.2 } } });
    const first = await service.invoke({ FunctionName: 'echo', Qualifier: 'canary', Payload: '{}' });
    const second = await service.invoke({ FunctionName: 'echo:canary', Payload: '{}' });
    assert.deepEqual([first.ExecutedVersion, second.ExecutedVersion], ['2', '1']);
    assert.deepEqual(runtime.invocations.map((i) => i.config.functionArn), [`${ARN}:echo:2`, `${ARN}:echo:1`]);
  });
});

describe('FunctionService: invoke', () => {
  it('runs a function: payload, executed version, function errors, log tail', async () => {
    const { service, create } = setup();
    await create('echo');
    await create('fail');
    const ok = await service.invoke({ FunctionName: 'echo', Payload: '{"a":1}', LogType: 'Tail' });
    assert.deepEqual([ok.StatusCode, JSON.parse(text(ok.Payload)), ok.ExecutedVersion, ok.FunctionError], [200, { echoed: { a: 1 } }, '$LATEST', undefined]);
    assert.equal(Buffer.from(ok.LogResult!, 'base64').toString(), 'fake log\n');
    const empty = await service.invoke({ FunctionName: 'echo' });
    assert.deepEqual(JSON.parse(text(empty.Payload)), { echoed: {} });
    const failed = await service.invoke({ FunctionName: 'fail' });
    assert.equal(failed.FunctionError, 'Unhandled');
    assert.equal(JSON.parse(text(failed.Payload)).errorType, 'ValueError');
    assert.deepEqual(await service.invoke({ FunctionName: 'echo', InvocationType: 'DryRun' }), { StatusCode: 204 });
  });

  it('refuses what Lambda refuses', async () => {
    const { service, create } = setup();
    await create('echo');
    await rejects(service.invoke({ FunctionName: 'ghost' }), 'ResourceNotFoundException', `Function not found: ${ARN}:ghost:$LATEST`);
    await rejects(service.invoke({ FunctionName: 'echo', Qualifier: '7' }), 'ResourceNotFoundException', `Function not found: ${ARN}:echo:7`);
    await rejects(service.invoke({ FunctionName: 'echo', Payload: '{nope' }), 'InvalidRequestContentException', /^Could not parse request body into json: Could not parse payload into json/);
    await rejects(service.invoke({ FunctionName: 'echo', Payload: `"${'x'.repeat(6 * 1024 * 1024)}"` }), 'RequestEntityTooLargeException', 'Request must be smaller than 6291456 bytes for the InvokeFunction operation');
    await rejects(service.invoke({ FunctionName: 'echo', InvocationType: 'Later' }), 'ValidationException', /Member must satisfy enum value set: \[Event, RequestResponse, DryRun\]/);
    await service.putFunctionConcurrency({ FunctionName: 'echo', ReservedConcurrentExecutions: 0 });
    await assert.rejects(service.invoke({ FunctionName: 'echo' }), (e: unknown) => {
      assert.equal((e as ServiceError).type, 'TooManyRequestsException');
      assert.equal((e as { reason?: string }).reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
      return true;
    });
  });

  it('runs what the function is now: each change between invokes is seen, and nothing is rebuilt without one', async () => {
    const { service, runtime, create } = setup();
    await create('echo', { Publish: true });
    await service.createAlias({ FunctionName: 'echo', Name: 'live', FunctionVersion: '1' });
    const ran = async (input: { Qualifier?: string } = {}) => {
      await service.invoke({ FunctionName: 'echo', ...input });
      return runtime.invocations.at(-1)!.config;
    };
    const first = await ran();
    assert.equal(await ran(), first, 'unchanged: the same config, so the runtime finds its warm environments by it');
    await service.updateFunctionConfiguration({ FunctionName: 'echo', Timeout: 9, Environment: { Variables: { STAGE: 'two' } } });
    assert.deepEqual([(await ran()).timeout, (await ran()).environment], [9, { STAGE: 'two' }]);
    await service.putFunctionConcurrency({ FunctionName: 'echo', ReservedConcurrentExecutions: 7 });
    assert.equal((await ran()).reservedConcurrency, 7);
    await service.deleteFunctionConcurrency({ FunctionName: 'echo' });
    assert.equal((await ran()).reservedConcurrency, undefined);
    assert.equal((await ran({ Qualifier: 'live' })).timeout, 3);
    await service.publishVersion({ FunctionName: 'echo' });
    await service.updateAlias({ FunctionName: 'echo', Name: 'live', FunctionVersion: '2' });
    assert.deepEqual([(await ran({ Qualifier: 'live' })).version, (await ran({ Qualifier: 'live' })).timeout], ['2', 9]);
    await service.deleteAlias({ FunctionName: 'echo', Name: 'live' });
    await rejects(service.invoke({ FunctionName: 'echo', Qualifier: 'live' }), 'ResourceNotFoundException');
    await service.deleteFunction({ FunctionName: 'echo', Qualifier: '1' });
    await rejects(service.invoke({ FunctionName: 'echo', Qualifier: '1' }), 'ResourceNotFoundException');
    await service.deleteFunction({ FunctionName: 'echo' });
    await rejects(service.invoke({ FunctionName: 'echo' }), 'ResourceNotFoundException');
    await create('echo', { Timeout: 4 });
    assert.equal((await ran()).timeout, 4, 'a function made again under the same name is the new one');
  });

  it('runs an Event invocation later (202) and retries a failing one twice', async () => {
    const { service, runtime, create } = setup({ eventRetryDelaysMs: [1, 1] });
    await create('echo');
    await create('fail');
    assert.deepEqual(await service.invoke({ FunctionName: 'echo', InvocationType: 'Event', Payload: '{"n":1}' }), { StatusCode: 202 });
    assert.deepEqual(await service.invoke({ FunctionName: 'fail', InvocationType: 'Event' }), { StatusCode: 202 });
    await service.idle();
    assert.equal(runtime.invocations.filter((i) => i.config.functionName === 'echo').length, 1);
    assert.equal(runtime.invocations.filter((i) => i.config.functionName === 'fail').length, 3);
  });

  it('abandons pending event retries on close', async () => {
    const { service, runtime, create } = setup({ eventRetryDelaysMs: [60_000, 60_000] });
    await create('fail');
    await service.invoke({ FunctionName: 'fail', InvocationType: 'Event' });
    const started = Date.now();
    await new Promise((r) => setImmediate(r));
    await service.close();
    assert.ok(Date.now() - started < 5000);
    assert.equal(runtime.invocations.length, 1);
  });
});

describe('FunctionService: concurrency and tags', () => {
  it('reserves concurrency within the account quota', async () => {
    const { service, runtime, create } = setup();
    await create('echo');
    await create('other');
    assert.deepEqual(await service.getFunctionConcurrency({ FunctionName: 'echo' }), {});
    assert.deepEqual(await service.putFunctionConcurrency({ FunctionName: 'echo', ReservedConcurrentExecutions: 500 }), { ReservedConcurrentExecutions: 500 });
    await rejects(
      service.putFunctionConcurrency({ FunctionName: 'other', ReservedConcurrentExecutions: 401 }),
      'InvalidParameterValueException',
      "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
    );
    await rejects(service.putFunctionConcurrency({ FunctionName: 'echo:1', ReservedConcurrentExecutions: 1 }), 'InvalidParameterValueException', /permitted on Lambda functions only/);
    await rejects(service.putFunctionConcurrency({ FunctionName: 'ghost', ReservedConcurrentExecutions: 1 }), 'ResourceNotFoundException', `Function not found: ${ARN}:ghost:$LATEST`);
    await service.invoke({ FunctionName: 'echo' });
    assert.equal(runtime.invocations[0].config.reservedConcurrency, 500);
    assert.deepEqual((await service.getFunction({ FunctionName: 'echo' })).Concurrency, { ReservedConcurrentExecutions: 500 });
    await service.deleteFunctionConcurrency({ FunctionName: 'echo' });
    assert.deepEqual(await service.getFunctionConcurrency({ FunctionName: 'echo' }), {});
  });

  it('tags functions by their unqualified ARN', async () => {
    const { service, create } = setup();
    await create('echo', { Tags: { team: 'a' } });
    await service.tagResource({ Resource: `${ARN}:echo`, Tags: { env: 'dev' } });
    assert.deepEqual(await service.listTags({ Resource: `${ARN}:echo` }), { Tags: { team: 'a', env: 'dev' } });
    await service.untagResource({ Resource: `${ARN}:echo`, TagKeys: ['team'] });
    assert.deepEqual((await service.getFunction({ FunctionName: 'echo' })).Tags, { env: 'dev' });
    await rejects(service.tagResource({ Resource: `${ARN}:echo:1`, Tags: { a: 'b' } }), 'InvalidParameterValueException', 'Tags on function aliases and versions are not supported. Please specify a function ARN.');
    await rejects(service.tagResource({ Resource: 'echo', Tags: { a: 'b' } }), 'ValidationException');
    await rejects(service.listTags({ Resource: `${ARN}:ghost` }), 'ResourceNotFoundException');
    await rejects(service.untagResource({ Resource: `${ARN}:echo`, TagKeys: [] }), 'ValidationException');
  });
});
