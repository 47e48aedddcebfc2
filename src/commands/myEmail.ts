// "Me" for the "assigned to me" filter and the status bar. The Arize API has
// no endpoint that returns the key owner's e-mail, so it comes from the
// setting `arizeQueues.myEmail`. When that is empty, the filter prompts once
// per session and offers to save the answer.
import * as vscode from 'vscode';

import { isValidEmail } from '../assign/emails';
import { readSettings } from '../config';
import { SETTINGS_SECTION, SettingKeys } from '../constants';
import { notify } from '../ui/notify';

export class MyEmail {
  /** The e-mail typed this session without saving it; asked again only after a restart. */
  private sessionEmail?: string;
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly subscription = vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(`${SETTINGS_SECTION}.${SettingKeys.myEmail}`)) {
      this.changeEmitter.fire();
    }
  });
  /** Fires when the setting changes or an e-mail is typed for this session. */
  readonly onDidChange = this.changeEmitter.event;

  /** Returns the setting, else the e-mail typed this session, else undefined. */
  get(): string | undefined {
    return readSettings().myEmail || this.sessionEmail;
  }

  /** Returns the known e-mail, or prompts for it. Returns undefined when the user cancels. */
  async getOrAsk(): Promise<string | undefined> {
    const known = this.get();
    if (known) {
      return known;
    }

    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Your E-mail in Arize'),
      prompt: vscode.l10n.t('The e-mail of your Arize user, to find the records assigned to you. The Arize API cannot tell it.'),
      placeHolder: vscode.l10n.t('name@example.com'),
      ignoreFocusOut: true,
      validateInput: (value) =>
        isValidEmail(value.trim()) ? undefined : vscode.l10n.t('"{0}" is not a valid e-mail address.', value.trim()),
    });
    const email = typed?.trim();
    if (!email) {
      return undefined;
    }

    this.sessionEmail = email;
    this.changeEmitter.fire();
    void this.offerToSave(email);
    return email;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }

  private async offerToSave(email: string): Promise<void> {
    const save = vscode.l10n.t('Save in Settings');
    const choice = await notify.info(
      vscode.l10n.t('Save {0} as your e-mail in the setting "arizeQueues.myEmail", so you are not asked again?', email),
      save,
    );
    if (choice === save) {
      await vscode.workspace
        .getConfiguration(SETTINGS_SECTION)
        .update(SettingKeys.myEmail, email, vscode.ConfigurationTarget.Global);
    }
  }
}
