// Runs inside a real VS Code extension host, against the local Arize-compatible
// server that the runner started and named in ARIZE_SANDBOX_URL. The runner also
// points the setting arizeQueues.apiBaseUrl at that server.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as vscode from 'vscode';

import { CommandIds, EXTENSION_ID } from '../../src/constants';
import type { ExtensionApi } from '../../src/extension';
import type { TreeElement } from '../../src/tree/queueTreeProvider';
import { requestCount, sandboxKey, sandboxUrl, serverRecords } from './sandboxClient';

/** The queue rows in tree order, below their space rows when the view groups queues by space. */
async function queueElements(api: ExtensionApi): Promise<Array<TreeElement & { kind: 'queue' }>> {
  const queues: Array<TreeElement & { kind: 'queue' }> = [];
  for (const child of await api.provider.getChildren()) {
    const below = child.kind === 'space' ? await api.provider.getChildren(child) : [child];
    queues.push(...below.filter((element): element is TreeElement & { kind: 'queue' } => element.kind === 'queue'));
  }
  return queues;
}

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

describe('extension in a real VS Code', function () {
  let api: ExtensionApi;

  before(async function () {
    assert.ok(sandboxUrl, 'ARIZE_SANDBOX_URL is set by the test runner');
    await fetch(`${sandboxUrl}/__sandbox/reset`, { method: 'POST' });

    const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = await extension.activate();
  });

  it('activates and points at the local server', () => {
    assert.ok(api.model);
    const baseUrl = vscode.workspace.getConfiguration('arizeQueues').get<string>('apiBaseUrl');
    assert.equal(baseUrl, sandboxUrl);
  });

  it('registers every command', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of Object.values(CommandIds)) {
      assert.ok(commands.includes(id), id);
    }
  });

  it('shows no queues and makes no request without a key', async () => {
    await vscode.commands.executeCommand(CommandIds.clearApiKey);
    const before = await requestCount();
    const children = await api.provider.getChildren();
    assert.deepEqual(children, []);
    assert.equal(api.model.state.kind, 'noKey');
    assert.equal(await requestCount(), before);
  });

  it('rejects a wrong key and stores nothing', async () => {
    const stored = await vscode.commands.executeCommand<boolean>(CommandIds.setApiKey, 'wrong-key-123');
    assert.equal(stored, false);
    await api.model.refresh();
    assert.equal(api.model.state.kind, 'noKey');
  });

  it('stores a key the server accepts and lists the queues', async () => {
    const stored = await vscode.commands.executeCommand<boolean>(CommandIds.setApiKey, sandboxKey);
    assert.equal(stored, true);
    await api.model.refresh();

    const children = await queueElements(api);
    const labels = children.map((child) => label(api.provider.getTreeItem(child)));
    const serverQueues = (await (
      await fetch(`${sandboxUrl}/v2/annotation-queues?limit=100`, { headers: { Authorization: `Bearer ${sandboxKey}` } })
    ).json()) as { annotation_queues: Array<{ name: string }> };

    assert.deepEqual(
      labels,
      serverQueues.annotation_queues.map((queue) => queue.name),
    );
  });

  describe('with queues loaded', () => {
    let bigQueue: TreeElement & { kind: 'queue' };

    before(async () => {
      const children = await queueElements(api);
      const counts = await Promise.all(children.map(async (child) => (await serverRecords(child.queueId)).length));
      bigQueue = children[counts.indexOf(Math.max(...counts))];
    });

    it('shows a page of records with a last row to load more', async () => {
      const records = await api.provider.getChildren(bigQueue);
      assert.equal(records.length, 101);
      assert.equal(records[100].kind, 'loadMore');
      assert.equal(label(api.provider.getTreeItem(records[100])), 'Load more records…');

      const first = api.provider.getTreeItem(records[0]);
      assert.match(String(first.contextValue), /^record;(assigned|unassigned)/);
      assert.ok(first.description, 'the assignees or "unassigned"');
    });

    it('loads the next page from the load-more row', async () => {
      await vscode.commands.executeCommand(CommandIds.loadMoreRecords, bigQueue.queueId);
      const records = await api.provider.getChildren(bigQueue);
      assert.equal(records.length, 201);
      assert.equal(new Set(records.map((record) => (record.kind === 'record' ? record.recordId : 'more'))).size, 201);
    });

    it('renders hostile record data as plain text', async () => {
      const records = (await api.provider.getChildren(bigQueue)).filter((record) => record.kind === 'record');
      const tooltips = records
        .map((record) => api.provider.getTreeItem(record).tooltip)
        .filter((tooltip): tooltip is vscode.MarkdownString => tooltip instanceof vscode.MarkdownString);
      const hostile = tooltips.filter((tooltip) => tooltip.value.includes('command:'));

      assert.ok(hostile.length > 0, 'the seed has a record with a command: link');
      for (const tooltip of hostile) {
        assert.ok(!tooltip.isTrusted, 'tooltip is not trusted');
        assert.ok(!tooltip.supportHtml, 'tooltip renders no HTML');
        assert.doesNotMatch(tooltip.value, /(?<!\\)\]\(command:/, 'no live command link');
        assert.doesNotMatch(tooltip.value, /(?<!\\)<script/, 'no raw script tag');
      }
    });

    it('assigns users from command arguments and updates the tree', async () => {
      const [record] = await api.provider.getChildren(bigQueue);
      assert.equal(record.kind, 'record');
      const recordId = record.kind === 'record' ? record.recordId : '';

      const results = await vscode.commands.executeCommand<Array<{ outcome: { kind: string; after?: unknown[] } }>>(
        CommandIds.assignUsers,
        bigQueue.queueId,
        recordId,
        ['grace.kim@example.com', 'hiro.tanaka@example.com', 'Grace.Kim@example.com'],
      );
      assert.equal(results?.length, 1);
      assert.equal(results?.[0].outcome.kind, 'applied');
      assert.equal(results?.[0].outcome.after?.length, 2);

      const onServer = (await serverRecords(bigQueue.queueId)).find((candidate) => candidate.id === recordId);
      assert.deepEqual(
        onServer?.assigned_users.map((assigned) => assigned.user.email),
        ['grace.kim@example.com', 'hiro.tanaka@example.com'],
      );

      const item = api.provider.getTreeItem(record);
      assert.equal(item.description, 'grace.kim@example.com (pending), hiro.tanaka@example.com (pending)');
      assert.equal(item.contextValue, 'record;assigned;pending');
    });

    it('sends nothing for an invalid e-mail argument', async () => {
      const [record] = await api.provider.getChildren(bigQueue);
      const recordId = record.kind === 'record' ? record.recordId : '';
      const before = await requestCount();

      const response = await vscode.commands.executeCommand(CommandIds.assignUsers, bigQueue.queueId, recordId, [
        'grace.kim@example.com',
        'not-an-email',
      ]);
      assert.equal(response, undefined);
      assert.equal(await requestCount(), before);
    });

    it('sends nothing for 101 e-mails', async () => {
      const [record] = await api.provider.getChildren(bigQueue);
      const recordId = record.kind === 'record' ? record.recordId : '';
      const before = await requestCount();
      const emails = Array.from({ length: 101 }, (_, index) => `reviewer${index}@example.com`);

      const response = await vscode.commands.executeCommand(CommandIds.assignUsers, bigQueue.queueId, recordId, emails);
      assert.equal(response, undefined);
      assert.equal(await requestCount(), before);
    });

    it('undoes the last change from the journal', async () => {
      const [record] = await api.provider.getChildren(bigQueue);
      const recordId = record.kind === 'record' ? record.recordId : '';
      const before = (await serverRecords(bigQueue.queueId)).find((candidate) => candidate.id === recordId);

      await vscode.commands.executeCommand(CommandIds.assignUsers, bigQueue.queueId, recordId, ['jonas.berg@example.com']);
      const results = await vscode.commands.executeCommand<Array<{ outcome: { kind: string } }>>(
        CommandIds.undoLastAssignment,
        false,
      );
      assert.equal(results?.[0].outcome.kind, 'applied');

      const after = (await serverRecords(bigQueue.queueId)).find((candidate) => candidate.id === recordId);
      assert.deepEqual(
        after?.assigned_users.map((assigned) => assigned.user.email),
        before?.assigned_users.map((assigned) => assigned.user.email),
      );
    });

    it('exports the assignment history as CSV', async () => {
      const folder = vscode.Uri.file(os.tmpdir());
      const target = vscode.Uri.joinPath(folder, `arize-history-${Date.now()}.csv`);
      const written = await vscode.commands.executeCommand<vscode.Uri>(CommandIds.exportAssignmentHistory, target);
      assert.equal(written?.toString(), target.toString());

      const text = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
      await vscode.workspace.fs.delete(target);
      assert.match(text.split(/\r?\n/)[0], /^time,operation,entry_id,queue_id,record_id,label,before,after,undone$/);
      assert.ok(text.includes('jonas.berg@example.com'));
      assert.ok(!text.includes(sandboxKey), 'the key is not in the history');
    });

    it('rejects a plan with problems and sends nothing', async () => {
      const [record] = await api.provider.getChildren(bigQueue);
      const recordId = record.kind === 'record' ? record.recordId : '';
      const plan = vscode.Uri.joinPath(vscode.Uri.file(os.tmpdir()), `arize-plan-${Date.now()}.csv`);
      const rows = [
        'record_id,emails',
        `${recordId},ana.lopez@example.com;not-an-email`,
        'no-such-record,ben.okafor@example.com',
      ];
      await vscode.workspace.fs.writeFile(plan, Buffer.from(rows.join('\n'), 'utf8'));
      const before = await requestCount();

      const results = await vscode.commands.executeCommand(CommandIds.applyAssignmentPlan, plan, bigQueue.queueId);
      await vscode.workspace.fs.delete(plan);
      assert.equal(results, undefined);

      const requests = (await (await fetch(`${sandboxUrl}/__sandbox/requests`)).json()) as
        Array<{ method: string }> | { requests: Array<{ method: string }> };
      const list = Array.isArray(requests) ? requests : requests.requests;
      assert.ok(
        list.slice(before).every((request) => request.method === 'GET'),
        'only reads, no assign',
      );

      const problems = vscode.workspace.textDocuments.find((document) => document.uri.path.endsWith('plan-problems.md'));
      assert.ok(problems, 'the problems document is open');
      assert.match(problems.getText(), /Line 2: "not-an-email" is not a valid e-mail address\./);
      assert.match(problems.getText(), /Line 3: record "no-such-record" is not in the chosen queue\./);
    });

    it('keeps expanded queues loaded across refresh', async () => {
      await vscode.commands.executeCommand(CommandIds.refresh);
      const records = await api.provider.getChildren(bigQueue);
      assert.equal(records.length, 101);
    });
  });

  // Mocha runs a suite's own tests before its nested suites, so this one is nested too, to run last.
  describe('after clearing the key', () => {
    it('shows the welcome state', async () => {
      await vscode.commands.executeCommand(CommandIds.clearApiKey);
      await api.model.refresh();
      assert.equal(api.model.state.kind, 'noKey');
      assert.deepEqual(await api.provider.getChildren(), []);
    });
  });
});
