'use strict';
// Runs the extension-host test suite in a real VS Code on a machine that
// cannot download VS Code: the offline counterpart of @vscode/test-electron's
// runTests. It starts the local Arize-compatible server on a free port, starts
// code-server with the extension under development, opens the workbench in
// headless Chromium, relays the extension host's console (mocha's report) to
// stdout, and exits with the suite's result. Afterwards it searches what the
// run produced for the API key (see secretScan.js), which counts as one more test.
//
//   node scripts/vscode/run-ext-tests.js [--vscode current|oldest]
//     [--extension-development-path DIR] [--extension-tests-path FILE]
//     [--server-module FILE]
//
// --vscode chooses the editor from the rig (see lib.js): current (VS Code
// 1.139, the default) or oldest (VS Code 1.90, the engines.vscode minimum).
// Other defaults: the repository root, out/test/suite/index.js and
// out/src/server/server.js, so `npm run build` and `npm run compile-tests`
// come first. The last line printed is `N passed, N failed`.
//
// Environment:
//   ARIZE_VSCODE_VERSION          editor when --vscode is not given
//   ARIZE_VSCODE_TEST_TIMEOUT_MS  limit for the whole run (default 300000)
//   ARIZE_VSCODE_TEST_VERBOSE=1   also print workbench and server log lines
//   KEEP_E2E_TMP=1                keep the temporary folders after a pass
const fs = require('fs');
const path = require('path');
const util = require('util');
const { editorName, launchChromium, locateRig, startCodeServer, workbenchUrl } = require('./lib');
const { captureOutput, checkNoSecretLeak } = require('./secretScan');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_TIMEOUT_MS = 300000;
const SERVER_LOG_LINES_ON_FAILURE = 100;

// Workbench messages that reach the page console during a run but are not
// test output. They are printed only with ARIZE_VSCODE_TEST_VERBOSE=1.
const WORKBENCH_NOISE = [
  /^Resolving connection token/,
  /^Resolved connection token/,
  /^Creating a socket/,
  /^\[reconnection-grace-time\]/,
  /^\[Service Worker\]/,
  /^\[AgentHost/,
  /^\[AccountPolicyGate\]/,
  /^Ignoring fetching additional builtin/,
  /^Updating additional builtin/,
  // Pending workbench requests cancelled as the window closes after the run.
  /^Canceled: Canceled/,
];

// Stack frames inside the workbench bundle, which errors logged by the
// workbench itself carry. Dropped unless ARIZE_VSCODE_TEST_VERBOSE=1.
const WORKBENCH_STACK_FRAME = /^\s*at .*\/static\/out\/vs\//;

const startedAt = Date.now();
const verbose = process.env.ARIZE_VSCODE_TEST_VERBOSE === '1';
const capturedOutput = captureOutput();

function logStep(message) {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  console.log(`[run-ext-tests ${seconds}s] ${message}`);
}

function parseOptions() {
  const { values } = util.parseArgs({
    options: {
      vscode: { type: 'string' },
      'extension-development-path': { type: 'string', default: REPO_ROOT },
      'extension-tests-path': { type: 'string', default: path.join(REPO_ROOT, 'out', 'test', 'suite', 'index.js') },
      'server-module': { type: 'string', default: path.join(REPO_ROOT, 'out', 'src', 'server', 'server.js') },
    },
  });
  return {
    editor: editorName(values.vscode),
    developmentPath: path.resolve(values['extension-development-path']),
    testsPath: path.resolve(values['extension-tests-path']),
    serverModule: path.resolve(values['server-module']),
    timeoutMs: Number(process.env.ARIZE_VSCODE_TEST_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS,
  };
}

/**
 * Throws an error that names the build or install step when an input file
 * or the rig is missing.
 */
function assertInputsExist({ editor, developmentPath, testsPath, serverModule }) {
  locateRig(editor);
  const manifest = JSON.parse(fs.readFileSync(path.join(developmentPath, 'package.json'), 'utf8'));
  const required = [
    [path.resolve(developmentPath, manifest.main || 'extension.js'), 'npm run build'],
    [testsPath, 'npm run compile-tests'],
    [serverModule, 'npm run compile-tests'],
  ];
  for (const [file, command] of required) {
    if (!fs.existsSync(file)) {
      throw new Error(`${file} not found: run \`${command}\` first.`);
    }
  }
}

/**
 * Formats one page console message. During a test run the workbench logs the
 * extension host's console as ['%c LEVEL', css, format, ...args]. Returns the
 * text and whether it is test output rather than workbench chatter.
 */
function formatConsoleMessage(values, fallbackText) {
  const [first] = values;
  if (typeof first !== 'string' || !/^%c\s*(INFO|WARN|ERR)/.test(first)) {
    return { text: fallbackText, isTestOutput: false };
  }

  const level = first.replace(/^%c\s*/, '').trim();
  let text = util.format(...values.slice(2));
  if (!verbose) {
    text = text
      .split('\n')
      .filter((line) => !WORKBENCH_STACK_FRAME.test(line))
      .join('\n');
  }
  const isNoise = WORKBENCH_NOISE.some((pattern) => pattern.test(text));
  return { text: level === 'INFO' ? text : `${level} ${text}`, isTestOutput: !isNoise };
}

/** Counts mocha's `N passing` and `N failing` summary lines in relayed output. */
function createMochaCounter() {
  const counts = { passing: undefined, failing: 0 };

  function scan(text) {
    for (const line of text.split('\n')) {
      const match = /^\s*(\d+) (passing|failing)\b/.exec(line);
      if (match) {
        counts[match[2]] = Number(match[1]);
      }
    }
  }
  return { counts, scan };
}

/**
 * Relays the page console to stdout in arrival order. Returns a function that
 * resolves once every message received so far has been printed.
 */
function relayConsole(page, counter) {
  let printed = Promise.resolve();

  page.on('console', (message) => {
    printed = printed.then(async () => {
      const values = await Promise.all(message.args().map((handle) => handle.jsonValue().catch(() => String(handle))));
      const { text, isTestOutput } = formatConsoleMessage(values, message.text());
      if (isTestOutput) {
        console.log(text);
        counter.scan(text);
      } else if (verbose) {
        console.log(`[page ${message.type()}] ${text}`);
      }
    });
  });
  page.on('pageerror', (error) => logStep(`page error: ${error.message}`));

  return () => printed;
}

/**
 * Resolves with a description on the first SIGINT or SIGTERM. Listening turns
 * off the default exit, so the runner can still stop its children, and the
 * listeners stay so that a second Ctrl+C does not cut that short.
 */
function onInterrupt() {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.on(signal, () => resolve(`interrupted by ${signal}`));
    }
  });
}

/**
 * Waits for the first of: the test run's exit code, a crash of code-server or
 * the page, an interrupt, or the overall timeout. Returns a number or a
 * description.
 */
async function waitForTestResult(page, codeServer, interrupted, timeoutMs) {
  let timer;
  let reportExit;
  const testExit = new Promise((resolve) => {
    reportExit = resolve;
  });

  // The web workbench calls window.codeAutomationExit(code) when run() settles.
  await page.exposeFunction('codeAutomationExit', (code) => reportExit(code));
  const outcomes = [
    testExit,
    codeServer.exited.then((code) => `code-server exited (${code})`),
    new Promise((resolve) => page.once('crash', () => resolve('the browser page crashed'))),
    interrupted,
    new Promise((resolve) => {
      timer = setTimeout(() => resolve(`timed out after ${timeoutMs} ms`), timeoutMs);
    }),
  ];

  try {
    return await Promise.race(outcomes);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Turns the relayed counts and the exit code into the closing line's numbers.
 * A crash, a timeout or a missing mocha summary counts as one more failure,
 * so a broken run never reports `0 failed`.
 */
function summarize(counts, result) {
  const passed = counts.passing ?? 0;
  let failed = counts.failing;
  const broken = result !== 0 || counts.passing === undefined;
  if (broken && failed === 0) {
    failed = 1;
  }
  return { passed, failed, ok: !broken && failed === 0 };
}

/** Starts the local server and keeps its last log lines for a failure report. */
async function startLocalServer(serverModule) {
  const { SANDBOX_API_KEY, startArizeServer } = require(serverModule);
  const recentLines = [];
  const server = await startArizeServer({
    port: 0,
    log: (line) => {
      if (verbose) {
        console.log(`[server] ${line}`);
      }
      recentLines.push(line);
      if (recentLines.length > SERVER_LOG_LINES_ON_FAILURE) {
        recentLines.shift();
      }
    },
  });
  return { server, apiKey: SANDBOX_API_KEY, recentLines };
}

async function runSuite(options) {
  const interrupted = onInterrupt();
  const local = await startLocalServer(options.serverModule);
  logStep(`local server ${local.server.url}`);
  let codeServer;
  let browser;
  let result = 'the run did not start';
  let noLeak;
  const counter = createMochaCounter();

  try {
    codeServer = await startCodeServer({
      editor: options.editor,
      devMode: true,
      settings: { 'arizeQueues.apiBaseUrl': local.server.url },
      env: { ARIZE_SANDBOX_URL: local.server.url, ARIZE_SANDBOX_KEY: local.apiKey },
    });
    logStep(
      `VS Code ${codeServer.vscodeVersion} (${codeServer.editor} editor: code-server ${codeServer.codeServerVersion}) ` +
        `at ${codeServer.url} (pid ${codeServer.pid}, log ${codeServer.logFile})`,
    );

    browser = await launchChromium();
    const flushConsole = relayConsole(browser.page, counter);
    const url = workbenchUrl(codeServer, {
      extensionDevelopmentPath: options.developmentPath,
      extensionTestsPath: options.testsPath,
    });
    const pending = waitForTestResult(browser.page, codeServer, interrupted, options.timeoutMs);
    await browser.page.goto(url);
    result = await pending;
    await flushConsole();
    logStep(`extension host test run ended: ${result}`);
  } catch (error) {
    result = `runner error: ${error.message}`;
    logStep(result);
  } finally {
    const summary = summarize(counter.counts, result);
    if (!summary.ok && !verbose && local.recentLines.length > 0) {
      console.log(`Last local server log lines:\n  ${local.recentLines.join('\n  ')}`);
    }
    if (browser) {
      await browser.close();
    }
    if (codeServer) {
      noLeak = await scanRunForKey(codeServer, local.apiKey);
      await codeServer.stop({ keep: !summary.ok || !noLeak || Boolean(process.env.KEEP_E2E_TMP) });
    }
    await local.server.close();
  }

  return addCheck(summarize(counter.counts, result), noLeak);
}

/** Searches the run's folders, test-output/ and this runner's output for the API key; true when it is nowhere. */
function scanRunForKey(codeServer, apiKey) {
  return checkNoSecretLeak({
    secret: apiKey,
    roots: [codeServer.tempDir, path.join(REPO_ROOT, 'test-output')],
    texts: { 'stdout and stderr of run-ext-tests': capturedOutput() },
    log: logStep,
  });
}

/** Counts one more check in the summary: passed when true, failed when false, none when undefined (not run). */
function addCheck(summary, passed) {
  if (passed === undefined) {
    return summary;
  }
  return passed ? { ...summary, passed: summary.passed + 1 } : { ...summary, failed: summary.failed + 1, ok: false };
}

async function main() {
  let summary;
  try {
    const options = parseOptions();
    assertInputsExist(options);
    summary = await runSuite(options);
  } catch (error) {
    console.error(error.message);
    summary = { passed: 0, failed: 1, ok: false };
  }

  console.log(`${summary.passed} passed, ${summary.failed} failed`);
  // Exits explicitly because the browser driver can leave handles open.
  process.exit(summary.ok ? 0 : 1);
}

main();
