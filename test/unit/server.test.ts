import * as assert from 'node:assert/strict';
import type {
  AnnotationQueue,
  AssignRecordResponse,
  ListQueuesResponse,
  ListRecordsResponse,
  ListSpacesResponse,
  Problem,
} from '../../src/api/types';
import { parseCommandLine } from '../../src/server/cliOptions';
import { type RunningArizeServer, SANDBOX_API_KEY, startArizeServer } from '../../src/server/server';
import { SandboxStore, type SeedSummary } from '../../src/server/store';

// These tests start the sandbox on a free loopback port and talk to it over
// real HTTP with Node's global fetch, as a client of the API would.

const ERRORS_DOC = 'https://arize.com/docs/ax/rest-reference/errors';

interface CallOptions {
  method?: string;
  /** Sent as JSON unless it is already a string. */
  body?: unknown;
  /** API key to send. With null, no Authorization header is sent. */
  key?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

describe('Arize sandbox server', function () {
  let server: RunningArizeServer;
  let seed: SeedSummary;
  let bigQueueId: string;
  let legacyQueueId: string;
  let emptyQueueId: string;
  let supportSpaceId: string;
  let researchSpaceId: string;
  const logLines: string[] = [];

  before(async function () {
    server = await startArizeServer({ log: (line) => logLines.push(line) });
    seed = server.store.summarize();
    bigQueueId = findQueue('Escalated conversations').id;
    legacyQueueId = findQueue('Legacy triage').id;
    emptyQueueId = findQueue('Retrieval relevance').id;
    supportSpaceId = seed.spaces[0].id;
    researchSpaceId = seed.spaces[1].id;
  });

  after(async function () {
    await server.close();
  });

  beforeEach(function () {
    server.reset();
    logLines.length = 0;
  });

  function findQueue(namePart: string): SeedSummary['queues'][number] {
    const queue = seed.queues.find((candidate) => candidate.name.includes(namePart));
    assert.ok(queue, `seed has no queue named like ${namePart}`);
    return queue;
  }

  function call(path: string, options: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? SANDBOX_API_KEY : options.key;

    if (key !== null) {
      headers.Authorization = `Bearer ${key}`;
    }

    let body: string | undefined;

    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }

    return fetch(`${server.url}${path}`, { method: options.method ?? 'GET', headers, body, signal: options.signal });
  }

  async function callJson<T>(path: string, options: CallOptions = {}): Promise<{ status: number; body: T; response: Response }> {
    const response = await call(path, options);
    const body = (await response.json()) as T;
    return { status: response.status, body, response };
  }

  async function expectProblem(response: Response, status: number, anchor?: string): Promise<Problem> {
    assert.equal(response.status, status);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);

    const problem = (await response.json()) as Problem;
    assert.equal(problem.status, status);
    assert.equal(typeof problem.title, 'string');

    if (anchor !== undefined) {
      assert.equal(problem.type, `${ERRORS_DOC}#${anchor}`);
    }

    return problem;
  }

  function recordsPath(queueId: string, query = ''): string {
    return `/v2/annotation-queues/${encodeURIComponent(queueId)}/records${query}`;
  }

  function assignPath(queueId: string, recordId: string): string {
    return `${recordsPath(queueId)}/${encodeURIComponent(recordId)}/assign`;
  }

  function firstRecordId(queueId: string): string {
    return server.store.recordsOf(queueId)[0].id;
  }

  describe('authentication', function () {
    it('rejects a request without Authorization', async function () {
      const response = await call('/v2/annotation-queues', { key: null });
      const problem = await expectProblem(response, 401, 'authentication-required');

      assert.equal(response.headers.get('www-authenticate'), 'Bearer');
      assert.match(problem.detail ?? '', /Authorization/);
    });

    it('rejects an unknown key without echoing it', async function () {
      const response = await call('/v2/annotation-queues', { key: 'not-the-key-123' });
      const problem = await expectProblem(response, 401, 'authentication-required');

      assert.doesNotMatch(JSON.stringify(problem), /not-the-key-123/);
    });

    it('rejects a scheme other than Bearer', async function () {
      const response = await call('/v2/annotation-queues', {
        key: null,
        headers: { Authorization: SANDBOX_API_KEY },
      });

      await expectProblem(response, 401);
    });

    it('accepts the Bearer scheme in any case', async function () {
      const response = await call('/v2/spaces', { key: null, headers: { Authorization: `bearer ${SANDBOX_API_KEY}` } });

      assert.equal(response.status, 200);
    });

    it('accepts only the configured apiKeys', async function () {
      const custom = await startArizeServer({ apiKeys: ['team-key-1', 'team-key-2'] });

      try {
        const headersFor = (key: string) => ({ headers: { Authorization: `Bearer ${key}` } });

        assert.equal((await fetch(`${custom.url}/v2/spaces`, headersFor('team-key-2'))).status, 200);
        assert.equal((await fetch(`${custom.url}/v2/spaces`, headersFor(SANDBOX_API_KEY))).status, 401);
      } finally {
        await custom.close();
      }
    });

    it('never logs the key', async function () {
      await call('/v2/spaces');
      await call('/v2/spaces', { key: 'wrong-key-456' });

      assert.equal(logLines.length, 2);
      assert.ok(logLines.every((line) => !line.includes(SANDBOX_API_KEY) && !line.includes('wrong-key-456')));
      assert.match(logLines[0], /^GET \/v2\/spaces 200 \d+ms$/);
      assert.match(logLines[1], /^GET \/v2\/spaces 401 \d+ms$/);
    });
  });

  describe('GET /v2/annotation-queues', function () {
    it('lists all seeded queues in both spaces', async function () {
      const { status, body } = await callJson<ListQueuesResponse>('/v2/annotation-queues');

      assert.equal(status, 200);
      assert.equal(body.annotation_queues.length, 5);
      assert.deepEqual(body.pagination, { has_more: false });
      assert.deepEqual(
        new Set(body.annotation_queues.map((queue) => queue.space_id)),
        new Set([supportSpaceId, researchSpaceId]),
      );

      for (const queue of body.annotation_queues) {
        assert.equal(typeof queue.id, 'string');
        assert.equal(typeof queue.created_at, 'string');
        assert.ok(queue.annotators.length > 0);
        assert.ok(queue.annotators.every((user) => user.email.endsWith('@example.com')));
      }
    });

    it('filters by space_id', async function () {
      const { body } = await callJson<ListQueuesResponse>(
        `/v2/annotation-queues?space_id=${encodeURIComponent(researchSpaceId)}`,
      );

      assert.equal(body.annotation_queues.length, 2);
      assert.ok(body.annotation_queues.every((queue) => queue.space_id === researchSpaceId));
    });

    it('filters by space_name substring ignoring case', async function () {
      const { body } = await callJson<ListQueuesResponse>('/v2/annotation-queues?space_name=SUPPORT%20bot');

      assert.equal(body.annotation_queues.length, 3);
      assert.ok(body.annotation_queues.every((queue) => queue.space_id === supportSpaceId));
    });

    it('filters by name substring ignoring case', async function () {
      const { body } = await callJson<ListQueuesResponse>('/v2/annotation-queues?name=REFUND');

      assert.deepEqual(
        body.annotation_queues.map((queue) => queue.name),
        ['Refund policy answers'],
      );
    });

    it('returns 404 for an unknown space_id', async function () {
      const response = await call('/v2/annotation-queues?space_id=U3BhY2U6OTk5OTk%3D');

      await expectProblem(response, 404, 'resource-not-found');
    });

    it('pages with limit and cursor', async function () {
      const names: string[] = [];
      let path = '/v2/annotation-queues?limit=2';
      let pages = 0;

      while (pages < 10) {
        const { body } = await callJson<ListQueuesResponse>(path);
        pages += 1;
        names.push(...body.annotation_queues.map((queue) => queue.name));

        if (!body.pagination.has_more) {
          assert.equal(body.pagination.next_cursor, undefined);
          break;
        }

        path = `/v2/annotation-queues?limit=2&cursor=${encodeURIComponent(body.pagination.next_cursor ?? '')}`;
      }

      assert.equal(pages, 3);
      assert.deepEqual(
        names,
        seed.queues.map((queue) => queue.name),
      );
    });

    it('rejects limit above 100', async function () {
      await expectProblem(await call('/v2/annotation-queues?limit=101'), 400, 'invalid-request');
    });

    it('accepts limit 100', async function () {
      assert.equal((await call('/v2/annotation-queues?limit=100')).status, 200);
    });
  });

  describe('GET /v2/annotation-queues/{id}', function () {
    it('returns the queue by an id ending in %3D', async function () {
      assert.ok(bigQueueId.endsWith('='));

      const { status, body, response } = await callJson<AnnotationQueue>(
        `/v2/annotation-queues/${encodeURIComponent(bigQueueId)}`,
      );

      assert.equal(status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(body.id, bigQueueId);
      assert.equal(body.name, 'Escalated conversations – weekly review');
      assert.equal(body.annotators.length, 6);
      assert.deepEqual(
        body.annotation_configs?.map((config) => config.type),
        ['CATEGORICAL', 'CONTINUOUS', 'FREEFORM'],
      );
    });

    it('logs the path as sent, percent-encoded', async function () {
      await call(`/v2/annotation-queues/${encodeURIComponent(bigQueueId)}`);

      assert.equal(server.requests.length, 1);
      assert.equal(server.requests[0].path, `/v2/annotation-queues/${bigQueueId.replace(/=/g, '%3D')}`);
    });

    it('returns 404 for an unknown queue', async function () {
      const problem = await expectProblem(
        await call('/v2/annotation-queues/QW5ub3RhdGlvblF1ZXVlOjE%3D'),
        404,
        'resource-not-found',
      );

      assert.match(problem.detail ?? '', /QW5ub3RhdGlvblF1ZXVlOjE=/);
    });

    it('returns 404 for an id that is not base64', async function () {
      await expectProblem(await call('/v2/annotation-queues/aq_abc123'), 404);
    });

    it('returns 400 for broken percent-encoding', async function () {
      await expectProblem(await call('/v2/annotation-queues/abc%ZZ'), 400);
    });
  });

  describe('GET /v2/annotation-queues/{id}/records', function () {
    it('pages through 1,250 records and ends without next_cursor', async function () {
      const ids: string[] = [];
      const pageSizes: number[] = [];
      let path = recordsPath(bigQueueId, '?limit=500');

      for (let page = 0; page < 10; page++) {
        const { status, body } = await callJson<ListRecordsResponse>(path);
        assert.equal(status, 200);
        ids.push(...body.records.map((record) => record.id));
        pageSizes.push(body.records.length);

        if (!body.pagination.has_more) {
          assert.ok(!('next_cursor' in body.pagination));
          break;
        }

        assert.equal(typeof body.pagination.next_cursor, 'string');
        path = recordsPath(bigQueueId, `?limit=500&cursor=${encodeURIComponent(body.pagination.next_cursor ?? '')}`);
      }

      assert.deepEqual(pageSizes, [500, 500, 250]);
      assert.equal(new Set(ids).size, 1250);
      assert.deepEqual(
        ids,
        server.store.recordsOf(bigQueueId).map((record) => record.id),
      );
    });

    it('defaults to 50 records per page', async function () {
      const { body } = await callJson<ListRecordsResponse>(recordsPath(bigQueueId));

      assert.equal(body.records.length, 50);
      assert.equal(body.pagination.has_more, true);
    });

    it('mixes span and dataset records, assignees and statuses', async function () {
      const { body } = await callJson<ListRecordsResponse>(recordsPath(bigQueueId, '?limit=500'));
      const records = body.records;

      assert.ok(records.some((record) => record.source_type === 'SPANS' && record.granularity === 'SPAN'));
      assert.ok(records.some((record) => record.source_type === 'SPANS' && record.granularity === 'TRACE'));
      assert.ok(records.some((record) => record.source_type === 'DATASET'));
      assert.ok(records.some((record) => record.assigned_users.length === 0));
      assert.ok(records.some((record) => record.assigned_users.length === 1));
      assert.ok(records.some((record) => record.assigned_users.length > 1));
      assert.ok(records.some((record) => record.assigned_users.some((user) => user.completion_status === 'COMPLETED')));
      assert.ok(records.some((record) => record.assigned_users.some((user) => user.completion_status === 'PENDING')));
      assert.ok(records.some((record) => record.annotations.length > 0));
      assert.ok(records.some((record) => record.evaluations.length > 0));
      assert.ok(records.some((record) => record.trace_annotations.length > 0));
    });

    it('sends span and dataset fields in data', async function () {
      const { body } = await callJson<ListRecordsResponse>(recordsPath(bigQueueId, '?limit=100'));
      const span = body.records.find((record) => record.source_type === 'SPANS');
      const example = body.records.find((record) => record.source_type === 'DATASET');

      assert.ok(span);
      assert.ok(example);

      for (const field of [
        'attributes.openinference.span.kind',
        'name',
        'attributes.input.value',
        'attributes.output.value',
        'context.span_id',
        'context.trace_id',
      ]) {
        assert.ok(field in span.data, `span record lacks ${field}`);
      }

      for (const field of ['input', 'output', 'expected']) {
        assert.ok(field in example.data, `dataset record lacks ${field}`);
      }
    });

    it('includes a hostile record on the first page', async function () {
      const { body } = await callJson<ListRecordsResponse>(recordsPath(bigQueueId));
      const hostile = body.records.find((record) => seed.hostileRecordIds.includes(record.id));

      assert.ok(hostile);

      const text = JSON.stringify(hostile.data);
      assert.match(text, /<script>/);
      assert.match(text, /\]\(command:/);
      assert.match(text, /javascript:/);
    });

    it('sends lower-case enums for the legacy queue', async function () {
      const { body } = await callJson<ListRecordsResponse>(recordsPath(legacyQueueId));
      const statuses = body.records.flatMap((record) => record.assigned_users.map((user) => user.completion_status));

      assert.ok(body.records.length > 0);
      assert.ok(body.records.every((record) => record.source_type === 'spans'));
      assert.ok(body.records.every((record) => record.granularity === 'span' || record.granularity === 'trace'));
      assert.ok(statuses.length > 0);
      assert.ok(statuses.every((status) => status === 'pending' || status === 'completed'));
      assert.equal(server.store.recordsOf(legacyQueueId)[0].source_type, 'SPANS');
    });

    it('returns an empty page for the empty queue', async function () {
      const { status, body } = await callJson<ListRecordsResponse>(recordsPath(emptyQueueId));

      assert.equal(status, 200);
      assert.deepEqual(body, { records: [], pagination: { has_more: false } });
    });

    for (const limit of ['0', '501', 'abc', '1.5', '-1', '']) {
      it(`rejects limit=${JSON.stringify(limit)}`, async function () {
        const problem = await expectProblem(await call(recordsPath(bigQueueId, `?limit=${limit}`)), 400, 'invalid-request');

        assert.match(problem.detail ?? '', /limit/);
      });
    }

    it('accepts limit 1 and 500', async function () {
      const one = await callJson<ListRecordsResponse>(recordsPath(bigQueueId, '?limit=1'));
      const many = await callJson<ListRecordsResponse>(recordsPath(bigQueueId, '?limit=500'));

      assert.equal(one.body.records.length, 1);
      assert.equal(many.body.records.length, 500);
    });

    it('rejects a made-up cursor', async function () {
      const problem = await expectProblem(await call(recordsPath(bigQueueId, '?cursor=not-a-cursor')), 400, 'invalid-request');

      assert.match(problem.detail ?? '', /cursor/);
    });

    it("rejects another queue's cursor", async function () {
      const first = await callJson<ListRecordsResponse>(recordsPath(findQueue('Refund').id, '?limit=5'));
      const cursor = first.body.pagination.next_cursor ?? '';

      await expectProblem(await call(recordsPath(bigQueueId, `?cursor=${encodeURIComponent(cursor)}`)), 400);
    });

    it('returns 404 for an unknown queue', async function () {
      await expectProblem(await call(recordsPath('QW5ub3RhdGlvblF1ZXVlOjE=')), 404, 'resource-not-found');
    });
  });

  describe('POST .../records/{recordId}/assign', function () {
    it('replaces the assignees and returns the partial record', async function () {
      const recordId = firstRecordId(bigQueueId);
      const { status, body } = await callJson<AssignRecordResponse>(assignPath(bigQueueId, recordId), {
        method: 'POST',
        body: { assigned_user_emails: ['grace.kim@example.com', 'ana.lopez@example.com'] },
      });

      assert.equal(status, 200);
      assert.deepEqual(Object.keys(body).sort(), ['annotation_queue_id', 'assigned_users', 'granularity', 'id', 'source_type']);
      assert.equal(body.id, recordId);
      assert.equal(body.annotation_queue_id, bigQueueId);
      assert.deepEqual(
        body.assigned_users.map((assigned) => [assigned.user.email, assigned.completion_status]),
        [
          ['grace.kim@example.com', 'PENDING'],
          ['ana.lopez@example.com', 'PENDING'],
        ],
      );

      const listed = await callJson<ListRecordsResponse>(recordsPath(bigQueueId, '?limit=1'));
      assert.deepEqual(listed.body.records[0].assigned_users, body.assigned_users);
    });

    it('replaces rather than merges', async function () {
      const path = assignPath(bigQueueId, firstRecordId(bigQueueId));

      await call(path, { method: 'POST', body: { assigned_user_emails: ['ana.lopez@example.com', 'ben.okafor@example.com'] } });
      const { body } = await callJson<AssignRecordResponse>(path, {
        method: 'POST',
        body: { assigned_user_emails: ['chen.wei@example.com'] },
      });

      assert.deepEqual(
        body.assigned_users.map((assigned) => assigned.user.email),
        ['chen.wei@example.com'],
      );
    });

    it('clears the assignees with an empty array', async function () {
      const record = server.store.recordsOf(bigQueueId).find((candidate) => candidate.assigned_users.length > 1);
      assert.ok(record);

      const { status, body } = await callJson<AssignRecordResponse>(assignPath(bigQueueId, record.id), {
        method: 'POST',
        body: { assigned_user_emails: [] },
      });

      assert.equal(status, 200);
      assert.deepEqual(body.assigned_users, []);
      assert.deepEqual(server.store.findRecord(bigQueueId, record.id)?.assigned_users, []);
    });

    it('matches e-mails ignoring case and returns the stored spelling', async function () {
      const { body } = await callJson<AssignRecordResponse>(assignPath(bigQueueId, firstRecordId(bigQueueId)), {
        method: 'POST',
        body: { assigned_user_emails: ['dana.whitfield@EXAMPLE.com', 'ANA.LOPEZ@example.com'] },
      });

      assert.deepEqual(
        body.assigned_users.map((assigned) => assigned.user.email),
        ['Dana.Whitfield@example.com', 'ana.lopez@example.com'],
      );
    });

    it('removes duplicates ignoring case', async function () {
      const { body } = await callJson<AssignRecordResponse>(assignPath(bigQueueId, firstRecordId(bigQueueId)), {
        method: 'POST',
        body: { assigned_user_emails: ['ben.okafor@example.com', 'chen.wei@example.com', 'Ben.Okafor@example.com'] },
      });

      assert.deepEqual(
        body.assigned_users.map((assigned) => assigned.user.email),
        ['ben.okafor@example.com', 'chen.wei@example.com'],
      );
    });

    it('accepts users who are not queue annotators', async function () {
      const { status } = await callJson<AssignRecordResponse>(assignPath(bigQueueId, firstRecordId(bigQueueId)), {
        method: 'POST',
        body: { assigned_user_emails: ['liam.oconnor@example.com'] },
      });

      assert.equal(status, 200);
    });

    it('resets completed users to PENDING by default', async function () {
      const record = server.store
        .recordsOf(bigQueueId)
        .find((candidate) => candidate.assigned_users.some((user) => user.completion_status === 'COMPLETED'));
      assert.ok(record);
      const emails = record.assigned_users.map((assigned) => assigned.user.email);

      const { body } = await callJson<AssignRecordResponse>(assignPath(bigQueueId, record.id), {
        method: 'POST',
        body: { assigned_user_emails: emails },
      });

      assert.ok(body.assigned_users.every((assigned) => assigned.completion_status === 'PENDING'));
    });

    it("keeps kept users' status with completedOnReassign 'keep'", async function () {
      server.setKnobs({ completedOnReassign: 'keep' });
      const record = server.store
        .recordsOf(bigQueueId)
        .find((candidate) => candidate.assigned_users.some((user) => user.completion_status === 'COMPLETED'));
      assert.ok(record);
      const before = record.assigned_users.map((assigned) => [assigned.user.email, assigned.completion_status]);
      const newcomer = seed.userEmails.find((email) => !before.some(([existing]) => existing === email)) ?? '';

      const { body } = await callJson<AssignRecordResponse>(assignPath(bigQueueId, record.id), {
        method: 'POST',
        body: { assigned_user_emails: [...before.map(([email]) => email), newcomer] },
      });

      assert.deepEqual(
        body.assigned_users.map((assigned) => [assigned.user.email, assigned.completion_status]),
        [...before, [newcomer, 'PENDING']],
      );
    });

    it('sends lower-case enums for the legacy queue', async function () {
      const { body } = await callJson<AssignRecordResponse>(assignPath(legacyQueueId, firstRecordId(legacyQueueId)), {
        method: 'POST',
        body: { assigned_user_emails: ['ines.moreau@example.com'] },
      });

      assert.equal(body.source_type, 'spans');
      assert.equal(body.assigned_users[0].completion_status, 'pending');
    });

    it('rejects 101 e-mails with 422', async function () {
      const emails = Array.from({ length: 101 }, () => 'ana.lopez@example.com');
      const response = await call(assignPath(bigQueueId, firstRecordId(bigQueueId)), {
        method: 'POST',
        body: { assigned_user_emails: emails },
      });
      const problem = await expectProblem(response, 422, 'unprocessable-entity');

      assert.match(problem.detail ?? '', /100/);
    });

    it('accepts 100 e-mails', async function () {
      const emails = Array.from({ length: 100 }, (_, index) => seed.userEmails[index % seed.userEmails.length]);
      const { status, body } = await callJson<AssignRecordResponse>(assignPath(bigQueueId, firstRecordId(bigQueueId)), {
        method: 'POST',
        body: { assigned_user_emails: emails },
      });

      assert.equal(status, 200);
      assert.equal(body.assigned_users.length, seed.userEmails.length);
    });

    for (const bad of [
      'not-an-email',
      'ana.lopez@',
      '@example.com',
      ' ana.lopez@example.com',
      'ana lopez@example.com',
      'ana@localhost',
    ]) {
      it(`rejects ${JSON.stringify(bad)} with 422 naming it`, async function () {
        const response = await call(assignPath(bigQueueId, firstRecordId(bigQueueId)), {
          method: 'POST',
          body: { assigned_user_emails: ['ana.lopez@example.com', bad] },
        });
        const problem = await expectProblem(response, 422, 'unprocessable-entity');

        assert.ok(problem.detail?.includes(JSON.stringify(bad)), problem.detail);
      });
    }

    it('rejects an unknown user with 422 naming the e-mail', async function () {
      const response = await call(assignPath(bigQueueId, firstRecordId(bigQueueId)), {
        method: 'POST',
        body: { assigned_user_emails: ['ana.lopez@example.com', 'nobody@example.com'] },
      });
      const problem = await expectProblem(response, 422, 'unprocessable-entity');

      assert.match(problem.detail ?? '', /nobody@example\.com/);
    });

    it('changes nothing when validation fails', async function () {
      const record = server.store.recordsOf(bigQueueId)[0];
      const before = structuredClone(record.assigned_users);

      await call(assignPath(bigQueueId, record.id), {
        method: 'POST',
        body: { assigned_user_emails: ['grace.kim@example.com', 'nobody@example.com'] },
      });

      assert.deepEqual(server.store.findRecord(bigQueueId, record.id)?.assigned_users, before);
    });

    it('rejects a string instead of an array with 400', async function () {
      const response = await call(assignPath(bigQueueId, firstRecordId(bigQueueId)), {
        method: 'POST',
        body: { assigned_user_emails: 'a@b.c' },
      });

      await expectProblem(response, 400, 'invalid-request');
    });

    it('rejects a non-string item with 400', async function () {
      const response = await call(assignPath(bigQueueId, firstRecordId(bigQueueId)), {
        method: 'POST',
        body: { assigned_user_emails: ['ana.lopez@example.com', 42] },
      });
      const problem = await expectProblem(response, 400);

      assert.match(problem.detail ?? '', /\[1\]/);
    });

    it('rejects a missing field with 400', async function () {
      await expectProblem(
        await call(assignPath(bigQueueId, firstRecordId(bigQueueId)), { method: 'POST', body: { emails: [] } }),
        400,
      );
    });

    it('rejects malformed JSON with 400', async function () {
      const response = await call(assignPath(bigQueueId, firstRecordId(bigQueueId)), {
        method: 'POST',
        body: '{"assigned_user_emails": [',
      });

      await expectProblem(response, 400, 'invalid-request');
    });

    it('rejects an empty body with 400', async function () {
      await expectProblem(await call(assignPath(bigQueueId, firstRecordId(bigQueueId)), { method: 'POST' }), 400);
    });

    it('returns 404 for an unknown record', async function () {
      const response = await call(assignPath(bigQueueId, 'QW5ub3RhdGlvblF1ZXVlUmVjb3JkOjE='), {
        method: 'POST',
        body: { assigned_user_emails: [] },
      });

      await expectProblem(response, 404, 'resource-not-found');
    });

    it("returns 404 for another queue's record", async function () {
      const response = await call(assignPath(bigQueueId, firstRecordId(legacyQueueId)), {
        method: 'POST',
        body: { assigned_user_emails: [] },
      });

      await expectProblem(response, 404);
    });

    it('returns 404 for an unknown queue', async function () {
      const response = await call(assignPath('QW5ub3RhdGlvblF1ZXVlOjE=', firstRecordId(bigQueueId)), {
        method: 'POST',
        body: { assigned_user_emails: [] },
      });

      await expectProblem(response, 404);
    });

    it('returns 405 for GET', async function () {
      const response = await call(assignPath(bigQueueId, firstRecordId(bigQueueId)));

      await expectProblem(response, 405);
      assert.equal(response.headers.get('allow'), 'POST');
    });
  });

  describe('GET /v2/spaces', function () {
    it('lists both spaces', async function () {
      const { body } = await callJson<ListSpacesResponse>('/v2/spaces');

      assert.deepEqual(
        body.spaces.map((space) => space.name),
        ['Support Bot – Production', 'Research Evals'],
      );
      assert.deepEqual(body.pagination, { has_more: false });
    });

    it('pages with limit 1', async function () {
      const first = await callJson<ListSpacesResponse>('/v2/spaces?limit=1');
      const cursor = encodeURIComponent(first.body.pagination.next_cursor ?? '');
      const second = await callJson<ListSpacesResponse>(`/v2/spaces?limit=1&cursor=${cursor}`);

      assert.equal(first.body.spaces[0].id, supportSpaceId);
      assert.equal(second.body.spaces[0].id, researchSpaceId);
      assert.equal(second.body.pagination.has_more, false);
    });

    it('filters by name', async function () {
      const { body } = await callJson<ListSpacesResponse>('/v2/spaces?name=evals');

      assert.deepEqual(
        body.spaces.map((space) => space.id),
        [researchSpaceId],
      );
    });

    it('rejects limit 0', async function () {
      await expectProblem(await call('/v2/spaces?limit=0'), 400);
    });
  });

  describe('routing', function () {
    it('returns 404 problem for an unknown /v2 route', async function () {
      await expectProblem(await call('/v2/annotation-queues-typo'), 404, 'resource-not-found');
    });

    it('returns 404 for paths outside /v2', async function () {
      await expectProblem(await call('/v1/annotation-queues'), 404);
    });

    it('returns 405 with Allow for DELETE on the queue list', async function () {
      const response = await call('/v2/annotation-queues', { method: 'DELETE' });

      await expectProblem(response, 405);
      assert.equal(response.headers.get('allow'), 'GET');
    });
  });

  describe('knobs', function () {
    it('delays responses by latencyMs', async function () {
      server.setKnobs({ latencyMs: 150 });
      const started = performance.now();

      const response = await call('/v2/spaces');

      assert.equal(response.status, 200);
      assert.ok(performance.now() - started >= 145);
    });

    it('sends 429 with Retry-After at rateLimitFraction 1', async function () {
      server.setKnobs({ rateLimitFraction: 1, retryAfter: '7' });
      const response = await call('/v2/annotation-queues');

      await expectProblem(response, 429, 'rate-limit-exceeded');
      assert.equal(response.headers.get('retry-after'), '7');
    });

    it('sends an HTTP-date Retry-After as given', async function () {
      const date = new Date(Date.now() + 3000).toUTCString();
      server.setKnobs({ rateLimitFraction: 1, retryAfter: date });

      const response = await call('/v2/annotation-queues');

      assert.equal(response.status, 429);
      assert.equal(response.headers.get('retry-after'), date);
    });

    it('rate-limits a repeatable share of requests', async function () {
      const statusesOfRun = async (): Promise<number[]> => {
        server.reset();
        server.setKnobs({ rateLimitFraction: 0.5 });
        const statuses: number[] = [];

        for (let i = 0; i < 40; i++) {
          statuses.push((await call('/v2/spaces')).status);
        }

        return statuses;
      };

      const first = await statusesOfRun();
      const second = await statusesOfRun();
      const limited = first.filter((status) => status === 429).length;

      assert.ok(limited >= 8, `${limited} of 40 were 429`);
      assert.ok(limited <= 32, `${limited} of 40 were 429`);
      assert.ok(first.every((status) => status === 200 || status === 429));
      assert.deepEqual(second, first);
    });

    it('sends 503 at serverErrorFraction 1', async function () {
      server.setKnobs({ serverErrorFraction: 1 });

      await expectProblem(await call('/v2/annotation-queues'), 503, 'service-unavailable');
    });

    it('sends HTML error bodies with htmlErrors', async function () {
      server.setKnobs({ htmlErrors: true });
      const response = await call('/v2/annotation-queues', { key: null });
      const text = await response.text();

      assert.equal(response.status, 401);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(text, /<html>/);
      assert.throws(() => JSON.parse(text));
    });

    it('leaves successes as JSON with htmlErrors', async function () {
      server.setKnobs({ htmlErrors: true });

      const { status } = await callJson<ListSpacesResponse>('/v2/spaces');

      assert.equal(status, 200);
    });

    it('cuts 200 bodies in half with brokenJson', async function () {
      server.setKnobs({ brokenJson: true });
      const response = await call('/v2/annotation-queues');
      const text = await response.text();

      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      assert.ok(text.length > 10);
      assert.throws(() => JSON.parse(text));
    });

    it('caps page size with maxPageSize and still pages', async function () {
      server.setKnobs({ maxPageSize: 7 });
      const first = await callJson<ListRecordsResponse>(recordsPath(bigQueueId, '?limit=50'));
      const cursor = encodeURIComponent(first.body.pagination.next_cursor ?? '');
      const second = await callJson<ListRecordsResponse>(recordsPath(bigQueueId, `?limit=50&cursor=${cursor}`));
      const storedIds = server.store.recordsOf(bigQueueId).map((record) => record.id);

      assert.equal(first.body.records.length, 7);
      assert.equal(first.body.pagination.has_more, true);
      assert.deepEqual(
        second.body.records.map((record) => record.id),
        storedIds.slice(7, 14),
      );
    });

    it('rejects invalid knob values', function () {
      assert.throws(() => server.setKnobs({ rateLimitFraction: 2 }), /rateLimitFraction/);
      assert.throws(() => server.setKnobs({ maxPageSize: 0 }), /maxPageSize/);
      assert.throws(() => server.setKnobs({ latencyMs: -1 }), /latencyMs/);
    });

    it('does not apply to control endpoints', async function () {
      server.setKnobs({ serverErrorFraction: 1, brokenJson: true });
      const response = await fetch(`${server.url}/__sandbox/info`);

      assert.equal(response.status, 200);
      assert.ok(JSON.parse(await response.text()));
    });
  });

  describe('faults', function () {
    it('answers the next request with the fault status once', async function () {
      server.addFaults({ status: 502, body: 'html' });

      const faulted = await call('/v2/spaces');
      const next = await call('/v2/spaces');

      assert.equal(faulted.status, 502);
      assert.match(faulted.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(next.status, 200);
    });

    it('applies faults in order and honours times', async function () {
      server.addFaults({ status: 429, retryAfter: '2', times: 2 }, { status: 500 });
      const statuses: number[] = [];
      const retryAfters: Array<string | null> = [];

      for (let i = 0; i < 4; i++) {
        const response = await call('/v2/spaces');
        statuses.push(response.status);
        retryAfters.push(response.headers.get('retry-after'));
      }

      assert.deepEqual(statuses, [429, 429, 500, 200]);
      assert.deepEqual(retryAfters, ['2', '2', null, null]);
    });

    it('matches method and pathPrefix', async function () {
      server.addFaults({ status: 409, method: 'post', pathPrefix: '/v2/annotation-queues/' });

      const get = await call(recordsPath(bigQueueId));
      const post = await call(assignPath(bigQueueId, firstRecordId(bigQueueId)), {
        method: 'POST',
        body: { assigned_user_emails: [] },
      });

      assert.equal(get.status, 200);
      await expectProblem(post, 409, 'resource-conflict');
    });

    it('sends the detail, or an empty or broken body', async function () {
      server.addFaults(
        { status: 403, detail: 'Annotators cannot assign.' },
        { status: 500, body: 'empty' },
        { status: 500, body: 'broken-json' },
      );

      const problem = await expectProblem(await call('/v2/spaces'), 403, 'access-forbidden');
      const empty = await call('/v2/spaces');
      const broken = await call('/v2/spaces');

      assert.equal(problem.detail, 'Annotators cannot assign.');
      assert.equal(empty.status, 500);
      assert.equal(await empty.text(), '');
      assert.equal(broken.status, 500);
      assert.match(broken.headers.get('content-type') ?? '', /^application\/json/);
      const brokenText = await broken.text();
      assert.throws(() => JSON.parse(brokenText));
    });

    it('breaks a 200 body with a status-less broken-json fault', async function () {
      server.addFaults({ body: 'broken-json' });
      const response = await call('/v2/spaces');

      assert.equal(response.status, 200);
      await assert.rejects(response.json());
    });

    it('delays the answer with delayMs', async function () {
      server.addFaults({ delayMs: 200 });
      const started = performance.now();

      const response = await call('/v2/spaces');

      assert.equal(response.status, 200);
      assert.ok(performance.now() - started >= 195);
    });

    it('lets a client time out during delayMs', async function () {
      server.addFaults({ delayMs: 5000 });
      const started = performance.now();

      await assert.rejects(call('/v2/spaces', { signal: AbortSignal.timeout(100) }), { name: 'TimeoutError' });
      assert.ok(performance.now() - started < 2000);
    });

    it('cuts the connection mid-body with reset', async function () {
      server.addFaults({ reset: true });
      const response = await call('/v2/annotation-queues');

      assert.equal(response.status, 200);
      await assert.rejects(response.text());

      const next = await call('/v2/annotation-queues');
      assert.equal(next.status, 200);
    });

    it('applies the write before a reset fault cuts the response', async function () {
      server.addFaults({ reset: true, method: 'POST' });
      const recordId = firstRecordId(bigQueueId);

      const response = await call(assignPath(bigQueueId, recordId), {
        method: 'POST',
        body: { assigned_user_emails: ['hiro.tanaka@example.com'] },
      });
      await assert.rejects(response.text());

      assert.deepEqual(
        server.store.findRecord(bigQueueId, recordId)?.assigned_users.map((assigned) => assigned.user.email),
        ['hiro.tanaka@example.com'],
      );
    });

    it('rejects malformed faults', function () {
      assert.throws(() => server.addFaults({ status: 99 }), /status/);
      assert.throws(() => server.addFaults({ body: 'xml' as never }), /body/);
      assert.throws(() => server.addFaults({ times: 0 }), /times/);
    });
  });

  describe('reset', function () {
    it('restores data, knobs, faults and the request log', async function () {
      const record = server.store.recordsOf(bigQueueId)[0];
      const before = structuredClone(record.assigned_users);
      await call(assignPath(bigQueueId, record.id), {
        method: 'POST',
        body: { assigned_user_emails: ['kavya.reddy@example.com'] },
      });
      server.setKnobs({ latencyMs: 300 });
      server.addFaults({ status: 500 });
      const store = server.store;

      server.reset();

      assert.equal(server.store, store);
      assert.deepEqual(server.store.findRecord(bigQueueId, record.id)?.assigned_users, before);
      assert.equal(server.requests.length, 0);

      const started = performance.now();
      assert.equal((await call('/v2/spaces')).status, 200);
      assert.ok(performance.now() - started < 250);
    });

    it('restores the knobs given at start', async function () {
      const slow = await startArizeServer({ knobs: { maxPageSize: 3 } });

      try {
        slow.setKnobs({ maxPageSize: 9 });
        slow.reset();
        const response = await fetch(`${slow.url}${recordsPath(bigQueueId)}`, {
          headers: { Authorization: `Bearer ${SANDBOX_API_KEY}` },
        });
        const body = (await response.json()) as ListRecordsResponse;

        assert.equal(body.records.length, 3);
      } finally {
        await slow.close();
      }
    });
  });

  describe('seed data', function () {
    it('is the same on every run', function () {
      const first = new SandboxStore();
      const second = new SandboxStore();

      assert.deepEqual(first.summarize(), second.summarize());
      assert.deepEqual(first.recordsOf(bigQueueId), second.recordsOf(bigQueueId));
    });

    it('has two spaces, five queues and twelve users', function () {
      assert.equal(seed.spaces.length, 2);
      assert.equal(seed.queues.length, 5);
      assert.equal(seed.userEmails.length, 12);
      assert.ok(seed.userEmails.every((email) => email.toLowerCase().endsWith('@example.com')));
      assert.equal(findQueue('Escalated').recordCount, 1250);
      assert.equal(findQueue('Retrieval').recordCount, 0);
    });

    it('has several ids ending in =', function () {
      const recordIds = server.store.recordsOf(bigQueueId).map((record) => record.id);

      assert.ok(seed.queues.filter((queue) => queue.id.endsWith('=')).length >= 2);
      assert.ok(recordIds.filter((id) => id.endsWith('=')).length > 100);
      assert.ok(recordIds.filter((id) => !id.endsWith('=')).length > 100);
    });
  });

  describe('control endpoints', function () {
    it('GET /__sandbox/info returns the seed summary', async function () {
      const response = await fetch(`${server.url}/__sandbox/info`);
      const info = (await response.json()) as SeedSummary;

      assert.deepEqual(info, seed);
    });

    it('PUT /__sandbox/knobs sets knobs and returns them all', async function () {
      const response = await fetch(`${server.url}/__sandbox/knobs`, {
        method: 'PUT',
        body: JSON.stringify({ serverErrorFraction: 1 }),
      });
      const knobs = (await response.json()) as Record<string, unknown>;

      assert.equal(response.status, 200);
      assert.equal(knobs.serverErrorFraction, 1);
      assert.equal(knobs.maxPageSize, 500);
      assert.equal((await call('/v2/spaces')).status, 503);
    });

    it('PUT /__sandbox/knobs rejects an unknown knob', async function () {
      const response = await fetch(`${server.url}/__sandbox/knobs`, { method: 'PUT', body: JSON.stringify({ latency: 5 }) });
      const problem = await expectProblem(response, 400);

      assert.match(problem.detail ?? '', /latency/);
    });

    it('POST /__sandbox/faults queues faults', async function () {
      const response = await fetch(`${server.url}/__sandbox/faults`, {
        method: 'POST',
        body: JSON.stringify([{ status: 504, body: 'html' }, { status: 401 }]),
      });

      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { queued: 2 });
      assert.equal((await call('/v2/spaces')).status, 504);
      assert.equal((await call('/v2/spaces')).status, 401);
      assert.equal((await call('/v2/spaces')).status, 200);
    });

    it('POST /__sandbox/faults rejects a malformed fault', async function () {
      const response = await fetch(`${server.url}/__sandbox/faults`, {
        method: 'POST',
        body: JSON.stringify([{ status: 'soon' }]),
      });

      await expectProblem(response, 400);
    });

    it('GET /__sandbox/requests lists API requests only', async function () {
      await call('/v2/spaces?limit=1', { key: null });
      await call('/v2/spaces');
      const response = await fetch(`${server.url}/__sandbox/requests`);
      const { requests } = (await response.json()) as { requests: typeof server.requests };

      assert.equal(requests.length, 2);
      assert.deepEqual(
        requests.map((entry) => [entry.method, entry.path, entry.status, entry.hadAuthorization]),
        [
          ['GET', '/v2/spaces', 401, false],
          ['GET', '/v2/spaces', 200, true],
        ],
      );
      assert.deepEqual(requests[0].query, { limit: '1' });
      assert.equal(typeof requests[0].at, 'number');
    });

    it('POST /__sandbox/reset restores the seed', async function () {
      const recordId = firstRecordId(bigQueueId);
      const before = structuredClone(server.store.recordsOf(bigQueueId)[0].assigned_users);
      await call(assignPath(bigQueueId, recordId), { method: 'POST', body: { assigned_user_emails: [] } });

      const response = await fetch(`${server.url}/__sandbox/reset`, { method: 'POST' });

      assert.equal(response.status, 204);
      assert.deepEqual(server.store.findRecord(bigQueueId, recordId)?.assigned_users, before);
    });

    it('POST /__sandbox/queues adds a generated queue', async function () {
      const response = await fetch(`${server.url}/__sandbox/queues`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Generated', records: 1200 }),
      });
      assert.equal(response.status, 201);
      const { id } = (await response.json()) as { id: string };

      assert.equal(server.store.recordsOf(id).length, 1200);
      const recordId = server.store.recordsOf(id)[0].id;
      const assigned = await call(assignPath(id, recordId), {
        method: 'POST',
        body: { assigned_user_emails: ['ana.lopez@example.com'] },
      });
      assert.equal(assigned.status, 200);

      server.reset();
      assert.equal(server.store.findQueue(id), undefined);
    });

    it('POST /__sandbox/queues rejects a bad count', async function () {
      const response = await fetch(`${server.url}/__sandbox/queues`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Too big', records: 10_000_000 }),
      });
      await expectProblem(response, 400);
    });

    it('returns 404 for an unknown control path', async function () {
      await expectProblem(await fetch(`${server.url}/__sandbox/nothing`), 404);
    });
  });

  describe('close', function () {
    it('ends a request that is waiting on a delay', async function () {
      const temporary = await startArizeServer({ knobs: { latencyMs: 10_000 } });
      const pending = fetch(`${temporary.url}/v2/spaces`).then(
        () => 'answered',
        () => 'failed',
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = performance.now();

      await temporary.close();

      assert.ok(performance.now() - started < 2000);
      assert.equal(await pending, 'failed');
    });
  });
});

describe('sandbox command line', function () {
  it('defaults to port 8787 and no knobs', function () {
    assert.deepEqual(parseCommandLine([], {}), { help: false, options: { port: 8787, knobs: {} } });
  });

  it('reads ARIZE_SANDBOX_PORT', function () {
    const parsed = parseCommandLine([], { ARIZE_SANDBOX_PORT: '9100' });

    assert.ok(!parsed.help);
    assert.equal(parsed.options.port, 9100);
  });

  it('prefers --port over the environment', function () {
    const parsed = parseCommandLine(['--port', '9200'], { ARIZE_SANDBOX_PORT: '9100' });

    assert.ok(!parsed.help);
    assert.equal(parsed.options.port, 9200);
  });

  it('parses every knob flag', function () {
    const parsed = parseCommandLine(
      [
        '--latency-ms=250',
        '--rate-limit-fraction',
        '0.2',
        '--server-error-fraction',
        '.05',
        '--html-errors',
        '--broken-json',
        '--max-page-size',
        '40',
        '--retry-after',
        '3',
        '--keep-completed-on-reassign',
      ],
      {},
    );

    assert.ok(!parsed.help);
    assert.deepEqual(parsed.options.knobs, {
      latencyMs: 250,
      rateLimitFraction: 0.2,
      serverErrorFraction: 0.05,
      htmlErrors: true,
      brokenJson: true,
      maxPageSize: 40,
      retryAfter: '3',
      completedOnReassign: 'keep',
    });
  });

  it('rejects bad values with the flag name', function () {
    assert.throws(() => parseCommandLine(['--port', '70000'], {}), /--port value "70000"/);
    assert.throws(() => parseCommandLine(['--latency-ms', 'soon'], {}), /--latency-ms/);
    assert.throws(() => parseCommandLine(['--rate-limit-fraction', '1.5'], {}), /--rate-limit-fraction/);
    assert.throws(() => parseCommandLine(['--max-page-size', '0'], {}), /--max-page-size/);
    assert.throws(() => parseCommandLine(['--port'], {}), /Missing value for --port/);
    assert.throws(() => parseCommandLine(['--verbose'], {}), /Unknown option "--verbose"/);
    assert.throws(() => parseCommandLine([], { ARIZE_SANDBOX_PORT: 'x' }), /ARIZE_SANDBOX_PORT/);
  });

  it('returns help for --help', function () {
    assert.deepEqual(parseCommandLine(['--help'], {}), { help: true });
  });
});
