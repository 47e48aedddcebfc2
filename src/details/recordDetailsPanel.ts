// The record details webview: one panel, reused for each record shown. It
// renders from records already read, so showing details sends no request.
// Scripts and command links are off, and renderRecordDetailsHtml escapes
// every record value under a content security policy that blocks scripts.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

import { AnnotationQueueRecord } from '../api/types';
import { WebviewTypes } from '../constants';
import { QueueTreeModel } from '../tree/queueTreeModel';
import { recordLabel, shorten } from '../tree/recordPresentation';
import { RecordDetailsStrings, renderRecordDetailsHtml } from './recordDetailsHtml';

interface ShownRecord {
  queueId: string;
  recordId: string;
  /** The key id of the profile the record was read with. */
  keyId?: string;
}

export class RecordDetailsPanel implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private shown?: ShownRecord;
  private readonly subscription: { dispose(): void };

  constructor(private readonly model: QueueTreeModel) {
    // Assignments change the cached record; the open panel follows them.
    this.subscription = model.onDidChange((queueId) => {
      if (this.shown && queueId === this.shown.queueId) {
        const record = model.findRecord(this.shown.queueId, this.shown.recordId);
        if (record) {
          this.render(record);
        }
      }
    });
  }

  /** The HTML now shown, or undefined when no panel is open. */
  get html(): string | undefined {
    return this.panel?.webview.html;
  }

  /** Shows the record in the panel without taking focus from the tree, and returns the HTML. */
  show(record: AnnotationQueueRecord, keyId: string | undefined): string {
    // A panel behind other tabs is opened anew in front: `reveal` with
    // `preserveFocus` left it in the background in code-server 4.139.
    if (this.panel && !this.panel.visible) {
      const hidden = this.panel;
      this.panel = undefined;
      hidden.dispose();
    }

    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(
        WebviewTypes.recordDetails,
        vscode.l10n.t('Record Details'),
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: true },
        { enableScripts: false, enableCommandUris: false, enableFindWidget: true, localResourceRoots: [] },
      );
      panel.onDidDispose(() => {
        if (this.panel === panel) {
          this.panel = undefined;
          this.shown = undefined;
        }
      });
      this.panel = panel;
    }

    this.shown = { queueId: record.annotation_queue_id, recordId: record.id, keyId };
    return this.render(record);
  }

  /** Closes the panel when the active profile is no longer the one its record was read with. */
  closeUnlessProfile(keyId: string | undefined): void {
    if (this.shown && this.shown.keyId !== keyId) {
      this.panel?.dispose();
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }

  private render(record: AnnotationQueueRecord): string {
    const panel = this.panel;
    if (!panel) {
      return '';
    }
    const queueName = this.model.findQueue(record.annotation_queue_id)?.queue.name ?? record.annotation_queue_id;
    panel.title = vscode.l10n.t('Record: {0}', shorten(recordLabel(record), 40));
    panel.webview.html = renderRecordDetailsHtml({
      record,
      queueName,
      strings: localizedStrings(),
      nonce: randomBytes(16).toString('base64'),
      cspSource: panel.webview.cspSource,
    });
    return panel.webview.html;
  }
}

function localizedStrings(): RecordDetailsStrings {
  return {
    pageTitle: vscode.l10n.t('Record Details'),
    recordId: vscode.l10n.t('Record ID'),
    queue: vscode.l10n.t('Queue'),
    sourceType: vscode.l10n.t('Source type'),
    granularity: vscode.l10n.t('Granularity'),
    assignees: vscode.l10n.t('Assignees'),
    data: vscode.l10n.t('Data'),
    annotations: vscode.l10n.t('Annotations'),
    traceAnnotations: vscode.l10n.t('Trace annotations'),
    evaluations: vscode.l10n.t('Evaluations'),
    field: vscode.l10n.t('Field'),
    value: vscode.l10n.t('Value'),
    name: vscode.l10n.t('Name'),
    label: vscode.l10n.t('Label'),
    score: vscode.l10n.t('Score'),
    text: vscode.l10n.t('Text'),
    explanation: vscode.l10n.t('Explanation'),
    annotator: vscode.l10n.t('Annotator'),
    updated: vscode.l10n.t('Updated'),
    email: vscode.l10n.t('E-mail'),
    status: vscode.l10n.t('Status'),
    none: vscode.l10n.t('None'),
    showAll: vscode.l10n.t('Show all ({0} characters)'),
  };
}
