/**
 * Which API operation's output a Task resource returns, so that a mocked result can be checked
 * against it. `undefined` where no API model describes the result:
 *   - Lambda function ARNs, activities, `http:invoke`, `apigateway:invoke`, `eks:call`: the result
 *     is whatever the function, worker or endpoint answers;
 *   - `.waitForTaskToken`: the result is what `SendTaskSuccess` sends;
 *   - `.sync` of services other than Step Functions: the result is a description of the finished
 *     job whose shape we do not know well enough to hold a mock to it.
 * Pure.
 */
import { classifyResource } from '../../asl/task-resources.js';

export interface ResourceOperation {
  /** The model's name: Step Functions' name for the service in `aws-sdk:<service>:<action>`. */
  service: string;
  /** The API's operation, PascalCase. */
  operation: string;
  /** Members Step Functions returns as JSON rather than the API's text (`.sync:2`'s input and output). */
  jsonMembers?: string[];
}

/** Optimized integrations named otherwise than the SDK integration of the same service. */
const OPTIMIZED_SERVICE: Readonly<Record<string, string>> = {
  states: 'sfn',
  events: 'eventbridge',
  elasticmapreduce: 'emr',
  'emr-containers': 'emrcontainers',
  'emr-serverless': 'emrserverless',
};

/** `bedrock:invokeModel` is Bedrock Runtime's operation, the other `bedrock:` actions Bedrock's. */
const OPTIMIZED_ACTION_SERVICE: Readonly<Record<string, string>> = { 'bedrock:invokeModel': 'bedrockruntime' };

export function resourceOperation(resource: string): ResourceOperation | undefined {
  const r = classifyResource(resource);
  if (r.kind !== 'service' || r.action === '' || r.pattern === '.waitForTaskToken') return undefined;
  const operation = r.action[0].toUpperCase() + r.action.slice(1);
  if (r.sdk) return { service: r.service, operation };
  const service = OPTIMIZED_ACTION_SERVICE[`${r.service}:${r.action}`] ?? OPTIMIZED_SERVICE[r.service] ?? r.service;
  if (r.pattern === undefined) return { service, operation };
  if (service !== 'sfn' || r.action !== 'startExecution') return undefined;
  // A .sync child execution returns DescribeExecution's answer; .sync:2 with its input and output parsed.
  return r.pattern === '.sync:2'
    ? { service, operation: 'DescribeExecution', jsonMembers: ['input', 'output'] }
    : { service, operation: 'DescribeExecution' };
}
