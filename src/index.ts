/** Stepwise's in-process API: load a definition once, run executions of it. */
export { loadDefinition, type LoadOptions } from './asl/load.js';
export { validateDefinition } from './asl/validate.js';
export { InvalidDefinitionError, type Diagnostic } from './asl/diagnostics.js';
export type { CompiledMachine } from './asl/compile.js';
export { runExecution, type RunOptions, type ExecutionResult, type Clock } from './runner/local-runner.js';
export type { HistoryEvent, HistoryEventType } from './engine/history.js';
export type { TaskHandler, TaskHandlers, TaskContext } from './integrations/task-handler.js';
export { parseMockConfig, selectTestCase, type MockTestCase } from './integrations/mock-config.js';
