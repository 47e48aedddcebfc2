// The data behind the queues view: queues, the records loaded so far for each,
// their cursors and load errors. Kept free of `vscode` so it can be tested
// against the local server in plain Node; the tree provider renders it.
import { BaseUrlProblem } from '../api/baseUrl';
import { ArizeClient } from '../api/client';
import { Logger, silentLogger } from '../api/logger';
import { isArizeApiError } from '../api/errors';
import { AnnotationQueue, AnnotationQueueRecord, AssignedUser, Space } from '../api/types';
import { readSnapshot } from './queueSnapshot';

export type ModelState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'noKey' }
  | { kind: 'invalidBaseUrl'; value: string; problem: BaseUrlProblem }
  | { kind: 'error'; error: unknown }
  | { kind: 'ready' };

export type SourceConnection =
  | { kind: 'ready'; client: ArizeClient; spaceId: string; recordsPageSize: number }
  | { kind: 'noKey' }
  | { kind: 'invalidBaseUrl'; value: string; problem: BaseUrlProblem };

export interface QueueEntry {
  queue: AnnotationQueue;
  records: AnnotationQueueRecord[];
  /** True once the first page of records has been read. */
  recordsLoaded: boolean;
  hasMore: boolean;
  nextCursor?: string;
  recordsError?: unknown;
}

/** True once every record of the queue has been read, so filters and progress counts see the whole queue. */
export function isComplete(entry: QueueEntry): boolean {
  return entry.recordsLoaded && !entry.hasMore && entry.recordsError === undefined;
}

/** What `poll()` did: replaced the data, left it (another load was running, or no key), or failed and kept it. */
export type PollResult = { kind: 'updated' } | { kind: 'skipped' } | { kind: 'failed'; error: unknown };

/** Called with the queue whose records changed, or with no argument when the whole tree changed. */
export type ChangeListener = (queueId?: string) => void;

export class QueueTreeModel {
  private stateValue: ModelState = { kind: 'idle' };
  private entries: QueueEntry[] = [];
  private spaceList: Space[] = [];
  private connection?: SourceConnection & { kind: 'ready' };
  private queuesLoad?: Promise<void>;
  private readonly recordLoads = new Map<string, Promise<void>>();
  private readonly fullLoads = new Map<string, Promise<void>>();
  private readonly listeners = new Set<ChangeListener>();
  /** Increases on every reload, so responses that arrive after a refresh are dropped. */
  private generation = 0;

  constructor(
    private readonly connect: () => Promise<SourceConnection>,
    private readonly logger: Logger = silentLogger,
  ) {}

  get state(): ModelState {
    return this.stateValue;
  }

  get queues(): readonly QueueEntry[] {
    return this.entries;
  }

  /**
   * The spaces that GET /v2/spaces listed at the last load. Empty when the
   * setting `arizeQueues.spaceId` limits the list to one space, and when the
   * key may not list spaces.
   */
  get spaces(): readonly Space[] {
    return this.spaceList;
  }

  onDidChange(listener: ChangeListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Loads the queue list unless it is loaded or loading, and returns when no
   * load is running: a refresh that starts while one is awaited is awaited too.
   */
  async ensureQueues(): Promise<void> {
    if (this.stateValue.kind === 'idle') {
      this.queuesLoad = this.loadQueues();
    }

    // Bounded, because every pass needs a new refresh to have started during the previous one.
    for (let pass = 0; pass < 10; pass++) {
      const current = this.queuesLoad;
      await current;
      if (current === this.queuesLoad) {
        return;
      }
    }
  }

  /** Drops every cached queue and record and loads the queue list again. */
  refresh(): Promise<void> {
    this.queuesLoad = this.loadQueues();
    return this.queuesLoad;
  }

  findQueue(queueId: string): QueueEntry | undefined {
    return this.entries.find((entry) => entry.queue.id === queueId);
  }

  findRecord(queueId: string, recordId: string): AnnotationQueueRecord | undefined {
    return this.findQueue(queueId)?.records.find((record) => record.id === recordId);
  }

  /** The client of the last successful load, for commands that act on what the tree shows. */
  get client(): ArizeClient | undefined {
    return this.connection?.client;
  }

  /** Loads the first page of a queue's records unless it is loaded or loading. */
  ensureRecords(queueId: string): Promise<void> {
    const entry = this.findQueue(queueId);
    if (!entry || entry.recordsLoaded) {
      return Promise.resolve();
    }
    return this.loadRecordsPage(entry, undefined);
  }

  /** Loads the page after the last one read; after a failed first page, tries that page again. */
  loadMoreRecords(queueId: string): Promise<void> {
    const entry = this.findQueue(queueId);
    if (!entry) {
      return Promise.resolve();
    }
    if (!entry.recordsLoaded) {
      return this.loadRecordsPage(entry, undefined);
    }
    if (!entry.hasMore) {
      return Promise.resolve();
    }
    return this.loadRecordsPage(entry, entry.nextCursor);
  }

  /**
   * Reads every record of the queue, 500 a page, unless they are all read
   * already; the view's filters and the progress counts need the whole queue.
   * A second call while one runs returns the running one. A failure is kept on
   * the queue as `recordsError`; a cancelled read keeps the records read before.
   */
  loadAllRecords(
    queueId: string,
    options: { signal?: AbortSignal; onProgress?: (recordsSoFar: number) => void } = {},
  ): Promise<void> {
    const entry = this.findQueue(queueId);
    if (!entry || isComplete(entry)) {
      return Promise.resolve();
    }
    const running = this.fullLoads.get(queueId);
    if (running) {
      return running;
    }

    const load = this.fetchAllRecords(entry, options).finally(() => this.fullLoads.delete(queueId));
    this.fullLoads.set(queueId, load);
    return load;
  }

  /**
   * Reloads what the tree shows without showing a load, for auto-refresh: the
   * queue list, and for each queue whose records were read, as many records
   * again. The new data replaces the old only when all of it was read and no
   * other load started meanwhile. On failure the old data stays, and the error
   * is returned for the caller to log. Sends nothing unless the model is ready.
   */
  async poll(): Promise<PollResult> {
    if (this.stateValue.kind !== 'ready' || this.isBusy()) {
      return { kind: 'skipped' };
    }
    const generation = this.generation;
    const connection = await this.connect();
    if (generation !== this.generation || connection.kind !== 'ready') {
      return { kind: 'skipped' };
    }

    try {
      const snapshot = await readSnapshot(connection, this.entries, this.spaceList, this.logger);
      if (generation !== this.generation || this.isBusy()) {
        return { kind: 'skipped' };
      }
      // A new generation drops any response that still refers to the old entries.
      this.generation++;
      this.connection = connection;
      this.entries = snapshot.entries;
      this.spaceList = snapshot.spaces;
      this.fire();
      return { kind: 'updated' };
    } catch (error) {
      return { kind: 'failed', error };
    }
  }

  /** Puts the assignees from an assign response on the cached record, so the row updates at once. */
  applyAssignment(queueId: string, recordId: string, assignedUsers: AssignedUser[]): void {
    const record = this.findRecord(queueId, recordId);
    if (!record) {
      return;
    }
    record.assigned_users = assignedUsers;
    this.fire(queueId);
  }

  private async loadQueues(): Promise<void> {
    const generation = ++this.generation;
    this.entries = [];
    this.spaceList = [];
    this.recordLoads.clear();
    this.fullLoads.clear();
    this.setState({ kind: 'loading' });

    try {
      const connection = await this.connect();
      if (generation !== this.generation) {
        return;
      }
      if (connection.kind !== 'ready') {
        this.connection = undefined;
        this.setState(connection.kind === 'noKey' ? { kind: 'noKey' } : connection);
        return;
      }

      this.connection = connection;
      const [queues, spaces] = await Promise.all([
        connection.client.listAllQueues({ spaceId: connection.spaceId || undefined }),
        connection.spaceId ? Promise.resolve([]) : this.readSpaces(connection.client),
      ]);
      if (generation !== this.generation) {
        return;
      }
      this.entries = queues.map((queue) => ({ queue, records: [], recordsLoaded: false, hasMore: false }));
      this.spaceList = spaces;
      this.setState({ kind: 'ready' });
    } catch (error) {
      if (generation === this.generation) {
        this.logger.error(`loading annotation queues failed: ${errorText(error)}`);
        this.setState({ kind: 'error', error });
      }
    }
  }

  private loadRecordsPage(entry: QueueEntry, cursor: string | undefined): Promise<void> {
    const key = `${entry.queue.id}\n${cursor ?? ''}`;
    const running = this.recordLoads.get(key);
    if (running) {
      return running;
    }

    const load = this.fetchRecordsPage(entry, cursor).finally(() => this.recordLoads.delete(key));
    this.recordLoads.set(key, load);
    return load;
  }

  private async fetchRecordsPage(entry: QueueEntry, cursor: string | undefined): Promise<void> {
    const connection = this.connection;
    const generation = this.generation;
    if (!connection) {
      return;
    }

    try {
      const page = await connection.client.listRecords(entry.queue.id, {
        limit: connection.recordsPageSize,
        cursor,
      });
      if (generation !== this.generation) {
        return;
      }
      entry.records = cursor ? appendNew(entry.records, page.items) : page.items;
      entry.recordsLoaded = true;
      entry.hasMore = page.hasMore;
      entry.nextCursor = page.nextCursor;
      entry.recordsError = undefined;
    } catch (error) {
      if (generation !== this.generation) {
        return;
      }
      this.logger.error(`loading records of queue ${entry.queue.id} failed: ${errorText(error)}`);
      entry.recordsError = error;
    }
    this.fire(entry.queue.id);
  }

  /** Lists the spaces for grouping; a key that may not list them still sees its queues, ungrouped by name. */
  private async readSpaces(client: ArizeClient): Promise<Space[]> {
    try {
      return await client.listAllSpaces();
    } catch (error) {
      this.logger.warn(`listing spaces failed, so queues are grouped by space id: ${errorText(error)}`);
      return [];
    }
  }

  private async fetchAllRecords(
    entry: QueueEntry,
    options: { signal?: AbortSignal; onProgress?: (recordsSoFar: number) => void },
  ): Promise<void> {
    const connection = this.connection;
    const generation = this.generation;
    if (!connection) {
      return;
    }

    try {
      const records = await connection.client.listAllRecords(entry.queue.id, {
        signal: options.signal,
        onPage: options.onProgress,
      });
      if (generation !== this.generation) {
        return;
      }
      entry.records = records;
      entry.recordsLoaded = true;
      entry.hasMore = false;
      entry.nextCursor = undefined;
      entry.recordsError = undefined;
    } catch (error) {
      if (generation !== this.generation) {
        return;
      }
      if (options.signal?.aborted || (isArizeApiError(error) && error.kind === 'cancelled')) {
        this.logger.info(`reading all records of queue ${entry.queue.id} was cancelled`);
        return;
      }
      this.logger.error(`reading all records of queue ${entry.queue.id} failed: ${errorText(error)}`);
      entry.recordsError = error;
    }
    this.fire(entry.queue.id);
  }

  private isBusy(): boolean {
    return this.stateValue.kind === 'loading' || this.recordLoads.size > 0 || this.fullLoads.size > 0;
  }

  private setState(state: ModelState): void {
    this.stateValue = state;
    this.fire();
  }

  private fire(queueId?: string): void {
    for (const listener of this.listeners) {
      listener(queueId);
    }
  }
}

/** Appends a page, skipping records already listed: cursors are not promised to be stable while records change. */
function appendNew(current: AnnotationQueueRecord[], page: AnnotationQueueRecord[]): AnnotationQueueRecord[] {
  const known = new Set(current.map((record) => record.id));
  return current.concat(page.filter((record) => !known.has(record.id)));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
