import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { childExecutionName } from './child-names.js';

const RUN = 'arn:aws:states:us-east-1:123456789012:mapRun:m/Batch:e-0a1b2c3d';

describe('childExecutionName', () => {
  it('is a version-4-shaped UUID that follows from the Map Run and the index alone', () => {
    const name = childExecutionName(RUN, 7);
    assert.match(name, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(childExecutionName(RUN, 7), name);
  });

  it('differs for every item of a large Map Run, and between Map Runs', () => {
    const names = new Set<string>();
    for (let i = 0; i < 100_000; i++) names.add(childExecutionName(RUN, i));
    assert.equal(names.size, 100_000);
    assert.notEqual(childExecutionName(`${RUN}x`, 0), childExecutionName(RUN, 0));
  });
});
