'use strict';
// Measures the extension's activation in a real extension host: code-server
// (VS Code 1.139, extension host on Node 24) from the rig that
// scripts/vscode/install-rig.sh installs, driven through headless Chromium.
// Each sample opens a new window, which starts a new extension host, with the
// extension folder as extensionDevelopmentPath and bench/activationEntry.js as
// extensionTestsPath. The entry times require() of the bundle and its
// activate() call, and appends one JSON line to a file named in the environment.
//
//   node bench/activation.js --extension DIR [--samples N]
//
// Progress goes to stderr. The last stdout line is a JSON array with one
// { loadMs, activateMs, apiActivateMs, node } object per sample.
const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');
const { launchChromium, startCodeServer, workbenchUrl } = require('../scripts/vscode/lib');

const ENTRY = path.join(__dirname, 'activationEntry.js');
const SAMPLE_TIMEOUT_MS = 90000;
const MAX_SAMPLES = 20;

// No request is expected during activation; should one happen, it goes to a
// closed loopback port and never to the default Arize host.
const UNUSED_LOOPBACK_URL = 'http://127.0.0.1:9';

function parseOptions() {
  const { values } = util.parseArgs({
    options: {
      extension: { type: 'string' },
      samples: { type: 'string', default: '5' },
    },
  });
  const samples = Number(values.samples);
  if (!values.extension || !fs.existsSync(path.join(values.extension, 'package.json'))) {
    throw new Error('--extension must name an extension folder with a package.json.');
  }
  if (!Number.isInteger(samples) || samples < 1 || samples > MAX_SAMPLES) {
    throw new Error(`--samples must be an integer from 1 to ${MAX_SAMPLES}.`);
  }
  return { extension: path.resolve(values.extension), samples };
}

/** Opens one window that runs the measuring entry, and resolves with the entry's exit code. */
async function runOneWindow(browser, codeServer, extension) {
  const page = await browser.context.newPage();
  let timer;
  try {
    let reportExit;
    const exited = new Promise((resolve) => {
      reportExit = resolve;
    });
    // The web workbench calls window.codeAutomationExit(code) once the entry's run() settles.
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(code));
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve(`timed out after ${SAMPLE_TIMEOUT_MS} ms`), SAMPLE_TIMEOUT_MS);
    });
    await page.goto(workbenchUrl(codeServer, { extensionDevelopmentPath: extension, extensionTestsPath: ENTRY }));
    return await Promise.race([exited, timedOut]);
  } finally {
    clearTimeout(timer);
    await page.close().catch(() => {});
  }
}

async function main() {
  const options = parseOptions();
  const resultDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arize-bench-activation-'));
  const resultFile = path.join(resultDir, 'samples.jsonl');
  let codeServer;
  let browser;

  try {
    codeServer = await startCodeServer({
      editor: 'current',
      devMode: true,
      settings: { 'arizeQueues.apiBaseUrl': UNUSED_LOOPBACK_URL },
      env: { ARIZE_BENCH_ACTIVATION_FILE: resultFile },
    });
    console.error(`[activation] VS Code ${codeServer.vscodeVersion} (code-server ${codeServer.codeServerVersion})`);
    browser = await launchChromium();

    for (let sample = 1; sample <= options.samples; sample++) {
      const code = await runOneWindow(browser, codeServer, options.extension);
      if (code !== 0) {
        throw new Error(`Activation sample ${sample} failed (${code}); see ${codeServer.logFile} with KEEP_E2E_TMP=1.`);
      }
      console.error(`[activation] sample ${sample} of ${options.samples} done`);
    }

    const samples = fs
      .readFileSync(resultFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    console.log(JSON.stringify(samples));
  } finally {
    if (browser) {
      await browser.close();
    }
    if (codeServer) {
      await codeServer.stop();
    }
    fs.rmSync(resultDir, { recursive: true, force: true });
  }
}

main().then(
  // Exits explicitly because the browser driver can leave handles open.
  () => process.exit(0),
  (error) => {
    console.error(`[activation] ${error.message}`);
    process.exit(1);
  },
);
