import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { ArizeClient } from '../../src/api/client';
import { applyMode, completedKept, samePeople } from '../../src/bulk/assignees';
import { distributeRecords } from '../../src/bulk/distribute';
import { AssignmentJournal } from '../../src/bulk/journal';
import { runBulkAssignment } from '../../src/bulk/runner';
import { RecordIntent, RecordResult } from '../../src/bulk/types';
import { RunningArizeServer } from '../../src/server/server';
import { startSandbox } from './helpers';

function emailsOnServer(server: RunningArizeServer, queueId: string, recordId: string): string[] {
  return (server.store.findRecord(queueId, recordId)?.assigned_users ?? []).map((assigned) => assigned.user.email);
}

function kinds(results: readonly RecordResult[]): string[] {
  return results.map((result) => result.outcome.kind);
}

describe('bulk assignment against the local server', () => {
  let server: RunningArizeServer;
  let client: ArizeClient;
  let queueId: string;
  let recordIds: string[];

  before(async () => {
    ({ server, client, bigQueueId: queueId } = await startSandbox());
  });

  after(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.reset();
    recordIds = server.store
      .recordsOf(queueId)
      .slice(0, 12)
      .map((record) => record.id);
  });

  const intentsFor = (ids: readonly string[], mode: RecordIntent['mode'], emails: string[]): RecordIntent[] =>
    ids.map((recordId) => ({ queueId, recordId, mode, emails }));

  it('sets every record and reports each as applied', async () => {
    const results = await runBulkAssignment({
      client,
      intents: intentsFor(recordIds, 'set', ['chen.wei@example.com', 'liam.oconnor@example.com']),
      concurrency: 4,
    });
    assert.deepEqual(
      kinds(results),
      recordIds.map(() => 'applied'),
    );
    for (const recordId of recordIds) {
      assert.deepEqual(emailsOnServer(server, queueId, recordId), ['chen.wei@example.com', 'liam.oconnor@example.com']);
    }
  });

  it('adds a reviewer and keeps the others', async () => {
    const recordId = recordIds[0];
    const before = emailsOnServer(server, queueId, recordId);
    const [result] = await runBulkAssignment({
      client,
      intents: intentsFor([recordId], 'add', ['jonas.berg@example.com']),
      concurrency: 1,
    });
    assert.equal(result.outcome.kind, 'applied');
    assert.deepEqual(emailsOnServer(server, queueId, recordId), [
      ...before.filter((email) => email !== 'jonas.berg@example.com'),
      'jonas.berg@example.com',
    ]);
  });

  it('keeps a reviewer added by someone else meanwhile', async () => {
    const recordId = recordIds[1];
    await client.assignUsers(queueId, recordId, ['kavya.reddy@example.com']);
    await runBulkAssignment({ client, intents: intentsFor([recordId], 'add', ['liam.oconnor@example.com']), concurrency: 1 });
    assert.deepEqual(emailsOnServer(server, queueId, recordId), ['kavya.reddy@example.com', 'liam.oconnor@example.com']);
  });

  it('removes one reviewer and keeps the others', async () => {
    const recordId = recordIds[2];
    await client.assignUsers(queueId, recordId, ['ana.lopez@example.com', 'ben.okafor@example.com']);
    const [result] = await runBulkAssignment({
      client,
      intents: intentsFor([recordId], 'remove', ['ANA.LOPEZ@example.com']),
      concurrency: 1,
    });
    assert.equal(result.outcome.kind, 'applied');
    assert.deepEqual(emailsOnServer(server, queueId, recordId), ['ben.okafor@example.com']);
  });

  it('skips a record that needs no change without a write', async () => {
    const recordId = recordIds[3];
    await client.assignUsers(queueId, recordId, ['ana.lopez@example.com']);
    const writesBefore = server.requests.filter((request) => request.method === 'POST').length;
    const [result] = await runBulkAssignment({
      client,
      intents: intentsFor([recordId], 'add', ['ana.lopez@example.com']),
      concurrency: 1,
    });
    assert.equal(result.outcome.kind, 'skipped');
    assert.equal(server.requests.filter((request) => request.method === 'POST').length, writesBefore);
  });

  it('detects a record changed since the user started', async () => {
    const recordId = recordIds[4];
    await client.assignUsers(queueId, recordId, ['grace.kim@example.com']);
    const intent: RecordIntent = {
      queueId,
      recordId,
      mode: 'add',
      emails: ['hiro.tanaka@example.com'],
      expectedBefore: ['ana.lopez@example.com'],
    };

    const [result] = await runBulkAssignment({ client, intents: [intent], concurrency: 1 });
    assert.equal(result.outcome.kind, 'conflict');
    assert.deepEqual(result.outcome.kind === 'conflict' && result.outcome.actual.map((assignee) => assignee.email), [
      'grace.kim@example.com',
    ]);
    assert.deepEqual(emailsOnServer(server, queueId, recordId), ['grace.kim@example.com']);
  });

  it('reports a partial failure and finishes on retry', async () => {
    const failing = recordIds.slice(0, 3);
    for (const recordId of failing) {
      server.addFaults({
        status: 422,
        detail: `rejected ${recordId}`,
        method: 'POST',
        pathPrefix: `/v2/annotation-queues/${encodeURIComponent(queueId)}/records/${encodeURIComponent(recordId)}/`,
      });
    }
    const intents = intentsFor(recordIds, 'set', ['emil.novak@example.com']);

    const first = await runBulkAssignment({ client, intents, concurrency: 4 });
    const failed = first.filter((result) => result.outcome.kind === 'failed');
    assert.deepEqual(failed.map((result) => result.intent.recordId).sort(), [...failing].sort());
    assert.ok(failed.every((result) => result.outcome.kind === 'failed' && result.outcome.status === 422));
    assert.equal(first.filter((result) => result.outcome.kind === 'applied').length, recordIds.length - 3);

    const retry = await runBulkAssignment({ client, intents: failed.map((result) => result.intent), concurrency: 4 });
    assert.deepEqual(kinds(retry), ['applied', 'applied', 'applied']);
    for (const recordId of recordIds) {
      assert.deepEqual(emailsOnServer(server, queueId, recordId), ['emil.novak@example.com']);
    }
  });

  it('stops sending when cancelled and says which records were done', async () => {
    server.setKnobs({ latencyMs: 30 });
    const controller = new AbortController();
    const results = await runBulkAssignment({
      client,
      intents: intentsFor(recordIds, 'set', ['fatima.haddad@example.com', 'jonas.berg@example.com']),
      concurrency: 2,
      signal: controller.signal,
      onProgress: (settled) => {
        if (settled === 4) {
          controller.abort();
        }
      },
    });

    const applied = results.filter((result) => result.outcome.kind === 'applied');
    const notRun = results.filter((result) => result.outcome.kind === 'notRun');
    // The abort comes after the fourth settles, while up to two more requests are in flight.
    assert.ok(applied.length >= 3, `${applied.length} applied`);
    assert.ok(notRun.length >= 4, `${notRun.length} not run`);
    assert.equal(applied.length + notRun.length, recordIds.length);
    for (const result of applied) {
      assert.deepEqual(emailsOnServer(server, queueId, result.intent.recordId), [
        'fatima.haddad@example.com',
        'jonas.berg@example.com',
      ]);
    }
    for (const result of notRun) {
      assert.notDeepEqual(emailsOnServer(server, queueId, result.intent.recordId), [
        'fatima.haddad@example.com',
        'jonas.berg@example.com',
      ]);
    }
  });

  it('slows down on 429 instead of failing', async () => {
    server.setKnobs({ rateLimitFraction: 0.3, retryAfter: '0' });
    const results = await runBulkAssignment({
      client,
      intents: intentsFor(recordIds, 'set', ['ines.moreau@example.com']),
      concurrency: 4,
    });
    assert.deepEqual(
      kinds(results),
      recordIds.map(() => 'applied'),
    );
    assert.ok(server.requests.some((request) => request.status === 429));
  });

  it('fails every record of a queue it cannot read', async () => {
    const results = await runBulkAssignment({
      client,
      intents: [{ queueId: 'UXVldWU6OTk5OQ==', recordId: 'x', mode: 'set', emails: [] }],
      concurrency: 1,
    });
    assert.equal(results[0].outcome.kind, 'failed');
    assert.equal(results[0].outcome.kind === 'failed' && results[0].outcome.status, 404);
  });

  it('undoes a partial run from the journal', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'arize-journal-'));
    try {
      const journal = new AssignmentJournal(directory, server.url);
      const originals = new Map(recordIds.map((recordId) => [recordId, emailsOnServer(server, queueId, recordId)]));
      server.addFaults({
        status: 503,
        method: 'POST',
        times: 100,
        pathPrefix: `/v2/annotation-queues/${encodeURIComponent(queueId)}/records/${encodeURIComponent(recordIds[0])}/`,
      });

      const run = await runBulkAssignment({
        client,
        intents: intentsFor(recordIds, 'set', ['ben.okafor@example.com', 'kavya.reddy@example.com']),
        concurrency: 3,
      });
      const applied = run.filter((result) => result.outcome.kind === 'applied');
      assert.equal(applied.length, recordIds.length - 1);
      await journal.append({
        time: new Date().toISOString(),
        operation: 'Assign Users',
        notApplied: run.length - applied.length,
        changes: applied.map(({ intent, outcome }) => ({
          queueId,
          recordId: intent.recordId,
          before: outcome.kind === 'applied' ? outcome.before.map((assignee) => assignee.email) : [],
          after: outcome.kind === 'applied' ? outcome.after.map((assignee) => assignee.email) : [],
        })),
      });

      // Someone else changes one of the records before the undo.
      const touched = applied[1].intent.recordId;
      await client.assignUsers(queueId, touched, ['chen.wei@example.com']);

      const entry = await journal.lastUndoable();
      assert.ok(entry);
      const undo = await runBulkAssignment({
        client,
        intents: entry.changes.map((change) => ({
          queueId,
          recordId: change.recordId,
          mode: 'set',
          emails: change.before,
          expectedBefore: change.after,
        })),
        concurrency: 3,
      });
      await journal.markUndone(entry.id);

      for (const result of undo) {
        const recordId = result.intent.recordId;
        if (recordId === touched) {
          assert.equal(result.outcome.kind, 'conflict');
          assert.deepEqual(emailsOnServer(server, queueId, recordId), ['chen.wei@example.com']);
        } else {
          assert.ok(['applied', 'skipped'].includes(result.outcome.kind), result.outcome.kind);
          assert.ok(samePeople(emailsOnServer(server, queueId, recordId), originals.get(recordId) ?? []));
        }
      }
      assert.equal(await journal.lastUndoable(), undefined);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('assignee arithmetic', () => {
  it('applies set, add and remove without regard to case', () => {
    assert.deepEqual(applyMode(['a@x.io', 'b@x.io'], 'set', ['c@x.io', 'C@x.io']), ['c@x.io']);
    assert.deepEqual(applyMode(['a@x.io'], 'add', ['A@x.io', 'b@x.io']), ['a@x.io', 'b@x.io']);
    assert.deepEqual(applyMode(['a@x.io', 'b@x.io'], 'remove', ['B@X.IO']), ['a@x.io']);
  });

  it('finds finished reviewers that a change keeps', () => {
    const before = [
      { email: 'a@x.io', status: 'COMPLETED' },
      { email: 'b@x.io', status: 'PENDING' },
      { email: 'c@x.io', status: 'COMPLETED' },
    ];
    assert.deepEqual(completedKept(before, ['A@x.io', 'b@x.io']), ['a@x.io']);
    assert.deepEqual(completedKept(before, ['b@x.io']), []);
  });
});

describe('distribution', () => {
  const record = (recordId: string, assignees: Array<[string, string]> = []) => ({
    recordId,
    assignees: assignees.map(([email, status]) => ({ email, status })),
  });

  it('spreads records evenly over reviewers', () => {
    const records = Array.from({ length: 9 }, (_, index) => record(`r${index}`));
    const result = distributeRecords({
      records,
      queueRecords: records,
      reviewers: ['a@x.io', 'b@x.io', 'c@x.io'],
      reviewersPerRecord: 1,
      skipCompleted: false,
    });
    assert.equal(result.assignments.size, 9);
    assert.deepEqual([...result.pendingAfter.values()], [3, 3, 3]);
  });

  it('counts what reviewers already hold in the queue', () => {
    const held = [
      record('h1', [['a@x.io', 'PENDING']]),
      record('h2', [['a@x.io', 'PENDING']]),
      record('h3', [['a@x.io', 'COMPLETED']]),
    ];
    const fresh = Array.from({ length: 4 }, (_, index) => record(`r${index}`));
    const result = distributeRecords({
      records: fresh,
      queueRecords: [...held, ...fresh],
      reviewers: ['a@x.io', 'b@x.io'],
      reviewersPerRecord: 1,
      skipCompleted: false,
    });
    assert.equal(result.pendingBefore.get('a@x.io'), 2);
    assert.deepEqual([result.pendingAfter.get('a@x.io'), result.pendingAfter.get('b@x.io')], [3, 3]);
  });

  it('gives each record the requested number of distinct reviewers', () => {
    const records = Array.from({ length: 6 }, (_, index) => record(`r${index}`));
    const result = distributeRecords({
      records,
      queueRecords: records,
      reviewers: ['a@x.io', 'b@x.io', 'c@x.io'],
      reviewersPerRecord: 2,
      skipCompleted: false,
    });
    for (const emails of result.assignments.values()) {
      assert.equal(new Set(emails).size, 2);
    }
    assert.deepEqual([...result.pendingAfter.values()], [4, 4, 4]);
  });

  it('keeps other assignees and skips completed records on request', () => {
    const records = [record('r0', [['z@x.io', 'PENDING']]), record('r1', [['z@x.io', 'COMPLETED']])];
    const result = distributeRecords({
      records,
      queueRecords: records,
      reviewers: ['a@x.io'],
      reviewersPerRecord: 1,
      skipCompleted: true,
    });
    assert.deepEqual(result.assignments.get('r0'), ['z@x.io', 'a@x.io']);
    assert.deepEqual(result.skippedCompleted, ['r1']);
  });

  it('leaves records that already have enough chosen reviewers', () => {
    const records = [record('r0', [['a@x.io', 'PENDING']])];
    const result = distributeRecords({
      records,
      queueRecords: records,
      reviewers: ['a@x.io', 'b@x.io'],
      reviewersPerRecord: 1,
      skipCompleted: false,
    });
    assert.equal(result.assignments.size, 0);
  });
});
