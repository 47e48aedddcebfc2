'use strict';
// Runs a real VS Code for the extension-host tests and the demo: code-server
// (the VS Code server with its web workbench) on 127.0.0.1, driven through
// playwright-core with Debian's Chromium. `bash scripts/vscode/install-rig.sh`
// installs all of it into the rig folder.
//
// Two editors are installed side by side, chosen with the `editor` option of
// startCodeServer and locateRig, or with ARIZE_VSCODE_VERSION:
//   current  code-server 4.139.1 (VS Code 1.139) on Node 24 from npm
//   oldest   code-server 4.90.3 (VS Code 1.90, the oldest version that
//            package.json's engines.vscode allows) on the Node 20 it was built with
//
// Environment:
//   ARIZE_RIG_DIR   rig folder (default ~/.cache/arize-queues-vscode-rig)
//   ARIZE_VSCODE_VERSION  editor to use when the caller names none: current
//                   (default) or oldest
//   CHROMIUM        browser binary (default /usr/bin/chromium)
//   KEEP_E2E_TMP=1  keep the temporary folders after a passing run as well
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const { spawn } = require('child_process');

const DEFAULT_RIG_DIR = path.join(os.homedir(), '.cache', 'arize-queues-vscode-rig');
const INSTALL_COMMAND = 'bash scripts/vscode/install-rig.sh';

// The editors in the rig, by the names callers choose them with. Paths are
// relative to the rig folder, and install-rig.sh creates them. The oldest
// editor's `node` is a link to the Node 20 binary that compiled its native modules.
const EDITORS = {
  current: {
    codeServerDir: 'code-server',
    node: path.join('node', 'node_modules', 'node', 'bin', 'node'),
    // code-server 4.139 passes VS Code server switches through --vscode-option.
    devModeArgs: ['--vscode-option', 'enable-smoke-test-driver'],
  },
  oldest: {
    codeServerDir: 'code-server-1.90',
    node: path.join('code-server-1.90', 'node'),
    // code-server 4.90 has no --vscode-option and rejects unknown flags. Its
    // VS Code 1.90 workbench honors extensionDevelopmentPath without the
    // smoke-test driver.
    devModeArgs: [],
  },
};
const DEFAULT_EDITOR = 'current';

// User settings that keep a scripted window free of prompts, tours and
// background requests. Caller settings override them.
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

// Chromium switches for a headless run as root with no outbound traffic of
// the browser's own (sync, component updates, QUIC probes).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const HEALTH_POLL_MS = 250;
const STOP_GRACE_MS = 5000;
const VSIX_INSTALL_TIMEOUT_MS = 120000;

/** Returns the rig folder: ARIZE_RIG_DIR, or the default cache folder. */
function rigDir() {
  return path.resolve(process.env.ARIZE_RIG_DIR || DEFAULT_RIG_DIR);
}

/**
 * Returns the name of the editor to use: `editor` when given, else
 * ARIZE_VSCODE_VERSION, else "current". Throws on an unknown name.
 */
function editorName(editor) {
  const name = editor || process.env.ARIZE_VSCODE_VERSION || DEFAULT_EDITOR;
  if (!Object.hasOwn(EDITORS, name)) {
    throw new Error(`Unknown VS Code editor "${name}": expected one of ${Object.keys(EDITORS).join(', ')}.`);
  }
  return name;
}

/** Returns the `version` field of a package.json, or undefined when the file is missing. */
function readPackageVersion(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Throws an error that names the missing files and the install command, if any of `files` is missing. */
function assertRigFiles(files) {
  const missing = files.filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `The VS Code test rig is not installed: missing ${missing.join(', ')}. ` +
        `Run \`${INSTALL_COMMAND}\` (it installs into ${rigDir()}; set ARIZE_RIG_DIR to use another folder).`,
    );
  }
}

/** Locates playwright-core and Chromium, which both editors share. */
function locateBrowser() {
  const browser = {
    playwrightCore: path.join(rigDir(), 'tools', 'node_modules', 'playwright-core'),
    chromium: process.env.CHROMIUM || '/usr/bin/chromium',
  };
  assertRigFiles([browser.playwrightCore, browser.chromium]);
  return browser;
}

/**
 * Locates the chosen editor (code-server and the Node that runs it),
 * playwright-core and Chromium. `editor` is "current" or "oldest", and
 * editorName picks the default. Throws when a file is missing.
 */
function locateRig(editor) {
  const dir = rigDir();
  const name = editorName(editor);
  const codeServerPackage = path.join(dir, EDITORS[name].codeServerDir, 'node_modules', 'code-server');
  const rig = {
    dir,
    editor: name,
    devModeArgs: EDITORS[name].devModeArgs,
    node: path.join(dir, EDITORS[name].node),
    codeServerEntry: path.join(codeServerPackage, 'out', 'node', 'entry.js'),
    codeServerVersion: readPackageVersion(path.join(codeServerPackage, 'package.json')),
    vscodeVersion: readPackageVersion(path.join(codeServerPackage, 'lib', 'vscode', 'package.json')),
  };
  assertRigFiles([rig.node, rig.codeServerEntry]);
  return { ...rig, ...locateBrowser() };
}

/** Returns a TCP port that is free on 127.0.0.1 at the time of the call. */
function findFreePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Rejects with a clear error when `port` on 127.0.0.1 is taken. */
function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error) => {
      const reason = error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be opened (${error.code})`;
      reject(new Error(`Port ${port} on 127.0.0.1 ${reason}.`));
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/**
 * Sends `signal` to the process group led by our child `pid`, which contains
 * code-server and the processes it forked. Signal 0 only tests for them.
 * Returns false when the group has no processes left.
 */
function signalProcessGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    if (error.code === 'ESRCH') {
      return false;
    }
    throw error;
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `check` until it returns a truthy value, and returns that value.
 * Throws "timed out waiting for <description>" after `timeoutMs`.
 */
async function waitFor(check, { timeoutMs = 30000, intervalMs = 250, description = 'a condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() >= deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}.`);
    }
    await sleep(intervalMs);
  }
}

/**
 * Writes User/settings.json: quiet defaults, then the settings already in the
 * file (a persistent user-data folder keeps the user's changes), then `settings`.
 */
function writeUserSettings(userDataDir, settings) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });

  let existing = {};
  if (fs.existsSync(file)) {
    try {
      existing = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`Cannot parse ${file} as JSON (${error.message}). Fix or delete the file and start again.`);
    }
  }

  const merged = { ...QUIET_SETTINGS, ...existing, ...settings };
  fs.writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  return file;
}

/**
 * Builds code-server's environment. XDG folders keep code-server out of
 * ~/.config, an empty gallery stops queries to the default marketplace, and
 * PORT is dropped because code-server lets it override --bind-addr.
 */
function codeServerEnv(tempDir, extraEnv) {
  const env = { ...process.env };
  delete env.PORT;

  const noProxy = [env.NO_PROXY, '127.0.0.1', 'localhost', '::1'].filter(Boolean).join(',');
  return {
    ...env,
    XDG_CONFIG_HOME: path.join(tempDir, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(tempDir, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(tempDir, 'xdg', 'cache'),
    EXTENSIONS_GALLERY: '{}',
    NO_PROXY: noProxy,
    no_proxy: noProxy,
    ...extraEnv,
  };
}

/** Runs one code-server CLI call (such as --install-extension) to completion. */
function runCodeServerCli(rig, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(rig.node, [rig.codeServerEntry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });

    const timer = setTimeout(() => child.kill('SIGKILL'), VSIX_INSTALL_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve(output);
      } else {
        reject(new Error(`code-server ${args.join(' ')} failed (exit ${code ?? signal}):\n${output}`));
      }
    });
  });
}

/** Polls /healthz until it returns 200, code-server exits, or the deadline passes. */
async function waitForHealthy(url, child, logFile, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited during start-up (exit ${child.exitCode ?? child.signalCode}); see ${logFile}`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() >= deadline) {
      throw new Error(`code-server did not respond on ${url}/healthz within ${timeoutMs} ms; see ${logFile}`);
    }
    await sleep(HEALTH_POLL_MS);
  }
}

/**
 * Starts code-server on 127.0.0.1 and waits until it is healthy.
 *
 * Options:
 *   editor          "current" or "oldest" (default: ARIZE_VSCODE_VERSION, else current)
 *   settings        user settings merged over QUIET_SETTINGS
 *   env             extra environment for code-server and so for the extension host
 *   vsixPaths       .vsix files installed before the start
 *   devMode         honor extensionDevelopmentPath and extensionTestsPath in the
 *                   workbench URL (VS Code 1.139 ignores them without the
 *                   enable-smoke-test-driver switch, which also hides toasts,
 *                   and VS Code 1.90 honors them without it)
 *   port            fixed port; default a free one
 *   userDataDir, extensionsDir, workspace
 *                   folders to use and keep; default fresh temporary ones
 *   startTimeoutMs  deadline for /healthz (default 60000)
 *   echoOutput      copy code-server's output to stderr as well as its log file
 *
 * Returns { url, port, pid, editor, codeServerVersion, vscodeVersion, workspace,
 * userDataDir, extensionsDir, tempDir, logFile, exited, stop }. `exited`
 * resolves when code-server exits.
 * `stop({ keep })` ends code-server and deletes the temporary folders unless
 * `keep` (default: KEEP_E2E_TMP is set).
 */
async function startCodeServer(options = {}) {
  const rig = locateRig(options.editor);
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arize-vscode-'));
  const userDataDir = options.userDataDir || path.join(tempDir, 'user-data');
  const extensionsDir = options.extensionsDir || path.join(tempDir, 'extensions');
  const workspace = options.workspace || path.join(tempDir, 'workspace');
  for (const dir of [userDataDir, extensionsDir, workspace]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  writeUserSettings(userDataDir, options.settings || {});

  // An explicit config file stops code-server from writing ~/.config/code-server/config.yaml.
  const configFile = path.join(tempDir, 'code-server.yaml');
  fs.writeFileSync(configFile, 'auth: none\n');
  const env = codeServerEnv(tempDir, options.env || {});
  const folderArgs = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  try {
    for (const vsix of options.vsixPaths || []) {
      await runCodeServerCli(rig, [...folderArgs, '--install-extension', path.resolve(vsix), '--force'], env);
    }
  } catch (error) {
    fs.rmSync(tempDir, { recursive: true, force: true });
    throw error;
  }

  const port = options.port || (await findFreePort());
  if (options.port) {
    await assertPortFree(port);
  }
  const args = [
    rig.codeServerEntry,
    ...folderArgs,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...(options.devMode ? rig.devModeArgs : []),
    workspace,
  ];

  const logFile = path.join(tempDir, 'code-server.log');
  const logStream = fs.createWriteStream(logFile);
  // A process group of its own lets stop() end the extension host too: it
  // outlives code-server otherwise, waiting hours for the browser to reconnect.
  const child = spawn(rig.node, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.once('error', (error) => logStream.write(`failed to start code-server: ${error.message}\n`));
  for (const stream of [child.stdout, child.stderr]) {
    stream.pipe(logStream, { end: false });
    if (options.echoOutput) {
      stream.pipe(process.stderr, { end: false });
    }
  }
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));

  const url = `http://127.0.0.1:${port}`;

  async function stop({ keep = Boolean(process.env.KEEP_E2E_TMP) } = {}) {
    if (signalProcessGroup(child.pid, 'SIGTERM')) {
      await Promise.race([exited, sleep(STOP_GRACE_MS)]);
      await waitFor(() => !signalProcessGroup(child.pid, 0), {
        timeoutMs: STOP_GRACE_MS,
        description: 'the code-server processes to exit',
      }).catch(() => signalProcessGroup(child.pid, 'SIGKILL'));
    }
    logStream.end();

    if (keep) {
      console.error(`Kept ${tempDir} (code-server log: ${logFile}; extension host logs: ${userDataDir}/logs/*/exthost*/).`);
    } else {
      fs.rmSync(tempDir, { recursive: true, force: true });
    }
  }

  try {
    await waitForHealthy(url, child, logFile, options.startTimeoutMs || 60000);
  } catch (error) {
    await stop({ keep: true });
    throw error;
  }
  return {
    url,
    port,
    pid: child.pid,
    editor: rig.editor,
    codeServerVersion: rig.codeServerVersion,
    vscodeVersion: rig.vscodeVersion,
    workspace,
    userDataDir,
    extensionsDir,
    tempDir,
    logFile,
    exited,
    stop,
  };
}

/** Returns a vscode-remote URI for a path on the code-server host. */
function remoteUri(codeServer, fsPath) {
  return `vscode-remote://127.0.0.1:${codeServer.port}${pathToFileURL(path.resolve(fsPath)).pathname}`;
}

/**
 * Builds the workbench URL that opens `folder`. With extensionDevelopmentPath
 * (and extensionTestsPath) the window is an Extension Development Host, which
 * needs a code-server started with devMode.
 */
function workbenchUrl(codeServer, { folder = codeServer.workspace, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const query = new URLSearchParams({ folder: path.resolve(folder) });

  const payload = [];
  if (extensionDevelopmentPath) {
    payload.push(['extensionDevelopmentPath', remoteUri(codeServer, extensionDevelopmentPath)]);
  }
  if (extensionTestsPath) {
    payload.push(['extensionTestsPath', remoteUri(codeServer, extensionTestsPath)]);
  }
  if (payload.length > 0) {
    query.set('payload', JSON.stringify(payload));
  }
  return `${codeServer.url}/?${query.toString()}`;
}

/**
 * Launches headless Chromium through playwright-core with a fresh profile.
 * Returns { context, page, close }; close() also deletes the profile.
 */
async function launchChromium({ viewport = { width: 1400, height: 850 } } = {}) {
  const rig = locateBrowser();
  const { chromium } = require(rig.playwrightCore);
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arize-chromium-'));

  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: rig.chromium,
    headless: true,
    viewport,
    args: CHROMIUM_ARGS,
    // Our scripts handle these signals: they stop code-server and the local
    // server first, then close the browser.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const page = context.pages()[0] || (await context.newPage());

  async function close() {
    await context.close().catch(() => {});
    fs.rmSync(profileDir, { recursive: true, force: true });
  }
  return { context, page, close };
}

/**
 * Runs a command from the command palette by its title ("Category: Title").
 * Retries while the palette does not list it yet, because contributions
 * arrive only once the extension host has started.
 */
async function runPaletteCommand(page, title, { timeoutMs = 30000, maxAttempts = 20 } = {}) {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();

  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ state: 'visible', timeout: 3000 });
      await page.keyboard.press('Enter');
      return;
    } catch {
      await page.keyboard.press('Escape');
    }
    if (attempt >= maxAttempts || Date.now() >= deadline) {
      throw new Error(`Command "${title}" did not appear in the command palette after ${attempt} attempts.`);
    }
    await sleep(500);
  }
}

module.exports = {
  CHROMIUM_ARGS,
  DEFAULT_RIG_DIR,
  EDITORS,
  INSTALL_COMMAND,
  QUIET_SETTINGS,
  assertPortFree,
  findFreePort,
  editorName,
  launchChromium,
  locateRig,
  rigDir,
  runPaletteCommand,
  sleep,
  startCodeServer,
  waitFor,
  workbenchUrl,
};
