import * as vscode from 'vscode';

const SECRET_PREFIX = 'arizeQueues.apiKey:';

/** Thrown when the OS keyring does not keep the key, as on Linux without a Secret Service. */
export class KeyringError extends Error {}

/**
 * API keys in VS Code's SecretStorage, one per normalised base URL, so keys for
 * the US, EU and Canada hosts live side by side.
 */
export class ApiKeyStore {
  readonly onDidChange: vscode.Event<string>;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.onDidChange = (listener, thisArgs, disposables) =>
      secrets.onDidChange(
        (event) => {
          if (event.key.startsWith(SECRET_PREFIX)) {
            listener.call(thisArgs, event.key.slice(SECRET_PREFIX.length));
          }
        },
        undefined,
        disposables,
      );
  }

  async get(baseUrl: string): Promise<string | undefined> {
    return (await this.secrets.get(SECRET_PREFIX + baseUrl)) || undefined;
  }

  /** Stores the key and reads it back, because a missing keyring can fail silently. */
  async store(baseUrl: string, apiKey: string): Promise<void> {
    try {
      await this.secrets.store(SECRET_PREFIX + baseUrl, apiKey);
    } catch (error) {
      throw new KeyringError(error instanceof Error ? error.message : String(error));
    }

    let readBack: string | undefined;
    try {
      readBack = await this.secrets.get(SECRET_PREFIX + baseUrl);
    } catch (error) {
      throw new KeyringError(error instanceof Error ? error.message : String(error));
    }
    if (readBack !== apiKey) {
      throw new KeyringError('the key read back from secret storage differs from the key stored');
    }
  }

  async delete(baseUrl: string): Promise<void> {
    await this.secrets.delete(SECRET_PREFIX + baseUrl);
  }
}
