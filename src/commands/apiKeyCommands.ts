import * as vscode from 'vscode';

import { notify } from '../ui/notify';

import { isArizeApiError } from '../api/errors';
import { KeyringError } from '../auth/apiKeyStore';
import { accountLabel, Connection } from '../auth/connection';
import { readSettings } from '../config';
import { CommandContext, showBaseUrlError, showFailure } from './commandContext';
import { describeError } from './errorMessages';

/**
 * Asks for an API key of the active profile, checks it with one list-queues
 * call against the profile's base URL, and stores it under the profile's key
 * id only when the server accepts it. A key passed as argument skips the input
 * box (tests use this). Returns whether a key was stored.
 */
export async function setApiKey(context: CommandContext, keyArgument?: unknown): Promise<boolean> {
  const connection = await context.connections.resolve();
  if (connection.kind === 'invalidBaseUrl') {
    showBaseUrlError(connection.problem, connection.value);
    return false;
  }

  const { baseUrl, host, keyId, settings } = connection;
  const account = accountLabel(connection.profile, host);
  const apiKey = typeof keyArgument === 'string' ? keyArgument.trim() : await askForKey(account, host);
  if (!apiKey) {
    return false;
  }

  const accepted = await checkKey(context, connection, apiKey, settings);
  if (!accepted) {
    return false;
  }

  try {
    await context.keys.store(keyId, apiKey);
  } catch (error) {
    showKeyringError(context, error);
    return false;
  }

  context.log.info(`API key stored for ${account} (${baseUrl})`);
  // The tree reloads through the secret storage change event.
  void notify.info(vscode.l10n.t('API key stored for {0}.', account));
  return true;
}

/** Deletes the key of the active profile only; other profiles keep theirs. */
export async function clearApiKey(context: CommandContext): Promise<void> {
  const connection = await context.connections.resolve();
  if (connection.kind === 'invalidBaseUrl') {
    showBaseUrlError(connection.problem, connection.value);
    return;
  }

  const account = accountLabel(connection.profile, connection.host);
  const stored = await context.keys.get(connection.keyId);
  await context.keys.delete(connection.keyId);
  context.log.info(`API key for ${account} removed`);

  const message = stored
    ? vscode.l10n.t('API key for {0} removed.', account)
    : vscode.l10n.t('No API key was stored for {0}.', account);
  void notify.info(message);
}

function askForKey(account: string, host: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Arize API Key for {0}', account),
    prompt: vscode.l10n.t(
      "Paste an API key from Arize (Settings, API Keys). It is checked with {0} and kept in VS Code's secret storage.",
      host,
    ),
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => {
      const trimmed = value.trim();
      if (!trimmed) {
        return vscode.l10n.t('Enter the API key, or press Escape to cancel.');
      }
      if (/\s/.test(trimmed)) {
        return vscode.l10n.t('An API key has no spaces or line breaks. Copy the key again.');
      }
      return undefined;
    },
  });
}

async function checkKey(
  context: CommandContext,
  connection: Connection & { kind: 'noKey' | 'ready' },
  apiKey: string,
  settings: ReturnType<typeof readSettings>,
): Promise<boolean> {
  const { baseUrl, host } = connection;
  const client = context.connections.createClient(baseUrl, apiKey, settings);

  try {
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Checking the API key with {0}…', host),
        cancellable: true,
      },
      (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return client.listQueues({ limit: 1, signal: controller.signal });
      },
    );
    return true;
  } catch (error) {
    reportRejectedKey(context, error, host, () => setApiKey(context, apiKey));
    return false;
  }
}

function reportRejectedKey(context: CommandContext, error: unknown, host: string, retry: () => unknown): void {
  context.log.error(`API key check failed: ${error instanceof Error ? error.message : String(error)}`);
  if (isArizeApiError(error) && error.kind === 'cancelled') {
    return;
  }

  if (isArizeApiError(error) && error.kind === 'http' && (error.status === 401 || error.status === 403)) {
    showFailure(
      context,
      vscode.l10n.t(
        '{0} rejected the API key ({1}); nothing was stored. Check that the key belongs to an account on {0}: EU accounts use https://api.eu-west-1a.arize.com and Canada accounts https://api.ca-central-1a.arize.com (setting "arizeQueues.apiBaseUrl").',
        host,
        error.status,
      ),
    );
    return;
  }

  const message = describeError(error, vscode.l10n.t('Checking the API key'));
  showFailure(context, `${message} ${vscode.l10n.t('The key was not stored.')}`, retry);
}

function showKeyringError(context: CommandContext, error: unknown): void {
  const reason = error instanceof KeyringError ? error.message : String(error);
  context.log.error(`storing the API key failed: ${reason}`);
  showFailure(
    context,
    vscode.l10n.t(
      'The API key could not be stored in the OS keyring ({0}). On Linux, VS Code needs a running Secret Service such as GNOME Keyring or KWallet: install and unlock one, or set "password-store" in "Preferences: Configure Runtime Arguments", then restart VS Code and set the key again.',
      reason,
    ),
  );
}
