// "Switch Profile…": chooses the active entry of `arizeQueues.profiles`. The
// tree reloads from scratch through the connection change event, and the
// record details panel of the previous account closes.
import * as vscode from 'vscode';

import { BaseUrlProblem } from '../api/baseUrl';
import { findProfile, Profile, ProfileProblem, profileKeyId } from '../auth/profiles';
import { ViewContext } from './viewContext';
import { notify } from '../ui/notify';

interface ProfileItem extends vscode.QuickPickItem {
  profile: Profile;
}

/**
 * Makes the chosen profile active, or the one named by the argument. Returns
 * the name of the active profile, or undefined when none was chosen.
 */
export async function switchProfile(context: ViewContext, nameArgument?: unknown): Promise<string | undefined> {
  const { profiles, problems } = context.connections.profiles();
  if (problems.length > 0) {
    reportProblems(problems);
  }
  if (profiles.length === 0) {
    showNoProfiles();
    return undefined;
  }

  const profile = typeof nameArgument === 'string' ? findProfile(profiles, nameArgument) : await pickProfile(context, profiles);
  if (!profile) {
    if (typeof nameArgument === 'string') {
      void notify.error(vscode.l10n.t('No profile named "{0}" is in the setting "arizeQueues.profiles".', nameArgument));
    }
    return undefined;
  }

  await context.connections.setActiveProfile(profile.name);
  context.log.info(`active profile is now "${profile.name}" (${profile.host})`);
  return profile.name;
}

async function pickProfile(context: ViewContext, profiles: readonly Profile[]): Promise<Profile | undefined> {
  const active = context.connections.activeProfile().name;
  const items: ProfileItem[] = [];

  for (const profile of profiles) {
    const hasKey = (await context.keys.get(profileKeyId(profile.name, profile.baseUrl))) !== undefined;
    const notes = [hasKey ? vscode.l10n.t('API key stored') : vscode.l10n.t('no API key yet')];
    if (profile.name === active) {
      notes.unshift(vscode.l10n.t('active'));
    }
    items.push({ label: profile.name, description: profile.host, detail: notes.join(' · '), profile });
  }

  const chosen = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Switch Profile'),
    placeHolder: vscode.l10n.t('Choose the Arize account to show; each profile has its own API key'),
  });
  return chosen?.profile;
}

function showNoProfiles(): void {
  const openSettings = vscode.l10n.t('Open Settings');
  void notify
    .info(
      vscode.l10n.t(
        'No profiles are set. Add one entry per Arize account to the setting "arizeQueues.profiles", each with a "name" and a "baseUrl" (for example https://api.eu-west-1a.arize.com), then switch between them here.',
      ),
      openSettings,
    )
    .then((choice) => {
      if (choice === openSettings) {
        void vscode.commands.executeCommand('workbench.action.openSettingsJson');
      }
    });
}

function reportProblems(problems: readonly ProfileProblem[]): void {
  const lines = problems.map((problem) => describeProblem(problem));
  void notify.warn(vscode.l10n.t('Some entries of the setting "arizeQueues.profiles" are skipped: {0}', lines.join(' ')));
}

function describeProblem(problem: ProfileProblem): string {
  const position = problem.index + 1;
  switch (problem.kind) {
    case 'notAnObject':
      return vscode.l10n.t('Entry {0} is not an object.', position);
    case 'missingName':
      return vscode.l10n.t('Entry {0} has no "name".', position);
    case 'missingBaseUrl':
      return vscode.l10n.t('Entry {0} has no "baseUrl".', position);
    case 'duplicateName':
      return vscode.l10n.t('Entry {0} repeats the name "{1}".', position, problem.name);
    case 'invalidBaseUrl':
      return vscode.l10n.t(
        'Entry {0} ("{1}") has an invalid "baseUrl" "{2}": {3}',
        position,
        problem.name,
        problem.value,
        urlProblemText(problem.problem),
      );
  }
}

function urlProblemText(problem: BaseUrlProblem): string {
  switch (problem) {
    case 'empty':
    case 'unparseable':
      return vscode.l10n.t('it is not a URL.');
    case 'unsupportedScheme':
      return vscode.l10n.t('it must start with https://.');
    case 'insecureHttp':
      return vscode.l10n.t('plain http:// is allowed only for 127.0.0.1, ::1 or localhost.');
    case 'credentials':
      return vscode.l10n.t('it must not contain a user name or password.');
    case 'queryOrFragment':
      return vscode.l10n.t('it must not contain a query or fragment.');
  }
}
