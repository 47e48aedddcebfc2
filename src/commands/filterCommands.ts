// "Filter Records…" and "Clear Filter". Arize has no server-side filter, so
// setting a filter reads every record of every queue, 500 a page, under a
// cancellable progress notification. The records stay cached until refresh.
import * as vscode from 'vscode';

import { emailKey, isValidEmail } from '../assign/emails';
import { describeFilter } from '../tree/viewFilter';
import { isComplete } from '../tree/queueTreeModel';
import { parseRecordFilter, RecordFilter, RecordFilterKind, sameFilter } from '../tree/recordFilter';
import { ViewIds } from '../constants';
import { requireConnection, showFailure } from './commandContext';
import { describeError } from './errorMessages';
import { ViewContext } from './viewContext';
import { notify } from '../ui/notify';

interface FilterItem extends vscode.QuickPickItem {
  filterKind?: RecordFilterKind;
  clear?: boolean;
}

/**
 * Sets a filter chosen in a quick pick, or the one passed as argument (such
 * as `{ kind: 'pending' }`), and reads every record it needs. Returns the
 * filter now active, or undefined when cancelled.
 */
export async function filterRecords(context: ViewContext, argument?: unknown): Promise<RecordFilter | undefined> {
  const interactive = argument === undefined;
  const filter = interactive ? await chooseFilter(context) : parseRecordFilter(argument);
  if (!filter) {
    if (!interactive) {
      void notify.error(vscode.l10n.t('The filter argument is not valid: {0}.', JSON.stringify(argument)));
    }
    return undefined;
  }

  const connection = await requireConnection(context);
  if (!connection) {
    return undefined;
  }

  context.viewFilter.set(filter);
  if (interactive) {
    void vscode.commands.executeCommand(`${ViewIds.queues}.focus`);
  }
  await readAllQueues(context, filter);
  return filter;
}

export function clearFilter(context: ViewContext): void {
  context.viewFilter.set(undefined);
}

async function chooseFilter(context: ViewContext): Promise<RecordFilter | undefined> {
  const current = context.viewFilter.filter;
  const me = context.myEmail.get();
  const items: FilterItem[] = [
    {
      filterKind: 'assignedToMe',
      label: vscode.l10n.t('Assigned to me'),
      description: me ?? vscode.l10n.t('asks for your e-mail'),
    },
    { filterKind: 'unassigned', label: vscode.l10n.t('Unassigned'), description: vscode.l10n.t('no assignees') },
    { filterKind: 'pending', label: vscode.l10n.t('Pending'), description: vscode.l10n.t('someone has not finished') },
    { filterKind: 'completed', label: vscode.l10n.t('Completed'), description: vscode.l10n.t('every assignee has finished') },
    {
      filterKind: 'assignedTo',
      label: vscode.l10n.t('Assigned to a reviewer…'),
      description: vscode.l10n.t('choose or type an e-mail'),
    },
  ];
  if (current) {
    items.push(
      { label: vscode.l10n.t('Active: {0}', describeFilter(current)), kind: vscode.QuickPickItemKind.Separator },
      { clear: true, label: vscode.l10n.t('Clear Filter') },
    );
  }

  const chosen = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Filter Records'),
    placeHolder: vscode.l10n.t('Show only the records that match; every record of each queue is read once'),
  });
  if (!chosen) {
    return undefined;
  }
  if (chosen.clear) {
    clearFilter(context);
    return undefined;
  }

  switch (chosen.filterKind) {
    case 'assignedToMe': {
      const email = await context.myEmail.getOrAsk();
      return email ? { kind: 'assignedToMe', email } : undefined;
    }
    case 'assignedTo': {
      const email = await pickReviewer(context);
      return email ? { kind: 'assignedTo', email } : undefined;
    }
    case 'unassigned':
    case 'pending':
    case 'completed':
      return { kind: chosen.filterKind };
    default:
      return undefined;
  }
}

/**
 * Offers the queues' annotators and everyone assigned on a loaded record,
 * and accepts a typed e-mail that is not listed.
 */
function pickReviewer(context: ViewContext): Promise<string | undefined> {
  const known = new Map<string, string>();
  for (const entry of context.model.queues) {
    for (const annotator of entry.queue.annotators) {
      known.set(emailKey(annotator.email), known.get(emailKey(annotator.email)) ?? annotator.email);
    }
    for (const record of entry.records) {
      for (const assigned of record.assigned_users) {
        known.set(emailKey(assigned.user.email), known.get(emailKey(assigned.user.email)) ?? assigned.user.email);
      }
    }
  }
  const listed: vscode.QuickPickItem[] = [...known.values()]
    .sort((left, right) => left.localeCompare(right))
    .map((email) => ({ label: email }));

  const pick = vscode.window.createQuickPick<vscode.QuickPickItem>();
  pick.title = vscode.l10n.t('Filter Records: Reviewer');
  pick.placeholder = vscode.l10n.t('Choose a reviewer or type an e-mail');
  pick.items = listed;
  pick.ignoreFocusOut = true;

  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    const isNew = isValidEmail(typed) && !known.has(emailKey(typed));
    pick.items = isNew ? [{ label: typed, description: vscode.l10n.t('typed e-mail') }, ...listed] : listed;
  });

  return new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.label;
      if (chosen) {
        resolve(chosen);
        pick.hide();
      }
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

/**
 * Reads every record of every queue that is not read completely, one queue
 * at a time, and reports failures once at the end. Cancelling stops after
 * the current page; the queues read so far stay cached.
 */
async function readAllQueues(context: ViewContext, filter: RecordFilter): Promise<void> {
  await context.model.ensureQueues();
  if (context.model.state.kind === 'error') {
    const error = context.model.state.error;
    showFailure(context, describeError(error, vscode.l10n.t('Loading annotation queues')), () => context.model.refresh());
    return;
  }

  const pending = context.model.queues.filter((entry) => !isComplete(entry));
  if (pending.length === 0) {
    return;
  }

  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Filtering records ({0})', describeFilter(filter)),
      cancellable: true,
    },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());

      for (const [index, entry] of pending.entries()) {
        if (controller.signal.aborted || !sameFilter(context.viewFilter.filter, filter)) {
          return;
        }
        const prefix = vscode.l10n.t('Queue {0} of {1}, "{2}"', index + 1, pending.length, entry.queue.name);
        progress.report({ message: prefix });
        await context.model.loadAllRecords(entry.queue.id, {
          signal: controller.signal,
          onProgress: (count) => progress.report({ message: vscode.l10n.t('{0}: {1} records read', prefix, count) }),
        });
      }
    },
  );

  reportFailures(context, filter);
}

function reportFailures(context: ViewContext, filter: RecordFilter): void {
  const failed = context.model.queues.filter((entry) => entry.recordsError !== undefined);
  if (failed.length === 0) {
    return;
  }

  const first = failed[0];
  const action = vscode.l10n.t('Reading the records of "{0}"', first.queue.name);
  const message =
    failed.length === 1
      ? describeError(first.recordsError, action)
      : vscode.l10n.t('{0} ({1} more queues failed too.)', describeError(first.recordsError, action), failed.length - 1);
  showFailure(context, message, () => readAllQueues(context, filter));
}
