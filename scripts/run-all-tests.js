'use strict';
// The project's whole test run, as `npm test` and CI run it: type-check, lint,
// build, unit tests (plain Node against the local server), the extension-host
// suite in a real VS Code (code-server) of the current release and again of the
// oldest release that engines.vscode allows (1.90), and the browser end-to-end test.
// Every step runs even when an earlier one failed, so one run reports all
// failures. The last line is `N passed, N failed`, summed over every suite; a
// step that is not a test suite (type-check, lint, build) counts as one test.
//
//   node scripts/run-all-tests.js [--skip-vscode]
// --skip-vscode leaves out the real VS Code steps (for a quick local run).
const { spawn } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const skipVscode = process.argv.includes('--skip-vscode');
const started = Date.now();

/** Runs a shell command, echoing its output, and returns the exit code and the output. */
function run(command) {
  return new Promise((resolve) => {
    const child = spawn(command, { cwd: root, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const relay = (stream, target) =>
      stream.on('data', (chunk) => {
        output += chunk;
        target.write(chunk);
      });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Reads mocha's `N passing` / `N failing` lines. */
function mochaCounts(output) {
  const passing = /(\d+) passing/.exec(output);
  const failing = /(\d+) failing/.exec(output);
  return { passed: passing ? Number(passing[1]) : 0, failed: failing ? Number(failing[1]) : 0 };
}

/** Reads the last `N passed, N failed` line that our own runners print. */
function summaryCounts(output) {
  const matches = [...output.matchAll(/^(\d+) passed, (\d+) failed/gm)];
  const last = matches[matches.length - 1];
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : { passed: 0, failed: 0 };
}

const steps = [
  { name: 'type-check', command: 'npm run --silent typecheck', counts: null },
  { name: 'lint', command: 'npm run --silent lint', counts: null },
  { name: 'build', command: 'npm run --silent build && npm run --silent compile-tests', counts: null },
  { name: 'unit tests', command: 'npx mocha --config .mocharc.json', counts: mochaCounts },
];
if (!skipVscode) {
  steps.push(
    { name: 'install real VS Code', command: 'bash scripts/vscode/install-rig.sh', counts: null },
    { name: 'extension host suite', command: 'node scripts/vscode/run-ext-tests.js --vscode current', counts: summaryCounts },
    {
      name: 'extension host suite (VS Code 1.90)',
      command: 'node scripts/vscode/run-ext-tests.js --vscode oldest',
      counts: summaryCounts,
    },
    {
      name: 'browser end-to-end',
      command: 'npm run --silent package && node scripts/vscode/run-e2e.js',
      counts: summaryCounts,
    },
  );
}

async function main() {
  let passed = 0;
  let failed = 0;
  const report = [];

  for (const step of steps) {
    console.log(`\n=== ${step.name}: ${step.command}`);
    const stepStarted = Date.now();
    const { code, output } = await run(step.command);
    const seconds = ((Date.now() - stepStarted) / 1000).toFixed(1);

    let counts;
    if (step.counts) {
      counts = step.counts(output);
    } else {
      counts = code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
    }
    // A suite that exits non-zero without reporting a failure (a crash, a timeout) still counts as failed.
    if (code !== 0 && counts.failed === 0) {
      counts = { passed: counts.passed, failed: 1 };
    }
    passed += counts.passed;
    failed += counts.failed;
    report.push(`${code === 0 ? 'ok  ' : 'FAIL'} ${step.name} (${seconds} s): ${counts.passed} passed, ${counts.failed} failed`);
  }

  console.log(`\n=== summary (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  report.forEach((line) => console.log(line));
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
