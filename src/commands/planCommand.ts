// "Apply Assignment Plan…": reads a CSV, JSON or JSONL file of record id →
// e-mails, checks every row against the queue before sending anything, then
// runs it like any bulk change (preview, report, retry, undo).
import * as vscode from 'vscode';

import { notify } from '../ui/notify';

import { AnnotationQueue, AnnotationQueueRecord } from '../api/types';
import { toAssigneeStates } from '../bulk/assignees';
import { detectPlanFormat, findUnknownRecords, parsePlanFile, PlanProblem, PlanRow } from '../bulk/planFile';
import { RecordIntent, RecordResult } from '../bulk/types';
import { recordLabel } from '../tree/recordPresentation';
import { CommandContext, requireConnection, showFailure } from './commandContext';
import { recordKey, runOperation } from './bulkOperations';
import { describeError } from './errorMessages';
import { pickQueue } from './pickers';
import { readAllRecords } from './targets';

const PLAN_GLOB = '**/*.{csv,json,jsonl,ndjson}';
const MAX_LISTED_FILES = 200;

/**
 * Runs a plan file. `fileArgument` (a URI) skips the file picker, `queueArgument`
 * (an id) the queue picker, and `{ preview: false }` the warning and preview,
 * for scripts and keybindings.
 */
export async function applyAssignmentPlan(
  context: CommandContext,
  fileArgument?: unknown,
  queueArgument?: unknown,
  options?: unknown,
): Promise<RecordResult[] | undefined> {
  const interactive = !(options && typeof options === 'object' && (options as { preview?: unknown }).preview === false);
  const connection = await requireConnection(context);
  if (!connection) {
    return undefined;
  }

  const uri = fileArgument instanceof vscode.Uri ? fileArgument : await pickPlanFile();
  if (!uri) {
    return undefined;
  }

  const format = detectPlanFormat(uri.path);
  if (!format) {
    void notify.error(vscode.l10n.t('"{0}" is not a plan file: use a .csv, .json or .jsonl file.', uri.fsPath));
    return undefined;
  }

  const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  const plan = parsePlanFile(text, format);
  const queue = await chooseQueue(context, connection, plan.rows, queueArgument);
  if (!queue) {
    return undefined;
  }

  let records: AnnotationQueueRecord[];
  try {
    records = await readAllRecords(connection.client, queue.id, queue.name);
  } catch (error) {
    showFailure(context, describeError(error, vscode.l10n.t('Reading the records of "{0}"', queue.name)));
    return undefined;
  }

  const problems = [...plan.problems, ...findUnknownRecords(plan.rows, new Set(records.map((record) => record.id)))];
  const foreign = plan.rows.filter((row) => row.queueId && row.queueId !== queue.id);
  problems.push(...foreign.map((row): PlanProblem => ({ line: row.line, code: 'unknownRecord', value: row.recordId })));
  if (problems.length > 0) {
    await showProblems(context, uri, problems);
    return undefined;
  }

  const byId = new Map(records.map((record) => [record.id, record]));
  const intents: RecordIntent[] = plan.rows.map((row) => {
    const record = byId.get(row.recordId);
    return {
      queueId: queue.id,
      recordId: row.recordId,
      mode: row.mode,
      emails: row.emails,
      label: record ? recordLabel(record) : row.recordId,
      expectedBefore: record?.assigned_users.map((assigned) => assigned.user.email),
    };
  });
  const before = new Map(
    plan.rows.map((row) => [recordKey(queue.id, row.recordId), toAssigneeStates(byId.get(row.recordId)?.assigned_users ?? [])]),
  );

  return runOperation(context, connection, {
    title: vscode.l10n.t('Apply Assignment Plan'),
    intents,
    before,
    interactive,
    offerApplyToCurrent: interactive,
  });
}

async function pickPlanFile(): Promise<vscode.Uri | undefined> {
  const browse = { label: vscode.l10n.t('$(folder-opened) Browse…'), uri: undefined as vscode.Uri | undefined };
  const files = await vscode.workspace.findFiles(PLAN_GLOB, '**/node_modules/**', MAX_LISTED_FILES);
  const items = [browse, ...files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }))];

  const chosen = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Apply Assignment Plan'),
    placeHolder: vscode.l10n.t('A CSV (record_id,emails), JSON or JSONL file from the workspace, or browse'),
  });
  if (!chosen) {
    return undefined;
  }
  if (chosen.uri) {
    return chosen.uri;
  }

  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { [vscode.l10n.t('Assignment plans')]: ['csv', 'json', 'jsonl', 'ndjson'] },
    title: vscode.l10n.t('Apply Assignment Plan'),
  });
  return picked?.[0];
}

async function chooseQueue(
  context: CommandContext,
  connection: { client: Parameters<typeof pickQueue>[1]; settings: { spaceId: string } },
  rows: readonly PlanRow[],
  queueArgument: unknown,
): Promise<AnnotationQueue | undefined> {
  const queueId = typeof queueArgument === 'string' ? queueArgument : rows.find((row) => row.queueId)?.queueId;
  if (queueId) {
    try {
      return context.model.findQueue(queueId)?.queue ?? (await connection.client.getQueue(queueId));
    } catch (error) {
      showFailure(context, describeError(error, vscode.l10n.t('Reading queue {0}', queueId)));
      return undefined;
    }
  }
  return pickQueue(context.model, connection.client, connection.settings.spaceId);
}

/** Lists every problem with its line number in a document; nothing is sent. */
async function showProblems(context: CommandContext, uri: vscode.Uri, problems: readonly PlanProblem[]): Promise<void> {
  const sorted = [...problems].sort((left, right) => left.line - right.line);
  const lines = [
    `# ${vscode.l10n.t('Problems in {0}', vscode.workspace.asRelativePath(uri))}`,
    '',
    vscode.l10n.t('{0} problems found. Nothing was sent; fix the file and run "Apply Assignment Plan…" again.', sorted.length),
    '',
    ...sorted.map(
      (problem) =>
        `- ${problem.line > 0 ? vscode.l10n.t('Line {0}', problem.line) : vscode.l10n.t('File')}: ${describeProblem(problem)}`,
    ),
  ];
  context.log.warn(`plan ${uri.fsPath} rejected with ${sorted.length} problem(s)`);
  await context.documents.show('plan-problems', lines.join('\n') + '\n');
  void notify.error(vscode.l10n.t('The plan has {0} problems; nothing was sent. The list is open beside.', sorted.length));
}

export function describeProblem(problem: PlanProblem): string {
  const value = problem.value ?? '';
  switch (problem.code) {
    case 'emptyFile':
      return vscode.l10n.t('the file has no plan rows.');
    case 'missingColumn':
      return vscode.l10n.t('the column or field "{0}" is missing.', value);
    case 'malformedLine':
      return problem.count !== undefined
        ? vscode.l10n.t('the row has {0} fields, which does not fit the header.', problem.count)
        : value
          ? vscode.l10n.t('the header repeats the column "{0}".', value)
          : vscode.l10n.t('the line is not valid CSV or JSON.');
    case 'missingRecordId':
      return vscode.l10n.t('the record id is missing.');
    case 'invalidEmail':
      return value
        ? vscode.l10n.t('"{0}" is not a valid e-mail address.', value)
        : vscode.l10n.t('"add" and "remove" need at least one e-mail.');
    case 'tooManyEmails':
      return vscode.l10n.t('{0} different e-mails; a record takes at most 100.', problem.count ?? 0);
    case 'invalidMode':
      return vscode.l10n.t('"{0}" is not a mode; use set, add or remove.', value);
    case 'duplicateRecord':
      return vscode.l10n.t('record "{0}" appears more than once.', value);
    case 'unknownRecord':
      return vscode.l10n.t('record "{0}" is not in the chosen queue.', value);
    case 'wrongType':
      return vscode.l10n.t('"{0}" has the wrong type.', value);
  }
}
