// The filters of the queues view. The records endpoint has no server-side
// filter, so these predicates run on records already read from the server.
// Free of `vscode`, so they are tested in plain Node.
import { emailKey, isValidEmail } from '../assign/emails';
import { AnnotationQueueRecord } from '../api/types';
import { assignmentState, isCompleted } from './recordPresentation';

export type RecordFilter =
  /** Records that list `email` (the setting `arizeQueues.myEmail`) among their assignees, finished or not. */
  | { kind: 'assignedToMe'; email: string }
  | { kind: 'unassigned' }
  /** Records with at least one assignee who has not completed them. */
  | { kind: 'pending' }
  /** Records whose assignees have all completed them. */
  | { kind: 'completed' }
  | { kind: 'assignedTo'; email: string };

export type RecordFilterKind = RecordFilter['kind'];

export const RECORD_FILTER_KINDS: readonly RecordFilterKind[] = [
  'assignedToMe',
  'unassigned',
  'pending',
  'completed',
  'assignedTo',
];

export function matchesFilter(record: AnnotationQueueRecord, filter: RecordFilter): boolean {
  switch (filter.kind) {
    case 'assignedToMe':
    case 'assignedTo':
      return isAssignedTo(record, filter.email);
    case 'unassigned':
      return record.assigned_users.length === 0;
    case 'pending':
      return assignmentState(record.assigned_users) === 'pending';
    case 'completed':
      return assignmentState(record.assigned_users) === 'completed';
  }
}

export function filterRecords(records: readonly AnnotationQueueRecord[], filter: RecordFilter): AnnotationQueueRecord[] {
  return records.filter((record) => matchesFilter(record, filter));
}

/** True when `email` is among the record's assignees; e-mails are compared without regard to case. */
export function isAssignedTo(record: AnnotationQueueRecord, email: string): boolean {
  const wanted = emailKey(email);
  return record.assigned_users.some((assigned) => emailKey(assigned.user.email) === wanted);
}

/** True when `email` is assigned to the record and has not completed it. */
export function isPendingFor(record: AnnotationQueueRecord, email: string): boolean {
  const wanted = emailKey(email);
  return record.assigned_users.some((assigned) => emailKey(assigned.user.email) === wanted && !isCompleted(assigned));
}

/**
 * Reads a filter from a command argument such as `{ kind: 'assignedTo', email: 'a@example.com' }`.
 * Returns undefined for anything else, including an invalid e-mail.
 */
export function parseRecordFilter(value: unknown): RecordFilter | undefined {
  if (!value || typeof value !== 'object') {
    return undefined;
  }
  const { kind, email } = value as { kind?: unknown; email?: unknown };

  switch (kind) {
    case 'unassigned':
    case 'pending':
    case 'completed':
      return { kind };
    case 'assignedToMe':
    case 'assignedTo':
      return typeof email === 'string' && isValidEmail(email.trim()) ? { kind, email: email.trim() } : undefined;
    default:
      return undefined;
  }
}

export function sameFilter(left: RecordFilter | undefined, right: RecordFilter | undefined): boolean {
  if (!left || !right) {
    return left === right;
  }
  const leftEmail = 'email' in left ? emailKey(left.email) : '';
  const rightEmail = 'email' in right ? emailKey(right.email) : '';
  return left.kind === right.kind && leftEmail === rightEmail;
}
