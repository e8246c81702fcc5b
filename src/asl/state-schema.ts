/**
 * Which fields each state type accepts, in which query language, and what kind of value each
 * holds. The validator walks a state's keys against these tables, so a field that is not listed
 * (or belongs to the other query language) is reported as unsupported.
 */
import type { QueryLanguage, StateType } from './definition.js';

/** The kinds of value a field may hold; `validate.ts` knows how to check each. */
export type FieldKind =
  | 'string'
  | 'object'
  | 'boolean'
  | 'stateName'
  | 'queryLanguage'
  | 'type'
  | 'path'
  | 'nullablePath'
  | 'resultPath'
  | 'pathOrIntrinsic'
  | 'template'
  | 'jsonataValue'
  | 'assign'
  | 'items'
  | 'positiveInt'
  | 'nonNegativeInt'
  | 'percentage'
  | 'timestamp'
  | 'resource'
  | 'retry'
  | 'catch'
  | 'choices'
  | 'branches'
  | 'processor'
  | 'credentials'
  | 'itemReader'
  | 'itemBatcher'
  | 'resultWriter'
  | 'label'
  | 'processorConfig'
  | 'any';

export interface FieldSpec {
  readonly kind: FieldKind;
  /** Absent: allowed in both query languages. */
  readonly only?: QueryLanguage;
}

type FieldTable = Readonly<Record<string, FieldSpec>>;

const both = (kind: FieldKind): FieldSpec => ({ kind });
const jsonPath = (kind: FieldKind): FieldSpec => ({ kind, only: 'JSONPath' });
const jsonata = (kind: FieldKind): FieldSpec => ({ kind, only: 'JSONata' });

const COMMON: FieldTable = { Type: both('type'), Comment: both('string'), QueryLanguage: both('queryLanguage') };
const FLOW: FieldTable = { Next: both('stateName'), End: both('boolean') };
const INPUT_OUTPUT: FieldTable = { InputPath: jsonPath('nullablePath'), OutputPath: jsonPath('nullablePath'), Output: jsonata('jsonataValue') };
const RESULT: FieldTable = { ResultPath: jsonPath('resultPath'), ResultSelector: jsonPath('template') };
const ASSIGN: FieldTable = { Assign: both('assign') };
const ERRORS: FieldTable = { Retry: both('retry'), Catch: both('catch') };

export const STATE_FIELDS: Readonly<Record<StateType, FieldTable>> = {
  Pass: { ...COMMON, ...FLOW, ...INPUT_OUTPUT, ...ASSIGN, ResultPath: jsonPath('resultPath'), Parameters: jsonPath('template'), Result: jsonPath('any') },
  Task: {
    ...COMMON, ...FLOW, ...INPUT_OUTPUT, ...RESULT, ...ASSIGN, ...ERRORS,
    Resource: both('resource'),
    Parameters: jsonPath('template'),
    Arguments: jsonata('jsonataValue'),
    TimeoutSeconds: both('positiveInt'),
    TimeoutSecondsPath: jsonPath('path'),
    HeartbeatSeconds: both('positiveInt'),
    HeartbeatSecondsPath: jsonPath('path'),
    Credentials: both('credentials'),
  },
  Choice: { ...COMMON, ...INPUT_OUTPUT, ...ASSIGN, Choices: both('choices'), Default: both('stateName') },
  Wait: {
    ...COMMON, ...FLOW, ...INPUT_OUTPUT, ...ASSIGN,
    Seconds: both('nonNegativeInt'),
    Timestamp: both('timestamp'),
    SecondsPath: jsonPath('path'),
    TimestampPath: jsonPath('path'),
  },
  Succeed: { ...COMMON, ...INPUT_OUTPUT },
  Fail: { ...COMMON, Error: both('string'), Cause: both('string'), ErrorPath: jsonPath('pathOrIntrinsic'), CausePath: jsonPath('pathOrIntrinsic') },
  Parallel: {
    ...COMMON, ...FLOW, ...INPUT_OUTPUT, ...RESULT, ...ASSIGN, ...ERRORS,
    Branches: both('branches'),
    Parameters: jsonPath('template'),
    Arguments: jsonata('jsonataValue'),
  },
  Map: {
    ...COMMON, ...FLOW, ...INPUT_OUTPUT, ...RESULT, ...ASSIGN, ...ERRORS,
    ItemProcessor: both('processor'),
    Iterator: both('processor'),
    ItemsPath: jsonPath('path'),
    Items: jsonata('items'),
    ItemSelector: both('template'),
    Parameters: jsonPath('template'),
    ItemReader: both('itemReader'),
    ItemBatcher: both('itemBatcher'),
    ResultWriter: both('resultWriter'),
    MaxConcurrency: both('nonNegativeInt'),
    MaxConcurrencyPath: jsonPath('path'),
    ToleratedFailureCount: both('nonNegativeInt'),
    ToleratedFailureCountPath: jsonPath('path'),
    ToleratedFailurePercentage: both('percentage'),
    ToleratedFailurePercentagePath: jsonPath('path'),
    Label: both('label'),
  },
};

export const STATE_TYPES = Object.keys(STATE_FIELDS) as StateType[];

/** Required fields beyond `Type`, in the order AWS lists them. */
export const REQUIRED_FIELDS: Readonly<Record<StateType, readonly string[]>> = {
  Pass: [], Task: ['Resource'], Choice: ['Choices'], Wait: [], Succeed: [], Fail: [], Parallel: ['Branches'], Map: [],
};

/** States that end a branch by themselves; every other type needs `Next` or `End` (Choice has its own rules). */
export const TERMINAL_TYPES: ReadonlySet<StateType> = new Set(['Succeed', 'Fail']);
export const FLOW_TYPES: ReadonlySet<StateType> = new Set(['Pass', 'Task', 'Wait', 'Parallel', 'Map']);

/** Fields of a state machine (or of a Parallel branch / Map processor) beside `StartAt` and `States`. */
export const MACHINE_FIELDS: Readonly<Record<'root' | 'branch' | 'processor', FieldTable>> = {
  root: { Comment: both('string'), StartAt: both('stateName'), States: both('object'), QueryLanguage: both('queryLanguage'), TimeoutSeconds: both('nonNegativeInt'), Version: both('string') },
  branch: { Comment: both('string'), StartAt: both('stateName'), States: both('object'), QueryLanguage: both('queryLanguage') },
  processor: { Comment: both('string'), StartAt: both('stateName'), States: both('object'), QueryLanguage: both('queryLanguage'), ProcessorConfig: both('processorConfig') },
};

export const RETRIER_FIELDS: FieldTable = {
  ErrorEquals: both('any'), IntervalSeconds: both('positiveInt'), MaxAttempts: both('nonNegativeInt'),
  BackoffRate: both('any'), MaxDelaySeconds: both('positiveInt'), JitterStrategy: both('any'), Comment: both('string'),
};

export const CATCHER_FIELDS: FieldTable = {
  ErrorEquals: both('any'), Next: both('stateName'), ResultPath: jsonPath('resultPath'), Output: jsonata('jsonataValue'), Assign: both('assign'), Comment: both('string'),
};

/** JSONPath choice rule comparison operators, by the type of value they compare with. */
export const CHOICE_OPERATORS: Readonly<Record<string, 'string' | 'number' | 'boolean' | 'timestamp' | 'path' | 'true/false'>> = {
  StringEquals: 'string', StringLessThan: 'string', StringGreaterThan: 'string', StringLessThanEquals: 'string', StringGreaterThanEquals: 'string', StringMatches: 'string',
  NumericEquals: 'number', NumericLessThan: 'number', NumericGreaterThan: 'number', NumericLessThanEquals: 'number', NumericGreaterThanEquals: 'number',
  BooleanEquals: 'boolean',
  TimestampEquals: 'timestamp', TimestampLessThan: 'timestamp', TimestampGreaterThan: 'timestamp', TimestampLessThanEquals: 'timestamp', TimestampGreaterThanEquals: 'timestamp',
  StringEqualsPath: 'path', StringLessThanPath: 'path', StringGreaterThanPath: 'path', StringLessThanEqualsPath: 'path', StringGreaterThanEqualsPath: 'path',
  NumericEqualsPath: 'path', NumericLessThanPath: 'path', NumericGreaterThanPath: 'path', NumericLessThanEqualsPath: 'path', NumericGreaterThanEqualsPath: 'path',
  BooleanEqualsPath: 'path',
  TimestampEqualsPath: 'path', TimestampLessThanPath: 'path', TimestampGreaterThanPath: 'path', TimestampLessThanEqualsPath: 'path', TimestampGreaterThanEqualsPath: 'path',
  IsNull: 'true/false', IsPresent: 'true/false', IsNumeric: 'true/false', IsString: 'true/false', IsBoolean: 'true/false', IsTimestamp: 'true/false',
};

/** Groups of fields of which a state may name at most one. */
export const EXCLUSIVE_FIELDS: Readonly<Partial<Record<StateType, readonly (readonly string[])[]>>> = {
  Task: [['TimeoutSeconds', 'TimeoutSecondsPath'], ['HeartbeatSeconds', 'HeartbeatSecondsPath']],
  Fail: [['Error', 'ErrorPath'], ['Cause', 'CausePath']],
  Wait: [['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath']],
  Map: [
    ['ItemProcessor', 'Iterator'],
    ['Parameters', 'ItemSelector'],
    ['MaxConcurrency', 'MaxConcurrencyPath'],
    ['ToleratedFailureCount', 'ToleratedFailureCountPath'],
    ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath'],
  ],
};

/** Groups of fields of which a state must name one. */
export const ONE_OF_REQUIRED: Readonly<Partial<Record<StateType, readonly (readonly string[])[]>>> = {
  Wait: [['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath']],
  Map: [['ItemProcessor', 'Iterator']],
};
