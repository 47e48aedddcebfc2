// "Choose Region…": sets arizeQueues.apiBaseUrl from the hosts Arize documents
// for its data regions, or from a custom URL the user types.
import * as vscode from 'vscode';

import { parseBaseUrl } from '../api/baseUrl';
import { SETTINGS_SECTION, SettingKeys } from '../constants';
import { describeBaseUrlProblem } from './errorMessages';

interface RegionItem extends vscode.QuickPickItem {
  baseUrl?: string;
}

/** Returns the chosen base URL after storing it in the user settings, or undefined when cancelled. */
export async function chooseRegion(): Promise<string | undefined> {
  const current = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>(SettingKeys.apiBaseUrl);
  const items: RegionItem[] = [
    { label: vscode.l10n.t('United States'), description: 'https://api.arize.com', baseUrl: 'https://api.arize.com' },
    {
      label: vscode.l10n.t('European Union'),
      description: 'https://api.eu-west-1a.arize.com',
      baseUrl: 'https://api.eu-west-1a.arize.com',
    },
    {
      label: vscode.l10n.t('Canada'),
      description: 'https://api.ca-central-1a.arize.com',
      baseUrl: 'https://api.ca-central-1a.arize.com',
    },
    { label: vscode.l10n.t('Custom URL…'), detail: vscode.l10n.t('A proxy or another host, with https://') },
  ];
  for (const item of items) {
    if (item.baseUrl && item.baseUrl === current) {
      item.detail = vscode.l10n.t('current');
    }
  }

  const chosen = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Arize Region'),
    placeHolder: vscode.l10n.t('The host of your Arize account; each host has its own API key'),
  });
  if (!chosen) {
    return undefined;
  }

  const baseUrl = chosen.baseUrl ?? (await askForCustomUrl(current));
  if (!baseUrl) {
    return undefined;
  }
  await vscode.workspace
    .getConfiguration(SETTINGS_SECTION)
    .update(SettingKeys.apiBaseUrl, baseUrl, vscode.ConfigurationTarget.Global);
  return baseUrl;
}

function askForCustomUrl(current: string | undefined): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Custom Arize API Base URL'),
    prompt: vscode.l10n.t('An https:// URL, or http:// only for 127.0.0.1, ::1 or localhost.'),
    value: current,
    ignoreFocusOut: true,
    validateInput: (value) => {
      const parsed = parseBaseUrl(value);
      return parsed.ok ? undefined : describeBaseUrlProblem(parsed.problem, parsed.value);
    },
  });
}
