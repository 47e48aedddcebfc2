// Balanced distribution of records over reviewers. Arize has no such
// operation, so the extension computes each record's new list and writes it.
import { emailKey } from '../assign/emails';
import { AssigneeState } from './types';

export interface DistributionRecord {
  recordId: string;
  assignees: AssigneeState[];
}

export interface DistributionInput {
  /** Records to hand out, in the order they are filled. */
  records: readonly DistributionRecord[];
  /** Every record of the queue, to count what each reviewer already holds there. */
  queueRecords: readonly DistributionRecord[];
  reviewers: readonly string[];
  /** Chosen reviewers each record should end with, from 1 to the number of reviewers. */
  reviewersPerRecord: number;
  /** Leave out records whose assignees have all completed. */
  skipCompleted: boolean;
}

export interface DistributionResult {
  /** New assignee list per record that changes; records not listed keep theirs. */
  assignments: Map<string, string[]>;
  /** PENDING records per chosen reviewer before and after, in the queue. */
  pendingBefore: Map<string, number>;
  pendingAfter: Map<string, number>;
  /** Records left out because all their assignees have completed. */
  skippedCompleted: string[];
}

/**
 * Gives each record enough chosen reviewers to reach `reviewersPerRecord`,
 * always picking those with the fewest PENDING records so far in the queue,
 * so the counts end as even as the existing load allows. Assignees outside
 * the chosen set are kept. Ties go to the reviewer listed first.
 */
export function distributeRecords(input: DistributionInput): DistributionResult {
  const reviewers = uniqueReviewers(input.reviewers);
  const perRecord = Math.max(1, Math.min(input.reviewersPerRecord, reviewers.length));
  const load = countPending(input.queueRecords, reviewers);
  const pendingBefore = new Map(load);
  const assignments = new Map<string, string[]>();
  const skippedCompleted: string[] = [];

  for (const record of input.records) {
    if (input.skipCompleted && isAllCompleted(record.assignees)) {
      skippedCompleted.push(record.recordId);
      continue;
    }

    const present = new Set(record.assignees.map((assignee) => emailKey(assignee.email)));
    const missing = perRecord - reviewers.filter((reviewer) => present.has(emailKey(reviewer))).length;
    if (missing <= 0) {
      continue;
    }

    const chosen = pickLeastLoaded(reviewers, load, present, missing);
    for (const reviewer of chosen) {
      load.set(reviewer, (load.get(reviewer) ?? 0) + 1);
    }
    assignments.set(record.recordId, [...record.assignees.map((assignee) => assignee.email), ...chosen]);
  }

  return { assignments, pendingBefore, pendingAfter: load, skippedCompleted };
}

function uniqueReviewers(reviewers: readonly string[]): string[] {
  const seen = new Set<string>();
  return reviewers.filter((reviewer) => {
    const key = emailKey(reviewer);
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

function countPending(records: readonly DistributionRecord[], reviewers: readonly string[]): Map<string, number> {
  const byKey = new Map(reviewers.map((reviewer) => [emailKey(reviewer), reviewer]));
  const load = new Map(reviewers.map((reviewer) => [reviewer, 0]));

  for (const record of records) {
    for (const assignee of record.assignees) {
      const reviewer = byKey.get(emailKey(assignee.email));
      if (reviewer && assignee.status !== 'COMPLETED') {
        load.set(reviewer, (load.get(reviewer) ?? 0) + 1);
      }
    }
  }
  return load;
}

function pickLeastLoaded(
  reviewers: readonly string[],
  load: ReadonlyMap<string, number>,
  present: ReadonlySet<string>,
  count: number,
): string[] {
  return reviewers
    .map((reviewer, order) => ({ reviewer, order, pending: load.get(reviewer) ?? 0 }))
    .filter((candidate) => !present.has(emailKey(candidate.reviewer)))
    .sort((left, right) => left.pending - right.pending || left.order - right.order)
    .slice(0, count)
    .map((candidate) => candidate.reviewer);
}

function isAllCompleted(assignees: readonly AssigneeState[]): boolean {
  return assignees.length > 0 && assignees.every((assignee) => assignee.status === 'COMPLETED');
}
