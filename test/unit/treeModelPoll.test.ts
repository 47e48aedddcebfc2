import * as assert from 'node:assert/strict';

import { ArizeClient } from '../../src/api/client';
import { RunningArizeServer } from '../../src/server/server';
import { isComplete, QueueTreeModel, SourceConnection } from '../../src/tree/queueTreeModel';
import { groupQueuesBySpace } from '../../src/tree/spaceGroups';
import { MemoryLogger, startSandbox } from './helpers';

describe('queue tree model spaces and polling', () => {
  let server: RunningArizeServer;
  let client: ArizeClient;
  let connection: SourceConnection;
  let bigQueueId: string;
  let logger: MemoryLogger;

  before(async () => {
    ({ server, client, bigQueueId } = await startSandbox());
  });

  after(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.reset();
    logger = new MemoryLogger();
    connection = { kind: 'ready', client, spaceId: '', recordsPageSize: 100 };
  });

  function newModel(): QueueTreeModel {
    return new QueueTreeModel(async () => connection, logger);
  }

  /** The state as a plain string: `assert.equal` narrows its argument, and the state changes between checks. */
  function stateOf(model: QueueTreeModel): string {
    return model.state.kind;
  }

  describe('spaces', () => {
    it('lists the spaces with the queues', async () => {
      const model = newModel();
      await model.ensureQueues();
      assert.deepEqual(
        model.spaces.map((space) => space.name),
        server.store.spaces.map((space) => space.name),
      );
      assert.ok(server.requests.some((request) => request.path === '/v2/spaces'));
    });

    it('groups the queues by space', async () => {
      const model = newModel();
      await model.ensureQueues();
      const groups = groupQueuesBySpace(
        model.queues.map((entry) => entry.queue),
        model.spaces,
      );
      assert.ok(groups);
      assert.deepEqual(
        groups.map((group) => [group.name, group.queueIds.length]),
        server.store.spaces.map((space) => [
          space.name,
          server.store.queues.filter((queue) => queue.space_id === space.id).length,
        ]),
      );
    });

    it('sends no spaces request with a space setting', async () => {
      connection = { kind: 'ready', client, spaceId: server.store.spaces[0].id, recordsPageSize: 100 };
      const model = newModel();
      await model.ensureQueues();
      assert.deepEqual(model.spaces, []);
      assert.ok(!server.requests.some((request) => request.path === '/v2/spaces'));
      assert.equal(
        groupQueuesBySpace(
          model.queues.map((entry) => entry.queue),
          model.spaces,
        ),
        undefined,
      );
    });

    it('falls back to space ids when spaces fail', async () => {
      server.addFaults({ status: 403, pathPrefix: '/v2/spaces', detail: 'no space read' });
      const model = newModel();
      await model.ensureQueues();
      assert.equal(stateOf(model), 'ready', 'the queues still load');
      assert.deepEqual(model.spaces, []);
      const groups = groupQueuesBySpace(
        model.queues.map((entry) => entry.queue),
        model.spaces,
      );
      assert.deepEqual(
        groups?.map((group) => group.name),
        server.store.spaces.map((space) => space.id),
      );
      assert.ok(logger.lines.some((line) => line.startsWith('warn listing spaces failed')));
    });

    it('shows an empty space and drops grouping for one space', () => {
      const queue = { id: 'q', name: 'Q', space_id: 'S1', annotators: [], created_at: '', updated_at: '' };
      const groups = groupQueuesBySpace(
        [queue],
        [
          { id: 'S1', name: 'One' },
          { id: 'S2', name: 'Two' },
        ],
      );
      assert.deepEqual(
        groups?.map((group) => [group.name, group.queueIds]),
        [
          ['One', ['q']],
          ['Two', []],
        ],
      );
      assert.equal(groupQueuesBySpace([queue], [{ id: 'S1', name: 'One' }]), undefined);
    });
  });

  describe('poll', () => {
    it('sends nothing before the first load', async () => {
      const model = newModel();
      const result = await model.poll();
      assert.equal(result.kind, 'skipped');
      assert.equal(server.requests.length, 0);
    });

    it('sends nothing without a key', async () => {
      const model = newModel();
      await model.ensureQueues();
      server.requests.length = 0;
      connection = { kind: 'noKey' };

      const result = await model.poll();
      assert.equal(result.kind, 'skipped');
      assert.equal(server.requests.length, 0);
    });

    it('reloads queues and read records', async () => {
      const model = newModel();
      await model.ensureQueues();
      await model.loadAllRecords(bigQueueId);
      const smallQueueId = model.queues.find(
        (entry) => entry.queue.id !== bigQueueId && server.store.recordsOf(entry.queue.id).length > 0,
      )!.queue.id;
      await model.ensureRecords(smallQueueId);

      const target = model.findQueue(bigQueueId)!.records.find((record) => record.assigned_users.length === 0)!;
      await client.assignUsers(bigQueueId, target.id, ['ben.okafor@example.com']);
      const changes: Array<string | undefined> = [];
      model.onDidChange((queueId) => changes.push(queueId));

      const result = await model.poll();
      assert.equal(result.kind, 'updated');
      assert.deepEqual(changes, [undefined], 'one change for the whole tree');
      assert.ok(isComplete(model.findQueue(bigQueueId)!), 'the whole queue is read again');
      assert.equal(model.findQueue(bigQueueId)!.records.length, 1250);
      assert.deepEqual(
        model.findRecord(bigQueueId, target.id)?.assigned_users.map((assigned) => assigned.user.email),
        ['ben.okafor@example.com'],
      );
      assert.ok(model.findQueue(smallQueueId)!.recordsLoaded);
    });

    it('reads a partly read queue to the same depth', async () => {
      const model = newModel();
      await model.ensureQueues();
      await model.ensureRecords(bigQueueId);
      await model.loadMoreRecords(bigQueueId);
      server.requests.length = 0;

      await model.poll();
      const entry = model.findQueue(bigQueueId)!;
      assert.equal(entry.records.length, 200);
      assert.equal(entry.hasMore, true);
      assert.equal(server.requests.filter((request) => request.path.endsWith('/records')).length, 2);
    });

    it('leaves unread queues unread', async () => {
      const model = newModel();
      await model.ensureQueues();
      server.requests.length = 0;
      await model.poll();
      assert.ok(!server.requests.some((request) => request.path.endsWith('/records')));
      assert.ok(model.queues.every((entry) => !entry.recordsLoaded));
    });

    it('keeps the data and state on failure', async () => {
      const model = newModel();
      await model.ensureQueues();
      await model.loadAllRecords(bigQueueId);
      server.addFaults({ status: 401, detail: 'expired' });

      const result = await model.poll();
      assert.equal(result.kind, 'failed');
      assert.equal(stateOf(model), 'ready');
      assert.equal(model.findQueue(bigQueueId)?.records.length, 1250);
      assert.equal(model.findQueue(bigQueueId)?.recordsError, undefined, 'no error row for a poll');
    });

    it('keeps old data when the records fail', async () => {
      const model = newModel();
      await model.ensureQueues();
      await model.loadAllRecords(bigQueueId);
      server.addFaults({ status: 503, pathPrefix: '/v2/annotation-queues/', times: 10 });

      const result = await model.poll();
      assert.equal(result.kind, 'failed');
      assert.equal(model.findQueue(bigQueueId)?.records.length, 1250);
    });

    it('gives way to a refresh that starts meanwhile', async () => {
      const model = newModel();
      await model.ensureQueues();
      server.setKnobs({ latencyMs: 100 });
      const poll = model.poll();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const refresh = model.refresh();

      assert.equal((await poll).kind, 'skipped');
      await refresh;
      assert.equal(stateOf(model), 'ready');
    });

    it('skips while records load', async () => {
      const model = newModel();
      await model.ensureQueues();
      server.setKnobs({ latencyMs: 100 });
      const load = model.loadAllRecords(bigQueueId);
      const result = await model.poll();
      await load;
      assert.equal(result.kind, 'skipped');
    });
  });
});
