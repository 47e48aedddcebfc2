import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';

import { ArizeClient } from '../../src/api/client';
import { ArizeApiError } from '../../src/api/errors';
import { AnnotationQueue } from '../../src/api/types';
import { RunningArizeServer, SANDBOX_API_KEY } from '../../src/server/server';
import { makeClient, MemoryLogger, startServer, startSandbox } from './helpers';

async function rejectsWith(promise: Promise<unknown>, check: (error: ArizeApiError) => void): Promise<void> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ArizeApiError, `expected ArizeApiError, got ${String(error)}`);
    check(error);
    return;
  }
  assert.fail('expected the request to fail');
}

describe('API client against the local server', () => {
  let server: RunningArizeServer;
  let logger: MemoryLogger;
  let client: ArizeClient;
  let bigQueue: AnnotationQueue;

  before(async () => {
    logger = new MemoryLogger();
    ({ server, client, bigQueue } = await startSandbox(logger));
  });

  after(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.reset();
    logger.lines.length = 0;
  });

  describe('reading', () => {
    it('lists queues of two spaces', async () => {
      const queues = await client.listAllQueues();
      assert.ok(queues.length >= 4);
      assert.equal(new Set(queues.map((queue) => queue.space_id)).size, 2);
      assert.ok(queues.every((queue) => Array.isArray(queue.annotators)));
    });

    it('filters queues by space', async () => {
      const all = await client.listAllQueues();
      const spaceId = all[0].space_id;
      const filtered = await client.listAllQueues({ spaceId });
      assert.ok(filtered.length > 0);
      assert.ok(filtered.length < all.length);
      assert.ok(filtered.every((queue) => queue.space_id === spaceId));
    });

    it('gets one queue by an id that needs encoding', async () => {
      const queue = await client.getQueue(bigQueue.id);
      assert.equal(queue.id, bigQueue.id);
      assert.equal(queue.name, bigQueue.name);
    });

    it('pages through 1,250 records in three pages', async () => {
      const ids: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await client.listRecords(bigQueue.id, { limit: 500, cursor });
        ids.push(...page.items.map((record) => record.id));
        cursor = page.hasMore ? page.nextCursor : undefined;
        pages++;
      } while (cursor && pages < 10);

      assert.equal(pages, 3);
      assert.equal(ids.length, 1250);
      assert.equal(new Set(ids).size, 1250);
    });

    it('keeps paging when the server returns fewer records than asked', async () => {
      server.setKnobs({ maxPageSize: 7 });
      const first = await client.listRecords(bigQueue.id, { limit: 100 });
      assert.equal(first.items.length, 7);
      assert.equal(first.hasMore, true);
      const second = await client.listRecords(bigQueue.id, { limit: 100, cursor: first.nextCursor });
      assert.equal(second.items.length, 7);
      assert.notEqual(second.items[0].id, first.items[0].id);
    });

    it('normalises lower-case enum values', async () => {
      const queues = await client.listAllQueues();
      const summaries = await Promise.all(queues.map((queue) => client.listRecords(queue.id, { limit: 500 })));
      const statuses = new Set<string>();
      const sources = new Set<string>();
      for (const page of summaries) {
        for (const record of page.items) {
          sources.add(String(record.source_type));
          record.assigned_users.forEach((assigned) => statuses.add(String(assigned.completion_status)));
        }
      }
      assert.deepEqual([...sources].sort(), ['DATASET', 'SPANS']);
      assert.deepEqual([...statuses].sort(), ['COMPLETED', 'PENDING']);
    });

    it('logs method, path, status and duration but never the key', async () => {
      await client.listQueues({ limit: 2 });
      const line = logger.lines.find((entry) => entry.startsWith('info GET /v2/annotation-queues?limit=2 200 '));
      assert.ok(line, logger.lines.join('\n'));
      assert.match(line, / \d+ ms$/);
      assert.ok(logger.lines.every((entry) => !entry.includes(SANDBOX_API_KEY)));
    });
  });

  describe('assigning', () => {
    it('replaces the assignees and returns the stored spelling', async () => {
      const record = (await client.listRecords(bigQueue.id, { limit: 1 })).items[0];
      const response = await client.assignUsers(bigQueue.id, record.id, ['ANA.LOPEZ@example.com', 'dana.whitfield@example.com']);
      assert.deepEqual(
        response.assigned_users.map((assigned) => assigned.user.email),
        ['ana.lopez@example.com', 'Dana.Whitfield@example.com'],
      );
      assert.ok(response.assigned_users.every((assigned) => assigned.completion_status === 'PENDING'));

      const reread = (await client.listRecords(bigQueue.id, { limit: 1 })).items[0];
      assert.equal(reread.assigned_users.length, 2);
    });

    it('clears the assignees with an empty list', async () => {
      const record = (await client.listRecords(bigQueue.id, { limit: 1 })).items[0];
      await client.assignUsers(bigQueue.id, record.id, ['ben.okafor@example.com']);
      const response = await client.assignUsers(bigQueue.id, record.id, []);
      assert.deepEqual(response.assigned_users, []);
    });

    it('rejects 101 e-mails before sending', async () => {
      const emails = Array.from({ length: 101 }, (_, index) => `user${index}@example.com`);
      const before = server.requests.length;
      await rejectsWith(client.assignUsers(bigQueue.id, 'any', emails), (error) => {
        assert.equal(error.kind, 'invalidRequest');
      });
      assert.equal(server.requests.length, before);
    });

    it('reports an unknown user as 422 with the detail', async () => {
      const record = (await client.listRecords(bigQueue.id, { limit: 1 })).items[0];
      await rejectsWith(client.assignUsers(bigQueue.id, record.id, ['nobody@example.com']), (error) => {
        assert.equal(error.kind, 'http');
        assert.equal(error.status, 422);
        assert.match(error.detail ?? '', /nobody@example\.com/);
      });
    });
  });

  describe('errors', () => {
    it('turns a wrong key into 401 with the host', async () => {
      const wrongKey = makeClient(server, logger, { apiKey: 'not-a-key' });
      await rejectsWith(wrongKey.listQueues(), (error) => {
        assert.equal(error.status, 401);
        assert.equal(error.host, `127.0.0.1:${server.port}`);
        assert.equal(error.attempts, 1);
      });
      assert.ok(logger.lines.every((entry) => !entry.includes('not-a-key')));
    });

    it('turns an unknown queue into 404', async () => {
      await rejectsWith(client.listRecords('UXVldWU6OTk5OTk5'), (error) => {
        assert.equal(error.status, 404);
        assert.ok(error.title);
      });
    });

    it('turns an unknown record into 404', async () => {
      await rejectsWith(client.assignUsers(bigQueue.id, 'UmVjb3JkOjk5OTk5OQ==', []), (error) => {
        assert.equal(error.status, 404);
      });
    });

    for (const status of [403, 409, 422]) {
      it(`reports ${status} with the problem detail`, async () => {
        server.addFaults({ status, detail: `scripted ${status}` });
        await rejectsWith(client.listQueues(), (error) => {
          assert.equal(error.status, status);
          assert.equal(error.detail, `scripted ${status}`);
          assert.equal(error.attempts, 1);
        });
      });
    }

    it('keeps the status of an HTML 502 from a proxy', async () => {
      server.addFaults({ status: 502, body: 'html', times: 10 });
      await rejectsWith(client.listQueues(), (error) => {
        assert.equal(error.kind, 'http');
        assert.equal(error.status, 502);
        assert.ok(error.bodyExcerpt, 'an excerpt of the HTML page');
        assert.doesNotMatch(error.bodyExcerpt ?? '', /</);
        assert.equal(error.attempts, 4);
      });
    });

    it('retries a 503 and succeeds', async () => {
      server.addFaults({ status: 503, times: 2 });
      const page = await client.listQueues();
      assert.ok(page.items.length > 0);
      assert.equal(logger.lines.filter((line) => line.startsWith('warn') && line.includes('retry')).length, 2);
    });

    it('reports broken JSON as an invalid response', async () => {
      server.setKnobs({ brokenJson: true });
      await rejectsWith(client.listQueues(), (error) => {
        assert.equal(error.kind, 'invalidResponse');
        assert.equal(error.status, 200);
      });
    });

    it('honours Retry-After in seconds', async () => {
      server.addFaults({ status: 429, retryAfter: '1' });
      const started = Date.now();
      await client.listQueues();
      assert.ok(Date.now() - started >= 900, 'waited about one second');
      assert.ok(logger.lines.some((line) => line.includes('429 (Retry-After 1 s)')));
    });

    it('honours Retry-After as an HTTP date', async () => {
      const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
      server.addFaults({ status: 429, retryAfter: inTwoSeconds });
      const started = Date.now();
      await client.listQueues();
      assert.ok(Date.now() - started >= 500, 'waited for the date');
      assert.ok(logger.lines.some((line) => /429 \(Retry-After [12] s\)/.test(line)));
    });

    it('gives up on a 429 whose Retry-After exceeds the wait budget', async () => {
      server.addFaults({ status: 429, retryAfter: '3600' });
      await rejectsWith(client.listQueues(), (error) => {
        assert.equal(error.status, 429);
        assert.equal(error.retryAfterSeconds, 3600);
        assert.equal(error.attempts, 1);
      });
    });

    it('gives up after the attempt limit on a 429 that never ends', async () => {
      server.addFaults({ status: 429, retryAfter: '0', times: 100 });
      await rejectsWith(client.listQueues(), (error) => {
        assert.equal(error.status, 429);
        assert.equal(error.attempts, 4);
      });
    });

    it('times out a slow answer', async () => {
      const impatient = makeClient(server, logger, { timeoutMs: 200 });
      server.addFaults({ delayMs: 2_000 });
      await rejectsWith(impatient.listQueues(), (error) => {
        assert.equal(error.kind, 'timeout');
      });
    });

    it('stops when the caller cancels', async () => {
      server.addFaults({ delayMs: 2_000 });
      const controller = new AbortController();
      const request = client.listQueues({ signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      await rejectsWith(request, (error) => {
        assert.equal(error.kind, 'cancelled');
      });
    });

    it('retries a connection cut mid-response and succeeds', async () => {
      server.addFaults({ reset: true });
      const page = await client.listQueues();
      assert.ok(page.items.length > 0);
      assert.ok(logger.lines.some((line) => line.startsWith('warn GET /v2/annotation-queues network; retry 1')));
    });

    it('reports a refused connection as a network error', async () => {
      const closed = await startServer();
      await closed.close();
      const nowhere = makeClient(closed, logger);
      await rejectsWith(nowhere.listQueues(), (error) => {
        assert.equal(error.kind, 'network');
        assert.equal(error.attempts, 4);
      });
    });

    it('rejects plain HTTP to a host that is not loopback without sending', async () => {
      const insecure = makeClient(server, logger, { baseUrl: 'http://arize.invalid' });
      await rejectsWith(insecure.listQueues(), (error) => {
        assert.equal(error.kind, 'invalidRequest');
        assert.equal(error.attempts, 0);
      });
    });

    it('reports a 200 that does not match the schema', async () => {
      const odd = http.createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ queues: [], next: null }));
      });
      await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
      const port = (odd.address() as AddressInfo).port;

      try {
        const oddClient = makeClient(server, logger, { baseUrl: `http://127.0.0.1:${port}` });
        await rejectsWith(oddClient.listQueues(), (error) => {
          assert.equal(error.kind, 'invalidResponse');
          assert.match(error.detail ?? '', /annotation_queues is not an array/);
        });
      } finally {
        await new Promise((resolve) => odd.close(resolve));
      }
    });
  });
});
