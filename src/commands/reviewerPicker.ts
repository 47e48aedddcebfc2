// The multi-select people picker: queue annotators, people already assigned on
// the queue and recently used e-mails, with typed e-mails offered as new entries.
import * as vscode from 'vscode';

import { emailKey, isValidEmail } from '../assign/emails';
import { MAX_ASSIGNEES } from '../constants';

interface PersonItem extends vscode.QuickPickItem {
  email: string;
}

export interface PeopleSources {
  /** People listed first and checked: the current assignees for a set, empty for add. */
  checked: readonly string[];
  /** Loaded after the picker opens, so it is busy at once instead of blank. */
  load: () => Promise<{ annotators: string[]; seenOnQueue: string[] }>;
  recent: readonly string[];
}

const RECENT_LIMIT = 20;

/** Recently used e-mails in globalState, one list per base URL. */
export class RecentEmails {
  constructor(private readonly state: vscode.Memento) {}

  get(baseUrl: string): string[] {
    return this.state.get<string[]>(this.key(baseUrl)) ?? [];
  }

  async remember(baseUrl: string, emails: readonly string[]): Promise<void> {
    const keys = new Set(emails.map(emailKey));
    const merged = [...emails, ...this.get(baseUrl).filter((email) => !keys.has(emailKey(email)))];
    await this.state.update(this.key(baseUrl), merged.slice(0, RECENT_LIMIT));
  }

  private key(baseUrl: string): string {
    return `arizeQueues.recentEmails:${baseUrl}`;
  }
}

/**
 * Shows the picker and resolves with the final selection, or undefined on
 * Escape. With `allowEmpty` false, accepting an empty selection does nothing.
 */
export function pickReviewers(title: string, sources: PeopleSources, allowEmpty: boolean): Promise<string[] | undefined> {
  const pick = vscode.window.createQuickPick<PersonItem>();
  pick.title = title;
  pick.canSelectMany = true;
  pick.matchOnDescription = true;
  pick.ignoreFocusOut = true;
  pick.placeholder = vscode.l10n.t('Check reviewers, or type an e-mail to add someone not listed');
  pick.busy = true;

  const known = new Map<string, PersonItem>();
  let typedItem: PersonItem | undefined;
  const addPeople = (emails: readonly string[], description: string) => {
    for (const email of emails) {
      if (!known.has(emailKey(email))) {
        known.set(emailKey(email), { label: email, description, email });
      }
    }
  };

  const refreshItems = () => {
    const selected = new Set(pick.selectedItems.map((item) => emailKey(item.email)));
    const items = [...(typedItem ? [typedItem] : []), ...known.values()];
    pick.items = items;
    pick.selectedItems = items.filter((item) => selected.has(emailKey(item.email)));
  };

  addPeople(sources.checked, vscode.l10n.t('assigned'));
  addPeople(sources.recent, vscode.l10n.t('recently used'));
  pick.items = [...known.values()];
  const checkedKeys = new Set(sources.checked.map(emailKey));
  pick.selectedItems = pick.items.filter((item) => checkedKeys.has(emailKey(item.email)));

  return new Promise((resolve) => {
    pick.onDidChangeValue((value) => {
      const email = value.trim();
      typedItem =
        isValidEmail(email) && !known.has(emailKey(email))
          ? { label: `$(add) ${email}`, description: vscode.l10n.t('new'), email, alwaysShow: true }
          : undefined;
      refreshItems();
    });

    pick.onDidChangeSelection((selection) => {
      // A typed entry that gets checked becomes a regular entry, so it stays when the filter text changes.
      const typed = selection.find((item) => item === typedItem);
      if (typed) {
        known.set(emailKey(typed.email), { label: typed.email, description: vscode.l10n.t('new'), email: typed.email });
        typedItem = undefined;
        pick.value = '';
        refreshItems();
        pick.selectedItems = pick.items.filter((item) =>
          selection.some((chosen) => emailKey(chosen.email) === emailKey(item.email)),
        );
      }
      const count = pick.selectedItems.length;
      pick.title =
        count > MAX_ASSIGNEES
          ? vscode.l10n.t('{0} ({1} selected; a record takes at most {2})', title, count, MAX_ASSIGNEES)
          : title;
    });

    pick.onDidAccept(() => {
      const chosen = pick.selectedItems.map((item) => item.email);
      if ((!allowEmpty && chosen.length === 0) || chosen.length > MAX_ASSIGNEES) {
        return;
      }
      resolve(chosen);
      pick.hide();
    });

    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });

    pick.show();
    sources
      .load()
      .then(({ annotators, seenOnQueue }) => {
        addPeople(annotators, vscode.l10n.t('queue annotator'));
        addPeople(seenOnQueue, vscode.l10n.t('assigned on this queue'));
        refreshItems();
      })
      .catch(() => {
        // The picker still works with the people it has and with typed e-mails.
      })
      .finally(() => {
        pick.busy = false;
      });
  });
}
