// Wires the features that show the work: filters, progress, record details,
// profiles, links to Arize, auto-refresh, the status bar item and the view's
// description. The logic lives in tree/, details/, links/ and commands/.
import * as vscode from 'vscode';

import { emailKey } from './assign/emails';
import { CommandContext } from './commands/commandContext';
import { showRecordDetails } from './commands/detailsCommand';
import { clearFilter, filterRecords } from './commands/filterCommands';
import { MyEmail } from './commands/myEmail';
import { openInArize } from './commands/openInArize';
import { switchProfile } from './commands/profileCommands';
import { showQueueProgress } from './commands/progressCommand';
import { ViewContext } from './commands/viewContext';
import { CommandIds } from './constants';
import { RecordDetailsPanel } from './details/recordDetailsPanel';
import { AutoRefresh } from './tree/autoRefresh';
import { MyWorkStatusBar } from './tree/myWorkStatusBar';
import { QueueTreeProvider, TreeElement } from './tree/queueTreeProvider';
import { describeFilter, ViewFilter } from './tree/viewFilter';

/** Parts of these features that the extension-host tests reach. */
export interface ViewFeatures {
  viewFilter: ViewFilter;
  details: RecordDetailsPanel;
  statusBar: MyWorkStatusBar;
  autoRefresh: AutoRefresh;
}

export function registerViewFeatures(
  context: vscode.ExtensionContext,
  commandContext: CommandContext,
  provider: QueueTreeProvider,
  viewFilter: ViewFilter,
  treeView: vscode.TreeView<TreeElement>,
): ViewFeatures {
  const { model, connections, log } = commandContext;
  const myEmail = new MyEmail();
  const viewContext: ViewContext = { ...commandContext, provider, viewFilter, myEmail };
  const details = new RecordDetailsPanel(model);
  const statusBar = new MyWorkStatusBar(model, viewFilter, myEmail, connections);
  const autoRefresh = new AutoRefresh(model, treeView, log);
  context.subscriptions.push(viewFilter, myEmail, details, statusBar, autoRefresh);

  // "Assigned to me" follows a changed e-mail; the records are cached, so nothing is read again.
  context.subscriptions.push(
    myEmail.onDidChange(() => {
      const filter = viewFilter.filter;
      const email = myEmail.get();
      if (filter?.kind === 'assignedToMe' && email && emailKey(email) !== emailKey(filter.email)) {
        viewFilter.set({ kind: 'assignedToMe', email });
      }
    }),
  );

  const showDescription = () => {
    treeView.description = viewDescription(connections.activeProfile().name, viewFilter);
  };
  showDescription();
  context.subscriptions.push(
    viewFilter.onDidChange(showDescription),
    connections.onDidChange(() => {
      showDescription();
      // A record read with another account must not stay on screen after a switch.
      details.closeUnlessProfile(connections.activeProfile().keyId);
    }),
  );

  const register = (id: string, handler: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  register(CommandIds.filterRecords, (filter) => filterRecords(viewContext, filter));
  register(CommandIds.clearFilter, () => clearFilter(viewContext));
  register(CommandIds.showQueueProgress, (target) => showQueueProgress(viewContext, target));
  register(CommandIds.showRecordDetails, (first, second) => showRecordDetails(viewContext, details, first, second));
  register(CommandIds.switchProfile, (name) => switchProfile(viewContext, name));
  register(CommandIds.openInArize, (target, options) => openInArize(viewContext, target, options));

  return { viewFilter, details, statusBar, autoRefresh };
}

/** Builds the text beside the view's title: the active profile when profiles are in use, and the active filter. */
function viewDescription(profileName: string | undefined, viewFilter: ViewFilter): string | undefined {
  const parts: string[] = [];
  if (profileName !== undefined) {
    parts.push(profileName);
  }
  if (viewFilter.filter) {
    parts.push(vscode.l10n.t('Filter: {0}', describeFilter(viewFilter.filter)));
  }
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
