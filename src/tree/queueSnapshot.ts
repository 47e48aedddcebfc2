// Reads again what the queues view holds, for auto-refresh: the queue list,
// the spaces, and for each queue as many records as were read before. Free
// of `vscode`; the model swaps the result in only when all of it was read.
import { ArizeClient } from '../api/client';
import { Logger } from '../api/logger';
import { AnnotationQueueRecord, Space } from '../api/types';
import type { QueueEntry } from './queueTreeModel';

export interface Snapshot {
  entries: QueueEntry[];
  spaces: Space[];
}

interface SnapshotConnection {
  client: ArizeClient;
  spaceId: string;
  recordsPageSize: number;
}

/** Upper bound on pages read again for one partly read queue. */
const MAX_PAGES = 1000;

/** Throws the first request error; the caller keeps its old data then. */
export async function readSnapshot(
  connection: SnapshotConnection,
  current: readonly QueueEntry[],
  currentSpaces: readonly Space[],
  logger: Logger,
): Promise<Snapshot> {
  const { client } = connection;
  const queues = await client.listAllQueues({ spaceId: connection.spaceId || undefined });
  const spaces = connection.spaceId ? [] : await readSpacesOrKeep(client, currentSpaces, logger);
  const entries: QueueEntry[] = [];

  for (const queue of queues) {
    const before = current.find((entry) => entry.queue.id === queue.id);
    const entry: QueueEntry = { queue, records: [], recordsLoaded: false, hasMore: false };

    if (before?.recordsLoaded && !before.hasMore) {
      entry.records = await client.listAllRecords(queue.id);
      entry.recordsLoaded = true;
    } else if (before?.recordsLoaded) {
      await readFirstRecords(client, entry, Math.max(before.records.length, 1), connection.recordsPageSize);
    }
    entries.push(entry);
  }
  return { entries, spaces };
}

/** Reads pages of `pageSize` until at least `count` records are read or the queue ends. */
async function readFirstRecords(client: ArizeClient, entry: QueueEntry, count: number, pageSize: number): Promise<void> {
  const records: AnnotationQueueRecord[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;

  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await client.listRecords(entry.queue.id, { limit: pageSize, cursor });
    records.push(...result.items.filter((record) => !seen.has(record.id)));
    result.items.forEach((record) => seen.add(record.id));
    entry.hasMore = result.hasMore;
    entry.nextCursor = result.nextCursor;
    if (!result.hasMore || records.length >= count) {
      break;
    }
    cursor = result.nextCursor;
  }
  entry.records = records;
  entry.recordsLoaded = true;
}

async function readSpacesOrKeep(client: ArizeClient, currentSpaces: readonly Space[], logger: Logger): Promise<Space[]> {
  try {
    return await client.listAllSpaces();
  } catch (error) {
    logger.warn(
      `listing spaces failed during auto-refresh, keeping the last list: ${error instanceof Error ? error.message : String(error)}`,
    );
    return [...currentSpaces];
  }
}
