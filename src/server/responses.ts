import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, buildHtmlErrorPage, buildProblem } from './problems';

/** A complete response, built before any byte is written. */
export interface Outcome {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type ErrorBodyKind = 'problem' | 'html' | 'broken-json' | 'empty';

/** Largest request body the sandbox reads: 1 MiB. */
const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

export function jsonOutcome(status: number, value: unknown): Outcome {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: Buffer.from(JSON.stringify(value), 'utf8'),
  };
}

export function emptyOutcome(status: number): Outcome {
  return { status, headers: {}, body: Buffer.alloc(0) };
}

export function errorOutcome(
  status: number,
  detail: string | undefined,
  kind: ErrorBodyKind,
  headers: Record<string, string> = {},
): Outcome {
  if (kind === 'html') {
    return {
      status,
      headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' },
      body: Buffer.from(buildHtmlErrorPage(status), 'utf8'),
    };
  }

  if (kind === 'empty') {
    return { status, headers, body: Buffer.alloc(0) };
  }

  const problem = Buffer.from(JSON.stringify(buildProblem(status, detail)), 'utf8');

  if (kind === 'broken-json') {
    return { status, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' }, body: cutInHalf(problem) };
  }

  return { status, headers: { ...headers, 'Content-Type': 'application/problem+json; charset=utf-8' }, body: problem };
}

export function apiErrorOutcome(error: ApiError, kind: ErrorBodyKind): Outcome {
  return errorOutcome(error.status, error.detail, kind, error.headers);
}

/** Returns the first half of the body: for JSON, the result no longer parses. */
export function cutInHalf(body: Buffer): Buffer {
  return body.subarray(0, Math.floor(body.length / 2));
}

/** Reads the whole request body. Throws a 413 ApiError when it exceeds 1 MiB. */
export function readRequestBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;

    request.on('data', (chunk: Buffer) => {
      size += chunk.length;

      if (size > MAX_REQUEST_BODY_BYTES) {
        request.removeAllListeners('data');
        request.resume();
        reject(new ApiError(413, `Request body is larger than ${MAX_REQUEST_BODY_BYTES} bytes.`));
        return;
      }

      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export function writeOutcome(response: ServerResponse, outcome: Outcome): void {
  if (response.destroyed) {
    return;
  }

  response.writeHead(outcome.status, { ...outcome.headers, 'Content-Length': String(outcome.body.length) });
  response.end(outcome.body);
}

/**
 * Sends the status line, the headers and half of the body, then closes the
 * connection. The body goes out in chunked encoding without its final chunk,
 * so clients report an early end when reading it: node-fetch 2.7 rejects with
 * "Premature close" and Node's global fetch with "terminated". With a
 * Content-Length instead, node-fetch 2.7 would wait for the missing bytes
 * until its own timeout.
 */
export function writeOutcomeThenDisconnect(response: ServerResponse, outcome: Outcome): void {
  if (response.destroyed) {
    return;
  }

  const body = outcome.body.length > 0 ? outcome.body : Buffer.from('{}');
  response.writeHead(outcome.status, { ...outcome.headers, 'Transfer-Encoding': 'chunked' });
  response.write(cutInHalf(body), () => response.socket?.destroy());
}
