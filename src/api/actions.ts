/**
 * Which code answers each `AWSStepFunctions.<Action>`: the service method of the same name in
 * camelCase (CreateStateMachine → createStateMachine), and TestState, which runs no execution and
 * needs no store. An action AWS has but the service lacks resolves to nothing; it starts working
 * as soon as the service grows the method.
 */
import type { HistoryEvent } from '../engine/history.js';
import type { TaskInvoker } from '../integrations/local-invoker.js';
import type { StepFunctionsService } from '../service/service.js';
import { testStateAction } from '../service/test-state-action.js';
import { eventToWire } from './history-wire.js';

export type ActionHandler = (request: Record<string, unknown>) => Promise<unknown>;

export interface ActionContext {
  service: StepFunctionsService;
  /** How TestState carries out an unmocked Task; without one such a Task fails with States.Runtime. */
  invoker?: TaskInvoker;
}

export function actionHandler(ctx: ActionContext, action: string): ActionHandler | undefined {
  if (action === 'TestState') {
    const { region, account } = ctx.service.account;
    return (request) => testStateAction(request, { region, account, ...(ctx.invoker && { invoker: ctx.invoker }) });
  }
  const method = (ctx.service as unknown as Record<string, unknown>)[action[0].toLowerCase() + action.slice(1)];
  if (typeof method !== 'function') return undefined;
  const call: ActionHandler = (request) => (method as ActionHandler).call(ctx.service, request);
  if (action !== 'GetExecutionHistory') return call;
  return async (request) => {
    const page = (await call(request)) as { events: HistoryEvent[]; nextToken?: string };
    return { ...page, events: page.events.map(eventToWire) };
  };
}
