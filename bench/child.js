// One (engine, scenario) measurement in a fresh process, so heaps and JIT state don't leak
// between engines. Usage: node bench/child.js <engine> <scenario> [--quick]
// Prints one JSON line: {"transitions":N,"ms":T,"peakRssMB":M}.
import { performance } from 'node:perf_hooks';
import { ENGINES } from './engines.js';
import { SCENARIOS, sizes } from './scenarios.js';

const [engineName, scenarioName, ...flags] = process.argv.slice(2);
const quick = flags.includes('--quick');

// Runs one execution of the quick-sized workload and checks that the engine's own history
// enters exactly the states the transition formula counts (doubles as a short warm-up).
async function checkTransitionCount(engine, build) {
  const scenario = build(sizes(true));
  const { output, events } = await engine.run(engine.load(scenario.definition), scenario.input(0), scenario.handlers);
  scenario.verify(output, 0);
  const entered = (await events()).filter(engine.isStateEntered).length;
  if (entered !== scenario.statesPerExecution) {
    throw new Error(`history has ${entered} states entered, expected ${scenario.statesPerExecution}`);
  }
}

async function runAll(engine, machine, scenario) {
  const outputs = [];
  const start = performance.now();
  for (let i = 0; i < scenario.executions; i++) {
    outputs.push((await engine.run(machine, scenario.input(i), scenario.handlers)).output);
  }
  const ms = performance.now() - start;
  outputs.forEach((output, i) => scenario.verify(output, i));
  return ms;
}

// The workload runs twice in the same process and the second run is timed: both engines are
// measured warm (JIT-compiled), as a long-running server would run them, not while V8 is still
// compiling them.
async function measure(engine, scenario) {
  const machine = engine.load(scenario.definition);
  await runAll(engine, machine, scenario);
  const ms = await runAll(engine, machine, scenario);
  return { transitions: scenario.statesPerExecution * scenario.executions, ms };
}

async function main() {
  const engineFactory = ENGINES[engineName];
  const build = SCENARIOS[scenarioName];
  if (!engineFactory || !build) {
    throw new Error(`usage: child.js <${Object.keys(ENGINES).join('|')}> <${Object.keys(SCENARIOS).join('|')}> [--quick]`);
  }
  const engine = await engineFactory();
  await checkTransitionCount(engine, build);
  const { transitions, ms } = await measure(engine, build(sizes(quick)));
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ transitions, ms: Math.round(ms * 10) / 10, peakRssMB: Math.round(peakRssMB) }));
}

main().catch((error) => {
  console.error(`${engineName}/${scenarioName}: ${error.message}`);
  process.exit(1);
});
