import * as vscode from 'vscode';

import { parseBaseUrl, BaseUrlResult } from './api/baseUrl';
import {
  DEFAULT_API_BASE_URL,
  MAX_RECORDS_PAGE_SIZE,
  MIN_RECORDS_PAGE_SIZE,
  SETTINGS_SECTION,
  SettingKeys,
} from './constants';

export interface Settings {
  /** The base URL as the user typed it, checked by `parseBaseUrl`. */
  baseUrl: BaseUrlResult;
  /** Empty when queues of every space are listed. */
  spaceId: string;
  /** Records per request, 1–500. */
  recordsPageSize: number;
  requestTimeoutMs: number;
}

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
  };
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
