/** The checks AWS makes beyond its API model: names, logging configurations, execution input. */
import { parseJsonDocument } from '../asl/json-parse.js';
import { ServiceError } from './errors.js';
import type { LoggingConfiguration } from './types.js';

// Whitespace, brackets, wildcards, the special characters " # % \ ^ | ~ ` $ & , ; : / and control characters.
const FORBIDDEN_IN_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

/** Names of state machines, executions and activities. */
export function checkName(name: string): void {
  const length = [...name].length;
  if (length < 1 || length > 80 || FORBIDDEN_IN_NAME.test(name)) throw new ServiceError('InvalidName', `Invalid Name: '${name}'`);
}

const invalidLogging = (why: string): ServiceError =>
  new ServiceError('InvalidLoggingConfiguration', `Invalid Logging Configuration: ${why}`);

/** A level other than OFF needs exactly one CloudWatch Logs destination; the defaults are OFF and no execution data. */
export function normaliseLogging(config: LoggingConfiguration | undefined): LoggingConfiguration {
  const level = config?.level ?? 'OFF';
  const destinations = config?.destinations ?? [];
  if (destinations.length > 1 || (level !== 'OFF' && destinations.length === 0)) {
    throw invalidLogging('Must specify exactly one Log Destination.');
  }
  for (const d of destinations) {
    const arn = d.cloudWatchLogsLogGroup?.logGroupArn;
    if (!arn || !/^arn:[^:]+:logs:[^:]*:\d{12}:log-group:.+:\*$/.test(arn)) {
      throw invalidLogging(`Invalid Log Group ARN: ${arn ?? ''}`);
    }
  }
  const normalised: LoggingConfiguration = { level, includeExecutionData: config?.includeExecutionData ?? false };
  if (destinations.length) normalised.destinations = destinations;
  return normalised;
}

/** Execution input is JSON text; AWS words a syntax error as its Jackson parser does, without the location. */
export function parseExecutionInput(input: string | undefined): unknown {
  if (input === undefined) return {};
  return parseJsonText(input, (why) => new ServiceError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${why}'`));
}

/** The output SendTaskSuccess hands a task: JSON text, read as execution input is (nesting bounded as Jackson bounds it). */
export const parseTaskOutput = (output: string): unknown =>
  parseJsonText(output, (why) => new ServiceError('InvalidOutput', `Invalid State Machine Execution Output: '${why}'`));

function parseJsonText(text: string, refuse: (why: string) => ServiceError): unknown {
  const parsed = parseJsonDocument(text);
  if (parsed.ok) return parsed.value;
  throw refuse(parsed.error.message.split('\n at ')[0]);
}
