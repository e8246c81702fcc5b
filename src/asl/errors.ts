/**
 * The one engine error type. `error` and `cause` are what AWS reports (the `Error` and `Cause`
 * of a failed state or execution); the api layer maps them to wire shapes in one place.
 */
export class StatesError extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(`${error}: ${cause}`);
  }

  /** `States.ALL` matches every error but these terminal ones (AWS: "States.ALL … except States.Runtime and States.DataLimitExceeded"). */
  get matchedByAll(): boolean {
    return this.error !== 'States.Runtime' && this.error !== 'States.DataLimitExceeded';
  }
}

export const isStatesError = (e: unknown): e is StatesError => e instanceof StatesError;

/** The error names the engine raises itself, spelled as AWS spells them. */
export const ErrorName = {
  ALL: 'States.ALL',
  Runtime: 'States.Runtime',
  Timeout: 'States.Timeout',
  TaskFailed: 'States.TaskFailed',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  Permissions: 'States.Permissions',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  ParameterPathFailure: 'States.ParameterPathFailure',
  BranchFailed: 'States.BranchFailed',
  NoChoiceMatched: 'States.NoChoiceMatched',
  IntrinsicFailure: 'States.IntrinsicFailure',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  ItemReaderFailed: 'States.ItemReaderFailed',
  ResultWriterFailed: 'States.ResultWriterFailed',
  QueryEvaluationError: 'States.QueryEvaluationError',
  DataLimitExceeded: 'States.DataLimitExceeded',
} as const;

/** Raised while compiling a definition: becomes an `InvalidDefinition` / diagnostic at `location`. */
export class DefinitionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly location: string,
  ) {
    super(message);
  }
}

/** AWS's payload quota: 256 KiB of UTF-8 for any input, output or result. */
export const PAYLOAD_LIMIT_BYTES = 256 * 1024;

export const dataLimitCause = (stateName: string): string =>
  `The state/task '${stateName}' returned a result with a size exceeding the maximum number of bytes service limit.`;
