import { STATUS_CODES } from 'node:http';
import type { Problem } from '../api/types';

// Error responses follow RFC 9457 (application/problem+json). The `type` URIs
// are the ones the Arize error reference uses for each status.

const ERROR_DOCS = 'https://arize.com/docs/ax/rest-reference/errors';

const PROBLEM_KINDS: Readonly<Record<number, { title: string; anchor: string }>> = {
  400: { title: 'Invalid request', anchor: 'invalid-request' },
  401: { title: 'Authentication required', anchor: 'authentication-required' },
  403: { title: 'Access forbidden', anchor: 'access-forbidden' },
  404: { title: 'Resource not found', anchor: 'resource-not-found' },
  409: { title: 'Resource conflict', anchor: 'resource-conflict' },
  422: { title: 'Unprocessable entity', anchor: 'unprocessable-entity' },
  429: { title: 'Rate limit exceeded', anchor: 'rate-limit-exceeded' },
  503: { title: 'Service unavailable', anchor: 'service-unavailable' },
};

/** An error that a route handler throws to send a problem response. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export function buildProblem(status: number, detail?: string): Problem {
  const kind = PROBLEM_KINDS[status];
  const problem: Problem = kind
    ? { status, title: kind.title, type: `${ERROR_DOCS}#${kind.anchor}` }
    : { status, title: STATUS_CODES[status] ?? 'Error', type: 'about:blank' };

  if (detail !== undefined) {
    problem.detail = detail;
  }

  return problem;
}

/** Builds an HTML error page like the ones that reverse proxies and load balancers send in place of problem+json. */
export function buildHtmlErrorPage(status: number): string {
  const reason = STATUS_CODES[status] ?? 'Error';

  return [
    '<!DOCTYPE html>',
    `<html><head><title>${status} ${reason}</title></head>`,
    `<body><h1>${status} ${reason}</h1><p>The upstream server did not return a valid response.</p>`,
    '<hr><address>sandbox-proxy</address></body></html>',
    '',
  ].join('\n');
}
