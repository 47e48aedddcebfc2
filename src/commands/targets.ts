// The records a command acts on: the tree's selection, the clicked row, or
// a queue and record chosen in quick picks when run from the palette.
import * as vscode from 'vscode';

import { ArizeClient } from '../api/client';
import { AnnotationQueueRecord } from '../api/types';
import { toAssigneeStates } from '../bulk/assignees';
import { AssigneeState } from '../bulk/types';
import { MAX_RECORDS_PAGE_SIZE } from '../constants';
import { TreeElement } from '../tree/queueTreeProvider';
import { recordLabel } from '../tree/recordPresentation';
import { CommandContext } from './commandContext';
import { pickQueue, pickRecord } from './pickers';

export interface RecordTarget {
  queueId: string;
  recordId: string;
  label: string;
  /** Assignees as the tree showed them, or undefined when the record is not loaded. */
  assignees?: AssigneeState[];
}

/** Upper bound on pages read for one queue, so a server that never ends its list cannot loop us forever. */
const MAX_PAGES = 1000;

export function isRecordElement(value: unknown): value is TreeElement & { kind: 'record' } {
  return !!value && typeof value === 'object' && (value as TreeElement).kind === 'record';
}

export function isQueueElement(value: unknown): value is TreeElement & { kind: 'queue' } {
  return !!value && typeof value === 'object' && (value as TreeElement).kind === 'queue';
}

/** Returns the queue id of a queue row, or the argument itself when it is a string. */
export function queueIdOf(target: unknown): string | undefined {
  if (isQueueElement(target)) {
    return target.queueId;
  }
  return typeof target === 'string' ? target : undefined;
}

/**
 * Returns the records of a tree command: all selected rows when the clicked row
 * is part of a multi-selection, else the clicked row. VS Code passes the
 * clicked element first and the whole selection second.
 */
export function recordsFromTree(context: CommandContext, clicked: unknown, selection: unknown): RecordTarget[] {
  const elements = Array.isArray(selection) && selection.length > 0 ? selection : [clicked];
  return elements.filter(isRecordElement).map((element) => targetFromIds(context, element.queueId, element.recordId));
}

export function targetFromIds(context: CommandContext, queueId: string, recordId: string): RecordTarget {
  const record = context.model.findRecord(queueId, recordId);
  return record ? targetFromRecord(record, queueId) : { queueId, recordId, label: recordId };
}

export function targetFromRecord(record: AnnotationQueueRecord, queueId = record.annotation_queue_id): RecordTarget {
  return { queueId, recordId: record.id, label: recordLabel(record), assignees: toAssigneeStates(record.assigned_users) };
}

/** Asks for a queue and then a record, as the palette form of a record command does. */
export async function pickTarget(
  context: CommandContext,
  client: ArizeClient,
  spaceId: string,
): Promise<RecordTarget | undefined> {
  const queue = await pickQueue(context.model, client, spaceId);
  if (!queue) {
    return undefined;
  }
  const record = await pickRecord(client, queue);
  return record ? targetFromRecord(record, queue.id) : undefined;
}

/** Targets from the tree when there are any, else from the palette pickers. */
export async function resolveTargets(
  context: CommandContext,
  client: ArizeClient,
  spaceId: string,
  clicked: unknown,
  selection: unknown,
): Promise<RecordTarget[]> {
  const fromTree = recordsFromTree(context, clicked, selection);
  if (fromTree.length > 0) {
    return fromTree;
  }
  const picked = await pickTarget(context, client, spaceId);
  return picked ? [picked] : [];
}

/** Reads every record of a queue under a progress notification; throws on failure or cancellation. */
export function readAllRecords(client: ArizeClient, queueId: string, queueName: string): Thenable<AnnotationQueueRecord[]> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Reading the records of "{0}"…', queueName),
      cancellable: true,
    },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const records: AnnotationQueueRecord[] = [];
      let cursor: string | undefined;

      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await client.listRecords(queueId, { limit: MAX_RECORDS_PAGE_SIZE, cursor, signal: controller.signal });
        records.push(...result.items);
        progress.report({ message: vscode.l10n.t('{0} records', records.length) });
        if (!result.hasMore) {
          break;
        }
        cursor = result.nextCursor;
      }
      return records;
    },
  );
}
