// Bundles src/extension.ts into dist/extension.js (CommonJS, Node platform).
//   node esbuild.js               development build with source maps
//   node esbuild.js --production  minified build for packaging, no source maps
//   node esbuild.js --watch       rebuilds on every change
const fs = require('fs');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints build errors in the `file:line:column: message` form that VS Code's problem matchers read. */
const problemReporter = {
  name: 'problem-reporter',
  setup(build) {
    build.onStart(() => console.log('[esbuild] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        const where = location ? `${location.file}:${location.line}:${location.column}: ` : '';
        console.error(`${where}error: ${text}`);
      }
      console.log(`[esbuild] build finished with ${result.errors.length} error(s)`);
    });
  },
};

/**
 * node-fetch 2 uses Node's own `url.URL` and loads `whatwg-url` only as a fallback
 * for very old Node versions. That fallback's Unicode tables would triple the
 * bundle, so the import resolves to Node's URL instead.
 */
const nodeUrlInsteadOfWhatwgUrl = {
  name: 'node-url-instead-of-whatwg-url',
  setup(build) {
    build.onResolve({ filter: /^whatwg-url$/ }, () => ({ path: 'whatwg-url', namespace: 'node-url-shim' }));
    build.onLoad({ filter: /.*/, namespace: 'node-url-shim' }, () => ({
      contents: "module.exports = { URL: require('url').URL };",
      loader: 'js',
    }));
  },
};

async function main() {
  // A packaged build has no source map; remove one left by a development build.
  if (production) {
    fs.rmSync('dist/extension.js.map', { force: true });
  }

  const context = await esbuild.context({
    // TODO: every command module is in this one bundle, so activation loads all of it
    // (129 KB, about 25 ms in npm run bench, against targets of 100 KB and 20 ms).
    // Loading the plan, details and progress commands on first use would meet both.
    entryPoints: ['src/extension.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node18',
    outfile: 'dist/extension.js',
    // The extension host provides `vscode` at run time.
    external: ['vscode'],
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'silent',
    plugins: [nodeUrlInsteadOfWhatwgUrl, problemReporter],
  });

  if (watch) {
    await context.watch();
    return;
  }

  const result = await context.rebuild();
  await context.dispose();
  if (result.errors.length > 0) {
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
