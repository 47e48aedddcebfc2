import * as vscode from 'vscode';

import { isArizeApiError, ArizeApiError } from '../api/errors';
import { readSettings } from '../config';
import { BaseUrlProblem } from '../api/baseUrl';

/**
 * Words a failure for a notification: what failed, on which server, the
 * server's reason, and what to do next. `action` names what the user asked
 * for, for example "Assigning users". The text contains no API key: errors carry
 * only method, path and the server's answer.
 */
export function describeError(error: unknown, action: string): string {
  if (!isArizeApiError(error)) {
    const text = error instanceof Error ? error.message : String(error);
    return vscode.l10n.t('{0} failed: {1}', action, text);
  }

  const host = error.host ?? vscode.l10n.t('the Arize server');
  switch (error.kind) {
    case 'http':
      return describeHttpError(error, action, host);
    case 'network':
      return vscode.l10n.t(
        '{0} failed: could not reach {1} ({2}). Check the network connection, the proxy setting "http.proxy" and the setting "arizeQueues.apiBaseUrl".',
        action,
        host,
        error.detail ?? '',
      );
    case 'timeout':
      return vscode.l10n.t(
        '{0} failed: {1} did not answer within {2} seconds. Try again, or raise the setting "arizeQueues.requestTimeoutSeconds".',
        action,
        host,
        readSettings().requestTimeoutMs / 1000,
      );
    case 'cancelled':
      return vscode.l10n.t('{0} was cancelled.', action);
    case 'invalidResponse':
      return vscode.l10n.t(
        '{0} failed: {1} sent a response that is not Arize API JSON ({2}). Check that the setting "arizeQueues.apiBaseUrl" points at the Arize API and not at a web page or proxy.',
        action,
        host,
        error.detail ?? '',
      );
    case 'invalidRequest':
      return vscode.l10n.t('{0} failed: {1}.', action, error.detail ?? '');
  }
}

function describeHttpError(error: ArizeApiError, action: string, host: string): string {
  const status = error.status ?? 0;
  const reason = error.reason ? `: ${error.reason}` : '';

  if (status === 401) {
    return vscode.l10n.t(
      '{0} failed: {1} rejected the API key (401{2}). Set a valid key with "Arize: Set API Key".',
      action,
      host,
      reason,
    );
  }
  if (status === 403) {
    return vscode.l10n.t(
      '{0} failed: the API key is not allowed to do this on {1} (403{2}). A key from another region (EU, Canada) is rejected this way too: check the setting "arizeQueues.apiBaseUrl".',
      action,
      host,
      reason,
    );
  }
  if (status === 404) {
    return vscode.l10n.t(
      '{0} failed: not found on {1} (404{2}). It may have been deleted, or the key has no access to it. Refresh the queues.',
      action,
      host,
      reason,
    );
  }
  if (status === 429) {
    const wait = error.retryAfterSeconds === undefined ? '' : vscode.l10n.t(' Wait {0} seconds.', error.retryAfterSeconds);
    return vscode.l10n.t(
      '{0} failed: {1} is limiting the request rate (429) and still refused after {2} attempts.{3} Then try again.',
      action,
      host,
      error.attempts,
      wait,
    );
  }
  if (status === 400 || status === 409 || status === 422) {
    return vscode.l10n.t('{0} failed: {1} rejected the request ({2}{3}).', action, host, status, reason);
  }
  if (status >= 500) {
    const statusLine = [status, error.title ?? error.statusText].filter(Boolean).join(' ');
    const excerpt = error.detail ?? error.bodyExcerpt;
    return vscode.l10n.t(
      '{0} failed: {1} returned a server error ({2}){3}. Try again later; "Arize: Show Logs" has the details.',
      action,
      host,
      statusLine,
      excerpt ? `: ${excerpt}` : '',
    );
  }
  return vscode.l10n.t('{0} failed: {1} answered {2}{3}.', action, host, status, reason);
}

/** Words a rejected `arizeQueues.apiBaseUrl` value with the fix. */
export function describeBaseUrlProblem(problem: BaseUrlProblem, value: string): string {
  switch (problem) {
    case 'empty':
      return vscode.l10n.t(
        'The setting "arizeQueues.apiBaseUrl" is empty. Set it to https://api.arize.com or your region\'s host.',
      );
    case 'unparseable':
      return vscode.l10n.t(
        'The setting "arizeQueues.apiBaseUrl" is not a valid URL: "{0}". Use a URL such as https://api.arize.com.',
        value,
      );
    case 'unsupportedScheme':
      return vscode.l10n.t('The setting "arizeQueues.apiBaseUrl" must start with https:// (found "{0}").', value);
    case 'insecureHttp':
      return vscode.l10n.t(
        'The setting "arizeQueues.apiBaseUrl" uses plain http:// for a host that is not this machine ("{0}"), which would send the API key unencrypted. Use https://, or http:// only with 127.0.0.1, ::1 or localhost.',
        value,
      );
    case 'credentials':
      return vscode.l10n.t(
        'The setting "arizeQueues.apiBaseUrl" must not contain a user name or password ("{0}"). Remove them; the API key is set with "Arize: Set API Key".',
        value,
      );
    case 'queryOrFragment':
      return vscode.l10n.t(
        'The setting "arizeQueues.apiBaseUrl" must not contain a query or fragment ("{0}"). Remove everything from "?" or "#" on.',
        value,
      );
  }
}
