// Wires the modules together; the logic lives in api/, auth/, tree/ and commands/.
import * as vscode from 'vscode';

import { ApiKeyStore } from './auth/apiKeyStore';
import { ConnectionProvider } from './auth/connection';
import { ReauthPrompter } from './auth/reauth';
import { clearApiKey, setApiKey } from './commands/apiKeyCommands';
import { addReviewers, assignUsers, clearAssignment, removeReviewer, typeEmails } from './commands/assignCommands';
import { retryFailed } from './commands/bulkOperations';
import { CommandContext, requireConnection } from './commands/commandContext';
import { distribute } from './commands/distributeCommand';
import { describeBaseUrlProblem, describeError } from './commands/errorMessages';
import { exportAssignmentHistory, undoLastAssignment } from './commands/historyCommands';
import { DOCUMENT_SCHEME, OperationDocumentProvider } from './commands/operationDocuments';
import { applyAssignmentPlan } from './commands/planCommand';
import { chooseRegion } from './commands/regionCommand';
import { RecentEmails } from './commands/reviewerPicker';
import { CommandIds, ContextKeys, ViewIds, ViewState, ViewStates } from './constants';
import { createLogChannel } from './logging/log';
import { QueueTreeModel, SourceConnection } from './tree/queueTreeModel';
import { QueueTreeProvider, TreeElement } from './tree/queueTreeProvider';
import { ViewFilter } from './tree/viewFilter';
import { registerViewFeatures, ViewFeatures } from './viewFeatures';
import { ShownMessage, shownMessages } from './ui/notify';

/** The extension's exports; the extension-host tests read the tree through them. */
export interface ExtensionApi {
  model: QueueTreeModel;
  provider: QueueTreeProvider;
  treeView: vscode.TreeView<TreeElement>;
  /** Filters, record details, status bar and auto-refresh. */
  views: ViewFeatures;
  /** The notifications shown so far, oldest first. */
  shownMessages: () => readonly ShownMessage[];
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = createLogChannel();
  const version = String(context.extension.packageJSON.version ?? '0.0.0');
  const keys = new ApiKeyStore(context.secrets);
  const connections = new ConnectionProvider(keys, context.globalState, log, `arize-annotation-queues-vscode/${version}`);
  const model = new QueueTreeModel(() => toSourceConnection(connections), log);
  const viewFilter = new ViewFilter();
  const provider = new QueueTreeProvider(model, viewFilter);
  const treeView = vscode.window.createTreeView(ViewIds.queues, {
    treeDataProvider: provider,
    showCollapseAll: true,
    canSelectMany: true,
  });
  const documents = new OperationDocumentProvider();
  const commandContext: CommandContext = {
    model,
    connections,
    keys,
    log,
    documents,
    recent: new RecentEmails(context.globalState),
    journalDirectory: vscode.Uri.joinPath(context.globalStorageUri, 'journal').fsPath,
    globalState: context.globalState,
  };

  context.subscriptions.push(log, connections, provider, treeView);
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(DOCUMENT_SCHEME, documents));
  const reauth = new ReauthPrompter(context.globalState);
  context.subscriptions.push(
    model.onDidChange((queueId) => {
      showModelState(model, treeView);
      offerReauth(model, reauth, queueId);
    }),
  );
  context.subscriptions.push(
    connections.onDidChange(() => {
      // Until the view has been shown the model is idle, and it stays so: no request before the tree is visible.
      if (model.state.kind !== 'idle') {
        void model.refresh();
      }
    }),
  );
  registerCommands(context, commandContext, provider);
  const views = registerViewFeatures(context, commandContext, provider, viewFilter, treeView);
  void showKeyState(connections);
  context.subscriptions.push(connections.onDidChange(() => void showKeyState(connections)));
  void vscode.commands.executeCommand(
    'setContext',
    ContextKeys.hasAssigned,
    context.globalState.get(ContextKeys.hasAssigned, false),
  );

  log.info(`Arize Annotation Queues ${version} activated`);
  return { model, provider, treeView, views, shownMessages };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

function registerCommands(context: vscode.ExtensionContext, commandContext: CommandContext, provider: QueueTreeProvider): void {
  const { model, log } = commandContext;
  const register = (id: string, handler: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));

  register(CommandIds.setApiKey, (key) => setApiKey(commandContext, key));
  register(CommandIds.clearApiKey, () => clearApiKey(commandContext));
  register(CommandIds.refresh, () => model.refresh());
  register(CommandIds.assignUsers, (first, second, third) => assignUsers(commandContext, first, second, third));
  register(CommandIds.typeEmails, (clicked, selection) => typeEmails(commandContext, clicked, selection));
  register(CommandIds.addReviewers, (clicked, selection) => addReviewers(commandContext, clicked, selection));
  register(CommandIds.removeReviewer, (clicked, selection) => removeReviewer(commandContext, clicked, selection));
  register(CommandIds.clearAssignment, (clicked, selection) => clearAssignment(commandContext, clicked, selection));
  register(CommandIds.distributeRecords, (clicked, selection) => distribute(commandContext, clicked, selection));
  register(CommandIds.undoLastAssignment, (interactive) => undoLastAssignment(commandContext, interactive !== false));
  register(CommandIds.applyAssignmentPlan, (file, queueId, options) =>
    applyAssignmentPlan(commandContext, file, queueId, options),
  );
  register(CommandIds.chooseRegion, () => chooseRegion());
  register(CommandIds.retryFailed, async (interactive) => {
    const connection = await requireConnection(commandContext);
    return connection ? retryFailed(commandContext, connection, interactive !== false) : undefined;
  });
  register(CommandIds.exportAssignmentHistory, (target) => exportAssignmentHistory(commandContext, target));
  register(CommandIds.showLogs, () => log.show());
  register(CommandIds.loadMoreRecords, (queueId) => (typeof queueId === 'string' ? provider.loadMore(queueId) : undefined));
}

async function toSourceConnection(connections: ConnectionProvider): Promise<SourceConnection> {
  const connection = await connections.resolve();
  switch (connection.kind) {
    case 'ready':
      return {
        kind: 'ready',
        client: connection.client,
        spaceId: connection.settings.spaceId,
        recordsPageSize: connection.settings.recordsPageSize,
      };
    case 'noKey':
      return { kind: 'noKey' };
    case 'invalidBaseUrl':
      return { kind: 'invalidBaseUrl', value: connection.value, problem: connection.problem };
  }
}

/** Sets the context key that `when` clauses and the walkthrough read to see whether a key is stored. It reads only secret storage. */
async function showKeyState(connections: ConnectionProvider): Promise<void> {
  const connection = await connections.resolve();
  await vscode.commands.executeCommand('setContext', ContextKeys.hasKey, connection.kind === 'ready');
}

/** Offers a new key when a load failed with 401; ReauthPrompter keeps it to one prompt. */
function offerReauth(model: QueueTreeModel, reauth: ReauthPrompter, queueId: string | undefined): void {
  if (queueId) {
    reauth.offer(model.findQueue(queueId)?.recordsError);
  } else if (model.state.kind === 'error') {
    reauth.offer(model.state.error);
  }
}

/** Sets the context key that picks the welcome content, and the message above the tree. */
function showModelState(model: QueueTreeModel, treeView: vscode.TreeView<TreeElement>): void {
  const state = model.state;
  let viewState: ViewState = ViewStates.loading;
  let message: string | undefined;

  switch (state.kind) {
    case 'noKey':
      viewState = ViewStates.noKey;
      break;
    case 'invalidBaseUrl':
      viewState = ViewStates.error;
      message = describeBaseUrlProblem(state.problem, state.value);
      break;
    case 'error':
      viewState = ViewStates.error;
      message = describeError(state.error, vscode.l10n.t('Loading annotation queues'));
      break;
    case 'ready':
      viewState = model.queues.length > 0 ? ViewStates.ready : ViewStates.noQueues;
      break;
  }

  treeView.message = message;
  void vscode.commands.executeCommand('setContext', ContextKeys.viewState, viewState);
}
