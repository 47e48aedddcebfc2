import * as assert from 'node:assert/strict';

import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, sleep } from '../../src/api/retry';

describe('Retry-After parsing', () => {
  const now = Date.parse('2026-12-04T12:00:00Z');

  it('reads delta-seconds', () => {
    assert.equal(parseRetryAfter('42', now), 42_000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
  });

  it('reads an HTTP date', () => {
    assert.equal(parseRetryAfter('Fri, 04 Dec 2026 12:00:05 GMT', now), 5_000);
  });

  it('turns a past date into no wait', () => {
    assert.equal(parseRetryAfter('Fri, 04 Dec 2026 11:00:00 GMT', now), 0);
  });

  it('ignores missing and unreadable values', () => {
    assert.equal(parseRetryAfter(null, now), undefined);
    assert.equal(parseRetryAfter('', now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter('-3', now), undefined);
  });
});

describe('backoff', () => {
  it('doubles the ceiling per retry up to the maximum', () => {
    const atCeiling = () => 1;
    assert.equal(backoffDelay(1, DEFAULT_RETRY_POLICY, atCeiling), 500);
    assert.equal(backoffDelay(2, DEFAULT_RETRY_POLICY, atCeiling), 1000);
    assert.equal(backoffDelay(3, DEFAULT_RETRY_POLICY, atCeiling), 2000);
    assert.equal(backoffDelay(20, DEFAULT_RETRY_POLICY, atCeiling), DEFAULT_RETRY_POLICY.maxDelayMs);
  });

  it('spreads waits with jitter', () => {
    assert.equal(
      backoffDelay(3, DEFAULT_RETRY_POLICY, () => 0),
      0,
    );
    assert.equal(
      backoffDelay(3, DEFAULT_RETRY_POLICY, () => 0.5),
      1000,
    );
  });

  it('stops sleeping when the signal aborts', async () => {
    const controller = new AbortController();
    const sleeping = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(sleeping, /stop/);
  });
});
