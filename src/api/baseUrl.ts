// Validation of the configured API base URL. The key travels in every request's
// Authorization header, so plain HTTP is only allowed to this machine.

export type BaseUrlResult = { ok: true; baseUrl: string; host: string } | { ok: false; problem: BaseUrlProblem; value: string };

/** Reason a base URL was rejected. The extension turns each into a localized message. */
export type BaseUrlProblem = 'empty' | 'unparseable' | 'unsupportedScheme' | 'insecureHttp' | 'credentials' | 'queryOrFragment';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

/** True for 127.0.0.0/8, ::1 and `localhost`, which never leave this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (LOOPBACK_HOSTS.has(host)) {
    return true;
  }
  return /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Validates a base URL and normalises it: no trailing slash, and no trailing
 * `/v2` because every request path already starts with `/v2`. A path prefix
 * (for a reverse proxy) is kept.
 */
export function parseBaseUrl(raw: string): BaseUrlResult {
  const value = raw.trim();
  if (!value) {
    return { ok: false, problem: 'empty', value };
  }

  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: 'unparseable', value };
  }

  const problem = findProblem(url);
  if (problem) {
    return { ok: false, problem, value };
  }

  const path = url.pathname.replace(/\/+$/, '').replace(/\/v2$/i, '');
  return { ok: true, baseUrl: `${url.protocol}//${url.host}${path}`, host: url.host };
}

function findProblem(url: URL): BaseUrlProblem | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'unsupportedScheme';
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return 'insecureHttp';
  }
  if (url.username || url.password) {
    return 'credentials';
  }
  if (url.search || url.hash) {
    return 'queryOrFragment';
  }
  return undefined;
}
