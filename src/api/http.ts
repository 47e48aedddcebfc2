// One HTTP exchange with the Arize API, repeated on 429, 502–504 and network
// errors. Every attempt is logged with method, path, status and duration; the
// Authorization header is never logged.
import fetch, { Response } from 'node-fetch';

import { parseBaseUrl } from './baseUrl';
import { ArizeApiError, isArizeApiError } from './errors';
import { Logger, redactHeaders } from './logger';
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryableStatus, parseRetryAfter, RetryPolicy, sleep } from './retry';
import { Problem } from './types';

export interface HttpOptions {
  baseUrl: string;
  apiKey: string;
  /** Time allowed for one attempt, headers and body together, in milliseconds. */
  timeoutMs: number;
  logger: Logger;
  retryPolicy?: RetryPolicy;
  userAgent?: string;
  /** Replaces the random source of backoff jitter; tests pass a fixed one. */
  random?: () => number;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

const BODY_EXCERPT_LENGTH = 200;

export class HttpTransport {
  private readonly baseUrl: string;
  private readonly host?: string;
  private readonly policy: RetryPolicy;

  constructor(private readonly options: HttpOptions) {
    const parsed = parseBaseUrl(options.baseUrl);
    // An invalid base URL is reported on the first request, as an error of that request.
    this.baseUrl = parsed.ok ? parsed.baseUrl : '';
    this.host = parsed.ok ? parsed.host : undefined;
    this.policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  }

  /** Sends a request and returns the parsed JSON body of the 2xx response. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<unknown> {
    const pathWithQuery = appendQuery(path, options.query);
    try {
      this.checkBeforeSending(method, pathWithQuery);
    } catch (error) {
      throw isArizeApiError(error) ? error.withContext({ attempts: 0, host: this.host }) : error;
    }

    let waitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(method, pathWithQuery, options, attempt);
      } catch (error) {
        const delayMs = this.retryDelay(error, attempt, waitedMs);
        if (delayMs === undefined) {
          throw isArizeApiError(error) ? error.withContext({ attempts: attempt, host: this.host }) : error;
        }

        const failure = describeForLog(error);
        this.options.logger.warn(
          `${method} ${pathWithQuery} ${failure}; retry ${attempt} of ${this.policy.maxAttempts - 1} in ${delayMs} ms`,
        );
        await this.wait(delayMs, method, pathWithQuery, options.signal).catch((cancelled: ArizeApiError) => {
          throw cancelled.withContext({ attempts: attempt, host: this.host });
        });
        waitedMs += delayMs;
      }
    }
  }

  private checkBeforeSending(method: string, path: string): void {
    const parsed = parseBaseUrl(this.options.baseUrl);
    if (!parsed.ok) {
      throw new ArizeApiError({
        kind: 'invalidRequest',
        method,
        path,
        detail: `the base URL "${parsed.value}" is invalid (${parsed.problem})`,
      });
    }
    if (!this.options.apiKey) {
      throw new ArizeApiError({ kind: 'invalidRequest', method, path, detail: 'no API key is set' });
    }
  }

  /** Returns how long to wait before the next attempt, or undefined to give up. */
  private retryDelay(error: unknown, attempt: number, waitedMs: number): number | undefined {
    if (!isArizeApiError(error) || attempt >= this.policy.maxAttempts) {
      return undefined;
    }

    let delayMs: number;
    if (error.kind === 'http' && error.status === 429 && error.retryAfterSeconds !== undefined) {
      delayMs = error.retryAfterSeconds * 1000;
    } else if ((error.kind === 'http' && isRetryableStatus(error.status ?? 0)) || error.kind === 'network') {
      delayMs = backoffDelay(attempt, this.policy, this.options.random);
    } else {
      return undefined;
    }

    if (waitedMs + delayMs > this.policy.maxTotalWaitMs) {
      return undefined;
    }
    return delayMs;
  }

  private async wait(delayMs: number, method: string, path: string, signal?: AbortSignal): Promise<void> {
    try {
      await sleep(delayMs, signal);
    } catch (reason) {
      throw new ArizeApiError({ kind: 'cancelled', method, path, cause: reason });
    }
  }

  private async attempt(method: string, path: string, options: RequestOptions, attempt: number): Promise<unknown> {
    const headers = this.headers(options.body !== undefined);
    this.options.logger.trace(`${method} ${path} headers ${JSON.stringify(redactHeaders(headers))}`);

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    const onCallerAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    if (options.signal?.aborted) {
      controller.abort();
    }

    const started = Date.now();
    try {
      const response = await fetch(this.baseUrl + path, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        // node-fetch 2 and Node's AbortSignal work together, but their type declarations disagree.
        signal: controller.signal as never,
        redirect: 'error',
      });
      // TODO: node-fetch 2 does not notice a connection closed in the middle of a
      // body sent with Content-Length, so such a cut surfaces as a timeout.
      const text = await response.text();
      const elapsed = Date.now() - started;
      this.logAttempt(method, path, response.status, elapsed, attempt);
      return parseResponse(method, path, response, text);
    } catch (error) {
      if (isArizeApiError(error)) {
        throw error;
      }
      const failure = classifyFailure(error, { timedOut, cancelled: options.signal?.aborted ?? false });
      this.options.logger.error(`${method} ${path} ${failure.kind} after ${Date.now() - started} ms: ${failure.detail}`);
      throw new ArizeApiError({ ...failure, method, path, cause: error });
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private headers(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.options.apiKey}`,
      Accept: 'application/json, application/problem+json',
    };
    if (hasBody) {
      headers['Content-Type'] = 'application/json';
    }
    if (this.options.userAgent) {
      headers['User-Agent'] = this.options.userAgent;
    }
    return headers;
  }

  private logAttempt(method: string, path: string, status: number, elapsedMs: number, attempt: number): void {
    const retryNote = attempt > 1 ? ` (attempt ${attempt})` : '';
    const line = `${method} ${path} ${status} ${elapsedMs} ms${retryNote}`;
    if (status >= 400) {
      this.options.logger.warn(line);
    } else {
      this.options.logger.info(line);
    }
  }
}

function appendQuery(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') {
      params.set(name, String(value));
    }
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** Turns a response into its JSON body, or into the error it represents. */
function parseResponse(method: string, path: string, response: Response, text: string): unknown {
  if (response.status >= 200 && response.status < 300) {
    return parseJsonBody(method, path, response, text);
  }

  const problem = parseProblem(text);
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  throw new ArizeApiError({
    kind: 'http',
    method,
    path,
    status: response.status,
    statusText: response.statusText,
    title: problem?.title,
    detail: problem?.detail,
    problemType: problem?.type,
    bodyExcerpt: problem ? undefined : excerpt(text),
    retryAfterSeconds: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
  });
}

function parseJsonBody(method: string, path: string, response: Response, text: string): unknown {
  if (response.status === 204 || text.trim() === '') {
    return undefined;
  }

  try {
    return JSON.parse(text);
  } catch {
    const contentType = response.headers.get('content-type') ?? 'no content type';
    throw new ArizeApiError({
      kind: 'invalidResponse',
      method,
      path,
      status: response.status,
      detail: `the body is not valid JSON (${contentType}, ${text.length} characters)`,
      bodyExcerpt: excerpt(text),
    });
  }
}

/** Reads an RFC 9457 problem body; returns undefined for HTML pages and other non-problem bodies. */
function parseProblem(text: string): Problem | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object' && typeof (body as Problem).title === 'string') {
      return body as Problem;
    }
  } catch {
    // Not JSON: a proxy's HTML page or plain text.
  }
  return undefined;
}

/** Returns the start of a body with HTML tags removed and whitespace folded. */
function excerpt(text: string): string | undefined {
  const plain = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!plain) {
    return undefined;
  }
  return plain.length > BODY_EXCERPT_LENGTH ? `${plain.slice(0, BODY_EXCERPT_LENGTH)}…` : plain;
}

function classifyFailure(
  error: unknown,
  state: { timedOut: boolean; cancelled: boolean },
): { kind: 'timeout' | 'cancelled' | 'network'; detail: string } {
  if (state.timedOut) {
    return { kind: 'timeout', detail: 'no complete answer within the request timeout' };
  }
  if (state.cancelled) {
    return { kind: 'cancelled', detail: 'cancelled' };
  }

  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'network', detail: code ? `${code}: ${message}` : message };
}

function describeForLog(error: unknown): string {
  if (!isArizeApiError(error)) {
    return String(error);
  }
  if (error.kind === 'http') {
    const retryAfter = error.retryAfterSeconds === undefined ? '' : ` (Retry-After ${error.retryAfterSeconds} s)`;
    return `${error.status}${retryAfter}`;
  }
  return error.kind;
}
