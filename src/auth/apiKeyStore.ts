import * as vscode from 'vscode';

const SECRET_PREFIX = 'arizeQueues.apiKey:';

/** Thrown when the OS keyring does not keep the key, as on Linux without a Secret Service. */
export class KeyringError extends Error {}

/**
 * API keys in VS Code's SecretStorage, one per key id: the normalised base URL
 * for the implicit profile, and name plus base URL for each entry of
 * `arizeQueues.profiles` (see `profileKeyId`). Keys for the US, EU and Canada
 * hosts, and for two accounts on one host, live side by side.
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

  async get(keyId: string): Promise<string | undefined> {
    return (await this.secrets.get(SECRET_PREFIX + keyId)) || undefined;
  }

  /** Stores the key and reads it back, because a missing keyring can fail silently. */
  async store(keyId: string, apiKey: string): Promise<void> {
    try {
      await this.secrets.store(SECRET_PREFIX + keyId, apiKey);
    } catch (error) {
      throw new KeyringError(error instanceof Error ? error.message : String(error));
    }

    let readBack: string | undefined;
    try {
      readBack = await this.secrets.get(SECRET_PREFIX + keyId);
    } catch (error) {
      throw new KeyringError(error instanceof Error ? error.message : String(error));
    }
    if (readBack !== apiKey) {
      throw new KeyringError('the key read back from secret storage differs from the key stored');
    }
  }

  async delete(keyId: string): Promise<void> {
    await this.secrets.delete(SECRET_PREFIX + keyId);
  }
}
