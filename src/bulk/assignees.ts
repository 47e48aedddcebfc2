// Assignee list arithmetic. Arize replaces a record's whole list on every
// assign, so adding or removing one reviewer means writing the merged list.
import { AssignedUser } from '../api/types';
import { emailKey } from '../assign/emails';
import { AssigneeState, AssignMode } from './types';

export function toAssigneeStates(assignedUsers: readonly AssignedUser[]): AssigneeState[] {
  return assignedUsers.map((assigned) => ({
    email: assigned.user.email,
    status: String(assigned.completion_status).toUpperCase(),
  }));
}

/** Derives the list to write from the current one: `set` replaces, `add` appends new people, `remove` drops people. */
export function applyMode(current: readonly string[], mode: AssignMode, emails: readonly string[]): string[] {
  switch (mode) {
    case 'set':
      return dedupe(emails);
    case 'add': {
      const present = new Set(current.map(emailKey));
      return dedupe([...current, ...emails.filter((email) => !present.has(emailKey(email)))]);
    }
    case 'remove': {
      const removed = new Set(emails.map(emailKey));
      return current.filter((email) => !removed.has(emailKey(email)));
    }
  }
}

/** Returns whether two lists name the same people, ignoring order and case. */
export function samePeople(left: readonly string[], right: readonly string[]): boolean {
  const leftKeys = new Set(left.map(emailKey));
  const rightKeys = new Set(right.map(emailKey));
  return leftKeys.size === rightKeys.size && [...leftKeys].every((key) => rightKeys.has(key));
}

/** Reviewers who have finished and whom the new list keeps or adds again; Arize documents re-assignment as resetting them to PENDING. */
export function completedKept(before: readonly AssigneeState[], after: readonly string[]): string[] {
  const kept = new Set(after.map(emailKey));
  return before
    .filter((assignee) => assignee.status === 'COMPLETED' && kept.has(emailKey(assignee.email)))
    .map((assignee) => assignee.email);
}

function dedupe(emails: readonly string[]): string[] {
  const seen = new Set<string>();
  return emails.filter((email) => {
    const key = emailKey(email);
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
