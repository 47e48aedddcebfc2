import * as vscode from 'vscode';

import { Logger } from '../api/logger';
import { OUTPUT_CHANNEL_NAME } from '../constants';

/**
 * Creates the extension's single log channel. A LogOutputChannel already has
 * the Logger methods, and the user picks its level with "Developer: Set Log Level".
 */
export function createLogChannel(): vscode.LogOutputChannel & Logger {
  return vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
}
