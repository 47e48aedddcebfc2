// The path every assignment change takes: warn about finished reviewers,
// preview, run with progress and cancellation, update the tree, journal the
// change for undo, and report every record as applied, skipped or failed.
import * as vscode from 'vscode';

import { notify } from '../ui/notify';

import { Connection } from '../auth/connection';
import { applyMode, completedKept, samePeople } from '../bulk/assignees';
import { AssignmentJournal } from '../bulk/journal';
import { runBulkAssignment } from '../bulk/runner';
import { AssigneeState, RecordIntent, RecordResult } from '../bulk/types';
import { ContextKeys, SETTINGS_SECTION, SettingKeys } from '../constants';
import { CommandContext, showFailure } from './commandContext';
import { describeError } from './errorMessages';
import { countOutcomes, failureReason, PlannedChange, renderPreview, renderReport } from './operationDocuments';

export interface OperationSpec {
  /** Name of the command the user ran, for titles, the journal and messages, e.g. "Add Reviewers". */
  title: string;
  intents: RecordIntent[];
  /** The assignees each record had when the user started, keyed by `recordKey`. */
  before: ReadonlyMap<string, AssigneeState[]>;
  /** False for runs from command arguments: no warnings, preview or conflict prompts. */
  interactive: boolean;
  /** Offer "Apply to Current" for records changed on the server meanwhile; undo reports them instead. */
  offerApplyToCurrent: boolean;
}

const DEFAULT_CONCURRENCY = 4;

export function recordKey(queueId: string, recordId: string): string {
  return `${queueId}\n${recordId}`;
}

/** Runs an operation end to end and returns the per-record results, or undefined when the user stopped before sending. */
export async function runOperation(
  context: CommandContext,
  connection: Connection & { kind: 'ready' },
  spec: OperationSpec,
): Promise<RecordResult[] | undefined> {
  let intents = spec.intents;

  if (spec.interactive) {
    const planned = plannedChanges(intents, spec.before);
    if (planned.length === 0) {
      void notify.info(vscode.l10n.t('{0}: nothing to change.', spec.title));
      return undefined;
    }

    const adjusted = await confirmFinishedReviewers(intents, planned);
    if (!adjusted) {
      return undefined;
    }
    intents = adjusted;

    if (!(await confirmPreview(context, spec.title, plannedChanges(intents, spec.before)))) {
      return undefined;
    }
  }

  const results = await runWithProgress(connection, spec.title, intents);
  await afterRun(context, connection, spec, results);
  return results;
}

/** The changes the user will see in the preview, from what the tree showed. */
function plannedChanges(intents: readonly RecordIntent[], before: ReadonlyMap<string, AssigneeState[]>): PlannedChange[] {
  const changes: PlannedChange[] = [];
  for (const intent of intents) {
    const current = before.get(recordKey(intent.queueId, intent.recordId)) ?? [];
    const currentEmails = current.map((assignee) => assignee.email);
    const after = applyMode(currentEmails, intent.mode, intent.emails);
    if (!samePeople(after, currentEmails)) {
      changes.push({
        queueId: intent.queueId,
        recordId: intent.recordId,
        label: intent.label ?? intent.recordId,
        before: current,
        after,
      });
    }
  }
  return changes;
}

/**
 * Asks before keeping or re-adding reviewers who have completed a record.
 * "Leave Them Out" turns those intents into a `set` without them. Returns the
 * intents to run, or undefined when the user cancels.
 */
async function confirmFinishedReviewers(
  intents: RecordIntent[],
  planned: readonly PlannedChange[],
): Promise<RecordIntent[] | undefined> {
  const affected = planned.filter((change) => completedKept(change.before, change.after).length > 0);
  if (affected.length === 0) {
    return intents;
  }

  const people = [...new Set(affected.flatMap((change) => completedKept(change.before, change.after)))];
  const goOn = vscode.l10n.t('Continue');
  const leaveOut = vscode.l10n.t('Leave Them Out');
  const choice = await notify.warn(
    vscode.l10n.t('{0} already completed {1} of these records.', people.join(', '), affected.length),
    {
      modal: true,
      detail: vscode.l10n.t(
        'Arize documents re-assigning a reviewer who has completed a record as resetting them to PENDING. "Continue" keeps them on the records; "Leave Them Out" removes them from those records instead.',
      ),
    },
    goOn,
    leaveOut,
  );
  if (choice === goOn) {
    return intents;
  }
  if (choice !== leaveOut) {
    return undefined;
  }

  const byRecord = new Map(affected.map((change) => [recordKey(change.queueId, change.recordId), change]));
  return intents.map((intent) => {
    const change = byRecord.get(recordKey(intent.queueId, intent.recordId));
    if (!change) {
      return intent;
    }
    const finished = new Set(completedKept(change.before, change.after).map((email) => email.toLowerCase()));
    return { ...intent, mode: 'set', emails: change.after.filter((email) => !finished.has(email.toLowerCase())) };
  });
}

/** Shows the preview document for bulk changes (and for single ones when the setting requests it) and waits for "Apply". */
async function confirmPreview(context: CommandContext, title: string, planned: readonly PlannedChange[]): Promise<boolean> {
  const previewSingle = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>(SettingKeys.previewSingleRecord, false);
  if (planned.length === 1 && !previewSingle) {
    return true;
  }

  await context.documents.show('preview', renderPreview(title, planned));
  const apply = vscode.l10n.t('Apply');
  const choice = await notify.info(
    vscode.l10n.t('Apply "{0}" to {1} records?', title, planned.length),
    { modal: true, detail: vscode.l10n.t('The preview beside lists every change. Nothing has been sent yet.') },
    apply,
  );
  return choice === apply;
}

async function runWithProgress(
  connection: Connection & { kind: 'ready' },
  title: string,
  intents: RecordIntent[],
): Promise<RecordResult[]> {
  const concurrency = vscode.workspace
    .getConfiguration(SETTINGS_SECTION)
    .get<number>(SettingKeys.bulkConcurrency, DEFAULT_CONCURRENCY);

  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `${title}…`, cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let reported = 0;

      return runBulkAssignment({
        client: connection.client,
        intents,
        concurrency: Math.max(1, Math.min(16, Math.round(concurrency))),
        signal: controller.signal,
        onProgress: (settled, total) => {
          const increment = ((settled - reported) / total) * 100;
          reported = settled;
          progress.report({ increment, message: vscode.l10n.t('{0} of {1} records', settled, total) });
        },
      });
    },
  );
}

async function afterRun(
  context: CommandContext,
  connection: Connection & { kind: 'ready' },
  spec: OperationSpec,
  results: RecordResult[],
): Promise<void> {
  for (const { intent, outcome } of results) {
    if (outcome.kind === 'applied') {
      context.model.applyAssignment(intent.queueId, intent.recordId, outcome.assignedUsers);
    } else if (outcome.kind === 'failed' || outcome.kind === 'conflict') {
      const reason = outcome.kind === 'failed' ? outcome.reason : 'changed on the server meanwhile';
      context.log.warn(`${spec.title}: record ${intent.recordId} in queue ${intent.queueId} not changed: ${reason}`);
    }
  }

  if (results.some(({ outcome }) => outcome.kind === 'applied')) {
    await markAssigned(context);
  }
  await journal(context, connection.baseUrl, spec.title, results);
  await keepForRetry(context, connection.baseUrl, spec.title, results);
  await context.recent.remember(
    connection.baseUrl,
    spec.intents.filter((intent) => intent.mode !== 'remove').flatMap((intent) => intent.emails),
  );
  report(context, connection, spec, results);
}

/** Retryable intents kept per base URL, so "Retry Failed Assignments" works after the notification is gone or the window reloaded. */
interface PendingRetry {
  title: string;
  intents: RecordIntent[];
}

/** Upper bound on kept intents, so global state stays small; a bulk run larger than this keeps its first failures. */
const MAX_KEPT_INTENTS = 5000;

function retryKey(baseUrl: string): string {
  return `arizeQueues.pendingRetry:${baseUrl}`;
}

/** Replaces the kept intents with this run's failed and cancelled ones, or clears them when there are none. */
async function keepForRetry(
  context: CommandContext,
  baseUrl: string,
  title: string,
  results: readonly RecordResult[],
): Promise<void> {
  const intents = results
    .filter(({ outcome }) => outcome.kind === 'failed' || outcome.kind === 'notRun')
    .map(({ intent }) => intent)
    .slice(0, MAX_KEPT_INTENTS);
  const pending: PendingRetry | undefined = intents.length > 0 ? { title, intents } : undefined;
  await context.globalState.update(retryKey(baseUrl), pending);
}

/** Runs the failed and cancelled records of the last operation again, with the same intent. */
export async function retryFailed(
  context: CommandContext,
  connection: Connection & { kind: 'ready' },
  interactive: boolean,
): Promise<RecordResult[] | undefined> {
  const pending = context.globalState.get<PendingRetry>(retryKey(connection.baseUrl));
  if (!pending || pending.intents.length === 0) {
    void notify.info(vscode.l10n.t('No failed assignments are waiting for a retry on {0}.', connection.host));
    return undefined;
  }

  return runOperation(context, connection, {
    title: pending.title,
    intents: pending.intents,
    before: new Map(),
    interactive: false,
    offerApplyToCurrent: interactive,
  });
}

/** Remembers that an assignment worked, for the walkthrough step that waits for one. */
async function markAssigned(context: CommandContext): Promise<void> {
  await context.globalState.update(ContextKeys.hasAssigned, true);
  await vscode.commands.executeCommand('setContext', ContextKeys.hasAssigned, true);
}

async function journal(context: CommandContext, baseUrl: string, title: string, results: readonly RecordResult[]): Promise<void> {
  const changes = results.flatMap(({ intent, outcome }) =>
    outcome.kind === 'applied'
      ? [
          {
            queueId: intent.queueId,
            recordId: intent.recordId,
            label: intent.label,
            before: outcome.before.map((assignee) => assignee.email),
            after: outcome.after.map((assignee) => assignee.email),
          },
        ]
      : [],
  );
  if (changes.length === 0) {
    return;
  }

  try {
    await new AssignmentJournal(context.journalDirectory, baseUrl).append({
      time: new Date().toISOString(),
      operation: title,
      changes,
      notApplied: results.length - changes.length,
    });
  } catch (error) {
    // The change itself succeeded; only undo and the history export miss it.
    context.log.error(`writing the assignment journal failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function report(
  context: CommandContext,
  connection: Connection & { kind: 'ready' },
  spec: OperationSpec,
  results: RecordResult[],
): void {
  if (results.length === 1) {
    reportSingle(context, connection, spec, results[0]);
    return;
  }

  const describe = (error: unknown) => describeError(error, vscode.l10n.t('Assigning'));
  void context.documents.show('report', renderReport(spec.title, results, describe));

  const counts = countOutcomes(results);
  const summary = vscode.l10n.t(
    '{0}: {1} applied, {2} skipped, {3} changed meanwhile, {4} failed, {5} not run.',
    spec.title,
    counts.applied,
    counts.skipped,
    counts.conflict,
    counts.failed,
    counts.notRun,
  );
  const retryable = results.filter(({ outcome }) => outcome.kind === 'failed' || outcome.kind === 'notRun');
  const conflicts = results.filter(({ outcome }) => outcome.kind === 'conflict');
  const retryFailed = vscode.l10n.t('Retry Failed');
  const applyToCurrent = vscode.l10n.t('Apply to Current');
  const buttons = [
    ...(retryable.length > 0 ? [retryFailed] : []),
    ...(conflicts.length > 0 && spec.offerApplyToCurrent ? [applyToCurrent] : []),
  ];

  const show = retryable.length > 0 ? notify.warn : notify.info;
  void show(summary, ...buttons).then((choice) => {
    if (choice === retryFailed) {
      void rerun(context, connection, spec, retryable, false);
    } else if (choice === applyToCurrent) {
      void rerun(context, connection, spec, conflicts, true);
    }
  });
}

function reportSingle(
  context: CommandContext,
  connection: Connection & { kind: 'ready' },
  spec: OperationSpec,
  result: RecordResult,
): void {
  const { intent, outcome } = result;
  const label = intent.label ?? intent.recordId;

  switch (outcome.kind) {
    case 'applied': {
      const emails = outcome.after.map((assignee) => assignee.email);
      const message = emails.length
        ? vscode.l10n.t('"{0}" is now assigned to {1}.', label, emails.join(', '))
        : vscode.l10n.t('All assignees were removed from "{0}".', label);
      void notify.info(message);
      return;
    }
    case 'skipped':
      void notify.info(vscode.l10n.t('"{0}" already has these assignees; nothing was sent.', label));
      return;
    case 'conflict':
      if (spec.offerApplyToCurrent && spec.interactive) {
        void offerApplyToCurrent(context, connection, spec, result);
      } else {
        void notify.warn(
          vscode.l10n.t(
            '"{0}" was not changed: its assignees changed on the server (now {1}).',
            label,
            outcome.actual.map((assignee) => assignee.email).join(', ') || '—',
          ),
        );
      }
      return;
    case 'failed':
      showFailure(context, describeFailure(label, outcome), () => rerun(context, connection, spec, [result], false));
      return;
    case 'notRun':
      return;
  }
}

function describeFailure(label: string, outcome: RecordResult['outcome'] & { kind: 'failed' }): string {
  const action = vscode.l10n.t('Assigning users to "{0}"', label);
  return outcome.error === undefined
    ? vscode.l10n.t(
        '{0} failed: {1}',
        action,
        failureReason(outcome, (error) => describeError(error, action)),
      )
    : describeError(outcome.error, action);
}

/** Shows both lists for a record that changed meanwhile and re-runs the intent on the current list if asked. */
async function offerApplyToCurrent(
  context: CommandContext,
  connection: Connection & { kind: 'ready' },
  spec: OperationSpec,
  result: RecordResult,
): Promise<void> {
  if (result.outcome.kind !== 'conflict') {
    return;
  }

  const applyToCurrent = vscode.l10n.t('Apply to Current');
  const shown = result.outcome.expected.join(', ') || '—';
  const actual = result.outcome.actual.map((assignee) => assignee.email).join(', ') || '—';
  const choice = await notify.warn(
    vscode.l10n.t(
      'The assignees of "{0}" changed on the server since you started.',
      result.intent.label ?? result.intent.recordId,
    ),
    {
      modal: true,
      detail: vscode.l10n.t(
        'You saw: {0}\nOn the server now: {1}\n\n"Apply to Current" makes your change to the list on the server.',
        shown,
        actual,
      ),
    },
    applyToCurrent,
  );
  if (choice === applyToCurrent) {
    await rerun(context, connection, spec, [result], true);
  }
}

/** Runs the given records again with the same intent; `acceptCurrent` drops the check against what the user saw. */
function rerun(
  context: CommandContext,
  connection: Connection & { kind: 'ready' },
  spec: OperationSpec,
  results: readonly RecordResult[],
  acceptCurrent: boolean,
): Promise<RecordResult[] | undefined> {
  const intents = results.map(({ intent }) => (acceptCurrent ? { ...intent, expectedBefore: undefined } : intent));
  return runOperation(context, connection, { ...spec, intents, interactive: false });
}
