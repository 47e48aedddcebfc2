// "Show Record Details": opens the read-only details panel of a record, from
// a click on its row, its context menu, `(queueId, recordId)` arguments, or
// queue and record pickers in the palette.
import * as vscode from 'vscode';

import { AnnotationQueueRecord } from '../api/types';
import { RecordDetailsPanel } from '../details/recordDetailsPanel';
import { requireConnection, showFailure } from './commandContext';
import { describeError } from './errorMessages';
import { pickQueue, pickRecord } from './pickers';
import { isRecordElement } from './targets';
import { ViewContext } from './viewContext';
import { notify } from '../ui/notify';

/** Returns the HTML shown, so tests can check it, or undefined when nothing was shown. */
export async function showRecordDetails(
  context: ViewContext,
  details: RecordDetailsPanel,
  first?: unknown,
  second?: unknown,
): Promise<string | undefined> {
  const record = await resolveRecord(context, first, second);
  if (!record) {
    return undefined;
  }
  return details.show(record, context.connections.activeProfile().keyId);
}

async function resolveRecord(context: ViewContext, first: unknown, second: unknown): Promise<AnnotationQueueRecord | undefined> {
  if (isRecordElement(first)) {
    return findOrRead(context, first.queueId, first.recordId);
  }
  if (typeof first === 'string' && typeof second === 'string') {
    return findOrRead(context, first, second);
  }

  const connection = await requireConnection(context);
  if (!connection) {
    return undefined;
  }
  const queue = await pickQueue(
    context.model,
    connection.client,
    connection.settings.spaceId,
    vscode.l10n.t('Show Record Details: Queue'),
  );
  if (!queue) {
    return undefined;
  }
  return pickRecord(connection.client, queue, vscode.l10n.t('Show Record Details: Record in {0}', queue.name));
}

/** Returns the cached record, or reads the whole queue first when the record is not among the records read. */
async function findOrRead(context: ViewContext, queueId: string, recordId: string): Promise<AnnotationQueueRecord | undefined> {
  const cached = context.model.findRecord(queueId, recordId);
  if (cached) {
    return cached;
  }

  await context.model.ensureQueues();
  if (context.model.findQueue(queueId)) {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading records…') },
      () => context.model.loadAllRecords(queueId),
    );
  }

  const entry = context.model.findQueue(queueId);
  if (entry?.recordsError !== undefined) {
    showFailure(context, describeError(entry.recordsError, vscode.l10n.t('Reading records')));
    return undefined;
  }
  const record = context.model.findRecord(queueId, recordId);
  if (!record) {
    void notify.error(vscode.l10n.t('Record "{0}" is not in queue "{1}". Refresh the queues and try again.', recordId, queueId));
  }
  return record;
}
