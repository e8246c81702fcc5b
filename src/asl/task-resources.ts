/**
 * Which Task `Resource` ARNs AWS accepts at definition time. Only the optimized integrations
 * (`arn:aws:states:::service:action`) have a fixed action list; SDK integrations
 * (`arn:aws:states:::aws-sdk:…`), Lambda ARNs and activities are checked later, when they run.
 */

export type ResourceKind =
  | { kind: 'activity' }
  | { kind: 'service'; service: string; action: string; pattern?: string; sdk: boolean }
  | { kind: 'other' };

const PATTERN = /\.(sync:2|sync|waitForTaskToken)$/;

/** The optimized Lambda integration, plain or waiting for a task token. */
export const LAMBDA_INVOKE = /^arn:[^:]+:states:::lambda:invoke(\.waitForTaskToken)?$/;

export function classifyResource(arn: string): ResourceKind {
  if (/^arn:[^:]+:states:[^:]*:[^:]*:activity:./.test(arn)) return { kind: 'activity' };
  const m = /^arn:[^:]+:states:::(.+)$/.exec(arn);
  if (!m) return { kind: 'other' };
  const p = PATTERN.exec(m[1]);
  const base = p ? m[1].slice(0, p.index) : m[1];
  const sdk = base.startsWith('aws-sdk:');
  const [service, ...action] = (sdk ? base.slice('aws-sdk:'.length) : base).split(':');
  return { kind: 'service', service, action: action.join(':'), sdk, ...(p ? { pattern: `.${p[1]}` } : {}) };
}

/**
 * The optimized integrations' actions, for the services whose actions AWS enumerates. A service
 * that is missing here is not rejected: an unknown action is only an error for a known service.
 */
const OPTIMIZED_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  lambda: ['invoke'],
  dynamodb: ['getItem', 'putItem', 'updateItem', 'deleteItem'],
  sns: ['publish'],
  sqs: ['sendMessage'],
  states: ['startExecution'],
  events: ['putEvents'],
  apigateway: ['invoke'],
  http: ['invoke'],
  ecs: ['runTask'],
  batch: ['submitJob'],
  glue: ['startJobRun'],
  s3: ['getObject', 'listObjectsV2', 'putObject'],
  athena: ['startQueryExecution', 'stopQueryExecution', 'getQueryExecution', 'getQueryResults'],
  codebuild: ['startBuild', 'stopBuild', 'batchDeleteBuilds', 'batchGetReports', 'startBuildBatch', 'stopBuildBatch', 'retryBuildBatch', 'deleteBuildBatch'],
  bedrock: ['invokeModel', 'createModelCustomizationJob'],
  mediaconvert: ['createJob'],
};

export function isRecognizedResource(arn: string): boolean {
  const r = classifyResource(arn);
  if (r.kind !== 'service' || r.sdk) return true;
  const actions = OPTIMIZED_ACTIONS[r.service];
  return actions === undefined || actions.includes(r.action);
}
