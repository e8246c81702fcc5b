// One adapter per engine: load(definition) compiles once, run(machine, input, handlers)
// executes and resolves { output, history } where history lists the engine's own events.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const STEPWISE_ENTRY = new URL('../dist/src/index.js', import.meta.url);

async function stepwise() {
  if (!existsSync(fileURLToPath(STEPWISE_ENTRY))) {
    throw new Error(`Stepwise is not built: ${fileURLToPath(STEPWISE_ENTRY)} is missing (run \`npm run build\`)`);
  }
  const { loadDefinition, runExecution } = await import(STEPWISE_ENTRY.href);
  return {
    load: (definition) => loadDefinition(definition),
    async run(machine, input, handlers) {
      // Express, whose history has no limit: the choice loop (some 400,000 events) and the inline
      // Map (some 40,000) are far past the 25,000 at which AWS fails a Standard execution.
      const result = await runExecution(machine, { input, handlers, skipWaits: true, type: 'EXPRESS' });
      if (result.status !== 'SUCCEEDED') {
        throw new Error(`execution ${result.status}: ${result.error}: ${result.cause}`);
      }
      return { output: result.output, events: async () => result.history.map((e) => e.type) };
    },
    // AWS history: PassStateEntered, MapStateEntered, TaskStateEntered, ...
    isStateEntered: (type) => type.endsWith('StateEntered'),
  };
}

async function peer() {
  const { StateMachine } = await import('aws-local-stepfunctions');
  return {
    load: (definition) => new StateMachine(definition),
    async run(machine, input, handlers) {
      const execution = machine.run(input, { overrides: { taskResourceLocalHandlers: handlers } });
      const output = await execution.result;
      return {
        output,
        async events() {
          const types = [];
          for await (const event of execution.eventLogs) types.push(event.type);
          return types;
        },
      };
    },
    isStateEntered: (type) => type === 'StateEntered',
  };
}

export const ENGINES = { stepwise, peer };
