// The fault matrix: each case drives the extension through a command, with the
// local server's fault knobs set, and checks what the user sees (messages, the
// tree), what the server holds, and the journal.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as vscode from 'vscode';

import { CommandIds, EXTENSION_ID } from '../../src/constants';
import type { ExtensionApi } from '../../src/extension';
import type { Fault } from '../../src/server/server';
import { requestCount, sandbox, sandboxKey, sandboxUrl, serverRecords, WireRecord } from './sandboxClient';

const host = new URL(sandboxUrl || 'http://127.0.0.1').host;

const BIG_QUEUE = 'Escalated conversations – weekly review';
const LEGACY_QUEUE = 'Legacy triage (pre-v2 export)';
const EMPTY_QUEUE = 'Retrieval relevance – Q3 benchmark';

interface SeedInfo {
  queues: Array<{ id: string; name: string; recordCount: number }>;
}

type Results = Array<{ intent: { recordId: string }; outcome: { kind: string } }>;

function addFaults(...faults: Fault[]): Promise<unknown> {
  return sandbox('/__sandbox/faults', 'POST', faults);
}

async function queueId(name: string): Promise<string> {
  const info = (await sandbox('/__sandbox/info')) as SeedInfo;
  const queue = info.queues.find((candidate) => candidate.name === name);
  assert.ok(queue, `seeded queue ${name}`);
  return queue.id;
}

async function emailsOnServer(queue: string, recordId: string): Promise<string[]> {
  const record = (await serverRecords(queue)).find((candidate) => candidate.id === recordId);
  return (record?.assigned_users ?? []).map((assigned) => assigned.user.email);
}

async function journalLength(): Promise<number> {
  const target = vscode.Uri.joinPath(vscode.Uri.file(os.tmpdir()), `arize-journal-${Date.now()}-${Math.random()}.json`);
  const written = await vscode.commands.executeCommand<vscode.Uri | undefined>(CommandIds.exportAssignmentHistory, target);
  if (!written) {
    return 0;
  }
  const entries = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8')) as unknown[];
  await vscode.workspace.fs.delete(target);
  return entries.length;
}

describe('fault matrix', function () {
  let api: ExtensionApi;
  let bigQueue: string;
  let records: WireRecord[];
  let configuration: vscode.WorkspaceConfiguration;

  /** Messages shown since `mark`, newest last. */
  const messagesSince = (mark: number) => api.shownMessages().slice(mark);
  const lastMessage = () => api.shownMessages().at(-1)?.message ?? '';

  before(async function () {
    this.timeout(120_000);
    const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    configuration = vscode.workspace.getConfiguration('arizeQueues');

    await sandbox('/__sandbox/reset', 'POST');
    assert.equal(await vscode.commands.executeCommand(CommandIds.setApiKey, sandboxKey), true);
    bigQueue = await queueId(BIG_QUEUE);
    records = (await serverRecords(bigQueue)).slice(0, 40);
    await api.model.refresh();
  });

  afterEach(async () => {
    await sandbox('/__sandbox/faults', 'DELETE');
    await sandbox('/__sandbox/knobs', 'PUT', {
      latencyMs: 0,
      rateLimitFraction: 0,
      serverErrorFraction: 0,
      htmlErrors: false,
      brokenJson: false,
    });
  });

  after(async () => {
    await configuration.update('apiBaseUrl', sandboxUrl, vscode.ConfigurationTarget.Global);
    await configuration.update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await sandbox('/__sandbox/reset', 'POST');
  });

  /** Finds the tree element of a queue, under its space row when queues are grouped. */
  async function findQueueElement(id: string) {
    for (const root of await api.provider.getChildren()) {
      const below = root.kind === 'queue' ? [root] : await api.provider.getChildren(root);
      const match = below.find((child) => child.kind === 'queue' && child.queueId === id);
      if (match) {
        return match;
      }
    }
    assert.fail(`queue ${id} is not in the tree`);
  }

  const assign = (recordId: string, emails: string[]) =>
    vscode.commands.executeCommand<Results | undefined>(CommandIds.assignUsers, bigQueue, recordId, emails);

  describe('single requests', () => {
    it('401: prompts once for a new key however often it fails', async () => {
      const mark = api.shownMessages().length;
      await addFaults({ status: 401, times: 20 });
      await api.model.refresh();
      await api.model.refresh();
      await api.model.refresh();

      assert.equal(api.model.state.kind, 'error');
      const prompts = messagesSince(mark).filter((shown) => shown.message.includes('rejected the stored API key (401)'));
      assert.equal(prompts.length, 1);
      assert.ok(prompts[0].message.includes(host));
    });

    it('403: names the host and the region setting', async () => {
      await addFaults({ status: 403, detail: 'Forbidden for this space' });
      await api.model.refresh();
      assert.equal(api.model.state.kind, 'error');
      const message = api.treeView.message ?? '';
      assert.match(message, /403: Forbidden for this space/);
      assert.ok(message.includes(host));
      assert.match(message, /arizeQueues\.apiBaseUrl/);
      await api.model.refresh();
      assert.equal(api.model.state.kind, 'ready');
    });

    it('404 queue: says not found and changes nothing', async () => {
      const before = await journalLength();
      const results = await vscode.commands.executeCommand<Results>(CommandIds.assignUsers, 'UXVldWU6OTk5OTk5', records[0].id, [
        'ana.lopez@example.com',
      ]);
      assert.equal(results?.[0].outcome.kind, 'failed');
      assert.match(lastMessage(), /not found on .* \(404/);
      assert.equal(await journalLength(), before);
    });

    it('404 record: says the record is gone', async () => {
      const results = await assign('UmVjb3JkOjk5OTk5OTk=', ['ana.lopez@example.com']);
      assert.equal(results?.[0].outcome.kind, 'failed');
      assert.match(lastMessage(), /not in the queue any more/);
    });

    it('409: reports the conflict status', async () => {
      const before = await emailsOnServer(bigQueue, records[1].id);
      await addFaults({ status: 409, method: 'POST', detail: 'Assignment is locked' });
      const results = await assign(records[1].id, ['ana.lopez@example.com', 'ben.okafor@example.com']);
      assert.equal(results?.[0].outcome.kind, 'failed');
      assert.match(lastMessage(), /rejected the request \(409: Assignment is locked\)/);
      assert.deepEqual(await emailsOnServer(bigQueue, records[1].id), before);
    });

    it('422: shows the server detail', async () => {
      const results = await assign(records[1].id, ['nobody.here@example.com']);
      assert.equal(results?.[0].outcome.kind, 'failed');
      assert.match(lastMessage(), /422: .*nobody\.here@example\.com/);
    });

    it('429 with Retry-After seconds: waits and succeeds', async () => {
      await addFaults({ status: 429, retryAfter: '1', method: 'POST' });
      const results = await assign(records[2].id, ['chen.wei@example.com', 'emil.novak@example.com']);
      assert.equal(results?.[0].outcome.kind, 'applied');
      assert.deepEqual(await emailsOnServer(bigQueue, records[2].id), ['chen.wei@example.com', 'emil.novak@example.com']);
      assert.match(lastMessage(), /is now assigned to chen\.wei@example\.com, emil\.novak@example\.com/);
    });

    it('429 with an HTTP-date Retry-After: waits and succeeds', async () => {
      await addFaults({ status: 429, retryAfter: new Date(Date.now() + 1500).toUTCString(), method: 'POST' });
      const results = await assign(records[2].id, ['grace.kim@example.com', 'hiro.tanaka@example.com']);
      assert.equal(results?.[0].outcome.kind, 'applied');
      assert.deepEqual(await emailsOnServer(bigQueue, records[2].id), ['grace.kim@example.com', 'hiro.tanaka@example.com']);
    });

    it('429 that never ends: gives up with the attempt count', async () => {
      await addFaults({ status: 429, retryAfter: '1', method: 'POST', times: 50 });
      const results = await assign(records[3].id, ['ines.moreau@example.com', 'jonas.berg@example.com']);
      assert.equal(results?.[0].outcome.kind, 'failed');
      assert.match(lastMessage(), /limiting the request rate \(429\) and still refused after 5 attempts/);
    });

    for (const status of [500, 502, 503]) {
      it(`${status} with an HTML body: names the status, not the markup`, async () => {
        await addFaults({ status, body: 'html', method: 'POST', times: 10 });
        const results = await assign(records[4].id, ['kavya.reddy@example.com']);
        assert.equal(results?.[0].outcome.kind, 'failed');
        const message = lastMessage();
        assert.ok(message.includes(`server error (${status}`), message);
        assert.doesNotMatch(message, /<html|<body|<h1/i);
      });
    }

    it('connection cut mid-response: retries and succeeds', async () => {
      await addFaults({ reset: true, method: 'POST' });
      const results = await assign(records[5].id, ['liam.oconnor@example.com', 'ana.lopez@example.com']);
      assert.equal(results?.[0].outcome.kind, 'applied');
      assert.deepEqual(await emailsOnServer(bigQueue, records[5].id), ['liam.oconnor@example.com', 'ana.lopez@example.com']);
    });

    it('timeout: says the server did not answer in time', async () => {
      await configuration.update('requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
      try {
        await addFaults({ delayMs: 3000, method: 'POST' });
        const results = await assign(records[6].id, ['ben.okafor@example.com']);
        assert.equal(results?.[0].outcome.kind, 'failed');
        assert.match(lastMessage(), /did not answer within 1 seconds/);
      } finally {
        await configuration.update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('truncated JSON: says the response is not API JSON', async () => {
      await addFaults({ body: 'broken-json', method: 'POST' });
      const results = await assign(records[7].id, ['chen.wei@example.com']);
      assert.equal(results?.[0].outcome.kind, 'failed');
      assert.match(lastMessage(), /sent a response that is not Arize API JSON/);
    });

    it('lower-case enums: records show their real status', async () => {
      const legacy = await queueId(LEGACY_QUEUE);
      await api.model.refresh();
      await api.model.ensureRecords(legacy);
      const entry = api.model.findQueue(legacy);
      assert.ok(entry, 'the legacy queue is loaded');
      assert.ok(entry.records.length > 0, 'the legacy queue has records');
      const statuses = entry.records.flatMap((record) => record.assigned_users.map((assigned) => assigned.completion_status));
      assert.ok(statuses.length > 0);
      assert.ok(
        statuses.every((status) => status === 'PENDING' || status === 'COMPLETED'),
        statuses.join(),
      );
    });

    it('empty queue: loads with no records and no error', async () => {
      const empty = await queueId(EMPTY_QUEUE);
      await api.model.ensureRecords(empty);
      const entry = api.model.findQueue(empty);
      assert.equal(entry?.recordsLoaded, true);
      assert.equal(entry?.records.length, 0);
      assert.equal(entry?.recordsError, undefined);
    });

    it('10,000-record queue: pages in 100s and filters over every record', async () => {
      const created = (await sandbox('/__sandbox/queues', 'POST', { name: 'Load test – 10,000 records', records: 10_000 })) as {
        id: string;
      };
      await api.model.refresh();
      await api.model.ensureRecords(created.id);
      const entry = api.model.findQueue(created.id);
      assert.equal(entry?.records.length, 100);
      assert.equal(entry?.hasMore, true);

      await vscode.commands.executeCommand(CommandIds.loadMoreRecords, created.id);
      assert.equal(entry?.records.length, 200);

      const all = await serverRecords(created.id);
      assert.equal(all.length, 10_000);
      const unassigned = all.filter((record) => record.assigned_users.length === 0).length;
      await vscode.commands.executeCommand(CommandIds.filterRecords, { kind: 'unassigned' });
      try {
        const element = await findQueueElement(created.id);
        const description = String(api.provider.getTreeItem(element).description ?? '');
        assert.ok(description.startsWith(`${unassigned} matching`), description);
      } finally {
        await vscode.commands.executeCommand(CommandIds.clearFilter);
      }
    });

    it('base URL with a trailing slash or /v2: still works', async () => {
      for (const variant of [`${sandboxUrl}/`, `${sandboxUrl}/v2/`]) {
        await configuration.update('apiBaseUrl', variant, vscode.ConfigurationTarget.Global);
        assert.equal(await vscode.commands.executeCommand(CommandIds.setApiKey, sandboxKey), true, variant);
        await api.model.refresh();
        assert.equal(api.model.state.kind, 'ready', variant);
      }
      await configuration.update('apiBaseUrl', sandboxUrl, vscode.ConfigurationTarget.Global);
    });

    it('base URL with a query: rejected without a request', async () => {
      // Let the reload that the previous setting change started finish first.
      await api.model.ensureQueues();
      const before = await requestCount();
      await configuration.update('apiBaseUrl', `${sandboxUrl}/?region=eu`, vscode.ConfigurationTarget.Global);
      await api.model.refresh();
      assert.equal(api.model.state.kind, 'invalidBaseUrl');
      assert.match(api.treeView.message ?? '', /must not contain a query/);
      assert.equal(await requestCount(), before);
      await configuration.update('apiBaseUrl', sandboxUrl, vscode.ConfigurationTarget.Global);
    });

    it('plain HTTP to another host: rejected before the key is sent', async () => {
      await configuration.update('apiBaseUrl', 'http://arize.invalid', vscode.ConfigurationTarget.Global);
      await api.model.refresh();
      assert.equal(api.model.state.kind, 'invalidBaseUrl');
      assert.match(api.treeView.message ?? '', /plain http:\/\/ for a host that is not this machine/);
      const stored = await vscode.commands.executeCommand(CommandIds.setApiKey, 'any-key');
      assert.equal(stored, false);
      await configuration.update('apiBaseUrl', sandboxUrl, vscode.ConfigurationTarget.Global);
      await api.model.refresh();
      assert.equal(api.model.state.kind, 'ready');
    });
  });

  describe('bulk runs', () => {
    /** Writes a plan for the given records and runs it without preview, as a script would. */
    async function runPlan(recordIds: string[], emails: string[]): Promise<Results> {
      const plan = vscode.Uri.joinPath(vscode.Uri.file(os.tmpdir()), `arize-plan-${Date.now()}.csv`);
      const rows = ['record_id,emails', ...recordIds.map((recordId) => `${recordId},${emails.join(';')}`)];
      await vscode.workspace.fs.writeFile(plan, Buffer.from(rows.join('\n'), 'utf8'));
      try {
        const results = await vscode.commands.executeCommand<Results>(CommandIds.applyAssignmentPlan, plan, bigQueue, {
          preview: false,
        });
        assert.ok(results, 'the plan ran');
        return results;
      } finally {
        await vscode.workspace.fs.delete(plan);
      }
    }

    async function assertReportMatchesServer(
      results: Results,
      emails: string[],
      untouched: Map<string, string[]>,
    ): Promise<void> {
      const onServer = new Map(
        (await serverRecords(bigQueue)).map((record) => [
          record.id,
          record.assigned_users.map((assigned) => assigned.user.email),
        ]),
      );
      for (const { intent, outcome } of results) {
        assert.ok(['applied', 'skipped', 'failed'].includes(outcome.kind), `${intent.recordId}: ${outcome.kind}`);
        const now = onServer.get(intent.recordId);
        if (outcome.kind === 'failed') {
          assert.deepEqual(now, untouched.get(intent.recordId), `failed ${intent.recordId} is unchanged`);
        } else {
          assert.deepEqual(now, emails, `${outcome.kind} ${intent.recordId} holds the list`);
        }
      }
    }

    const pathOf = (recordId: string) =>
      `/v2/annotation-queues/${encodeURIComponent(bigQueue)}/records/${encodeURIComponent(recordId)}/`;

    it('partial 422 failure: reported per record, and Retry Failed finishes the job', async () => {
      const ids = records.slice(10, 16).map((record) => record.id);
      const emails = ['fatima.haddad@example.com', 'grace.kim@example.com'];
      const untouched = new Map(
        await Promise.all(ids.map(async (id) => [id, await emailsOnServer(bigQueue, id)] as [string, string[]])),
      );
      const journalBefore = await journalLength();
      await addFaults(
        { status: 422, detail: 'temporarily rejected', method: 'POST', pathPrefix: pathOf(ids[1]) },
        { status: 422, detail: 'temporarily rejected', method: 'POST', pathPrefix: pathOf(ids[4]) },
      );

      const results = await runPlan(ids, emails);
      assert.deepEqual(
        results.map((result) => result.outcome.kind),
        ['applied', 'failed', 'applied', 'applied', 'failed', 'applied'],
      );
      await assertReportMatchesServer(results, emails, untouched);
      assert.match(lastMessage(), /4 applied, 0 skipped, 0 changed meanwhile, 2 failed, 0 not run/);
      assert.equal(await journalLength(), journalBefore + 1);

      const retry = await vscode.commands.executeCommand<Results>(CommandIds.retryFailed, false);
      assert.deepEqual(
        retry?.map((result) => result.intent.recordId),
        [ids[1], ids[4]],
      );
      assert.deepEqual(
        retry?.map((result) => result.outcome.kind),
        ['applied', 'applied'],
      );
      for (const id of ids) {
        assert.deepEqual(await emailsOnServer(bigQueue, id), emails);
      }
    });

    it('HTML 503s on some records: retried until every record is applied', async () => {
      const ids = records.slice(20, 26).map((record) => record.id);
      const emails = ['hiro.tanaka@example.com', 'ines.moreau@example.com'];
      await addFaults(
        { status: 503, body: 'html', method: 'POST', pathPrefix: pathOf(ids[0]), times: 2 },
        { status: 502, body: 'html', method: 'POST', pathPrefix: pathOf(ids[3]), times: 1 },
      );
      const results = await runPlan(ids, emails);
      assert.deepEqual(
        results.map((result) => result.outcome.kind),
        ids.map(() => 'applied'),
      );
      await assertReportMatchesServer(results, emails, new Map());
    });

    it('20% of requests rate limited: slows down and loses nothing', async () => {
      const ids = records.slice(26, 40).map((record) => record.id);
      const emails = ['jonas.berg@example.com', 'kavya.reddy@example.com'];
      await sandbox('/__sandbox/knobs', 'PUT', { rateLimitFraction: 0.2, retryAfter: '0' });
      const results = await runPlan(ids, emails);
      await sandbox('/__sandbox/knobs', 'PUT', { rateLimitFraction: 0 });
      assert.deepEqual(
        results.map((result) => result.outcome.kind),
        ids.map(() => 'applied'),
      );
      await assertReportMatchesServer(results, emails, new Map());
    });

    it('a record that keeps failing: reported failed, then retried after the fault clears', async () => {
      const ids = records.slice(30, 33).map((record) => record.id);
      const emails = ['liam.oconnor@example.com'];
      const untouched = new Map(
        await Promise.all(ids.map(async (id) => [id, await emailsOnServer(bigQueue, id)] as [string, string[]])),
      );
      await addFaults({ status: 500, body: 'html', method: 'POST', pathPrefix: pathOf(ids[2]), times: 1 });

      const results = await runPlan(ids, emails);
      await assertReportMatchesServer(results, emails, untouched);
      assert.equal(results.filter((result) => result.outcome.kind === 'failed').length, 1);

      const retry = await vscode.commands.executeCommand<Results>(CommandIds.retryFailed, false);
      assert.deepEqual(
        retry?.map((result) => result.outcome.kind),
        ['applied'],
      );
      assert.deepEqual(await emailsOnServer(bigQueue, ids[2]), emails);
    });
  });
});
