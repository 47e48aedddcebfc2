// Bulk assignment scenarios: the engine at the default concurrency, the same
// engine one request at a time, and the default concurrency against a server
// that responds with 429 to a share of requests. Each run starts from the seed data
// and ends with a check of the server's stored assignees.
import { ArizeClient } from '../src/api/client';
import { samePeople } from '../src/bulk/assignees';
import { runBulkAssignment } from '../src/bulk/runner';
import { RecordIntent, RecordOutcome } from '../src/bulk/types';
import { SANDBOX_API_KEY } from '../src/server/server';
import { medianRoundTrip, timed } from './measure';
import { BenchServer } from './serverHandle';
import type { RecordSnapshot } from './serverProcess';

export interface BulkRun {
  concurrency: number;
  ms: number;
  /** Records by outcome kind: applied, skipped, conflict, failed, notRun. */
  outcomes: Partial<Record<RecordOutcome['kind'], number>>;
  /** Records whose stored assignees differ from the intended list after the run. */
  lost: number;
  /** Assign requests that the server responded to, and how many of those responses were 429. */
  assignAttempts: number;
  assign429: number;
}

export interface BulkSetup {
  queueId: string;
  intents: RecordIntent[];
}

/** Single assign requests whose median round trip the ideal time is built on, after uncounted warm-up requests. */
const ASSIGN_ROUND_TRIP_SAMPLES = 41;
const ASSIGN_WARM_UP_REQUESTS = 5;

/**
 * Builds one `set` intent for each of the first `count` records of the
 * largest seeded queue. Each intended list of two reviewers differs from the
 * record's current list, so every intent makes exactly one assign request.
 */
export async function prepareBulk(server: BenchServer, count: number): Promise<BulkSetup> {
  const { queueId, records } = await server.call('snapshotLargestQueue', { count });
  if (records.length < count) {
    throw new Error(`The largest seeded queue has ${records.length} records; the benchmark needs ${count}.`);
  }
  const users = await server.call('userEmails');
  return { queueId, intents: records.map((record, index) => intentFor(queueId, record, index, users)) };
}

function intentFor(queueId: string, record: RecordSnapshot, index: number, users: string[]): RecordIntent {
  const pick = (offset: number) => users[(index + offset) % users.length];
  let emails = [pick(0), pick(3)];
  if (samePeople(emails, record.emails)) {
    emails = [pick(1), pick(5)];
  }
  return { queueId, recordId: record.id, mode: 'set', emails };
}

/**
 * Measures the round trip of one assign request: the median of single
 * requests, sent one at a time, that set a record's assignees. The server is
 * reset afterwards, so the writes leave no trace.
 */
export async function measureAssignRoundTrip(server: BenchServer, baseUrl: string, setup: BulkSetup): Promise<number> {
  const [intent] = setup.intents;
  const path = `/v2/annotation-queues/${encodeURIComponent(intent.queueId)}/records/${encodeURIComponent(intent.recordId)}/assign`;
  const roundTrip = await medianRoundTrip(
    {
      method: 'POST',
      url: baseUrl + path,
      headers: { Authorization: `Bearer ${SANDBOX_API_KEY}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ assigned_user_emails: intent.emails }),
    },
    ASSIGN_ROUND_TRIP_SAMPLES,
    ASSIGN_WARM_UP_REQUESTS,
  );
  await server.call('reset');
  return roundTrip;
}

/** Runs the engine once on the seed data and checks what the server stored. Resets the server afterwards. */
export async function runBulk(server: BenchServer, client: ArizeClient, setup: BulkSetup, concurrency: number): Promise<BulkRun> {
  await server.call('clearRequestLog');
  const { result: results, ms } = await timed(() => runBulkAssignment({ client, intents: setup.intents, concurrency }));

  const outcomes: BulkRun['outcomes'] = {};
  for (const { outcome } of results) {
    outcomes[outcome.kind] = (outcomes[outcome.kind] ?? 0) + 1;
  }

  const counts = await server.call('countRequests');
  const stored = await server.call('readAssignees', {
    queueId: setup.queueId,
    recordIds: setup.intents.map((intent) => intent.recordId),
  });
  const lost = setup.intents.filter((intent, index) => !samePeople(stored[index] ?? [], intent.emails)).length;
  await server.call('reset');

  const assignAttempts = Object.values(counts.assignByStatus).reduce((sum, value) => sum + value, 0);
  return { concurrency, ms, outcomes, lost, assignAttempts, assign429: counts.assignByStatus['429'] ?? 0 };
}
