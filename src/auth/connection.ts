import * as vscode from 'vscode';

import { BaseUrlProblem } from '../api/baseUrl';
import { ArizeClient } from '../api/client';
import { Logger } from '../api/logger';
import { affectsConnection, readSettings, Settings } from '../config';
import { GlobalStateKeys } from '../constants';
import { ApiKeyStore } from './apiKeyStore';
import { ActiveProfile, ProfileList, readProfiles, resolveActiveProfile } from './profiles';

/**
 * `settings` carries the active profile's base URL, space id and organization
 * id in place of the top-level settings, so commands read one place.
 */
export type Connection =
  | { kind: 'invalidBaseUrl'; value: string; problem: BaseUrlProblem; settings: Settings; profile: ActiveProfile }
  | { kind: 'noKey'; baseUrl: string; host: string; keyId: string; settings: Settings; profile: ActiveProfile }
  | {
      kind: 'ready';
      baseUrl: string;
      host: string;
      keyId: string;
      settings: Settings;
      profile: ActiveProfile;
      client: ArizeClient;
    };

/**
 * Joins the settings, the active profile and its stored key into an API
 * client, and notifies listeners when any of them changes (in this window or,
 * for the key, in another one).
 */
export class ConnectionProvider implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly state: vscode.Memento,
    private readonly logger: Logger,
    private readonly userAgent: string,
  ) {
    this.disposables.push(
      this.changeEmitter,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsConnection(event)) {
          this.changeEmitter.fire();
        }
      }),
      keys.onDidChange(() => this.changeEmitter.fire()),
    );
  }

  /** Returns the valid entries of `arizeQueues.profiles`, and the skipped ones with the reason. */
  profiles(): ProfileList {
    return readProfiles(readSettings().profiles);
  }

  activeProfile(): ActiveProfile {
    const settings = readSettings();
    const { profiles } = readProfiles(settings.profiles);
    return resolveActiveProfile(profiles, this.state.get<string>(GlobalStateKeys.activeProfile), {
      apiBaseUrl: settings.baseUrl.ok ? settings.baseUrl.baseUrl : settings.baseUrl.value,
      spaceId: settings.spaceId,
      organizationId: settings.organizationId,
    });
  }

  /** Makes the named profile active and notifies listeners, which reload the tree from scratch. */
  async setActiveProfile(name: string): Promise<void> {
    await this.state.update(GlobalStateKeys.activeProfile, name);
    this.changeEmitter.fire();
  }

  async resolve(): Promise<Connection> {
    const profile = this.activeProfile();
    const settings: Settings = {
      ...readSettings(),
      baseUrl: profile.baseUrl,
      spaceId: profile.spaceId,
      organizationId: profile.organizationId,
    };
    if (!profile.baseUrl.ok || profile.keyId === undefined) {
      const value = profile.baseUrl.ok ? profile.baseUrl.baseUrl : profile.baseUrl.value;
      const problem = profile.baseUrl.ok ? 'unparseable' : profile.baseUrl.problem;
      return { kind: 'invalidBaseUrl', value, problem, settings, profile };
    }

    const { baseUrl, host } = profile.baseUrl;
    const keyId = profile.keyId;
    const apiKey = await this.keys.get(keyId);
    if (!apiKey) {
      return { kind: 'noKey', baseUrl, host, keyId, settings, profile };
    }
    return { kind: 'ready', baseUrl, host, keyId, settings, profile, client: this.createClient(baseUrl, apiKey, settings) };
  }

  /** Creates a client for a key that is not stored yet, to check it before storing. */
  createClient(baseUrl: string, apiKey: string, settings: Settings): ArizeClient {
    return new ArizeClient({
      baseUrl,
      apiKey,
      timeoutMs: settings.requestTimeoutMs,
      logger: this.logger,
      userAgent: this.userAgent,
    });
  }

  dispose(): void {
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }
}

/** Names the account of a connection in messages: the host, and the profile name when profiles are in use. */
export function accountLabel(profile: ActiveProfile, host: string): string {
  return profile.name === undefined ? host : vscode.l10n.t('profile "{0}" ({1})', profile.name, host);
}
