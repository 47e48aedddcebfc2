import * as vscode from 'vscode';

import { AnnotationQueue, AnnotationQueueRecord, Annotation } from '../api/types';
import { CommandIds, ContextValueTags } from '../constants';
import { describeError } from '../commands/errorMessages';
import { QueueEntry, QueueTreeModel } from './queueTreeModel';
import {
  assignmentState,
  AssignmentState,
  isCompleted,
  recordContextValue,
  recordLabel,
  shorten,
  valueToText,
} from './recordPresentation';

export type TreeElement =
  | { kind: 'queue'; queueId: string }
  | { kind: 'record'; queueId: string; recordId: string }
  | { kind: 'loadMore'; queueId: string }
  | { kind: 'recordsError'; queueId: string };

const TOOLTIP_VALUE_LENGTH = 300;
const TOOLTIP_MAX_FIELDS = 12;

/** Renders the QueueTreeModel; it fetches nothing itself except through the model. */
export class QueueTreeProvider implements vscode.TreeDataProvider<TreeElement>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TreeElement | undefined>();
  private readonly subscription: { dispose(): void };
  readonly onDidChangeTreeData = this.changeEmitter.event;

  /**
   * One element object per row: VS Code matches the element of a change event
   * by identity, so a row is refreshed only when the same object is passed.
   */
  private readonly elements = new Map<string, TreeElement>();

  constructor(private readonly model: QueueTreeModel) {
    this.subscription = model.onDidChange((queueId) => {
      if (!queueId) {
        this.elements.clear();
      }
      this.changeEmitter.fire(queueId ? this.element({ kind: 'queue', queueId }) : undefined);
    });
  }

  /** Returns the cached element equal to `candidate`, caching it if it is new. */
  private element<T extends TreeElement>(candidate: T): T {
    const key = JSON.stringify(candidate);
    const cached = this.elements.get(key);
    if (cached) {
      return cached as T;
    }
    this.elements.set(key, candidate);
    return candidate;
  }

  async getChildren(element?: TreeElement): Promise<TreeElement[]> {
    // A refresh may be under way; its queue list is the one to show and expand.
    await this.model.ensureQueues();
    if (!element) {
      return this.model.state.kind === 'ready'
        ? this.model.queues.map((entry) => this.element({ kind: 'queue', queueId: entry.queue.id }))
        : [];
    }
    if (element.kind !== 'queue') {
      return [];
    }

    await this.model.ensureRecords(element.queueId);
    const entry = this.model.findQueue(element.queueId);
    return entry ? queueChildren(entry).map((child) => this.element(child)) : [];
  }

  getParent(element: TreeElement): TreeElement | undefined {
    return element.kind === 'queue' ? undefined : this.element({ kind: 'queue', queueId: element.queueId });
  }

  getTreeItem(element: TreeElement): vscode.TreeItem {
    const entry = this.model.findQueue(element.queueId);
    if (!entry) {
      return new vscode.TreeItem(element.queueId);
    }

    switch (element.kind) {
      case 'queue':
        return queueItem(entry.queue);
      case 'record': {
        const record = entry.records.find((candidate) => candidate.id === element.recordId);
        return record ? recordItem(record) : new vscode.TreeItem(element.recordId);
      }
      case 'loadMore':
        return loadMoreItem(entry);
      case 'recordsError':
        return recordsErrorItem(entry);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}

function queueChildren(entry: QueueEntry): TreeElement[] {
  const queueId = entry.queue.id;
  const children: TreeElement[] = entry.records.map((record) => ({ kind: 'record', queueId, recordId: record.id }));

  if (entry.recordsError) {
    children.push({ kind: 'recordsError', queueId });
  } else if (entry.hasMore) {
    children.push({ kind: 'loadMore', queueId });
  }
  return children;
}

function queueItem(queue: AnnotationQueue): vscode.TreeItem {
  const item = new vscode.TreeItem(queue.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `queue/${queue.id}`;
  item.contextValue = ContextValueTags.queue;
  item.iconPath = new vscode.ThemeIcon('inbox');

  const count = queue.annotators.length;
  item.description =
    count === 1 ? vscode.l10n.t('1 annotator') : vscode.l10n.t('{0} annotators', count);

  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown('**').appendText(escapeHtml(queue.name)).appendMarkdown('**\n\n');
  if (queue.instructions) {
    tooltip.appendText(escapeHtml(shorten(queue.instructions, 1000))).appendMarkdown('\n\n');
  }
  tooltip.appendText(vscode.l10n.t('Queue ID: {0}', queue.id));
  item.tooltip = tooltip;
  return item;
}

function recordItem(record: AnnotationQueueRecord): vscode.TreeItem {
  const item = new vscode.TreeItem(recordLabel(record), vscode.TreeItemCollapsibleState.None);
  const state = assignmentState(record.assigned_users);

  item.id = `record/${record.annotation_queue_id}/${record.id}`;
  item.contextValue = recordContextValue(record);
  item.description = assigneesDescription(record);
  item.iconPath = stateIcon(state);
  item.tooltip = recordTooltip(record, state);
  item.accessibilityInformation = {
    label: `${recordLabel(record)}, ${stateLabel(state)}, ${item.description}`,
  };
  return item;
}

function assigneesDescription(record: AnnotationQueueRecord): string {
  if (record.assigned_users.length === 0) {
    return vscode.l10n.t('unassigned');
  }
  return record.assigned_users
    .map((assigned) =>
      isCompleted(assigned)
        ? vscode.l10n.t('{0} (completed)', assigned.user.email)
        : vscode.l10n.t('{0} (pending)', assigned.user.email),
    )
    .join(', ');
}

function stateIcon(state: AssignmentState): vscode.ThemeIcon {
  switch (state) {
    case 'unassigned':
      return new vscode.ThemeIcon('circle-large-outline');
    case 'pending':
      return new vscode.ThemeIcon('clock', new vscode.ThemeColor('charts.yellow'));
    case 'completed':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green'));
  }
}

function stateLabel(state: AssignmentState): string {
  switch (state) {
    case 'unassigned':
      return vscode.l10n.t('unassigned');
    case 'pending':
      return vscode.l10n.t('pending');
    case 'completed':
      return vscode.l10n.t('all completed');
  }
}

/**
 * Builds the record tooltip. Every value from the record goes through
 * `appendText`, which escapes Markdown, and the string is not trusted, so record
 * data can neither format the tooltip nor run a `command:` link.
 */
function recordTooltip(record: AnnotationQueueRecord, state: AssignmentState): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(undefined, false);
  tooltip.isTrusted = false;
  tooltip.supportHtml = false;

  const line = (label: string, value: string) =>
    tooltip.appendMarkdown('**').appendText(escapeHtml(label)).appendMarkdown('** ').appendText(escapeHtml(value)).appendMarkdown('  \n');

  line(vscode.l10n.t('Record ID:'), record.id);
  line(vscode.l10n.t('Source type:'), String(record.source_type));
  if (record.granularity) {
    line(vscode.l10n.t('Granularity:'), String(record.granularity));
  }
  line(vscode.l10n.t('State:'), stateLabel(state));
  line(vscode.l10n.t('Assignees:'), record.assigned_users.length ? assigneesDescription(record) : vscode.l10n.t('none'));
  line(vscode.l10n.t('Annotations:'), annotationsText(record.annotations));

  const fields = Object.entries(record.data).slice(0, TOOLTIP_MAX_FIELDS);
  if (fields.length > 0) {
    tooltip.appendMarkdown('\n---\n\n');
    for (const [name, value] of fields) {
      line(`${name}:`, shorten(valueToText(value), TOOLTIP_VALUE_LENGTH));
    }
  }
  return tooltip;
}

/**
 * Writes `<`, `>` and `&` as character references. `appendText` escapes Markdown
 * but leaves tags, and a tag in record data must show as text, not be parsed.
 */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function annotationsText(annotations: readonly Annotation[]): string {
  if (annotations.length === 0) {
    return vscode.l10n.t('none');
  }
  return annotations
    .map((annotation) => {
      const value = annotation.label ?? annotation.score ?? annotation.text ?? '';
      const by = annotation.annotator?.email ? ` (${annotation.annotator.email})` : '';
      return `${annotation.name}: ${shorten(valueToText(value), 60)}${by}`;
    })
    .join('; ');
}

function loadMoreItem(entry: QueueEntry): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('Load more records…'), vscode.TreeItemCollapsibleState.None);
  item.id = `loadMore/${entry.queue.id}`;
  item.contextValue = ContextValueTags.loadMore;
  item.iconPath = new vscode.ThemeIcon('more');
  item.description = vscode.l10n.t('{0} loaded', entry.records.length);
  item.command = {
    command: CommandIds.loadMoreRecords,
    title: vscode.l10n.t('Load more records…'),
    arguments: [entry.queue.id],
  };
  return item;
}

function recordsErrorItem(entry: QueueEntry): vscode.TreeItem {
  const message = describeError(entry.recordsError, vscode.l10n.t('Loading records'));
  const item = new vscode.TreeItem(vscode.l10n.t('Could not load records. Click to try again.'));
  item.id = `recordsError/${entry.queue.id}`;
  item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
  item.tooltip = message;
  item.description = shorten(message, 80);
  item.command = {
    command: CommandIds.loadMoreRecords,
    title: vscode.l10n.t('Try Again'),
    arguments: [entry.queue.id],
  };
  return item;
}
