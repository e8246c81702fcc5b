/**
 * TestState's `inspectionData`: the value of each data-flow stage of the one state under test, as
 * AWS reports it at the DEBUG and TRACE inspection levels (JSON text for values, numbers for Map
 * settings). AWS reports a different set of stages per state type; `Inspector` keeps only those.
 */
import type { JsonPathIO } from '../asl/compile.js';
import { applyInputPath, applyOutputPath, applyResultPath } from '../asl/result-path.js';
import { scopeWithInput, type Scope } from '../asl/scope.js';
import type { Produced } from './data-flow.js';

export interface ErrorDetails {
  retryBackoffIntervalSeconds?: number;
  retryIndex?: number;
  catchIndex?: number;
}

/** AWS's `InspectionData`: stage values are JSON text. */
export interface InspectionData {
  input?: string;
  afterInputPath?: string;
  afterParameters?: string;
  afterArguments?: string;
  afterItemsPath?: string;
  result?: string;
  afterResultSelector?: string;
  afterResultPath?: string;
  variables?: string;
  errorDetails?: ErrorDetails;
  maxConcurrency?: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
}

export type Stage = Exclude<keyof InspectionData, 'errorDetails' | 'input' | 'variables'>;

export class Inspector {
  readonly data: InspectionData = {};

  constructor(private readonly stages: ReadonlySet<Stage>) {}

  input(value: unknown): void {
    this.data.input = JSON.stringify(value);
  }

  /** Records `value` at `stage` when AWS reports that stage for this state. */
  stage(stage: Stage, value: unknown): void {
    if (!this.stages.has(stage) || value === undefined) return;
    if (stage === 'maxConcurrency' || stage === 'toleratedFailureCount' || stage === 'toleratedFailurePercentage') {
      this.data[stage] = value as number;
    } else {
      this.data[stage] = JSON.stringify(value);
    }
  }

  variables(vars: Record<string, unknown>): void {
    if (Object.keys(vars).length > 0) this.data.variables = JSON.stringify(vars);
  }

  errorDetails(details: ErrorDetails): void {
    this.data.errorDetails = { ...this.data.errorDetails, ...details };
  }
}

/**
 * JSONPath processing around a state's work, in AWS's order — InputPath → Parameters → work →
 * ResultSelector → (Assign) → ResultPath → OutputPath — observing every stage. This is
 * DataFlow's JSONPath order, unrolled so that each intermediate value can be reported.
 * `work` receives the effective input (after Parameters); `skipInput` is for a Pass with `Result`,
 * which reads no input at all.
 */
export async function inspectJsonPath(
  io: JsonPathIO,
  scope: Scope,
  inspector: Inspector,
  work: (effective: unknown) => Promise<unknown> | unknown,
  skipInput = false,
): Promise<Produced> {
  const at = (input: unknown): Scope => scopeWithInput(scope, input);
  let effective: unknown = scope.input;
  if (!skipInput) {
    const selected = applyInputPath(io.inputPath, scope);
    inspector.stage('afterInputPath', selected);
    effective = io.parameters ? io.parameters.evaluate(at(selected)) : selected;
    inspector.stage('afterParameters', effective);
  }
  const result = await work(effective);
  inspector.stage('result', result);
  const selected = io.resultSelector ? io.resultSelector.evaluate(at(result)) : result;
  inspector.stage('afterResultSelector', selected);
  const assigned = io.assign ? (io.assign.evaluate(at(selected)) as Record<string, unknown>) : undefined;
  const placed = applyResultPath(scope.input, io.resultPath, selected);
  inspector.stage('afterResultPath', placed);
  return { output: applyOutputPath(io.outputPath, placed, scope), assigned };
}
