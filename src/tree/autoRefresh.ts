// Auto-refresh of the queues view, off by default. It polls only while the
// view is visible and the setting `arizeQueues.autoRefreshSeconds` is above
// zero, and never shows a notification: a poll the user did not start logs
// its failure and keeps the data on screen.
import * as vscode from 'vscode';

import { affectsSettings, readSettings } from '../config';
import { describeError } from '../commands/errorMessages';
import { PollResult, QueueTreeModel } from './queueTreeModel';

export class AutoRefresh implements vscode.Disposable {
  private timer?: ReturnType<typeof setInterval>;
  private running = false;
  private failuresInARow = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly model: QueueTreeModel,
    private readonly view: { readonly visible: boolean; onDidChangeVisibility: vscode.Event<unknown> },
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      view.onDidChangeVisibility(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsSettings(event)) {
          this.schedule();
        }
      }),
    );
    this.schedule();
  }

  /** True while a timer runs, that is while the view is visible and auto-refresh is on. */
  get active(): boolean {
    return this.timer !== undefined;
  }

  /** Runs one poll as the timer does, unless the view is hidden or a poll is running. */
  async pollNow(): Promise<PollResult> {
    if (!this.view.visible || this.running) {
      return { kind: 'skipped' };
    }

    this.running = true;
    try {
      const result = await this.model.poll();
      this.logResult(result);
      return result;
    } finally {
      this.running = false;
    }
  }

  dispose(): void {
    this.stop();
    this.disposables.forEach((disposable) => disposable.dispose());
  }

  private schedule(): void {
    this.stop();
    const seconds = readSettings().autoRefreshSeconds;
    if (seconds > 0 && this.view.visible) {
      this.timer = setInterval(() => void this.pollNow(), seconds * 1000);
    }
  }

  private stop(): void {
    if (this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** Logs failures with a count of repeats instead of notifying, because the user did not start the poll. */
  private logResult(result: PollResult): void {
    if (result.kind === 'failed') {
      this.failuresInARow++;
      const message = describeError(result.error, vscode.l10n.t('Auto-refresh'));
      this.log.warn(`auto-refresh failed (${this.failuresInARow} in a row), keeping the data shown: ${message}`);
    } else if (result.kind === 'updated') {
      if (this.failuresInARow > 0) {
        this.log.info(`auto-refresh works again after ${this.failuresInARow} failures`);
      }
      this.failuresInARow = 0;
    }
  }
}
