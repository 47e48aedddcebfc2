import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fault } from './faults';
import { DEFAULT_KNOBS, type ServerKnobs, validateKnobs } from './knobs';
import { type RequestLogEntry, Sandbox } from './sandbox';
import type { SandboxStore } from './store';

// A local server that implements part of the Arize REST API v2 (annotation
// queues, their records, record assignment and spaces) on 127.0.0.1, for
// development, tests and benchmarks. It is never the extension's default
// backend. Knobs and scripted faults make it slow or unreliable on purpose.

export type { Fault } from './faults';
export type { ServerKnobs } from './knobs';
export type { RequestLogEntry } from './sandbox';
export type { SandboxStore, SeedSummary } from './store';

/** The API key that the sandbox accepts when `apiKeys` is not given. Not a secret. */
export const SANDBOX_API_KEY = 'arize-sandbox-key-0001';

export const SANDBOX_HOST = '127.0.0.1';

export interface ArizeServerOptions {
  /** TCP port on 127.0.0.1. The default 0 picks a free port. */
  port?: number;
  /** Accepted bearer keys. The default is [SANDBOX_API_KEY]. */
  apiKeys?: string[];
  knobs?: Partial<ServerKnobs>;
  /** Receives one line per request (method, path, status, duration) and errors. Never given the Authorization header. */
  log?: (line: string) => void;
}

export interface RunningArizeServer {
  /** Base URL without a trailing slash, e.g. 'http://127.0.0.1:8787'. */
  url: string;
  port: number;
  /** Stops listening, ends open connections and pending delays. Later calls return the first call's promise. */
  close(): Promise<void>;
  setKnobs(knobs: Partial<ServerKnobs>): void;
  /** Queues one-shot faults for the next matching /v2 requests. */
  addFaults(...faults: Fault[]): void;
  /** Restores the seed data and the knobs given at start, and empties the fault queue and the request log. */
  reset(): void;
  /** Requests to every path except /__sandbox, oldest first. Only the newest 10,000 are kept. */
  requests: RequestLogEntry[];
  /** The in-memory data. It stays the same object across reset(). */
  store: SandboxStore;
}

/** Starts the sandbox and resolves once it listens. Throws a TypeError on invalid options. */
export async function startArizeServer(options: ArizeServerOptions = {}): Promise<RunningArizeServer> {
  const port = options.port ?? 0;
  const apiKeys = options.apiKeys ?? [SANDBOX_API_KEY];

  validateOptions(port, apiKeys);

  const startKnobs: ServerKnobs = { ...DEFAULT_KNOBS, ...validateKnobs(options.knobs ?? {}) };
  const sandbox = new Sandbox(new Set(apiKeys), startKnobs, options.log ?? (() => undefined));
  const server = createServer((request, response) => {
    void sandbox.handle(request, response);
  });

  const actualPort = await listen(server, port);
  let closing: Promise<void> | undefined;

  return {
    url: `http://${SANDBOX_HOST}:${actualPort}`,
    port: actualPort,
    close: () => (closing ??= closeServer(server, sandbox)),
    setKnobs: (knobs) => sandbox.setKnobs(knobs),
    addFaults: (...faults) => sandbox.addFaults(...faults),
    reset: () => sandbox.reset(),
    requests: sandbox.requests,
    store: sandbox.store,
  };
}

function validateOptions(port: number, apiKeys: string[]): void {
  if (!Number.isSafeInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`Invalid port ${port}: expected an integer from 0 to 65535.`);
  }

  if (!Array.isArray(apiKeys) || apiKeys.length === 0 || apiKeys.some((key) => typeof key !== 'string' || !/^\S+$/.test(key))) {
    throw new TypeError('apiKeys must be a non-empty array of keys without whitespace.');
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, SANDBOX_HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server, sandbox: Sandbox): Promise<void> {
  return new Promise((resolve, reject) => {
    sandbox.cancelPendingWaits();
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
