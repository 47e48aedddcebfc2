// "Distribute Records…": hands out a queue's records, or the selected ones,
// over chosen reviewers so their PENDING counts end as even as possible.
import * as vscode from 'vscode';

import { notify } from '../ui/notify';

import { AnnotationQueue } from '../api/types';
import { toAssigneeStates } from '../bulk/assignees';
import { distributeRecords, DistributionRecord } from '../bulk/distribute';
import { RecordIntent, RecordResult } from '../bulk/types';
import { recordLabel } from '../tree/recordPresentation';
import { CommandContext, requireConnection, showFailure } from './commandContext';
import { recordKey, runOperation } from './bulkOperations';
import { describeError } from './errorMessages';
import { pickQueue } from './pickers';
import { pickReviewers } from './reviewerPicker';
import { isQueueElement, readAllRecords, recordsFromTree } from './targets';

export async function distribute(
  context: CommandContext,
  first?: unknown,
  second?: unknown,
): Promise<RecordResult[] | undefined> {
  const connection = await requireConnection(context);
  if (!connection) {
    return undefined;
  }

  const selected = recordsFromTree(context, first, second);
  const queue = await chooseQueue(context, connection.client, connection.settings.spaceId, first, selected[0]?.queueId);
  if (!queue) {
    return undefined;
  }

  let queueRecords;
  try {
    queueRecords = await readAllRecords(connection.client, queue.id, queue.name);
  } catch (error) {
    showFailure(context, describeError(error, vscode.l10n.t('Reading the records of "{0}"', queue.name)));
    return undefined;
  }

  const selectedIds = new Set(selected.filter((target) => target.queueId === queue.id).map((target) => target.recordId));
  const toDistribute = selectedIds.size > 0 ? queueRecords.filter((record) => selectedIds.has(record.id)) : queueRecords;

  const reviewers = await pickReviewers(
    vscode.l10n.t('Distribute {0} Records of "{1}": Reviewers', toDistribute.length, queue.name),
    {
      checked: [],
      recent: context.recent.get(connection.baseUrl),
      load: async () => ({
        annotators: queue.annotators.map((annotator) => annotator.email),
        seenOnQueue: queueRecords.flatMap((record) => record.assigned_users.map((assigned) => assigned.user.email)),
      }),
    },
    false,
  );
  if (!reviewers) {
    return undefined;
  }

  const options = await askOptions(reviewers.length);
  if (!options) {
    return undefined;
  }

  const asDistribution = (record: (typeof queueRecords)[number]): DistributionRecord => ({
    recordId: record.id,
    assignees: toAssigneeStates(record.assigned_users),
  });
  const result = distributeRecords({
    records: toDistribute.map(asDistribution),
    queueRecords: queueRecords.map(asDistribution),
    reviewers,
    reviewersPerRecord: options.perRecord,
    skipCompleted: options.skipCompleted,
  });

  const byId = new Map(queueRecords.map((record) => [record.id, record]));
  const intents: RecordIntent[] = [...result.assignments].map(([recordId, emails]) => {
    const record = byId.get(recordId);
    return {
      queueId: queue.id,
      recordId,
      mode: 'set',
      emails,
      label: record ? recordLabel(record) : recordId,
      expectedBefore: record?.assigned_users.map((assigned) => assigned.user.email),
    };
  });
  if (intents.length === 0) {
    void notify.info(vscode.l10n.t('Every chosen record already has enough of these reviewers; nothing to change.'));
    return undefined;
  }

  const before = new Map(toDistribute.map((record) => [recordKey(queue.id, record.id), toAssigneeStates(record.assigned_users)]));
  return runOperation(context, connection, {
    title: vscode.l10n.t('Distribute Records'),
    intents,
    before,
    interactive: true,
    offerApplyToCurrent: true,
  });
}

async function chooseQueue(
  context: CommandContext,
  client: Parameters<typeof pickQueue>[1],
  spaceId: string,
  clicked: unknown,
  selectedQueueId: string | undefined,
): Promise<AnnotationQueue | undefined> {
  const queueId = isQueueElement(clicked) ? clicked.queueId : selectedQueueId;
  if (queueId) {
    return context.model.findQueue(queueId)?.queue ?? client.getQueue(queueId);
  }
  return pickQueue(context.model, client, spaceId);
}

async function askOptions(reviewerCount: number): Promise<{ perRecord: number; skipCompleted: boolean } | undefined> {
  const counts = Array.from({ length: reviewerCount }, (_, index) => ({
    label: String(index + 1),
    description: index === 0 ? vscode.l10n.t('each record gets one of the chosen reviewers') : undefined,
    value: index + 1,
  }));
  const perRecord = await vscode.window.showQuickPick(counts, {
    title: vscode.l10n.t('Reviewers per Record'),
    placeHolder: vscode.l10n.t('How many of the chosen reviewers should each record have?'),
    ignoreFocusOut: true,
  });
  if (!perRecord) {
    return undefined;
  }

  const skip = { label: vscode.l10n.t('Skip completed records'), value: true };
  const include = { label: vscode.l10n.t('Include completed records'), value: false };
  const completed = await vscode.window.showQuickPick([skip, include], {
    title: vscode.l10n.t('Completed Records'),
    placeHolder: vscode.l10n.t('Records whose assignees have all completed them'),
    ignoreFocusOut: true,
  });
  return completed ? { perRecord: perRecord.value, skipCompleted: completed.value } : undefined;
}
