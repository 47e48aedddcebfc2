import * as assert from 'node:assert/strict';

import { ArizeClient } from '../../src/api/client';
import { AnnotationQueue, AnnotationQueueRecord } from '../../src/api/types';
import { RunningArizeServer } from '../../src/server/server';
import { countQueueProgress } from '../../src/tree/queueProgress';
import { startSandbox } from './helpers';

describe('queue progress against the local server', () => {
  let server: RunningArizeServer;
  let client: ArizeClient;
  let bigQueue: AnnotationQueue;

  before(async () => {
    ({ server, client, bigQueue } = await startSandbox());
  });

  after(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.reset();
  });

  /** Counts straight from the server's store, written out independently of countQueueProgress. */
  function expectedFor(records: readonly AnnotationQueueRecord[], email: string) {
    const assigned = records.filter((record) =>
      record.assigned_users.some((user) => user.user.email.toLowerCase() === email.toLowerCase()),
    );
    const completed = assigned.filter((record) =>
      record.assigned_users.some(
        (user) => user.user.email.toLowerCase() === email.toLowerCase() && user.completion_status === 'COMPLETED',
      ),
    );
    return { assigned: assigned.length, completed: completed.length, pending: assigned.length - completed.length };
  }

  it('counts the 1,250-record queue', async () => {
    const records = await client.listAllRecords(bigQueue.id);
    const stored = server.store.recordsOf(bigQueue.id);
    const progress = countQueueProgress(records, bigQueue.annotators);

    const unassigned = stored.filter((record) => record.assigned_users.length === 0).length;
    const completed = stored.filter(
      (record) =>
        record.assigned_users.length > 0 && record.assigned_users.every((user) => user.completion_status === 'COMPLETED'),
    ).length;
    assert.equal(progress.total, 1250);
    assert.equal(progress.unassigned, unassigned);
    assert.equal(progress.completed, completed);
    assert.equal(progress.pending, 1250 - unassigned - completed);
  });

  it('counts each reviewer of the queue', async () => {
    const records = await client.listAllRecords(bigQueue.id);
    const progress = countQueueProgress(records, bigQueue.annotators);
    const stored = server.store.recordsOf(bigQueue.id);

    assert.deepEqual(
      progress.reviewers.map((reviewer) => reviewer.email),
      bigQueue.annotators
        .map((annotator) => annotator.email)
        .sort((left, right) => left.toLowerCase().localeCompare(right.toLowerCase())),
    );
    for (const reviewer of progress.reviewers) {
      const expected = expectedFor(stored, reviewer.email);
      assert.deepEqual(
        { assigned: reviewer.assigned, pending: reviewer.pending, completed: reviewer.completed },
        expected,
        reviewer.email,
      );
    }
  });

  it('follows an assignment on the server', async () => {
    const records = await client.listAllRecords(bigQueue.id);
    const before = countQueueProgress(records, bigQueue.annotators);
    const unassigned = records.find((record) => record.assigned_users.length === 0)!;

    await client.assignUsers(bigQueue.id, unassigned.id, ['grace.kim@example.com']);
    const after = countQueueProgress(await client.listAllRecords(bigQueue.id), bigQueue.annotators);

    assert.equal(after.unassigned, before.unassigned - 1);
    assert.equal(after.pending, before.pending + 1);
    const grace = after.reviewers.find((reviewer) => reviewer.email === 'grace.kim@example.com');
    assert.deepEqual(grace, { email: 'grace.kim@example.com', assigned: 1, pending: 1, completed: 0 });
  });

  it('lists annotators without records with zeros', async () => {
    const queues = await client.listAllQueues();
    const empty = queues.find((queue) => server.store.recordsOf(queue.id).length === 0)!;
    const progress = countQueueProgress(await client.listAllRecords(empty.id), empty.annotators);

    assert.equal(progress.total, 0);
    assert.equal(progress.reviewers.length, empty.annotators.length);
    assert.ok(
      progress.reviewers.every((reviewer) => reviewer.assigned === 0 && reviewer.pending === 0 && reviewer.completed === 0),
    );
  });

  it('merges e-mails that differ only in case', () => {
    const record = (email: string, status: string): AnnotationQueueRecord => ({
      id: `${email}-${status}`,
      annotation_queue_id: 'q',
      source_type: 'SPANS',
      data: {},
      annotations: [],
      trace_annotations: [],
      evaluations: [],
      assigned_users: [{ user: { id: 'u', email }, completion_status: status }],
    });
    const progress = countQueueProgress(
      [record('Dana.Whitfield@example.com', 'COMPLETED'), record('dana.whitfield@example.com', 'PENDING')],
      [{ id: 'u', email: 'Dana.Whitfield@example.com' }],
    );
    assert.deepEqual(progress.reviewers, [{ email: 'Dana.Whitfield@example.com', assigned: 2, pending: 1, completed: 1 }]);
    assert.equal(progress.completed, 1);
    assert.equal(progress.pending, 1);
  });
});
