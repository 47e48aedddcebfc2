import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdminRequest } from './adminRoutes';
import { handleApiRequest } from './apiRoutes';
import { applyFaultBody, buildFaultOutcome, type Fault, FaultQueue } from './faults';
import { checkBearer } from './bearer';
import { type ServerKnobs, validateKnobs } from './knobs';
import { createPrng, type Prng } from './prng';
import { ApiError } from './problems';
import {
  apiErrorOutcome,
  cutInHalf,
  type ErrorBodyKind,
  errorOutcome,
  jsonOutcome,
  type Outcome,
  readRequestBody,
  writeOutcome,
  writeOutcomeThenDisconnect,
} from './responses';
import { SandboxStore } from './store';

/** One request to the Arize API paths, as the sandbox received it. */
export interface RequestLogEntry {
  method: string;
  /** URL path as sent, still percent-encoded, without the query. */
  path: string;
  /** Query parameters. For a repeated name, the first value. */
  query: Record<string, string>;
  /** Response status, or 0 while pending and when the client disconnected first. */
  status: number;
  hadAuthorization: boolean;
  /** Arrival time, in ms since the epoch. */
  at: number;
  /** Time from arrival to response, in ms. */
  durationMs: number;
}

/** The log keeps the newest entries only, so long benchmark runs do not grow memory without bound. */
const MAX_LOGGED_REQUESTS = 10_000;

/** Seed of the PRNG that picks the requests that get knob-made 429 and 503 responses. */
const TRAFFIC_SEED = 4242;

interface ParsedTarget {
  method: string;
  path: string;
  query: URLSearchParams;
}

/** The sandbox's state and request handling, without the listening socket. */
export class Sandbox {
  readonly store = new SandboxStore();

  readonly requests: RequestLogEntry[] = [];

  knobs: ServerKnobs;

  private readonly faults = new FaultQueue();

  private trafficPrng: Prng = createPrng(TRAFFIC_SEED);

  private readonly pendingWaits = new Set<AbortController>();

  constructor(
    private readonly apiKeys: ReadonlySet<string>,
    private readonly startKnobs: ServerKnobs,
    private readonly log: (line: string) => void,
  ) {
    this.knobs = { ...startKnobs };
  }

  /** Changes the given knobs. Throws a TypeError naming an unknown knob or an invalid value. */
  setKnobs(knobs: Partial<ServerKnobs>): void {
    this.knobs = { ...this.knobs, ...validateKnobs(knobs) };
  }

  addFaults(...faults: Fault[]): void {
    this.faults.add(...faults);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Restores the seed data, the knobs given at start, an empty fault queue and request log, and the traffic PRNG. */
  reset(): void {
    this.store.restoreSeed();
    this.knobs = { ...this.startKnobs };
    this.faults.clear();
    this.requests.length = 0;
    this.trafficPrng = createPrng(TRAFFIC_SEED);
  }

  /** Ends all waits for latency and fault delays, so that the server can close at once. */
  cancelPendingWaits(): void {
    for (const controller of this.pendingWaits) {
      controller.abort();
    }
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const target = parseTarget(request);
    const isAdmin = target.path === '/__sandbox' || target.path.startsWith('/__sandbox/');
    const entry = isAdmin ? undefined : this.logRequest(request, target, startedAt);
    const waits = new AbortController();

    this.pendingWaits.add(waits);
    response.on('close', () => {
      waits.abort();
      this.pendingWaits.delete(waits);
    });

    try {
      const { outcome, disconnect } = isAdmin
        ? { outcome: await handleAdminRequest(this, target.method, target.path, request), disconnect: false }
        : await this.answerApiRequest(request, target, waits.signal);

      this.finish(response, target, outcome, startedAt, entry, disconnect);
    } catch (error) {
      if (waits.signal.aborted) {
        if (entry !== undefined) {
          entry.durationMs = Date.now() - startedAt;
        }

        this.log(
          `${target.method} ${target.path} aborted after ${Date.now() - startedAt}ms: client disconnected or server closing`,
        );
        return;
      }

      this.log(`${target.method} ${target.path} failed: ${(error as Error).stack ?? String(error)}`);
      this.finish(
        response,
        target,
        errorOutcome(500, 'The sandbox failed to handle this request.', 'problem'),
        startedAt,
        entry,
        false,
      );
    }
  }

  /**
   * Builds the response to an Arize API request. Steps, in order: a queued
   * fault's delay, the latency knob, the fault's status, knob-made 429 and 503,
   * the bearer check, then the endpoint.
   */
  private async answerApiRequest(
    request: IncomingMessage,
    target: ParsedTarget,
    signal: AbortSignal,
  ): Promise<{ outcome: Outcome; disconnect: boolean }> {
    const isApiPath = target.path === '/v2' || target.path.startsWith('/v2/');
    const fault = isApiPath ? this.faults.take(target.method, target.path) : undefined;

    if (fault?.delayMs) {
      await sleep(fault.delayMs, undefined, { signal });
    }

    if (isApiPath && this.knobs.latencyMs > 0) {
      await sleep(this.knobs.latencyMs, undefined, { signal });
    }

    const errorKind: ErrorBodyKind = this.knobs.htmlErrors ? 'html' : 'problem';
    let outcome: Outcome;

    if (fault?.status !== undefined) {
      outcome = buildFaultOutcome(fault, errorKind);
    } else {
      outcome = this.buildKnobOutcome(isApiPath, errorKind) ?? (await this.route(request, target, isApiPath, errorKind));

      if (fault?.body !== undefined) {
        outcome = applyFaultBody(outcome, fault.body);
      }
    }

    return { outcome, disconnect: fault?.reset === true };
  }

  /** Returns a knob-made 429 or 503, or undefined when the request goes through. */
  private buildKnobOutcome(isApiPath: boolean, errorKind: ErrorBodyKind): Outcome | undefined {
    if (!isApiPath) {
      return undefined;
    }

    if (this.knobs.rateLimitFraction > 0 && this.trafficPrng() < this.knobs.rateLimitFraction) {
      return errorOutcome(429, 'Too many requests: slow down and retry after the Retry-After delay.', errorKind, {
        'Retry-After': this.knobs.retryAfter,
      });
    }

    if (this.knobs.serverErrorFraction > 0 && this.trafficPrng() < this.knobs.serverErrorFraction) {
      return errorOutcome(503, 'The service is temporarily unavailable. Try again later.', errorKind);
    }

    return undefined;
  }

  private async route(
    request: IncomingMessage,
    target: ParsedTarget,
    isApiPath: boolean,
    errorKind: ErrorBodyKind,
  ): Promise<Outcome> {
    try {
      if (!isApiPath) {
        throw new ApiError(404, `No endpoint at ${target.path}. The Arize API paths start with /v2/.`);
      }

      checkBearer(request.headers.authorization, this.apiKeys);

      const segments = decodeSegments(target.path.slice('/v2/'.length));
      const context = { store: this.store, knobs: this.knobs };
      const result = await handleApiRequest(
        { method: target.method, segments, query: target.query, readBody: () => readRequestBody(request) },
        context,
      );
      const outcome = jsonOutcome(result.status, result.body);

      return this.knobs.brokenJson && result.status === 200 ? { ...outcome, body: cutInHalf(outcome.body) } : outcome;
    } catch (error) {
      if (error instanceof ApiError) {
        return apiErrorOutcome(error, errorKind);
      }

      throw error;
    }
  }

  private logRequest(request: IncomingMessage, target: ParsedTarget, startedAt: number): RequestLogEntry {
    const query: Record<string, string> = {};

    for (const [name, value] of target.query) {
      if (!(name in query)) {
        query[name] = value;
      }
    }

    const entry: RequestLogEntry = {
      method: target.method,
      path: target.path,
      query,
      status: 0,
      hadAuthorization: request.headers.authorization !== undefined,
      at: startedAt,
      durationMs: 0,
    };

    this.requests.push(entry);

    if (this.requests.length > MAX_LOGGED_REQUESTS) {
      this.requests.splice(0, this.requests.length - MAX_LOGGED_REQUESTS);
    }

    return entry;
  }

  /** Records the status in the log before writing, so the entry is complete when the client sees the response. */
  private finish(
    response: ServerResponse,
    target: ParsedTarget,
    outcome: Outcome,
    startedAt: number,
    entry: RequestLogEntry | undefined,
    disconnect: boolean,
  ): void {
    const durationMs = Date.now() - startedAt;
    const queryText = target.query.size > 0 ? `?${target.query.toString()}` : '';

    if (entry !== undefined) {
      entry.status = outcome.status;
      entry.durationMs = durationMs;
    }

    this.log(
      `${target.method} ${target.path}${queryText} ${outcome.status} ${durationMs}ms${disconnect ? ' (connection cut mid-body)' : ''}`,
    );

    if (disconnect) {
      writeOutcomeThenDisconnect(response, outcome);
    } else {
      writeOutcome(response, outcome);
    }
  }
}

function parseTarget(request: IncomingMessage): ParsedTarget {
  const url = request.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  const query = new URLSearchParams(queryStart < 0 ? '' : url.slice(queryStart + 1));

  return { method: (request.method ?? 'GET').toUpperCase(), path, query };
}

/** Splits the path before percent-decoding, so an id containing an encoded `/` stays one segment. */
function decodeSegments(path: string): string[] {
  return path.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw new ApiError(400, `Invalid percent-encoding in URL path segment ${JSON.stringify(segment)}.`);
    }
  });
}
