// Links from the extension to a queue in the Arize web app. The path
// `/organizations/<org>/spaces/<space>/queues/<queue>` follows the URL
// templates of Arize's own "arize-link" agent skill (arize-ai/arize-skills).
// The API has no endpoint that returns the organization id, so it comes from
// the settings. Free of `vscode`; nothing here opens the link.
import { parseBaseUrl } from '../api/baseUrl';

export type AppLinkResult =
  | { ok: true; url: string }
  /** `appHost`: the web app's host cannot be derived from the API base URL. */
  | { ok: false; missing: 'organizationId' | 'spaceId' | 'appHost'; apiHost?: string };

export interface QueueLinkInput {
  /** The API base URL of the active profile, as typed. */
  apiBaseUrl: string;
  organizationId: string;
  spaceId: string;
  queueId: string;
}

/**
 * Returns the web app's origin for an Arize API base URL: `api.arize.com`
 * becomes `app.arize.com` and `api.<region>.arize.com` becomes
 * `app.<region>.arize.com`. Returns undefined for any other host (a proxy,
 * an on-premises install, this machine), whose web app can be anywhere.
 */
export function appOriginFor(apiBaseUrl: string): string | undefined {
  const parsed = parseBaseUrl(apiBaseUrl);
  if (!parsed.ok) {
    return undefined;
  }

  const url = new URL(parsed.baseUrl);
  if (url.protocol !== 'https:' || url.port) {
    return undefined;
  }
  const match = /^api((?:\.[a-z0-9-]+)?)\.arize\.com$/.exec(url.hostname.toLowerCase());
  return match ? `https://app${match[1]}.arize.com` : undefined;
}

/** Builds the web app link of a queue, or names the first missing piece: organization id, space id, app host. */
export function buildQueueLink(input: QueueLinkInput): AppLinkResult {
  const organizationId = input.organizationId.trim();
  const spaceId = input.spaceId.trim();

  if (!organizationId) {
    return { ok: false, missing: 'organizationId' };
  }
  if (!spaceId) {
    return { ok: false, missing: 'spaceId' };
  }

  const origin = appOriginFor(input.apiBaseUrl);
  if (!origin) {
    const parsed = parseBaseUrl(input.apiBaseUrl);
    return { ok: false, missing: 'appHost', apiHost: parsed.ok ? parsed.host : input.apiBaseUrl };
  }

  const path = ['organizations', organizationId, 'spaces', spaceId, 'queues', input.queueId].map(pathSegment).join('/');
  return { ok: true, url: `${origin}/${path}` };
}

/**
 * Encodes an id for a path segment. Ids are base64, so `/` and `+` are
 * escaped, but the padding `=` stays as it appears in the app's own URLs.
 */
function pathSegment(value: string): string {
  return encodeURIComponent(value).replace(/%3D/gi, '=');
}
