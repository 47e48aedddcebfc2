// "Show Queue Progress": reads every record of a queue and opens a read-only
// Markdown document with the queue's totals and, per reviewer, the records
// assigned, pending and completed.
import * as vscode from 'vscode';

import { countQueueProgress, QueueProgress } from '../tree/queueProgress';
import { isComplete, QueueEntry } from '../tree/queueTreeModel';
import { progressSummary } from '../tree/treeItems';
import { requireConnection, showFailure } from './commandContext';
import { describeError } from './errorMessages';
import { queueIdOf } from './targets';
import { ViewContext } from './viewContext';
import { notify } from '../ui/notify';

/**
 * Takes a queue row of the tree, a queue id, or nothing, and then prompts for
 * the queue. Returns the counts that the document shows, or undefined when
 * cancelled or failed.
 */
export async function showQueueProgress(context: ViewContext, target?: unknown): Promise<QueueProgress | undefined> {
  const connection = await requireConnection(context);
  if (!connection) {
    return undefined;
  }

  await context.model.ensureQueues();
  const entry = await resolveQueue(context, target);
  if (!entry) {
    return undefined;
  }

  const read = await readAll(context, entry);
  if (!read) {
    return undefined;
  }

  const progress = countQueueProgress(entry.records, entry.queue.annotators);
  await context.documents.show(`progress-${safeName(entry.queue.name)}`, renderProgress(entry, progress));
  return progress;
}

async function resolveQueue(context: ViewContext, target: unknown): Promise<QueueEntry | undefined> {
  const queueId = queueIdOf(target);
  if (queueId !== undefined) {
    const entry = context.model.findQueue(queueId);
    if (!entry) {
      void notify.error(vscode.l10n.t('Queue "{0}" is not in the list. Refresh the queues and try again.', queueId));
    }
    return entry;
  }

  if (context.model.state.kind !== 'ready') {
    if (context.model.state.kind === 'error') {
      showFailure(context, describeError(context.model.state.error, vscode.l10n.t('Loading annotation queues')), () =>
        context.model.refresh(),
      );
    }
    return undefined;
  }
  const chosen = await vscode.window.showQuickPick(
    context.model.queues.map((candidate) => ({ label: candidate.queue.name, description: candidate.queue.id, entry: candidate })),
    {
      title: vscode.l10n.t('Show Queue Progress'),
      placeHolder: vscode.l10n.t('Choose an annotation queue'),
      matchOnDescription: true,
    },
  );
  return chosen?.entry;
}

/** Reads every record under a cancellable notification; false when cancelled or failed (the failure is shown). */
async function readAll(context: ViewContext, entry: QueueEntry): Promise<boolean> {
  if (isComplete(entry)) {
    return true;
  }

  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Reading the records of "{0}"…', entry.queue.name),
      cancellable: true,
    },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return context.model.loadAllRecords(entry.queue.id, {
        signal: controller.signal,
        onProgress: (count) => progress.report({ message: vscode.l10n.t('{0} records', count) }),
      });
    },
  );

  const current = context.model.findQueue(entry.queue.id);
  if (current?.recordsError !== undefined) {
    const action = vscode.l10n.t('Reading the records of "{0}"', entry.queue.name);
    showFailure(context, describeError(current.recordsError, action), () => showQueueProgress(context, entry.queue.id));
    return false;
  }
  return current !== undefined && isComplete(current);
}

/** Renders the document text. It is shown as plain text, not rendered, so e-mails and names cannot format anything. */
function renderProgress(entry: QueueEntry, progress: QueueProgress): string {
  const lines = [`# ${vscode.l10n.t('Queue Progress: {0}', oneLine(entry.queue.name))}`, ''];
  lines.push(
    progressSummary(progress),
    '',
    vscode.l10n.t('Read {0}. Queue ID: {1}', new Date().toLocaleString(), entry.queue.id),
    '',
    `## ${vscode.l10n.t('Reviewers')}`,
    '',
  );

  if (progress.reviewers.length === 0) {
    lines.push(vscode.l10n.t('No reviewer is assigned to a record and the queue has no annotators.'));
    return lines.join('\n') + '\n';
  }

  lines.push(
    `| ${vscode.l10n.t('Reviewer')} | ${vscode.l10n.t('Assigned')} | ${vscode.l10n.t('Pending')} | ${vscode.l10n.t('Completed')} |`,
    '| --- | ---: | ---: | ---: |',
  );
  for (const reviewer of progress.reviewers) {
    lines.push(`| ${cell(reviewer.email)} | ${reviewer.assigned} | ${reviewer.pending} | ${reviewer.completed} |`);
  }
  return lines.join('\n') + '\n';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

/** Makes a file-name part from a queue name: letters, digits and dashes only. */
function safeName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'queue'
  );
}
