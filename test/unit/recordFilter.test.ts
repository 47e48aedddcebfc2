import * as assert from 'node:assert/strict';

import { ArizeClient } from '../../src/api/client';
import { AnnotationQueueRecord } from '../../src/api/types';
import { RunningArizeServer } from '../../src/server/server';
import { QueueTreeModel, SourceConnection, isComplete } from '../../src/tree/queueTreeModel';
import {
  filterRecords,
  isPendingFor,
  matchesFilter,
  parseRecordFilter,
  RecordFilter,
  sameFilter,
} from '../../src/tree/recordFilter';
import { startSandbox } from './helpers';

/** The server's own records, in list order: the reference every filter result is checked against. */
function storedRecords(server: RunningArizeServer, queueId: string): AnnotationQueueRecord[] {
  return server.store.recordsOf(queueId);
}

function ids(records: readonly AnnotationQueueRecord[]): string[] {
  return records.map((record) => record.id);
}

describe('record filters against the local server', () => {
  let server: RunningArizeServer;
  let client: ArizeClient;
  let bigQueueId: string;
  let records: AnnotationQueueRecord[];

  before(async () => {
    ({ server, client, bigQueueId } = await startSandbox());
  });

  after(async () => {
    await server.close();
  });

  beforeEach(async () => {
    server.reset();
    records = await client.listAllRecords(bigQueueId);
  });

  it('reads all 1,250 records 500 a page', async () => {
    server.reset();
    const counts: number[] = [];
    const all = await client.listAllRecords(bigQueueId, { onPage: (count) => counts.push(count) });

    assert.equal(all.length, 1250);
    assert.equal(new Set(ids(all)).size, 1250);
    assert.deepEqual(counts, [500, 1000, 1250]);
    assert.deepEqual(
      server.requests.map((request) => request.query.limit),
      ['500', '500', '500'],
    );
  });

  it('follows a server that caps pages at 300', async () => {
    server.reset();
    server.setKnobs({ maxPageSize: 300 });
    const all = await client.listAllRecords(bigQueueId);
    assert.equal(all.length, 1250);
    assert.equal(server.requests.length, 5);
  });

  it('filters unassigned records', () => {
    const expected = storedRecords(server, bigQueueId).filter((record) => record.assigned_users.length === 0);
    const result = filterRecords(records, { kind: 'unassigned' });
    assert.ok(expected.length > 100, 'the seed has many unassigned records');
    assert.deepEqual(ids(result), ids(expected));
  });

  it('filters pending records', () => {
    const expected = storedRecords(server, bigQueueId).filter((record) =>
      record.assigned_users.some((assigned) => assigned.completion_status !== 'COMPLETED'),
    );
    const result = filterRecords(records, { kind: 'pending' });
    assert.ok(expected.length > 100);
    assert.deepEqual(ids(result), ids(expected));
  });

  it('filters completed records', () => {
    const expected = storedRecords(server, bigQueueId).filter(
      (record) =>
        record.assigned_users.length > 0 && record.assigned_users.every((assigned) => assigned.completion_status === 'COMPLETED'),
    );
    const result = filterRecords(records, { kind: 'completed' });
    assert.ok(expected.length > 50);
    assert.deepEqual(ids(result), ids(expected));
  });

  it('splits every record into exactly one state', () => {
    const counted = ['unassigned', 'pending', 'completed'].map((kind) => filterRecords(records, { kind } as RecordFilter).length);
    assert.equal(
      counted.reduce((sum, count) => sum + count, 0),
      1250,
    );
  });

  it('filters records assigned to me', () => {
    const me = 'ana.lopez@example.com';
    const expected = storedRecords(server, bigQueueId).filter((record) =>
      record.assigned_users.some((assigned) => assigned.user.email === me),
    );
    const result = filterRecords(records, { kind: 'assignedToMe', email: me });
    assert.ok(expected.length > 50);
    assert.deepEqual(ids(result), ids(expected));
  });

  it('matches a chosen reviewer ignoring case', () => {
    const expected = storedRecords(server, bigQueueId).filter((record) =>
      record.assigned_users.some((assigned) => assigned.user.email === 'Dana.Whitfield@example.com'),
    );
    const result = filterRecords(records, { kind: 'assignedTo', email: 'dana.whitfield@EXAMPLE.com' });
    assert.ok(expected.length > 50);
    assert.deepEqual(ids(result), ids(expected));
  });

  it('finds nobody for a reviewer without records', () => {
    assert.deepEqual(filterRecords(records, { kind: 'assignedTo', email: 'liam.oconnor@example.com' }), []);
  });

  it('sees an assignment made on the server after a new read', async () => {
    const target = filterRecords(records, { kind: 'unassigned' })[0];
    await client.assignUsers(bigQueueId, target.id, ['liam.oconnor@example.com']);

    const after = await client.listAllRecords(bigQueueId);
    const mine = filterRecords(after, { kind: 'assignedTo', email: 'liam.oconnor@example.com' });
    assert.deepEqual(ids(mine), [target.id]);
    assert.ok(isPendingFor(mine[0], 'LIAM.OCONNOR@example.com'));
    assert.ok(!filterRecords(after, { kind: 'unassigned' }).some((record) => record.id === target.id));
  });
});

describe('model reading whole queues for filters', () => {
  let server: RunningArizeServer;
  let client: ArizeClient;
  let connection: SourceConnection;
  let bigQueueId: string;

  before(async () => {
    ({ server, client, bigQueueId } = await startSandbox());
  });

  after(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.reset();
    connection = { kind: 'ready', client, spaceId: '', recordsPageSize: 100 };
  });

  async function readyModel(): Promise<QueueTreeModel> {
    const model = new QueueTreeModel(async () => connection);
    await model.ensureQueues();
    server.requests.length = 0;
    return model;
  }

  it('reads the whole queue once and caches it', async () => {
    const model = await readyModel();
    const progress: number[] = [];
    await model.loadAllRecords(bigQueueId, { onProgress: (count) => progress.push(count) });

    const entry = model.findQueue(bigQueueId)!;
    assert.ok(isComplete(entry));
    assert.equal(entry.records.length, 1250);
    assert.deepEqual(progress, [500, 1000, 1250]);
    assert.equal(server.requests.length, 3);

    await model.loadAllRecords(bigQueueId);
    assert.equal(server.requests.length, 3, 'a second call reads nothing');
  });

  it('shares one read between two callers', async () => {
    const model = await readyModel();
    await Promise.all([model.loadAllRecords(bigQueueId), model.loadAllRecords(bigQueueId)]);
    assert.equal(server.requests.length, 3);
  });

  it('drops the cache on refresh', async () => {
    const model = await readyModel();
    await model.loadAllRecords(bigQueueId);
    await model.refresh();
    assert.equal(model.findQueue(bigQueueId)?.recordsLoaded, false);
  });

  it('keeps a failure on the queue', async () => {
    const model = await readyModel();
    server.addFaults({ status: 403, pathPrefix: '/v2/annotation-queues/', detail: 'no access' });
    await model.loadAllRecords(bigQueueId);
    const entry = model.findQueue(bigQueueId)!;
    assert.ok(entry.recordsError);
    assert.ok(!isComplete(entry));
  });

  it('keeps earlier records when cancelled', async () => {
    const model = await readyModel();
    await model.ensureRecords(bigQueueId);
    const controller = new AbortController();
    server.setKnobs({ latencyMs: 200 });

    const load = model.loadAllRecords(bigQueueId, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await load;

    const entry = model.findQueue(bigQueueId)!;
    assert.equal(entry.records.length, 100, 'the first page stays');
    assert.equal(entry.recordsError, undefined, 'a cancel is no error');
    assert.ok(!isComplete(entry));
  });
});

describe('filter arguments', () => {
  it('parses the five kinds', () => {
    assert.deepEqual(parseRecordFilter({ kind: 'pending' }), { kind: 'pending' });
    assert.deepEqual(parseRecordFilter({ kind: 'unassigned' }), { kind: 'unassigned' });
    assert.deepEqual(parseRecordFilter({ kind: 'completed', email: 'ignored' }), { kind: 'completed' });
    assert.deepEqual(parseRecordFilter({ kind: 'assignedTo', email: ' a@example.com ' }), {
      kind: 'assignedTo',
      email: 'a@example.com',
    });
    assert.deepEqual(parseRecordFilter({ kind: 'assignedToMe', email: 'me@example.com' }), {
      kind: 'assignedToMe',
      email: 'me@example.com',
    });
  });

  it('rejects unknown kinds and bad e-mails', () => {
    assert.equal(parseRecordFilter(undefined), undefined);
    assert.equal(parseRecordFilter('pending'), undefined);
    assert.equal(parseRecordFilter({ kind: 'everything' }), undefined);
    assert.equal(parseRecordFilter({ kind: 'assignedTo' }), undefined);
    assert.equal(parseRecordFilter({ kind: 'assignedTo', email: 'not-an-email' }), undefined);
  });

  it('compares filters ignoring e-mail case', () => {
    assert.ok(sameFilter({ kind: 'assignedTo', email: 'A@example.com' }, { kind: 'assignedTo', email: 'a@example.com' }));
    assert.ok(!sameFilter({ kind: 'assignedTo', email: 'a@example.com' }, { kind: 'assignedToMe', email: 'a@example.com' }));
    assert.ok(sameFilter(undefined, undefined));
    assert.ok(!sameFilter({ kind: 'pending' }, undefined));
  });

  it('treats an unknown completion status as pending', () => {
    const record: AnnotationQueueRecord = {
      id: 'r',
      annotation_queue_id: 'q',
      source_type: 'SPANS',
      data: {},
      annotations: [],
      trace_annotations: [],
      evaluations: [],
      assigned_users: [{ user: { id: 'u', email: 'a@example.com' }, completion_status: 'SKIPPED' }],
    };
    assert.ok(matchesFilter(record, { kind: 'pending' }));
    assert.ok(!matchesFilter(record, { kind: 'completed' }));
  });
});
