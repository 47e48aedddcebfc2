// Shapes shared by the bulk assignment engine, the plan-file reader and the
// journal. Free of `vscode`, so every part can be tested in plain Node.
import { AssignedUser } from '../api/types';

/** Rule that derives a record's new assignee list from its current one. */
export type AssignMode = 'set' | 'add' | 'remove';

/** The user's intended change to one record, kept as intent so a retry re-derives the list from the server's state. */
export interface RecordIntent {
  queueId: string;
  recordId: string;
  mode: AssignMode;
  /** E-mails to set, add or remove; valid and without duplicates. */
  emails: string[];
  /** Name of the record in messages: its label when known, else its id. */
  label?: string;
  /**
   * The assignees the user saw when they started, in order. When the server's
   * list differs at write time the record is a conflict, not silently overwritten.
   * Undefined skips the check.
   */
  expectedBefore?: string[];
}

/** One assignee as read from the server. */
export interface AssigneeState {
  email: string;
  /** `PENDING`, `COMPLETED`, or another value the server sent, upper-cased. */
  status: string;
}

export type RecordOutcome =
  | { kind: 'applied'; before: AssigneeState[]; after: AssigneeState[]; assignedUsers: AssignedUser[] }
  | { kind: 'skipped'; before: AssigneeState[]; reason: 'noChange' }
  | { kind: 'conflict'; expected: string[]; actual: AssigneeState[] }
  | {
      kind: 'failed';
      /** English, for the log. Messages are worded from `code` or `error`. */
      reason: string;
      /** Set when the failure happened before any request: the record is missing or the list too long. */
      code?: 'recordNotFound' | 'tooManyAssignees';
      status?: number;
      before?: AssigneeState[];
      error?: unknown;
    }
  | { kind: 'notRun'; reason: 'cancelled' };

export interface RecordResult {
  intent: RecordIntent;
  outcome: RecordOutcome;
}

/** One operation in the journal: every record it changed, with the lists before and after. */
export interface JournalEntry {
  /** Unique id, for undo. */
  id: string;
  /** ISO 8601 time the operation finished. */
  time: string;
  /** Name of the command the user ran, for example "Distribute Records" or "Undo". */
  operation: string;
  baseUrl: string;
  changes: Array<{
    queueId: string;
    recordId: string;
    label?: string;
    before: string[];
    after: string[];
  }>;
  /** Count of records that failed, were skipped, in conflict or not run, for the export. */
  notApplied: number;
  /** True once "Undo Last Assignment Change" restored this entry. */
  undone?: boolean;
}
