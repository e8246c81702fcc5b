import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ExecutionRecord } from '../store/store.js';
import { childDefinition, itemCounter, labelOf, mapStateLabelled } from './map-run-children.js';

const processor = { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
const definition = JSON.stringify({
  StartAt: 'Outer',
  States: {
    Outer: {
      Type: 'Parallel',
      Branches: [{ StartAt: 'Unlabelled', States: { Unlabelled: { Type: 'Map', ItemProcessor: processor, End: true } } }],
      Next: 'Batches',
    },
    Batches: { Type: 'Map', Label: 'InBatches', ItemBatcher: { MaxItemsPerBatch: 2 }, ItemProcessor: { ...processor, StartAt: 'B', States: { B: { Type: 'Succeed' } } }, End: true },
  },
});

function child(label: string, input: unknown): ExecutionRecord {
  return {
    executionArn: `arn:aws:states:us-east-1:123456789012:execution:m/${label}:c`,
    stateMachineArn: `arn:aws:states:us-east-1:123456789012:stateMachine:m/${label}`,
    name: 'c',
    status: 'SUCCEEDED',
    input: JSON.stringify(input),
    startDate: new Date(0),
    machine: { definition, roleArn: 'r', type: 'STANDARD', loggingConfiguration: { level: 'OFF', includeExecutionData: false }, tracingConfiguration: { enabled: false }, name: 'm', revisionId: 'r1', updateDate: new Date(0) },
    redriveCount: 0,
    mapRunArn: `arn:aws:states:us-east-1:123456789012:mapRun:m/${label}:e-00000000`,
  };
}

describe('map run children', () => {
  it("finds a child's Map by its label, or by its name when it has none, at any depth", () => {
    assert.equal(labelOf(child('InBatches', {})), 'InBatches');
    assert.equal(mapStateLabelled(definition, 'InBatches')?.Label, 'InBatches');
    assert.ok(mapStateLabelled(definition, 'Unlabelled')?.ItemProcessor);
    assert.equal(mapStateLabelled(definition, 'Outer'), undefined, 'a Parallel is no Map');
    assert.equal(mapStateLabelled('not json', 'InBatches'), undefined);
  });

  it("describes a child's machine as its Map's item processor, without the processor's configuration", () => {
    assert.deepEqual(JSON.parse(childDefinition(child('Unlabelled', {}))), { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    assert.deepEqual(JSON.parse(childDefinition(child('InBatches', {}))), { StartAt: 'B', States: { B: { Type: 'Succeed' } } });
  });

  it('counts one item per child, or the items of its batch', () => {
    assert.equal(itemCounter(child('Unlabelled', {}))(child('Unlabelled', { Items: [1, 2] })), 1);
    const batches = itemCounter(child('InBatches', {}));
    assert.equal(batches(child('InBatches', { Items: [1, 2] })), 2);
    assert.equal(batches(child('InBatches', { BatchInput: {}, Items: [3] })), 1);
  });
});
