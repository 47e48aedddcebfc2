// Every notification the extension shows goes through here, so the last ones
// can be listed: the extension-host tests read them to check what a user saw.
import * as vscode from 'vscode';

export type Severity = 'info' | 'warning' | 'error';

export interface ShownMessage {
  severity: Severity;
  message: string;
  /** Milliseconds since the epoch. */
  at: number;
  modal: boolean;
}

const MAX_KEPT = 200;
const shown: ShownMessage[] = [];

/** Returns the most recent notifications, oldest first. */
export function shownMessages(): readonly ShownMessage[] {
  return shown;
}

type Show = (message: string, ...rest: unknown[]) => Thenable<unknown>;

function record(severity: Severity, message: string, rest: unknown[]): void {
  const first = rest[0];
  const modal = !!first && typeof first === 'object' && (first as vscode.MessageOptions).modal === true;
  shown.push({ severity, message, at: Date.now(), modal });
  if (shown.length > MAX_KEPT) {
    shown.splice(0, shown.length - MAX_KEPT);
  }
}

interface Notifier {
  (message: string, ...items: string[]): Thenable<string | undefined>;
  (message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
}

function wrap(severity: Severity, show: Show): Notifier {
  return (message: string, ...rest: unknown[]): Thenable<string | undefined> => {
    record(severity, message, rest);
    return show(message, ...rest) as Thenable<string | undefined>;
  };
}

export const notify = {
  info: wrap('info', (message, ...rest) =>
    vscode.window.showInformationMessage(message, ...(rest as [vscode.MessageOptions, ...string[]])),
  ),
  warn: wrap('warning', (message, ...rest) =>
    vscode.window.showWarningMessage(message, ...(rest as [vscode.MessageOptions, ...string[]])),
  ),
  error: wrap('error', (message, ...rest) =>
    vscode.window.showErrorMessage(message, ...(rest as [vscode.MessageOptions, ...string[]])),
  ),
};
