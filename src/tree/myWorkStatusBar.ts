// The status bar item "my pending records". It counts over the queues whose
// records are all read already and sends no request itself; clicking it opens
// "Filter Records…". It shows only while a key is stored and either the
// setting `arizeQueues.myEmail` is known or a filter is active.
import * as vscode from 'vscode';

import { ConnectionProvider } from '../auth/connection';
import { CommandIds } from '../constants';
import { MyEmail } from '../commands/myEmail';
import { isComplete, QueueTreeModel } from './queueTreeModel';
import { isPendingFor } from './recordFilter';
import { describeFilter, ViewFilter } from './viewFilter';

export interface MyWorkCount {
  pending: number;
  /** Queues whose records are all read, the ones counted. */
  countedQueues: number;
  totalQueues: number;
}

export class MyWorkStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('arizeQueues.myWork', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: Array<{ dispose(): void }> = [];
  private hasKey = false;
  private visible = false;

  constructor(
    private readonly model: QueueTreeModel,
    private readonly viewFilter: ViewFilter,
    private readonly myEmail: MyEmail,
    private readonly connections: ConnectionProvider,
  ) {
    this.item.name = vscode.l10n.t('Arize: My Pending Records');
    this.item.command = CommandIds.filterRecords;

    const update = () => this.update();
    this.disposables.push(
      this.item,
      model.onDidChange(update),
      viewFilter.onDidChange(update),
      myEmail.onDidChange(update),
      vscode.workspace.onDidChangeConfiguration(update),
      connections.onDidChange(() => void this.readKeyState()),
    );
    void this.readKeyState();
  }

  /** Whether the item is shown, and its text; for tests. */
  get state(): { visible: boolean; text: string } {
    return { visible: this.visible, text: this.item.text };
  }

  /** Counts the records assigned to `email` and not completed by them, in the queues read completely. */
  count(email: string): MyWorkCount {
    const complete = this.model.queues.filter((entry) => isComplete(entry));
    const pending = complete.reduce(
      (sum, entry) => sum + entry.records.filter((record) => isPendingFor(record, email)).length,
      0,
    );
    return { pending, countedQueues: complete.length, totalQueues: this.model.queues.length };
  }

  dispose(): void {
    this.disposables.forEach((disposable) => disposable.dispose());
  }

  /** Reads only secret storage, never the network. */
  private async readKeyState(): Promise<void> {
    this.hasKey = (await this.connections.resolve()).kind === 'ready';
    this.update();
  }

  private update(): void {
    const email = this.myEmail.get();
    const filter = this.viewFilter.filter;
    this.visible = this.hasKey && (email !== undefined || filter !== undefined);
    if (!this.visible) {
      this.item.hide();
      return;
    }

    const filterNote = filter ? vscode.l10n.t('Filter: {0}', describeFilter(filter)) : vscode.l10n.t('No filter');
    if (!email) {
      this.item.text = `$(filter) ${describeFilter(filter!)}`;
      this.item.tooltip = vscode.l10n.t('{0}. Click to change the filter of the Annotation Queues view.', filterNote);
      this.item.show();
      return;
    }

    const count = this.count(email);
    if (count.countedQueues === 0) {
      this.item.text = `$(account) ${vscode.l10n.t('My records')}${filter ? ' $(filter)' : ''}`;
      this.item.tooltip = vscode.l10n.t(
        'No queue is read completely yet, so your pending records ({0}) are not counted. {1}. Click to filter the records.',
        email,
        filterNote,
      );
    } else {
      this.item.text = `$(account) ${vscode.l10n.t('{0} pending', count.pending)}${filter ? ' $(filter)' : ''}`;
      this.item.tooltip = vscode.l10n.t(
        '{0} records assigned to {1} are pending, in the {2} of {3} queues read completely. {4}. Click to filter the records.',
        count.pending,
        email,
        count.countedQueues,
        count.totalQueues,
        filterNote,
      );
    }
    this.item.show();
  }
}
