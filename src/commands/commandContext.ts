import * as vscode from 'vscode';

import { notify } from '../ui/notify';

import { ApiKeyStore } from '../auth/apiKeyStore';
import { accountLabel, Connection, ConnectionProvider } from '../auth/connection';
import { CommandIds } from '../constants';
import { QueueTreeModel } from '../tree/queueTreeModel';
import { describeBaseUrlProblem } from './errorMessages';
import { OperationDocumentProvider } from './operationDocuments';
import { RecentEmails } from './reviewerPicker';

/** Services that the command handlers share, built once in `activate`. */
export interface CommandContext {
  model: QueueTreeModel;
  connections: ConnectionProvider;
  keys: ApiKeyStore;
  log: vscode.LogOutputChannel;
  documents: OperationDocumentProvider;
  recent: RecentEmails;
  /** Folder of the assignment journals, in the extension's global storage. */
  journalDirectory: string;
  globalState: vscode.Memento;
}

/**
 * Returns a ready connection, or shows the user why there is none (invalid base
 * URL, no key) with the button that fixes it, and returns undefined.
 */
export async function requireConnection(context: CommandContext): Promise<(Connection & { kind: 'ready' }) | undefined> {
  const connection = await context.connections.resolve();
  if (connection.kind === 'ready') {
    return connection;
  }

  if (connection.kind === 'invalidBaseUrl') {
    showBaseUrlError(connection.problem, connection.value);
    return undefined;
  }

  const setKey = vscode.l10n.t('Set API Key');
  void notify
    .error(
      vscode.l10n.t('No API key is set for {0}. Set one to continue.', accountLabel(connection.profile, connection.host)),
      setKey,
    )
    .then((choice) => {
      if (choice === setKey) {
        void vscode.commands.executeCommand(CommandIds.setApiKey);
      }
    });
  return undefined;
}

export function showBaseUrlError(problem: Parameters<typeof describeBaseUrlProblem>[0], value: string): void {
  const openSettings = vscode.l10n.t('Open Settings');
  void notify.error(describeBaseUrlProblem(problem, value), openSettings).then((choice) => {
    if (choice === openSettings) {
      void vscode.commands.executeCommand('workbench.action.openSettings', 'arizeQueues.apiBaseUrl');
    }
  });
}

/** Shows an error with "Show Logs" (and "Retry" when `retry` is given) without blocking the caller. */
export function showFailure(context: CommandContext, message: string, retry?: () => unknown): void {
  const retryLabel = vscode.l10n.t('Retry');
  const showLogs = vscode.l10n.t('Show Logs');
  const buttons = retry ? [retryLabel, showLogs] : [showLogs];

  void notify.error(message, ...buttons).then((choice) => {
    if (choice === retryLabel && retry) {
      void retry();
    } else if (choice === showLogs) {
      context.log.show(true);
    }
  });
}
