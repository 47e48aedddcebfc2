// Entry point that VS Code loads in the extension host as extensionTestsPath:
// runs every `*.test.js` file under this folder (compiled to out/test/suite)
// with mocha. Used by both scripts/vscode/run-ext-tests.js (code-server) and
// test/electron/runElectronTests.ts (@vscode/test-electron).
import * as fs from 'fs';
import * as path from 'path';
// Node resolves mocha upwards from out/test/suite, so it comes from the
// repository's node_modules.
import Mocha from 'mocha';

const TEST_TIMEOUT_MS = 60_000;

/** Returns the `*.test.js` files under `dir` and its subfolders, sorted for a stable order. */
function findTestFiles(dir: string): string[] {
  const files: string[] = [];

  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const fullPath = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...findTestFiles(fullPath));
    } else if (entry.isFile() && entry.name.endsWith('.test.js')) {
      files.push(fullPath);
    }
  }

  return files.sort();
}

/**
 * Runs the suite. Resolves when every test passes and rejects when any test
 * fails or no test file is found, which makes VS Code exit with a failure code.
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: TEST_TIMEOUT_MS, color: false, reporter: 'spec' });

  const testFiles = findTestFiles(__dirname);
  if (testFiles.length === 0) {
    throw new Error(`No *.test.js files found under ${__dirname}. Run \`npm run compile-tests\` first.`);
  }
  for (const file of testFiles) {
    mocha.addFile(file);
  }

  const failures = await new Promise<number>((resolve) => {
    mocha.run(resolve);
  });
  if (failures > 0) {
    throw new Error(`${failures} extension host test(s) failed.`);
  }
}
