// How a record reads in the tree: its label, its assignment state and the tags
// of its context value. Pure functions over the API types, free of `vscode`.
// Record data is untrusted user content: these functions only pick and shorten
// text; the tree provider decides how it is rendered.
import { ContextValueTags } from '../constants';
import { AnnotationQueueRecord, AssignedUser } from '../api/types';

export type AssignmentState = 'unassigned' | 'pending' | 'completed';

/** Data fields that name a span, most specific first. */
const SPAN_NAME_FIELDS = ['name', 'span_name', 'attributes.openinference.span.name', 'span.name'];

/** Data fields that hold a record's input, most specific first. */
const INPUT_FIELDS = ['attributes.input.value', 'input.value', 'input', 'question', 'prompt', 'query'];

const LABEL_EXCERPT_LENGTH = 80;

/** Builds a one-line label from the record's data: span name and input excerpt when present, else the id. */
export function recordLabel(record: AnnotationQueueRecord): string {
  const spanName = firstText(record.data, SPAN_NAME_FIELDS);
  const input = firstText(record.data, INPUT_FIELDS);

  if (spanName && input) {
    return shorten(`${spanName}: ${input}`, LABEL_EXCERPT_LENGTH);
  }
  if (spanName || input) {
    return shorten((spanName || input) as string, LABEL_EXCERPT_LENGTH);
  }
  return record.id;
}

export function assignmentState(assignedUsers: readonly AssignedUser[]): AssignmentState {
  if (assignedUsers.length === 0) {
    return 'unassigned';
  }
  const allCompleted = assignedUsers.every((assigned) => isCompleted(assigned));
  return allCompleted ? 'completed' : 'pending';
}

export function isCompleted(assigned: AssignedUser): boolean {
  return String(assigned.completion_status).toUpperCase() === 'COMPLETED';
}

/** `record;assigned;pending` and the like, matched by regex in package.json menus. */
export function recordContextValue(record: AnnotationQueueRecord): string {
  const state = assignmentState(record.assigned_users);
  const tags: string[] = [ContextValueTags.record];
  tags.push(state === 'unassigned' ? ContextValueTags.unassigned : ContextValueTags.assigned);
  if (state !== 'unassigned') {
    tags.push(state === 'completed' ? ContextValueTags.completed : ContextValueTags.pending);
  }
  return tags.join(';');
}

export function assigneeEmails(record: AnnotationQueueRecord): string[] {
  return record.assigned_users.map((assigned) => assigned.user.email);
}

/** Renders a data value as one line of text: strings as they are, other values as JSON. */
export function valueToText(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Control characters and bidirectional overrides in record data would garble
 * a label or reorder it on screen, so they show as spaces.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const INVISIBLE_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Folds whitespace and control characters to single spaces and cuts at `length` characters with an ellipsis. */
export function shorten(text: string, length: number): string {
  const folded = text.replace(INVISIBLE_CONTROLS, ' ').replace(/\s+/g, ' ').trim();
  return folded.length > length ? `${folded.slice(0, length - 1)}…` : folded;
}

function firstText(data: Record<string, unknown>, fields: readonly string[]): string | undefined {
  for (const field of fields) {
    const text = valueToText(data[field]).trim();
    if (text) {
      return text;
    }
  }
  return undefined;
}
