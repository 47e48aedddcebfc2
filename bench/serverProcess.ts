// The benchmark's local Arize-compatible server, run as a child process so
// that its work and memory stay out of the client's timings and heap. The
// parent drives it over the IPC channel of child_process.fork: each message
// { id, method, params } gets one reply { id, result } or { id, error }.
import type { AnnotationQueue } from '../src/api/types';
import { encodeGlobalId } from '../src/server/globalIds';
import { createPrng } from '../src/server/prng';
import { buildRecords } from '../src/server/seedRecords';
import { RunningArizeServer, ServerKnobs, startArizeServer } from '../src/server/server';

export interface RecordSnapshot {
  id: string;
  emails: string[];
}

export interface RequestCounts {
  /** Responses to assign requests, by status code. */
  assignByStatus: Record<string, number>;
  /** Responses to list-records requests, by status code. */
  listByStatus: Record<string, number>;
}

/** The methods that the parent may call, with their parameters and results. */
export interface ServerMethods {
  start(params: { knobs: Partial<ServerKnobs> }): { url: string };
  setKnobs(params: { knobs: Partial<ServerKnobs> }): void;
  reset(): void;
  clearRequestLog(): void;
  countRequests(): RequestCounts;
  userEmails(): string[];
  /** The seeded queue with the most records, and the assignees of its first `count` records. */
  snapshotLargestQueue(params: { count: number }): { queueId: string; records: RecordSnapshot[] };
  /** Each record's assignee e-mails as stored, for the ids given, in the same order. */
  readAssignees(params: { queueId: string; recordIds: string[] }): Array<string[] | null>;
  /** Adds a queue with `count` generated records and returns its id. */
  addGeneratedQueue(params: { count: number }): { queueId: string };
  stop(): void;
}

type MethodName = keyof ServerMethods;

interface CallMessage {
  id: number;
  method: MethodName;
  params: never;
}

/** Seed of the records of the generated queue, so that every run pages through the same data. */
const GENERATED_QUEUE_SEED = 770001;

/** Id numbers far above the seeded ones, so that generated ids never collide with them. */
const GENERATED_QUEUE_ID_NUMBER = 990001;
const GENERATED_FIRST_RECORD_NUMBER = 9_000_001;

let server: RunningArizeServer | undefined;

function running(): RunningArizeServer {
  if (!server) {
    throw new Error('The benchmark server is not started: call start first.');
  }
  return server;
}

function largestQueue(): AnnotationQueue {
  const { store } = running();
  return [...store.queues].sort((a, b) => store.recordsOf(b.id).length - store.recordsOf(a.id).length)[0];
}

function addGeneratedQueue(count: number): { queueId: string } {
  const { store } = running();
  const template = largestQueue();
  const queue: AnnotationQueue = {
    ...template,
    id: encodeGlobalId('AnnotationQueue', GENERATED_QUEUE_ID_NUMBER),
    name: `Benchmark queue – ${count} records`,
  };
  const records = buildRecords(createPrng(GENERATED_QUEUE_SEED), {
    queue,
    count,
    firstIdNumber: GENERATED_FIRST_RECORD_NUMBER,
    datasetShare: 0.3,
    traceShare: 0.25,
    datasetContent: 'support',
    startMs: Date.UTC(2026, 8, 1, 9),
  });

  // The list endpoint reads store.data directly. The store's id index is not
  // rebuilt, so assign requests to these records would get 404: the benchmark only lists them.
  store.data.queues.push(queue);
  store.data.recordsByQueue.set(queue.id, records);
  return { queueId: queue.id };
}

function countRequests(): RequestCounts {
  const counts: RequestCounts = { assignByStatus: {}, listByStatus: {} };
  for (const request of running().requests) {
    const bucket = request.path.endsWith('/assign')
      ? counts.assignByStatus
      : request.path.endsWith('/records')
        ? counts.listByStatus
        : undefined;
    if (bucket) {
      bucket[request.status] = (bucket[request.status] ?? 0) + 1;
    }
  }
  return counts;
}

const handlers: { [name in MethodName]: (params: never) => unknown } = {
  start: async ({ knobs }: { knobs: Partial<ServerKnobs> }) => {
    server = await startArizeServer({ port: 0, knobs });
    return { url: server.url };
  },
  setKnobs: ({ knobs }: { knobs: Partial<ServerKnobs> }) => running().setKnobs(knobs),
  reset: () => running().reset(),
  clearRequestLog: () => {
    running().requests.length = 0;
  },
  countRequests: () => countRequests(),
  userEmails: () => running().store.users.map((user) => user.email),
  snapshotLargestQueue: ({ count }: { count: number }) => {
    const queue = largestQueue();
    const records = running()
      .store.recordsOf(queue.id)
      .slice(0, count)
      .map((record) => ({ id: record.id, emails: record.assigned_users.map((assigned) => assigned.user.email) }));
    return { queueId: queue.id, records };
  },
  readAssignees: ({ queueId, recordIds }: { queueId: string; recordIds: string[] }) =>
    recordIds.map(
      (recordId) =>
        running()
          .store.findRecord(queueId, recordId)
          ?.assigned_users.map((assigned) => assigned.user.email) ?? null,
    ),
  addGeneratedQueue: ({ count }: { count: number }) => addGeneratedQueue(count),
  stop: async () => {
    await server?.close();
    server = undefined;
    setImmediate(() => process.disconnect?.());
  },
};

async function answer(message: CallMessage): Promise<void> {
  try {
    const result = await handlers[message.method](message.params);
    process.send?.({ id: message.id, result });
  } catch (error) {
    process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
}

if (require.main === module) {
  process.on('message', (message: CallMessage) => void answer(message));
  // The parent's exit closes the channel; the server must not outlive it.
  process.on('disconnect', () => {
    const closing = server ? server.close() : Promise.resolve();
    void closing.finally(() => process.exit(0));
  });
}
