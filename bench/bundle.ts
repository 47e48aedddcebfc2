// The minified bundle in an extension folder of its own, built by the
// project's `node esbuild.js --production` without touching dist/, and the
// activation measurement of that folder in a real extension host.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Files besides the bundle that VS Code reads to load the extension. */
const EXTENSION_FILES = ['package.json', 'package.nls.json', 'l10n', 'media'];

export interface BuiltExtension {
  /** Temporary extension folder: the manifest, its resources and dist/extension.js. */
  dir: string;
  bundleFile: string;
  bundleBytes: number;
  remove(): void;
}

/**
 * Runs esbuild.js --production with a temporary folder as working directory.
 * esbuild.js reads src/ and writes dist/ relative to it, so a `src` link to the
 * repository's sources produces the same minified bundle in the temporary folder.
 */
export function buildProductionExtension(): BuiltExtension {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arize-bench-extension-'));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });

  try {
    fs.symlinkSync(path.join(REPO_ROOT, 'src'), path.join(dir, 'src'), 'dir');
    const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'esbuild.js'), '--production'], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (build.status !== 0) {
      throw new Error(`node esbuild.js --production failed (exit ${build.status}):\n${build.stdout}${build.stderr}`);
    }
    fs.unlinkSync(path.join(dir, 'src'));

    for (const name of EXTENSION_FILES) {
      fs.cpSync(path.join(REPO_ROOT, name), path.join(dir, name), { recursive: true });
    }
    const bundleFile = path.join(dir, 'dist', 'extension.js');
    return { dir, bundleFile, bundleBytes: fs.statSync(bundleFile).size, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

export interface ActivationSample {
  /** require() of the bundle, in milliseconds. */
  loadMs: number;
  /** The bundle's activate() call, until its result settled, in milliseconds. */
  activateMs: number;
  /** Extension.activate() as a caller sees it: VS Code's own steps, the load and activate(), in milliseconds. */
  apiActivateMs: number;
  /** Node version of the extension host. */
  node: string;
}

/**
 * Runs bench/activation.js, which starts code-server and opens one window per
 * sample. Returns undefined, with the reason printed, when the VS Code rig is
 * not installed or the run fails.
 */
export function measureActivation(extensionDir: string, samples: number): ActivationSample[] | undefined {
  const script = path.join(REPO_ROOT, 'bench', 'activation.js');
  const run = spawnSync(process.execPath, [script, '--extension', extensionDir, '--samples', String(samples)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 240_000,
  });
  if (run.status !== 0) {
    console.log(`activation: not measured (bench/activation.js exit ${run.status ?? run.signal}; see its messages above)`);
    return undefined;
  }
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as ActivationSample[];
}
