/**
 * Execution cases that need more than one state machine (`needs: sfn`): run through the whole
 * service, as the recording ran through AWS. The case's `other_state_machines` are created under
 * their recorded ARNs (the account and region come from those ARNs), then the case's own machine,
 * then the execution, awaited to its end.
 */
import { StepFunctionsService } from '../service/service.js';
import type { ConformanceCase } from './case.js';

interface OtherMachine {
  name: string;
  arn: string;
  type?: 'STANDARD' | 'EXPRESS';
  definition: unknown;
}

const ARN = /^arn:[^:]+:states:([^:]+):(\d{12}):stateMachine:/;

export const needsOnlyStateMachines = (c: ConformanceCase): boolean =>
  c.kind === 'execution' && (c.needs ?? []).length > 0 && (c.needs ?? []).every((n) => n === 'sfn');

export async function runServiceExecutionCase(c: ConformanceCase): Promise<{ status: string; output: unknown; error: unknown; cause: unknown }> {
  const others = ((c as { other_state_machines?: OtherMachine[] }).other_state_machines ?? []);
  const where = others.map((m) => ARN.exec(m.arn)).find(Boolean);
  const service = new StepFunctionsService({ region: where?.[1], account: where?.[2], skipWaits: true, pollMs: 5 });
  const role = `arn:aws:iam::${where?.[2] ?? '123456789012'}:role/stepwise-conformance`;
  try {
    for (const m of others) {
      await service.createStateMachine({ name: m.name, definition: JSON.stringify(m.definition), roleArn: role, type: m.type ?? 'STANDARD' });
    }
    const machine = await service.createStateMachine({
      name: c.state_machine?.name ?? 'conformance',
      definition: JSON.stringify(c.definition),
      roleArn: role,
      type: c.state_machine?.type ?? 'STANDARD',
    });
    const started = await service.startExecution({
      stateMachineArn: machine.stateMachineArn,
      name: c.state_machine?.execution_name ?? undefined,
      input: JSON.stringify(c.input ?? {}),
    });
    await service.idle();
    const d = await service.describeExecution({ executionArn: started.executionArn });
    return {
      status: d.status,
      output: d.output === undefined ? null : JSON.parse(d.output),
      error: d.error ?? null,
      cause: d.cause ?? null,
    };
  } finally {
    await service.close();
  }
}
