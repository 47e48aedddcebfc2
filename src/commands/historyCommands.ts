// "Undo Last Assignment Change" and "Export Assignment History", both over the
// local journal of the current base URL.
import * as vscode from 'vscode';

import { notify } from '../ui/notify';

import { AssignmentJournal, journalToCsv, journalToJson } from '../bulk/journal';
import { RecordIntent, RecordResult } from '../bulk/types';
import { CommandContext, requireConnection, showBaseUrlError } from './commandContext';
import { recordKey, runOperation } from './bulkOperations';

/**
 * Restores the previous assignee lists of every record the last operation
 * changed. A record whose assignees changed since then is reported, not
 * overwritten.
 */
export async function undoLastAssignment(context: CommandContext, interactive = true): Promise<RecordResult[] | undefined> {
  const connection = await requireConnection(context);
  if (!connection) {
    return undefined;
  }

  const journal = new AssignmentJournal(context.journalDirectory, connection.baseUrl);
  const entry = await journal.lastUndoable();
  if (!entry) {
    void notify.info(vscode.l10n.t('There is no assignment change to undo for {0}.', connection.host));
    return undefined;
  }

  const intents: RecordIntent[] = entry.changes.map((change) => ({
    queueId: change.queueId,
    recordId: change.recordId,
    mode: 'set',
    emails: change.before,
    label: change.label,
    expectedBefore: change.after,
  }));
  const before = new Map(
    entry.changes.map((change) => [
      recordKey(change.queueId, change.recordId),
      change.after.map((email) => ({ email, status: 'PENDING' })),
    ]),
  );

  const results = await runOperation(context, connection, {
    title: vscode.l10n.t('Undo {0}', entry.operation),
    intents,
    before,
    interactive,
    offerApplyToCurrent: false,
  });
  if (results) {
    await journal.markUndone(entry.id);
  }
  return results;
}

/** Writes the journal of the current base URL to a JSON or CSV file the user chooses. */
export async function exportAssignmentHistory(context: CommandContext, target?: unknown): Promise<vscode.Uri | undefined> {
  const { baseUrl } = context.connections.activeProfile();
  if (!baseUrl.ok) {
    showBaseUrlError(baseUrl.problem, baseUrl.value);
    return undefined;
  }

  const entries = await new AssignmentJournal(context.journalDirectory, baseUrl.baseUrl).list();
  if (entries.length === 0) {
    void notify.info(vscode.l10n.t('No assignment changes are recorded for {0} yet.', baseUrl.host));
    return undefined;
  }

  const uri = target instanceof vscode.Uri ? target : await askForFile();
  if (!uri) {
    return undefined;
  }

  const text = uri.path.toLowerCase().endsWith('.csv') ? journalToCsv(entries) : journalToJson(entries);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  context.log.info(`exported ${entries.length} journal entries to ${uri.toString()}`);

  const open = vscode.l10n.t('Open');
  void notify.info(vscode.l10n.t('Exported {0} assignment changes to {1}.', entries.length, uri.fsPath), open).then((choice) => {
    if (choice === open) {
      void vscode.window.showTextDocument(uri);
    }
  });
  return uri;
}

async function askForFile(): Promise<vscode.Uri | undefined> {
  const json = { label: 'JSON', description: vscode.l10n.t('one object per operation'), extension: 'json' };
  const csv = { label: 'CSV', description: vscode.l10n.t('one row per changed record, for spreadsheets'), extension: 'csv' };
  const format = await vscode.window.showQuickPick([json, csv], {
    title: vscode.l10n.t('Export Assignment History'),
    placeHolder: vscode.l10n.t('File format'),
  });
  if (!format) {
    return undefined;
  }

  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = `arize-assignment-history.${format.extension}`;
  return vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: { [format.label]: [format.extension] },
    title: vscode.l10n.t('Export Assignment History'),
  });
}
