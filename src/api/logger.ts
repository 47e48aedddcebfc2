/**
 * The logging surface that the API client writes to. The extension passes its
 * LogOutputChannel; tests pass an array collector. Kept free of `vscode` so the
 * client runs in plain Node too.
 */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Replaces credentials in a header map with `<redacted>` so the map can be logged. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const secret = /^(authorization|proxy-authorization|cookie)$/i.test(name);
    redacted[name] = secret ? '<redacted>' : value;
  }
  return redacted;
}
