/** The designer's edits, checked against the service's own validator: what it builds is valid ASL. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateDefinition } from '../../src/index.js';
import { addState, connect, deleteState, renameState, replaceState, stateOfLocation, STATE_TYPES, type Machine } from '../../console/src/model/definition-edit.js';

const errors = (d: Machine) => validateDefinition(JSON.stringify(d)).filter((x) => x.severity === 'ERROR').map((x) => `${x.code} ${x.location ?? ''}`);

test('three states dropped and connected make a valid machine', () => {
  let d: Machine | undefined;
  const names: string[] = [];
  for (const type of ['Pass', 'Wait', 'Succeed'] as const) {
    const r = addState(d, type);
    d = r.definition;
    names.push(r.name);
  }
  assert.deepEqual(names, ['Pass', 'Wait', 'Succeed']);
  assert.equal(d!.StartAt, 'Pass');
  d = connect(connect(d, 'Pass', 'Wait'), 'Wait', 'Succeed');
  assert.deepEqual(errors(d), []);
  assert.deepEqual(d.States.Pass, { Type: 'Pass', Next: 'Wait' });
});

test('every palette type starts out valid once it is reachable', () => {
  for (const type of STATE_TYPES) {
    let { definition: d, name } = addState(undefined, type);
    if (type === 'Choice') {
      d = addState(d, 'Succeed').definition;
      d = connect(connect(d, name, 'Succeed'), name, 'Succeed');
      assert.equal(d.States[name].Default, 'Succeed', 'the second connection is the Default');
    }
    assert.deepEqual(errors(d), [], type);
  }
});

test('names stay unique across branches; renames and deletes carry their references', () => {
  let d = addState(undefined, 'Parallel').definition;
  d = addState(d, 'Pass').definition;
  d = addState(d, 'Pass').definition;
  assert.deepEqual(Object.keys(d.States), ['Parallel', 'Pass', 'Pass2']);
  d = connect(connect(d, 'Parallel', 'Pass'), 'Pass', 'Pass2');
  d = replaceState(d, 'Parallel', { ...d.States.Parallel, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Pass2' }] });
  d = renameState(d, 'Pass2', 'Finish');
  assert.equal(d.States.Pass.Next, 'Finish');
  assert.deepEqual((d.States.Parallel.Catch as { Next: string }[])[0].Next, 'Finish');
  assert.throws(() => renameState(d, 'Pass', 'Branch1Step'), /already a state named Branch1Step/);
  assert.throws(() => connect(d, 'Pass', 'Branch1Step'), /not in the same branch/);
  d = deleteState(d, 'Finish');
  assert.equal(d.States.Pass.End, true);
  assert.deepEqual(d.States.Parallel.Catch, []);
  d = deleteState(d, 'Parallel');
  assert.equal(d.StartAt, 'Pass');
  assert.deepEqual(errors(d), []);
});

test('a diagnostic location names the innermost state', () => {
  assert.equal(stateOfLocation('/States/A/Branches/0/States/B/Next'), 'B');
  assert.equal(stateOfLocation('/States/A~1B/Next'), 'A/B');
  assert.equal(stateOfLocation('/StartAt'), undefined);
  assert.equal(stateOfLocation(undefined), undefined);
});
