// Paging through a large queue with the API client: time to the first page,
// time for all pages, and the heap that holding every record costs.
import { performance } from 'node:perf_hooks';

import { ArizeClient } from '../src/api/client';
import { AnnotationQueueRecord } from '../src/api/types';
import { MAX_RECORDS_PAGE_SIZE } from '../src/constants';
import { SANDBOX_API_KEY } from '../src/server/server';
import { collectGarbage, median, medianRoundTrip, timed } from './measure';

export interface PagingResult {
  records: number;
  pages: number;
  /** Median client time of single first-page requests, until the page was parsed, in milliseconds. */
  firstPageMs: number;
  /** Client time from the first call until the last page was parsed, in milliseconds. */
  allPagesMs: number;
  /** Median round trip of each page's request, in page order, in milliseconds. */
  pageRoundTrips: number[];
  /** heapUsed after paging with every record held minus heapUsed before, both after a forced GC, in MB (2^20 bytes). */
  heapGrowthMb: number;
}

/** Requests per page whose median is that page's round trip, and client requests whose median is the time to the first page. */
const PAGE_ROUND_TRIP_SAMPLES = 5;
const FIRST_PAGE_SAMPLES = 5;

/** Upper bound on pages, so a server that never ends its list cannot loop the benchmark forever. */
const MAX_PAGES = 1000;

interface PagingPass {
  records: AnnotationQueueRecord[];
  /** The cursor sent for each page, in order; undefined for the first. */
  cursors: Array<string | undefined>;
  allPagesMs: number;
}

/**
 * Reads the queue at the largest page size in four steps. One uncounted
 * request runs the client's code first, so the times do not include V8
 * compiling it. Then come single first-page requests, a timed pass over all
 * pages, and a pass between two forced garbage collections for the heap. The
 * last step sends single requests with each page's URL for the round trips.
 */
export async function measurePaging(client: ArizeClient, baseUrl: string, queueId: string): Promise<PagingResult> {
  await client.listRecords(queueId, { limit: MAX_RECORDS_PAGE_SIZE });

  const firstPageTimes: number[] = [];
  for (let i = 0; i < FIRST_PAGE_SAMPLES; i++) {
    const { ms } = await timed(() => client.listRecords(queueId, { limit: MAX_RECORDS_PAGE_SIZE }));
    firstPageTimes.push(ms);
  }
  const timedPass = await readAllPages(client, queueId);

  const heapGrowthMb = await measureHeapGrowth(client, queueId);

  const pageRoundTrips: number[] = [];
  for (const cursor of timedPass.cursors) {
    pageRoundTrips.push(await medianRoundTrip(pageRequest(baseUrl, queueId, cursor), PAGE_ROUND_TRIP_SAMPLES));
  }

  return {
    records: timedPass.records.length,
    pages: timedPass.cursors.length,
    firstPageMs: median(firstPageTimes),
    allPagesMs: timedPass.allPagesMs,
    pageRoundTrips,
    heapGrowthMb,
  };
}

async function readAllPages(client: ArizeClient, queueId: string): Promise<PagingPass> {
  const records: AnnotationQueueRecord[] = [];
  const cursors: Array<string | undefined> = [];
  let cursor: string | undefined;

  const started = performance.now();
  for (let page = 0; page < MAX_PAGES; page++) {
    cursors.push(cursor);
    const result = await client.listRecords(queueId, { limit: MAX_RECORDS_PAGE_SIZE, cursor });
    records.push(...result.items);
    if (!result.hasMore) {
      break;
    }
    cursor = result.nextCursor;
  }
  return { records, cursors, allPagesMs: performance.now() - started };
}

/** Returns heapUsed after paging with every record held minus heapUsed before, both after a forced GC, in MB (2^20 bytes). */
async function measureHeapGrowth(client: ArizeClient, queueId: string): Promise<number> {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;

  const pass = await readAllPages(client, queueId);
  collectGarbage();
  const after = process.memoryUsage().heapUsed;

  // Reading the records after the second measurement keeps them alive through it.
  if (pass.records.length === 0) {
    throw new Error(`Queue ${queueId} returned no records.`);
  }
  return (after - before) / 2 ** 20;
}

/** Builds the request that ArizeClient.listRecords sends for one page: same path, query order and headers. */
function pageRequest(baseUrl: string, queueId: string, cursor: string | undefined) {
  const query = new URLSearchParams({ limit: String(MAX_RECORDS_PAGE_SIZE) });
  if (cursor) {
    query.set('cursor', cursor);
  }
  return {
    method: 'GET' as const,
    url: `${baseUrl}/v2/annotation-queues/${encodeURIComponent(queueId)}/records?${query.toString()}`,
    headers: { Authorization: `Bearer ${SANDBOX_API_KEY}`, Accept: 'application/json, application/problem+json' },
  };
}
