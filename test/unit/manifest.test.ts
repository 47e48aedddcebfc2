import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
  CommandIds,
  ContextKeys,
  DEFAULT_API_BASE_URL,
  EXTENSION_ID,
  SETTINGS_SECTION,
  SettingKeys,
  ViewContainerIds,
  ViewIds,
  ViewStates,
} from '../../src/constants';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
const contributes = manifest.contributes;

describe('package.json', () => {
  it('has the extension id of the constants', () => {
    assert.equal(`${manifest.publisher}.${manifest.name}`, EXTENSION_ID);
  });

  it('declares every command of the constants, and no other', () => {
    const declared = contributes.commands.map((command: { command: string }) => command.command).sort();
    assert.deepEqual(declared, Object.values(CommandIds).sort());
  });

  it('puts every command in the Arize category', () => {
    for (const command of contributes.commands) {
      assert.equal(nls[command.category.replace(/%/g, '')], 'Arize', command.command);
    }
  });

  it('declares the view container and the view', () => {
    assert.equal(contributes.viewsContainers.activitybar[0].id, ViewContainerIds.queues);
    assert.equal(contributes.views[ViewContainerIds.queues][0].id, ViewIds.queues);
    assert.equal(nls['view.queues.name'], 'Annotation Queues');
  });

  it('declares every setting of the constants, and no other', () => {
    const declared = Object.keys(contributes.configuration.properties).sort();
    const expected = Object.values(SettingKeys)
      .map((key) => `${SETTINGS_SECTION}.${key}`)
      .sort();
    assert.deepEqual(declared, expected);
  });

  it('defaults the base URL to the US host', () => {
    assert.equal(contributes.configuration.properties['arizeQueues.apiBaseUrl'].default, DEFAULT_API_BASE_URL);
  });

  it('bounds the records page size to 1–500 with default 100', () => {
    const pageSize = contributes.configuration.properties['arizeQueues.recordsPageSize'];
    assert.deepEqual([pageSize.minimum, pageSize.maximum, pageSize.default], [1, 500, 100]);
  });

  it('uses only known commands, views and context keys in menus and welcome content', () => {
    const commandIds = new Set<string>(Object.values(CommandIds));
    for (const entries of Object.values(contributes.menus) as Array<Array<{ command: string; when?: string }>>) {
      for (const entry of entries) {
        assert.ok(commandIds.has(entry.command), entry.command);
      }
    }
    for (const welcome of contributes.viewsWelcome) {
      assert.equal(welcome.view, ViewIds.queues);
      const match = /^(\S+) == (\w+)$/.exec(welcome.when);
      assert.ok(match, welcome.when);
      assert.equal(match[1], ContextKeys.viewState);
      assert.ok((Object.values(ViewStates) as string[]).includes(match[2]), match[2]);
    }
  });

  it('completes walkthrough steps from known commands, views, settings and context keys', () => {
    const events: string[] = contributes.walkthroughs.flatMap((walkthrough: { steps: Array<{ completionEvents: string[] }> }) =>
      walkthrough.steps.flatMap((step) => step.completionEvents),
    );
    assert.ok(events.length >= 4);
    const settings = Object.keys(contributes.configuration.properties);
    for (const event of events) {
      const [kind, name] = event.split(/:(.*)/s);
      const known: Record<string, string[]> = {
        onCommand: Object.values(CommandIds),
        onView: Object.values(ViewIds),
        onSettingChanged: settings,
        onContext: Object.values(ContextKeys),
      };
      assert.ok(known[kind]?.includes(name), event);
    }
  });

  it('ships every walkthrough image and page it names', () => {
    for (const walkthrough of contributes.walkthroughs) {
      for (const step of walkthrough.steps) {
        const media = step.media.markdown ?? step.media.image;
        assert.ok(fs.existsSync(path.join(root, media)), media);
      }
    }
    assert.ok(fs.existsSync(path.join(root, manifest.icon)), manifest.icon);
  });

  it('has a package.nls.json entry for every %placeholder%', () => {
    const placeholders = JSON.stringify(manifest).match(/%[\w.]+%/g) ?? [];
    assert.ok(placeholders.length > 10);
    for (const placeholder of placeholders) {
      assert.ok(nls[placeholder.slice(1, -1)], `${placeholder} is missing from package.nls.json`);
    }
  });

  it('keeps the command titles that other tools rely on', () => {
    const titles: Record<string, string> = {};
    for (const command of contributes.commands) {
      titles[command.command] = nls[command.title.replace(/%/g, '')];
    }
    assert.equal(titles[CommandIds.setApiKey], 'Set API Key');
    assert.equal(titles[CommandIds.clearApiKey], 'Clear API Key');
    assert.equal(titles[CommandIds.refresh], 'Refresh Annotation Queues');
    assert.equal(titles[CommandIds.assignUsers], 'Assign Users to Record…');
    assert.equal(titles[CommandIds.clearAssignment], 'Remove All Assignees from Record');
    assert.equal(titles[CommandIds.showLogs], 'Show Logs');
    assert.equal(titles[CommandIds.filterRecords], 'Filter Records…');
    assert.equal(titles[CommandIds.clearFilter], 'Clear Filter');
    assert.equal(titles[CommandIds.showQueueProgress], 'Show Queue Progress');
    assert.equal(titles[CommandIds.showRecordDetails], 'Show Record Details');
    assert.equal(titles[CommandIds.switchProfile], 'Switch Profile…');
    assert.equal(titles[CommandIds.openInArize], 'Open in Arize');
  });

  it('declares the settings of filters, profiles, links and auto-refresh', () => {
    const properties = contributes.configuration.properties;
    assert.equal(properties[`${SETTINGS_SECTION}.${SettingKeys.myEmail}`].default, '');
    assert.equal(properties[`${SETTINGS_SECTION}.${SettingKeys.organizationId}`].default, '');
    assert.deepEqual(properties[`${SETTINGS_SECTION}.${SettingKeys.profiles}`].default, []);
    assert.deepEqual(properties[`${SETTINGS_SECTION}.${SettingKeys.profiles}`].items.required, ['name', 'baseUrl']);
    assert.equal(
      properties[`${SETTINGS_SECTION}.${SettingKeys.profiles}`].scope,
      'application',
      'a workspace cannot send a key to another host',
    );
    const autoRefresh = properties[`${SETTINGS_SECTION}.${SettingKeys.autoRefreshSeconds}`];
    assert.equal(autoRefresh.default, 0, 'auto-refresh is off by default');
    assert.equal(autoRefresh.minimum, 0);
  });

  it('shows Clear Filter only while a filter is active', () => {
    const titleEntry = contributes.menus['view/title'].find(
      (entry: { command: string }) => entry.command === CommandIds.clearFilter,
    );
    assert.match(titleEntry.when, new RegExp(`\\b${ContextKeys.filterActive.replace('.', '\\.')}\\b`));
    const paletteEntry = contributes.menus.commandPalette.find(
      (entry: { command: string }) => entry.command === CommandIds.clearFilter,
    );
    assert.equal(paletteEntry.when, ContextKeys.filterActive);
  });
});
