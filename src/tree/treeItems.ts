// Tree items of the queues view: how a space, queue, record and the extra
// rows look. Record data is untrusted, so tooltips escape it (see recordTooltip).
import * as vscode from 'vscode';

import { Annotation, AnnotationQueue, AnnotationQueueRecord } from '../api/types';
import { CommandIds, ContextValueTags } from '../constants';
import { describeError } from '../commands/errorMessages';
import { QueueProgress } from './queueProgress';
import { QueueEntry } from './queueTreeModel';
import {
  assignmentState,
  AssignmentState,
  isCompleted,
  recordContextValue,
  recordLabel,
  shorten,
  valueToText,
} from './recordPresentation';
import { SpaceGroup } from './spaceGroups';

const TOOLTIP_VALUE_LENGTH = 300;
const TOOLTIP_MAX_FIELDS = 12;

export function spaceItem(group: SpaceGroup): vscode.TreeItem {
  const state = group.queueIds.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(group.name, state);
  item.id = `space/${group.spaceId}`;
  item.contextValue = ContextValueTags.space;
  item.iconPath = new vscode.ThemeIcon('folder-library');
  item.description = queueCount(group.queueIds.length);

  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown('**').appendText(escapeHtml(group.name)).appendMarkdown('**\n\n');
  if (group.space?.description) {
    tooltip.appendText(escapeHtml(shorten(group.space.description, 500))).appendMarkdown('\n\n');
  }
  tooltip.appendText(vscode.l10n.t('Space ID: {0}', group.spaceId));
  item.tooltip = tooltip;
  return item;
}

function queueCount(count: number): string {
  if (count === 0) {
    return vscode.l10n.t('no queues');
  }
  return count === 1 ? vscode.l10n.t('1 queue') : vscode.l10n.t('{0} queues', count);
}

/**
 * Builds the queue row. Once every record is read, the description shows
 * progress (completed of total, unassigned) in place of the annotator count,
 * and with a filter the number of matching records first.
 */
export function queueItem(queue: AnnotationQueue, progress?: QueueProgress, matching?: number): vscode.TreeItem {
  const item = new vscode.TreeItem(queue.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `queue/${queue.id}`;
  item.contextValue = ContextValueTags.queue;
  item.iconPath = new vscode.ThemeIcon('inbox');

  const count = queue.annotators.length;
  const annotators = count === 1 ? vscode.l10n.t('1 annotator') : vscode.l10n.t('{0} annotators', count);
  const parts = progress ? [progressText(progress)] : [annotators];
  if (matching !== undefined) {
    parts.unshift(vscode.l10n.t('{0} matching', matching));
  }
  item.description = parts.join(' · ');

  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown('**').appendText(escapeHtml(queue.name)).appendMarkdown('**\n\n');
  if (queue.instructions) {
    tooltip.appendText(escapeHtml(shorten(queue.instructions, 1000))).appendMarkdown('\n\n');
  }
  if (progress) {
    tooltip.appendText(progressSummary(progress)).appendMarkdown('\n\n');
  }
  tooltip.appendText(annotators).appendMarkdown('\n\n');
  tooltip.appendText(vscode.l10n.t('Queue ID: {0}', queue.id));
  item.tooltip = tooltip;
  return item;
}

/** Words the totals of a queue as one sentence, for the queue tooltip and the progress document. */
export function progressSummary(progress: QueueProgress): string {
  return vscode.l10n.t(
    '{0} records: {1} completed, {2} pending, {3} unassigned.',
    progress.total,
    progress.completed,
    progress.pending,
    progress.unassigned,
  );
}

function progressText(progress: QueueProgress): string {
  return vscode.l10n.t('{0}/{1} completed · {2} unassigned', progress.completed, progress.total, progress.unassigned);
}

export function recordItem(record: AnnotationQueueRecord): vscode.TreeItem {
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
    tooltip
      .appendMarkdown('**')
      .appendText(escapeHtml(label))
      .appendMarkdown('** ')
      .appendText(escapeHtml(value))
      .appendMarkdown('  \n');

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

/** Builds the last row of a partly read queue. With a filter it reads all the rest, because a filter needs every record. */
export function loadMoreItem(entry: QueueEntry, filtering: boolean): vscode.TreeItem {
  const title = filtering ? vscode.l10n.t('Read all records to filter…') : vscode.l10n.t('Load more records…');
  const item = new vscode.TreeItem(title, vscode.TreeItemCollapsibleState.None);
  item.id = `loadMore/${entry.queue.id}`;
  item.contextValue = ContextValueTags.loadMore;
  item.iconPath = new vscode.ThemeIcon('more');
  item.description = vscode.l10n.t('{0} loaded', entry.records.length);
  item.command = {
    command: CommandIds.loadMoreRecords,
    title,
    arguments: [entry.queue.id],
  };
  return item;
}

export function noMatchItem(entry: QueueEntry): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('No records match the filter'), vscode.TreeItemCollapsibleState.None);
  item.id = `noMatch/${entry.queue.id}`;
  item.iconPath = new vscode.ThemeIcon('filter');
  item.description = vscode.l10n.t('{0} records read', entry.records.length);
  return item;
}

export function recordsErrorItem(entry: QueueEntry): vscode.TreeItem {
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
