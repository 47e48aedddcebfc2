// Runs assignment intents against the API with bounded concurrency. Every
// intent ends with one outcome (applied, skipped, conflict, failed or not run),
// so a report can account for each record and a retry can re-run the failed ones.
import { ArizeClient } from '../api/client';
import { isArizeApiError } from '../api/errors';
import { MAX_ASSIGNEES, MAX_RECORDS_PAGE_SIZE } from '../constants';
import { applyMode, samePeople, toAssigneeStates } from './assignees';
import { AssigneeState, RecordIntent, RecordOutcome, RecordResult } from './types';

export interface BulkRunOptions {
  client: ArizeClient;
  intents: readonly RecordIntent[];
  /** Requests in flight at once, at least 1. */
  concurrency: number;
  signal?: AbortSignal;
  /** Called after each record settles, with the count settled so far. */
  onProgress?: (settled: number, total: number) => void;
}

/** Upper bound on pages read per queue, so a server that never ends its list cannot loop us forever. */
const MAX_READ_PAGES = 1000;

type CurrentAssignees = Map<string, AssigneeState[]>;

/**
 * Reads the current assignees of every record named, then writes each
 * record's new list. Results come back in the order of `intents`.
 */
export async function runBulkAssignment(options: BulkRunOptions): Promise<RecordResult[]> {
  const { intents, signal } = options;
  const results: RecordResult[] = new Array(intents.length);
  const current = await readCurrentAssignees(options);
  let settled = 0;
  let next = 0;

  const worker = async () => {
    while (next < intents.length) {
      const index = next++;
      const intent = intents[index];
      const outcome = signal?.aborted ? notRun() : await runOne(options.client, intent, current.get(intent.queueId), signal);
      results[index] = { intent, outcome };
      settled++;
      options.onProgress?.(settled, intents.length);
    }
  };

  const workers = Math.max(1, Math.min(options.concurrency, intents.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

/** Pages through each queue once, stopping as soon as every record it needs is found. */
async function readCurrentAssignees(options: BulkRunOptions): Promise<Map<string, CurrentAssignees | Error>> {
  const byQueue = new Map<string, Set<string>>();
  for (const intent of options.intents) {
    const ids = byQueue.get(intent.queueId) ?? new Set<string>();
    ids.add(intent.recordId);
    byQueue.set(intent.queueId, ids);
  }

  const current = new Map<string, CurrentAssignees | Error>();
  for (const [queueId, wanted] of byQueue) {
    try {
      current.set(queueId, await readQueue(options.client, queueId, wanted, options.signal));
    } catch (error) {
      current.set(queueId, error instanceof Error ? error : new Error(String(error)));
    }
  }
  return current;
}

async function readQueue(
  client: ArizeClient,
  queueId: string,
  needed: ReadonlySet<string>,
  signal?: AbortSignal,
): Promise<CurrentAssignees> {
  const found: CurrentAssignees = new Map();
  let cursor: string | undefined;

  for (let page = 0; page < MAX_READ_PAGES; page++) {
    const result = await client.listRecords(queueId, { limit: MAX_RECORDS_PAGE_SIZE, cursor, signal });
    for (const record of result.items) {
      if (needed.has(record.id)) {
        found.set(record.id, toAssigneeStates(record.assigned_users));
      }
    }
    if (!result.hasMore || found.size === needed.size) {
      break;
    }
    cursor = result.nextCursor;
  }
  return found;
}

async function runOne(
  client: ArizeClient,
  intent: RecordIntent,
  queueState: CurrentAssignees | Error | undefined,
  signal?: AbortSignal,
): Promise<RecordOutcome> {
  if (queueState instanceof Error) {
    return failure(queueState);
  }

  const before = queueState?.get(intent.recordId);
  if (!before) {
    return { kind: 'failed', reason: 'record not found in the queue', code: 'recordNotFound', status: 404 };
  }

  const beforeEmails = before.map((assignee) => assignee.email);
  if (intent.expectedBefore && !samePeople(intent.expectedBefore, beforeEmails)) {
    return { kind: 'conflict', expected: intent.expectedBefore, actual: before };
  }

  const after = applyMode(beforeEmails, intent.mode, intent.emails);
  if (samePeople(after, beforeEmails)) {
    return { kind: 'skipped', before, reason: 'noChange' };
  }
  if (after.length > MAX_ASSIGNEES) {
    return {
      kind: 'failed',
      reason: `${after.length} assignees, at most ${MAX_ASSIGNEES} allowed`,
      code: 'tooManyAssignees',
      before,
    };
  }

  try {
    const response = await client.assignUsers(intent.queueId, intent.recordId, after, { signal });
    return { kind: 'applied', before, after: toAssigneeStates(response.assigned_users), assignedUsers: response.assigned_users };
  } catch (error) {
    if (isArizeApiError(error) && error.kind === 'cancelled') {
      return notRun();
    }
    return { ...failure(error), before };
  }
}

function failure(error: unknown): RecordOutcome & { kind: 'failed' } {
  const reason = error instanceof Error ? error.message : String(error);
  const status = isArizeApiError(error) ? error.status : undefined;
  return { kind: 'failed', reason, status, error };
}

function notRun(): RecordOutcome {
  return { kind: 'notRun', reason: 'cancelled' };
}
