/** The Lambda API end to end: @aws-sdk/client-lambda against the REST adapter, functions run by the process runtime. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaServiceException,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { ROLE, startLambdaServer, zipOf, type LambdaTestServer } from './server.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function';
const NODE_ECHO = zipOf({
  'index.mjs': `export const handler = async (event, context) => ({ event, version: context.functionVersion, arn: context.invokedFunctionArn, stage: process.env.STAGE ?? null });`,
});
const NODE_FAIL = zipOf({ 'index.mjs': `export const handler = async () => { const e = new Error('card declined'); e.name = 'PaymentError'; throw e; };` });

let s: LambdaTestServer;
before(async () => {
  s = await startLambdaServer();
});
after(async () => {
  await s.stop();
});

const decode = (p: Uint8Array | undefined): unknown => JSON.parse(Buffer.from(p ?? new Uint8Array()).toString('utf8'));

async function sdkError(p: Promise<unknown>, name: string, status: number, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof LambdaServiceException, String(e));
    assert.equal(e.name, name);
    assert.equal(e.$metadata.httpStatusCode, status);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('Lambda API through @aws-sdk/client-lambda', () => {
  it('creates, reads, invokes, updates and lists a function', async () => {
    const created = await s.client.send(
      new CreateFunctionCommand({ FunctionName: 'echo', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: NODE_ECHO }, Tags: { team: 'orders' } }),
    );
    assert.equal(created.FunctionArn, `${ARN}:echo`);
    assert.equal(created.State, 'Active');
    assert.equal(created.$metadata.httpStatusCode, 201);

    const got = await s.client.send(new GetFunctionCommand({ FunctionName: `${ARN}:echo` }));
    assert.equal(got.Configuration?.CodeSha256, created.CodeSha256);
    assert.deepEqual(got.Tags, { team: 'orders' });
    assert.equal((await s.client.send(new GetFunctionConfigurationCommand({ FunctionName: '123456789012:function:echo' }))).Handler, 'index.handler');

    const out = await s.client.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{"orderId":"o-1"}'), LogType: 'Tail' }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.deepEqual(decode(out.Payload), { event: { orderId: 'o-1' }, version: '$LATEST', arn: `${ARN}:echo`, stage: null });
    assert.match(Buffer.from(out.LogResult ?? '', 'base64').toString(), /REPORT RequestId: /);

    const updated = await s.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'echo', Environment: { Variables: { STAGE: 'beta' } } }));
    assert.deepEqual(updated.Environment?.Variables, { STAGE: 'beta' });
    const again = await s.client.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{}') }));
    assert.equal((decode(again.Payload) as { stage: string }).stage, 'beta');

    const listed = await s.client.send(new ListFunctionsCommand({}));
    assert.ok(listed.Functions?.some((f) => f.FunctionName === 'echo'));
  });

  it('reports function errors as Lambda does, and Event and DryRun invocations', async () => {
    await s.client.send(new CreateFunctionCommand({ FunctionName: 'pay', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: NODE_FAIL } }));
    const failed = await s.client.send(new InvokeCommand({ FunctionName: 'pay', Payload: Buffer.from('{}') }));
    assert.equal(failed.StatusCode, 200);
    assert.equal(failed.FunctionError, 'Unhandled');
    assert.deepEqual((decode(failed.Payload) as { errorType: string; errorMessage: string }).errorType, 'PaymentError');
    assert.equal((await s.client.send(new InvokeCommand({ FunctionName: 'pay', InvocationType: 'Event', Payload: Buffer.from('{}') }))).StatusCode, 202);
    assert.equal((await s.client.send(new InvokeCommand({ FunctionName: 'pay', InvocationType: 'DryRun' }))).StatusCode, 204);
    await s.service.idle();
  });

  it('publishes versions, routes aliases, updates code', async () => {
    await s.client.send(new CreateFunctionCommand({ FunctionName: 'ver', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: NODE_ECHO }, Publish: true }));
    await s.client.send(new UpdateFunctionCodeCommand({ FunctionName: 'ver', ZipFile: zipOf({ 'index.mjs': 'export const handler = async () => "v2";' }) }));
    const v2 = await s.client.send(new PublishVersionCommand({ FunctionName: 'ver', Description: 'second' }));
    assert.equal(v2.Version, '2');
    const versions = await s.client.send(new ListVersionsByFunctionCommand({ FunctionName: 'ver' }));
    assert.deepEqual(versions.Versions?.map((v) => v.Version), ['$LATEST', '1', '2']);

    const alias = await s.client.send(new CreateAliasCommand({ FunctionName: 'ver', Name: 'live', FunctionVersion: '1' }));
    assert.equal(alias.AliasArn, `${ARN}:ver:live`);
    const viaAlias = await s.client.send(new InvokeCommand({ FunctionName: 'ver', Qualifier: 'live', Payload: Buffer.from('{}') }));
    assert.equal(viaAlias.ExecutedVersion, '1');
    await s.client.send(new UpdateAliasCommand({ FunctionName: 'ver', Name: 'live', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 1 } } }));
    const routed = await s.client.send(new InvokeCommand({ FunctionName: `${ARN}:ver:live` }));
    assert.equal(routed.ExecutedVersion, '2');
    assert.equal(decode(routed.Payload), 'v2');
    assert.deepEqual((await s.client.send(new GetAliasCommand({ FunctionName: 'ver', Name: 'live' }))).RoutingConfig?.AdditionalVersionWeights, { '2': 1 });
    assert.equal((await s.client.send(new ListAliasesCommand({ FunctionName: 'ver' }))).Aliases?.length, 1);
    await s.client.send(new DeleteAliasCommand({ FunctionName: 'ver', Name: 'live' }));
    await s.client.send(new DeleteFunctionCommand({ FunctionName: 'ver', Qualifier: '1' }));
    await s.client.send(new DeleteFunctionCommand({ FunctionName: 'ver' }));
    await sdkError(s.client.send(new GetFunctionCommand({ FunctionName: 'ver' })), 'ResourceNotFoundException', 404, /^Function not found: arn:aws:lambda:us-east-1:123456789012:function:ver$/);
  });

  it('reserves concurrency (0 throttles) and tags', async () => {
    await s.client.send(new CreateFunctionCommand({ FunctionName: 'busy', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: NODE_ECHO } }));
    assert.equal((await s.client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'busy', ReservedConcurrentExecutions: 0 }))).ReservedConcurrentExecutions, 0);
    assert.equal((await s.client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'busy' }))).ReservedConcurrentExecutions, 0);
    await sdkError(s.client.send(new InvokeCommand({ FunctionName: 'busy' })), 'TooManyRequestsException', 429);
    await s.client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'busy' }));
    assert.equal((await s.client.send(new InvokeCommand({ FunctionName: 'busy' }))).StatusCode, 200);

    await s.client.send(new TagResourceCommand({ Resource: `${ARN}:busy`, Tags: { a: '1', b: '2' } }));
    await s.client.send(new UntagResourceCommand({ Resource: `${ARN}:busy`, TagKeys: ['a'] }));
    assert.deepEqual((await s.client.send(new ListTagsCommand({ Resource: `${ARN}:busy` }))).Tags, { b: '2' });
  });

  it('answers bad requests with the SDK error types and status codes', async () => {
    await sdkError(
      s.client.send(new CreateFunctionCommand({ FunctionName: 'echo', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: NODE_ECHO } })),
      'ResourceConflictException',
      409,
      /^Function already exist: echo$/,
    );
    await sdkError(
      s.client.send(new CreateFunctionCommand({ FunctionName: 'm', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', MemorySize: 1, Code: { ZipFile: NODE_ECHO } })),
      'ValidationException',
      400,
      /at 'memorySize' failed to satisfy constraint/,
    );
    await sdkError(
      s.client.send(new CreateFunctionCommand({ FunctionName: 'r', Runtime: 'fortran' as never, Role: ROLE, Handler: 'index.handler', Code: { ZipFile: NODE_ECHO } })),
      'InvalidParameterValueException',
      400,
      /^Value fortran at 'runtime'/,
    );
    await sdkError(s.client.send(new InvokeCommand({ FunctionName: 'nope' })), 'ResourceNotFoundException', 404, /^Function not found: .*:nope:\$LATEST$/);
    await sdkError(s.client.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{oops') })), 'InvalidRequestContentException', 400);
    await sdkError(s.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'echo', RevisionId: 'old', Timeout: 4 })), 'PreconditionFailedException', 412);
    await sdkError(s.client.send(new GetAliasCommand({ FunctionName: 'echo', Name: 'none' })), 'ResourceNotFoundException', 404, /^Cannot find alias arn: /);
    await sdkError(s.client.send(new ListFunctionsCommand({ Marker: 'bogus' })), 'InvalidParameterValueException', 400);
  });

  it('never crashes on malformed HTTP requests', async () => {
    const bad = await fetch(`${s.endpoint}/2015-03-31/functions`, { method: 'POST', body: '{not json' });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('x-amzn-errortype'), 'InvalidRequestContentException');
    assert.equal(((await bad.json()) as { Type: string }).Type, 'User');
    const unknown = await fetch(`${s.endpoint}/2015-03-31/functions/echo/nothing-here`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers.get('x-amzn-errortype'), 'UnknownOperationException');
    const encoded = await fetch(`${s.endpoint}/2015-03-31/functions/%E0%A4%A`);
    assert.equal(encoded.status, 400);
  });
});
