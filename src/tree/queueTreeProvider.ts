import * as vscode from 'vscode';

import { CommandIds, ViewIds } from '../constants';
import { countQueueProgress } from './queueProgress';
import { isComplete, QueueEntry, QueueTreeModel } from './queueTreeModel';
import { filterRecords, RecordFilter } from './recordFilter';
import { groupQueuesBySpace, SpaceGroup } from './spaceGroups';
import { loadMoreItem, noMatchItem, queueItem, recordItem, recordsErrorItem, spaceItem } from './treeItems';
import { ViewFilter } from './viewFilter';

export type TreeElement =
  | { kind: 'space'; spaceId: string }
  | { kind: 'queue'; queueId: string }
  | { kind: 'record'; queueId: string; recordId: string }
  | { kind: 'loadMore'; queueId: string }
  | { kind: 'recordsError'; queueId: string }
  | { kind: 'noMatch'; queueId: string };

/** Renders the QueueTreeModel; it fetches nothing itself except through the model. */
export class QueueTreeProvider implements vscode.TreeDataProvider<TreeElement>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TreeElement | undefined>();
  private readonly subscriptions: Array<{ dispose(): void }> = [];
  readonly onDidChangeTreeData = this.changeEmitter.event;

  /**
   * One element object per row: VS Code matches the element of a change event
   * by identity, so a row is refreshed only when the same object is passed.
   */
  private readonly elements = new Map<string, TreeElement>();

  constructor(
    private readonly model: QueueTreeModel,
    private readonly viewFilter: ViewFilter,
  ) {
    this.subscriptions.push(
      model.onDidChange((queueId) => {
        if (!queueId) {
          this.elements.clear();
        }
        this.changeEmitter.fire(queueId ? this.element({ kind: 'queue', queueId }) : undefined);
      }),
      // A new filter changes the children of every queue, so the whole tree is asked again.
      viewFilter.onDidChange(() => this.changeEmitter.fire(undefined)),
    );
  }

  /** Returns the cached element equal to `candidate`, caching it if it is new. */
  private element<T extends TreeElement>(candidate: T): T {
    const key = JSON.stringify(candidate);
    const cached = this.elements.get(key);
    if (cached) {
      return cached as T;
    }
    this.elements.set(key, candidate);
    return candidate;
  }

  async getChildren(element?: TreeElement): Promise<TreeElement[]> {
    // A refresh may be under way; its queue list is the one to show and expand.
    await this.model.ensureQueues();
    if (this.model.state.kind !== 'ready') {
      return [];
    }

    if (!element) {
      const groups = this.spaceGroups();
      return groups
        ? groups.map((group) => this.element({ kind: 'space', spaceId: group.spaceId }))
        : this.model.queues.map((entry) => this.element({ kind: 'queue', queueId: entry.queue.id }));
    }
    if (element.kind === 'space') {
      const group = this.spaceGroups()?.find((candidate) => candidate.spaceId === element.spaceId);
      return (group?.queueIds ?? []).map((queueId) => this.element({ kind: 'queue', queueId }));
    }
    if (element.kind !== 'queue') {
      return [];
    }

    const filter = this.viewFilter.filter;
    if (filter) {
      await this.readAllWithProgress(element.queueId);
    } else {
      await this.model.ensureRecords(element.queueId);
    }
    const entry = this.model.findQueue(element.queueId);
    return entry ? queueChildren(entry, filter).map((child) => this.element(child)) : [];
  }

  getParent(element: TreeElement): TreeElement | undefined {
    if (element.kind === 'space') {
      return undefined;
    }
    if (element.kind !== 'queue') {
      return this.element({ kind: 'queue', queueId: element.queueId });
    }
    const spaceId = this.model.findQueue(element.queueId)?.queue.space_id;
    const grouped = spaceId !== undefined && this.spaceGroups()?.some((group) => group.spaceId === spaceId);
    return grouped ? this.element({ kind: 'space', spaceId }) : undefined;
  }

  getTreeItem(element: TreeElement): vscode.TreeItem {
    if (element.kind === 'space') {
      const group = this.spaceGroups()?.find((candidate) => candidate.spaceId === element.spaceId);
      return group ? spaceItem(group) : new vscode.TreeItem(element.spaceId);
    }

    const entry = this.model.findQueue(element.queueId);
    if (!entry) {
      return new vscode.TreeItem(element.queueId);
    }

    switch (element.kind) {
      case 'queue':
        return this.queueRow(entry);
      case 'record': {
        const record = entry.records.find((candidate) => candidate.id === element.recordId);
        if (!record) {
          return new vscode.TreeItem(element.recordId);
        }
        const item = recordItem(record);
        item.command = {
          command: CommandIds.showRecordDetails,
          title: vscode.l10n.t('Show Record Details'),
          arguments: [element],
        };
        return item;
      }
      case 'loadMore':
        return loadMoreItem(entry, this.viewFilter.filter !== undefined);
      case 'recordsError':
        return recordsErrorItem(entry);
      case 'noMatch':
        return noMatchItem(entry);
    }
  }

  /**
   * Runs the "load more" row: the next page, or with a filter every remaining
   * record, because a filter over part of a queue would hide matches.
   */
  loadMore(queueId: string): Promise<void> {
    return this.viewFilter.filter ? this.readAllWithProgress(queueId) : this.model.loadMoreRecords(queueId);
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.changeEmitter.dispose();
  }

  private queueRow(entry: QueueEntry): vscode.TreeItem {
    if (!isComplete(entry)) {
      return queueItem(entry.queue);
    }
    const progress = countQueueProgress(entry.records, entry.queue.annotators);
    const filter = this.viewFilter.filter;
    return queueItem(entry.queue, progress, filter ? filterRecords(entry.records, filter).length : undefined);
  }

  private spaceGroups(): SpaceGroup[] | undefined {
    return groupQueuesBySpace(
      this.model.queues.map((entry) => entry.queue),
      this.model.spaces,
    );
  }

  /** Reads every record of the queue with a progress bar on the view; the API has no server-side filter. */
  private async readAllWithProgress(queueId: string): Promise<void> {
    const entry = this.model.findQueue(queueId);
    if (!entry || isComplete(entry)) {
      return;
    }
    await vscode.window.withProgress({ location: { viewId: ViewIds.queues } }, () => this.model.loadAllRecords(queueId));
  }
}

function queueChildren(entry: QueueEntry, filter: RecordFilter | undefined): TreeElement[] {
  const queueId = entry.queue.id;
  const records = filter ? filterRecords(entry.records, filter) : entry.records;
  const children: TreeElement[] = records.map((record) => ({ kind: 'record', queueId, recordId: record.id }));

  if (entry.recordsError) {
    children.push({ kind: 'recordsError', queueId });
  } else if (entry.hasMore || (filter && !entry.recordsLoaded)) {
    children.push({ kind: 'loadMore', queueId });
  } else if (filter && children.length === 0) {
    children.push({ kind: 'noMatch', queueId });
  }
  return children;
}
