// Progress counts of a queue: records completed, pending and unassigned, and
// per reviewer how many records they hold, finish and still owe. The API
// returns no totals, so these are counted over every record of the queue.
// Free of `vscode`.
import { emailKey } from '../assign/emails';
import { AnnotationQueueRecord, AnnotatorUser } from '../api/types';
import { assignmentState, isCompleted } from './recordPresentation';

export interface ReviewerProgress {
  /** The e-mail in its first spelling seen: the queue's annotator list, then the records. */
  email: string;
  /** Records that list the reviewer among their assignees. */
  assigned: number;
  /** Of those, the records the reviewer has not completed. */
  pending: number;
  /** Of those, the records the reviewer has completed. */
  completed: number;
}

export interface QueueProgress {
  total: number;
  /** Records whose assignees have all completed them. */
  completed: number;
  /** Records with at least one assignee who has not completed them. */
  pending: number;
  unassigned: number;
  /** Every reviewer with an assignment, and every queue annotator even without one, sorted by e-mail. */
  reviewers: ReviewerProgress[];
}

export function countQueueProgress(
  records: readonly AnnotationQueueRecord[],
  annotators: readonly AnnotatorUser[] = [],
): QueueProgress {
  const progress: QueueProgress = { total: records.length, completed: 0, pending: 0, unassigned: 0, reviewers: [] };
  const reviewers = new Map<string, ReviewerProgress>();
  const reviewer = (email: string): ReviewerProgress => {
    const key = emailKey(email);
    let entry = reviewers.get(key);
    if (!entry) {
      entry = { email, assigned: 0, pending: 0, completed: 0 };
      reviewers.set(key, entry);
    }
    return entry;
  };

  for (const annotator of annotators) {
    reviewer(annotator.email);
  }

  for (const record of records) {
    progress[assignmentState(record.assigned_users)]++;

    for (const assigned of record.assigned_users) {
      const entry = reviewer(assigned.user.email);
      entry.assigned++;
      if (isCompleted(assigned)) {
        entry.completed++;
      } else {
        entry.pending++;
      }
    }
  }

  progress.reviewers = [...reviewers.values()].sort((left, right) => emailKey(left.email).localeCompare(emailKey(right.email)));
  return progress;
}
