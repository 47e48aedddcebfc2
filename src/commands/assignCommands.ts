// Commands that change the assignees of chosen records: set (reviewer picker
// or typed e-mails), add, remove and clear. Each works on every record
// selected in the tree, or on one record picked from the palette.
import * as vscode from 'vscode';

import { notify } from '../ui/notify';

import { emailKey, checkEmailList, EmailListCheck } from '../assign/emails';
import { Connection } from '../auth/connection';
import { AssignMode, RecordIntent, RecordResult } from '../bulk/types';
import { MAX_ASSIGNEES } from '../constants';
import { CommandContext, requireConnection } from './commandContext';
import { recordKey, runOperation } from './bulkOperations';
import { pickReviewers } from './reviewerPicker';
import { RecordTarget, resolveTargets, targetFromIds } from './targets';

type ReadyConnection = Connection & { kind: 'ready' };

/**
 * Replaces the assignees of the chosen records with the people checked in the
 * reviewer picker. With `(queueId, recordId, emails)` arguments (tests,
 * keybindings) it runs without prompts, except the confirmation for an empty
 * list. Returns the per-record results, or undefined when nothing was sent.
 */
export async function assignUsers(
  context: CommandContext,
  first?: unknown,
  second?: unknown,
  third?: unknown,
): Promise<RecordResult[] | undefined> {
  if (typeof first === 'string' && typeof second === 'string' && Array.isArray(third)) {
    const connection = await requireConnection(context);
    return connection ? assignFromArguments(context, connection, first, second, third) : undefined;
  }

  const chosen = await connectToTargets(context, first, second);
  if (!chosen) {
    return undefined;
  }
  const { connection, targets } = chosen;

  const emails = await pickReviewers(
    targets.length === 1
      ? vscode.l10n.t('Assign Users to "{0}"', targets[0].label)
      : vscode.l10n.t('Assign Users to {0} Records', targets.length),
    peopleSources(context, connection, targets, commonAssignees(targets)),
    true,
  );
  return emails === undefined ? undefined : setAssignees(context, connection, targets, emails, vscode.l10n.t('Assign Users'));
}

/** Sets the assignees like assignUsers, from a free-text box for pasting long lists. */
export async function typeEmails(
  context: CommandContext,
  first?: unknown,
  second?: unknown,
): Promise<RecordResult[] | undefined> {
  const chosen = await connectToTargets(context, first, second);
  if (!chosen) {
    return undefined;
  }
  const { connection, targets } = chosen;

  const emails = await askForEmails(targets);
  return emails === undefined ? undefined : setAssignees(context, connection, targets, emails, vscode.l10n.t('Assign Users'));
}

/** Adds reviewers to the chosen records, keeping everyone already assigned. */
export async function addReviewers(
  context: CommandContext,
  first?: unknown,
  second?: unknown,
): Promise<RecordResult[] | undefined> {
  const chosen = await connectToTargets(context, first, second);
  if (!chosen) {
    return undefined;
  }
  const { connection, targets } = chosen;

  const emails = await pickReviewers(
    vscode.l10n.t('Add Reviewers to {0} Records', targets.length),
    peopleSources(context, connection, targets, []),
    false,
  );
  return emails ? change(context, connection, targets, 'add', emails, vscode.l10n.t('Add Reviewers')) : undefined;
}

/** Removes reviewers from the chosen records, keeping everyone else. */
export async function removeReviewer(
  context: CommandContext,
  first?: unknown,
  second?: unknown,
): Promise<RecordResult[] | undefined> {
  const chosen = await connectToTargets(context, first, second);
  if (!chosen) {
    return undefined;
  }
  const { connection, targets } = chosen;
  const assigned = unionAssignees(targets);
  if (assigned.length === 0) {
    void notify.info(vscode.l10n.t('The chosen records have no assignees to remove.'));
    return undefined;
  }

  const emails = await pickReviewers(
    vscode.l10n.t('Remove Reviewers from {0} Records', targets.length),
    { checked: [], recent: assigned, load: async () => ({ annotators: [], seenOnQueue: [] }) },
    false,
  );
  return emails ? change(context, connection, targets, 'remove', emails, vscode.l10n.t('Remove Reviewer')) : undefined;
}

/** Removes every assignee of the chosen records after a modal confirmation. */
export async function clearAssignment(
  context: CommandContext,
  first?: unknown,
  second?: unknown,
): Promise<RecordResult[] | undefined> {
  const chosen = await connectToTargets(context, first, second);
  if (!chosen || !(await confirmRemoveAll(chosen.targets))) {
    return undefined;
  }
  return change(context, chosen.connection, chosen.targets, 'set', [], vscode.l10n.t('Remove All Assignees'));
}

/** Returns the connection and the records a command acts on, or undefined when either is missing (after telling the user why). */
async function connectToTargets(
  context: CommandContext,
  first: unknown,
  second: unknown,
): Promise<{ connection: ReadyConnection; targets: RecordTarget[] } | undefined> {
  const connection = await requireConnection(context);
  if (!connection) {
    return undefined;
  }

  const targets = await resolveTargets(context, connection.client, connection.settings.spaceId, first, second);
  return targets.length > 0 ? { connection, targets } : undefined;
}

async function assignFromArguments(
  context: CommandContext,
  connection: ReadyConnection,
  queueId: string,
  recordId: string,
  values: unknown[],
): Promise<RecordResult[] | undefined> {
  const emails = checkArgumentEmails(values);
  if (!emails) {
    return undefined;
  }

  const target = targetFromIds(context, queueId, recordId);
  if (emails.length === 0 && !(await confirmRemoveAll([target]))) {
    return undefined;
  }
  const intents: RecordIntent[] = [{ queueId, recordId, mode: 'set', emails, label: target.label }];
  return runOperation(context, connection, {
    title: vscode.l10n.t('Assign Users'),
    intents,
    before: beforeMap([target]),
    interactive: false,
    offerApplyToCurrent: false,
  });
}

async function setAssignees(
  context: CommandContext,
  connection: ReadyConnection,
  targets: RecordTarget[],
  emails: string[],
  title: string,
): Promise<RecordResult[] | undefined> {
  if (emails.length === 0 && !(await confirmRemoveAll(targets))) {
    return undefined;
  }
  return change(context, connection, targets, 'set', emails, title);
}

/** Builds one intent per record, checked against what the tree showed, and runs them. */
function change(
  context: CommandContext,
  connection: ReadyConnection,
  targets: RecordTarget[],
  mode: AssignMode,
  emails: string[],
  title: string,
): Promise<RecordResult[] | undefined> {
  const intents: RecordIntent[] = targets.map((target) => ({
    queueId: target.queueId,
    recordId: target.recordId,
    mode,
    emails,
    label: target.label,
    expectedBefore: target.assignees?.map((assignee) => assignee.email),
  }));
  return runOperation(context, connection, {
    title,
    intents,
    before: beforeMap(targets),
    interactive: true,
    offerApplyToCurrent: true,
  });
}

function beforeMap(targets: readonly RecordTarget[]): Map<string, NonNullable<RecordTarget['assignees']>> {
  return new Map(targets.map((target) => [recordKey(target.queueId, target.recordId), target.assignees ?? []]));
}

/** People for the picker: the queue's annotators and everyone assigned on its loaded records, loaded after it opens. */
function peopleSources(
  context: CommandContext,
  connection: ReadyConnection,
  targets: readonly RecordTarget[],
  checked: string[],
) {
  const queueIds = [...new Set(targets.map((target) => target.queueId))];
  return {
    checked,
    recent: context.recent.get(connection.baseUrl),
    load: async () => {
      const annotators: string[] = [];
      const seenOnQueue: string[] = [];
      for (const queueId of queueIds) {
        const entry = context.model.findQueue(queueId);
        const queue = entry?.queue ?? (await connection.client.getQueue(queueId));
        annotators.push(...queue.annotators.map((annotator) => annotator.email));
        for (const record of entry?.records ?? []) {
          seenOnQueue.push(...record.assigned_users.map((assigned) => assigned.user.email));
        }
      }
      return { annotators, seenOnQueue };
    },
  };
}

/** People assigned to every target: what a `set` starts from, so unchecking someone removes them everywhere. */
function commonAssignees(targets: readonly RecordTarget[]): string[] {
  const [first, ...rest] = targets.map((target) => target.assignees?.map((assignee) => assignee.email) ?? []);
  return (first ?? []).filter((email) => rest.every((list) => list.some((other) => emailKey(other) === emailKey(email))));
}

function unionAssignees(targets: readonly RecordTarget[]): string[] {
  const seen = new Map<string, string>();
  for (const target of targets) {
    for (const assignee of target.assignees ?? []) {
      seen.set(emailKey(assignee.email), assignee.email);
    }
  }
  return [...seen.values()];
}

/** Validates e-mails given as a command argument; on a problem shows it and returns undefined. */
function checkArgumentEmails(values: unknown[]): string[] | undefined {
  const nonStrings = values.filter((value) => typeof value !== 'string');
  if (nonStrings.length > 0) {
    void notify.error(
      vscode.l10n.t(
        'The e-mails argument must be a list of strings; found {0}. Nothing was sent.',
        JSON.stringify(nonStrings[0]),
      ),
    );
    return undefined;
  }

  const check = checkEmailList((values as string[]).join('\n'));
  const problem = describeEmailProblem(check);
  if (problem) {
    void notify.error(vscode.l10n.t('{0} Nothing was sent.', problem));
    return undefined;
  }
  return check.parsed.emails;
}

export function describeEmailProblem(check: EmailListCheck): string | undefined {
  const problem = check.problem;
  if (!problem) {
    return undefined;
  }
  if (problem.kind === 'invalid') {
    return problem.invalidCount === 1
      ? vscode.l10n.t('"{0}" is not a valid e-mail address. Correct or remove it.', problem.value)
      : vscode.l10n.t(
          '"{0}" is not a valid e-mail address, and {1} more entries are invalid. Correct or remove them.',
          problem.value,
          problem.invalidCount - 1,
        );
  }
  return vscode.l10n.t(
    '{0} different e-mails given; a record takes at most {1}. Remove {2}.',
    problem.count,
    problem.max,
    problem.count - problem.max,
  );
}

async function askForEmails(targets: readonly RecordTarget[]): Promise<string[] | undefined> {
  const current =
    targets.length === 1 ? (targets[0].assignees ?? []).map((assignee) => assignee.email) : commonAssignees(targets);
  const title =
    targets.length === 1
      ? vscode.l10n.t('Assign Users to "{0}"', targets[0].label)
      : vscode.l10n.t('Assign Users to {0} Records', targets.length);
  const text = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t(
      'E-mails of the reviewers, separated by commas, semicolons, spaces or new lines. This list replaces the current assignees; leave it empty to remove them all. At most {0}.',
      MAX_ASSIGNEES,
    ),
    placeHolder: vscode.l10n.t('ana@example.com, ben@example.com'),
    value: current.join(', '),
    ignoreFocusOut: true,
    validateInput: (value) => validateEmailInput(value),
  });
  if (text === undefined) {
    return undefined;
  }
  return checkEmailList(text).parsed.emails;
}

function validateEmailInput(value: string): vscode.InputBoxValidationMessage | undefined {
  const check = checkEmailList(value);
  const problem = describeEmailProblem(check);
  if (problem) {
    return { message: problem, severity: vscode.InputBoxValidationSeverity.Error };
  }

  const duplicates = check.parsed.duplicates;
  if (duplicates.length > 0) {
    return {
      message: vscode.l10n.t('"{0}" is listed more than once; it will be sent once.', duplicates[0]),
      severity: vscode.InputBoxValidationSeverity.Warning,
    };
  }
  return undefined;
}

/** Asks before sending an empty list; returns false when there is nothing to remove or the user cancels. */
async function confirmRemoveAll(targets: readonly RecordTarget[]): Promise<boolean> {
  const known = targets.every((target) => target.assignees !== undefined);
  const count = targets.reduce((sum, target) => sum + (target.assignees?.length ?? 0), 0);
  if (known && count === 0) {
    void notify.info(vscode.l10n.t('The chosen records have no assignees; nothing was sent.'));
    return false;
  }

  const name = targets.length === 1 ? targets[0].label : vscode.l10n.t('{0} records', targets.length);
  const message = known
    ? vscode.l10n.t('Remove all {0} assignees from "{1}"?', count, name)
    : vscode.l10n.t('Remove all assignees from "{0}"?', name);
  const removeAll = vscode.l10n.t('Remove All');
  const choice = await notify.warn(
    message,
    { modal: true, detail: vscode.l10n.t('Their record-level assignment is deleted in Arize. You can assign them again later.') },
    removeAll,
  );
  return choice === removeAll;
}
