import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exitError, timeoutError } from './lambda-errors.js';
import { billedDuration, gbSeconds, reportLine } from './report.js';

describe('platform lines and billing', () => {
  it('REPORT as Lambda writes it: tab-separated, init only on cold starts, status when the platform ended it', () => {
    assert.equal(
      reportLine({ requestId: 'r', durationMs: 1.234, billedDurationMs: 83, memorySizeMB: 128, maxMemoryUsedMB: 40, initDurationMs: 80.123 }),
      'REPORT RequestId: r\tDuration: 1.23 ms\tBilled Duration: 83 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 80.12 ms\t',
    );
    assert.equal(
      reportLine({ requestId: 'r', durationMs: 3000, billedDurationMs: 3000, memorySizeMB: 128, maxMemoryUsedMB: 50, status: { kind: 'timeout' } }),
      'REPORT RequestId: r\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB\tStatus: timeout\t',
    );
    assert.match(reportLine({ requestId: 'r', durationMs: 1, billedDurationMs: 1, memorySizeMB: 128, maxMemoryUsedMB: 1, status: { kind: 'error', errorType: 'Runtime.ExitError' } }), /\tStatus: error\tError Type: Runtime\.ExitError\t$/);
  });

  it('bills whole milliseconds, at least one, init included; GB-seconds by memory', () => {
    assert.equal(billedDuration(0.2), 1);
    assert.equal(billedDuration(1.01), 2);
    assert.equal(billedDuration(1.5, 80.2), 82);
    assert.equal(gbSeconds(1000, 1024), 1);
    assert.equal(gbSeconds(100, 128), 0.0125);
  });

  it('error payloads in AWS wording', () => {
    assert.deepEqual(timeoutError('id', 3), { errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: id Error: Task timed out after 3.00 seconds' });
    assert.equal(exitError('id', null, 'SIGSEGV').errorMessage, 'RequestId: id Error: Runtime exited with error: signal: segmentation fault');
    assert.equal(exitError('id', 129, null).errorMessage, 'RequestId: id Error: Runtime exited with error: exit status 129');
  });
});
