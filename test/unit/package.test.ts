import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yauzl from 'yauzl';

const root = path.resolve(__dirname, '../../..');
const MAX_PACKAGE_BYTES = 150 * 1024;

/** Lists the entry names of a zip file. */
function zipEntries(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) {
        reject(error);
        return;
      }
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('packaged .vsix', function () {
  this.timeout(120_000);

  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'arize-vsix-'));
  const vsix = path.join(directory, 'extension.vsix');
  let output = '';
  let entries: string[] = [];

  before(async () => {
    execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'pipe' });
    const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    output = execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    entries = await zipEntries(vsix);
  });

  after(() => {
    fs.rmSync(directory, { recursive: true, force: true });
    // Leave a development build behind, as the other suites expect source maps.
    execFileSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'pipe' });
  });

  it('packages without vsce warnings', () => {
    assert.doesNotMatch(output, /WARNING/i, output);
  });

  it('is smaller than 150 KB', () => {
    const size = fs.statSync(vsix).size;
    assert.ok(size < MAX_PACKAGE_BYTES, `${size} bytes`);
  });

  it('contains only what runs and the docs', () => {
    const files = entries
      .filter((name) => name.startsWith('extension/'))
      .map((name) => name.slice('extension/'.length))
      .sort();
    const unexpected = files.filter(
      (name) =>
        !/^(dist\/extension\.js|package\.json|package\.nls\.json|readme\.md|changelog\.md|LICENSE\.txt|l10n\/bundle\.l10n\.json|media\/.+)$/i.test(
          name,
        ),
    );
    assert.deepEqual(unexpected, []);
    for (const required of [
      'dist/extension.js',
      'package.json',
      'package.nls.json',
      'readme.md',
      'changelog.md',
      'LICENSE.txt',
      'media/icon.png',
    ]) {
      assert.ok(
        files.some((name) => name.toLowerCase() === required.toLowerCase()),
        `${required} is packaged`,
      );
    }
  });

  it('contains no source maps, sources or tests', () => {
    const leaks = entries.filter((name) => /\.map$|\.ts$|(^|\/)(src|test|out|scripts|bench)\//.test(name));
    assert.deepEqual(leaks, []);
  });

  it('declares icon, categories, keywords, repository and license', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.equal(manifest.icon, 'media/icon.png');
    assert.ok(manifest.categories.length > 0);
    assert.ok(manifest.keywords.length > 0);
    assert.ok(manifest.repository?.url);
    assert.equal(manifest.license, 'MIT');
  });
});
