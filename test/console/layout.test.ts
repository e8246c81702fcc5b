/** The console's graph layout (ELK, layered, top-down): its geometry, and how long 200 states take. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutDefinition, type LaidNode } from '../../console/src/graph/layout.js';

/** `n` states: a chain of Tasks with a Choice every tenth state, a Parallel and a Map among them. */
export function bigDefinition(n: number): Record<string, unknown> {
  const states: Record<string, unknown> = {};
  const name = (i: number) => `Step${i}`;
  let count = 0;
  for (let i = 0; count < n; i++) {
    const next = count + 1 < n ? name(i + 1) : undefined;
    const end = next ? { Next: next } : { End: true };
    if (i % 10 === 5 && next) {
      states[name(i)] = { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: i, Next: next }], Default: next };
      count++;
    } else if (i % 50 === 20) {
      states[name(i)] = { Type: 'Parallel', Branches: [0, 1].map((b) => ({ StartAt: `P${i}b${b}`, States: { [`P${i}b${b}`]: { Type: 'Pass', End: true } } })), ...end };
      count += 3;
    } else if (i % 50 === 40) {
      states[name(i)] = { Type: 'Map', ItemProcessor: { StartAt: `M${i}`, States: { [`M${i}`]: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } }, ...end };
      count += 2;
    } else {
      states[name(i)] = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Retry: [{ ErrorEquals: ['States.ALL'] }], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }], ...end };
      count++;
    }
  }
  states.Failed = { Type: 'Fail', Error: 'Oops' };
  return { StartAt: name(0), States: states };
}

const inside = (p: { x: number; y: number }, n: LaidNode, slack = 2) =>
  p.x >= n.absX - slack && p.x <= n.absX + n.width + slack && p.y >= n.absY - slack && p.y <= n.absY + n.height + slack;

test('top-down: each edge leaves its source and reaches its target; containers hold their branches', async () => {
  const layout = await layoutDefinition({
    StartAt: 'A',
    States: {
      A: { Type: 'Choice', Choices: [{ Variable: '$.x', NumericGreaterThan: 1, Next: 'Fan' }], Default: 'Done' },
      Fan: { Type: 'Parallel', Branches: [{ StartAt: 'L', States: { L: { Type: 'Pass', End: true } } }, { StartAt: 'R', States: { R: { Type: 'Pass', End: true } } }], Next: 'Done' },
      Done: { Type: 'Succeed' },
    },
  });
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  const byName = (name: string) => layout.nodes.find((n) => n.kind === 'state' && n.stateName === name)!;
  assert.ok(byName('A').absY < byName('Done').absY, 'A is above Done');
  for (const e of layout.edges.filter((x) => x.kind !== 'catch')) {
    assert.ok(e.points.length >= 2, `edge ${e.source}→${e.target} has a route`);
    assert.ok(inside(e.points[0], byId.get(e.source)!), `edge ${e.source}→${e.target} starts on its source`);
    assert.ok(inside(e.points[e.points.length - 1], byId.get(e.target)!), `edge ${e.source}→${e.target} ends on its target`);
  }
  const container = layout.nodes.find((n) => n.kind === 'container')!;
  assert.equal(container.stateName, 'Fan');
  for (const name of ['L', 'R']) {
    const n = byName(name);
    assert.ok(n.absX >= container.absX && n.absX + n.width <= container.absX + container.width, `${name} is inside Fan`);
    assert.equal(byId.get(byId.get(n.id)!.parentId!)!.parentId, container.id, `${name}'s branch is in Fan`);
  }
  const choice = layout.edges.find((e) => e.kind === 'choice')!;
  assert.equal(choice.label, '$.x > 1');
  assert.ok(choice.labelBox, 'the rule has a place on the edge');
});

test('200 states lay out in under a second of CPU, once ELK is warm', async () => {
  const definition = bigDefinition(200);
  const cpuMs = async () => {
    const cpu0 = process.cpuUsage();
    const layout = await layoutDefinition(definition);
    const cpu = process.cpuUsage(cpu0);
    return { layout, ms: (cpu.user + cpu.system) / 1000 };
  };
  // The first layouts also pay for compiling ELK's code (once per page load).
  const cold = await cpuMs();
  for (let i = 0; i < 4; i++) await cpuMs();
  const warm = [await cpuMs(), await cpuMs(), await cpuMs()].sort((a, b) => a.ms - b.ms)[1];
  const states = warm.layout.nodes.filter((n) => n.kind === 'state' && n.stateName).length;
  // CPU time is the layout's own cost; wall time would also count whatever else the machine runs.
  console.log(`# layout of ${states} states: first ${cold.ms.toFixed(0)} ms CPU, then ${warm.ms.toFixed(0)} ms CPU (median of 3)`);
  assert.ok(states >= 200, `${states} states`);
  assert.ok(warm.ms < 1000, `took ${warm.ms.toFixed(0)} ms of CPU`);
});
