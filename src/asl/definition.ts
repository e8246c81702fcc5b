/**
 * The Amazon States Language as it arrives: runtime JSON. Only the shape the compiler reads is
 * typed here; the validator checks every field before the compiler sees a definition.
 */
export type QueryLanguage = 'JSONPath' | 'JSONata';

export type StateType = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface RawStateMachine {
  StartAt: string;
  States: Record<string, RawState>;
  QueryLanguage?: QueryLanguage;
  TimeoutSeconds?: number;
  Comment?: string;
  Version?: string;
}

/** A state as written; fields are read by name in the compiler. */
export type RawState = { Type: StateType } & Record<string, unknown>;

export interface RawRetrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

export interface RawCatcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Output?: unknown;
  Assign?: Record<string, unknown>;
}
