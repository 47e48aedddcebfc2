// Timing helpers. A "round trip" here is always measured, never assumed. It is
// one request sent alone with Node's http module through http.globalAgent,
// which keeps connections alive and is the agent that the client's node-fetch
// uses too. It is timed from the call until the last byte of the response body
// has arrived, and the body is not parsed.
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface RawRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Sends one request and resolves with its round trip in milliseconds. Rejects on a status other than 200. */
export function timeRoundTrip(request: RawRequest): Promise<number> {
  const started = performance.now();

  return new Promise((resolve, reject) => {
    const outgoing = http.request(request.url, { method: request.method, headers: request.headers }, (response) => {
      response.on('data', () => undefined);
      response.on('end', () => {
        if (response.statusCode !== 200) {
          reject(new Error(`${request.method} ${request.url} returned ${response.statusCode}; a round trip needs a 200.`));
          return;
        }
        resolve(performance.now() - started);
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/**
 * Sends `warmUp` uncounted requests, then `count` requests one after another,
 * and returns the median round trip of the counted ones in milliseconds.
 */
export async function medianRoundTrip(request: RawRequest, count: number, warmUp = 0): Promise<number> {
  for (let i = 0; i < warmUp; i++) {
    await timeRoundTrip(request);
  }

  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    samples.push(await timeRoundTrip(request));
  }
  return median(samples);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) {
    throw new RangeError('median of no values');
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs `work` and returns its result with the elapsed wall time in milliseconds. */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

/** Runs a full garbage collection; the benchmark needs `node --expose-gc`. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') {
    throw new Error('global.gc is missing: run the benchmark with `node --expose-gc`.');
  }
  gc();
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
