import * as vscode from 'vscode';

import { BaseUrlProblem } from '../api/baseUrl';
import { ArizeClient } from '../api/client';
import { Logger } from '../api/logger';
import { affectsSettings, readSettings, Settings } from '../config';
import { ApiKeyStore } from './apiKeyStore';

export type Connection =
  | { kind: 'invalidBaseUrl'; value: string; problem: BaseUrlProblem; settings: Settings }
  | { kind: 'noKey'; baseUrl: string; host: string; settings: Settings }
  | { kind: 'ready'; baseUrl: string; host: string; settings: Settings; client: ArizeClient };

/**
 * Joins the settings and the stored key into an API client, and tells listeners
 * when either changes (in this window or, for the key, in another one).
 */
export class ConnectionProvider implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly logger: Logger,
    private readonly userAgent: string,
  ) {
    this.disposables.push(
      this.changeEmitter,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsSettings(event)) {
          this.changeEmitter.fire();
        }
      }),
      keys.onDidChange(() => this.changeEmitter.fire()),
    );
  }

  async resolve(): Promise<Connection> {
    const settings = readSettings();
    if (!settings.baseUrl.ok) {
      return { kind: 'invalidBaseUrl', value: settings.baseUrl.value, problem: settings.baseUrl.problem, settings };
    }

    const { baseUrl, host } = settings.baseUrl;
    const apiKey = await this.keys.get(baseUrl);
    if (!apiKey) {
      return { kind: 'noKey', baseUrl, host, settings };
    }
    return { kind: 'ready', baseUrl, host, settings, client: this.createClient(baseUrl, apiKey, settings) };
  }

  /** A client for a key that is not stored yet, to check it before storing. */
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
