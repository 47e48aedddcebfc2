// The active filter of the queues view, shared by the tree, the status bar,
// the view's description and the filter commands.
import * as vscode from 'vscode';

import { ContextKeys } from '../constants';
import { RecordFilter, sameFilter } from './recordFilter';

export class ViewFilter implements vscode.Disposable {
  private current?: RecordFilter;
  private readonly changeEmitter = new vscode.EventEmitter<RecordFilter | undefined>();
  readonly onDidChange = this.changeEmitter.event;

  get filter(): RecordFilter | undefined {
    return this.current;
  }

  /** Sets or clears the filter, updates the context key of the view title, and notifies listeners if it changed. */
  set(filter: RecordFilter | undefined): void {
    if (sameFilter(this.current, filter)) {
      return;
    }
    this.current = filter;
    void vscode.commands.executeCommand('setContext', ContextKeys.filterActive, filter !== undefined);
    this.changeEmitter.fire(filter);
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}

/** Describes a filter in a few words, for the view's description and the status bar. */
export function describeFilter(filter: RecordFilter): string {
  switch (filter.kind) {
    case 'assignedToMe':
      return vscode.l10n.t('assigned to me');
    case 'unassigned':
      return vscode.l10n.t('unassigned');
    case 'pending':
      return vscode.l10n.t('pending');
    case 'completed':
      return vscode.l10n.t('completed');
    case 'assignedTo':
      return vscode.l10n.t('assigned to {0}', filter.email);
  }
}
