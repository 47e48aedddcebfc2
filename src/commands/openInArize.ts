// "Open in Arize": opens a queue in the Arize web app, or explains which
// setting is missing for the link.
import * as vscode from 'vscode';

import { AnnotationQueue } from '../api/types';
import { AppLinkResult, buildQueueLink } from '../links/arizeAppLink';
import { requireConnection } from './commandContext';
import { queueIdOf } from './targets';
import { ViewContext } from './viewContext';
import { notify } from '../ui/notify';

/**
 * Takes a queue row, a queue id or nothing, and then prompts for a loaded queue.
 * The link needs no request and no key: the space id comes from the queue
 * when it is loaded, else from the settings. With `{ open: false }` as second
 * argument it only returns the link, which the tests use so that no browser
 * opens. Returns the link, or undefined when it cannot be built.
 */
export async function openInArize(context: ViewContext, target?: unknown, options?: unknown): Promise<string | undefined> {
  const profile = context.connections.activeProfile();
  const queueId = target === undefined ? (await pickLoadedQueue(context))?.id : queueIdOf(target);
  if (queueId === undefined) {
    return undefined;
  }

  const loaded = context.model.findQueue(queueId)?.queue;
  const link = buildQueueLink({
    apiBaseUrl: profile.baseUrl.ok ? profile.baseUrl.baseUrl : profile.baseUrl.value,
    organizationId: profile.organizationId,
    spaceId: loaded?.space_id || profile.spaceId,
    queueId,
  });
  if (!link.ok) {
    explainMissing(link, profile.name);
    return undefined;
  }

  const open = !(options && typeof options === 'object' && (options as { open?: unknown }).open === false);
  if (open) {
    await vscode.env.openExternal(vscode.Uri.parse(link.url));
  }
  return link.url;
}

async function pickLoadedQueue(context: ViewContext): Promise<AnnotationQueue | undefined> {
  const connection = await requireConnection(context);
  if (!connection) {
    return undefined;
  }
  await context.model.ensureQueues();

  const chosen = await vscode.window.showQuickPick(
    context.model.queues.map((entry) => ({ label: entry.queue.name, description: entry.queue.id, queue: entry.queue })),
    { title: vscode.l10n.t('Open in Arize'), placeHolder: vscode.l10n.t('Choose an annotation queue'), matchOnDescription: true },
  );
  return chosen?.queue;
}

function explainMissing(link: AppLinkResult & { ok: false }, profileName: string | undefined): void {
  const openSettings = vscode.l10n.t('Open Settings');
  let message: string;

  switch (link.missing) {
    case 'organizationId':
      message =
        profileName === undefined
          ? vscode.l10n.t(
              'The link to Arize needs your organization ID: set "arizeQueues.organizationId" to the part after /organizations/ in the address of any Arize page.',
            )
          : vscode.l10n.t(
              'The link to Arize needs your organization ID: add "organizationId" to the profile "{0}" in "arizeQueues.profiles", or set "arizeQueues.organizationId", to the part after /organizations/ in the address of any Arize page.',
              profileName,
            );
      break;
    case 'spaceId':
      message = vscode.l10n.t(
        'The link to Arize needs the space ID of the queue: refresh the queues, or set "arizeQueues.spaceId".',
      );
      break;
    case 'appHost':
      message = vscode.l10n.t(
        'The address of the Arize web app cannot be derived from the API host {0}: links work for https://api.arize.com and https://api.<region>.arize.com.',
        link.apiHost ?? '',
      );
      break;
  }

  void notify.error(message, openSettings).then((choice) => {
    if (choice === openSettings) {
      void vscode.commands.executeCommand('workbench.action.openSettings', 'arizeQueues');
    }
  });
}
