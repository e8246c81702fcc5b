/**
 * The conformance cases through the wire: a Stepwise server on an ephemeral port, spoken to in
 * AWS's JSON protocol exactly as an SDK would (`POST /`, `X-Amz-Target: AWSStepFunctions.X`).
 * Execution cases create their machine and start and await their execution; validation and
 * TestState cases call those actions; a rejected call is made again, on a server of its own
 * holding the state the call presupposes. What the in-process runner passes must pass here too.
 */
import { openStepwise, type Stepwise } from '../app/stepwise.js';
import { startServer, type RunningServer } from '../api/server.js';
import { testStateRequest, testStateApiRequest } from './run-case.js';
import { runApiErrorCase, type ApiCaseResult, type OpenApiTarget } from './api-cases.js';
import { testStateOutcome, type CaseResult, type ConformanceCase } from './case.js';

const ROLE = 'arn:aws:iam::123456789012:role/stepwise-conformance';

export class ServerConformance {
  private counter = 0;

  private constructor(
    private readonly app: Stepwise,
    private readonly server: RunningServer,
  ) {}

  static async open(): Promise<ServerConformance> {
    const { app, server } = await serve({});
    return new ServerConformance(app, server);
  }

  async close(): Promise<void> {
    await this.server.close();
    await this.app.close();
  }

  /** A case the wire can judge, or undefined for those the in-process runner keeps (they need no server). */
  async run(c: ConformanceCase): Promise<CaseResult | undefined> {
    switch (c.kind) {
      case 'execution':
        return this.execution(c);
      case 'validate_definition': {
        const r = await this.call('ValidateStateMachineDefinition', {
          definition: typeof c.definition === 'string' ? c.definition : JSON.stringify(c.definition),
          type: (c.request?.type as string | undefined) ?? 'STANDARD',
        });
        return { id: c.id, result: r.result as 'OK' | 'FAIL', diagnostics: r.diagnostics as unknown[] };
      }
      case 'test_state': {
        const r = await this.call('TestState', testStateRequest(c));
        if (r.__type) return { id: c.id, skipped: `rejected: ${String(r.__type)}: ${String(r.message)}` };
        return { id: c.id, ...testStateOutcome(r) };
      }
      case 'api_error': {
        if (c.operation !== 'test_state') return { id: c.id, ...(await runApiErrorCase(c, overTheWire)) };
        return { id: c.id, ...verdict(await this.call('TestState', testStateApiRequest(c))) };
      }
      default:
        return undefined;
    }
  }

  private async execution(c: ConformanceCase): Promise<CaseResult | undefined> {
    const type = c.state_machine?.type ?? 'STANDARD';
    // Names are unique per case: one server serves them all. Names are placeholders in the recordings.
    const name = `${(c.state_machine?.name ?? 'conformance').slice(0, 60)}-${++this.counter}`;
    const created = await this.call('CreateStateMachine', { name, definition: JSON.stringify(c.definition), roleArn: ROLE, type });
    if (created.__type) return { id: c.id, skipped: `CreateStateMachine refused: ${String(created.__type)}: ${String(created.message)}` };
    const start = {
      stateMachineArn: created.stateMachineArn,
      input: JSON.stringify(c.input ?? {}),
      ...(c.state_machine?.execution_name && { name: c.state_machine.execution_name }),
    };
    if (c.state_machine?.start_api === 'start_sync_execution') {
      const r = await this.call('StartSyncExecution', start);
      return result(c.id, r);
    }
    // An asynchronous Express execution keeps no result to read back (AWS logs it): judged in-process.
    if (type === 'EXPRESS') return undefined;
    const started = await this.call('StartExecution', start);
    if (started.__type) return { id: c.id, skipped: `StartExecution refused: ${String(started.__type)}` };
    for (;;) {
      const d = await this.call('DescribeExecution', { executionArn: started.executionArn });
      if (d.status !== 'RUNNING') return result(c.id, d);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  private call(action: string, body: unknown): Promise<Record<string, unknown>> {
    return post(this.server, action, body);
  }
}

async function serve(where: { region?: string; account?: string }): Promise<{ app: Stepwise; server: RunningServer }> {
  const app = await openStepwise({ dataDir: null, skipWaits: true, pollMs: 5, ...where });
  await app.start();
  const server = await startServer({ service: app.service, port: 0, routes: app.routes });
  return { app, server };
}

async function post(server: RunningServer, action: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}` },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

const verdict = (r: Record<string, unknown>): ApiCaseResult =>
  r.__type === undefined ? { ok: true } : { error_code: String(r.__type), message: String(r.message) };

/** A server of the case's own account and region: its state is built in-process, the call goes over the wire. */
const overTheWire: OpenApiTarget = async (where) => {
  const { app, server } = await serve(where);
  return {
    service: app.service,
    call: async (action, request) => verdict(await post(server, action, request)),
    async close() {
      await server.close();
      await app.close();
    },
  };
};

function result(id: string, d: Record<string, unknown>): CaseResult {
  return {
    id,
    status: String(d.status),
    output: d.output === undefined ? null : JSON.parse(String(d.output)),
    error: d.error ?? null,
    cause: d.cause ?? null,
  };
}
