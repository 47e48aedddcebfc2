import * as assert from 'node:assert/strict';

import { ArizeClient } from '../../src/api/client';
import { AnnotationQueueRecord } from '../../src/api/types';
import { QueueTreeModel, SourceConnection } from '../../src/tree/queueTreeModel';
import { assignmentState, recordContextValue, recordLabel } from '../../src/tree/recordPresentation';
import { RunningArizeServer } from '../../src/server/server';
import { startSandbox } from './helpers';

describe('queue tree model against the local server', () => {
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

  function newModel(): QueueTreeModel {
    return new QueueTreeModel(async () => connection);
  }

  it('stays idle and sends nothing until asked', async () => {
    const model = newModel();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(model.state.kind, 'idle');
    assert.equal(server.requests.length, 0);
  });

  it('reports a missing key without a request', async () => {
    connection = { kind: 'noKey' };
    const model = newModel();
    await model.ensureQueues();
    assert.equal(model.state.kind, 'noKey');
    assert.equal(server.requests.length, 0);
  });

  it('loads queues, then records page by page', async () => {
    const model = newModel();
    await model.ensureQueues();
    assert.equal(model.state.kind, 'ready');
    assert.equal(model.queues.length, 5);

    await model.ensureRecords(bigQueueId);
    const entry = model.findQueue(bigQueueId);
    assert.equal(entry?.records.length, 100);
    assert.equal(entry?.hasMore, true);
    assert.equal(server.requests.at(-1)?.query.limit, '100');

    await model.loadMoreRecords(bigQueueId);
    assert.equal(entry?.records.length, 200);
    assert.equal(new Set(entry?.records.map((record) => record.id)).size, 200);
  });

  it('reads to the end of a queue that returns short pages', async () => {
    server.setKnobs({ maxPageSize: 500 });
    connection = { kind: 'ready', client, spaceId: '', recordsPageSize: 500 };
    const model = newModel();
    await model.ensureQueues();
    await model.ensureRecords(bigQueueId);
    for (let page = 0; page < 5 && model.findQueue(bigQueueId)?.hasMore; page++) {
      await model.loadMoreRecords(bigQueueId);
    }
    assert.equal(model.findQueue(bigQueueId)?.records.length, 1250);
    assert.equal(model.findQueue(bigQueueId)?.hasMore, false);
  });

  it('filters queues by space', async () => {
    const spaceId = server.store.spaces[1].id;
    connection = { kind: 'ready', client, spaceId, recordsPageSize: 100 };
    const model = newModel();
    await model.ensureQueues();
    assert.ok(model.queues.length > 0);
    assert.ok(model.queues.every((entry) => entry.queue.space_id === spaceId));
  });

  it('keeps a records error on the queue and recovers on retry', async () => {
    const model = newModel();
    await model.ensureQueues();
    server.addFaults({ status: 500, pathPrefix: '/v2/annotation-queues/' });
    await model.ensureRecords(bigQueueId);
    assert.ok(model.findQueue(bigQueueId)?.recordsError);

    await model.loadMoreRecords(bigQueueId);
    assert.equal(model.findQueue(bigQueueId)?.recordsError, undefined);
    assert.equal(model.findQueue(bigQueueId)?.records.length, 100);
  });

  it('reports a failed queue list as an error state', async () => {
    server.addFaults({ status: 403, detail: 'wrong region' });
    const model = newModel();
    await model.ensureQueues();
    assert.equal(model.state.kind, 'error');
  });

  it('applies an assignment to the cached record and notifies the queue', async () => {
    const model = newModel();
    await model.ensureQueues();
    await model.ensureRecords(bigQueueId);
    const record = model.findQueue(bigQueueId)!.records[0];
    const changed: Array<string | undefined> = [];
    model.onDidChange((queueId) => changed.push(queueId));

    const response = await client.assignUsers(bigQueueId, record.id, ['ana.lopez@example.com']);
    model.applyAssignment(bigQueueId, record.id, response.assigned_users);

    assert.deepEqual(
      model.findRecord(bigQueueId, record.id)?.assigned_users.map((assigned) => assigned.user.email),
      ['ana.lopez@example.com'],
    );
    assert.deepEqual(changed, [bigQueueId]);
  });

  it('drops cached records on refresh', async () => {
    const model = newModel();
    await model.ensureQueues();
    await model.ensureRecords(bigQueueId);
    await model.refresh();
    assert.equal(model.findQueue(bigQueueId)?.recordsLoaded, false);
  });
});

describe('record presentation', () => {
  function record(data: Record<string, unknown>, statuses: string[] = []): AnnotationQueueRecord {
    return {
      id: 'UmVjb3JkOjE=',
      annotation_queue_id: 'UXVldWU6MQ==',
      source_type: 'SPANS',
      data,
      annotations: [],
      trace_annotations: [],
      evaluations: [],
      assigned_users: statuses.map((status, index) => ({
        user: { id: `u${index}`, email: `user${index}@example.com` },
        completion_status: status,
      })),
    };
  }

  it('labels a span with its name and input', () => {
    assert.equal(
      recordLabel(record({ name: 'llm_call', 'attributes.input.value': 'What is\n the refund  window?' })),
      'llm_call: What is the refund window?',
    );
  });

  it('labels a dataset record with its input', () => {
    assert.equal(recordLabel(record({ input: 'Summarize this abstract.' })), 'Summarize this abstract.');
  });

  it('labels a record without known fields by its id', () => {
    assert.equal(recordLabel(record({ latency_ms: 20 })), 'UmVjb3JkOjE=');
  });

  it('cuts long labels with an ellipsis', () => {
    const label = recordLabel(record({ input: 'x'.repeat(500) }));
    assert.equal(label.length, 80);
    assert.ok(label.endsWith('…'));
  });

  it('shows structured input as JSON', () => {
    assert.equal(recordLabel(record({ input: { messages: ['hi'] } })), '{"messages":["hi"]}');
  });

  it('derives the assignment state', () => {
    assert.equal(assignmentState(record({}).assigned_users), 'unassigned');
    assert.equal(assignmentState(record({}, ['COMPLETED', 'PENDING']).assigned_users), 'pending');
    assert.equal(assignmentState(record({}, ['COMPLETED', 'completed']).assigned_users), 'completed');
    assert.equal(assignmentState(record({}, ['SKIPPED']).assigned_users), 'pending');
  });

  it('builds context values from state tags', () => {
    assert.equal(recordContextValue(record({})), 'record;unassigned');
    assert.equal(recordContextValue(record({}, ['PENDING'])), 'record;assigned;pending');
    assert.equal(recordContextValue(record({}, ['COMPLETED'])), 'record;assigned;completed');
  });
});

describe('label hygiene', () => {
  it('shows control characters and bidi overrides as spaces', () => {
    const label = recordLabel({
      id: 'r',
      annotation_queue_id: 'q',
      source_type: 'SPANS',
      data: { input: 'red\u001b[31m text user\u202Egnp.exe' },
      annotations: [],
      trace_annotations: [],
      evaluations: [],
      assigned_users: [],
    });
    assert.equal(label, 'red [31m text user gnp.exe');
  });
});
