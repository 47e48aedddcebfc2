// Runs the extension-host suite (out/test/suite) in desktop VS Code through
// @vscode/test-electron, on machines that can download VS Code. Machines that
// cannot run the same suite in code-server: scripts/vscode/run-ext-tests.js.
//
//   npm run test:electron
//
// Environment:
//   ARIZE_VSCODE_VERSION  VS Code version to download (default "stable")
// On Linux without a display, run it under xvfb-run.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { downloadAndUnzipVSCode, runTests, TestRunFailedError } from '@vscode/test-electron';
import { SANDBOX_API_KEY, startArizeServer } from '../../src/server/server';

// This file runs from out/test/electron, three levels below the repository root.
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const TESTS_ENTRY = path.join(REPO_ROOT, 'out', 'test', 'suite', 'index.js');

// Idle time without data after which the download fails. An offline machine
// fails sooner, as soon as the host name cannot be resolved.
const DOWNLOAD_IDLE_TIMEOUT_MS = 15_000;

/** Downloads VS Code into .vscode-test (or reuses it) and returns its executable. */
async function downloadVSCode(version: string): Promise<string> {
  try {
    return await downloadAndUnzipVSCode({
      version,
      extensionDevelopmentPath: REPO_ROOT,
      timeout: DOWNLOAD_IDLE_TIMEOUT_MS,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Downloading VS Code ${version} for the tests failed: ${reason}\n` +
        'Without access to the VS Code download servers, run `npm run test:vscode` instead: ' +
        'it runs the same suite in code-server, installed from npm.',
    );
  }
}

/** Creates a temporary user-data folder whose settings point the extension at `apiBaseUrl`. */
function createUserDataDir(root: string, apiBaseUrl: string): string {
  const userDataDir = path.join(root, 'user-data');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });

  const settings = {
    'arizeQueues.apiBaseUrl': apiBaseUrl,
    'telemetry.telemetryLevel': 'off',
    'workbench.startupEditor': 'none',
  };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  return userDataDir;
}

/** Runs the suite and returns the process exit code: 0 when every test passed. */
async function main(): Promise<number> {
  if (!fs.existsSync(TESTS_ENTRY)) {
    throw new Error(`${TESTS_ENTRY} not found: run \`npm run compile-tests\` first.`);
  }

  // The download comes first, so an offline machine fails before anything starts.
  const vscodeExecutablePath = await downloadVSCode(process.env.ARIZE_VSCODE_VERSION || 'stable');

  const server = await startArizeServer({ port: 0 });
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'arize-electron-'));
  const workspace = path.join(tempRoot, 'workspace');
  fs.mkdirSync(workspace);

  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: TESTS_ENTRY,
      extensionTestsEnv: { ARIZE_SANDBOX_URL: server.url, ARIZE_SANDBOX_KEY: SANDBOX_API_KEY },
      launchArgs: [workspace, '--user-data-dir', createUserDataDir(tempRoot, server.url), '--disable-extensions'],
    });
    return 0;
  } catch (error) {
    if (error instanceof TestRunFailedError) {
      console.error(`Extension host tests failed: VS Code exited with ${error.code ?? error.signal}.`);
      return 1;
    }
    throw error;
  } finally {
    await server.close();
    fs.rmSync(tempRoot, { recursive: true, force: true });
  }
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
