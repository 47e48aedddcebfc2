'use strict';
// Starts a real VS Code with the packaged extension, pointed at the local
// Arize-compatible server, for trying the extension by hand:
//
//   npm run demo [-- --port 8787 --vscode-port 8080]
//   npm run demo -- --check [--screenshot /tmp/arize-demo.png]
//
// VS Code here is code-server from npm, opened in a browser at the printed
// URL. The first run installs it into the rig cache folder (see
// scripts/vscode/install-rig.sh). The VS Code user-data folder and workspace
// are kept in that cache folder, so settings survive a restart. The API key
// is stored encrypted in the browser, for the VS Code URL, and half of its
// encryption key is in the user-data folder. So the key survives a restart
// while the browser profile and the VS Code port stay the same.
//
// --check runs the demo without a human: it opens the workbench in headless
// Chromium, enters the sample key through "Arize: Set API Key", waits for the
// queues and the first queue's records, saves a screenshot and exits (0 when
// every step passed).
const fs = require('fs');
const net = require('net');
const path = require('path');
const util = require('util');
const { spawn, spawnSync } = require('child_process');
const lib = require('./vscode/lib');

const REPO_ROOT = path.resolve(__dirname, '..');
const VSIX_PATH = path.join(REPO_ROOT, 'dist', 'arize-annotation-queues.vsix');
const SERVER_MAIN = path.join(REPO_ROOT, 'out', 'src', 'server', 'main.js');
const SERVER_MODULE = path.join(REPO_ROOT, 'out', 'src', 'server', 'server.js');
const DEFAULT_SERVER_PORT = 8787;
const DEFAULT_VSCODE_PORT = 8080;
const DEFAULT_SCREENSHOT = '/tmp/arize-demo.png';
const SERVER_START_TIMEOUT_MS = 30000;
const STOP_GRACE_MS = 5000;
const VIEW_CONTAINER_ID = 'workbench.view.extension.arizeQueues';

const USAGE = `Usage: npm run demo -- [options]

Builds the extension, starts the local Arize-compatible server and a VS Code
(code-server) with the extension installed, and prints the URL to open.

Options:
  --port N            port of the local server on 127.0.0.1 (default $ARIZE_SANDBOX_PORT or ${DEFAULT_SERVER_PORT})
  --vscode-port N     port of VS Code on 127.0.0.1 (default ${DEFAULT_VSCODE_PORT})
  --check             open VS Code in headless Chromium, set the sample key, wait
                      for the queues, save a screenshot and exit
  --screenshot FILE   screenshot path for --check (default ${DEFAULT_SCREENSHOT})
  --help              show this help
`;

function parsePort(text, source) {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`Invalid ${source} "${text}": expected an integer from 1 to 65535.`);
  }
  return port;
}

function parseOptions(argv) {
  const { values } = util.parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'vscode-port': { type: 'string' },
      check: { type: 'boolean', default: false },
      screenshot: { type: 'string', default: DEFAULT_SCREENSHOT },
      help: { type: 'boolean', default: false },
    },
  });

  const serverPortSource = values.port !== undefined ? '--port' : 'ARIZE_SANDBOX_PORT';
  const serverPortText = values.port ?? process.env.ARIZE_SANDBOX_PORT ?? String(DEFAULT_SERVER_PORT);
  return {
    help: values.help,
    check: values.check,
    screenshot: path.resolve(values.screenshot),
    serverPort: parsePort(serverPortText, serverPortSource),
    vscodePort: parsePort(values['vscode-port'] ?? String(DEFAULT_VSCODE_PORT), '--vscode-port'),
  };
}

/** Runs one build or install step in the repository, showing its output. */
function runStep(command, args) {
  console.log(`\n> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.error) {
    throw new Error(`${command} ${args.join(' ')} could not start: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}).`);
  }
}

function buildEverything() {
  runStep('bash', ['scripts/vscode/install-rig.sh']);
  runStep('npm', ['run', 'package']);
  runStep('npm', ['run', 'compile-tests']);
}

/**
 * Reads the English UI strings from package.json and package.nls.json:
 * `titles` maps command ids to "Category: Title", and `containerTitle` is the
 * activity-bar label of the view container.
 */
function readUiStrings() {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const nlsFile = path.join(REPO_ROOT, 'package.nls.json');
  const nls = fs.existsSync(nlsFile) ? JSON.parse(fs.readFileSync(nlsFile, 'utf8')) : {};
  const localize = (text) => text.replace(/^%(.+)%$/, (whole, key) => nls[key] ?? whole);

  const titles = {};
  for (const command of manifest.contributes.commands) {
    const title = localize(command.title);
    titles[command.command] = command.category ? `${localize(command.category)}: ${title}` : title;
  }
  const container = manifest.contributes.viewsContainers.activitybar.find((entry) => entry.id === 'arizeQueues');
  return { titles, containerTitle: localize(container.title) };
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port`. */
function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `node out/src/server/main.js --port N` as a child process and waits
 * until it accepts connections. Its output goes to `logFile`.
 */
async function startServerProcess(port, logFile) {
  const log = fs.openSync(logFile, 'a');
  // Detached, so Ctrl+C in the terminal reaches only this script, which then
  // stops VS Code and the server in order.
  const child = spawn(process.execPath, [SERVER_MAIN, '--port', String(port)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', log, log],
    detached: true,
  });
  fs.closeSync(log);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));

  try {
    await lib.waitFor(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`The local server exited during start-up (exit ${child.exitCode ?? child.signalCode}); see ${logFile}`);
        }
        return canConnect(port);
      },
      { timeoutMs: SERVER_START_TIMEOUT_MS, description: `the local server on port ${port}` },
    );
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }
  return { child, exited, url: `http://127.0.0.1:${port}` };
}

/** Ends a child process by its PID: SIGTERM, then SIGKILL after a grace period. */
async function stopChild(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), lib.sleep(STOP_GRACE_MS).then(() => false)]);
  if (!stopped) {
    child.kill('SIGKILL');
  }
}

async function assertPortsFree(options) {
  await lib.assertPortFree(options.serverPort).catch((error) => {
    throw new Error(`${error.message} Choose another port for the local server with --port N.`);
  });
  await lib.assertPortFree(options.vscodePort).catch((error) => {
    throw new Error(`${error.message} Choose another port for VS Code with --vscode-port N.`);
  });
}

function printInstructions({ codeServer, server, serverLog, apiKey, ui }) {
  const setKey = ui.titles['arizeQueues.setApiKey'];
  const assign = ui.titles['arizeQueues.assignUsers'];
  console.log(`
Arize Annotation Queues demo is running.

  Open in a browser:   ${lib.workbenchUrl(codeServer)}
  Sample API key:      ${apiKey}
                       (accepted only by the local server: paste it when
                       "${setKey}" asks, from the view's welcome button
                       or the command palette, F1)
  Local server:        ${server.url}   (log: ${serverLog})
  VS Code log:         ${codeServer.logFile}

Then open "${ui.containerTitle}" in the activity bar, expand a queue,
and right-click a record for "${assign}".

Press Ctrl+C to stop VS Code and the local server.`);
}

/**
 * Drives the demo as a user would, in headless Chromium with a fresh profile.
 * Returns the number of failed steps; the screenshot is taken either way.
 */
async function checkInBrowser(codeServer, apiKey, ui, screenshot) {
  const browser = await lib.launchChromium();
  const { page } = browser;
  const queueItems = page.locator(`[id="${VIEW_CONTAINER_ID}"] [role="treeitem"][aria-level="1"]`);
  let failed = 0;
  let passed = 0;
  const steps = [
    [
      'workbench renders',
      async () => {
        await page.goto(lib.workbenchUrl(codeServer));
        await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
      },
    ],
    [
      'Arize view opens',
      async () => {
        const viewButton = page.locator(`.activitybar a[aria-label^="${ui.containerTitle}"]`).first();
        await viewButton.waitFor({ timeout: 60000 });
        await viewButton.click();
        await page.locator(`[id="${VIEW_CONTAINER_ID}"]`).waitFor({ timeout: 30000 });
      },
    ],
    [
      'sample key entered',
      async () => {
        await lib.runPaletteCommand(page, ui.titles['arizeQueues.setApiKey']);
        await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
        await page.locator('.quick-input-widget input').fill(apiKey);
        await page.keyboard.press('Enter');
      },
    ],
    [
      'queues listed',
      async () => {
        await queueItems.first().waitFor({ timeout: 60000 });
      },
    ],
    [
      'records of the first queue listed',
      async () => {
        await queueItems.first().click();
        await page.locator(`[id="${VIEW_CONTAINER_ID}"] [role="treeitem"][aria-level="2"]`).first().waitFor({ timeout: 60000 });
      },
    ],
  ];

  try {
    for (const [name, run] of steps) {
      try {
        await run();
        passed++;
        console.log(`ok   ${name}`);
      } catch (error) {
        // Later steps depend on this one, so they are skipped.
        failed++;
        console.log(`FAIL ${name}: ${error.message.split('\n')[0]}`);
        break;
      }
    }
    await page.screenshot({ path: screenshot });
    console.log(`Screenshot: ${screenshot}`);
  } finally {
    await browser.close();
  }
  console.log(`${passed} passed, ${failed} failed, ${steps.length - passed - failed} skipped`);
  return failed;
}

/**
 * Resolves with the signal name on the first SIGINT or SIGTERM. The listeners
 * stay, so a second Ctrl+C does not cut the shutdown short.
 */
function waitForInterrupt() {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.on(signal, () => resolve(signal));
    }
  });
}

async function runDemo(options) {
  const interrupted = waitForInterrupt();
  await assertPortsFree(options);
  buildEverything();
  const { SANDBOX_API_KEY } = require(SERVER_MODULE);
  const ui = readUiStrings();

  // Kept between runs, so settings and the secret-storage key half survive.
  // The workspace is kept too, because code-server reopens the last folder
  // and shows an error dialog when that folder has been deleted.
  const demoDir = path.join(lib.rigDir(), 'demo');
  fs.mkdirSync(demoDir, { recursive: true });
  const serverLog = path.join(demoDir, 'local-server.log');

  const server = await startServerProcess(options.serverPort, serverLog);
  let codeServer;
  // The temporary folders with the VS Code log are kept after a failure.
  let failed = true;
  try {
    codeServer = await lib.startCodeServer({
      port: options.vscodePort,
      vsixPaths: [VSIX_PATH],
      userDataDir: path.join(demoDir, 'user-data'),
      workspace: path.join(demoDir, 'workspace'),
      settings: { 'arizeQueues.apiBaseUrl': server.url },
    });

    if (options.check) {
      failed = (await checkInBrowser(codeServer, SANDBOX_API_KEY, ui, options.screenshot)) > 0;
      return failed ? 1 : 0;
    }

    printInstructions({ codeServer, server, serverLog, apiKey: SANDBOX_API_KEY, ui });
    const reason = await Promise.race([
      interrupted.then((signal) => `${signal} received`),
      server.exited.then((code) => `the local server exited (${code}); see ${serverLog}`),
      codeServer.exited.then((code) => `VS Code exited (${code}); see ${codeServer.logFile}`),
    ]);
    console.log(`\nStopping: ${reason}.`);
    failed = !reason.endsWith('received');
    return failed ? 1 : 0;
  } finally {
    if (codeServer) {
      await codeServer.stop({ keep: failed || Boolean(process.env.KEEP_E2E_TMP) });
    }
    await stopChild(server.child, server.exited);
  }
}

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }

  try {
    process.exitCode = await runDemo(options);
  } catch (error) {
    console.error(`\nThe demo failed: ${error.message}`);
    process.exitCode = 1;
  }
  // Exits explicitly because the browser driver can leave handles open.
  process.exit();
}

main();
