import type { AnnotationQueueRecord, AssignedUser } from '../api/types';
import { ApiError } from './problems';
import type { SandboxStore, SandboxUser } from './store';

// Rules of the assign endpoint where the public API documentation is silent.
// Each is one choice; real servers may differ, so clients must cope with both.
// - Request shape errors (body not JSON, field missing or of the wrong type)
//   are 400. Failed validation (more than 100 e-mails, bad e-mail syntax, an
//   e-mail of no known user) is 422, and nothing is changed.
// - An e-mail must belong to a user of the account. The user need not be one
//   of the queue's annotators, and assign does not add them to the queue.
// - E-mails match users without regard to case. The response carries the
//   stored spelling. Duplicates that differ only in case are merged and the
//   first occurrence keeps its position.
// - E-mails are not trimmed: surrounding whitespace makes them invalid.

/** Maximum number of e-mails in one assign request, counted before duplicates are removed. */
export const MAX_ASSIGNED_EMAILS = 100;

const MAX_EMAIL_LENGTH = 254;
const EMAIL_PATTERN =
  /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** Parses the JSON request body and returns `assigned_user_emails` as sent. Throws a 400 ApiError on a malformed body. */
export function parseAssignBody(body: Buffer): unknown[] {
  const text = body.toString('utf8');

  if (text.trim() === '') {
    throw new ApiError(400, 'Request body is missing: send a JSON object like {"assigned_user_emails": ["ana@example.com"]}.');
  }

  let parsed: unknown;

  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `Request body is not valid JSON: ${(error as Error).message}`);
  }

  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ApiError(400, `Request body must be a JSON object, got ${describeType(parsed)}.`);
  }

  const emails = (parsed as Record<string, unknown>).assigned_user_emails;

  if (emails === undefined) {
    throw new ApiError(
      400,
      'Field assigned_user_emails is required: send an array of e-mail addresses, or [] to remove all assignees.',
    );
  }

  if (!Array.isArray(emails)) {
    throw new ApiError(400, `Field assigned_user_emails must be an array of strings, got ${describeType(emails)}.`);
  }

  emails.forEach((email, index) => {
    if (typeof email !== 'string') {
      throw new ApiError(400, `assigned_user_emails[${index}] must be a string, got ${describeType(email)}.`);
    }
  });

  return emails;
}

/** Validates the e-mails and returns the users they name, without duplicates. Throws a 422 ApiError when validation fails. */
export function resolveAssignees(store: SandboxStore, emails: unknown[]): SandboxUser[] {
  if (emails.length > MAX_ASSIGNED_EMAILS) {
    throw new ApiError(422, `assigned_user_emails has ${emails.length} items; at most ${MAX_ASSIGNED_EMAILS} are allowed.`);
  }

  const invalid = (emails as string[]).filter((email) => email.length > MAX_EMAIL_LENGTH || !EMAIL_PATTERN.test(email));

  if (invalid.length > 0) {
    throw new ApiError(422, `Invalid e-mail address: ${invalid.map((email) => JSON.stringify(email)).join(', ')}.`);
  }

  const unique = dropDuplicateEmails(emails as string[]);
  const unknown = unique.filter((email) => store.findUserByEmail(email) === undefined);

  if (unknown.length > 0) {
    throw new ApiError(
      422,
      `No user in this account has the e-mail address ${unknown.map((email) => JSON.stringify(email)).join(', ')}.`,
    );
  }

  return unique.map((email) => store.findUserByEmail(email) as SandboxUser);
}

/**
 * Replaces the record's assignees by `users` in the given order. New assignees
 * are PENDING. With 'keep', users who were already assigned keep their status.
 * With 'reset', everyone named becomes PENDING.
 */
export function replaceAssignees(
  record: AnnotationQueueRecord,
  users: SandboxUser[],
  completedOnReassign: 'reset' | 'keep',
): void {
  const previous = new Map(record.assigned_users.map((assigned) => [assigned.user.id, assigned.completion_status]));

  record.assigned_users = users.map((user): AssignedUser => {
    const kept = completedOnReassign === 'keep' ? previous.get(user.id) : undefined;
    return { user: { id: user.id, email: user.email }, completion_status: kept ?? 'PENDING' };
  });
}

function dropDuplicateEmails(emails: string[]): string[] {
  const seen = new Set<string>();

  return emails.filter((email) => {
    const key = email.toLowerCase();

    if (seen.has(key)) {
      return false;
    }

    seen.add(key);
    return true;
  });
}

function describeType(value: unknown): string {
  if (value === null) {
    return 'null';
  }

  if (Array.isArray(value)) {
    return 'an array';
  }

  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
