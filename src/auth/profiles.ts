// Profiles: several Arize accounts (for example a US and an EU account), each
// a base URL with its own API key. Without the setting `arizeQueues.profiles`
// there is one implicit profile built from `arizeQueues.apiBaseUrl`, whose key
// is stored under the base URL as before profiles existed. Free of `vscode`,
// so the resolution rules are tested in plain Node.
import { BaseUrlProblem, BaseUrlResult, parseBaseUrl } from '../api/baseUrl';

/** One entry of `arizeQueues.profiles` after validation. */
export interface Profile {
  name: string;
  baseUrl: string;
  host: string;
  spaceId?: string;
  organizationId?: string;
}

export type ProfileProblem =
  | { index: number; kind: 'notAnObject' | 'missingName' | 'missingBaseUrl' }
  | { index: number; kind: 'duplicateName'; name: string }
  | { index: number; kind: 'invalidBaseUrl'; name: string; value: string; problem: BaseUrlProblem };

export interface ProfileList {
  profiles: Profile[];
  /** Entries that were skipped, with the reason. */
  problems: ProfileProblem[];
}

/** The settings that the implicit profile is built from, and that named profiles fall back to. */
export interface ProfileDefaults {
  apiBaseUrl: string;
  spaceId: string;
  organizationId: string;
}

export interface ActiveProfile {
  /** Undefined for the implicit profile of `arizeQueues.apiBaseUrl`. */
  name?: string;
  baseUrl: BaseUrlResult;
  spaceId: string;
  organizationId: string;
  /** The name under which the profile's key is kept in secret storage; undefined while the base URL is invalid. */
  keyId?: string;
}

/**
 * Validates the raw setting value. Entries without a name or a valid base URL,
 * and later entries whose name repeats an earlier one (ignoring case), are
 * skipped and reported, so one typo does not hide the other profiles.
 */
export function readProfiles(raw: unknown): ProfileList {
  const list: ProfileList = { profiles: [], problems: [] };
  if (!Array.isArray(raw)) {
    return list;
  }
  const seen = new Set<string>();

  raw.forEach((entry: unknown, index) => {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      list.problems.push({ index, kind: 'notAnObject' });
      return;
    }
    const fields = entry as Record<string, unknown>;
    const name = typeof fields.name === 'string' ? fields.name.trim() : '';
    const rawBaseUrl = typeof fields.baseUrl === 'string' ? fields.baseUrl : '';

    if (!name) {
      list.problems.push({ index, kind: 'missingName' });
      return;
    }
    if (!rawBaseUrl.trim()) {
      list.problems.push({ index, kind: 'missingBaseUrl' });
      return;
    }
    if (seen.has(name.toLowerCase())) {
      list.problems.push({ index, kind: 'duplicateName', name });
      return;
    }

    const parsed = parseBaseUrl(rawBaseUrl);
    if (!parsed.ok) {
      list.problems.push({ index, kind: 'invalidBaseUrl', name, value: parsed.value, problem: parsed.problem });
      return;
    }

    seen.add(name.toLowerCase());
    list.profiles.push({
      name,
      baseUrl: parsed.baseUrl,
      host: parsed.host,
      spaceId: optionalText(fields.spaceId),
      organizationId: optionalText(fields.organizationId),
    });
  });
  return list;
}

/**
 * Picks the active profile: the one named `activeName`, else the first
 * profile, else the implicit profile of the defaults. A profile's own space
 * and organization ids take precedence over the settings of the same name.
 */
export function resolveActiveProfile(
  profiles: readonly Profile[],
  activeName: string | undefined,
  defaults: ProfileDefaults,
): ActiveProfile {
  if (profiles.length === 0) {
    const baseUrl = parseBaseUrl(defaults.apiBaseUrl);
    return {
      baseUrl,
      spaceId: defaults.spaceId.trim(),
      organizationId: defaults.organizationId.trim(),
      keyId: baseUrl.ok ? profileKeyId(undefined, baseUrl.baseUrl) : undefined,
    };
  }

  const profile = findProfile(profiles, activeName) ?? profiles[0];
  return {
    name: profile.name,
    baseUrl: { ok: true, baseUrl: profile.baseUrl, host: profile.host },
    spaceId: profile.spaceId ?? defaults.spaceId.trim(),
    organizationId: profile.organizationId ?? defaults.organizationId.trim(),
    keyId: profileKeyId(profile.name, profile.baseUrl),
  };
}

export function findProfile(profiles: readonly Profile[], name: string | undefined): Profile | undefined {
  if (name === undefined) {
    return undefined;
  }
  const wanted = name.toLowerCase();
  return profiles.find((profile) => profile.name.toLowerCase() === wanted);
}

/**
 * The secret storage name of a profile's key. The implicit profile uses the
 * base URL alone, as keys were stored before profiles existed. A named profile
 * adds its name, so two accounts on one host keep separate keys, and keeps the
 * base URL, so a profile whose URL is edited never sends its old key to the
 * new host.
 */
export function profileKeyId(name: string | undefined, baseUrl: string): string {
  return name === undefined ? baseUrl : `profile:${encodeURIComponent(name.toLowerCase())}@${baseUrl}`;
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
