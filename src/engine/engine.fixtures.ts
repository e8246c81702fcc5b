/** What the engine's tests start executions with: one execution's info, as a runner would give it. */
import type { ExecutionInfo } from './types.js';

export function executionInfo(type: ExecutionInfo['type'] = 'STANDARD', input: unknown = {}): ExecutionInfo {
  return {
    type,
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e',
    name: 'e',
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m',
    stateMachineName: 'm',
    roleArn: 'arn:aws:iam::123456789012:role/r',
    input,
    redriveCount: 0,
  };
}
