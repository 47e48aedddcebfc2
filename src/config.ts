import * as vscode from 'vscode';

import { parseBaseUrl, BaseUrlResult } from './api/baseUrl';
import { DEFAULT_API_BASE_URL, MAX_RECORDS_PAGE_SIZE, MIN_RECORDS_PAGE_SIZE, SETTINGS_SECTION, SettingKeys } from './constants';

export interface Settings {
  /** The base URL as the user typed it, checked by `parseBaseUrl`. */
  baseUrl: BaseUrlResult;
  /** Empty when queues of every space are listed. */
  spaceId: string;
  /** Records per request, 1–500. */
  recordsPageSize: number;
  requestTimeoutMs: number;
  /** Empty when not set; only "Open in Arize" needs it. */
  organizationId: string;
  /** The user's own e-mail for the "assigned to me" filter and the status bar; empty when not set. */
  myEmail: string;
  /** Seconds between auto-refresh polls; 0 turns auto-refresh off. */
  autoRefreshSeconds: number;
  /** The raw value of `arizeQueues.profiles`, validated by `readProfiles`. */
  profiles: unknown;
}

/** Shortest auto-refresh period, so a typo such as 1 cannot send a request every second. */
export const MIN_AUTO_REFRESH_SECONDS = 30;
const MAX_AUTO_REFRESH_SECONDS = 86_400;

const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_TIMEOUT_SECONDS = 30;

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const rawBaseUrl = config.get<string>(SettingKeys.apiBaseUrl) ?? DEFAULT_API_BASE_URL;
  const pageSize = config.get<number>(SettingKeys.recordsPageSize) ?? DEFAULT_PAGE_SIZE;
  const timeoutSeconds = config.get<number>(SettingKeys.requestTimeoutSeconds) ?? DEFAULT_TIMEOUT_SECONDS;

  return {
    baseUrl: parseBaseUrl(rawBaseUrl),
    spaceId: (config.get<string>(SettingKeys.spaceId) ?? '').trim(),
    recordsPageSize: clampInteger(pageSize, MIN_RECORDS_PAGE_SIZE, MAX_RECORDS_PAGE_SIZE, DEFAULT_PAGE_SIZE),
    requestTimeoutMs: clampInteger(timeoutSeconds, 1, 600, DEFAULT_TIMEOUT_SECONDS) * 1000,
    organizationId: (config.get<string>(SettingKeys.organizationId) ?? '').trim(),
    myEmail: (config.get<string>(SettingKeys.myEmail) ?? '').trim(),
    autoRefreshSeconds: autoRefreshPeriod(config.get<number>(SettingKeys.autoRefreshSeconds) ?? 0),
    profiles: config.get<unknown>(SettingKeys.profiles) ?? [],
  };
}

/** 0 or less turns auto-refresh off; other values are raised to the minimum period. */
function autoRefreshPeriod(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0) {
    return 0;
  }
  return clampInteger(seconds, MIN_AUTO_REFRESH_SECONDS, MAX_AUTO_REFRESH_SECONDS, 0);
}

/** Settings are typed in JSON by hand too, so out-of-range values fall back to the nearest bound. */
function clampInteger(value: number, min: number, max: number, fallback: number): number {
  if (!Number.isFinite(value)) {
    return fallback;
  }
  return Math.min(max, Math.max(min, Math.round(value)));
}

export function affectsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS_SECTION);
}

/** Settings that change which server the tree reads and how; the others need no reload. */
const CONNECTION_SETTINGS = [
  SettingKeys.apiBaseUrl,
  SettingKeys.spaceId,
  SettingKeys.recordsPageSize,
  SettingKeys.requestTimeoutSeconds,
  SettingKeys.profiles,
];

export function affectsConnection(event: vscode.ConfigurationChangeEvent): boolean {
  return CONNECTION_SETTINGS.some((key) => event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`));
}
