import * as vscode from 'vscode';

import { ArizeClient } from '../api/client';
import { isArizeApiError } from '../api/errors';
import { AssignRecordResponse } from '../api/types';
import { checkEmailList, EmailListCheck } from '../assign/emails';
import { MAX_ASSIGNEES } from '../constants';
import { TreeElement } from '../tree/queueTreeProvider';
import { assigneeEmails, recordLabel } from '../tree/recordPresentation';
import { CommandContext, requireConnection, showFailure } from './commandContext';
import { describeError } from './errorMessages';
import { pickQueue, pickRecord } from './pickers';

interface AssignTarget {
  queueId: string;
  recordId: string;
  /** What messages call the record: its label when known, else its id. */
  label: string;
  /** Current assignees, or undefined when the record was named by id and is not loaded. */
  currentEmails?: string[];
}

/**
 * Assigns users to a record, replacing its assignees. Called three ways:
 * from the palette (pick queue, record, then type e-mails), from a record's
 * context menu (a tree element), or with `(queueId, recordId, emails)` for
 * tests and keybindings, which skips the prompts. Returns the server's answer,
 * or undefined when nothing was sent or the request failed.
 */
export async function assignUsers(
  context: CommandContext,
  first?: unknown,
  recordIdArgument?: unknown,
  emailsArgument?: unknown,
): Promise<AssignRecordResponse | undefined> {
  const connection = await requireConnection(context);
  if (!connection) {
    return undefined;
  }

  const target = await resolveTarget(context, connection.client, connection.settings.spaceId, first, recordIdArgument);
  if (!target) {
    return undefined;
  }

  const emails = Array.isArray(emailsArgument)
    ? checkArgumentEmails(emailsArgument)
    : await askForEmails(target);
  if (!emails) {
    return undefined;
  }

  if (emails.length === 0 && !(await confirmRemoveAll(target))) {
    return undefined;
  }
  return sendAssignment(context, connection.client, target, emails);
}

/** Removes every assignee of the record from the tree's context menu, after a modal confirmation. */
export async function clearAssignment(context: CommandContext, element?: unknown): Promise<AssignRecordResponse | undefined> {
  const connection = await requireConnection(context);
  if (!connection) {
    return undefined;
  }

  const target = await resolveTarget(context, connection.client, connection.settings.spaceId, element, undefined);
  if (!target || !(await confirmRemoveAll(target))) {
    return undefined;
  }
  return sendAssignment(context, connection.client, target, []);
}

async function resolveTarget(
  context: CommandContext,
  client: ArizeClient,
  spaceId: string,
  first: unknown,
  recordIdArgument: unknown,
): Promise<AssignTarget | undefined> {
  if (typeof first === 'string' && typeof recordIdArgument === 'string') {
    return targetFromIds(context, first, recordIdArgument);
  }
  if (isRecordElement(first)) {
    return targetFromIds(context, first.queueId, first.recordId);
  }

  const queue = await pickQueue(context.model, client, spaceId);
  if (!queue) {
    return undefined;
  }
  const record = await pickRecord(client, queue);
  if (!record) {
    return undefined;
  }
  return { queueId: queue.id, recordId: record.id, label: recordLabel(record), currentEmails: assigneeEmails(record) };
}

function targetFromIds(context: CommandContext, queueId: string, recordId: string): AssignTarget {
  const record = context.model.findRecord(queueId, recordId);
  return {
    queueId,
    recordId,
    label: record ? recordLabel(record) : recordId,
    currentEmails: record ? assigneeEmails(record) : undefined,
  };
}

function isRecordElement(value: unknown): value is TreeElement & { kind: 'record' } {
  return !!value && typeof value === 'object' && (value as TreeElement).kind === 'record';
}

/** Validates e-mails given as a command argument; on a problem shows it and returns undefined. */
function checkArgumentEmails(values: unknown[]): string[] | undefined {
  const nonStrings = values.filter((value) => typeof value !== 'string');
  if (nonStrings.length > 0) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('The e-mails argument must be a list of strings; found {0}. Nothing was sent.', JSON.stringify(nonStrings[0])),
    );
    return undefined;
  }

  const check = checkEmailList((values as string[]).join('\n'));
  const problem = describeEmailProblem(check);
  if (problem) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} Nothing was sent.', problem));
    return undefined;
  }
  return check.parsed.emails;
}

function describeEmailProblem(check: EmailListCheck): string | undefined {
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

async function askForEmails(target: AssignTarget): Promise<string[] | undefined> {
  const current = target.currentEmails ?? [];
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Assign Users to "{0}"', target.label),
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

async function confirmRemoveAll(target: AssignTarget): Promise<boolean> {
  const count = target.currentEmails?.length;
  if (count === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" has no assignees; nothing was sent.', target.label));
    return false;
  }

  const removeAll = vscode.l10n.t('Remove All');
  const message =
    count === undefined
      ? vscode.l10n.t('Remove all assignees from "{0}"?', target.label)
      : vscode.l10n.t('Remove all {0} assignees from "{1}"?', count, target.label);
  const choice = await vscode.window.showWarningMessage(
    message,
    {
      modal: true,
      detail: vscode.l10n.t('Their record-level assignment is deleted in Arize. You can assign them again later.'),
    },
    removeAll,
  );
  return choice === removeAll;
}

async function sendAssignment(
  context: CommandContext,
  client: ArizeClient,
  target: AssignTarget,
  emails: string[],
): Promise<AssignRecordResponse | undefined> {
  const action = emails.length
    ? vscode.l10n.t('Assigning users to "{0}"', target.label)
    : vscode.l10n.t('Removing all assignees from "{0}"', target.label);

  try {
    const response = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${action}…`, cancellable: true },
      (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return client.assignUsers(target.queueId, target.recordId, emails, { signal: controller.signal });
      },
    );

    context.model.applyAssignment(target.queueId, target.recordId, response.assigned_users);
    context.log.info(`assigned record ${target.recordId} in queue ${target.queueId}: ${response.assigned_users.length} assignee(s)`);
    showSuccess(target, response);
    return response;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    context.log.error(`assign failed for record ${target.recordId} in queue ${target.queueId}: ${text}`);
    if (!(isArizeApiError(error) && error.kind === 'cancelled')) {
      showFailure(context, describeError(error, action), () => sendAssignment(context, client, target, emails));
    }
    return undefined;
  }
}

function showSuccess(target: AssignTarget, response: AssignRecordResponse): void {
  const emails = response.assigned_users.map((assigned) => assigned.user.email);
  const message = emails.length
    ? vscode.l10n.t('"{0}" is now assigned to {1}.', target.label, emails.join(', '))
    : vscode.l10n.t('All assignees were removed from "{0}".', target.label);
  void vscode.window.showInformationMessage(message);
}
