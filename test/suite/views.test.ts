// Filters, progress, record details, profiles, links to Arize and
// auto-refresh in a real extension host, against the local server that the
// runner names in ARIZE_SANDBOX_URL. The profile tests start a second local
// server in this process, as a second account with its own key.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { CommandIds, EXTENSION_ID, SETTINGS_SECTION, SettingKeys, ViewIds } from '../../src/constants';
import type { ExtensionApi } from '../../src/extension';
import { RunningArizeServer, startArizeServer } from '../../src/server/server';
import type { QueueProgress } from '../../src/tree/queueProgress';
import type { RecordFilter } from '../../src/tree/recordFilter';
import type { TreeElement } from '../../src/tree/queueTreeProvider';
import { requestCount, sandbox, sandboxKey, sandboxUrl, serverRecords, WireRecord } from './sandboxClient';

const BIG_QUEUE = 'Escalated conversations – weekly review';

interface SeedInfo {
  spaces: Array<{ id: string; name: string }>;
  queues: Array<{ id: string; name: string; spaceId: string; recordCount: number }>;
  hostileRecordIds: string[];
}

type QueueElement = TreeElement & { kind: 'queue' };
type RecordElement = TreeElement & { kind: 'record' };

/** The legacy queue sends lower-case statuses, as servers did before the v2 re-casing. */
const isDone = (user: WireRecord['assigned_users'][number]) => user.completion_status.toUpperCase() === 'COMPLETED';

/** The reference predicates, written out apart from the extension's own. */
const EXPECTED: Array<[RecordFilter, (record: WireRecord) => boolean]> = [
  [{ kind: 'unassigned' }, (record) => record.assigned_users.length === 0],
  [{ kind: 'pending' }, (record) => record.assigned_users.some((user) => !isDone(user))],
  [{ kind: 'completed' }, (record) => record.assigned_users.length > 0 && record.assigned_users.every(isDone)],
  [
    { kind: 'assignedTo', email: 'Dana.Whitfield@example.com' },
    (record) => record.assigned_users.some((user) => user.user.email.toLowerCase() === 'dana.whitfield@example.com'),
  ],
  [
    { kind: 'assignedToMe', email: 'ana.lopez@example.com' },
    (record) => record.assigned_users.some((user) => user.user.email === 'ana.lopez@example.com'),
  ],
];

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

describe('filters, progress and details in a real VS Code', function () {
  let api: ExtensionApi;
  let info: SeedInfo;
  let bigQueue: QueueElement;

  /** The state as a plain string: `assert.equal` narrows its argument, and the state changes between checks. */
  const state = () => api.model.state.kind as string;

  async function queueElements(): Promise<QueueElement[]> {
    const queues: QueueElement[] = [];
    for (const child of await api.provider.getChildren()) {
      const below = child.kind === 'space' ? await api.provider.getChildren(child) : [child];
      queues.push(...below.filter((element): element is QueueElement => element.kind === 'queue'));
    }
    return queues;
  }

  async function recordIds(queue: QueueElement): Promise<string[]> {
    const children = await api.provider.getChildren(queue);
    return children.filter((child): child is RecordElement => child.kind === 'record').map((child) => child.recordId);
  }

  before(async function () {
    assert.ok(sandboxUrl, 'ARIZE_SANDBOX_URL is set by the test runner');
    const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = await extension.activate();

    await sandbox('/__sandbox/reset', 'POST');
    info = (await sandbox('/__sandbox/info')) as SeedInfo;
    assert.equal(await vscode.commands.executeCommand<boolean>(CommandIds.setApiKey, sandboxKey), true);
    await api.model.refresh();
    bigQueue = (await queueElements()).find((queue) => label(api.provider.getTreeItem(queue)) === BIG_QUEUE)!;
    assert.ok(bigQueue, 'the big queue is in the tree');
  });

  after(async () => {
    await vscode.commands.executeCommand(CommandIds.clearFilter);
    await vscode.commands.executeCommand(CommandIds.clearApiKey);
  });

  it('groups queues under their spaces', async () => {
    const roots = await api.provider.getChildren();
    assert.deepEqual(
      roots.map((root) => root.kind),
      info.spaces.map(() => 'space'),
    );
    assert.deepEqual(
      roots.map((root) => label(api.provider.getTreeItem(root))),
      info.spaces.map((space) => space.name),
    );
    const bigSpace = info.queues.find((queue) => queue.id === bigQueue.queueId)!.spaceId;
    const parent = api.provider.getParent(bigQueue);
    assert.equal(parent?.kind, 'space');
    assert.equal((parent as TreeElement & { kind: 'space' }).spaceId, bigSpace);
    assert.ok(roots.includes(parent), 'the parent is the same element object as the root row');
  });

  it('applies each filter to the 1,250-record queue', async () => {
    const records = await serverRecords(bigQueue.queueId);
    assert.equal(records.length, 1250);

    for (const [filter, expected] of EXPECTED) {
      const active = await vscode.commands.executeCommand<RecordFilter>(CommandIds.filterRecords, filter);
      assert.deepEqual(active, filter);
      const shown = await recordIds(bigQueue);
      const wanted = records.filter(expected).map((record) => record.id);
      assert.ok(wanted.length > 0, `the seed has records for ${filter.kind}`);
      assert.deepEqual(shown, wanted, filter.kind);
    }
  });

  it('reads the queue 500 a page once per refresh', async () => {
    await vscode.commands.executeCommand(CommandIds.clearFilter);
    await api.model.refresh();
    await sandbox('/__sandbox/requests', 'DELETE');

    await vscode.commands.executeCommand(CommandIds.filterRecords, { kind: 'pending' });
    await vscode.commands.executeCommand(CommandIds.filterRecords, { kind: 'completed' });
    const requests = (
      (await sandbox('/__sandbox/requests')) as { requests: Array<{ path: string; query: Record<string, string> }> }
    ).requests;
    const bigPath = `/v2/annotation-queues/${encodeURIComponent(bigQueue.queueId)}/records`;
    const bigReads = requests.filter((request) => request.path === bigPath);
    assert.deepEqual(
      bigReads.map((request) => request.query.limit),
      ['500', '500', '500'],
      'one read of three pages, cached for the second filter',
    );
  });

  it('shows the filter and progress on the view and the queue row', async () => {
    await vscode.commands.executeCommand(CommandIds.filterRecords, { kind: 'unassigned' });
    const records = await serverRecords(bigQueue.queueId);
    const unassigned = records.filter((record) => record.assigned_users.length === 0).length;
    const completed = records.filter((record) => record.assigned_users.length > 0 && record.assigned_users.every(isDone)).length;

    assert.equal(api.treeView.description, 'Filter: unassigned');
    const item = api.provider.getTreeItem(bigQueue);
    assert.equal(item.description, `${unassigned} matching · ${completed}/1250 completed · ${unassigned} unassigned`);
  });

  it('keeps row elements when the filter changes', async () => {
    await vscode.commands.executeCommand(CommandIds.filterRecords, { kind: 'pending' });
    const first = await api.provider.getChildren(bigQueue);
    const again = await api.provider.getChildren(bigQueue);
    assert.ok(
      first.every((element, index) => element === again[index]),
      'the same objects for the same rows',
    );
    const queues = await queueElements();
    assert.ok(
      (await queueElements()).every((element, index) => element === queues[index]),
      'the same objects for the queue rows',
    );
  });

  it('clears the filter', async () => {
    await vscode.commands.executeCommand(CommandIds.clearFilter);
    assert.equal(api.treeView.description, undefined);
    assert.equal((await recordIds(bigQueue)).length, 1250, 'the whole queue stays read until refresh');
  });

  it('counts per reviewer progress', async () => {
    const progress = await vscode.commands.executeCommand<QueueProgress>(CommandIds.showQueueProgress, bigQueue);
    assert.ok(progress);
    const records = await serverRecords(bigQueue.queueId);
    assert.equal(progress.total, 1250);

    for (const reviewer of progress.reviewers) {
      const mine = records.filter((record) => record.assigned_users.some((user) => user.user.email === reviewer.email));
      const done = mine.filter((record) =>
        record.assigned_users.some((user) => user.user.email === reviewer.email && isDone(user)),
      );
      assert.deepEqual(
        [reviewer.assigned, reviewer.completed, reviewer.pending],
        [mine.length, done.length, mine.length - done.length],
        reviewer.email,
      );
    }

    const text = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.ok(text.startsWith(`# Queue Progress: ${BIG_QUEUE}`), text.slice(0, 80));
    assert.match(text, /\| ana\.lopez@example\.com \| \d+ \| \d+ \| \d+ \|/);
  });

  it('follows a changed e-mail of me', async () => {
    await vscode.commands.executeCommand(CommandIds.filterRecords, { kind: 'assignedToMe', email: 'ana.lopez@example.com' });
    await setSetting(SettingKeys.myEmail, 'chen.wei@example.com');
    try {
      assert.deepEqual(api.views.viewFilter.filter, { kind: 'assignedToMe', email: 'chen.wei@example.com' });
      const records = await serverRecords(bigQueue.queueId);
      const wanted = records.filter((record) => record.assigned_users.some((user) => user.user.email === 'chen.wei@example.com'));
      assert.deepEqual(
        await recordIds(bigQueue),
        wanted.map((record) => record.id),
      );
    } finally {
      await setSetting(SettingKeys.myEmail, undefined);
      await vscode.commands.executeCommand(CommandIds.clearFilter);
    }
  });

  it('counts my pending records in the status bar', async () => {
    await setSetting(SettingKeys.myEmail, 'ben.okafor@example.com');
    try {
      const expected = (
        await Promise.all(
          api.model.queues.filter((entry) => entry.recordsLoaded && !entry.hasMore).map((entry) => serverRecords(entry.queue.id)),
        )
      )
        .flat()
        .filter((record) =>
          record.assigned_users.some((user) => user.user.email === 'ben.okafor@example.com' && !isDone(user)),
        ).length;
      assert.ok(expected > 0);
      assert.deepEqual(api.views.statusBar.state, { visible: true, text: `$(account) ${expected} pending` });
    } finally {
      await setSetting(SettingKeys.myEmail, undefined);
    }
    assert.equal(api.views.statusBar.state.visible, false, 'hidden without an e-mail or a filter');
  });

  it('renders hostile record data escaped', async () => {
    const [spanId, datasetId] = info.hostileRecordIds;
    const before = await requestCount();
    const html = await vscode.commands.executeCommand<string>(CommandIds.showRecordDetails, bigQueue.queueId, spanId);
    assert.ok(html);
    assert.equal(await requestCount(), before, 'the details come from records already read');
    assert.equal(api.views.details.html, html);

    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src [^"]+ &#39;nonce-[^"]+&#39;; base-uri &#39;none&#39;; form-action &#39;none&#39;">/,
    );
    const markup = (html.match(/<[^>]*>/g) ?? []).join('\n');
    assert.doesNotMatch(markup, /<(script|img|iframe|a)\b/i);
    assert.doesNotMatch(markup, /\s(href|src|on\w+)=/i);
    assert.ok(html.includes('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;'));
    assert.ok(html.includes('[Open settings](command:workbench.action.openSettings)'), 'the command link is plain text');
    assert.ok(html.includes('<details><summary>Show all ('), 'the long output value is cut with a way to see all');

    const summaries = info.queues.find((queue) => queue.recordCount === 48)!;
    const datasetHtml = await vscode.commands.executeCommand<string>(CommandIds.showRecordDetails, summaries.id, datasetId);
    assert.ok(datasetHtml?.includes('&lt;iframe src=&quot;https://example.invalid&quot;&gt;&lt;/iframe&gt;'));
    assert.doesNotMatch((datasetHtml?.match(/<[^>]*>/g) ?? []).join('\n'), /<(script|iframe)\b/i);
  });

  it('opens details from a record row click', async () => {
    const [record] = (await api.provider.getChildren(bigQueue)).filter(
      (child): child is RecordElement => child.kind === 'record',
    );
    const item = api.provider.getTreeItem(record);
    assert.equal(item.command?.command, CommandIds.showRecordDetails);
    const html = await vscode.commands.executeCommand<string>(item.command.command, ...(item.command.arguments ?? []));
    assert.ok(html?.includes(`<div class="value">${record.recordId}</div>`));
  });

  describe('links to Arize', () => {
    afterEach(async () => {
      await setSetting(SettingKeys.organizationId, undefined);
    });

    it('names the missing organization id', async () => {
      const link = await vscode.commands.executeCommand(CommandIds.openInArize, bigQueue, { open: false });
      assert.equal(link, undefined);
    });

    it('cannot derive the app host of the local server', async () => {
      await setSetting(SettingKeys.organizationId, 'T3JnYW5pemF0aW9uOjE=');
      const link = await vscode.commands.executeCommand(CommandIds.openInArize, bigQueue, { open: false });
      assert.equal(link, undefined);
    });
  });

  describe('auto-refresh', () => {
    after(async () => {
      await setSetting(SettingKeys.autoRefreshSeconds, undefined);
    });

    it('polls nothing while the view is hidden', async function () {
      if (api.treeView.visible) {
        this.skip();
      }
      await setSetting(SettingKeys.autoRefreshSeconds, 30);
      assert.equal(api.views.autoRefresh.active, false, 'no timer runs for a hidden view');

      const before = await requestCount();
      const result = await api.views.autoRefresh.pollNow();
      assert.equal(result.kind, 'skipped');
      assert.equal(await requestCount(), before);
    });

    it('polls quietly while the view is visible', async () => {
      await vscode.commands.executeCommand(`${ViewIds.queues}.focus`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.ok(api.treeView.visible, 'the view is visible');
      await setSetting(SettingKeys.autoRefreshSeconds, 30);
      assert.equal(api.views.autoRefresh.active, true, 'a timer runs while the view is visible');
      await setSetting(SettingKeys.autoRefreshSeconds, 0);
      assert.equal(api.views.autoRefresh.active, false, 'the setting 0 stops it');

      const target = (await serverRecords(bigQueue.queueId)).find((record) => record.assigned_users.length === 0)!;
      await fetch(
        `${sandboxUrl}/v2/annotation-queues/${encodeURIComponent(bigQueue.queueId)}/records/${encodeURIComponent(target.id)}/assign`,
        {
          method: 'POST',
          headers: { Authorization: `Bearer ${sandboxKey}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ assigned_user_emails: ['emil.novak@example.com'] }),
        },
      );
      const updated = await api.views.autoRefresh.pollNow();
      assert.equal(updated.kind, 'updated');
      assert.deepEqual(
        api.model.findRecord(bigQueue.queueId, target.id)?.assigned_users.map((user) => user.user.email),
        ['emil.novak@example.com'],
      );

      await sandbox('/__sandbox/faults', 'POST', [{ status: 500, times: 5 }]);
      const failed = await api.views.autoRefresh.pollNow();
      await sandbox('/__sandbox/faults', 'DELETE');
      assert.equal(failed.kind, 'failed');
      assert.equal(state(), 'ready', 'a failed poll keeps the tree');
      assert.equal(api.treeView.message, undefined, 'and shows no error above it');
      assert.equal(api.model.findQueue(bigQueue.queueId)?.records.length, 1250);
    });
  });

  describe('profiles', () => {
    const SECOND_KEY = 'second-account-key-0002';
    let second: RunningArizeServer;

    before(async () => {
      second = await startArizeServer({ port: 0, apiKeys: [SECOND_KEY] });
      second.store.queues.forEach((queue) => (queue.name = `Second ${queue.name}`));
      await setSetting(SettingKeys.profiles, [
        { name: 'Local', baseUrl: sandboxUrl },
        { name: 'Second', baseUrl: second.url },
      ]);
    });

    after(async () => {
      for (const name of ['Second', 'Local']) {
        await vscode.commands.executeCommand(CommandIds.switchProfile, name);
        await vscode.commands.executeCommand(CommandIds.clearApiKey);
      }
      await setSetting(SettingKeys.profiles, undefined);
      await second.close();
    });

    async function queueNames(): Promise<string[]> {
      await api.model.refresh();
      return (await queueElements()).map((queue) => label(api.provider.getTreeItem(queue)));
    }

    it('keeps each account with its own key', async () => {
      assert.equal(await vscode.commands.executeCommand(CommandIds.switchProfile, 'Local'), 'Local');
      await api.model.refresh();
      assert.equal(state(), 'noKey', 'the key of the implicit profile is not the key of a named profile');
      assert.equal(api.treeView.description, 'Local');

      assert.equal(await vscode.commands.executeCommand<boolean>(CommandIds.setApiKey, sandboxKey), true);
      assert.ok((await queueNames()).includes(BIG_QUEUE));
      await vscode.commands.executeCommand(CommandIds.showRecordDetails, bigQueue.queueId, info.hostileRecordIds[0]);
      assert.ok(api.views.details.html, 'a record of the Local account is open');

      assert.equal(await vscode.commands.executeCommand(CommandIds.switchProfile, 'Second'), 'Second');
      await api.model.refresh();
      assert.equal(state(), 'noKey', 'the Local key is not used for the Second account');
      assert.deepEqual(await queueElements(), [], 'no queue of the Local account stays');
      assert.equal(api.views.details.html, undefined, 'the record of the Local account closed');
      assert.equal(second.requests.length, 0, 'nothing was sent to the Second server without its key');

      assert.equal(
        await vscode.commands.executeCommand<boolean>(CommandIds.setApiKey, sandboxKey),
        false,
        'the Second server rejects the Local key',
      );
      assert.equal(await vscode.commands.executeCommand<boolean>(CommandIds.setApiKey, SECOND_KEY), true);
      const secondNames = await queueNames();
      assert.ok(secondNames.length > 0 && secondNames.every((name) => name.startsWith('Second ')));

      assert.equal(await vscode.commands.executeCommand(CommandIds.switchProfile, 'Local'), 'Local');
      const localNames = await queueNames();
      assert.ok(localNames.includes(BIG_QUEUE) && !localNames.some((name) => name.startsWith('Second ')));

      await vscode.commands.executeCommand(CommandIds.clearApiKey);
      await vscode.commands.executeCommand(CommandIds.switchProfile, 'Second');
      await api.model.refresh();
      assert.equal(state(), 'ready', 'clearing the Local key kept the Second key');
      assert.ok(
        second.requests.filter((request) => request.status === 401).length === 1,
        'the Second server saw one foreign key: the rejected check, never a tree request',
      );
    });

    it('falls back to the implicit profile without profiles', async () => {
      await setSetting(SettingKeys.profiles, undefined);
      await api.model.refresh();
      assert.equal(state(), 'ready', 'the key of the implicit profile was kept');
      assert.equal(api.treeView.description, undefined);
      await setSetting(SettingKeys.profiles, [
        { name: 'Local', baseUrl: sandboxUrl },
        { name: 'Second', baseUrl: second.url },
      ]);
    });

    it('builds the link of a regional profile without a request', async () => {
      await setSetting(SettingKeys.profiles, [
        { name: 'Local', baseUrl: sandboxUrl },
        { name: 'Second', baseUrl: second.url },
        // No key is ever stored for this profile, so nothing is sent to its host.
        { name: 'EU', baseUrl: 'https://api.eu-west-1a.arize.com', spaceId: 'U3BhY2U6OTk=', organizationId: 'T3JnOjk5' },
      ]);
      await vscode.commands.executeCommand(CommandIds.switchProfile, 'EU');
      await api.model.refresh();
      assert.equal(state(), 'noKey');

      const link = await vscode.commands.executeCommand(CommandIds.openInArize, 'UXVldWU6MQ==', { open: false });
      assert.equal(link, 'https://app.eu-west-1a.arize.com/organizations/T3JnOjk5/spaces/U3BhY2U6OTk=/queues/UXVldWU6MQ==');
    });
  });
});
