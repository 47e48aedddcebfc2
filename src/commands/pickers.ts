import * as vscode from 'vscode';

import { ArizeClient } from '../api/client';
import { AnnotationQueue, AnnotationQueueRecord } from '../api/types';
import { MAX_RECORDS_PAGE_SIZE } from '../constants';
import { QueueTreeModel } from '../tree/queueTreeModel';
import { assigneeEmails, recordLabel } from '../tree/recordPresentation';
import { describeError } from './errorMessages';

interface ValueItem<T> extends vscode.QuickPickItem {
  value: T;
}

/** Upper bound on record pages the picker reads, so a server that never ends its list cannot keep it busy forever. */
const MAX_PICKER_PAGES = 200;

/**
 * Shows a quick pick that is open and busy at once, and fills it while `load`
 * pushes items. Resolves with the chosen value, or undefined on Escape.
 */
function pickWhileLoading<T>(
  options: { title: string; placeholder: string; matchOnDescription?: boolean },
  load: (push: (items: ValueItem<T>[]) => void, signal: AbortSignal) => Promise<void>,
): Promise<T | undefined> {
  const pick = vscode.window.createQuickPick<ValueItem<T>>();
  const controller = new AbortController();
  pick.title = options.title;
  pick.placeholder = options.placeholder;
  pick.matchOnDescription = options.matchOnDescription ?? false;
  pick.busy = true;
  pick.ignoreFocusOut = true;

  const push = (items: ValueItem<T>[]) => {
    pick.items = pick.items.concat(items);
  };

  return new Promise<T | undefined>((resolve) => {
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0];
      if (chosen) {
        resolve(chosen.value);
        pick.hide();
      }
    });
    pick.onDidHide(() => {
      controller.abort();
      resolve(undefined);
      pick.dispose();
    });
    pick.show();

    load(push, controller.signal)
      .catch((error) => {
        if (!controller.signal.aborted) {
          pick.placeholder = describeError(error, vscode.l10n.t('Loading'));
        }
      })
      .finally(() => {
        pick.busy = false;
      });
  });
}

/** `title` replaces the assign command's step title, for other commands that pick a queue. */
export function pickQueue(
  model: QueueTreeModel,
  client: ArizeClient,
  spaceId: string,
  title = vscode.l10n.t('Assign Users to Record (1/3): Queue'),
): Promise<AnnotationQueue | undefined> {
  const toItem = (queue: AnnotationQueue): ValueItem<AnnotationQueue> => ({
    label: queue.name,
    description: queue.id,
    detail: queue.instructions ? queue.instructions.replace(/\s+/g, ' ').slice(0, 120) : undefined,
    value: queue,
  });

  return pickWhileLoading(
    {
      title,
      placeholder: vscode.l10n.t('Choose an annotation queue'),
      matchOnDescription: true,
    },
    async (push, signal) => {
      if (model.state.kind === 'ready' && model.queues.length > 0) {
        push(model.queues.map((entry) => toItem(entry.queue)));
        return;
      }
      const queues = await client.listAllQueues({ spaceId: spaceId || undefined, signal });
      push(queues.map(toItem));
    },
  );
}

export function pickRecord(
  client: ArizeClient,
  queue: AnnotationQueue,
  title = vscode.l10n.t('Assign Users to Record (2/3): Record in {0}', queue.name),
): Promise<AnnotationQueueRecord | undefined> {
  const toItem = (record: AnnotationQueueRecord): ValueItem<AnnotationQueueRecord> => {
    const emails = assigneeEmails(record);
    return {
      label: recordLabel(record),
      description: record.id,
      detail: emails.length ? emails.join(', ') : vscode.l10n.t('unassigned'),
      value: record,
    };
  };

  return pickWhileLoading(
    {
      title,
      placeholder: vscode.l10n.t('Choose a record; type part of its label or its ID'),
      matchOnDescription: true,
    },
    async (push, signal) => {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PICKER_PAGES; page++) {
        const result = await client.listRecords(queue.id, { limit: MAX_RECORDS_PAGE_SIZE, cursor, signal });
        push(result.items.map(toItem));
        if (!result.hasMore) {
          return;
        }
        cursor = result.nextCursor;
      }
    },
  );
}
