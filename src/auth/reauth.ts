// One "set a new key" prompt at a time when the server rejects the stored key,
// however many requests fail: a refresh of several queues must not open a
// notification per queue, nor every window its own.
import * as vscode from 'vscode';

import { isArizeApiError } from '../api/errors';
import { CommandIds } from '../constants';
import { notify } from '../ui/notify';

/** A prompt shown in any window within this many milliseconds suppresses a new one; global state is shared by all windows. */
const QUIET_PERIOD_MS = 60_000;
const LAST_PROMPT_KEY = 'arizeQueues.reauthPromptAt';

export class ReauthPrompter {
  private open = false;

  constructor(private readonly globalState: vscode.Memento) {}

  /** Shows the prompt for a 401, unless one is open here or was shown in any window during the quiet period. */
  offer(error: unknown): void {
    if (!isArizeApiError(error) || error.kind !== 'http' || error.status !== 401) {
      return;
    }

    const last = this.globalState.get<number>(LAST_PROMPT_KEY, 0);
    if (this.open || Date.now() - last < QUIET_PERIOD_MS) {
      return;
    }

    this.open = true;
    void this.globalState.update(LAST_PROMPT_KEY, Date.now());
    const setKey = vscode.l10n.t('Set API Key');
    const host = error.host ?? vscode.l10n.t('the Arize server');
    void notify
      .warn(
        vscode.l10n.t(
          '{0} rejected the stored API key (401): it may have expired or been revoked. Set a new key to continue.',
          host,
        ),
        setKey,
      )
      .then((choice) => {
        this.open = false;
        if (choice === setKey) {
          void vscode.commands.executeCommand(CommandIds.setApiKey);
        }
      });
  }
}
