import { ArizeClient } from '../../src/api/client';
import { Logger } from '../../src/api/logger';
import { RetryPolicy } from '../../src/api/retry';
import { AnnotationQueue } from '../../src/api/types';
import { RunningArizeServer, SANDBOX_API_KEY, startArizeServer } from '../../src/server/server';

/** Collects log lines by level, so tests can check what was logged and what was not. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  trace = (message: string) => this.lines.push(`trace ${message}`);
  debug = (message: string) => this.lines.push(`debug ${message}`);
  info = (message: string) => this.lines.push(`info ${message}`);
  warn = (message: string) => this.lines.push(`warn ${message}`);
  error = (message: string) => this.lines.push(`error ${message}`);
}

/** Short waits, so retry tests finish in milliseconds. */
export const FAST_RETRIES: RetryPolicy = { maxAttempts: 4, maxTotalWaitMs: 5_000, baseDelayMs: 5, maxDelayMs: 20 };

export interface ClientOptions {
  apiKey?: string;
  timeoutMs?: number;
  retryPolicy?: RetryPolicy;
  baseUrl?: string;
}

export function makeClient(server: RunningArizeServer, logger: Logger, options: ClientOptions = {}): ArizeClient {
  return new ArizeClient({
    baseUrl: options.baseUrl ?? server.url,
    apiKey: options.apiKey ?? SANDBOX_API_KEY,
    timeoutMs: options.timeoutMs ?? 5_000,
    logger,
    retryPolicy: options.retryPolicy ?? FAST_RETRIES,
    random: () => 1,
  });
}

export async function startServer(): Promise<RunningArizeServer> {
  return startArizeServer({ port: 0 });
}

export interface Sandbox {
  server: RunningArizeServer;
  client: ArizeClient;
  /** The seeded queue with the most records (1,250). */
  bigQueue: AnnotationQueue;
  bigQueueId: string;
}

/** Starts the local server, a client for it, and finds the seeded queue with the most records. */
export async function startSandbox(logger: Logger = new MemoryLogger()): Promise<Sandbox> {
  const server = await startServer();
  const client = makeClient(server, logger);
  const bigQueue = await largestQueue(client);
  return { server, client, bigQueue, bigQueueId: bigQueue.id };
}

/** Returns the seeded queue with the most records (1,250). */
async function largestQueue(client: ArizeClient): Promise<AnnotationQueue> {
  const queues = await client.listAllQueues();
  const counts = await Promise.all(queues.map(async (queue) => (await client.listRecords(queue.id, { limit: 500 })).hasMore));
  const index = counts.findIndex((hasMore) => hasMore);
  if (index < 0) {
    throw new Error('no seeded queue has more than 500 records');
  }
  return queues[index];
}
