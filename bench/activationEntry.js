'use strict';
// Runs inside the extension host as extensionTestsPath (see bench/activation.js)
// and times the extension's activation as VS Code splits it: loading the
// bundle's code, then its activate() call.
//
// The entry requires the bundle itself, timing the load, and puts a wrapper
// around activate() into require's cache. VS Code loads the extension main with
// require, so it gets the cached wrapper and calls it. `apiActivateMs` also
// counts VS Code's own work, such as building the ExtensionContext.
const fs = require('fs');
const path = require('path');

const EXTENSION_ID = 'arize-annotation-queues.arize-annotation-queues';

/** Wait before timing, so the window's start-up work is over, in milliseconds. */
const SETTLE_MS = 3000;

/** Returns a module object whose activate() calls the bundle's and records the time until its result settles. */
function timedExports(bundle, onActivated) {
  return {
    activate(context) {
      const started = performance.now();
      const result = bundle.activate(context);
      if (result && typeof result.then === 'function') {
        return result.then((value) => {
          onActivated(performance.now() - started);
          return value;
        });
      }
      onActivated(performance.now() - started);
      return result;
    },
    deactivate(...args) {
      return bundle.deactivate ? bundle.deactivate(...args) : undefined;
    },
  };
}

async function run() {
  const vscode = require('vscode');
  const resultFile = process.env.ARIZE_BENCH_ACTIVATION_FILE;
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!resultFile || !extension) {
    throw new Error(`Needs ARIZE_BENCH_ACTIVATION_FILE and the extension ${EXTENSION_ID} in development mode.`);
  }
  if (extension.isActive) {
    throw new Error('The extension was already active, so its activation cannot be timed.');
  }

  // Built-in extensions start with the window; the user opens the view later, into an idle host.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

  const mainFile = require.resolve(path.join(extension.extensionPath, extension.packageJSON.main));
  const loadStarted = performance.now();
  const bundle = require(mainFile);
  const loadMs = performance.now() - loadStarted;

  let activateMs;
  require.cache[mainFile].exports = timedExports(bundle, (ms) => {
    activateMs = ms;
  });

  const apiStarted = performance.now();
  await extension.activate();
  const apiActivateMs = performance.now() - apiStarted;
  if (activateMs === undefined) {
    throw new Error(
      'VS Code did not call the wrapped activate(): it no longer loads extensions through require, so this entry cannot time them.',
    );
  }

  const sample = { loadMs, activateMs, apiActivateMs, node: process.version };
  fs.appendFileSync(resultFile, `${JSON.stringify(sample)}\n`);
}

module.exports = { run };
