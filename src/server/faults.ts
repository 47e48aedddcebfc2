import { checkHeaderValue, checkInteger, MAX_DELAY_MS } from './knobs';
import { cutInHalf, type ErrorBodyKind, errorOutcome, type Outcome } from './responses';

/**
 * A scripted fault for the next /v2 requests that match `method` and
 * `pathPrefix`. Queued faults apply in order, each to `times` requests.
 */
export interface Fault {
  /** Response status, e.g. 401, 429, 502. Without it the request gets its normal response. */
  status?: number;
  /** Error body: 'problem' by default, or 'html' while the htmlErrors knob is on. */
  body?: 'problem' | 'html' | 'broken-json' | 'empty';
  /** Retry-After header value, sent as is. */
  retryAfter?: string;
  /** Problem `detail` text. */
  detail?: string;
  /** Delay before the response, in milliseconds, e.g. to make a client time out. */
  delayMs?: number;
  /**
   * Send the status line, headers and half of the body, then close the
   * connection: the response arrives but reading its body fails. Without a
   * status, the half body is the real response, so any write still happens.
   */
  reset?: boolean;
  /** Only match this HTTP method, compared without regard to case. */
  method?: string;
  /** Only match request paths (percent-encoded, as sent) that start with this, e.g. '/v2/annotation-queues'. */
  pathPrefix?: string;
  /** Number of matching requests the fault applies to. The default is 1. */
  times?: number;
}

const BODY_KINDS = ['problem', 'html', 'broken-json', 'empty'];

/** Faults waiting for matching requests, in the order added. Each request takes at most one. */
export class FaultQueue {
  private pending: Array<{ fault: Fault; remaining: number }> = [];

  add(...faults: Fault[]): void {
    for (const fault of faults) {
      validateFault(fault);
      this.pending.push({ fault: { ...fault }, remaining: fault.times ?? 1 });
    }
  }

  clear(): void {
    this.pending = [];
  }

  get size(): number {
    return this.pending.length;
  }

  /** Removes one use of the first fault that matches the request and returns the fault. */
  take(method: string, path: string): Fault | undefined {
    const index = this.pending.findIndex(({ fault }) => matches(fault, method, path));

    if (index < 0) {
      return undefined;
    }

    const entry = this.pending[index];
    entry.remaining -= 1;

    if (entry.remaining === 0) {
      this.pending.splice(index, 1);
    }

    return entry.fault;
  }
}

/** Throws a TypeError naming the field when a fault, e.g. from JSON, is malformed. */
export function validateFault(input: unknown): asserts input is Fault {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('A fault must be a JSON object, e.g. {"status": 503}.');
  }

  const fault = input as Record<string, unknown>;
  const checks: Record<string, (value: unknown) => string | undefined> = {
    status: (value) => checkInteger(value, 200, 599),
    body: (value) => (BODY_KINDS.includes(value as string) ? undefined : `expected one of ${BODY_KINDS.join(', ')}`),
    retryAfter: checkHeaderValue,
    detail: (value) => (typeof value === 'string' ? undefined : 'expected a string'),
    delayMs: (value) => checkInteger(value, 0, MAX_DELAY_MS),
    reset: (value) => (typeof value === 'boolean' ? undefined : 'expected true or false'),
    method: (value) => (typeof value === 'string' && /^[A-Za-z]+$/.test(value) ? undefined : 'expected an HTTP method'),
    pathPrefix: (value) => (typeof value === 'string' && value.startsWith('/') ? undefined : "expected a path starting with '/'"),
    times: (value) => checkInteger(value, 1, 1_000_000),
  };

  for (const [name, value] of Object.entries(fault)) {
    const check = checks[name];

    if (check === undefined) {
      throw new TypeError(`Unknown fault field "${name}". Known fields: ${Object.keys(checks).join(', ')}.`);
    }

    const problem = value === undefined ? undefined : check(value);

    if (problem !== undefined) {
      throw new TypeError(`Invalid fault field "${name}" ${JSON.stringify(value)}: ${problem}.`);
    }
  }
}

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method !== undefined && fault.method.toUpperCase() !== method.toUpperCase()) {
    return false;
  }

  return fault.pathPrefix === undefined || path.startsWith(fault.pathPrefix);
}

/** Builds the error response of a fault with a status. */
export function buildFaultOutcome(fault: Fault, defaultKind: ErrorBodyKind): Outcome {
  const status = fault.status as number;
  const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter };
  const detail = fault.detail ?? `Scripted sandbox fault with status ${status}.`;

  return errorOutcome(status, detail, fault.body ?? defaultKind, headers);
}

/** Changes the body of the real response as a fault without status requests in its `body` field. */
export function applyFaultBody(outcome: Outcome, body: NonNullable<Fault['body']>): Outcome {
  if (body === 'broken-json') {
    return { ...outcome, body: cutInHalf(outcome.body) };
  }

  if (body === 'empty') {
    const { 'Content-Type': _dropped, ...headers } = outcome.headers;
    return { ...outcome, headers, body: Buffer.alloc(0) };
  }

  if (body === 'html') {
    return errorOutcome(outcome.status, undefined, 'html');
  }

  return outcome;
}
