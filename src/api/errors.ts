/**
 * Kinds of API failure, so callers can word a message and choose an action
 * without parsing text:
 * - `http`: the server answered with a status outside 2xx.
 * - `network`: no answer (refused, reset, DNS, TLS).
 * - `timeout`: no complete answer within the request timeout.
 * - `cancelled`: the caller aborted.
 * - `invalidResponse`: a 2xx answer whose body is not the expected JSON.
 * - `invalidRequest`: rejected before sending (bad base URL, plain HTTP to a
 *   host that is not loopback, bad argument).
 */
export type ArizeErrorKind = 'http' | 'network' | 'timeout' | 'cancelled' | 'invalidResponse' | 'invalidRequest';

export interface ArizeApiErrorInit {
  kind: ArizeErrorKind;
  method: string;
  /** Request path with query, relative to the base URL. It never contains the key. */
  path: string;
  status?: number;
  statusText?: string;
  title?: string;
  detail?: string;
  problemType?: string;
  /** The start of a body that was not problem+json, whitespace folded. */
  bodyExcerpt?: string;
  /** Seconds from the last 429's Retry-After header. */
  retryAfterSeconds?: number;
  attempts?: number;
  /** Host and port of the base URL, for messages that say which server failed. */
  host?: string;
  cause?: unknown;
}

export class ArizeApiError extends Error {
  readonly kind: ArizeErrorKind;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly statusText?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly problemType?: string;
  readonly bodyExcerpt?: string;
  readonly retryAfterSeconds?: number;
  readonly attempts: number;
  readonly host?: string;

  constructor(init: ArizeApiErrorInit) {
    super(summarize(init), { cause: init.cause });
    this.name = 'ArizeApiError';
    this.kind = init.kind;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.statusText = init.statusText;
    this.title = init.title;
    this.detail = init.detail;
    this.problemType = init.problemType;
    this.bodyExcerpt = init.bodyExcerpt;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.attempts = init.attempts ?? 1;
    this.host = init.host;
  }

  /** Copies the error with the attempt count and host, once the retry loop gives up. */
  withContext(context: { attempts: number; host?: string }): ArizeApiError {
    return new ArizeApiError({ ...this.toInit(), ...context });
  }

  /** The server's own words: detail, else title, else the body excerpt. */
  get reason(): string | undefined {
    return this.detail || this.title || this.bodyExcerpt || undefined;
  }

  private toInit(): ArizeApiErrorInit {
    return {
      kind: this.kind,
      method: this.method,
      path: this.path,
      status: this.status,
      statusText: this.statusText,
      title: this.title,
      detail: this.detail,
      problemType: this.problemType,
      bodyExcerpt: this.bodyExcerpt,
      retryAfterSeconds: this.retryAfterSeconds,
      attempts: this.attempts,
      host: this.host,
      cause: this.cause,
    };
  }
}

export function isArizeApiError(error: unknown): error is ArizeApiError {
  return error instanceof ArizeApiError;
}

/** Builds an English one-line summary for logs. The extension builds and localizes the user-facing text. */
function summarize(init: ArizeApiErrorInit): string {
  const request = `${init.method} ${init.path}`;

  switch (init.kind) {
    case 'http': {
      const statusLine = [init.status, init.title || init.statusText].filter(Boolean).join(' ');
      const reason = init.detail || (init.title ? undefined : init.bodyExcerpt);
      return `${request} failed with ${statusLine}${reason ? `: ${reason}` : ''}`;
    }
    case 'network':
      return `${request} failed: ${init.detail ?? 'network error'}`;
    case 'timeout':
      return `${request} timed out${init.detail ? `: ${init.detail}` : ''}`;
    case 'cancelled':
      return `${request} was cancelled`;
    case 'invalidResponse':
      return `${request} returned an invalid response: ${init.detail ?? 'unexpected body'}`;
    case 'invalidRequest':
      return `${request} was not sent: ${init.detail ?? 'invalid request'}`;
  }
}
