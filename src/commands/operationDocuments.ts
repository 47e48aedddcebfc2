// Read-only documents for the preview before a bulk change and the report
// after it. They are plain Markdown text shown in an editor, not rendered, so
// record labels (untrusted data) cannot format or link anything.
import * as vscode from 'vscode';

import { completedKept } from '../bulk/assignees';
import { AssigneeState, RecordResult } from '../bulk/types';
import { emailKey } from '../assign/emails';
import { MAX_ASSIGNEES } from '../constants';

export const DOCUMENT_SCHEME = 'arize-queues';

/** Serves the documents from memory; each URI's content never changes once written. */
export class OperationDocumentProvider implements vscode.TextDocumentContentProvider {
  private readonly documents = new Map<string, string>();
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.documents.get(uri.path) ?? '';
  }

  /** Stores the text under a new URI and opens it beside the current editor. */
  async show(name: string, text: string): Promise<void> {
    const path = `/${++this.counter}/${name}.md`;
    this.documents.set(path, text);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: DOCUMENT_SCHEME, path }));
    await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Active });
  }
}

export interface PlannedChange {
  queueId: string;
  recordId: string;
  label: string;
  before: AssigneeState[];
  after: string[];
}

/** Renders the preview: per record before → after, per reviewer totals, warnings. */
export function renderPreview(title: string, changes: readonly PlannedChange[]): string {
  const lines = [`# ${vscode.l10n.t('Preview: {0}', title)}`, ''];
  lines.push(vscode.l10n.t('{0} records change. Nothing is sent until you choose "Apply".', changes.length), '');

  const warnings = previewWarnings(changes);
  if (warnings.length > 0) {
    lines.push(`## ${vscode.l10n.t('Warnings')}`, '', ...warnings.map((warning) => `- ${warning}`), '');
  }

  lines.push(`## ${vscode.l10n.t('Reviewers')}`, '');
  lines.push(
    `| ${vscode.l10n.t('Reviewer')} | ${vscode.l10n.t('Records before')} | ${vscode.l10n.t('Records after')} |`,
    '| --- | ---: | ---: |',
  );
  for (const [email, counts] of reviewerTotals(changes)) {
    lines.push(`| ${cell(email)} | ${counts.before} | ${counts.after} |`);
  }

  lines.push('', `## ${vscode.l10n.t('Records')}`, '');
  lines.push(`| ${vscode.l10n.t('Record')} | ${vscode.l10n.t('Before')} | ${vscode.l10n.t('After')} |`, '| --- | --- | --- |');
  for (const change of changes) {
    const before = change.before.map((assignee) => assignee.email).join(', ') || '—';
    lines.push(
      `| ${cell(change.label)} (${cell(change.recordId)}) | ${cell(before)} | ${cell(change.after.join(', ') || '—')} |`,
    );
  }
  return lines.join('\n') + '\n';
}

function previewWarnings(changes: readonly PlannedChange[]): string[] {
  const warnings: string[] = [];
  const resetCount = changes.filter((change) => completedKept(change.before, change.after).length > 0).length;
  if (resetCount > 0) {
    warnings.push(
      vscode.l10n.t(
        '{0} records keep or re-add a reviewer who has completed them. Arize documents re-assignment as resetting that reviewer to PENDING.',
        resetCount,
      ),
    );
  }

  const tooMany = changes.filter((change) => change.after.length > MAX_ASSIGNEES);
  for (const change of tooMany) {
    warnings.push(
      vscode.l10n.t(
        '"{0}" would have {1} assignees; at most {2} are allowed, so it will fail.',
        change.label,
        change.after.length,
        MAX_ASSIGNEES,
      ),
    );
  }
  return warnings;
}

function reviewerTotals(changes: readonly PlannedChange[]): Map<string, { before: number; after: number }> {
  const totals = new Map<string, { before: number; after: number; email: string }>();
  const count = (email: string, field: 'before' | 'after') => {
    const key = emailKey(email);
    const entry = totals.get(key) ?? { before: 0, after: 0, email };
    entry[field]++;
    totals.set(key, entry);
  };

  for (const change of changes) {
    change.before.forEach((assignee) => count(assignee.email, 'before'));
    change.after.forEach((email) => count(email, 'after'));
  }
  const sorted = [...totals.values()].sort((left, right) => left.email.localeCompare(right.email));
  return new Map(sorted.map((entry) => [entry.email, { before: entry.before, after: entry.after }]));
}

/** Renders the report: a count per outcome, then one row per record with its outcome and reason. */
export function renderReport(title: string, results: readonly RecordResult[], describe: (error: unknown) => string): string {
  const counts = countOutcomes(results);
  const lines = [`# ${vscode.l10n.t('Report: {0}', title)}`, ''];
  lines.push(
    vscode.l10n.t(
      'Applied: {0}. Skipped (no change needed): {1}. Changed on the server since you started: {2}. Failed: {3}. Not run (cancelled): {4}.',
      counts.applied,
      counts.skipped,
      counts.conflict,
      counts.failed,
      counts.notRun,
    ),
    '',
  );
  lines.push(
    `| ${vscode.l10n.t('Record')} | ${vscode.l10n.t('Outcome')} | ${vscode.l10n.t('Assignees now')} |`,
    '| --- | --- | --- |',
  );

  for (const { intent, outcome } of results) {
    const record = `${cell(intent.label ?? intent.recordId)} (${cell(intent.recordId)})`;
    lines.push(`| ${record} | ${cell(outcomeText(outcome, describe))} | ${cell(assigneesNow(outcome))} |`);
  }
  return lines.join('\n') + '\n';
}

export function countOutcomes(results: readonly RecordResult[]): Record<RecordResult['outcome']['kind'], number> {
  const counts = { applied: 0, skipped: 0, conflict: 0, failed: 0, notRun: 0 };
  for (const result of results) {
    counts[result.outcome.kind]++;
  }
  return counts;
}

function outcomeText(outcome: RecordResult['outcome'], describe: (error: unknown) => string): string {
  switch (outcome.kind) {
    case 'applied':
      return vscode.l10n.t('applied');
    case 'skipped':
      return vscode.l10n.t('skipped: no change needed');
    case 'conflict':
      return vscode.l10n.t(
        'not changed: the server had {0} instead of {1}',
        emails(outcome.actual) || '—',
        outcome.expected.join(', ') || '—',
      );
    case 'failed':
      return vscode.l10n.t('failed: {0}', failureReason(outcome, describe));
    case 'notRun':
      return vscode.l10n.t('not run: cancelled');
  }
}

/** Words a failure from its error, or from its code when it happened before any request. */
export function failureReason(
  outcome: RecordResult['outcome'] & { kind: 'failed' },
  describe: (error: unknown) => string,
): string {
  if (outcome.error !== undefined) {
    return describe(outcome.error);
  }
  if (outcome.code === 'recordNotFound') {
    return vscode.l10n.t('the record is not in the queue any more. Refresh the queues.');
  }
  if (outcome.code === 'tooManyAssignees') {
    return vscode.l10n.t('the new list has more than {0} assignees. Remove some.', MAX_ASSIGNEES);
  }
  return outcome.reason;
}

function assigneesNow(outcome: RecordResult['outcome']): string {
  switch (outcome.kind) {
    case 'applied':
      return emails(outcome.after);
    case 'skipped':
      return emails(outcome.before);
    case 'conflict':
      return emails(outcome.actual);
    case 'failed':
      return outcome.before ? emails(outcome.before) : '?';
    case 'notRun':
      return '?';
  }
}

function emails(assignees: readonly AssigneeState[]): string {
  return assignees.map((assignee) => `${assignee.email} (${assignee.status.toLowerCase()})`).join(', ');
}

/** Makes text safe inside a Markdown table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
}
