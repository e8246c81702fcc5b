import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceError } from '../service/errors.js';
import { readFunctionName } from './registry-names.js';

const account = { partition: 'aws', region: 'us-east-1', account: '123456789012' };
const read = (ref: string, qualifier?: string, use: 'create' | 'read' | 'invoke' | 'write' = 'read') => readFunctionName(account, ref, qualifier, use);

describe('readFunctionName', () => {
  it('reads names, partial ARNs and ARNs, with qualifiers', () => {
    assert.deepEqual(read('my-fn'), { name: 'my-fn', qualifier: undefined });
    assert.deepEqual(read('my-fn:live'), { name: 'my-fn', qualifier: 'live' });
    assert.deepEqual(read('123456789012:function:my-fn'), { name: 'my-fn', qualifier: undefined });
    assert.deepEqual(read('arn:aws:lambda:us-east-1:123456789012:function:my-fn:$LATEST'), { name: 'my-fn', qualifier: '$LATEST' });
    assert.deepEqual(read('arn:aws:lambda:us-east-1:123456789012:function:my-fn', '3'), { name: 'my-fn', qualifier: '3' });
    assert.deepEqual(read('my.fn', undefined, 'invoke'), { name: 'my.fn', qualifier: undefined });
  });

  it("refuses as Lambda does: syntax, another region, a qualifier that disagrees", () => {
    const type = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as ServiceError).type;
      }
      return 'accepted';
    };
    assert.equal(type(() => read('bad/name')), 'ValidationException');
    assert.equal(type(() => read('my.fn', undefined, 'write')), 'ValidationException');
    assert.equal(type(() => read('bad name', undefined, 'create')), 'InvalidParameterValueException');
    assert.equal(type(() => read('my-fn:1', undefined, 'create')), 'ValidationException');
    assert.equal(type(() => read('my-fn', 'a b')), 'ValidationException');
    assert.equal(type(() => read('arn:aws:lambda:eu-west-1:123456789012:function:f')), 'ResourceNotFoundException');
    assert.equal(type(() => read('f:1', '2')), 'InvalidParameterValueException');
  });
});
